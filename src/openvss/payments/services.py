"""Writes for online payments: quote and create an order, handle the gateway's IPN (the only
thing that marks an order paid), fulfil a paid order through the people services, and
reconcile the day's orders with the gateway's report."""

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openvss.domain.breakdown import Breakdown, money
from openvss.domain.contributions import (
    household_bhyt,
    voluntary_bhxh,
    voluntary_bhxh_ahead,
    voluntary_bhxh_missing,
)
from openvss.errors import InvalidInput, NotFound
from openvss.legal import selectors as legal
from openvss.messaging.services import notice_queue
from openvss.people import services as people_services
from openvss.people.models import Person, Scheme

from . import selectors, vnpay
from .gateways import Callback, PaymentGateway, get_gateway
from .models import Discrepancy, GatewayEvent, Order, OrderLine

logger = logging.getLogger(__name__)

# The payment date decides the base salary (DOMAIN.md §7.10); the order keeps it.
VOLUNTARY_SUPPORT_FROM = date(2025, 7, 1)


@dataclass
class HouseholdQuote:
    day: date
    months: int
    members: list  # selectors.Member
    chosen: list  # selectors.Member, in paying order
    breakdown: Breakdown
    base_salary: int


def household_quote(*, person: Person, months: int, member_codes: list[str] | None = None,
                    day: date | None = None) -> HouseholdQuote:  # fmt: skip
    """What the household owes for ``months``: the payable members chosen (all by default),
    numbered 1st, 2nd… with the payer first, at the figures in force on ``day``."""
    day = day or timezone.localdate()
    members = selectors.household_members(person=person, day=day)
    payable = [m for m in members if m.payable]
    if member_codes is None:
        chosen = payable
    else:
        wanted = list(dict.fromkeys(member_codes))
        by_code = {m.person.bhxh_code: m for m in members}
        unknown = [c for c in wanted if c not in by_code]
        covered = [c for c in wanted if c in by_code and not by_code[c].payable]
        if unknown or covered:
            raise InvalidInput(
                _("Có người không thuộc hộ gia đình hoặc đã có thẻ BHYT theo nhóm khác."),
                code="member_not_payable", fields={"members": unknown + covered},
            )  # fmt: skip
        chosen = [m for m in payable if m.person.bhxh_code in wanted]
    rates, base_salary, _source = legal.household_rates_on(day)
    breakdown = household_bhyt(
        members=len(chosen), months=months, base_salary=base_salary, rates=rates
    )
    return HouseholdQuote(day, months, members, chosen, breakdown, base_salary)


def voluntary_quote(
    *, person: Person, income: int, months: int, category: str, day: date | None = None
):
    """``months`` 1, 3, 6, 12, or 24…60 for paying once several years ahead (discounted at the
    fund's rate in force on the payment date)."""
    day = day or timezone.localdate()
    rates = legal.voluntary_rates_on(day, category)
    used = selectors.voluntary_months_used(person=person, since=VOLUNTARY_SUPPORT_FROM)
    if months > 12 and months % 12 == 0:
        breakdown = voluntary_bhxh_ahead(income=income, years=months // 12, rates=rates,
                                         lump=legal.lump_sum_rates_on(day), supported_months_used=used)  # fmt: skip
    else:
        breakdown = voluntary_bhxh(
            income=income, months=months, rates=rates, supported_months_used=used
        )
    return breakdown, rates, selectors.voluntary_next_month(person=person, day=day)


