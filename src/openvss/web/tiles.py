"""The tiles of the home screens and the bottom navigation, as VssID shows them (seeds 002, 004).

A tile names a URL; it is shown only where that URL exists, so a feature that another app has
not built yet never shows a dead tile, and a new app's page appears once its URL is named here.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tile:
    url_name: str
    label: str
    icon: str
    hint: str = ""
    badge: str = ""  # the name of a count in the home context (``unread``)


GUEST_TILES = (
    Tile("login", _("Đăng nhập"), "login", _("Bằng mã số BHXH")),
    Tile("dossiers:register", _("Đăng ký"), "register", _("Tài khoản giao dịch điện tử")),
    Tile("lookups:index", _("Tra cứu"), "search", _("Mã số BHXH, cơ quan, cơ sở KCB")),
    Tile("support:news", _("Tin tức"), "news", _("Tin hoạt động ngành")),
    Tile("support:help", _("Hỗ trợ"), "help", _("Hỏi đáp, tổng đài 1900.9068")),
    Tile("web:services", _("Dịch vụ công"), "services", _("Thủ tục trực tuyến")),
)

CITIZEN_TILES = (
    Tile("people:card", _("Thẻ BHYT"), "card", _("Dùng thay thẻ giấy khi đi khám")),
    Tile("people:participation", _("Quá trình tham gia"), "history", _("BHXH, BHTN, BHTNLĐ-BNN")),
    Tile("people:benefits", _("Hưởng chế độ"), "benefit", _("Ốm đau, thai sản, hưu trí…")),
    Tile("people:visits", _("Lịch sử KCB"), "visit", _("Các lần khám chữa bệnh BHYT")),
    Tile("web:personal", _("Quản lý cá nhân"), "person", _("Thông tin, giấy tờ, địa chỉ")),
    Tile("people:inbox", _("Thông báo"), "bell", "", badge="unread"),
    Tile("dossiers:mine", _("Hồ sơ của tôi"), "services", _("Trạng thái, hạn xử lý hồ sơ đã nộp")),
    Tile("web:services", _("Dịch vụ công"), "services", _("Thủ tục trực tuyến")),
    Tile("payments:history", _("Thanh toán"), "money", _("BHYT hộ gia đình, BHXH tự nguyện")),
    Tile("estimates:index", _("Ước tính chế độ"), "calc", _("Bạn sẽ được hưởng bao nhiêu?")),
    Tile("lookups:index", _("Tra cứu"), "search", ""),
    Tile("support:news", _("Tin tức"), "news", ""),
    Tile("support:help", _("Hỗ trợ"), "help", ""),
    Tile("support:my_feedback", _("Phản ánh của tôi"), "edit", _("Theo dõi phản ánh đã gửi")),
    Tile("web:settings", _("Cài đặt"), "settings", _("Ngôn ngữ, vân tay, thiết bị, mật khẩu")),
)

# Dịch vụ công: procedures done online (guide 004: "thay vì đến các cơ quan BHXH").
SERVICES = (
    Tile("dossiers:register", _("Đăng ký giao dịch điện tử"), "register",
         _("Tờ khai mẫu 01, cho người chưa có tài khoản")),
    Tile("dossiers:child_account", _("Đăng ký tài khoản cho con"), "child",
         _("Cho con dưới 15 tuổi, xem thẻ BHYT của con")),
    Tile("dossiers:info_change", _("Điều chỉnh thông tin cá nhân"), "edit",
         _("Số điện thoại, email, địa chỉ")),
    Tile("dossiers:track", _("Tra cứu hồ sơ"), "search", _("Theo số hồ sơ")),
    Tile("dossiers:card_reissue", _("Cấp lại, đổi thẻ BHYT"), "card", _("Mất thẻ, hỏng thẻ, sai thông tin")),
    Tile("payments:history", _("Thanh toán trực tuyến"), "money", _("BHYT hộ gia đình, BHXH tự nguyện")),
    Tile("estimates:index", _("Ước tính chế độ"), "calc", _("Lương hưu, BHXH một lần, thai sản…")),
    Tile("support:feedback", _("Phản ánh kiến nghị"), "help", _("Gửi phản ánh, nhận trả lời của cơ quan BHXH")),
    Tile("organisations:register", _("Đăng ký giao dịch điện tử cho đơn vị"), "register",
         _("Đơn vị sử dụng lao động, trực tiếp hoặc qua I-VAN")),
    Tile("lookups:bhxh_code", _("Tra cứu mã số BHXH"), "search", _("Theo họ tên, ngày sinh, tỉnh")),
    Tile("accounts:forgot", _("Quên mật khẩu"), "login", _("Lấy lại mật khẩu qua email")),
)  # fmt: skip

# An organisation's home (issue 14): the HR desk (organisations/hr_urls.py) and its users.
ORG_TILES = (
    Tile("org_hr:employees", _("Người lao động"), "person", _("Tình trạng giao dịch điện tử")),
    Tile("org_hr:queue", _("Tờ khai chờ xác nhận"), "edit", _("Người lao động gửi qua VssID")),
    Tile("org_hr:batches", _("Nộp hồ sơ theo lô"), "register", _("Tải lên tệp .xlsx, theo dõi lô")),
    Tile("org_hr:arrears", _("Nợ đóng BHXH"), "money", _("Tháng còn nợ, theo người lao động")),
    Tile("organisations:members", _("Người dùng của đơn vị"), "settings", _("Quản trị, cán bộ nhân sự")),
)  # fmt: skip
ORG_ADMIN_ONLY = {"organisations:members"}

# The bottom bar on phones (a plain top bar on wide screens).
GUEST_NAV = (
    Tile("home", _("Trang chủ"), "home"),
    Tile("lookups:index", _("Tra cứu"), "search"),
    Tile("support:help", _("Hỗ trợ"), "help"),
    Tile("login", _("Đăng nhập"), "login"),
)
ORG_NAV = (
    Tile("organisations:home", _("Trang chủ"), "home"),
    Tile("org_hr:employees", _("Người lao động"), "person"),
    Tile("org_hr:batches", _("Nộp theo lô"), "register"),
    Tile("lookups:index", _("Tra cứu"), "search"),
)
CITIZEN_NAV = (
    Tile("home", _("Trang chủ"), "home"),
    Tile("people:card", _("Thẻ BHYT"), "card"),
    Tile("people:inbox", _("Thông báo"), "bell", badge="unread"),
    Tile("web:settings", _("Cài đặt"), "settings"),
)


# The demo's simulated phone (only where settings.DEMO_TOOLS is on).
PHONE_SIM = Tile("web:phone", _("Điện thoại mô phỏng"), "phone")


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def url(tile: Tile) -> str | None:
    return _url(tile.url_name)


def available(tiles) -> list[dict]:
    """The tiles whose page exists, each with its ``url``."""
    shown = []
    for tile in tiles:
        if url := _url(tile.url_name):
            shown.append({"tile": tile, "url": url})
    return shown
