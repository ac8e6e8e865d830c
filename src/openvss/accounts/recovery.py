"""Forgotten passwords, three ways (seed 002): in the app by email, by SMS "BH MK <mã số
BHXH>" to 8079, and on the portal with a captcha. Every way answers the same whether or not
the account exists, is rate-limited, and ends with a new password sent only to what the
account registered."""

import secrets

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.core.ratelimit import rate_limit_hit
from openvss.domain.text import unaccent
from openvss.errors import InvalidInput, RateLimited
from openvss.messaging.services import message_queue
from openvss.messaging.sms import SMS_HELP

from .models import User
from .otp import otp_issue, otp_verify
from .services import one_time_password
from .signin import device_sign_out

RESET_PURPOSE = "password_reset"
CHALLENGE_SECONDS = 600
# SMS texts are written with diacritics for translators and sent without them (unaccent);
# the mismatch answer is the guide's own wording.
SMS_MISMATCH = gettext_lazy(
    "Số điện thoại và mã số BHXH không khớp hoặc chưa đăng ký giao dịch điện tử với cơ quan BHXH"
)
SMS_NEW_PASSWORD = gettext_lazy(
    "BHXH: Mật khẩu mới của tài khoản %(code)s là {secret}. Vui lòng đổi mật khẩu sau khi "
    "đăng nhập."
)
RESET_EMAIL = gettext_lazy(
    "Bạn đã yêu cầu lấy lại mật khẩu giao dịch điện tử với cơ quan BHXH.\n\n"
    "Tên đăng nhập (mã số BHXH): %(code)s\nMật khẩu mới: {secret}\n\n"
    "Vui lòng đăng nhập và đổi mật khẩu ngay. Nếu bạn không yêu cầu, hãy liên hệ cơ quan BHXH."
)
GENERIC_ANSWER = gettext_lazy(
    "Nếu mã số BHXH và email khớp với tài khoản đã đăng ký, mã OTP đã được gửi đến email đó (có hiệu lực 3 phút)."
)


def password_reset_start(*, bhxh_code: str, email: str, ip: str = "") -> str:
    """Start recovery by email; return a challenge id. The answer is the same whatever the
    input: the OTP goes out only when the code and the registered email match.

    Every challenge gets a code and a pending entry, matched or not, throttled or not, so
    that the next step (confirm) also answers the same: "wrong code, 4 tries left" for a
    made-up account as for a real one, never "no such challenge" for only one of them.
    """
    rate_limit_hit("reset-ip", ip or "-", limit=10, window=3600)
    code, email = (bhxh_code or "").strip(), (email or "").strip().lower()
    challenge = secrets.token_urlsafe(18)
    user = _reset_target(code, email)
    otp = None
    if user is not None:
        try:
            # One code a minute per account, whatever the challenge.
            rate_limit_hit("reset-account", str(user.pk), limit=1, window=60)
            otp = otp_issue(purpose=RESET_PURPOSE, subject=challenge, destination=user.email)
        except RateLimited:
            otp = None  # silently: a 429 here would tell that the account exists
    if otp is None:
        # A code nobody receives, so that confirming this challenge behaves as for a real one.
        otp_issue(purpose=RESET_PURPOSE, subject=challenge, destination=f"-:{challenge}")
        cache.set(f"reset:{challenge}", 0, CHALLENGE_SECONDS)
        return challenge
    cache.set(f"reset:{challenge}", user.pk, CHALLENGE_SECONDS)
    with transaction.atomic():
        message_queue(
            channel="email",
            recipient=user.email,
            purpose="password_reset_otp",
            subject=_("Mã xác thực lấy lại mật khẩu"),
            body=_(
                "Mã OTP để lấy lại mật khẩu: {secret}\n"
                "(* Lưu ý: Mã OTP chỉ có giá trị trong vòng 3 phút)"
            ),
            secret=otp,
            person=user.person,
        )
    return challenge


def _reset_target(code: str, email: str) -> User | None:
    """The account whose code and registered email both match, unless the code was tried
    too often (then None, silently, like any mismatch)."""
    try:
        rate_limit_hit("reset-code", code, limit=3, window=3600)
    except RateLimited:
        return None
    user = User.objects.filter(username=code, is_active=True).exclude(email="").first()
    if user is not None and user.email.lower() == email:
        return user
    return None


def password_reset_confirm(*, challenge: str, otp: str) -> None:
    """The OTP is right: a new password goes to the registered email; every device is
    signed out. A wrong or unknown challenge gets the OTP's own error, nothing more."""
    user_id = cache.get(f"reset:{challenge}")
    if user_id is None:
        raise InvalidInput(
            _("Mã OTP không đúng hoặc đã được sử dụng. Vui lòng yêu cầu mã mới."),
            code="otp_invalid",
            fields={"otp": [_("Mã OTP không hợp lệ.")]},
        )
    otp_verify(purpose=RESET_PURPOSE, subject=challenge, code=otp)
    cache.delete(f"reset:{challenge}")
    if not user_id:
        return  # a made-up account's code was guessed (one in a million): nothing to do
    user = User.objects.get(pk=user_id)
    _new_password(user, channel="email")


def _new_password(user: User, *, channel: str) -> None:
    password = one_time_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        for device in user.devices.filter(signed_out_at__isnull=True):
            device_sign_out(device=device)
        if channel == "sms":
            message_queue(
                channel="sms",
                recipient=user.phone,
                purpose="password_reset",
                body=unaccent(SMS_NEW_PASSWORD % {"code": user.username}),
                secret=password,
                person=user.person,
            )
        else:
            message_queue(
                channel="email",
                recipient=user.email,
                purpose="password_reset",
                subject=_("Thông tin tài khoản giao dịch điện tử với cơ quan BHXH"),
                body=RESET_EMAIL % {"code": user.username},
                secret=password,
                person=user.person,
            )


def sms_password_reset(*, phone: str, argument: str):
    """SMS "BH MK <mã số BHXH>" (messaging.sms): a new password to the registered phone."""
    if not (argument.isdigit() and len(argument) == 10):
        return SMS_HELP
    user = User.objects.filter(username=argument, phone=phone, is_active=True).first()
    if user is None:
        return SMS_MISMATCH
    _new_password(user, channel="sms")
    return None
