"""Tra cứu hồ sơ for guests (issue 12, item 3): a dossier's status and timeline by its number
and the mã số BHXH it is about, behind a captcha and a rate limit.

A wrong number and a wrong code give the same answer (``NOT_FOUND``), so the look-up never
tells whether a number exists or whose it is. The answer holds only what the guest typed,
the kind, the status, the dates and the agency (no names, no officers' notes).
"""

from django.utils.translation import gettext_lazy as _

from openvss.core.captcha import captcha_check
from openvss.core.ratelimit import rate_limit_hit
from openvss.errors import InvalidInput

from . import selectors

# Per caller: enough for a family following its requests, too few to guess numbers or codes.
GUEST_LIMIT = 10
GUEST_WINDOW = 15 * 60
# Per dossier number, whoever asks: guessing the code of a known number from many addresses.
NUMBER_LIMIT = 20
NUMBER_WINDOW = 60 * 60

NOT_FOUND = _(
    "Không tìm thấy hồ sơ khớp với số hồ sơ và mã số BHXH đã nhập. Vui lòng kiểm tra lại "
    "(số hồ sơ có trong tin nhắn, email báo đã tiếp nhận) hoặc gọi tổng đài 1900.9068."
)


def dossier_guest_track(
    *, number: str, bhxh_code: str, ip: str, captcha_key: str | None = None, captcha_value=""
) -> selectors.Tracking | None:
    """Check the form, count the attempt, use up the captcha (API callers; the web form's
    own field checks it), then look the dossier up. None means "not found" for any reason."""
    bhxh_code = (bhxh_code or "").strip()
    number = selectors.dossier_number_clean(number)
    fields = {}
    if not number:
        fields["number"] = [str(_("Vui lòng nhập số hồ sơ."))]
    if not (bhxh_code.isdigit() and len(bhxh_code) == 10):
        fields["bhxh_code"] = [str(_("Mã số BHXH gồm 10 chữ số."))]
    if fields:
        raise InvalidInput(
            str(_("Vui lòng kiểm tra lại thông tin.")), code="invalid", fields=fields
        )
    rate_limit_hit("dossier_track", ip or "-", limit=GUEST_LIMIT, window=GUEST_WINDOW)
    rate_limit_hit("dossier_track_number", number, limit=NUMBER_LIMIT, window=NUMBER_WINDOW)
    if captcha_key is not None:
        captcha_check(key=captcha_key, value=captcha_value)
    return selectors.dossier_for_guest(number=number, bhxh_code=bhxh_code)
