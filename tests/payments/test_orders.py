"""Household BHYT and voluntary BHXH orders: what is owed, the IPN (the only thing that
marks an order paid), what a paid order does, and the daily reconciliation."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from openvss.messaging.models import Message
from openvss.payments import services, vnpay
from openvss.payments.models import Discrepancy, GatewayEvent, Order
from openvss.people.models import HealthCard, ParticipationPeriod

from .conftest import gateway_result

pytestmark = pytest.mark.django_db

BEFORE = datetime(2026, 6, 30, 3, 0, tzinfo=vnpay.TZ)
AFTER = datetime(2026, 11, 24, 3, 0, tzinfo=vnpay.TZ)


def test_household_members_and_who_is_covered_elsewhere(household):
    quote = services.household_quote(person=household["an"], months=12, day=date(2026, 11, 24))
    names = [m.person.full_name for m in quote.members]
    assert names[0] == "Nguyễn Văn An" and set(names) == {
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Nguyễn Minh Khang",
        "Lê Thị Cúc",
    }
    covered = {m.person.full_name: m.covered_by for m in quote.members}
    assert covered["Lê Thị Cúc"].startswith("HT") and covered["Nguyễn Văn An"] == ""
    assert [m.person.full_name for m in quote.chosen][0] == "Nguyễn Văn An" and len(
        quote.chosen
    ) == 3
    assert quote.breakdown.facts["lines"] == [1_366_200, 956_340, 819_720]


def test_the_base_salary_of_the_payment_date_applies(household):
    before = services.household_quote(person=household["an"], months=12, day=BEFORE.date())
    after = services.household_quote(person=household["an"], months=12, day=AFTER.date())
    assert before.breakdown.facts["lines"] == [1_263_600, 884_520, 758_160]
    assert after.breakdown.total == 3_142_260 and before.breakdown.total == 2_906_280


def test_a_member_covered_elsewhere_cannot_be_paid_for(household, citizen):
    with pytest.raises(services.InvalidInput) as error:
        services.order_create_household(user=citizen, person=household["an"], months=12,
                                        member_codes=["0123456789", "0123456792"])  # fmt: skip
    assert error.value.fields == {"members": ["0123456792"]}
    assert not Order.objects.exists()


def order_for_three(household, citizen, **kwargs):
    return services.order_create_household(user=citizen, person=household["an"], months=12, member_codes=None,
                                           now=kwargs.pop("now", AFTER), **kwargs)  # fmt: skip


def test_order_is_written_pending_before_the_redirect(household, citizen):
    order = order_for_three(household, citizen, idempotency_key="k1")
    assert order.status == Order.Status.PENDING and order.amount == 3_142_260
    assert [line.amount for line in order.lines.order_by("position")] == [
        1_366_200,
        956_340,
        819_720,
    ]
    assert order.breakdown["steps"][0]["formula"] == "4,5% × 2.530.000 đ × 12 tháng = 1.366.200 đ"
    assert (
        order_for_three(household, citizen, idempotency_key="k1").pk == order.pk
    )  # same key, same order


def test_ipn_pays_once_extends_the_cards_and_sends_the_receipt(
    household, citizen, django_capture_on_commit_callbacks
):
    order = order_for_three(household, citizen)
    params = gateway_result(order)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.ipn_handle(params=params)
    second = services.ipn_handle(params=params)
    assert first == {"RspCode": "00", "Message": "Confirm Success"}
    assert second == {"RspCode": "02", "Message": "Order already confirmed"}
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.gateway_transaction_no == "14226112"
    an_card = HealthCard.objects.get(person=household["an"], status="active")
    # An's household card had lapsed (31/12/2025): a new card from 30 days after payment.
    assert an_card.group_code == "GD" and an_card.valid_from == date(2026, 12, 24)
    assert an_card.valid_to == date(2027, 12, 23)
    assert HealthCard.objects.filter(person=household["an"], status="replaced").count() == 1
    assert HealthCard.objects.filter(person=household["wife"], status="active").count() == 1
    assert ParticipationPeriod.objects.filter(scheme="BHYT", person__in=[household["an"], household["wife"],
                                                                         household["son"]]).count() == 3  # fmt: skip
    receipt = [m for m in mail.outbox if m.to == ["an@example.vn"]]
    assert len(receipt) == 1 and receipt[0].attachments[0][0] == f"bien-lai-{order.reference}.pdf"
    assert receipt[0].attachments[0][1][:5] == b"%PDF-"
    assert (
        Message.objects.filter(person=household["an"], purpose="payment_receipt").count() == 2
    )  # email + SMS
    assert GatewayEvent.objects.filter(order=order, kind="ipn").count() == 2


def test_a_card_still_valid_is_continued_without_a_gap(household, citizen):
    card = HealthCard.objects.get(person=household["an"])
    card.valid_to = date(2026, 12, 31)
    card.save()
    order = services.order_create_household(user=citizen, person=household["an"], months=6,
                                            member_codes=["0123456789"], now=AFTER)  # fmt: skip
    services.ipn_handle(params=gateway_result(order))
    card.refresh_from_db()
    assert card.status == "active" and card.valid_to == date(2027, 6, 30)
    line = order.lines.get()
    assert (line.cover_from, line.cover_to) == (date(2027, 1, 1), date(2027, 6, 30))


@pytest.mark.parametrize(
    ("change", "answer"),
    [({"amount": 100}, "04"), ({"secret": "forged"}, "97"), ({"tmn": "OTHER"}, "97")],
)
def test_ipn_refuses_a_wrong_amount_or_signature_and_pays_nothing(
    household, citizen, change, answer
):
    order = order_for_three(household, citizen)
    assert services.ipn_handle(params=gateway_result(order, **change))["RspCode"] == answer
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert not HealthCard.objects.filter(person=household["wife"]).exists()


def test_ipn_for_an_unknown_order(household, citizen):
    order = order_for_three(household, citizen)
    order.reference = "NOPE"
    assert services.ipn_handle(params=gateway_result(order))["RspCode"] == "01"


@pytest.mark.parametrize("code", ["24", "11", "51"])
def test_a_refused_cancelled_or_timed_out_payment_leaves_nothing_paid(household, citizen, code):
    order = order_for_three(household, citizen)
    assert (
        services.ipn_handle(params=gateway_result(order, code=code, status="02"))["RspCode"] == "00"
    )
    order.refresh_from_db()
    assert order.status == Order.Status.FAILED and order.paid_at is None
    assert not HealthCard.objects.filter(person=household["wife"]).exists()
    assert not Message.objects.filter(purpose="payment_receipt").exists()
    assert (
        services.ipn_handle(params=gateway_result(order, code=code, status="02"))["RspCode"] == "02"
    )


def test_voluntary_bhxh_order_records_participation(household, citizen):
    order = services.order_create_voluntary(user=citizen, person=household["an"], income=5_000_000, months=12,
                                            category="other", now=AFTER)  # fmt: skip
    assert order.amount == 1_100_000 * 12 - 66_000 * 12
    services.ipn_handle(params=gateway_result(order))
    period = ParticipationPeriod.objects.get(person=household["an"], scheme="BHXH", voluntary=True)
    assert (period.from_month, period.to_month, period.wage) == (
        date(2026, 11, 1),
        date(2027, 10, 1),
        5_000_000,
    )
    again = services.order_create_voluntary(user=citizen, person=household["an"], income=5_000_000, months=3,
                                            category="other", now=AFTER)  # fmt: skip
    assert again.details["from_month"] == "2027-11-01"  # continues after the months paid


def test_state_support_depends_on_the_date(household, citizen):
    before, _r, _s = services.voluntary_quote(person=household["an"], income=1_500_000, months=1, category="poor",
                                              day=date(2025, 6, 30))  # fmt: skip
    after, _r, _s = services.voluntary_quote(person=household["an"], income=1_500_000, months=1, category="poor",
                                             day=date(2025, 7, 1))  # fmt: skip
    assert (before.total, after.total) == (231_000, 165_000)  # 30% then 50% of 330.000 đ


def test_reconciliation_flags_differences_and_expires_abandoned_orders(
    household, citizen, client, monkeypatch
):
    from openvss.payments import sandbox
    from openvss.payments.models import SandboxTransaction

    now = timezone.now()
    paid = order_for_three(household, citizen, now=now)
    services.ipn_handle(params=gateway_result(paid))
    # The "bank" recorded the payment: the sandbox ledger answers querydr from it.
    SandboxTransaction.objects.create(tmn_code="OPENVSS1", txn_ref=paid.reference, transaction_no="1",
                                      amount=paid.amount * 100, order_info="x", response_code="00",
                                      transaction_status="00", pay_date="20261124101500")  # fmt: skip
    missed = services.order_create_voluntary(user=citizen, person=household["an"], income=2_000_000, months=1,
                                             category="other", now=now)  # fmt: skip
    SandboxTransaction.objects.create(tmn_code="OPENVSS1", txn_ref=missed.reference, transaction_no="2",
                                      amount=missed.amount * 100, order_info="x", response_code="00",
                                      transaction_status="00", pay_date="20261124101500")  # fmt: skip
    abandoned = services.order_create_voluntary(user=citizen, person=household["an"], income=3_000_000, months=1,
                                                category="other", now=now - timedelta(hours=1))  # fmt: skip
    counts = services.payments_reconcile(day=timezone.localdate(now), now=now)
    assert counts["expired"] == 1
    kinds = set(Discrepancy.objects.values_list("order__reference", "kind"))
    assert kinds == {(missed.reference, "paid_not_recorded")}
    abandoned.refresh_from_db()
    missed.refresh_from_db()
    assert abandoned.status == Order.Status.EXPIRED and missed.status == Order.Status.PENDING
    services.payments_reconcile(day=timezone.localdate(now), now=now)
    assert Discrepancy.objects.count() == 1  # flagged once a day
    assert sandbox  # the sandbox's querydr served the report


def test_reconcile_command_reports_the_day(household, citizen):
    from io import StringIO

    from django.core.management import call_command

    order_for_three(household, citizen, now=timezone.now())
    out = StringIO()
    call_command("reconcile_payments", "--date", timezone.localdate().isoformat(), stdout=out)
    assert "1 giao dịch đã đối soát, 0 chênh lệch mới, 0 giao dịch hết hạn" in out.getvalue()
