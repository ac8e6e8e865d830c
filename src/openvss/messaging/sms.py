"""Commands texted to 8079 ("BH <TỪ KHÓA> <tham số>"). Messaging parses the text, limits the
sender and answers; the app that owns each keyword handles it ("MK": accounts, "HS":
dossiers). Like the admin's ``admin.py``, each app's ``sms.py`` registers its keywords when
``MessagingConfig.ready()`` autodiscovers it, so messaging, which sits below those apps
(pyproject.toml, import contracts), names none of them."""

import re
from collections.abc import Callable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from openvss.core.ratelimit import rate_limit_hit
from openvss.domain.errors import DomainError
from openvss.domain.ids import parse_mobile
from openvss.domain.text import unaccent

COMMAND = re.compile(r"^\s*BH\s+(?P<keyword>[A-Z]+)\s*(?P<argument>\S*)\s*$")
# SMS texts are written with diacritics for translators and sent without them (unaccent).
SMS_HELP = gettext_lazy("Sai cú pháp. Để lấy lại mật khẩu, soạn: BH MK <mã số BHXH> gửi 8079")

# keyword -> handler(phone=<+84… normalised sender>, argument=<text after the keyword>)
# returning the reply, or None when the reply went out another way (the outbox).
SmsHandler = Callable[..., object | None]
_handlers: dict[str, SmsHandler] = {}


def sms_command_register(keyword: str, handler: SmsHandler) -> None:
    _handlers[keyword.upper()] = handler


def sms_command(*, sender: str, text: str) -> str | None:
    """Handle an inbound SMS to 8079 and return the reply text (None when the handler queued
    its own reply). SMS to 8079 are answered in Vietnamese, without diacritics, whatever
    language the gateway's request negotiated."""
    with translation.override(settings.LANGUAGE_CODE):
        reply = _sms_command(sender=sender, text=text)
        return unaccent(str(reply)) if reply is not None else None


def _sms_command(*, sender: str, text: str):
    try:
        phone = parse_mobile(sender)
    except DomainError:
        return SMS_HELP
    rate_limit_hit("sms-sender", phone, limit=5, window=3600)
    match = COMMAND.match(unaccent(text or "").upper())
    handler = _handlers.get(match["keyword"]) if match else None
    if handler is None:
        return SMS_HELP
    return handler(phone=phone, argument=match["argument"])
