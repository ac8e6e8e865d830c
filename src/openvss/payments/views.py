"""Pages for paying household BHYT and voluntary BHXH, the payment history, the return
from the gateway (which never trusts its query string), the receipt, and the IPN endpoint."""

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from openvss.domain.errors import DomainError
from openvss.errors import InvalidInput, OpenvssError
from openvss.legal.display import breakdown_display
from openvss.people.selectors import person_visible_to

from . import selectors, services
from .gateways import get_gateway
from .models import Order
from .receipts import receipt_pdf

CATEGORY_LABELS = {
    "poor": _("Người thuộc hộ nghèo"),
    "near_poor": _("Người thuộc hộ cận nghèo"),
    "ethnic": _("Người dân tộc thiểu số"),
    "other": _("Đối tượng khác"),
}


def _person(request):
    person = person_visible_to(user=request.user)
    if person is None:
        raise Http404
    return person


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "127.0.0.1")


def _to_gateway(request, order: Order):
    url = services.order_pay_url(
        order=order, return_url=request.build_absolute_uri(reverse("payments:return")),
        client_ip=client_ip(request), locale=get_language() or "vi",
    )  # fmt: skip
    return redirect(url)


class HouseholdForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Số tháng đóng"), choices=[(12, "12"), (6, "6"), (3, "3")], coerce=int, initial=12
    )
    members = forms.MultipleChoiceField(label=_("Thành viên đóng"), required=False,
                                        widget=forms.CheckboxSelectMultiple)  # fmt: skip


@login_required
def household(request):
    person = _person(request)
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "months" in request.GET else None)
    )
    members_all = selectors.household_members(person=person, day=timezone.localdate())
    form = HouseholdForm(
        data, initial={"members": [m.person.bhxh_code for m in members_all if m.payable]}
    )
    form.fields["members"].choices = [
        (m.person.bhxh_code, m.person.full_name) for m in members_all if m.payable
    ]
    quote, error = None, None
    if form.is_bound and form.is_valid():
        codes = form.cleaned_data["members"]
        try:
            if request.method == "POST":
                order = services.order_create_household(
                    user=request.user, person=person, months=form.cleaned_data["months"], member_codes=codes,
                    idempotency_key=request.POST.get("idempotency_key", ""),
                )  # fmt: skip
                return _to_gateway(request, order)
            quote = services.household_quote(
                person=person, months=form.cleaned_data["months"], member_codes=codes
            )
        except (OpenvssError, DomainError) as exc:
            error = (
                exc.message
                if isinstance(exc, OpenvssError)
                else InvalidInput.from_domain(exc).message
            )
    elif not form.is_bound:
        if any(m.payable for m in members_all):
            quote = services.household_quote(person=person, months=12)
    else:
        error = next(iter(form.errors.values()))[0]
    chosen = (
        set(form["members"].value() or [])
        if form.is_bound
        else {m.person.bhxh_code for m in members_all if m.payable}
    )
    any_payable = any(m.payable for m in members_all)  # else the page says there is nothing to pay
    context = {"form": form, "members": members_all, "any_payable": any_payable, "quote": quote, "error": error, "chosen": chosen,
               "months": form["months"].value() or 12, "idempotency_key": uuid.uuid4().hex,
               "quote_display": breakdown_display(quote.breakdown) if quote else None}  # fmt: skip
    return render(request, "payments/household.html", context, status=422 if error else 200)


def _money_field(label):
    return forms.CharField(label=label, max_length=20)


class VoluntaryForm(forms.Form):
    income = _money_field(_("Mức thu nhập tháng làm căn cứ đóng (đồng)"))
    months = forms.TypedChoiceField(
        label=_("Phương thức đóng"),
        choices=[(1, _("Hằng tháng")), (3, _("03 tháng")), (6, _("06 tháng")), (12, _("12 tháng"))],
        coerce=int, initial=12,
    )  # fmt: skip
    category = forms.ChoiceField(label=_("Đối tượng được hỗ trợ"), choices=list(CATEGORY_LABELS.items()),
                                 initial="other")  # fmt: skip

    def __init__(self, *args, ahead_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Several years ahead at a discount (Law 41/2024 Art. 36 cl. 2(đ)), as the dated data allow.
        self.fields["months"].choices = [*self.fields["months"].choices] + [
            (12 * n, gettext("Đóng trước %(n)s năm") % {"n": n})
            for n in ahead_years
        ]  # fmt: skip

    def clean_income(self):
        text = "".join(ch for ch in self.cleaned_data["income"] if ch.isdigit())
        if not text:
            raise forms.ValidationError(_("Nhập số tiền bằng chữ số."))
        return int(text)


@login_required
def voluntary(request):
    person = _person(request)
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "income" in request.GET else None)
    )
    form = VoluntaryForm(
        data, initial={"income": "1500000"}, ahead_years=services.voluntary_ahead_years()
    )
    quote, start, error = None, None, None
    if form.is_bound and form.is_valid():
        c = form.cleaned_data
        try:
            if request.method == "POST":
                order = services.order_create_voluntary(
                    user=request.user, person=person, income=c["income"], months=c["months"], category=c["category"],
                    idempotency_key=request.POST.get("idempotency_key", ""),
                )  # fmt: skip
                return _to_gateway(request, order)
            quote, _rates, start = services.voluntary_quote(
                person=person, income=c["income"], months=c["months"], category=c["category"]
            )
        except (OpenvssError, DomainError) as exc:
            error = (
                exc.message
                if isinstance(exc, OpenvssError)
                else InvalidInput.from_domain(exc).message
            )
    until = None
    if quote is not None:
        last = start.month - 1 + quote.facts["months"] - 1  # the last month the payment covers
        until = start.replace(year=start.year + last // 12, month=last % 12 + 1)
    context = {"form": form, "quote": quote, "start": start, "until": until, "error": error,
               "idempotency_key": uuid.uuid4().hex, "quote_display": breakdown_display(quote) if quote else None}  # fmt: skip
    return render(
        request, "payments/voluntary.html", context, status=422 if error or form.errors else 200
    )


@login_required
def history(request):
    orders = selectors.orders_of(person=_person(request))
    return render(request, "payments/history.html", {"orders": orders})


@login_required
def detail(request, reference: str):
    order = selectors.order_of(person=_person(request), reference=reference)
    if order is None:
        raise Http404
    return render(request, "payments/detail.html", {"order": order})


@login_required
def receipt(request, reference: str):
    order = selectors.order_of(person=_person(request), reference=reference)
    if order is None or order.status != Order.Status.PAID:
        raise Http404
    response = HttpResponse(receipt_pdf(order), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{order.reference}.pdf"'
    return response


@login_required
def gateway_return(request):
    """The buyer is back from the gateway. The query string only tells us which order to
    show (and only if correctly signed); what the page says comes from the order, which only
    the IPN changes."""
    callback = get_gateway().parse_callback(request.GET.dict())
    if not callback.valid:
        return render(request, "payments/return_invalid.html", status=400)
    order = selectors.order_of(person=_person(request), reference=callback.reference)
    if order is None:
        raise Http404
    services.gateway_return_record(order=order, payload=callback.raw)
    return redirect("payments:detail", reference=order.reference)


@csrf_exempt
@require_GET
def vnpay_ipn(request):
    """VNPAY's server-to-server notification (GET with vnp_* parameters)."""
    return JsonResponse(services.ipn_handle(params=request.GET.dict()))
