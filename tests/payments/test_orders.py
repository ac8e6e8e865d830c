"""Household BHYT and voluntary BHXH orders: what is owed, the IPN (the only thing that
marks an order paid), what a paid order does, and the daily reconciliation."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from openvss.domain.errors import DomainError
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


# --- The State's support deducted is recorded with the months paid (people.ParticipationPeriod
# .state_support), so that BHXH một lần takes off what was actually supported ------------------


def test_a_monthly_order_of_a_poor_household_records_its_support(household, citizen):
    """Decree 159/2025 Art. 5 (from 1/7/2025): poor household 50% × 22% × 1.500.000 đ =
    165.000 đ a month, deducted for each of the 12 months and recorded with them."""
    order = services.order_create_voluntary(user=citizen, person=household["an"], income=1_500_000, months=12,
                                            category="poor", now=AFTER)  # fmt: skip
    assert order.amount == (330_000 - 165_000) * 12
    services.ipn_handle(params=gateway_result(order))
    period = ParticipationPeriod.objects.get(person=household["an"], scheme="BHXH", voluntary=True)
    assert (period.from_month, period.to_month) == (date(2026, 11, 1), date(2027, 10, 1))
    assert period.state_support == 165_000 * 12 == 1_980_000


def test_paying_for_the_missing_years_records_no_support(household, citizen):
    """Law 41/2024 Art. 36 cl. 2(e); Decree 159/2025 Art. 7: no State support for the months
    paid once to make up the years missing for a pension, so the record says 0, not unknown."""
    an = household["an"]
    an.birth_date, an.sex = date(1964, 1, 1), 1
    an.save(update_fields=["birth_date", "sex"])
    ParticipationPeriod.objects.create(person=an, scheme="BHXH", from_month=date(2013, 1, 1),
                                       to_month=date(2025, 12, 1), wage=6_000_000)  # 156 months  # fmt: skip
    order = services.order_create_voluntary_missing(
        user=citizen, person=an, income=1_500_000, now=AFTER
    )
    assert order.months == 24 and order.kind == Order.Kind.VOLUNTARY_BHXH
    assert order.amount == round(sum(330_000 * 1.0031**i for i in range(1, 25)))
    services.ipn_handle(params=gateway_result(order))
    period = ParticipationPeriod.objects.get(person=an, voluntary=True)
    # After the last month paid (12/2025) or from this month, whichever is later: 11/2026.
    assert (period.from_month, period.to_month) == (date(2026, 11, 1), date(2028, 10, 1))
    assert period.state_support == 0 and "còn thiếu" in period.workplace
    line = order.lines.get()
    assert (line.cover_from, line.cover_to) == (period.from_month, period.to_month)
    with pytest.raises(DomainError) as error:  # 15 years now: nothing left to pay
        services.order_create_voluntary_missing(
            user=citizen, person=an, income=1_500_000, now=AFTER
        )
    assert error.value.code == "nothing_missing"


def test_months_over_the_support_cap_are_recorded_apart_with_no_support(household, citizen):
    """Decree 159/2025 Art. 5: at most 120 supported months from 1/7/2025. With 115 used, a
    12-month order is supported for 5 months (66.000 đ each, 20% × 22% × 1.500.000 đ): the
    record keeps the supported months and the 7 others as two rows, each the same a month."""
    an = household["an"]
    ParticipationPeriod.objects.create(person=an, scheme="BHXH", from_month=date(2025, 7, 1),
                                       to_month=date(2035, 1, 1), wage=1_500_000, voluntary=True)  # fmt: skip
    order = services.order_create_voluntary(user=citizen, person=an, income=1_500_000, months=12,
                                            category="other", now=AFTER)  # fmt: skip
    assert order.amount == 330_000 * 12 - 66_000 * 5
    services.ipn_handle(params=gateway_result(order))
    rows = list(
        ParticipationPeriod.objects.filter(person=an, state_support__isnull=False)
        .order_by("from_month")
        .values_list("from_month", "to_month", "state_support")
    )
    assert rows == [
        (date(2035, 2, 1), date(2035, 6, 1), 330_000),
        (date(2035, 7, 1), date(2036, 1, 1), 0),
    ]
    line = order.lines.get()
    assert (line.cover_from, line.cover_to) == (date(2035, 2, 1), date(2036, 1, 1))


def test_an_order_written_before_the_support_was_kept_uses_its_breakdown(household, citizen):
    order = services.order_create_voluntary(user=citizen, person=household["an"], income=1_500_000, months=3,
                                            category="near_poor", now=AFTER)  # fmt: skip
    for key in ("support_monthly", "supported_months"):
        order.details.pop(key)
    order.save(update_fields=["details"])
    services.ipn_handle(params=gateway_result(order))
    period = ParticipationPeriod.objects.get(person=household["an"], voluntary=True)
    assert period.state_support == 132_000 * 3  # near-poor 40% × 22% × 1.500.000 đ
