"""Texts of the notices to organisations, through gettext (msgids in Vietnamese). SMS go
without diacritics, like the agency's own; "{secret}" is where the outbox puts a password."""

from django.utils.translation import gettext as _

from openvss.domain.text import unaccent


def received_subject(dossier) -> str:
    return _("Tờ khai đăng ký giao dịch điện tử của đơn vị – hồ sơ số %(number)s") % {
        "number": dossier.number
    }


def received_email(dossier) -> str:
    return _(
        "Cơ quan BHXH đã tiếp nhận tờ khai đăng ký giao dịch điện tử của đơn vị %(name)s "
        "(mã đơn vị %(code)s).\n\n"
        "Số hồ sơ: %(number)s\n"
        "Cơ quan BHXH tiếp nhận: %(agency)s\n\n"
        "Khi hồ sơ được chấp thuận, tài khoản của đơn vị (tên đăng nhập và mật khẩu lần đầu) "
        "được gửi đến địa chỉ thư điện tử và số điện thoại đã đăng ký."
    ) % {
        "name": dossier.data.get("employer_name", ""),
        "code": dossier.data.get("unit_code", ""),
        "number": dossier.number,
        "agency": dossier.agency.name,
    }


def received_sms(dossier) -> str:
    return unaccent(
        _("BHXH: Đã tiếp nhận tờ khai đăng ký giao dịch điện tử của đơn vị, hồ sơ số %(number)s.")
        % {"number": dossier.number}
    )


def account_subject() -> str:
    return _("Thông báo cấp tài khoản giao dịch điện tử của đơn vị")


def account_email(*, number: str, code: str, login: str) -> str:
    return _(
        "Hồ sơ số %(number)s đã được chấp thuận.\n\n"
        "Tài khoản giao dịch điện tử của đơn vị với cơ quan BHXH:\n"
        "  Mã đơn vị: %(code)s\n"
        "  Tên đăng nhập: %(login)s\n"
        "  Mật khẩu: {secret}\n\n"
        "Đăng nhập tại mục “Tổ chức” của trang đăng nhập. Lần đầu đăng nhập, bạn phải đổi "
        "mật khẩu và cài đặt ứng dụng xác thực (mã xác thực hai bước)."
    ) % {"number": number, "code": code, "login": login}


def account_sms(*, code: str, login: str) -> str:
    return unaccent(
        _(
            "BHXH: Tài khoản giao dịch điện tử của đơn vị %(code)s đã được cấp. Tên đăng nhập: "
            "%(login)s. Mật khẩu: {secret}. Vui lòng đổi mật khẩu khi đăng nhập lần đầu."
        )
        % {"code": code, "login": login}
    )


def member_subject() -> str:
    return _("Tài khoản người dùng của đơn vị trên Cổng giao dịch điện tử BHXH")


def member_email(*, organisation: str, code: str, login: str, role: str) -> str:
    return _(
        "Quản trị của đơn vị %(organisation)s đã tạo tài khoản cho bạn (vai trò: %(role)s).\n\n"
        "  Mã đơn vị: %(code)s\n"
        "  Tên đăng nhập: %(login)s\n"
        "  Mật khẩu: {secret}\n\n"
        "Lần đầu đăng nhập, bạn phải đổi mật khẩu và cài đặt ứng dụng xác thực."
    ) % {"organisation": organisation, "code": code, "login": login, "role": role}


def member_sms(*, code: str, login: str) -> str:
    return unaccent(
        _(
            "BHXH: Tài khoản của bạn tại đơn vị %(code)s: tên đăng nhập %(login)s, mật khẩu "
            "{secret}. Vui lòng đổi mật khẩu khi đăng nhập lần đầu."
        )
        % {"code": code, "login": login}
    )


def again_subject() -> str:
    return _("Có người đăng ký lại giao dịch điện tử cho đơn vị của bạn")


def again_email(code: str) -> str:
    return _(
        "Vừa có một tờ khai đăng ký giao dịch điện tử cho đơn vị %(code)s, trong khi đơn vị "
        "đã có tài khoản hoặc đang có hồ sơ chờ xử lý. Tờ khai này không được tiếp nhận.\n\n"
        "Nếu đơn vị không thực hiện việc này, không cần làm gì thêm; nếu cần, hãy liên hệ cơ "
        "quan BHXH quản lý đơn vị."
    ) % {"code": code}


def new_device_subject() -> str:
    return _("Tài khoản đơn vị đăng nhập trên thiết bị mới")


def new_device_email(login: str, device: str) -> str:
    return _(
        "Tài khoản %(login)s vừa đăng nhập trên thiết bị mới (%(device)s); thiết bị cũ đã bị "
        "đăng xuất. Nếu không phải bạn, hãy báo ngay cho quản trị của đơn vị."
    ) % {"login": login, "device": device}


# --- Notices to employees about their declarations (form 01) HR handles -----------------
# Written in the employee's language (the dossier's): the engine's notify / notify_many.


def returned_subject(dossier) -> str:
    return _("Đơn vị đã trả lại tờ khai số %(number)s") % {"number": dossier.number}


def returned_email(dossier, *, unit: str, reason: str) -> str:
    return _(
        "Đơn vị %(unit)s đã trả lại tờ khai đăng ký giao dịch điện tử số %(number)s của "
        "bạn, chưa chuyển đến cơ quan BHXH.\n\n"
        "Lý do: %(reason)s\n\n"
        "Vui lòng sửa lại thông tin rồi kê khai lại trên VssID, hoặc liên hệ bộ phận nhân sự "
        "của đơn vị."
    ) % {"unit": unit, "number": dossier.number, "reason": reason}


def returned_sms(dossier, *, unit: str, reason: str) -> str:
    return unaccent(
        _("BHXH: Đơn vị %(unit)s đã trả lại tờ khai số %(number)s: %(reason)s")
        % {"unit": unit, "number": dossier.number, "reason": reason}
    )


class ForwardedTexts:
    """The notice "your declaration went to the agency", worded once per language (gettext and
    unaccent cost about a millisecond each on a busy machine; a 10,000-row batch would
    spend seconds), then filled in per dossier. ``engine.notify_many`` calls it."""

    def __init__(self, *, unit: str, agency: str, batch: str):
        self.values = {"unit": unit, "agency": agency, "batch": batch}
        self.sms_values = {k: unaccent(v) for k, v in self.values.items()}
        self.sms = unaccent(
            _(
                "BHXH: Đơn vị %(unit)s đã chuyển tờ khai đăng ký giao dịch điện tử của bạn "
                "đến cơ quan BHXH, số hồ sơ %(number)s."
            )
        )
        self.subject = _("Tờ khai của bạn đã được chuyển đến cơ quan BHXH – hồ sơ số %(number)s")
        self.email = _(
            "Đơn vị %(unit)s đã xác nhận và chuyển tờ khai đăng ký giao dịch điện tử của bạn "
            "đến %(agency)s (lô số %(batch)s).\n\n"
            "Số hồ sơ: %(number)s\n\n"
            "Bạn có thể theo dõi hồ sơ trong mục “Hồ sơ của tôi” hoặc tra cứu bằng số hồ sơ và "
            "mã số BHXH. Khi hồ sơ được chấp thuận, tài khoản (tên đăng nhập và mật khẩu lần "
            "đầu) được gửi đến số điện thoại và thư điện tử đã kê khai."
        )

    def __call__(self, dossier) -> tuple[str, str, str]:
        number = dossier.number
        return (
            self.sms % {**self.sms_values, "number": number},
            self.subject % {"number": number},
            self.email % {**self.values, "number": number},
        )
