"""Cấp lại, đổi thẻ BHYT (seed 004: "làm thủ tục mất thẻ, sai thẻ thay vì đến các cơ quan
BHXH"): the signed-in citizen's pages. One page lists the three requests, the card they
would replace and the requests already sent; each request has its own short form. The
work is the kinds' (dossiers/kinds/card_*.py, facility_change.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.core.forms import service_error_show
from openvss.core.normalise import NormalisedTextMixin
from openvss.errors import OpenvssError
from openvss.people import selectors as people_selectors
from openvss.people import services as people_services
from openvss.people.models import Sex

from . import drafts, selectors
from .kinds.card_correction import card_correction_submit
from .kinds.card_reissue import REASONS, card_reissue_submit
from .kinds.facility_change import facility_change_submit

PHOTOS_KEY = "card_correction_photos"
PHOTOS = ("id_front", "id_back")


def _citizen_card(request):
    """The signed-in citizen's card in use; 404 for an account without a person."""
    person = request.user.person if request.user.person_id else None
    if person is None:
        raise Http404
    return person, people_selectors.card_current(person=person)


def _sent(request, dossier) -> None:
    messages.success(
        request,
        _("Đã gửi đề nghị, số hồ sơ %(number)s. Kết quả sẽ được gửi qua tin nhắn và mục Thông báo.")
        % {"number": dossier.number},
    )


@login_required
def card_requests(request):
    person, card = _citizen_card(request)
    today = timezone.localdate()
    window = people_services.facility_change_window_on(today)
    context = {
        "card": card,
        "window": window,
        "upcoming": window
        if window.open
        else people_services.facility_change_window_on(window.next_start),
        "requests": selectors.card_requests_of(person),
    }
    return TemplateResponse(request, "dossiers/card_requests.html", context)


class CardReissueForm(NormalisedTextMixin, forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Lý do cấp lại"), choices=list(REASONS.items()), widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú (không bắt buộc)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@login_required
def card_reissue(request):
    _person, card = _citizen_card(request)
    form = CardReissueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = card_reissue_submit(user=request.user, **form.cleaned_data)
        except OpenvssError as exc:
            service_error_show(form, exc)
        else:
            _sent(request, dossier)
            return redirect("dossiers:card_reissue")
    return TemplateResponse(
        request,
        "dossiers/card_reissue_form.html",
        {"form": form, "card": card},
        status=422 if form.errors else 200,
    )


class CardCorrectionForm(NormalisedTextMixin, forms.Form):
    full_name = forms.CharField(
        label=gettext_lazy("Họ và tên đúng"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Nhập tiếng Việt có dấu, như trên giấy tờ. Để trống nếu không sửa."),
    )
    birth_date = forms.DateField(
        label=gettext_lazy("Ngày sinh đúng"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        help_text=gettext_lazy("Để trống nếu không sửa."),
    )
    sex = forms.ChoiceField(
        label=gettext_lazy("Giới tính đúng"),
        required=False,
        choices=[("", gettext_lazy("Không sửa")), *Sex.choices],
    )
    citizen_id = forms.CharField(
        label=gettext_lazy("Số CCCD trên giấy tờ"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    id_front = forms.FileField(label=gettext_lazy("Ảnh CCCD mặt trước"), required=False)
    id_back = forms.FileField(
        label=gettext_lazy("Ảnh CCCD mặt sau (không bắt buộc)"), required=False
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú (không bắt buộc)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@login_required
def card_correction(request):
    person, card = _citizen_card(request)
    kept = request.session.get(PHOTOS_KEY, {})
    form = CardCorrectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        kept = drafts.draft_photos_keep(request, form, session_key=PHOTOS_KEY, fields=PHOTOS)
        if form.is_valid():
            data = form.cleaned_data
            try:
                dossier = card_correction_submit(
                    user=request.user,
                    citizen_id=data["citizen_id"],
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    sex=data["sex"] or None,
                    id_front=drafts.draft_photo_open(kept.get("id_front", "")),
                    id_back=drafts.draft_photo_open(kept.get("id_back", "")),
                    note=data["note"],
                )
            except OpenvssError as exc:
                service_error_show(form, exc)
            else:
                drafts.draft_photos_discard(names=kept.values())
                request.session.pop(PHOTOS_KEY, None)
                _sent(request, dossier)
                return redirect("dossiers:card_reissue")
    elif person.citizen_id:
        form.initial["citizen_id"] = person.citizen_id
    return TemplateResponse(
        request,
        "dossiers/card_correction_form.html",
        {"form": form, "card": card, "person": person, "kept": kept},
        status=422 if form.errors else 200,
    )


class FacilityChangeForm(NormalisedTextMixin, forms.Form):
    facility = forms.ChoiceField(label=gettext_lazy("Nơi đăng ký KCB ban đầu mới"))
    note = forms.CharField(
        label=gettext_lazy("Ghi chú (không bắt buộc)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, facilities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = [("", "—")] + [
            (f.code, f"{f.name} ({f.code})") for f in facilities
        ]


@login_required
def facility_change(request):
    _person, card = _citizen_card(request)
    today = timezone.localdate()
    window = people_services.facility_change_window_on(today)
    facilities = []
    if card is not None:
        facilities = (
            people_selectors.facilities_for_registration(province_code=card.province_code, on=today)
            .exclude(pk=card.registered_facility_id)
            .only("code", "name")
            .order_by("name")
        )
    form = FacilityChangeForm(request.POST or None, facilities=facilities)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = facility_change_submit(
                user=request.user,
                facility_code=form.cleaned_data["facility"],
                note=form.cleaned_data["note"],
            )
        except OpenvssError as exc:
            service_error_show(form, exc)
        else:
            _sent(request, dossier)
            return redirect("dossiers:card_reissue")
    context = {
        "form": form,
        "card": card,
        "window": window,
        "upcoming": window
        if window.open
        else people_services.facility_change_window_on(window.next_start),
    }
    return TemplateResponse(
        request, "dossiers/facility_change_form.html", context, status=422 if form.errors else 200
    )
