"""The app shell's own pages: the two home screens, personal details, settings, the list of
public services, the web manifest and the error pages. Each reads through selectors."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openvss.accounts import passkeys, signin
from openvss.errors import OpenvssError
from openvss.messaging.selectors import inbox_unread_count

from . import tiles


def home(request):
    """The guest home (VssID before sign-in); a signed-in citizen goes to their own home."""
    if request.user.is_authenticated and getattr(request.user, "person_id", None):
        return redirect("web:citizen")
    if request.user.is_authenticated and not request.user.is_staff:
        return redirect("organisations:home")  # an organisation's user (no person)
    return render(request, "web/home.html", {"tiles": tiles.available(tiles.GUEST_TILES)})


@login_required
def citizen_home(request):
    """The citizen's home: their name, the unread count and the tiles of their records."""
    user = request.user
    if not user.person_id:
        return redirect("admin:index" if user.is_staff else "home")
    context = {
        "person": user.person,
        "tiles": tiles.available(tiles.CITIZEN_TILES),
        "unread": inbox_unread_count(user=user),
        "change_recommended": signin.password_change_recommended(user),
    }
    return render(request, "web/citizen_home.html", context)


@login_required
def personal(request):
    """Quản lý cá nhân (guide 004 §1.3): identity papers, contacts and address."""
    person = request.user.person
    if person is None:
        return redirect("home")
    return render(request, "web/personal.html", {"person": person})


@login_required
def settings_page(request):
    """Cài đặt: language, passkeys (list and remove), devices, password."""
    context = {
        "passkeys": request.user.passkeys.select_related("device").order_by("-created_at"),
    }
    return render(request, "web/settings.html", context)


@login_required
@require_POST
def passkey_remove(request, passkey_id: int):
    try:
        passkeys.passkey_remove(user=request.user, passkey_id=passkey_id)
    except OpenvssError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa khóa đăng nhập."))
    return redirect("web:settings")


def services(request):
    """Dịch vụ công: the procedures that can be done online, each where it exists."""
    return render(request, "web/services.html", {"services": tiles.available(tiles.SERVICES)})


def manifest(request):
    """The web app manifest: installable, opening on the BHYT card."""
    data = {
        "name": _("BHXH số"),
        "short_name": _("BHXH số"),
        "description": _("Thẻ BHYT, quá trình tham gia BHXH và dịch vụ công"),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("people:card"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f2f5f9",
        "theme_color": "#0b5aa2",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
        "shortcuts": [
            {"name": _("Thẻ BHYT"), "url": reverse("people:card")},
            {"name": _("Quá trình tham gia"), "url": reverse("people:participation")},
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )


def _error(request, status: int, title: str, text: str):
    return render(request, "web/error.html", {"title": title, "text": text}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("Yêu cầu không hợp lệ"), _("Vui lòng kiểm tra lại và thử lại."))


def permission_denied(request, exception=None):
    return _error(
        request, 403, _("Không có quyền truy cập"), _("Bạn không có quyền xem trang này.")
    )


def page_not_found(request, exception=None):
    return _error(
        request,
        404,
        _("Không tìm thấy trang"),
        _("Trang bạn tìm không tồn tại hoặc đã được chuyển đi."),
    )


def server_error(request):
    return _error(
        request,
        500,
        _("Hệ thống đang gặp sự cố"),
        _("Vui lòng thử lại sau ít phút. Nếu vẫn lỗi, gọi tổng đài 1900.9068."),
    )


def csrf_failure(request, reason=""):
    return _error(
        request,
        403,
        _("Phiên làm việc đã hết hạn"),
        _("Vui lòng tải lại trang và gửi lại biểu mẫu."),
    )
