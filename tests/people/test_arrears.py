"""Employer arrears alerts (issue 12, item 8): one notice per person, employer and new owed
period (inbox + SMS/email through the outbox), none on a re-run or a page view, a new one for
a new owed period; the daily job is on the worker's schedule."""

from datetime import date

import pytest
from django.core.management import call_command

from openvss.messaging.backends.sms import MemorySmsBackend
from openvss.messaging.models import Message
from openvss.people.models import ArrearsNotice, ParticipationPeriod
from openvss.people.services import arrears_notices_send
from openvss.places.models import Employer
from tests.factories import CitizenFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer():
    return Employer.objects.order_by("pk").first() or Employer.objects.create(
        code="TA0001A", name="Công ty TNHH Thăng Long", province_id="01"
    )


@pytest.fixture
def an(client):
    person = PersonFactory(phone="0900000000", email="old@example.vn")
    # The account's phone and email differ from the person's: notices go to the account's.
    return CitizenFactory(person=person, phone="0912345678", email="an@example.vn")


def period(person, employer, start, end, payment="paid", schemes=("BHXH", "BHTN", "BHYT")):
    for scheme in schemes:
        ParticipationPeriod.objects.create(
            person=person, scheme=scheme, from_month=start, to_month=end, wage=9000000,
            employer=employer, payment=payment,
        )  # fmt: skip


def run(capture):
    with capture(execute=True):
        return arrears_notices_send()


def test_one_notice_per_new_owed_period_and_none_on_rerun(
    client, an, employer, django_capture_on_commit_callbacks
):
    period(an.person, employer, date(2020, 1, 1), date(2026, 8, 1))
    period(an.person, employer, date(2026, 9, 1), date(2026, 10, 1), payment="owed")
    assert run(django_capture_on_commit_callbacks) == {"notices": 1, "messages": 2}
    (notice,) = ArrearsNotice.objects.all()
    assert (notice.period_from, notice.period_to) == (date(2026, 9, 1), date(2026, 10, 1))
    # One notice for the three schemes' owed rows, to the account's phone and email.
    sms = [m for m in MemorySmsBackend.outbox if m.to == "0912345678"]
    assert len(sms) == 1 and "chua dong bao hiem cho ban tu thang 09/2026" in sms[0].text
    assert employer.name.split()[-1] in sms[0].text or "Don vi" in sms[0].text
    emails = Message.objects.filter(channel="email", purpose="arrears")
    assert [m.recipient for m in emails] == ["an@example.vn"]
    assert all(m.status == "sent" for m in Message.objects.filter(purpose="arrears"))
    # A re-run, and the owed period growing by a month, send nothing more.
    assert run(django_capture_on_commit_callbacks) == {"notices": 0, "messages": 0}
    ParticipationPeriod.objects.filter(payment="owed").update(to_month=date(2026, 11, 1))
    assert run(django_capture_on_commit_callbacks) == {"notices": 0, "messages": 0}
    assert Message.objects.filter(purpose="arrears").count() == 2


def test_a_new_owed_period_after_payment_gets_a_new_notice(
    an, employer, django_capture_on_commit_callbacks
):
    period(an.person, employer, date(2025, 3, 1), date(2025, 4, 1), payment="owed")
    assert run(django_capture_on_commit_callbacks)["notices"] == 1
    # The employer paid those months, then stopped again later: a new period, a new notice.
    ParticipationPeriod.objects.filter(payment="owed").update(payment="paid")
    period(an.person, employer, date(2025, 5, 1), date(2026, 6, 1))
    period(an.person, employer, date(2026, 7, 1), date(2026, 7, 1), payment="owed")
    assert run(django_capture_on_commit_callbacks) == {"notices": 1, "messages": 2}
    assert sorted(ArrearsNotice.objects.values_list("period_from", flat=True)) == [
        date(2025, 3, 1), date(2026, 7, 1),
    ]  # fmt: skip


def test_another_employer_owing_the_same_months_is_its_own_notice(
    an, employer, django_capture_on_commit_callbacks
):
    other = Employer.objects.exclude(pk=employer.pk).first() or Employer.objects.create(
        code="TB0002B", name="Công ty Bình Minh", province_id="01"
    )
    period(an.person, employer, date(2026, 9, 1), date(2026, 10, 1), payment="owed")
    period(an.person, other, date(2026, 9, 1), date(2026, 10, 1), payment="owed", schemes=("BHXH",))
    assert run(django_capture_on_commit_callbacks)["notices"] == 2


def test_the_notice_shows_in_the_inbox_once_and_page_views_send_nothing(
    client, an, employer, django_capture_on_commit_callbacks
):
    period(an.person, employer, date(2026, 9, 1), date(2026, 10, 1), payment="owed")
    client.force_login(an)
    for _i in range(3):
        client.get("/tai-khoan/thong-bao/")
        client.get("/tai-khoan/qua-trinh-tham-gia/")
    assert not Message.objects.filter(purpose="arrears").exists()  # views never send
    run(django_capture_on_commit_callbacks)
    body = client.get("/tai-khoan/thong-bao/").content.decode()
    # The account has an email: the inbox shows the email copy (the SMS copy is left out).
    assert body.count("Đơn vị chưa đóng bảo hiểm cho bạn") == 1


def test_people_without_an_account_are_told_on_their_records_contacts_and_the_dead_are_not(
    employer, django_capture_on_commit_callbacks
):
    hoa = PersonFactory(bhxh_code="0123456791", citizen_id=None, phone="0987654321", email="")
    late = PersonFactory(
        bhxh_code="0123456792", citizen_id=None, phone="0977777777", is_deceased=True
    )
    for person in (hoa, late):
        period(person, employer, date(2026, 9, 1), date(2026, 10, 1), payment="owed")
    assert run(django_capture_on_commit_callbacks) == {"notices": 1, "messages": 1}
    assert [m.to for m in MemorySmsBackend.outbox] == ["0987654321"]


def test_the_daily_job_is_a_command_on_the_workers_schedule(
    an, employer, django_capture_on_commit_callbacks
):
    from openvss.core.schedule import JOBS

    assert ("notify_arrears", 86400) in JOBS
    period(an.person, employer, date(2026, 9, 1), date(2026, 10, 1), payment="owed")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_arrears", verbosity=0)
    assert ArrearsNotice.objects.count() == 1
