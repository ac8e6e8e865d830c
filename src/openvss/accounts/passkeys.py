"""Passkeys (WebAuthn): "đăng nhập bằng vân tay". Registered from a signed-in device, used
on that device to sign in without a password, and subject to the one-device rule: if
another device has taken over since, the passkey sign-in asks for the OTP like a password
sign-in does."""

import json
import secrets

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from openvss.core.ratelimit import rate_limit_hit
from openvss.errors import InvalidInput, NotAuthenticated, NotFound

from . import signin
from .models import Device, Passkey, User

CHALLENGE_SECONDS = 300
RP_NAME = "BHXH số"


def _fail() -> NotAuthenticated:
    return NotAuthenticated(
        _("Không xác thực được bằng vân tay. Vui lòng đăng nhập bằng mật khẩu."),
        code="passkey_failed",
    )


def registration_options(*, user: User, device: Device, rp_id: str) -> str:
    options = generate_registration_options(
        rp_id=rp_id, rp_name=RP_NAME, user_name=user.username, user_id=str(user.pk).encode(),
        user_display_name=user.first_name or user.username,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED, user_verification=UserVerificationRequirement.REQUIRED
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id)) for p in user.passkeys.all()
        ],
    )  # fmt: skip
    cache.set(f"passkey-reg:{user.pk}:{device.pk}", options.challenge, CHALLENGE_SECONDS)
    return options_to_json(options)


def registration_verify(
    *, user: User, device: Device, credential: str, rp_id: str, origin: str
) -> Passkey:
    challenge = cache.get(f"passkey-reg:{user.pk}:{device.pk}")
    if challenge is None:
        raise InvalidInput(
            _("Yêu cầu đăng ký vân tay đã hết hạn. Vui lòng thử lại."), code="passkey_expired"
        )
    cache.delete(f"passkey-reg:{user.pk}:{device.pk}")
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            require_user_verification=True,
        )
    except (InvalidRegistrationResponse, ValueError, KeyError, TypeError):
        raise InvalidInput(
            _("Không đăng ký được vân tay trên thiết bị này."), code="passkey_invalid"
        ) from None
    return Passkey.objects.create(
        user=user,
        device=device,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )


def authentication_options(
    *, username: str, device_id: str, rp_id: str, ip: str = ""
) -> tuple[str, str]:
    """Options for this device's passkeys; the same shape for any username (no enumeration)."""
    rate_limit_hit("passkey-ip", ip or "-", limit=30, window=300)
    keys = Passkey.objects.filter(
        user__username=(username or "").strip(), device__device_id=device_id
    )
    options = generate_authentication_options(
        rp_id=rp_id, user_verification=UserVerificationRequirement.REQUIRED,
        allow_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(k.credential_id)) for k in keys],
    )  # fmt: skip
    ticket = secrets.token_urlsafe(18)
    cache.set(f"passkey-auth:{ticket}", (options.challenge, device_id), CHALLENGE_SECONDS)
    return ticket, options_to_json(options)


def authentication_verify(
    *, ticket: str, credential: str, rp_id: str, origin: str, device_name: str = "", ip: str = ""
):
    pending = cache.get(f"passkey-auth:{ticket}")
    if pending is None:
        raise _fail()
    cache.delete(f"passkey-auth:{ticket}")
    challenge, device_id = pending
    try:
        credential_id = json.loads(credential)["id"]
    except (ValueError, KeyError, TypeError):
        raise _fail() from None
    key = (
        Passkey.objects.select_related("user", "device").filter(credential_id=credential_id).first()
    )
    # A passkey works only on the device that registered it.
    if key is None or key.device.device_id != device_id or not key.user.is_active:
        raise _fail()
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(key.public_key),
            credential_current_sign_count=key.sign_count,
            require_user_verification=True,
        )
    except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError):
        raise _fail() from None
    now = timezone.now()
    Passkey.objects.filter(pk=key.pk).update(sign_count=verified.new_sign_count, last_used_at=now)
    return signin.complete_login(
        user=key.user, device_id=device_id, device_name=device_name, ip=ip, now=now
    )


def passkey_remove(*, user: User, passkey_id: int) -> None:
    """Remove one of the user's own passkeys (a stranger's id is simply not found)."""
    deleted, _by_model = Passkey.objects.filter(user=user, pk=passkey_id).delete()
    if not deleted:
        raise NotFound(_("Không tìm thấy khóa đăng nhập này."))
