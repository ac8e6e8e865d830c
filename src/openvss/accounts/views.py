import secrets

from captcha.fields import CaptchaField
from django import forms
from django.contrib import messages
from django.contrib.auth import login as session_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from openvss.core.ratelimit import client_ip
from openvss.errors import OpenvssError

from . import recovery, signin
from .models import Device


@login_required
def home(request):
    context = {
        "person": request.user.person,
        "change_recommended": signin.password_change_recommended(request.user),
    }
    return render(request, "accounts/home.html", context)


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
        device = Device.objects.filter(pk=request.session.get("device_pk")).first()
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
            return redirect("accounts:home")
    return TemplateResponse(
        request,
        "accounts/password_change_confirm.html",
        {"form": form, "sent_to": pending["sent_to"]},
        status=422 if form.errors else 200,
    )


DEVICE_COOKIE = "ovss_device"


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Mã số BHXH"), max_length=20)
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, max_length=128)


class SwitchForm(forms.Form):
    otp = forms.CharField(label=_("Nhập mã OTP"), min_length=6, max_length=6)


def _device_id(request) -> str:
    return request.COOKIES.get(DEVICE_COOKIE) or secrets.token_urlsafe(16)


def _finish(request, tokens, device_id: str):
    session_login(request, tokens.device.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session["device_pk"] = tokens.device.pk
    target = request.session.pop("login_next", "") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    response = redirect(target or "accounts:home")
    response.set_cookie(
        DEVICE_COOKIE,
        device_id,
        max_age=5 * 365 * 86400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


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
                request.session["device_switch"] = {
                    "challenge": result.challenge,
                    "sent_to": result.sent_to,
                    "device": device_id,
                }
                request.session["login_next"] = request.GET.get("next", "")
                response = redirect("accounts:device_switch")
                response.set_cookie(
                    DEVICE_COOKIE,
                    device_id,
                    max_age=5 * 365 * 86400,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
                return response
            return _finish(request, result, device_id)
    status = 401 if form.errors else 200
    response = TemplateResponse(request, "core/login.html", {"form": form}, status=status)
    return response


def device_switch_view(request):
    pending = request.session.get("device_switch")
    if not pending:
        return redirect("login")
    form = SwitchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
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


class ForgotForm(forms.Form):
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
