"""The texts of the notices the workflow sends, through gettext in the language active when
they are written: the services render them inside ``translation.override(dossier.language)``,
the language the applicant used (Vietnamese unless they chose English).

SMS are sent without diacritics, as the agency's own messages are (GSM 7-bit: cheaper and
readable on every phone): their msgids carry the diacritics and ``_sms`` strips them, so
translators see ordinary Vietnamese. Emails keep them. "{secret}" marks where the outbox
inserts an OTP or a password (never stored once sent): a translation must keep it.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from openvss.domain.text import unaccent


def _sms(text: str) -> str:
    return unaccent(text)


def _date(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def otp_email_subject() -> str:
    return _("Mã xác thực giao dịch")


def otp_email() -> str:
    return _(
        "%(agency)s\n\n"
        "XÁC THỰC PHIÊN GIAO DỊCH\n\n"
        "Bạn đang thực hiện đăng ký giao dịch điện tử với Bảo hiểm xã hội Việt Nam.\n\n"
        "OTP - {secret}\n"
        "(* Lưu ý: Mã OTP chỉ có giá trị trong vòng 3 phút)\n\n"
        "Nếu bạn không thực hiện giao dịch này, vui lòng bỏ qua thư này."
    ) % {"agency": settings.OPENVSS_AGENCY_NAME.upper()}


def otp_sms() -> str:
    return _sms(
        _(
            "BHXH: Mã OTP xác thực giao dịch của bạn là {secret}. Mã chỉ có giá trị trong 3 "
            "phút. Không cung cấp mã này cho người khác."
        )
    )


def received_subject(dossier) -> str:
    if not dossier.expires_at:
        return _("Đã tiếp nhận hồ sơ số %(number)s") % {"number": dossier.number}
    return _("Tờ khai đăng ký giao dịch điện tử – hồ sơ số %(number)s") % {"number": dossier.number}


def received_email(dossier) -> str:
    agency = dossier.agency
    if not dossier.expires_at:  # a signed-in citizen's request: nothing to bring anywhere
        return _(
            "Cơ quan BHXH đã tiếp nhận hồ sơ “%(kind)s” của bạn.\n\n"
            "Số hồ sơ: %(number)s\n"
            "Ngày nộp: %(submitted)s\n"
            "Cơ quan BHXH tiếp nhận: %(agency)s\n\n"
            "Bạn sẽ nhận thông báo khi hồ sơ được giải quyết."
        ) % {
            "kind": dossier.get_kind_display(),
            "number": dossier.number,
            "submitted": _date(dossier.submitted_at),
            "agency": agency.name,
        }
    return _(
        "Cơ quan BHXH đã tiếp nhận tờ khai của bạn.\n\n"
        "Số hồ sơ: %(number)s\n"
        "Ngày nộp: %(submitted)s\n"
        "Cơ quan BHXH tiếp nhận: %(agency)s\n"
        "Địa chỉ: %(address)s\nĐiện thoại: %(phone)s\n\n"
        "Tờ khai (Mẫu số 01) được gửi kèm thư này. Trong thời gian 10 ngày kể từ ngày kê khai "
        "(đến ngày %(expires)s), vui lòng đến cơ quan BHXH nêu trên, xuất trình "
        "CCCD/CMND/hộ chiếu để hoàn tất thủ tục. Quá thời hạn này, tờ khai sẽ tự động bị xóa."
    ) % {
        "number": dossier.number,
        "submitted": _date(dossier.submitted_at),
        "agency": agency.name,
        "address": agency.address,
        "phone": agency.phone,
        "expires": _date(dossier.expires_at),
    }


def received_sms(dossier) -> str:
    if dossier.expires_at:
        text = _(
            "BHXH: Đã tiếp nhận tờ khai số %(number)s. Vui lòng đến %(agency)s trước ngày "
            "%(expires)s để hoàn tất thủ tục."
        ) % {
            "number": dossier.number,
            "agency": dossier.agency.name,
            "expires": _date(dossier.expires_at),
        }
    else:
        text = _("BHXH: Đã tiếp nhận hồ sơ số %(number)s.") % {"number": dossier.number}
    return _sms(text)


def account_subject() -> str:
    return _("Thông báo cấp tài khoản giao dịch điện tử với cơ quan BHXH")


def account_sms(bhxh_code: str) -> str:
    return _sms(
        _(
            "BHXH: Tài khoản giao dịch điện tử của bạn đã được cấp. Tên đăng nhập: %(code)s. "
            "Mật khẩu: {secret}. Vui lòng đổi mật khẩu khi đăng nhập lần đầu."
        )
        % {"code": bhxh_code}
    )


def account_email(dossier, bhxh_code: str) -> str:
    return _(
        "Hồ sơ số %(number)s đã được chấp thuận.\n\n"
        "Tài khoản giao dịch điện tử với cơ quan BHXH của bạn:\n"
        "  Tên đăng nhập (mã số BHXH): %(code)s\n"
        "  Mật khẩu: {secret}\n\n"
        "Bạn phải đổi mật khẩu ở lần đăng nhập đầu tiên và nên đổi mật khẩu ít nhất 06 (sáu) "
        "tháng một lần để đảm bảo an toàn, bảo mật."
    ) % {"number": dossier.number, "code": bhxh_code}


def decision_subject(dossier, approved: bool) -> str:
    if approved:
        return _("Hồ sơ số %(number)s đã được chấp thuận") % {"number": dossier.number}
    return _("Hồ sơ số %(number)s không được chấp nhận") % {"number": dossier.number}


def decision_email(dossier, approved: bool) -> str:
    values = {"kind": dossier.get_kind_display(), "number": dossier.number}
    if approved and dossier.decision_note:  # an outcome to tell (a visit dispute)
        return _("Hồ sơ “%(kind)s” số %(number)s đã được giải quyết.\n\nKết quả: %(note)s") % {
            **values,
            "note": dossier.decision_note,
        }
    if approved:
        return _("Hồ sơ “%(kind)s” số %(number)s đã được chấp thuận.") % values
    return _(
        "Hồ sơ “%(kind)s” số %(number)s không được chấp nhận.\n\n"
        "Lý do: %(reason)s\n\n"
        "Vui lòng hoàn chỉnh thông tin đăng ký hoặc liên hệ cơ quan BHXH nơi gần nhất."
    ) % {**values, "reason": dossier.decision_note}


def decision_sms(dossier, approved: bool) -> str:
    if approved and dossier.decision_note:
        text = _("BHXH: Hồ sơ số %(number)s đã được giải quyết. Kết quả: %(note)s") % {
            "number": dossier.number,
            "note": dossier.decision_note,
        }
    elif approved:
        text = _("BHXH: Hồ sơ số %(number)s đã được chấp thuận.") % {"number": dossier.number}
    else:
        text = _("BHXH: Hồ sơ số %(number)s không được chấp nhận. Lý do: %(reason)s") % {
            "number": dossier.number,
            "reason": dossier.decision_note,
        }
    return _sms(text)


def expired_subject(dossier) -> str:
    return _("Tờ khai số %(number)s đã bị xóa do quá hạn") % {"number": dossier.number}


def expired_email(dossier) -> str:
    return _(
        "Tờ khai đăng ký giao dịch điện tử số %(number)s đã tự động bị xóa vì sau 10 ngày "
        "kể từ ngày kê khai, thủ tục chưa được hoàn tất tại cơ quan BHXH. Bạn có thể kê khai lại."
    ) % {"number": dossier.number}


def expired_sms(dossier) -> str:
    return _sms(
        _(
            "BHXH: Tờ khai số %(number)s đã bị xóa do quá 10 ngày chưa hoàn tất thủ tục. "
            "Bạn có thể kê khai lại."
        )
        % {"number": dossier.number}
    )


# A registration that cannot go on: no OTP, and the reason goes only to the owners of the
# code or of the contact, whose language is not known (the services write these in Vietnamese).
def already_registered_subject() -> str:
    return _("Tờ khai đăng ký giao dịch điện tử không được tiếp nhận")


def already_registered_email() -> str:
    return _(
        "Có người vừa khai tờ khai đăng ký giao dịch điện tử với mã số BHXH của bạn. Mã số BHXH "
        "này đã có tài khoản, nên tờ khai không được tiếp nhận và không có mã OTP nào được gửi.\n\n"
        "Nếu là bạn và bạn quên mật khẩu, hãy dùng chức năng Quên mật khẩu (qua email đã đăng ký, "
        "hoặc soạn BH MK <mã số BHXH> gửi 8079). Nếu không phải bạn, bạn không cần làm gì."
    )


def already_registered_sms() -> str:
    return _sms(
        _(
            "BHXH: Mã số BHXH của bạn đã có tài khoản giao dịch điện tử nên tờ khai đăng ký mới "
            "không được tiếp nhận. Nếu quên mật khẩu, soạn BH MK <mã số BHXH> gửi 8079."
        )
    )


def contact_taken_subject() -> str:
    return already_registered_subject()


def contact_taken_email() -> str:
    return _(
        "Có người vừa khai tờ khai đăng ký giao dịch điện tử với địa chỉ email hoặc số điện thoại "
        "này. Mỗi số điện thoại và mỗi email chỉ được đăng ký cho 1 mã số BHXH, và địa chỉ này đã "
        "được đăng ký cho một mã số BHXH khác, nên tờ khai không được tiếp nhận.\n\n"
        "Nếu là bạn, hãy khai lại với số điện thoại và email của riêng bạn, hoặc liên hệ cơ quan "
        "BHXH. Nếu không phải bạn, bạn không cần làm gì."
    )


def contact_taken_sms() -> str:
    return _sms(
        _(
            "BHXH: Số điện thoại hoặc email này đã đăng ký cho một mã số BHXH khác nên tờ khai "
            "đăng ký giao dịch điện tử vừa khai không được tiếp nhận. Mỗi số điện thoại chỉ đăng "
            "ký cho 1 mã số BHXH."
        )
    )
