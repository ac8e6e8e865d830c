"""The back office's front door: password (throttled by django-axes, per username and IP)
then a TOTP code from the officer's authenticator app (django-otp).

- Wrong passwords: 5 per username *and* IP address lock that pair for 15 minutes
  (``AXES_*`` in settings). Locking on the pair, with a cool-off that is not extended by
  further failures, means an outsider who hammers an officer's username locks only their
  own address, and never for longer than 15 minutes after their last try: the officer,
  from the agency's network, still signs in.
- Second factor: an officer with a confirmed TOTP device types its 6-digit code; one
  without a device is shown a QR code to enrol one, and must type a code from it once
  (``STAFF_TOTP_SELF_ENROL``; set it off to have administrators enrol devices instead).
  Until then the session reaches nothing in the back office: ``has_permission`` requires a
  verified device. Codes are throttled by the device itself (growing delays) and per user.
"""

import segno
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from openvss.core.ratelimit import rate_limit_hit
from openvss.errors import RateLimited

TOTP_PATH = "xac-thuc-hai-buoc/"


class StaffAdminSite(admin.AdminSite):
    site_header = gettext_lazy("BHXH số – Hệ thống nghiệp vụ")
    site_title = gettext_lazy("BHXH số")
    index_title = gettext_lazy("Quản trị nghiệp vụ")

    def has_permission(self, request):
        return super().has_permission(request) and _verified(request.user)

    def login(self, request, extra_context=None):
        # Password already checked in this session: go on to the second factor.
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff and not _verified(user):
            return HttpResponseRedirect(self._totp_url(request))
        response = super().login(request, extra_context)
        signed_in = request.method == "POST" and request.user.is_authenticated
        if signed_in and not _verified(request.user):
            return HttpResponseRedirect(self._totp_url(request))
        return response

    def _totp_url(self, request) -> str:
        target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
        url = reverse("admin:staff_totp", current_app=self.name)
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            from urllib.parse import urlencode

            url += "?" + urlencode({REDIRECT_FIELD_NAME: target})
        return url

    def get_urls(self):
        return [path(TOTP_PATH, self.totp_view, name="staff_totp"), *super().get_urls()]

    def totp_view(self, request):
        """Step two: the code of a confirmed device, or enrolment of a new one."""
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        enrolling = device is None
        if enrolling:
            if not settings.STAFF_TOTP_SELF_ENROL:
                return render(
                    request,
                    "admin/staff_totp.html",
                    self._context(request, no_device=True),
                    status=403,
                )
            device, _created = TOTPDevice.objects.get_or_create(
                user=user, confirmed=False, defaults={"name": "Ứng dụng xác thực"}
            )
        error = ""
        status = 200
        if request.method == "POST":
            token = "".join((request.POST.get("otp_token") or "").split())
            try:
                rate_limit_hit("staff-totp", str(user.pk), limit=10, window=900)
            except RateLimited as exc:
                error, status = exc.message, 429
            else:
                if token.isdigit() and len(token) == 6 and device.verify_token(token):
                    if enrolling:
                        device.confirmed = True
                        device.save(update_fields=["confirmed"])
                    otp_login(request, device)
                    target = request.GET.get(REDIRECT_FIELD_NAME, "")
                    if not url_has_allowed_host_and_scheme(
                        target, allowed_hosts={request.get_host()}
                    ):
                        target = reverse("admin:index", current_app=self.name)
                    return HttpResponseRedirect(target)
                error, status = _("Mã xác thực không đúng hoặc đã hết hạn. Vui lòng thử lại."), 422
        context = self._context(request, enrolling=enrolling, error=error)
        if enrolling:
            qr = segno.make(device.config_url, error="m")
            context["qr_svg"] = mark_safe(qr.svg_inline(scale=4))  # noqa: S308 - our own SVG
            context["secret"] = _base32(device.bin_key)
        return render(request, "admin/staff_totp.html", context, status=status)

    def _context(self, request, **extra):
        return {**self.each_context(request), "title": _("Xác thực hai bước"), **extra}


def _verified(user) -> bool:
    """OTPMiddleware adds ``is_verified``; a user just signed in by the login form (same
    request) has not passed a device yet."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def _base32(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
