"""The image captcha (django-simple-captcha's store) for guests' forms and API calls: the
BHXH-code look-up and feedback without an account."""

from django.utils import timezone
from django.utils.translation import gettext as _

from openvss.errors import InvalidInput


def captcha_check(*, key: str, value: str) -> None:
    """Use up one image captcha (django-simple-captcha's store); raise if wrong or expired."""
    from captcha.models import CaptchaStore

    message = _("Mã kiểm tra không đúng hoặc đã hết hạn.")
    error = InvalidInput(message, code="captcha_invalid", fields={"captcha": [message]})
    if not key or not value:
        raise error
    deleted, _rows = CaptchaStore.objects.filter(
        hashkey=key, response=value.strip().lower(), expiration__gt=timezone.now()
    ).delete()
    if not deleted:
        raise error


def captcha_new() -> str:
    from captcha.models import CaptchaStore

    return CaptchaStore.generate_key()
