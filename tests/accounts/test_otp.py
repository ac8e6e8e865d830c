from datetime import timedelta

import pytest
from django.utils import timezone

from openvss.accounts.models import OneTimeCode
from openvss.accounts.otp import otp_issue, otp_verify
from openvss.errors import InvalidInput, RateLimited

pytestmark = pytest.mark.django_db
T0 = timezone.now()


def issue(subject="1", destination="an@example.vn", now=T0):
    return otp_issue(purpose="dossier", subject=subject, destination=destination, now=now)


def verify(code, subject="1", now=T0):
    otp_verify(purpose="dossier", subject=subject, code=code, now=now)


def test_a_code_has_six_digits_and_is_stored_only_as_a_hash():
    code = issue()
    assert len(code) == 6 and code.isdigit()
    row = OneTimeCode.objects.get()
    assert code not in row.digest and code not in row.salt


def test_the_right_code_works_once():
    code = issue()
    verify(code, now=T0 + timedelta(seconds=30))
    with pytest.raises(InvalidInput) as info:
        verify(code, now=T0 + timedelta(seconds=40))  # replay
    assert info.value.code == "otp_invalid"


def test_a_code_expires_after_three_minutes():
    code = issue()
    with pytest.raises(InvalidInput) as info:
        verify(code, now=T0 + timedelta(minutes=3))
    assert info.value.code == "otp_expired"


def test_five_wrong_codes_lock_it_even_the_right_one_after():
    code = issue()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for left in (4, 3, 2, 1, 0):
        with pytest.raises(InvalidInput) as info:
            verify(wrong)
        assert info.value.code == "otp_wrong" and f"còn {left} lần" in info.value.message
    with pytest.raises(InvalidInput) as info:
        verify(code)
    assert info.value.code == "otp_locked"


def test_a_new_code_replaces_the_old_one():
    first = issue(now=T0)
    second = issue(now=T0 + timedelta(seconds=61))
    with pytest.raises(InvalidInput):
        verify(first, now=T0 + timedelta(seconds=62))
    if first != second:
        verify(second, now=T0 + timedelta(seconds=62))


def test_resend_is_throttled_per_subject_and_per_destination():
    issue(now=T0)
    with pytest.raises(RateLimited) as info:
        issue(now=T0 + timedelta(seconds=10))
    assert info.value.retry_after <= 51
    # Different dossiers, same inbox: at most five codes an hour.
    for n in range(4):
        issue(subject=f"other-{n}")
    with pytest.raises(RateLimited):
        issue(subject="other-5")


def test_codes_for_one_subject_do_not_open_another():
    code = issue(subject="1")
    with pytest.raises(InvalidInput):
        verify(code, subject="2")
