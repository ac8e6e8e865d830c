"""/api/v1/me/payments: quotes, orders (created before the redirect, with the gateway URL to
open), their status and receipts. The IPN, not the app, marks an order paid."""

from datetime import date, datetime

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from openvss.accounts.api import bearer
from openvss.errors import NotFound
from openvss.legal.display import breakdown_display
from openvss.people.selectors import person_visible_to

from . import selectors, services
from .models import Order
from .receipts import receipt_pdf

router = Router(tags=["Thanh toán trực tuyến"], auth=bearer)


def _me(request):
    person = person_visible_to(user=request.user)
    if person is None:
        raise NotFound()
    return person


class StepOut(Schema):
    label: str
    formula: str
    amount: int | None
    cite: str


class BreakdownOut(Schema):
    total: int
    facts: dict
    steps: list[StepOut]


class MemberOut(Schema):
    bhxh_code: str
    full_name: str
    payable: bool
    covered_by: str
    card_valid_to: date | None


class HouseholdQuoteOut(Schema):
    day: date
    months: int
    base_salary: int
    members: list[MemberOut]
    chosen: list[str]
    breakdown: BreakdownOut


class LineOut(Schema):
    position: int
    bhxh_code: str
    full_name: str
    amount: int
    cover_from: date | None
    cover_to: date | None


class OrderOut(Schema):
    reference: str
    kind: str
    status: str
    amount: int
    currency: str
    months: int
    created_at: datetime
    expires_at: datetime
    paid_at: datetime | None
    receipt_number: str
    lines: list[LineOut]
    breakdown: dict
    pay_url: str = ""


def _order_out(order: Order, pay_url: str = "") -> dict:
    return {
        "reference": order.reference, "kind": order.kind, "status": order.status, "amount": order.amount,
        "currency": order.currency, "months": order.months, "created_at": order.created_at,
        "expires_at": order.expires_at, "paid_at": order.paid_at, "receipt_number": order.receipt_number,
        "breakdown": order.breakdown, "pay_url": pay_url,
        "lines": [{"position": line.position, "bhxh_code": line.person.bhxh_code, "full_name": line.person.full_name,
                   "amount": line.amount, "cover_from": line.cover_from, "cover_to": line.cover_to}
                  for line in order.lines.all()],
    }  # fmt: skip


def _quote_out(quote) -> dict:
    return {
        "day": quote.day, "months": quote.months, "base_salary": quote.base_salary,
        "members": [{"bhxh_code": m.person.bhxh_code, "full_name": m.person.full_name, "payable": m.payable,
                     "covered_by": m.covered_by, "card_valid_to": m.card.valid_to if m.card else None}
                    for m in quote.members],
        "chosen": [m.person.bhxh_code for m in quote.chosen], "breakdown": breakdown_display(quote.breakdown),
    }  # fmt: skip


@router.get("/me/payments", response=list[OrderOut], summary="Lịch sử thanh toán")
def my_payments(request):
    return [_order_out(o) for o in selectors.orders_of(person=_me(request))]


@router.get(
    "/me/payments/household-bhyt/quote",
    response=HouseholdQuoteOut,
    summary="Số tiền BHYT hộ gia đình",
)
def household_quote(request, months: int = 12, members: str = ""):
    """``members``: mã số BHXH separated by commas; empty for every member not covered elsewhere."""
    codes = [c.strip() for c in members.split(",") if c.strip()] or None
    return _quote_out(
        services.household_quote(person=_me(request), months=months, member_codes=codes)
    )


class HouseholdIn(Schema):
    months: int = 12
    members: list[str] | None = Field(None, description="mã số BHXH; null for every payable member")


def _pay_url(request, order: Order) -> str:
    return services.order_pay_url(
        order=order, return_url=request.build_absolute_uri(reverse("payments:return")),
        client_ip=request.META.get("REMOTE_ADDR", "127.0.0.1"),
    )  # fmt: skip


def _created(request, order: Order):
    """201 with the order as read back, and the gateway URL while it can still be paid."""
    order = selectors.order_of(person=order.payer, reference=order.reference)
    url = (
        _pay_url(request, order)
        if order.status == Order.Status.PENDING and order.expires_at > timezone.now()
        else ""
    )
    return Status(201, _order_out(order, url))


