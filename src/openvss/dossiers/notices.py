"""The texts of the notices the workflow sends. SMS are written without diacritics, as the
agency's own messages are (GSM 7-bit: cheaper and readable on every phone); emails keep them.
"{secret}" marks where the outbox inserts an OTP or a password (never stored once sent)."""

from django.conf import settings
from django.utils import timezone

from openvss.domain.text import unaccent

OTP_EMAIL_SUBJECT = "Mã xác thực giao dịch"
OTP_SMS = "BHXH: Ma OTP xac thuc giao dich cua ban la {secret}. Ma chi co gia tri trong 3 phut. Khong cung cap ma nay cho nguoi khac."
ACCOUNT_SUBJECT = "Thông báo cấp tài khoản giao dịch điện tử với cơ quan BHXH"
# A registration that cannot go on: no OTP, and the reason goes only to its owners.
ALREADY_REGISTERED_SUBJECT = "Tờ khai đăng ký giao dịch điện tử không được tiếp nhận"
ALREADY_REGISTERED_EMAIL = (
    "Có người vừa khai tờ khai đăng ký giao dịch điện tử với mã số BHXH của bạn. Mã số BHXH "
    "này đã có tài khoản, nên tờ khai không được tiếp nhận và không có mã OTP nào được gửi.\n\n"
    "Nếu là bạn và bạn quên mật khẩu, hãy dùng chức năng Quên mật khẩu (qua email đã đăng ký, "
    "hoặc soạn BH MK <mã số BHXH> gửi 8079). Nếu không phải bạn, bạn không cần làm gì."
)
ALREADY_REGISTERED_SMS = (
    "BHXH: Ma so BHXH cua ban da co tai khoan giao dich dien tu nen to khai dang ky moi khong "
    "duoc tiep nhan. Neu quen mat khau, soan BH MK <ma so BHXH> gui 8079."
)
CONTACT_TAKEN_SUBJECT = ALREADY_REGISTERED_SUBJECT
CONTACT_TAKEN_EMAIL = (
    "Có người vừa khai tờ khai đăng ký giao dịch điện tử với địa chỉ email hoặc số điện thoại "
    "này. Mỗi số điện thoại và mỗi email chỉ được đăng ký cho 1 mã số BHXH, và địa chỉ này đã "
    "được đăng ký cho một mã số BHXH khác, nên tờ khai không được tiếp nhận.\n\n"
    "Nếu là bạn, hãy khai lại với số điện thoại và email của riêng bạn, hoặc liên hệ cơ quan "
    "BHXH. Nếu không phải bạn, bạn không cần làm gì."
)
CONTACT_TAKEN_SMS = (
    "BHXH: So dien thoai hoac email nay da dang ky cho mot ma so BHXH khac nen to khai dang ky "
    "giao dich dien tu vua khai khong duoc tiep nhan. Moi so dien thoai chi dang ky cho 1 ma so BHXH."
)


def otp_email() -> str:
    return (
        f"{settings.OPENVSS_AGENCY_NAME.upper()}\n\n"
        "XÁC THỰC PHIÊN GIAO DỊCH\n\n"
        "Bạn đang thực hiện đăng ký giao dịch điện tử với Bảo hiểm xã hội Việt Nam.\n\n"
        "OTP - {secret}\n"
        "(* Lưu ý: Mã OTP chỉ có giá trị trong vòng 3 phút)\n\n"
        "Nếu bạn không thực hiện giao dịch này, vui lòng bỏ qua thư này."
    )


def _date(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def received_subject(dossier) -> str:
    return f"Tờ khai đăng ký giao dịch điện tử – hồ sơ số {dossier.number}"


def received_email(dossier) -> str:
    agency = dossier.agency
    return (
        f"Cơ quan BHXH đã tiếp nhận tờ khai của bạn.\n\n"
        f"Số hồ sơ: {dossier.number}\n"
        f"Ngày nộp: {_date(dossier.submitted_at)}\n"
        f"Cơ quan BHXH tiếp nhận: {agency.name}\n"
        f"Địa chỉ: {agency.address}\nĐiện thoại: {agency.phone}\n\n"
        f"Tờ khai (Mẫu số 01) được gửi kèm thư này. Trong thời gian 10 ngày kể từ ngày kê khai "
        f"(đến ngày {_date(dossier.expires_at)}), vui lòng đến cơ quan BHXH nêu trên, xuất trình "
        f"CCCD/CMND/hộ chiếu để hoàn tất thủ tục. Quá thời hạn này, tờ khai sẽ tự động bị xóa."
    )


def received_sms(dossier) -> str:
    return (
        f"BHXH: Da tiep nhan to khai so {dossier.number}. Vui long den {unaccent(dossier.agency.name)} "
        f"truoc ngay {_date(dossier.expires_at)} de hoan tat thu tuc."
        if dossier.expires_at
        else f"BHXH: Da tiep nhan ho so so {dossier.number}."
    )


def account_sms(bhxh_code: str) -> str:
    return (
        f"BHXH: Tai khoan giao dich dien tu cua ban da duoc cap. Ten dang nhap: {bhxh_code}. "
        "Mat khau: {secret}. Vui long doi mat khau khi dang nhap lan dau."
    )


def account_email(dossier, bhxh_code: str) -> str:
    return (
        f"Hồ sơ số {dossier.number} đã được chấp thuận.\n\n"
        f"Tài khoản giao dịch điện tử với cơ quan BHXH của bạn:\n"
        f"  Tên đăng nhập (mã số BHXH): {bhxh_code}\n"
        "  Mật khẩu: {secret}\n\n"
        "Bạn phải đổi mật khẩu ở lần đăng nhập đầu tiên và nên đổi mật khẩu ít nhất 06 (sáu) "
        "tháng một lần để đảm bảo an toàn, bảo mật."
    )


def decision_subject(dossier, approved: bool) -> str:
    return (
        f"Hồ sơ số {dossier.number} đã được chấp thuận"
        if approved
        else f"Hồ sơ số {dossier.number} không được chấp nhận"
    )


def decision_email(dossier, approved: bool) -> str:
    if approved:
        return f"Hồ sơ “{dossier.get_kind_display()}” số {dossier.number} đã được chấp thuận."
    return (
        f"Hồ sơ “{dossier.get_kind_display()}” số {dossier.number} không được chấp nhận.\n\n"
        f"Lý do: {dossier.decision_note}\n\n"
        "Vui lòng hoàn chỉnh thông tin đăng ký hoặc liên hệ cơ quan BHXH nơi gần nhất."
    )


def decision_sms(dossier, approved: bool) -> str:
    if approved:
        return f"BHXH: Ho so so {dossier.number} da duoc chap thuan."
    return f"BHXH: Ho so so {dossier.number} khong duoc chap nhan. Ly do: {unaccent(dossier.decision_note)}"


def expired_subject(dossier) -> str:
    return f"Tờ khai số {dossier.number} đã bị xóa do quá hạn"


def expired_email(dossier) -> str:
    return (
        f"Tờ khai đăng ký giao dịch điện tử số {dossier.number} đã tự động bị xóa vì sau 10 ngày "
        "kể từ ngày kê khai, thủ tục chưa được hoàn tất tại cơ quan BHXH. Bạn có thể kê khai lại."
    )


def expired_sms(dossier) -> str:
    return f"BHXH: To khai so {dossier.number} da bi xoa do qua 10 ngay chua hoan tat thu tuc. Ban co the ke khai lai."
