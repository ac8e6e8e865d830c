from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class ForcePasswordChangeMiddleware:
    """An account issued with a one-time password must change it before anything else."""

    # and its OTP step; organisations' pages lead their users through their own first steps
    # (and the JavaScript catalogue every page loads: redirected, it is HTML, a script error)
    ALLOWED = (
        "/tai-khoan/doi-mat-khau/", "/dang-xuat/", "/static/", "/i18n/", "/jsi18n/", "/to-chuc/",
    )  # fmt: skip

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(self.ALLOWED)
            and not request.path.startswith("/api/")
        ):
            return redirect(reverse("accounts:password_change"))
        return self.get_response(request)


class DeviceSessionMiddleware:
    """A web session belongs to the device it signed in on: when that device is signed out
    (a newer device confirmed its OTP, or the citizen signed it out), the session ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        device_pk = request.session.get("device_pk") if hasattr(request, "session") else None
        if device_pk and request.user.is_authenticated:
            from django.contrib import messages
            from django.contrib.auth import logout

            from .models import Device

            if not Device.objects.filter(
                pk=device_pk, user=request.user, signed_out_at__isnull=True
            ).exists():
                logout(request)
                messages.warning(
                    request,
                    _(
                        "Tài khoản đã đăng nhập trên thiết bị khác. Phiên trên thiết bị này đã kết thúc."
                    ),
                )
                return redirect(reverse("login"))
        return self.get_response(request)