def voluntary_missing_quote(*, person: Person, income: int, day: date | None = None):
    """Paying once for the months still missing for a pension (Law 41/2024 Art. 36 cl. 2(e),
    Decree 159/2025 Art. 7): only from the month before the person reaches retirement age
    (Art. 36 cl. 3(e)); the months missing to the 15 years of Art. 64 / Art. 66, at most the
    dated limit. Returns the breakdown and the months counted as paid."""
    from openvss.domain.errors import N_, DomainError
    from openvss.domain.estimates import retirement_month
    from openvss.domain.months import Month

    day = day or timezone.localdate()
    reached = retirement_month(
        birth=person.birth_date, ages=legal.retirement_ages_on(day, person.sex)
    )
    if Month.of(day).index < reached.index - 1:
        raise DomainError(
            N_("Chỉ được đóng một lần cho thời gian còn thiếu từ tháng liền kề trước tháng đủ tuổi nghỉ hưu."),
            code="not_retirement_age", field="months",
        )  # fmt: skip
    pension = legal.pension_rates_on(day)
    years = (
        pension.female_years
        if person.sex == 2
        else (pension.male_short_years or pension.male_years)
    )
    paid = selectors.bhxh_months_paid(person=person)
    missing = years * 12 - paid
    if missing <= 0:
        raise DomainError(
            N_("Bạn đã đủ số năm đóng để hưởng lương hưu."), code="nothing_missing", field="months"
        )
    rates = legal.voluntary_rates_on(day, "other")
    breakdown = voluntary_bhxh_missing(
        income=income, months=missing, rates=rates, lump=legal.lump_sum_rates_on(day)
    )
    return breakdown, paid


def voluntary_ahead_years(day: date | None = None) -> range:
    """The whole years a voluntary participant may pay ahead on ``day`` (none if the fund's
    rate for that year is not known yet)."""
    from openvss.domain.errors import DomainError

    try:
        lump = legal.lump_sum_rates_on(day or timezone.localdate())
    except DomainError:
        return range(0)
    return range(lump.min_years, lump.max_years + 1)


def _reference(now: datetime) -> str:
    # vnp_TxnRef: unique per terminal and day; date first so that humans can read it.
    return f"BH{timezone.localtime(now):%y%m%d}{secrets.token_hex(5).upper()}"


def _existing(user, idempotency_key: str) -> Order | None:
    if not idempotency_key:
        return None
    return Order.objects.filter(user=user, idempotency_key=idempotency_key).first()


def _create(
    *, user, person, kind, amount, months, details, breakdown, idempotency_key, now, lines
) -> Order:
    existing = _existing(user, idempotency_key)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            order = Order.objects.create(
                reference=_reference(now), kind=kind, payer=person, user=user, amount=amount, months=months,
                details=details, breakdown=breakdown.as_dict(), idempotency_key=idempotency_key[:80],
                expires_at=now + timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES),
            )  # fmt: skip
            OrderLine.objects.bulk_create(
                [
                    OrderLine(order=order, person=p, position=i, amount=a)
                    for i, (p, a) in enumerate(lines, 1)
                ]
            )
    except IntegrityError:
        existing = _existing(user, idempotency_key)
        if existing is None:
            raise
        return existing
    return order


def order_create_household(*, user, person: Person, months: int, member_codes: list[str] | None,
                           idempotency_key: str = "", now: datetime | None = None) -> Order:  # fmt: skip
    """Write a pending household-BHYT order, priced at today's figures, before the redirect."""
    now = now or timezone.now()
    quote = household_quote(
        person=person, months=months, member_codes=member_codes, day=timezone.localdate(now)
    )
    lines = list(zip([m.person for m in quote.chosen], quote.breakdown.facts["lines"], strict=True))
    info = f"Dong BHYT ho gia dinh {len(lines)} nguoi {months} thang"
    return _create(
        user=user, person=person, kind=Order.Kind.HOUSEHOLD_BHYT, amount=quote.breakdown.total, months=months,
        details={"base_salary": quote.base_salary, "day": quote.day.isoformat(), "info": info},
        breakdown=quote.breakdown, idempotency_key=idempotency_key, now=now, lines=lines,
    )  # fmt: skip


