"""Item 4: a stranger cannot lock a citizen out; refusals say why and what to do."""

import re

import pytest

from openvss.accounts import signin
from openvss.errors import NotAuthenticated, RateLimited
from openvss.messaging.backends.sms import MemorySmsBackend
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(password, *, ip, device="phone-1"):
    return signin.login(username="0123456789", password=password, device_id=device, ip=ip)


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(citizen):
    for _ in range(5):
        with pytest.raises(NotAuthenticated):
            attempt("sai", ip="203.0.113.9")
    with pytest.raises(RateLimited):
        attempt("sai", ip="203.0.113.9")  # that address is stopped …
    assert isinstance(attempt(PASSWORD, ip="198.51.100.7"), signin.Tokens)  # … the owner is not


def test_a_distributed_attack_stops_strangers_but_not_the_known_device(citizen):
    attempt(PASSWORD, ip="198.51.100.7", device="an-phone")  # the owner's signed-in phone
    for i in range(signin.MAX_ACCOUNT_FAILURES):
        with pytest.raises(NotAuthenticated):
            attempt("sai", ip=f"203.0.113.{i}", device=f"bot-{i}")
    # Even the right password from a new address and device is refused now …
    with pytest.raises(RateLimited) as info:
        attempt(PASSWORD, ip="192.0.2.1", device="new-phone")
    assert info.value.code == "login_locked" and "Quên mật khẩu" in info.value.message
    # … but the owner's known device still signs in with it.
    assert isinstance(attempt(PASSWORD, ip="198.51.100.7", device="an-phone"), signin.Tokens)


def test_a_refresh_token_keeps_working_during_a_lockout(citizen):
    tokens = attempt(PASSWORD, ip="198.51.100.7", device="an-phone")
    for i in range(signin.MAX_ACCOUNT_FAILURES + 3):
        with pytest.raises((NotAuthenticated, RateLimited)):
            attempt("sai", ip=f"203.0.113.{i % 250}", device=f"bot-{i}")
    assert signin.tokens_refresh(refresh=tokens.refresh).access


def test_an_exhausted_phone_quota_falls_back_to_email_and_says_so(
    citizen, django_capture_on_commit_callbacks
):
    from django.core import mail

    from openvss.core.ratelimit import rate_limit_count

    attempt(PASSWORD, ip="198.51.100.7", device="an-phone")
    for _ in range(5):  # the phone's five OTPs of the hour are used up
        rate_limit_count("otp-destination", "0912345678", window=3600)
    with django_capture_on_commit_callbacks(execute=True):
        result = attempt(PASSWORD, ip="198.51.100.7", device="new-phone")
    assert isinstance(result, signin.SwitchRequired) and result.sent_to.endswith("@example.vn")
    assert re.search(r"\d{6}", mail.outbox[-1].body)
    # Both quotas used up: a correct password gets a reason and a wait, not a silent refusal.
    for _ in range(5):
        rate_limit_count("otp-destination", "an@example.vn", window=3600)
    with pytest.raises(RateLimited) as info:
        attempt(PASSWORD, ip="198.51.100.7", device="other-phone")
    assert info.value.code == "otp_quota" and "phút" in info.value.message
    assert not [m for m in MemorySmsBackend.outbox if "Ma OTP" in m.text]
