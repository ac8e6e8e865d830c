"""Sign-in for the phone app: tokens bound to one device (DESIGN.md, API conventions)."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from ninja.security import HttpBearer

from openvss.core.ratelimit import client_ip
from openvss.errors import Forbidden, NotFound

from . import recovery, selectors, signin


class DeviceBearer(HttpBearer):
    """A device's access token. An account still on its one-time password (issued by the
    agency or by recovery) reaches nothing until it has chosen its own: only the password
    change and sign-out take ``password_change_bearer``."""

    allow_pending_change = False

    def authenticate(self, request, token):
        row = signin.token_authenticate(token)
        user = row.device.user
        if user.must_change_password and not self.allow_pending_change:
            raise Forbidden(
                _("Vui lòng đổi mật khẩu được cấp trước khi sử dụng dịch vụ."),
                code="password_change_required",
            )
        request.user = user
        request.device = row.device
        return row


class PasswordChangeBearer(DeviceBearer):
    allow_pending_change = True


bearer = DeviceBearer()
password_change_bearer = PasswordChangeBearer()
router = Router(tags=["Đăng nhập"])


class LoginIn(Schema):
    username: str = Field(..., max_length=20, description="Mã số BHXH")
    password: str = Field(..., max_length=128)
    device_id: str = Field(..., max_length=64, description="Mã thiết bị do ứng dụng tạo một lần")
    device_name: str = Field("", max_length=120)


class TokensOut(Schema):
    status: str = "signed_in"
    access_token: str
    refresh_token: str
    access_expires_at: datetime
    must_change_password: bool
    password_change_recommended: bool


class SwitchOut(Schema):
    status: str = "device_switch_required"
    challenge: str
    otp_sent_to: str


class SwitchIn(Schema):
    challenge: str = Field(..., max_length=64)
    otp: str = Field(..., max_length=6)


class RefreshIn(Schema):
    refresh_token: str = Field(..., max_length=100)


class DeviceOut(Schema):
    id: int
    name: str
    created_at: datetime
    last_seen_at: datetime | None
    signed_out_at: datetime | None
    current: bool


class LoginEventOut(Schema):
    at: datetime
    outcome: str
    description: str
    device_name: str


def _tokens(tokens: signin.Tokens) -> dict:
    return {
        "access_token": tokens.access,
        "refresh_token": tokens.refresh,
        "access_expires_at": tokens.access_expires_at,
        "must_change_password": tokens.device.user.must_change_password,
        "password_change_recommended": signin.password_change_recommended(tokens.device.user),
    }


@router.post(
    "/auth/login",
    response={200: TokensOut | SwitchOut},
    summary="Đăng nhập bằng mã số BHXH và mật khẩu",
)
def login(request, payload: LoginIn):
    result = signin.login(**payload.dict(), ip=client_ip(request))
    if isinstance(result, signin.SwitchRequired):
        return {
            "status": "device_switch_required",
            "challenge": result.challenge,
            "otp_sent_to": result.sent_to,
        }
    return _tokens(result)


@router.post(
    "/auth/device-switch", response=TokensOut, summary="Xác thực OTP để chuyển sang thiết bị này"
)
def device_switch(request, payload: SwitchIn):
    return _tokens(
        signin.device_switch_confirm(
            challenge=payload.challenge, otp=payload.otp, ip=client_ip(request)
        )
    )


class ResendIn(Schema):
    challenge: str = Field(..., max_length=64)
    via: str = Field("sms", pattern="^(sms|email)$", description="email khi mất điện thoại cũ")


@router.post(
    "/auth/device-switch/resend",
    response=SwitchOut,
    summary="Gửi lại mã OTP chuyển thiết bị (qua SMS hoặc email)",
)
def device_switch_resend(request, payload: ResendIn):
    sent_to = signin.device_switch_resend(challenge=payload.challenge, via=payload.via)
    return {
        "status": "device_switch_required",
        "challenge": payload.challenge,
        "otp_sent_to": sent_to,
    }


@router.post("/auth/refresh", response=TokensOut, summary="Làm mới mã truy cập")
def refresh(request, payload: RefreshIn):
    return _tokens(signin.tokens_refresh(refresh=payload.refresh_token))


@router.post(
    "/auth/logout",
    response={204: None},
    auth=password_change_bearer,
    summary="Đăng xuất thiết bị này",
)
def logout(request):
    signin.device_sign_out(device=request.device)
    return Status(204, None)


@router.get("/me/devices", response=list[DeviceOut], auth=bearer, summary="Thiết bị đã đăng nhập")
def my_devices(request):
    return [
        {**{f: getattr(d, f) for f in ("id", "name", "created_at", "last_seen_at", "signed_out_at")},
         "current": d.pk == request.device.pk}
        for d in selectors.devices_of(user=request.user, limit=50)
    ]  # fmt: skip


@router.delete(
    "/me/devices/{device_pk}", response={204: None}, auth=bearer, summary="Đăng xuất một thiết bị"
)
def sign_out_device(request, device_pk: int):
    device = selectors.device_of(user=request.user, pk=device_pk)  # only one's own
    if device is None:
        raise NotFound()
    signin.device_sign_out(device=device)
    return Status(204, None)


@router.get(
    "/me/login-history", response=list[LoginEventOut], auth=bearer, summary="Lịch sử đăng nhập"
)
def login_history(request):
    return [
        {
            "at": e.at,
            "outcome": e.outcome,
            "description": e.get_outcome_display(),
            "device_name": e.device_name,
        }
        for e in selectors.login_events_of(user=request.user, limit=100)
    ]


class ResetIn(Schema):
    bhxh_code: str = Field(..., max_length=20)
    email: str = Field(..., max_length=254)


class ResetOut(Schema):
    challenge: str
    message: str


class ResetConfirmIn(Schema):
    challenge: str = Field(..., max_length=64)
    otp: str = Field(..., max_length=6)


class DoneOut(Schema):
    message: str


@router.post(
    "/auth/password-reset",
    response=ResetOut,
    summary="Quên mật khẩu: mã số BHXH và email đã đăng ký",
)
def password_reset(request, payload: ResetIn):
    challenge = recovery.password_reset_start(
        bhxh_code=payload.bhxh_code, email=payload.email, ip=client_ip(request)
    )
    return {"challenge": challenge, "message": str(recovery.GENERIC_ANSWER)}


@router.post(
    "/auth/password-reset/confirm",
    response=DoneOut,
    summary="Quên mật khẩu: xác thực OTP, mật khẩu mới gửi qua email",
)
def password_reset_confirm(request, payload: ResetConfirmIn):
    recovery.password_reset_confirm(challenge=payload.challenge, otp=payload.otp)
    return {"message": _("Mật khẩu mới đã được gửi đến email đã đăng ký.")}


class PasswordIn(Schema):
    old_password: str = Field(..., max_length=128)
    new_password: str = Field(..., max_length=128)


class PasswordConfirmIn(Schema):
    challenge: str = Field(..., max_length=64)
    otp: str = Field(..., max_length=6)


@router.post(
    "/auth/password",
    response=SwitchOut,
    auth=password_change_bearer,
    summary="Đổi mật khẩu: mật khẩu cũ, mới; mã OTP gửi về điện thoại",
)
def password_change(request, payload: PasswordIn):
    started = signin.password_change_start(
        user=request.user, old_password=payload.old_password, new_password=payload.new_password
    )
    return {
        "status": "otp_required",
        "challenge": started.challenge,
        "otp_sent_to": started.sent_to,
    }


@router.post(
    "/auth/password/confirm",
    response=DoneOut,
    auth=password_change_bearer,
    summary="Đổi mật khẩu: xác thực OTP",
)
def password_change_confirm(request, payload: PasswordConfirmIn):
    signin.password_change_confirm(
        user=request.user, challenge=payload.challenge, otp=payload.otp, keep_device=request.device
    )
    return {"message": _("Đã đổi mật khẩu. Các thiết bị khác đã được đăng xuất.")}
