"""Pages of the registration flow: form 01 → OTP → dossier number → "Xem tờ khai".
The applicant's dossier is remembered in the session (id and access key)."""

import contextlib
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from openvss.core.forms import service_error_show
from openvss.core.ratelimit import client_ip
from openvss.domain.text import nfc
from openvss.errors import OpenvssError
from openvss.places.models import Agency, Commune
from openvss.places.selectors import agencies_nearest

from . import drafts, engine, services
from .declaration import declaration_context, declaration_pdf
from .forms import (
    AdjustmentForm,
    ChildAccountForm,
    InfoChangeForm,
    OtpForm,
    RegistrationForm,
    StopForm,
    VisitDisputeForm,
)
from .kinds import adjustment, stop, visit_dispute
from .models import Dossier

SESSION_KEY = "dossier"


PHOTOS = ("portrait", "id_front", "id_back")
DRAFT_KEY = "registration_draft"
DRAFT_PHOTOS_KEY = "registration_photos"
TEXT_FIELDS = ("bhxh_code", "full_name", "birth_date", "citizen_id", "province", "commune",
               "address_line", "phone", "agency", "email", "org_code")  # fmt: skip


def _keep_photos(request, form) -> dict:
    return drafts.draft_photos_keep(request, form, session_key=DRAFT_PHOTOS_KEY, fields=PHOTOS)


def _declaration(draft: dict, photos: dict, request) -> dict:
    """The service's arguments from the draft's text and the kept photos."""
    birth = None
    with contextlib.suppress(ValueError):  # left empty: the service says what is missing
        birth = datetime.strptime(draft.get("birth_date", ""), "%d/%m/%Y").date()
    return {
        "bhxh_code": draft.get("bhxh_code", ""),
        "full_name": draft.get("full_name", ""),
        "birth_date": birth,
        "citizen_id": draft.get("citizen_id", ""),
        "commune_code": draft.get("commune", ""),
        "address_line": draft.get("address_line", ""),
        "phone": draft.get("phone", ""),
        "email": draft.get("email", ""),
        "agency_code": draft.get("agency", ""),
        "org_code": draft.get("org_code", ""),
        "portrait": drafts.draft_photo_open(photos.get("portrait", "")),
        "id_front": drafts.draft_photo_open(photos.get("id_front", "")),
        "id_back": drafts.draft_photo_open(photos.get("id_back", "")),
        "client_ip": client_ip(request),
    }


def _register_page(request, form, status=200):
    province = form["province"].value() or ""
    context = {
        "form": form,
        "agencies": agencies_nearest(province_code=province or None),
        "kept": request.session.get(DRAFT_PHOTOS_KEY, {}),
        "steps": 1,
    }
    return TemplateResponse(request, "dossiers/register.html", context, status=status)


def register(request):
    """Form 01, step 1 of 3: every error at once, photos kept between attempts."""
    province = request.POST.get("province") or request.GET.get("province") or ""
    agencies = agencies_nearest(province_code=province or None)
    if request.method != "POST":
        draft = request.session.get(DRAFT_KEY, {}) if "sua" in request.GET else {}
        if not draft:
            drafts.draft_photos_discard(names=request.session.pop(DRAFT_PHOTOS_KEY, {}).values())
        return _register_page(request, RegistrationForm(initial=draft, agencies=agencies))
    form = RegistrationForm(request.POST, request.FILES, agencies=agencies)
    form.is_valid()
    photos = _keep_photos(request, form)
    draft = {name: nfc(request.POST.get(name, "")) for name in TEXT_FIELDS}
    if birth := form.cleaned_data.get("birth_date"):
        draft["birth_date"] = birth.strftime("%d/%m/%Y")  # whichever way it was typed
    try:
        services.registration_check(**_declaration(draft, photos, request))
    except OpenvssError as exc:
        service_error_show(form, exc)
        return _register_page(request, form, status=exc.status if not form.errors else 422)
    if form.errors:
        return _register_page(request, form, status=422)
    request.session[DRAFT_KEY] = draft
    return redirect("dossiers:review")


