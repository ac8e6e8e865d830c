"""The organisation's pages (/to-chuc/…): registration for e-transactions, sign-in with
the unit code ("Tổ chức" on the login page), the first steps (password, authenticator),
the home page and the users. Thin: forms in, one service call, a template out; who may see
what is decided in access.py only."""

import segno
from django.contrib import messages
from django.contrib.auth import login as session_login
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openvss.accounts.admin_site import _base32
from openvss.accounts.models import Device
from openvss.accounts.views import _device_id, _remember_device
from openvss.core.forms import service_error_show
from openvss.core.ratelimit import client_ip
from openvss.errors import OpenvssError

from . import selectors, services
from .access import Step, onboarding_member, org_page, pending_step, totp_confirmed
from .forms import MemberForm, OrgLoginForm, OrgRegistrationForm, OtpForm, PasswordForm, TotpForm
from .models import OrganisationMember

PENDING_LOGIN_SECONDS = 300


def _form_errors(form, exc: OpenvssError) -> None:
    form.error_status = exc.status  # 429 for a rate limit, 401 for a refused sign-in…
    service_error_show(form, exc)


def _page(request, template, context, form=None):
    status = getattr(form, "error_status", 422) if form is not None and form.errors else 200
    return TemplateResponse(request, template, context, status=status)


# --- registration ----------------------------------------------------------------------


def register(request):
    form = OrgRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submitted = services.registration_submit(
                **form.cleaned_data, client_ip=client_ip(request)
            )
        except OpenvssError as exc:
            _form_errors(form, exc)
        else:
            request.session["org_registration"] = {
                "id": submitted.dossier.pk,
                "key": submitted.access_key,
                "sent_to": submitted.otp_sent_to,
            }
            return redirect("organisations:register_confirm")
    return _page(request, "organisations/register.html", {"form": form}, form)


def _registration(request):
    pending = request.session.get("org_registration")
    if not pending:
        return None, None
    try:
        dossier = services.registration_get(dossier_id=pending["id"], access_key=pending["key"])
    except OpenvssError:
        request.session.pop("org_registration", None)
        return None, None
    return pending, dossier


def register_confirm(request):
    pending, dossier = _registration(request)
    if dossier is None:
        return redirect("organisations:register")
    form = OtpForm(request.POST if "confirm" in request.POST else None)
    if request.method == "POST" and "resend" in request.POST:
        try:
            pending["sent_to"] = services.registration_resend_otp(dossier=dossier)
            request.session["org_registration"] = pending
            messages.success(request, _("Đã gửi lại mã OTP."))
        except OpenvssError as exc:
            _form_errors(form, exc)
    elif request.method == "POST" and form.is_valid():
        try:
            services.registration_confirm(dossier=dossier, otp=form.cleaned_data["otp"])
        except OpenvssError as exc:
            _form_errors(form, exc)
        else:
            return redirect("organisations:register_done")
    context = {"form": form, "sent_to": pending["sent_to"], "dossier": dossier}
    return _page(request, "organisations/register_confirm.html", context, form)


def register_done(request):
    _pending, dossier = _registration(request)
    if dossier is None or not dossier.number:
        return redirect("organisations:register")
    return TemplateResponse(request, "organisations/register_done.html", {"dossier": dossier})


# --- sign-in -------------------------------------------------------------------------


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def _finish(request, member: OrganisationMember, tokens, device_id: str, target: str):
    session_login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session["device_pk"] = tokens.device.pk
    step = pending_step(member, tokens.device.pk)
    if step == Step.PASSWORD:
        response = redirect("organisations:password")
    elif step == Step.TOTP_ENROL:
        response = redirect("organisations:totp_enrol")
    else:
        response = redirect(target or "organisations:home")
    return _remember_device(response, request, device_id)


def login_view(request):
    """ "Tổ chức" on the login page: mã đơn vị, tên đăng nhập, mật khẩu; then the code of
    the authenticator app once the user has one."""
    device_id = _device_id(request)
    form = OrgLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = request.headers.get("User-Agent", "")[:120]
        try:
            member = services.sign_in_password(
                unit_code=form.cleaned_data["unit_code"],
                login=form.cleaned_data["login"],
                password=form.cleaned_data["password"],
                device_id=device_id,
                device_name=name,
                ip=client_ip(request),
            )
            if totp_confirmed(member.user):
                request.session["org_login"] = {
                    "member": member.pk,
                    "device": device_id,
                    "until": timezone.now().timestamp() + PENDING_LOGIN_SECONDS,
                    "next": _next(request),
                }
                return _remember_device(redirect("organisations:login_totp"), request, device_id)
            tokens = services.sign_in_complete(
                member=member, device_id=device_id, device_name=name, ip=client_ip(request),
                verified=False,
            )  # fmt: skip
        except OpenvssError as exc:
            form.add_error(None, exc.message)
            form.error_status = exc.status  # 401, or 429 when locked out
        else:
            return _finish(request, member, tokens, device_id, _next(request))
    context = {"form": form, "next": _next(request)}
    return _page(request, "organisations/login.html", context, form)


