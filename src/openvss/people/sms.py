"""SMS "BH QT <mã số BHXH>" to 8079 (issue 12, item 3): a short participation summary, sent
only to the phone registered to that code.

The registered phone is the e-transaction account's when the person has an active account
(form 01), else the phone on the person's record. Any other sender, and a code that does not
exist, get the same answer, so the command neither tells who holds a code nor leaks anyone's
history. The handler has the shape of messaging's SMS commands: ``(phone=, argument=)`` →
reply text (sent back to the sender, who is then the registered phone).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.messaging.sms import sms_command_register

from .models import Person
from .selectors import duration_text, participation_history

SMS_QT_HELP = gettext_lazy(
    "Sai cú pháp. Để xem quá trình tham gia, soạn: BH QT <mã số BHXH> gửi 8079"
)
# The guide's own wording for a phone that is not the code's (seed 002, "BH MK").
SMS_QT_MISMATCH = gettext_lazy(
    "Số điện thoại và mã số BHXH không khớp hoặc chưa đăng ký giao dịch điện tử với cơ quan BHXH"
)


def registered_phone(person_row: dict) -> str:
    """The phone a code's messages go to: the active account's, else the record's."""
    if person_row.get("account__is_active") and person_row.get("account__phone"):
        return person_row["account__phone"]
    return person_row.get("phone") or ""


def participation_summary_sms(*, phone: str, argument: str):
    code = (argument or "").strip()
    if not (code.isdigit() and len(code) == 10):
        return SMS_QT_HELP
    row = (
        Person.objects.filter(bhxh_code=code, is_deceased=False)
        .values("pk", "phone", "account__phone", "account__is_active")
        .first()
    )
    if row is None or registered_phone(row) != phone:
        return SMS_QT_MISMATCH
    histories = participation_history(person=Person(pk=row["pk"]))
    if not histories:
        return _("BHXH: Mã số %(code)s chưa có dữ liệu quá trình tham gia.") % {"code": code}
    parts = [f"{h.short_label} {duration_text(h.months)}" for h in histories]
    text = _("BHXH: Mã số %(code)s đã tham gia: %(totals)s.") % {
        "code": code,
        "totals": "; ".join(parts),
    }
    last = max(row.period.to_month for h in histories for row in h.rows)
    text += " " + _("Đến tháng %(month)s.") % {"month": f"{last:%m/%Y}"}
    owed = max((h.owed_months for h in histories), default=0)
    if owed:
        text += " " + _("Đơn vị chưa đóng: %(months)d tháng.") % {"months": owed}
    return text


sms_command_register("QT", participation_summary_sms)
