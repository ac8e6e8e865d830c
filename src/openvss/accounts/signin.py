"""Signing in: password with throttles, one device at a time, device-bound bearer tokens.

The answers never tell whether an account exists: an unknown code and a wrong password get
the same message, and the throttles count unknown codes exactly like real ones (they live
in the cache, keyed by the code typed, never in the account row).

Throttles that a stranger cannot turn into a lock-out (issue 11, item 4):

- per IP: 30 attempts in 5 minutes, whatever the account;
- per account and IP: 5 wrong passwords in 15 minutes lock that pair only, so guessing from
  one address stops while the owner, from their own phone, still signs in;
- per account, from everywhere: beyond 20 wrong passwords in 15 minutes (many addresses,
  a botnet), the password is accepted only from a known device of the account: the device
  that is signed in (its device id), which also keeps its refresh token and passkey, and
  neither of those is counted here at all.

Refusals say why and what to do: wait (with Retry-After), or recover the password through
the registered email. An OTP quota used up on the phone falls back to the registered email,
and says so, instead of silently refusing a correct password.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.core.ratelimit import (
    rate_limit_count,
    rate_limit_hit,
    rate_limit_peek,
    rate_limit_reset,
)
from openvss.domain.text import unaccent
from openvss.errors import InvalidInput, NotAuthenticated, RateLimited
from openvss.messaging.services import destination_mask, message_queue, notice_queue

from .models import AuthToken, Device, LoginEvent, User
from .otp import otp_issue, otp_verify

MAX_FAILURES = 5  # per account and IP
MAX_ACCOUNT_FAILURES = 20  # per account from everywhere, before only known devices may try
LOCK_FOR = timedelta(minutes=15)
ACCESS_LIFETIME = timedelta(minutes=15)
REFRESH_LIFETIME = timedelta(days=30)
SWITCH_PURPOSE = "device_switch"
# SMS texts: written with diacritics for translators, sent without them (unaccent).
DEVICE_SWITCH_SMS = gettext_lazy(
    "BHXH: Tài khoản của bạn đang đăng nhập trên thiết bị mới. Mã OTP: {secret} (hiệu lực 3 "
    "phút). Nếu không phải bạn, hãy đổi mật khẩu ngay."
)


def _generic_failure() -> NotAuthenticated:
    return NotAuthenticated(
        _(
            "Mã số BHXH hoặc mật khẩu không đúng. Sau 5 lần sai, đăng nhập từ thiết bị này tạm khóa 15 phút."
        ),
        code="invalid_credentials",
    )


def _locked_out() -> RateLimited:
    minutes = int(LOCK_FOR.total_seconds() // 60)
    return RateLimited(
        _(
            "Bạn đã nhập sai mật khẩu nhiều lần nên đăng nhập tạm khóa. Vui lòng thử lại sau "
            "%(minutes)d phút, đăng nhập trên thiết bị đang dùng (vân tay hoặc phiên còn hiệu lực), "
            "hoặc lấy lại mật khẩu bằng chức năng Quên mật khẩu (mã OTP gửi qua email đã đăng ký)."
        )
        % {"minutes": minutes},
        code="login_locked",
        retry_after=int(LOCK_FOR.total_seconds()),
    )


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str
    access_expires_at: datetime
    device: Device


@dataclass(frozen=True)
class SwitchRequired:
    """The account is in use on another device: confirm with the OTP sent to ``sent_to``."""

    challenge: str
    sent_to: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login(
    *,
    username: str,
    password: str,
    device_id: str,
    device_name: str = "",
    ip: str = "",
    now: datetime | None = None,
) -> Tokens | SwitchRequired:
    """Check the password and either sign in on this device or ask to confirm a switch."""
    now = now or timezone.now()
    device_id = (device_id or "").strip()[:64]
    user = password_check(
        username=username,
        password=password,
        device_id=device_id,
        device_name=device_name,
        ip=ip,
        now=now,
    )
    return complete_login(user=user, device_id=device_id, device_name=device_name, ip=ip, now=now)


def password_check(
    *,
    username: str,
    password: str,
    device_id: str,
    device_name: str = "",
    ip: str = "",
    now: datetime | None = None,
) -> User:
    """The password step alone, with every throttle above: the user, or the one generic
    refusal. Sign-ins with a second step of their own (organisations' TOTP) call this, then
    ``complete_login`` once the second step passed."""
    now = now or timezone.now()
    username = (username or "").strip()
    device_id = (device_id or "").strip()[:64]
    if not device_id:
        raise InvalidInput(
            _("Thiếu mã thiết bị."),
            code="device_required",
            fields={"device_id": [_("Thiếu mã thiết bị.")]},
        )
    rate_limit_hit("login-ip", ip or "-", limit=30, window=300)
    account = username.lower()
    pair = f"{account}|{ip or '-'}"
    window = int(LOCK_FOR.total_seconds())
    if rate_limit_peek("login-fail-pair", pair) >= MAX_FAILURES:
        raise _locked_out()
    user = User.objects.filter(username=username, is_active=True).first()
    if rate_limit_peek("login-fail-account", account) >= MAX_ACCOUNT_FAILURES and not (
        user is not None and _known_device(user, device_id)
    ):
        if user is not None:
            _log(user, LoginEvent.Outcome.LOCKED, ip, device_name)
        raise _locked_out()
    # ModelBackend itself: constant work for unknown users, and none of the back office's
    # machinery (django-axes' signals) on the citizens' path.
    checked = ModelBackend().authenticate(None, username=username, password=password)
    if checked is None:
        # Counted for unknown codes too, so that locking says nothing about existence.
        rate_limit_count("login-fail-pair", pair, window=window)
        rate_limit_count("login-fail-account", account, window=window)
        if user is not None:
            User.objects.filter(pk=user.pk).update(failed_logins=user.failed_logins + 1)
            _log(user, LoginEvent.Outcome.WRONG_PASSWORD, ip, device_name)
        raise _generic_failure()
    rate_limit_reset("login-fail-pair", pair)
    rate_limit_reset("login-fail-account", account)
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None, last_login=now)
    return user


def _known_device(user: User, device_id: str) -> bool:
    """The device the account is signed in on (a stranger cannot guess its random id)."""
    return user.devices.filter(device_id=device_id, signed_out_at__isnull=True).exists()


def _log(user: User, outcome: str, ip: str, device_name: str) -> None:
    LoginEvent.objects.create(
        user=user, outcome=outcome, ip=ip or None, device_name=device_name[:120]
    )


def complete_login(
    *, user: User, device_id: str, device_name: str, ip: str, now: datetime
) -> Tokens | SwitchRequired:
    """The person is who they say (password or passkey): apply the one-device rule."""
    active = user.devices.filter(signed_out_at__isnull=True).first()
    if active is not None and active.device_id != device_id:
        challenge = secrets.token_urlsafe(18)
        sent_to = _send_switch_otp_somewhere(user, challenge, device_id, device_name)
        LoginEvent.objects.create(
            user=user,
            outcome=LoginEvent.Outcome.DEVICE_SWITCH,
            ip=ip or None,
            device_name=device_name[:120],
        )
        return SwitchRequired(challenge=challenge, sent_to=sent_to)
    with transaction.atomic():
        device = active or Device.objects.create(
            user=user, device_id=device_id, name=device_name[:120]
        )
        LoginEvent.objects.create(
            user=user,
            outcome=LoginEvent.Outcome.SUCCESS,
            ip=ip or None,
            device_name=device_name[:120],
        )
        return _issue_tokens(device, now)


def _send_switch_otp_somewhere(user: User, challenge: str, device_id: str, device_name: str) -> str:
    """The phone first; when the phone's OTP quota is used up (five an hour), the registered
    email; when both are, a refusal that says so and how long to wait. A correct password
    is never refused without a reason."""
    try:
        return _send_switch_otp(user, challenge, device_id, device_name)
    except RateLimited as exc:
        if user.email and user.phone:
            try:
                return _send_switch_otp(user, challenge, device_id, device_name, via="email")
            except RateLimited:
                pass
        minutes = max(1, exc.retry_after // 60)
        raise RateLimited(
            _(
                "Mật khẩu đúng, nhưng đã gửi quá nhiều mã OTP xác thực thiết bị mới trong 1 giờ. "
                "Vui lòng thử lại sau %(minutes)d phút, hoặc đăng nhập trên thiết bị đang dùng."
            )
            % {"minutes": minutes},
            code="otp_quota",
            retry_after=exc.retry_after,
        ) from None


def _send_switch_otp(
    user: User, challenge: str, device_id: str, device_name: str, via: str = "sms"
) -> str:
    from django.core.cache import cache

    destination = user.email if via == "email" and user.email else user.phone
    if not destination:
        raise InvalidInput(
            _("Tài khoản chưa đăng ký số điện thoại hoặc email. Vui lòng liên hệ cơ quan BHXH."),
            code="no_contact",
        )
    code = otp_issue(purpose=SWITCH_PURPOSE, subject=challenge, destination=destination)
    cache.set(f"device-switch:{challenge}", (user.pk, device_id, device_name), 300)
    with transaction.atomic():
        if destination == user.phone:
            message_queue(
                channel="sms",
                recipient=user.phone,
                purpose="device_switch",
                body=unaccent(str(DEVICE_SWITCH_SMS)),
                secret=code,
                person=user.person,
            )
        else:
            message_queue(
                channel="email",
                recipient=user.email,
                purpose="device_switch",
                subject=_("Xác thực đăng nhập trên thiết bị mới"),
                body=_("Mã OTP để đăng nhập trên thiết bị mới: {secret} (hiệu lực 3 phút)."),
                secret=code,
                person=user.person,
            )
    return destination_mask(destination)


def device_switch_confirm(
    *, challenge: str, otp: str, ip: str = "", now: datetime | None = None
) -> Tokens:
    """The OTP is right: sign the old device out everywhere and sign in on the new one."""
    from django.core.cache import cache

    pending = cache.get(f"device-switch:{challenge}")
    if pending is None:
        raise InvalidInput(
            _("Yêu cầu đăng nhập đã hết hạn. Vui lòng đăng nhập lại."), code="challenge_expired"
        )
    otp_verify(purpose=SWITCH_PURPOSE, subject=challenge, code=otp, now=now)
    cache.delete(f"device-switch:{challenge}")
    user_id, device_id, device_name = pending
    now = now or timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        for old in user.devices.filter(signed_out_at__isnull=True):
            device_sign_out(device=old, now=now)
        device = Device.objects.create(user=user, device_id=device_id, name=device_name[:120])
        LoginEvent.objects.create(
            user=user,
            outcome=LoginEvent.Outcome.DEVICE_SWITCHED,
            ip=ip or None,
            device_name=device_name[:120],
        )
        _security_notice(
            user,
            "new_device",
            _("Đăng nhập trên thiết bị mới"),
            _(
                "Tài khoản của bạn vừa đăng nhập trên thiết bị mới (%(device)s); thiết bị cũ đã "
                "bị đăng xuất. Nếu không phải bạn, hãy đổi mật khẩu ngay hoặc liên hệ cơ quan BHXH."
            )
            % {"device": device_name[:60] or _("không rõ tên")},
        )
        return _issue_tokens(device, now)


def device_sign_out(*, device: Device, now: datetime | None = None) -> None:
    """Sign a device out: its tokens stop working at once (and its web session, see middleware)."""
    now = now or timezone.now()
    Device.objects.filter(pk=device.pk, signed_out_at__isnull=True).update(signed_out_at=now)
    AuthToken.objects.filter(device=device, revoked_at__isnull=True).update(revoked_at=now)
    LoginEvent.objects.create(
        user_id=device.user_id, outcome=LoginEvent.Outcome.SIGNED_OUT, device_name=device.name
    )


def _issue_tokens(device: Device, now: datetime) -> Tokens:
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    AuthToken.objects.bulk_create([
        AuthToken(device=device, kind=AuthToken.Kind.ACCESS, digest=_digest(access), expires_at=now + ACCESS_LIFETIME),
        AuthToken(device=device, kind=AuthToken.Kind.REFRESH, digest=_digest(refresh), expires_at=now + REFRESH_LIFETIME),
    ])  # fmt: skip
    Device.objects.filter(pk=device.pk).update(last_seen_at=now)
    return Tokens(
        access=access, refresh=refresh, access_expires_at=now + ACCESS_LIFETIME, device=device
    )


def token_authenticate(
    token: str, *, kind: str = AuthToken.Kind.ACCESS, now: datetime | None = None
) -> AuthToken:
    """The live token for this text (not expired, not revoked, its device signed in)."""
    now = now or timezone.now()
    row = (
        AuthToken.objects.select_related("device__user")
        .filter(digest=_digest(token or ""), kind=kind, revoked_at__isnull=True, expires_at__gt=now,
                device__signed_out_at__isnull=True, device__user__is_active=True)
        .first()
    )  # fmt: skip
    if row is None:
        raise NotAuthenticated(
            _("Phiên đăng nhập đã hết hạn hoặc thiết bị đã bị đăng xuất."), code="invalid_token"
        )
    return row


def tokens_refresh(*, refresh: str, now: datetime | None = None) -> Tokens:
    """Trade a refresh token for new tokens; the old refresh token cannot be used again.

    A refresh token used a second time means two parties hold it (stolen, or copied with
    the phone's backup): the whole family, every token of that device, is revoked and the
    device signed out, so the thief's copy dies with the owner's (OAuth 2.0 security BCP).
    """
    now = now or timezone.now()
    spent = (
        AuthToken.objects.select_related("device")
        .filter(digest=_digest(refresh or ""), kind=AuthToken.Kind.REFRESH,
                revoked_at__isnull=False, device__signed_out_at__isnull=True)
        .first()
    )  # fmt: skip
    if spent is not None:
        device_sign_out(device=spent.device, now=now)
        raise NotAuthenticated(
            _(
                "Mã làm mới đã được dùng trước đó. Vì an toàn, thiết bị đã bị đăng xuất; vui lòng đăng nhập lại."
            ),
            code="refresh_token_reused",
        )
    with transaction.atomic():
        row = token_authenticate(refresh, kind=AuthToken.Kind.REFRESH, now=now)
        updated = AuthToken.objects.filter(pk=row.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if not updated:
            raise _generic_failure()
        return _issue_tokens(row.device, now)


PASSWORD_PURPOSE = "password_change"
PASSWORD_MAX_AGE = timedelta(days=183)  # "thay đổi mật khẩu ít nhất 06 (sáu) tháng một lần"
PASSWORD_SMS = gettext_lazy(
    "BHXH: Mã OTP xác nhận đổi mật khẩu là {secret} (hiệu lực 3 phút). Nếu không phải bạn, "
    "hãy liên hệ cơ quan BHXH."
)


def password_change_start(*, user: User, old_password: str, new_password: str) -> SwitchRequired:
    """Check the old password and the rules for the new one, then send an OTP to the
    registered phone (seed 004 §1.2). The new password is kept hashed until confirmed."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.password_validation import validate_password
    from django.core.cache import cache
    from django.core.exceptions import ValidationError

    rate_limit_hit("password-change", str(user.pk), limit=10, window=3600)
    if not user.check_password(old_password or ""):
        message = _("Mật khẩu cũ không đúng.")
        raise InvalidInput(message, code="old_password_wrong", fields={"old_password": [message]})
    if old_password == new_password:
        message = _("Mật khẩu mới phải khác mật khẩu cũ.")
        raise InvalidInput(message, code="password_unchanged", fields={"new_password": [message]})
    try:
        validate_password(new_password, user=user)
    except ValidationError as exc:
        raise InvalidInput(
            exc.messages[0], code="password_weak", fields={"new_password": exc.messages}
        ) from None
    if not user.phone:
        raise InvalidInput(
            _("Tài khoản chưa đăng ký số điện thoại. Vui lòng liên hệ cơ quan BHXH."),
            code="no_contact",
        )
    challenge = secrets.token_urlsafe(18)
    code = otp_issue(purpose=PASSWORD_PURPOSE, subject=challenge, destination=user.phone)
    cache.set(f"password-change:{challenge}", (user.pk, make_password(new_password)), 300)
    with transaction.atomic():
        message_queue(
            channel="sms",
            recipient=user.phone,
            purpose="password_change",
            body=unaccent(str(PASSWORD_SMS)),
            secret=code,
            person=user.person,
        )
    return SwitchRequired(challenge=challenge, sent_to=destination_mask(user.phone))


def password_change_confirm(
    *, user: User, challenge: str, otp: str, keep_device: Device | None = None
) -> None:
    """Apply the new password; every other device is signed out."""
    from django.core.cache import cache

    pending = cache.get(f"password-change:{challenge}")
    if pending is None or pending[0] != user.pk:
        raise InvalidInput(
            _("Yêu cầu đổi mật khẩu đã hết hạn. Vui lòng thực hiện lại."), code="challenge_expired"
        )
    otp_verify(purpose=PASSWORD_PURPOSE, subject=challenge, code=otp)
    cache.delete(f"password-change:{challenge}")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            password=pending[1], must_change_password=False, password_changed_at=timezone.now()
        )
        _security_notice(
            user,
            "password_changed",
            _("Mật khẩu đã được thay đổi"),
            _(
                "Mật khẩu giao dịch điện tử của bạn vừa được thay đổi. "
                "Nếu không phải bạn, hãy liên hệ cơ quan BHXH ngay."
            ),
        )
        for device in user.devices.filter(signed_out_at__isnull=True):
            if keep_device is None or device.pk != keep_device.pk:
                device_sign_out(device=device)
    user.refresh_from_db(fields=["password", "must_change_password", "password_changed_at"])


def password_change_recommended(user: User, *, now: datetime | None = None) -> bool:
    changed = user.password_changed_at or user.date_joined
    return (now or timezone.now()) - changed > PASSWORD_MAX_AGE


def device_switch_resend(*, challenge: str, via: str) -> str:
    """Send the device-switch code again, to the phone or (old phone lost) the registered
    email. The rule stays: the switch still needs a code from something the account owns."""
    from django.core.cache import cache

    pending = cache.get(f"device-switch:{challenge}")
    if pending is None:
        raise InvalidInput(
            _("Yêu cầu đăng nhập đã hết hạn. Vui lòng đăng nhập lại."), code="challenge_expired"
        )
    user_id, device_id, device_name = pending
    user = User.objects.get(pk=user_id)
    if via == "email" and not user.email:
        raise InvalidInput(
            _("Tài khoản chưa đăng ký email. Vui lòng liên hệ cơ quan BHXH."), code="no_email"
        )
    return _send_switch_otp(user, challenge, device_id, device_name, via=via)


def _security_notice(user: User, purpose: str, subject: str, text: str) -> None:
    """Tell the account holder about a change to their account, by email (kept in the
    inbox) and by SMS, so that a stranger's change does not go unnoticed. Written in the
    language of the request that made the change: the account holder's own."""
    notice_queue(
        phone=user.phone,
        email=user.email,
        purpose=purpose,
        sms=f"BHXH: {unaccent(text)}",
        subject=subject,
        email_body=text,
        person=user.person,
    )