def login_totp(request):
    pending = request.session.get("org_login")
    if not pending or pending["until"] < timezone.now().timestamp():
        request.session.pop("org_login", None)
        return redirect("organisations:login")
    member = (
        OrganisationMember.objects.select_related("user", "organisation__employer")
        .filter(pk=pending["member"], is_active=True)
        .first()
    )
    if member is None:
        return redirect("organisations:login")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_check(member, form.cleaned_data["totp"])
            tokens = services.sign_in_complete(
                member=member,
                device_id=pending["device"],
                device_name=request.headers.get("User-Agent", "")[:120],
                ip=client_ip(request),
                verified=True,
            )
        except OpenvssError as exc:
            _form_errors(form, exc)
        else:
            request.session.pop("org_login", None)
            return _finish(request, member, tokens, pending["device"], pending.get("next", ""))
    return _page(request, "organisations/login_totp.html", {"form": form}, form)


# --- first steps: the password, the authenticator ----------------------------------------


def _session_device(request) -> Device | None:
    return Device.objects.filter(
        pk=request.session.get("device_pk"), user=request.user, signed_out_at__isnull=True
    ).first()


def password(request):
    member = onboarding_member(request)
    if member is None:
        return redirect("organisations:login")
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                member=member,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
                keep_device=_session_device(request),
            )
        except OpenvssError as exc:
            exc.fields = {
                ("new_password1" if k == "new_password" else k): v for k, v in exc.fields.items()
            }
            _form_errors(form, exc)
        else:
            update_session_auth_hash(request, member.user)
            messages.success(request, _("Đã đổi mật khẩu."))
            if not totp_confirmed(member.user):
                return redirect("organisations:totp_enrol")
            return redirect("organisations:home")
    context = {"form": form, "first": member.user.must_change_password}
    return _page(request, "organisations/password.html", context, form)


def totp_enrol(request):
    """Install the authenticator app: a QR code, then one code from it."""
    member = onboarding_member(request)
    if member is None:
        return redirect("organisations:login")
    if member.user.must_change_password:
        return redirect("organisations:password")
    if totp_confirmed(member.user):
        return redirect("organisations:home")
    form = TotpForm(request.POST or None)
    authenticator = services.totp_enrol_start(member)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_enrol_confirm(
                member=member, token=form.cleaned_data["totp"], device=_session_device(request)
            )
        except OpenvssError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã bật xác thực hai bước."))
            return redirect("organisations:home")
    qr = segno.make(authenticator.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": mark_safe(qr.svg_inline(scale=4)),  # noqa: S308 - our own SVG
        "secret": _base32(authenticator.bin_key),
    }
    return _page(request, "organisations/totp_enrol.html", context, form)


# --- the organisation's pages ----------------------------------------------------------


@org_page()
def home(request, member):
    context = {
        "member": member,
        "organisation": member.organisation,
    }
    return TemplateResponse(request, "organisations/home.html", context)


@org_page(OrganisationMember.Role.ADMIN)
def members(request, member):
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.member_add(by=member, **form.cleaned_data)
        except OpenvssError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã tạo tài khoản %(login)s; mật khẩu lần đầu đã gửi đến %(email)s.")
                % {"login": added.login, "email": added.email},
            )
            return redirect("organisations:members")
    context = {"form": form, "members": selectors.members(member), "me": member}
    return _page(request, "organisations/members.html", context, form)


@require_POST
@org_page(OrganisationMember.Role.ADMIN)
def member_deactivate(request, member, member_id: int):
    try:
        stopped = services.member_deactivate(by=member, member_id=member_id)
    except OpenvssError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã khóa tài khoản %(login)s.") % {"login": stopped.login})
    return redirect(reverse("organisations:members"))


@require_POST
@org_page(OrganisationMember.Role.ADMIN)
def member_reset(request, member, member_id: int):
    try:
        reset = services.member_reset(by=member, member_id=member_id)
    except OpenvssError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã cấp lại mật khẩu cho %(login)s; mật khẩu mới đã gửi đến %(email)s.")
            % {"login": reset.login, "email": reset.email},
        )
    return redirect(reverse("organisations:members"))
