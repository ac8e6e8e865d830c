"""One-time codes (OTP): 6 digits, valid 3 minutes, at most 5 attempts, single use,
resend throttled. Modelled on Django's PasswordResetTokenGenerator: the code is kept only
as an HMAC, compared in constant time, and the clock is injectable for tests."""

import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openvss.core.ratelimit import rate_limit_hit
from openvss.errors import InvalidInput, RateLimited

from .models import OneTimeCode

VALIDITY = timedelta(minutes=3)
MAX_ATTEMPTS = 5
RESEND_INTERVAL = timedelta(seconds=60)
MAX_PER_HOUR = 5


def _digest(code: str, salt: str) -> str:
    key = f"openvss.otp:{settings.SECRET_KEY}".encode()
    return hmac.new(key, f"{salt}:{code}".encode(), "sha256").hexdigest()


def otp_issue(*, purpose: str, subject: str, destination: str, now: datetime | None = None) -> str:
    """Create a new code for ``(purpose, subject)`` and return it (the caller sends it).

    Earlier codes for the same subject stop working. Throttled: one code a minute and five
    an hour per destination, whatever the subject, so nobody can flood a phone or inbox.
    """
    now = now or timezone.now()
    latest = (
        OneTimeCode.objects.filter(purpose=purpose, subject=subject).order_by("-created_at").first()
    )
    if latest and now - latest.created_at < RESEND_INTERVAL:
        wait = int((RESEND_INTERVAL - (now - latest.created_at)).total_seconds()) + 1
        raise RateLimited(
            _("Vui lòng đợi %(seconds)d giây trước khi yêu cầu mã OTP mới.") % {"seconds": wait},
            retry_after=wait,
        )
    rate_limit_hit("otp-destination", destination, limit=MAX_PER_HOUR, window=3600)
    code = f"{secrets.randbelow(10**6):06d}"
    salt = secrets.token_hex(8)
    with transaction.atomic():
        OneTimeCode.objects.filter(purpose=purpose, subject=subject, used_at__isnull=True).update(
            used_at=now
        )
        OneTimeCode.objects.create(
            purpose=purpose,
            subject=subject,
            destination=destination,
            salt=salt,
            digest=_digest(code, salt),
            created_at=now,
            expires_at=now + VALIDITY,
        )
    return code


def otp_verify(*, purpose: str, subject: str, code: str, now: datetime | None = None) -> None:
    """Accept the code once, or raise ``InvalidInput`` saying why (wrong, expired, used up).

    Runs in its own transaction (a savepoint inside another) and records a failed attempt
    before raising. Called before the transaction of the change it authorises, the attempt
    commits at once; called inside it (so that the code is spent only with the change), the
    caller catches the error and lets its transaction commit, or the attempt is not counted.
    """
    now = now or timezone.now()
    error = None
    with transaction.atomic():
        otp = (
            OneTimeCode.objects.select_for_update()
            .filter(purpose=purpose, subject=subject, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if otp is None:
            error = InvalidInput(
                _("Mã OTP không đúng hoặc đã được sử dụng. Vui lòng yêu cầu mã mới."),
                code="otp_invalid",
                fields={"otp": [_("Mã OTP không hợp lệ.")]},
            )
        elif now >= otp.expires_at:
            error = InvalidInput(
                _("Mã OTP đã hết hạn (chỉ có giá trị trong 3 phút). Vui lòng yêu cầu mã mới."),
                code="otp_expired",
                fields={"otp": [_("Mã OTP đã hết hạn.")]},
            )
        elif otp.attempts >= MAX_ATTEMPTS:
            error = InvalidInput(
                _("Bạn đã nhập sai mã OTP quá 5 lần. Vui lòng yêu cầu mã mới."),
                code="otp_locked",
                fields={"otp": [_("Đã nhập sai quá số lần cho phép.")]},
            )
        elif not hmac.compare_digest(otp.digest, _digest((code or "").strip(), otp.salt)):
            otp.attempts += 1
            otp.save(update_fields=["attempts"])
            error = _WrongCode(MAX_ATTEMPTS - otp.attempts)
        else:
            otp.used_at = now
            otp.save(update_fields=["used_at"])
    if error is not None:
        raise error


REPLAY_WINDOW = timedelta(minutes=10)


def otp_replayed(*, purpose: str, subject: str, code: str, now: datetime | None = None) -> bool:
    """Whether ``code`` is the code last spent for ``(purpose, subject)``, spent within the
    last ten minutes: the same request sent again after its answer was lost. Callers answer
    as they did the first time instead of refusing the code as used."""
    now = now or timezone.now()
    latest = (
        OneTimeCode.objects.filter(purpose=purpose, subject=subject).order_by("-created_at").first()
    )
    return bool(
        latest
        and latest.used_at is not None
        and latest.attempts < MAX_ATTEMPTS
        and now - latest.used_at <= REPLAY_WINDOW
        and hmac.compare_digest(latest.digest, _digest((code or "").strip(), latest.salt))
    )


class _WrongCode(InvalidInput):
    def __init__(self, left: int):
        super().__init__(
            _("Mã OTP không đúng. Bạn còn %(left)d lần thử.") % {"left": left},
            code="otp_wrong",
            fields={"otp": [_("Mã OTP không đúng.")]},
        )