@router.post(
    "/me/payments/household-bhyt",
    response={201: OrderOut},
    summary="Tạo giao dịch BHYT hộ gia đình",
)
def household_create(request, payload: HouseholdIn):
    order = services.order_create_household(
        user=request.user, person=_me(request), months=payload.months, member_codes=payload.members,
        idempotency_key=request.headers.get("Idempotency-Key", ""),
    )  # fmt: skip
    return _created(request, order)


class VoluntaryQuoteOut(Schema):
    from_month: date
    breakdown: BreakdownOut


@router.get(
    "/me/payments/voluntary-bhxh/quote",
    response=VoluntaryQuoteOut,
    summary="Số tiền BHXH tự nguyện",
)
def voluntary_quote(request, income: int, months: int = 12, category: str = "other"):
    """months: 1, 3, 6 or 12; or 24, 36, 48, 60 to pay once several years ahead, discounted at
    the fund's monthly rate in force today (Law 41/2024 Art. 36 cl. 2(đ); Decree 159/2025 Art. 6)."""
    breakdown, _rates, start = services.voluntary_quote(person=_me(request), income=income, months=months,
                                                        category=category)  # fmt: skip
    return {"from_month": start, "breakdown": breakdown_display(breakdown)}


class VoluntaryMissingQuoteOut(Schema):
    months_paid: int
    months_missing: int
    breakdown: BreakdownOut


@router.get(
    "/me/payments/voluntary-bhxh/missing-quote",
    response=VoluntaryMissingQuoteOut,
    summary="Số tiền đóng một lần cho thời gian còn thiếu để hưởng lương hưu",
)
def voluntary_missing_quote(request, income: int):
    """For a person who has reached retirement age (from the month before) with fewer than
    15 years paid: once for the missing months, with the fund's interest (Law 41/2024 Art. 36
    cl. 2(e); Decree 159/2025 Art. 7). 422 when not yet of age, nothing is missing, or more
    months are missing than may be paid at once."""
    breakdown, paid = services.voluntary_missing_quote(person=_me(request), income=income)
    return {
        "months_paid": paid,
        "months_missing": breakdown.facts["months"],
        "breakdown": breakdown_display(breakdown),
    }


class VoluntaryIn(Schema):
    income: int
    months: int = 12
    category: str = Field("other", description="poor | near_poor | ethnic | other")


@router.post(
    "/me/payments/voluntary-bhxh", response={201: OrderOut}, summary="Tạo giao dịch BHXH tự nguyện"
)
def voluntary_create(request, payload: VoluntaryIn):
    order = services.order_create_voluntary(
        user=request.user, person=_me(request), income=payload.income, months=payload.months,
        category=payload.category, idempotency_key=request.headers.get("Idempotency-Key", ""),
    )  # fmt: skip
    return _created(request, order)


class VoluntaryMissingIn(Schema):
    income: int


@router.post(
    "/me/payments/voluntary-bhxh/missing",
    response={201: OrderOut},
    summary="Tạo giao dịch đóng một lần cho thời gian còn thiếu để hưởng lương hưu",
)
def voluntary_missing_create(request, payload: VoluntaryMissingIn):
    """The order for ``missing-quote``: once for the months missing to 15 years, without State
    support (Law 41/2024 Art. 36 cl. 2(e); Decree 159/2025 Art. 7). 422 as the quote."""
    order = services.order_create_voluntary_missing(
        user=request.user, person=_me(request), income=payload.income,
        idempotency_key=request.headers.get("Idempotency-Key", ""),
    )  # fmt: skip
    return _created(request, order)


@router.get("/me/payments/{reference}", response=OrderOut, summary="Một giao dịch")
def my_payment(request, reference: str):
    return _order_out(services.order_for(person=_me(request), reference=reference))


@router.get("/me/payments/{reference}/receipt", summary="Biên lai điện tử (PDF)")
def my_receipt(request, reference: str):
    order = services.order_for(person=_me(request), reference=reference)
    if order.status != Order.Status.PAID:
        raise NotFound()
    response = HttpResponse(receipt_pdf(order), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{order.reference}.pdf"'
    return response
