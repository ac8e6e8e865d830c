"""/api/v1/org/…: an organisation's registration, its users' sign-in and its own account.
Every secured operation authenticates through access.OrgBearer (a device that passed the
organisation's second factor); rows are always scoped to the caller's organisation."""

from datetime import date, datetime

from ninja import Field, Router, Schema
from ninja.responses import Status

from openvss.core.ratelimit import client_ip

from . import selectors, services
from .access import org_admin_bearer, org_bearer

router = Router(tags=["Tổ chức"])


class OrgLoginIn(Schema):
    unit_code: str = Field(..., max_length=10, description="Mã đơn vị")
    login: str = Field(..., max_length=30, description="Tên đăng nhập của người dùng")
    password: str = Field(..., max_length=128)
    totp: str = Field(
        "", max_length=7, description="Mã 6 số của ứng dụng xác thực (bắt buộc khi đã cài)"
    )
    device_id: str = Field(..., max_length=64, description="Mã thiết bị do ứng dụng tạo một lần")
    device_name: str = Field("", max_length=120)


class OrgTokensOut(Schema):
    access_token: str
    refresh_token: str = Field(..., description="Làm mới tại /api/v1/auth/refresh")
    access_expires_at: datetime
    must_change_password: bool
    second_factor: bool = Field(..., description="false: chưa cài ứng dụng xác thực")


@router.post(
    "/org/auth/login",
    response=OrgTokensOut,
    summary="Đăng nhập tổ chức: mã đơn vị, tên đăng nhập, mật khẩu và mã xác thực",
)
def org_login(request, payload: OrgLoginIn):
    tokens = services.sign_in(**payload.dict(), ip=client_ip(request))
    member = tokens.device.user.org_membership
    return {
        "access_token": tokens.access,
        "refresh_token": tokens.refresh,
        "access_expires_at": tokens.access_expires_at,
        "must_change_password": tokens.device.user.must_change_password,
        "second_factor": member.verified_device_id == tokens.device.pk,
    }


class OrgRegistrationIn(Schema):
    unit_code: str = Field(..., max_length=10, description="Mã đơn vị")
    tax_code: str = Field(..., max_length=14, description="Mã số thuế")
    representative_name: str = Field(..., max_length=120)
    representative_title: str = Field("", max_length=80)
    representative_citizen_id: str = Field("", max_length=20)
    transaction_method: str = Field(..., pattern="^(direct|ivan)$")
    ivan_provider: str = Field("", max_length=160, description="Bắt buộc khi qua I-VAN")
    certificate_serial: str = Field("", max_length=64)
    certificate_issuer: str = Field("", max_length=120)
    certificate_valid_to: date | None = None
    contact_name: str = Field("", max_length=120)
    email: str = Field(..., max_length=254)
    phone: str = Field(..., max_length=20)


class OrgRegistrationOut(Schema):
    dossier_id: int
    access_key: str = Field(..., description="Giữ lại để xác thực OTP; chỉ trả về một lần")
    otp_sent_to: str


@router.post(
    "/org/registrations",
    response={201: OrgRegistrationOut},
    summary="Đăng ký giao dịch điện tử cho đơn vị (gửi OTP đến email)",
)
def org_register(request, payload: OrgRegistrationIn):
    submitted = services.registration_submit(**payload.dict(), client_ip=client_ip(request))
    return Status(
        201,
        {
            "dossier_id": submitted.dossier.pk,
            "access_key": submitted.access_key,
            "otp_sent_to": submitted.otp_sent_to,
        },
    )


class OrgConfirmIn(Schema):
    access_key: str = Field(..., max_length=64)
    otp: str = Field(..., max_length=6)


class OrgDossierOut(Schema):
    number: str | None
    status: str
    agency: str


@router.post(
    "/org/registrations/{dossier_id}/confirm",
    response=OrgDossierOut,
    summary="Xác thực OTP: tờ khai được gửi đến cơ quan BHXH",
)
def org_register_confirm(request, dossier_id: int, payload: OrgConfirmIn):
    dossier = services.registration_get(dossier_id=dossier_id, access_key=payload.access_key)
    dossier = services.registration_confirm(dossier=dossier, otp=payload.otp)
    return {"number": dossier.number, "status": dossier.status, "agency": dossier.agency.name}


class OrgMemberOut(Schema):
    id: int
    login: str
    full_name: str
    role: str
    email: str
    is_active: bool


class OrgMeOut(Schema):
    unit_code: str
    name: str
    tax_code: str
    transaction_method: str
    ivan_provider: str
    registered_at: datetime
    me: OrgMemberOut


def _member_out(member) -> dict:
    return {
        "id": member.pk,
        "login": member.login,
        "full_name": member.full_name,
        "role": member.role,
        "email": member.email,
        "is_active": member.is_active,
    }


@router.get("/org/me", response=OrgMeOut, auth=org_bearer, summary="Tổ chức của tôi")
def org_me(request):
    member = request.org_member
    organisation = member.organisation
    return {
        "unit_code": organisation.employer.code,
        "name": organisation.employer.name,
        "tax_code": organisation.employer.tax_code,
        "transaction_method": organisation.transaction_method,
        "ivan_provider": organisation.ivan_provider,
        "registered_at": organisation.registered_at,
        "me": _member_out(member),
    }


@router.get(
    "/org/members",
    response=list[OrgMemberOut],
    auth=org_admin_bearer,
    summary="Người dùng của đơn vị (quản trị)",
)
def org_members(request):
    return [_member_out(m) for m in selectors.members(request.org_member)]


class OrgMemberIn(Schema):
    login: str = Field(..., max_length=30)
    full_name: str = Field(..., max_length=120)
    email: str = Field(..., max_length=254)
    phone: str = Field("", max_length=20)
    role: str = Field(..., pattern="^(admin|hr)$")


@router.post(
    "/org/members",
    response={201: OrgMemberOut},
    auth=org_admin_bearer,
    summary="Thêm người dùng (mật khẩu lần đầu gửi qua email)",
)
def org_member_add(request, payload: OrgMemberIn):
    member = services.member_add(by=request.org_member, **payload.dict())
    return Status(201, _member_out(member))


@router.post(
    "/org/members/{member_id}/deactivate",
    response=OrgMemberOut,
    auth=org_admin_bearer,
    summary="Khóa một người dùng của đơn vị",
)
def org_member_deactivate(request, member_id: int):
    return _member_out(services.member_deactivate(by=request.org_member, member_id=member_id))


@router.post(
    "/org/members/{member_id}/reset",
    response=OrgMemberOut,
    auth=org_admin_bearer,
    summary="Cấp lại mật khẩu lần đầu cho một người dùng (cài lại ứng dụng xác thực)",
)
def org_member_reset(request, member_id: int):
    return _member_out(services.member_reset(by=request.org_member, member_id=member_id))