def order_create_voluntary(*, user, person: Person, income: int, months: int, category: str,
                           idempotency_key: str = "", now: datetime | None = None) -> Order:  # fmt: skip
    now = now or timezone.now()
    breakdown, _rates, start = voluntary_quote(
        person=person, income=income, months=months, category=category, day=timezone.localdate(now)
    )
    info = f"Dong BHXH tu nguyen {months} thang tu {start:%m/%Y}"
    # The support deducted, kept so that the paid months record it (order_fulfil): the first
    # ``supported_months`` months at ``support_monthly`` each, the rest (over the cap) none.
    support = {"support_monthly": breakdown.facts["support_monthly"],
               "supported_months": breakdown.facts["supported_months"]}  # fmt: skip
    return _create(
        user=user, person=person, kind=Order.Kind.VOLUNTARY_BHXH, amount=breakdown.total, months=months,
        details={"income": income, "category": category, "from_month": start.isoformat(), "info": info,
                 **support},
        breakdown=breakdown, idempotency_key=idempotency_key, now=now, lines=[(person, breakdown.total)],
    )  # fmt: skip


def order_create_voluntary_missing(*, user, person: Person, income: int, idempotency_key: str = "",
                                   now: datetime | None = None) -> Order:  # fmt: skip
    """Write a pending order for paying once the months still missing for a pension (Law
    41/2024 Art. 36 cl. 2(e); Decree 159/2025 Art. 7), priced as ``voluntary_missing_quote``.
    The State supports none of these months: the paid months record a support of 0. They are
    recorded after the last month of BHXH paid (or from this month), so that no calendar month
    is counted twice."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    breakdown, _paid = voluntary_missing_quote(person=person, income=income, day=day)
    months = breakdown.facts["months"]
    start = selectors.bhxh_next_month(person=person, day=day)
    info = f"Dong BHXH tu nguyen mot lan {months} thang con thieu tu {start:%m/%Y}"
    return _create(
        user=user, person=person, kind=Order.Kind.VOLUNTARY_BHXH, amount=breakdown.total, months=months,
        details={"income": income, "category": "other", "from_month": start.isoformat(), "info": info,
                 "missing_years": True, "support_monthly": 0, "supported_months": 0},
        breakdown=breakdown, idempotency_key=idempotency_key, now=now, lines=[(person, breakdown.total)],
    )  # fmt: skip


def order_pay_url(*, order: Order, return_url: str, client_ip: str, locale: str = "vn",
                  gateway: PaymentGateway | None = None) -> str:  # fmt: skip
    if order.status != Order.Status.PENDING or timezone.now() >= order.expires_at:
        raise InvalidInput(
            _("Giao dịch đã kết thúc, vui lòng tạo giao dịch mới."), code="order_closed"
        )
    return (gateway or get_gateway()).redirect_url(
        reference=order.reference, amount=order.amount, info=order.details.get("info", order.reference),
        return_url=return_url, client_ip=client_ip or "127.0.0.1", created=order.created_at,
        expires=order.expires_at, locale="en" if locale == "en" else "vn",
    )  # fmt: skip


def gateway_return_record(*, order: Order, payload: dict) -> None:
    """Keep the buyer's return from the gateway with the order's events (it changes nothing:
    only the IPN does)."""
    GatewayEvent.objects.create(order=order, kind=GatewayEvent.Kind.RETURN, payload=payload)


def ipn_handle(*, params: dict, gateway: PaymentGateway | None = None) -> dict:
    """Answer the gateway's IPN. Checks, in VNPAY's order: signature (97), order (01), amount
    and currency (04), already confirmed (02). A paid result fulfils the order once; a
    refused one marks it failed. Safe to call any number of times for the same payment."""
    gateway = gateway or get_gateway()
    callback = gateway.parse_callback(params)
    if not callback.valid:
        GatewayEvent.objects.create(
            kind=GatewayEvent.Kind.IPN, payload=callback.raw, answer=vnpay.IPN_INVALID_SIGNATURE[0]
        )
        return gateway.ipn_answer(vnpay.IPN_INVALID_SIGNATURE)
    try:
        with transaction.atomic():
            order = Order.objects.select_for_update().filter(reference=callback.reference).first()
            answer = _ipn_decide(order, callback)
            GatewayEvent.objects.create(
                order=order, kind=GatewayEvent.Kind.IPN, payload=callback.raw, answer=answer[0]
            )
    except Exception:
        logger.exception("IPN for %s failed", callback.reference)
        return gateway.ipn_answer(vnpay.IPN_UNKNOWN_ERROR)
    return gateway.ipn_answer(answer)


def _ipn_decide(order: Order | None, callback: Callback) -> tuple[str, str]:
    if order is None:
        return vnpay.IPN_ORDER_NOT_FOUND
    if callback.amount != order.amount or (callback.currency or "VND") != order.currency:
        return vnpay.IPN_INVALID_AMOUNT
    if order.status == Order.Status.PAID or (
        order.status == Order.Status.FAILED and not callback.success
    ):
        return vnpay.IPN_ALREADY_CONFIRMED
    order.gateway_response_code = callback.response_code
    order.gateway_transaction_no = callback.transaction_no
    order.bank_code = callback.bank_code
    if callback.success:
        order_fulfil(order=order, paid_at=callback.pay_date or timezone.now())
    else:
        order.status = Order.Status.FAILED
        order.save(
            update_fields=["status", "gateway_response_code", "gateway_transaction_no", "bank_code"]
        )
    return vnpay.IPN_CONFIRMED


def order_fulfil(*, order: Order, paid_at: datetime) -> Order:
    """Mark paid, extend the cards or record the participation, and send the receipt (email
    with the PDF, and the inbox) in the same transaction."""
    from .receipts import receipt_pdf

    paid_on = timezone.localdate(paid_at)
    order.status = Order.Status.PAID
    order.paid_at = paid_at
    order.receipt_number = f"{paid_on:%Y}/{order.pk:08d}"
    order.save()
    lines = list(order.lines.select_related("person__commune"))
    if order.kind == Order.Kind.HOUSEHOLD_BHYT:
        for line in lines:
            card, cover_from = people_services.card_extend_household(
                person=line.person, months=order.months, paid_on=paid_on
            )
            line.cover_from, line.cover_to = cover_from, card.valid_to
            line.save(update_fields=["cover_from", "cover_to"])
            people_services.participation_record(
                person=line.person, scheme=Scheme.BHYT, from_month=cover_from, months=order.months,
                wage=order.details.get("base_salary", 0), workplace="Hộ gia đình",
            )  # fmt: skip
    else:
        periods = _voluntary_record(order)
        for line in lines:
            line.cover_from, line.cover_to = periods[0].from_month, periods[-1].to_month
            line.save(update_fields=["cover_from", "cover_to"])
    user = order.user
    subject = _("Biên lai điện tử %(number)s") % {"number": order.receipt_number}
    notice_queue(
        phone=getattr(user, "phone", "") or "",
        email=getattr(user, "email", "") or "",
        purpose="payment_receipt",
        sms=_("BHXH: da nhan %(amount)s, giao dich %(ref)s. Bien lai dien tu trong ung dung.")
        % {"amount": money(order.amount), "ref": order.reference},
        subject=subject,
        email_body=_(
            "Cơ quan BHXH đã nhận %(amount)s cho giao dịch %(ref)s (%(kind)s). Biên lai điện tử đính kèm."
        )
        % {"amount": money(order.amount), "ref": order.reference, "kind": order.get_kind_display()},
        person=order.payer,
        attachment=(
            f"bien-lai-{order.reference}.pdf",
            receipt_pdf(order, lines=lines),
            "application/pdf",
        ),
    )
    return order


def _support_deducted(order: Order) -> tuple[int, int] | None:
    """(support a month, months supported) as deducted from a voluntary order; from its
    breakdown for an order written before the details kept them; None if neither says."""
    facts = order.breakdown.get("facts", {}) if isinstance(order.breakdown, dict) else {}
    monthly = order.details.get("support_monthly", facts.get("support_monthly"))
    supported = order.details.get("supported_months", facts.get("supported_months"))
    if monthly is None or supported is None:
        return None
    return int(monthly), max(0, min(int(supported), order.months))


def _voluntary_record(order: Order) -> list:
    """Record the paid voluntary months with the State's support deducted for them. Within
    one row the support is the same every month: when the 120-month cap stopped it part-way
    (Decree 159/2025 Art. 5), the supported months and the rest are two rows."""
    start = date.fromisoformat(order.details["from_month"])
    workplace = "BHXH tự nguyện"
    if order.details.get("missing_years"):
        workplace = "BHXH tự nguyện, đóng một lần cho thời gian còn thiếu"
    support = _support_deducted(order)
    if support is None:
        chunks = [(order.months, None)]
    else:
        monthly, supported = support
        chunks = [(supported, monthly * supported), (order.months - supported, 0)]
        if supported in (0, order.months):
            chunks = [(order.months, monthly * supported)]
    periods = []
    for months, state_support in chunks:
        period = people_services.participation_record(
            person=order.payer, scheme=Scheme.BHXH, from_month=start, months=months,
            wage=order.details["income"], workplace=workplace, state_support=state_support,
        )  # fmt: skip
        periods.append(period)
        start = people_services.add_months(period.to_month, 1)
    return periods


def order_for(*, person: Person, reference: str) -> Order:
    order = selectors.order_of(person=person, reference=reference)
    if order is None:
        raise NotFound()
    return order


def payments_reconcile(
    *, day: date, gateway: PaymentGateway | None = None, now: datetime | None = None
) -> dict:
    """Compare the day's orders (and any still pending) with the gateway's report; record each
    difference once, and close pending orders the gateway never saw paid after they expired."""
    gateway = gateway or get_gateway()
    now = now or timezone.now()
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    orders = Order.objects.filter(
        created_at__gte=start, created_at__lt=start + timedelta(days=1)
    ) | Order.objects.filter(status=Order.Status.PENDING, expires_at__lt=now)
    counts = {"checked": 0, "discrepancies": 0, "expired": 0}
    for order in orders.distinct().order_by("pk"):
        counts["checked"] += 1
        report = gateway.report(reference=order.reference, info=order.details.get("info", order.reference),
                                created=order.created_at, client_ip="127.0.0.1", now=now)  # fmt: skip
        GatewayEvent.objects.create(order=order, kind=GatewayEvent.Kind.QUERY, payload=report.raw,
                                    answer=report.raw.get("vnp_ResponseCode", ""))  # fmt: skip
        found = []
        if order.status == Order.Status.PAID:
            if not report.found:
                found.append((Discrepancy.Kind.UNKNOWN_AT_GATEWAY, "querydr: không tìm thấy"))
            elif not report.paid:
                found.append(
                    (Discrepancy.Kind.RECORDED_NOT_PAID, f"trạng thái tại cổng {report.status}")
                )
        elif report.paid:
            found.append(
                (Discrepancy.Kind.PAID_NOT_RECORDED, f"mã giao dịch cổng {report.transaction_no}")
            )
        elif order.status == Order.Status.PENDING and order.expires_at < now:
            Order.objects.filter(pk=order.pk, status=Order.Status.PENDING).update(
                status=Order.Status.EXPIRED
            )
            counts["expired"] += 1
        if report.paid and report.amount is not None and report.amount != order.amount:
            found.append(
                (
                    Discrepancy.Kind.AMOUNT_MISMATCH,
                    f"{money(order.amount)} ≠ {money(report.amount)}",
                )
            )
        for kind, detail in found:
            _, created = Discrepancy.objects.get_or_create(
                order=order, kind=kind, business_day=day, defaults={"detail": detail[:255]}
            )
            counts["discrepancies"] += int(created)
    return counts
