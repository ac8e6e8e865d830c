"""The BHXH-code look-up behind its captcha and rate limit.

It never reveals whether a person exists: one exact match gives the code and the masked
name; nobody and several people give the same neutral answer (DESIGN.md: never reveal).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from openvss.core.ratelimit import rate_limit_hit
from openvss.domain.text import nfc
from openvss.errors import InvalidInput
from openvss.people.selectors import person_code_lookup

# Per caller: enough for a family looking up its members, too few to enumerate people.
LOOKUP_LIMIT = 10
LOOKUP_WINDOW = 15 * 60


@dataclass(frozen=True)
class CodeAnswer:
    found: bool
    bhxh_code: str | None
    masked_name: str | None
    message: str


def neutral_message() -> str:
    return _(
        "Không tìm thấy duy nhất một mã số BHXH khớp với thông tin đã nhập. Vui lòng kiểm tra "
        "lại họ tên, ngày sinh, tỉnh và số CCCD, hoặc liên hệ cơ quan BHXH nơi gần nhất."
    )


def bhxh_code_lookup(
    *, full_name: str, birth_date: date, province_code: str, id_number: str = "", ip: str
) -> CodeAnswer:
    """Tra cứu mã số BHXH (guide 004 §2): rate-limited per caller, one neutral answer."""
    rate_limit_hit("bhxh_code_lookup", ip, limit=LOOKUP_LIMIT, window=LOOKUP_WINDOW)
    full_name = nfc(full_name)
    id_number = (id_number or "").strip()
    if id_number and not (id_number.isdigit() and len(id_number) in (9, 12)):
        message = _("Số CCCD gồm 12 chữ số, số CMND gồm 9 chữ số.")
        raise InvalidInput(message, code="id_number_invalid", fields={"id_number": [message]})
    if len(full_name.split()) < 2:
        message = _("Vui lòng nhập đầy đủ họ và tên, có dấu.")
        raise InvalidInput(message, code="full_name_invalid", fields={"full_name": [message]})
    match = person_code_lookup(
        full_name=full_name,
        birth_date=birth_date,
        province_code=province_code,
        id_number=id_number,
    )
    if match is None:
        return CodeAnswer(found=False, bhxh_code=None, masked_name=None, message=neutral_message())
    return CodeAnswer(
        found=True,
        bhxh_code=match.bhxh_code,
        masked_name=match.masked_name,
        message=_("Mã số BHXH của bạn là %(code)s.") % {"code": match.bhxh_code},
    )
