import json
import secrets

from captcha.fields import CaptchaField
from django import forms
from django.contrib import messages
from django.contrib.auth import login as session_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openvss.core.normalise import NormalisedTextMixin
from openvss.core.ratelimit import client_ip
from openvss.errors import InvalidInput, NotAuthenticated, OpenvssError

from . import passkeys, recovery, selectors, signin


class PasswordChangeView(auth_views.PasswordChangeView):
    """Old, new, repeat; then an OTP to the registered phone before the change applies."""

    template_name = "accounts/password_change.html"

    def form_valid(self, form):
        try:
            started = signin.password_change_start(
                user=self.request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except OpenvssError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        self.request.session["password_change"] = {
            "challenge": started.challenge,
            "sent_to": started.sent_to,
        }
        return redirect("accounts:password_change_confirm")


def password_change_confirm(request):
    pending = request.session.get("password_change")
    if not request.user.is_authenticated or not pending:
        return redirect("accounts:password_change")
    form = SwitchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = selectors.device_of(user=request.user, pk=request.session.get("device_pk"))
        try:
            signin.password_change_confirm(
                user=request.user,
                challenge=pending["challenge"],
                otp=form.cleaned_data["otp"],
                keep_device=device,
            )
        except OpenvssError as exc:
            form.add_error("otp", exc.message)
        else:
            request.session.pop("password_change", None)
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Đã đổi mật khẩu."))
            return redirect("web:citizen")
    return TemplateResponse(
        request,
        "accounts/password_change_confirm.html",
        {"form": form, "sent_to": pending["sent_to"]},
        status=422 if form.errors else 200,
    )


DEVICE_COOKIE = "ovss_device"


# OTP boxes: digits keyboard, and the phone may fill the code from the SMS.
OTP_INPUT = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"})


class LoginForm(NormalisedTextMixin, forms.Form):
    username = forms.CharField(
        label=_("Mã số BHXH"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "numeric"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=128,
    )


class SwitchForm(NormalisedTextMixin, forms.Form):
    otp = forms.CharField(label=_("Nhập mã OTP"), min_length=6, max_length=6, widget=OTP_INPUT)


def _device_id(request) -> str:
    return request.COOKIES.get(DEVICE_COOKIE) or secrets.token_urlsafe(16)


def _finish(request, tokens, device_id: str):
    session_login(request, tokens.device.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session["device_pk"] = tokens.device.pk
    target = request.session.pop("login_next", "") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    response = redirect(target or "web:citizen")
    return _remember_device(response, request, device_id)


def _remember_device(response, request, device_id: str):
    """The device cookie identifies this browser as one device for the one-device rule."""
    response.set_cookie(
        DEVICE_COOKIE,
        device_id,
        max_age=5 * 365 * 86400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def _start_switch(request, result, device_id: str) -> None:
    request.session["device_switch"] = {
        "challenge": result.challenge,
        "sent_to": result.sent_to,
        "device": device_id,
    }


def login_view(request):
    """Sign in with the mã số BHXH; a second device must confirm an OTP (seed 004 §1.4)."""
    device_id = _device_id(request)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = signin.login(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                device_id=device_id,
                device_name=request.headers.get("User-Agent", "")[:120],
                ip=client_ip(request),
            )
        except OpenvssError as exc:
            form.add_error(None, exc.message)
        else:
            if isinstance(result, signin.SwitchRequired):
                _start_switch(request, result, device_id)
                request.session["login_next"] = request.GET.get("next", "")
                return _remember_device(redirect("accounts:device_switch"), request, device_id)
            return _finish(request, result, device_id)
    status = 401 if form.errors else 200
    response = TemplateResponse(request, "core/login.html", {"form": form}, status=status)
    return response


def device_switch_view(request):
    pending = request.session.get("device_switch")
    if not pending:
        return redirect("login")
    form = SwitchForm(request.POST or None)
    if request.method == "POST" and "via_email" in request.POST:
        form = SwitchForm()
        try:
            pending["sent_to"] = signin.device_switch_resend(
                challenge=pending["challenge"], via="email"
            )
            request.session["device_switch"] = pending
        except OpenvssError as exc:
            form.add_error(None, exc.message)
    elif request.method == "POST" and form.is_valid():
        try:
            tokens = signin.device_switch_confirm(
                challenge=pending["challenge"], otp=form.cleaned_data["otp"], ip=client_ip(request)
            )
        except OpenvssError as exc:
            form.add_error("otp", exc.message)
        else:
            request.session.pop("device_switch", None)
            return _finish(request, tokens, pending["device"])
    return TemplateResponse(
        request,
        "accounts/device_switch.html",
        {"form": form, "sent_to": pending["sent_to"]},
        status=422 if form.errors else 200,
    )


class ForgotForm(NormalisedTextMixin, forms.Form):
    """The portal's "Quên mật khẩu": mã số BHXH, registered email and the check code."""

    bhxh_code = forms.CharField(label=_("Mã số BHXH"), max_length=20)
    email = forms.EmailField(label=_("Email đã đăng ký"))
    captcha = CaptchaField(label=_("Nhập mã kiểm tra"))


def forgot_password(request):
    form = ForgotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = recovery.password_reset_start(
                bhxh_code=form.cleaned_data["bhxh_code"],
                email=form.cleaned_data["email"],
                ip=client_ip(request),
            )
        except OpenvssError as exc:
            form.add_error(None, exc.message)
        else:
            request.session["password_reset"] = challenge
            return redirect("accounts:forgot_confirm")
    return TemplateResponse(
        request, "accounts/forgot.html", {"form": form}, status=422 if form.errors else 200
    )


def forgot_confirm(request):
    challenge = request.session.get("password_reset")
    if not challenge:
        return redirect("accounts:forgot")
    form = SwitchForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            recovery.password_reset_confirm(challenge=challenge, otp=form.cleaned_data["otp"])
        except OpenvssError as exc:
            form.add_error("otp", exc.message)
        else:
            request.session.pop("password_reset", None)
            done = True
    context = {"form": form, "done": done, "generic": recovery.GENERIC_ANSWER}
    return TemplateResponse(
        request, "accounts/forgot_confirm.html", context, status=422 if form.errors else 200
    )


# --- passkeys ("đăng nhập bằng vân tay") -------------------------------------------------


def _rp(request) -> tuple[str, str]:
    """The relying party is this site: its host name and its origin."""
    origin = request.build_absolute_uri("/").rstrip("/")
    return request.get_host().split(":")[0], origin


def _json_body(request) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise InvalidInput(_("Dữ liệu gửi lên không hợp lệ."), code="invalid")
    return body


def _json_error(exc: OpenvssError) -> JsonResponse:
    return JsonResponse(exc.as_dict(), status=exc.status)


@require_POST
def passkey_register_options(request):
    if not request.user.is_authenticated:
        return _json_error(NotAuthenticated())
    device = selectors.device_of(
        user=request.user, pk=request.session.get("device_pk"), signed_in_only=True
    )
    if device is None:
        return _json_error(
            NotAuthenticated(_("Vui lòng đăng nhập lại trên thiết bị này."), code="no_device")
        )
    rp_id, _origin = _rp(request)
    return HttpResponse(
        passkeys.registration_options(user=request.user, device=device, rp_id=rp_id),
        content_type="application/json",
    )


@require_POST
def passkey_register(request):
    if not request.user.is_authenticated:
        return _json_error(NotAuthenticated())
    device = selectors.device_of(
        user=request.user, pk=request.session.get("device_pk"), signed_in_only=True
    )
    try:
        if device is None:
            raise NotAuthenticated(_("Vui lòng đăng nhập lại trên thiết bị này."), code="no_device")
        rp_id, origin = _rp(request)
        credential = json.dumps(_json_body(request).get("credential"))
        passkeys.registration_verify(
            user=request.user, device=device, credential=credential, rp_id=rp_id, origin=origin
        )
    except OpenvssError as exc:
        return _json_error(exc)
    return JsonResponse({"message": _("Đã bật đăng nhập bằng vân tay trên thiết bị này.")})


@require_POST
def passkey_login_options(request):
    try:
        rp_id, _origin = _rp(request)
        ticket, options = passkeys.authentication_options(
            username=str(_json_body(request).get("username", ""))[:20],
            device_id=request.COOKIES.get(DEVICE_COOKIE, ""),
            rp_id=rp_id,
            ip=client_ip(request),
        )
    except OpenvssError as exc:
        return _json_error(exc)
    return JsonResponse({"ticket": ticket, "options": json.loads(options)})


@require_POST
def passkey_login(request):
    device_id = request.COOKIES.get(DEVICE_COOKIE, "")
    try:
        body = _json_body(request)
        rp_id, origin = _rp(request)
        result = passkeys.authentication_verify(
            ticket=str(body.get("ticket", "")),
            credential=json.dumps(body.get("credential")),
            rp_id=rp_id,
            origin=origin,
            device_name=request.headers.get("User-Agent", "")[:120],
            ip=client_ip(request),
        )
    except OpenvssError as exc:
        return _json_error(exc)
    if isinstance(result, signin.SwitchRequired):
        _start_switch(request, result, device_id)
        return JsonResponse({"redirect": reverse("accounts:device_switch")})
    redirect_response = _finish(request, result, device_id)
    response = JsonResponse({"redirect": redirect_response["Location"]})
    for cookie in redirect_response.cookies.values():
        response.cookies[cookie.key] = cookie
    return response


@login_required
def devices(request):
    """My devices and my login history; any device can be signed out from here."""
    if request.method == "POST":
        device = selectors.device_of(user=request.user, pk=request.POST.get("device"))
        if device is not None:
            signin.device_sign_out(device=device)
            messages.success(request, _("Đã đăng xuất thiết bị."))
        return redirect("accounts:devices")
    context = {
        "devices": selectors.devices_of(user=request.user, limit=20),
        "events": selectors.login_events_of(user=request.user, limit=50),
        "current_pk": request.session.get("device_pk"),
    }
    return render(request, "accounts/devices.html", context)


class LogoutView(auth_views.LogoutView):
    """Signing out also clears what the browser kept for offline use (the card page)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