def review(request):
    """Step 2 of 3: "Kiểm tra lại" before "Gửi" (guide 003); "Quay lại" keeps everything."""
    draft = request.session.get(DRAFT_KEY)
    if not draft:
        return redirect("dossiers:register")
    photos = request.session.get(DRAFT_PHOTOS_KEY, {})
    if request.method == "POST":
        try:
            submitted = services.registration_submit(**_declaration(draft, photos, request))
        except OpenvssError as exc:
            messages.error(request, exc.message)
            return redirect(f"{reverse('dossiers:register')}?sua=1")
        drafts.draft_photos_discard(names=photos.values())
        request.session.pop(DRAFT_KEY, None)
        request.session.pop(DRAFT_PHOTOS_KEY, None)
        request.session[SESSION_KEY] = {"id": submitted.dossier.pk, "key": submitted.access_key}
        request.session["otp_sent_to"] = submitted.otp_sent_to
        return redirect("dossiers:confirm")
    commune = Commune.objects.select_related("province").filter(code=draft.get("commune")).first()
    agency = Agency.objects.filter(code=draft.get("agency")).first()
    context = {"draft": draft, "commune": commune, "agency": agency, "photos": photos}
    return render(request, "dossiers/review.html", context)


def draft_photo(request, field: str):
    """A photo kept for the applicant's own unsent declaration (never a public URL)."""
    name = request.session.get(DRAFT_PHOTOS_KEY, {}).get(field, "")
    handle = drafts.draft_photo_open(name) if field in PHOTOS else None
    if handle is None:
        raise Http404
    with handle:
        response = HttpResponse(handle.read(), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def communes(request):
    """Options of the commune select for a province (htmx)."""
    form = RegistrationForm(initial={"province": request.GET.get("province", "")})
    return render(request, "dossiers/_commune_options.html", {"field": form["commune"]})


@require_GET
def agencies(request):
    """Options of the agency select, nearest to the chosen province first (htmx)."""
    items = agencies_nearest(province_code=request.GET.get("province") or None)
    return render(
        request,
        "dossiers/_agency_choices.html",
        {"agencies": items, "chosen": request.GET.get("agency", "")},
    )


def _session_dossier(request) -> Dossier:
    """The dossier this session just sent: by its access key, or, for a signed-in
    applicant's request that needed no OTP, as their own."""
    ref = request.session.get(SESSION_KEY)
    if not ref:
        raise Http404
    if not ref.get("key"):
        dossier = (
            Dossier.objects.select_related("agency", "person")
            .filter(pk=ref["id"], applicant_id=request.user.pk or 0)
            .exclude(status=Dossier.Status.EXPIRED)
            .first()
        )
        if dossier is None:
            raise Http404
        return dossier
    try:
        return services.dossier_for_applicant(dossier_id=ref["id"], access_key=ref["key"])
    except OpenvssError:
        raise Http404 from None


def _remember(request, dossier: Dossier) -> None:
    """The session follows the dossier just sent (OTP, done page, form 01)."""
    request.session[SESSION_KEY] = {"id": dossier.pk, "key": getattr(dossier, "access_key", "")}
    request.session["otp_sent_to"] = getattr(dossier, "otp_sent_to", "")


def _form01_dossier(request) -> Dossier:
    dossier = _session_dossier(request)
    if not engine.kind_for(dossier.kind).form01_section or not dossier.number:
        raise Http404
    return dossier


def confirm(request):
    dossier = _session_dossier(request)
    if dossier.status != Dossier.Status.AWAITING_OTP:
        return redirect("dossiers:done")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and "resend" in request.POST:
        form = OtpForm()
        try:
            request.session["otp_sent_to"] = services.dossier_resend_otp(dossier=dossier)
        except OpenvssError as exc:
            form.add_error(None, exc.message)
    elif request.method == "POST" and form.is_valid():
        try:
            services.dossier_confirm(dossier=dossier, otp=form.cleaned_data["otp"])
        except OpenvssError as exc:
            form.add_error("otp", exc.message)  # the full sentence: it says how many tries are left
        else:
            return redirect("dossiers:done")
    context = {
        "form": form,
        "sent_to": request.session.get("otp_sent_to", ""),
        "dossier": dossier,
        # The guest's registration goes in three steps; a signed-in citizen's request in one.
        "steps": dossier.applicant_id is None,
    }
    return TemplateResponse(
        request, "dossiers/confirm.html", context, status=422 if form.errors else 200
    )


def done(request):
    dossier = _session_dossier(request)
    if dossier.status == Dossier.Status.AWAITING_OTP:
        return redirect("dossiers:confirm")
    kind = engine.kind_for(dossier.kind)
    context = {"dossier": dossier, "form01": kind.form01_section, "kind": kind}
    return render(request, "dossiers/done.html", context)


def declaration(request):
    dossier = _form01_dossier(request)
    context = {
        "d": declaration_context(dossier),
        "dossier": dossier,
        "portrait_url": reverse("dossiers:portrait"),
        "pdf_url": reverse("dossiers:declaration_pdf"),
    }
    return render(request, "dossiers/declaration.html", context)


def declaration_as_pdf(request):
    dossier = _form01_dossier(request)
    response = HttpResponse(declaration_pdf(dossier), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="to-khai-{dossier.number.replace("/", "-")}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def portrait(request):
    """The applicant's own portrait, for the declaration page (never a public URL)."""
    dossier = _session_dossier(request)
    photo = dossier.files.filter(kind="portrait").first()
    if photo is None:
        raise Http404
    with photo.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def child_account(request):
    province = (
        request.user.person.commune.province_id
        if request.user.person and request.user.person.commune_id
        else None
    )
    agencies_list = agencies_nearest(province_code=province)
    form = ChildAccountForm(request.POST or None, request.FILES or None, agencies=agencies_list)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submitted = services.child_account_submit(
                parent=request.user,
                child_bhxh_code=data["child_bhxh_code"],
                child_full_name=data["child_full_name"],
                birth_certificate=data["birth_certificate"],
                portrait=data["portrait"],
                agency_code=data["agency"],
            )
        except OpenvssError as exc:
            service_error_show(form, exc)
        else:
            _remember(request, submitted.dossier)
            return redirect("dossiers:confirm")
    return TemplateResponse(
        request, "dossiers/child_account.html", {"form": form}, status=422 if form.errors else 200
    )


def _citizen(request):
    if request.user.person_id is None:
        raise Http404
    return request.user


def _sent(request, dossier: Dossier):
    """After a signed-in citizen's request: the OTP page if it waits for one, else done."""
    _remember(request, dossier)
    if dossier.status == Dossier.Status.AWAITING_OTP:
        return redirect("dossiers:confirm")
    return redirect("dossiers:done")


def _form_page(request, template: str, form, **context):
    context = {"form": form, **context}
    return TemplateResponse(request, template, context, status=422 if form.errors else 200)


@login_required
def adjust(request):
    """Form 01 §2: change the phone, email or digital certificate for e-transactions."""
    user = _citizen(request)
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = adjustment.adjustment_submit(user=user, **form.cleaned_data)
        except OpenvssError as exc:
            service_error_show(form, exc)
        else:
            return _sent(request, dossier)
    return _form_page(
        request, "dossiers/adjust.html", form, certificate=adjustment.certificate_current(user)
    )


@login_required
def stop_page(request):
    """Form 01 §3: stop using e-transactions (the account is closed on approval)."""
    user = _citizen(request)
    form = StopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = stop.stop_submit(user=user, **form.cleaned_data)
        except OpenvssError as exc:
            service_error_show(form, exc)
        else:
            return _sent(request, dossier)
    return _form_page(request, "dossiers/stop.html", form)


@login_required
def info_change(request):
    """Ask to change phone, email or address; an officer checks and applies it."""
    form = InfoChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k != "province"}
            dossier = services.info_change_submit(user=request.user, **data)
        except OpenvssError as exc:
            form.add_error(None, exc.message)
        else:
            if dossier.status == Dossier.Status.AWAITING_OTP:
                return _sent(request, dossier)
            messages.success(
                request,
                _("Đã gửi yêu cầu điều chỉnh, số hồ sơ %(number)s.") % {"number": dossier.number},
            )
            return redirect("web:citizen")
    return _form_page(request, "dossiers/info_change.html", form)


@login_required
def visit_dispute_page(request, visit_id: int):
    """ "Tôi không sử dụng dịch vụ này": the reason and a confirmation, then the case."""
    user = _citizen(request)
    visit = visit_dispute.visit_of(user, visit_id)
    form = VisitDisputeForm(request.POST or None, reasons=visit_dispute.REASONS)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = visit_dispute.visit_dispute_open(
                user=user,
                visit_id=visit_id,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                confirm=form.cleaned_data["confirm"],
            )
        except OpenvssError as exc:
            service_error_show(form, exc)
        else:
            messages.success(
                request,
                _("Đã gửi phản ánh, số hồ sơ %(number)s. Cơ quan BHXH sẽ xác minh.")
                % {"number": dossier.number},
            )
            return redirect(f"{reverse('people:visits')}?nam={visit.admitted_on.year}")
    return _form_page(request, "dossiers/visit_dispute.html", form, visit=visit)
