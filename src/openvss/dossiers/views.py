"""Pages of the registration flow: form 01 → OTP → dossier number → "Xem tờ khai".
The applicant's dossier is remembered in the session (id and access key)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from openvss.core.ratelimit import client_ip
from openvss.errors import OpenvssError
from openvss.places.selectors import agencies_nearest

from . import services
from .declaration import declaration_context, declaration_pdf
from .forms import ChildAccountForm, OtpForm, RegistrationForm
from .models import Dossier

SESSION_KEY = "dossier"


def _apply_error(form, error: OpenvssError) -> None:
    """Show a service error beside the fields it names, or at the top of the form."""
    placed = False
    for field, messages in error.fields.items():
        target = {"commune": "commune", "qr": None}.get(field, field)
        for message in messages:
            if target in form.fields:
                form.add_error(target, message)
                placed = True
    if not placed:
        form.add_error(None, error.message)


def register(request):
    province = request.POST.get("province") or request.GET.get("province") or ""
    agencies = agencies_nearest(province_code=province or None)
    form = RegistrationForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submitted = services.registration_submit(
                bhxh_code=data["bhxh_code"],
                full_name=data["full_name"],
                birth_date=data["birth_date"],
                citizen_id=data["citizen_id"],
                commune_code=data["commune"],
                address_line=data["address_line"],
                phone=data["phone"],
                email=data["email"],
                agency_code=data["agency"],
                portrait=data["portrait"],
                id_front=data["id_front"],
                id_back=data["id_back"],
                client_ip=client_ip(request),
            )
        except OpenvssError as exc:
            _apply_error(form, exc)
            return TemplateResponse(
                request, "dossiers/register.html", {"form": form}, status=exc.status
            )
        request.session[SESSION_KEY] = {"id": submitted.dossier.pk, "key": submitted.access_key}
        request.session["otp_sent_to"] = submitted.otp_sent_to
        return redirect("dossiers:confirm")
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "dossiers/register.html", {"form": form}, status=status)


@require_GET
def communes(request):
    """Options of the commune select for a province (htmx)."""
    form = RegistrationForm(initial={"province": request.GET.get("province", "")})
    return render(request, "dossiers/_commune_options.html", {"field": form["commune"]})


@require_GET
def agencies(request):
    """Options of the agency select, nearest to the chosen province first (htmx)."""
    items = agencies_nearest(province_code=request.GET.get("province") or None)
    return render(request, "dossiers/_agency_options.html", {"agencies": items})


def _session_dossier(request) -> Dossier:
    ref = request.session.get(SESSION_KEY)
    if not ref:
        raise Http404
    try:
        return services.dossier_for_applicant(dossier_id=ref["id"], access_key=ref["key"])
    except OpenvssError:
        raise Http404 from None


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
    context = {"form": form, "sent_to": request.session.get("otp_sent_to", ""), "dossier": dossier}
    return TemplateResponse(
        request, "dossiers/confirm.html", context, status=422 if form.errors else 200
    )


def done(request):
    dossier = _session_dossier(request)
    if dossier.status == Dossier.Status.AWAITING_OTP:
        return redirect("dossiers:confirm")
    return render(request, "dossiers/done.html", {"dossier": dossier})


def declaration(request):
    dossier = _session_dossier(request)
    if dossier.kind != Dossier.Kind.REGISTRATION or not dossier.number:
        raise Http404
    return render(
        request,
        "dossiers/declaration.html",
        {"d": declaration_context(dossier), "dossier": dossier},
    )


def declaration_as_pdf(request):
    dossier = _session_dossier(request)
    if dossier.kind != Dossier.Kind.REGISTRATION or not dossier.number:
        raise Http404
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
                agency_code=data["agency"],
            )
        except OpenvssError as exc:
            _apply_error(form, exc)
        else:
            request.session[SESSION_KEY] = {"id": submitted.dossier.pk, "key": submitted.access_key}
            request.session["otp_sent_to"] = submitted.otp_sent_to
            return redirect("dossiers:confirm")
    return TemplateResponse(
        request, "dossiers/child_account.html", {"form": form}, status=422 if form.errors else 200
    )
