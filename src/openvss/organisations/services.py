"""Every write of the organisations app: the registration for e-transactions (a dossier
the agency approves), the organisation's account and its users, their sign-in.

Into dossiers: the organisation's registration is a kind of the dossier engine
(``dossier_kind_register``), numbered, evented and sent its OTP by ``dossiers.engine``, and
approved or rejected in the back office like every kind.
Into accounts: ``signin.password_check`` (throttles, lock-out, the generic refusal),
``signin.complete_login`` (one device, tokens), ``signin.device_sign_out``,
``services.one_time_password``.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.accounts import signin
from openvss.accounts.models import Device, User
from openvss.accounts.otp import otp_issue
from openvss.accounts.services import one_time_password
from openvss.core.ratelimit import rate_limit_hit
from openvss.domain.errors import DomainError
from openvss.domain.ids import parse_citizen_id, parse_mobile
from openvss.domain.text import fold, nfc
from openvss.dossiers import engine
from openvss.dossiers.models import Dossier
from openvss.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from openvss.messaging.services import destination_mask, notice_queue
from openvss.places.models import Agency, Employer

from . import notices
from .access import require_role, totp_confirmed
from .models import Organisation, OrganisationMember

NUMBER_CODE = "DV"  # "đơn vị": 00001.DV/2026/<agency>
FIRST_ADMIN_LOGIN = "quantri"
LOGIN_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{2,29}")
TAX_CODE_PATTERN = re.compile(r"\d{10}(-\d{3})?")


def dossier_kind_register() -> None:
    """The organisation's registration is a kind of the dossier engine (AppConfig.ready):
    its number prefix, its declared fields, and what approval does (the organisation and its
    administrator, told by their own notice)."""
    engine.register(
        engine.DossierKind(
            code=Dossier.Kind.ORG_REGISTRATION,
            label=gettext_lazy("Đăng ký giao dịch điện tử của đơn vị"),
            number_prefix=NUMBER_CODE,
            check=registration_check,
            approve=registration_approve,
            own_approval_notice=True,
            declared_labels=DECLARED_LABELS,
        )
    )


DECLARED_LABELS = (
    ("unit_code", gettext_lazy("Mã đơn vị")),
    ("tax_code", gettext_lazy("Mã số thuế")),
    ("employer_name", gettext_lazy("Tên đơn vị")),
    ("employer_address", gettext_lazy("Địa chỉ đơn vị")),
    ("representative_name", gettext_lazy("Người đại diện theo pháp luật")),
    ("representative_title", gettext_lazy("Chức vụ")),
    ("representative_citizen_id", gettext_lazy("Số CCCD/CMND/Hộ chiếu của người đại diện")),
    ("transaction_method_label", gettext_lazy("Phương thức đăng ký giao dịch")),
    ("ivan_provider", gettext_lazy("Tên tổ chức I-VAN")),
    ("certificate_serial", gettext_lazy("Số chứng thư số")),
    ("certificate_issuer", gettext_lazy("Tên tổ chức chứng thực chữ ký số")),
    ("contact_name", gettext_lazy("Người liên hệ")),
    ("phone", gettext_lazy("Số điện thoại")),
    ("email", gettext_lazy("Email")),
)


def member_username(unit_code: str, login: str) -> str:
    """The User.username of an organisation's user: never typed, composed at sign-in."""
    return f"{nfc(unit_code or '').upper()}.{nfc(login or '').lower()}"


# --- registration for e-transactions (form 01 for an organisation) ----------------------


class _Errors:
    def __init__(self):
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def domain(self, fn, *args, field: str, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DomainError as exc:
            self.add(field, _(exc.message))
            return None

    def raise_if_any(self) -> None:
        if self.fields:
            raise InvalidInput(next(iter(self.fields.values()))[0], fields=self.fields)


@dataclass(frozen=True)
class RegistrationChecked:
    employer: Employer
    agency: Agency
    phone: str
    email: str
    data: dict


def _agency_for(employer: Employer) -> Agency | None:
    """The agency that manages the employer; else a provincial agency of its province."""
    if employer.agency_id and employer.agency.accepts_dossiers:
        return employer.agency
    return (
        Agency.objects.filter(province_id=employer.province_id, accepts_dossiers=True)
        .order_by("level", "code")
        .first()
    )


def registration_check(
    *,
    unit_code: str,
    tax_code: str,
    representative_name: str,
    representative_title: str = "",
    representative_citizen_id: str = "",
    contact_name: str = "",
    phone: str,
    email: str,
    transaction_method: str,
    ivan_provider: str = "",
    certificate_serial: str = "",
    certificate_issuer: str = "",
    certificate_valid_to: date | None = None,
    client_ip: str = "",
) -> RegistrationChecked:
    """Check an organisation's declaration without saving anything; every error at once.
    The unit code and the tax code must be those of one employer of the agency's records
    (the same answer when the code is unknown and when the tax code is another's)."""
    rate_limit_hit("registration-ip", client_ip or "-", limit=20, window=3600)
    errors = _Errors()
    code = nfc(unit_code or "").upper()
    tax = nfc(tax_code or "").replace(" ", "")
    if not code:
        errors.add("unit_code", _("Vui lòng nhập mã đơn vị."))
    if not TAX_CODE_PATTERN.fullmatch(tax):
        errors.add(
            "tax_code", _("Mã số thuế gồm 10 chữ số (chi nhánh: 10 chữ số, dấu -, 3 chữ số).")
        )
    representative = nfc(representative_name or "")
    if len(representative.split()) < 2:
        errors.add(
            "representative_name", _("Vui lòng nhập họ và tên người đại diện theo pháp luật.")
        )
    citizen_id = ""
    if nfc(representative_citizen_id or ""):
        parsed = errors.domain(
            parse_citizen_id,
            representative_citizen_id,
            today=date.today(),
            field="representative_citizen_id",
        )
        citizen_id = parsed.number if parsed is not None else ""
    mobile = errors.domain(parse_mobile, phone, field="phone")
    email = nfc(email or "").lower()
    try:
        validate_email(email)
    except ValidationError:
        errors.add("email", _("Vui lòng nhập địa chỉ thư điện tử hợp lệ."))
    if transaction_method not in Organisation.Method.values:
        errors.add("transaction_method", _("Vui lòng chọn phương thức đăng ký giao dịch."))
    provider = nfc(ivan_provider or "")
    if transaction_method == Organisation.Method.IVAN and not provider:
        errors.add("ivan_provider", _("Vui lòng nhập tên tổ chức I-VAN."))
    if transaction_method == Organisation.Method.DIRECT:
        provider = ""
    if certificate_valid_to and certificate_valid_to < date.today():
        errors.add("certificate_valid_to", _("Chứng thư số đã hết hạn."))
    employer = agency = None
    if code and TAX_CODE_PATTERN.fullmatch(tax):
        rate_limit_hit("org-registration-code", code, limit=5, window=3600)
        employer = (
            Employer.objects.select_related("agency", "province")
            .filter(code=code, is_active=True)
            .first()
        )
        if employer is None or employer.tax_code.replace(" ", "") != tax:
            employer = None
            errors.add(
                "unit_code",
                _("Mã đơn vị hoặc mã số thuế không khớp với dữ liệu của cơ quan BHXH."),
            )
        else:
            agency = _agency_for(employer)
            if agency is None:
                errors.add("unit_code", _("Không xác định được cơ quan BHXH quản lý đơn vị."))
    errors.raise_if_any()
    method_label = str(Organisation.Method(transaction_method).label)
    data = {
        "unit_code": employer.code,
        "tax_code": tax,
        "employer_name": employer.name,
        "employer_address": employer.address,
        "representative_name": representative,
        "representative_title": nfc(representative_title or ""),
        "representative_citizen_id": citizen_id,
        "contact_name": nfc(contact_name or "") or representative,
        "phone": mobile,
        "email": email,
        "transaction_method": transaction_method,
        "transaction_method_label": method_label,
        "ivan_provider": provider,
        "certificate_serial": nfc(certificate_serial or ""),
        "certificate_issuer": nfc(certificate_issuer or ""),
        "certificate_valid_to": certificate_valid_to.isoformat() if certificate_valid_to else "",
    }
    return RegistrationChecked(
        employer=employer, agency=agency, phone=mobile, email=email, data=data
    )


def _registration_taken(employer: Employer, agency: Agency) -> tuple[str, str]:
    """("", "") when the employer may register; otherwise why not and whom to tell (the
    contact of the organisation or of the open dossier, never the answer)."""
    organisation = Organisation.objects.filter(employer=employer).first()
    if organisation is not None:
        return "account", organisation.contact_email
    open_dossier = (
        Dossier.objects.filter(
            agency=agency,
            kind=Dossier.Kind.ORG_REGISTRATION,
            status__in=Dossier.OPEN_STATUSES,
            data__unit_code=employer.code,
        )
        .only("contact_email")
        .first()
    )
    if open_dossier is not None:
        return "open_dossier", open_dossier.contact_email
    return "", ""


def registration_submit(**declaration) -> engine.Submitted:
    """Check, create the dossier waiting for its OTP, send the OTP to the email given.

    An employer that already has an account or an open registration gets an answer that
    looks the same, but its code goes to nobody and the existing contact is told."""
    checked = registration_check(**declaration)
    withheld, tell = _registration_taken(checked.employer, checked.agency)
    access_key = secrets.token_urlsafe(24)
    with transaction.atomic():
        dossier = Dossier.objects.create(
            kind=Dossier.Kind.ORG_REGISTRATION,
            agency=checked.agency,
            contact_phone=checked.phone,
            contact_email=checked.email,
            access_key_digest=hashlib.sha256(access_key.encode()).hexdigest(),
            name_folded=fold(checked.employer.name)[:120],
            data={**checked.data, **({"withheld": withheld} if withheld else {})},
        )
        engine.event(dossier, "", Dossier.Status.AWAITING_OTP)
        if withheld:
            otp_issue(
                purpose=engine.OTP_PURPOSE,
                subject=str(dossier.pk),
                destination=f"-:{dossier.pk}",
            )
            if tell:
                notice_queue(
                    phone="",
                    email=tell,
                    purpose="registration_refused",
                    sms="",
                    subject=notices.again_subject(),
                    email_body=notices.again_email(checked.employer.code),
                )
            sent_to = destination_mask(checked.email)
        else:
            sent_to = engine.send_otp(dossier)
    return engine.Submitted(dossier=dossier, access_key=access_key, otp_sent_to=sent_to)


def registration_get(*, dossier_id: int, access_key: str) -> Dossier:
    """The registrant's dossier (by its access key); anything else is "not found"."""
    dossier = engine.for_applicant(dossier_id=dossier_id, access_key=access_key)
    if dossier.kind != Dossier.Kind.ORG_REGISTRATION:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier


def registration_resend_otp(*, dossier: Dossier) -> str:
    if dossier.status != Dossier.Status.AWAITING_OTP:
        raise Conflict(_("Hồ sơ đã được gửi, không cần mã OTP nữa."), code="not_awaiting_otp")
    if dossier.data.get("withheld"):
        otp_issue(
            purpose=engine.OTP_PURPOSE,
            subject=str(dossier.pk),
            destination=f"-:{dossier.pk}",
        )
        return destination_mask(dossier.contact_email)
    with transaction.atomic():
        return engine.send_otp(dossier)


def registration_confirm(*, dossier: Dossier, otp: str, now: datetime | None = None) -> Dossier:
    """The OTP is right: number the dossier and put it in the agency's queue (the engine's
    confirmation: the code spent with the change, the same answer to the same code again)."""
    return engine.confirm(dossier=dossier, otp=otp, now=now)


def registration_approve(dossier: Dossier, officer: User) -> None:
    """What approving an organisation's registration does (inside the approval's
    transaction): the organisation, its first administrator with a one-time password
    delivered to the registered email and phone."""
    data = dossier.data
    employer = Employer.objects.select_for_update().filter(code=data.get("unit_code")).first()
    if employer is None:
        raise Conflict(_("Đơn vị không còn trong dữ liệu của cơ quan BHXH."), code="no_employer")
    if Organisation.objects.filter(employer=employer).exists():
        raise Conflict(
            _("Đơn vị này đã có tài khoản giao dịch điện tử."), code="already_registered"
        )
    valid_to = data.get("certificate_valid_to") or None
    organisation = Organisation.objects.create(
        employer=employer,
        transaction_method=data["transaction_method"],
        ivan_provider=data.get("ivan_provider", ""),
        representative_name=data["representative_name"],
        representative_title=data.get("representative_title", ""),
        representative_citizen_id=data.get("representative_citizen_id", ""),
        contact_name=data.get("contact_name", ""),
        contact_phone=dossier.contact_phone,
        contact_email=dossier.contact_email,
        certificate_serial=data.get("certificate_serial", ""),
        certificate_issuer=data.get("certificate_issuer", ""),
        certificate_valid_to=date.fromisoformat(valid_to) if valid_to else None,
        dossier=dossier,
        registered_at=timezone.now(),
        approved_by=officer,
    )
    _member, password = _account_create(
        organisation=organisation,
        login=FIRST_ADMIN_LOGIN,
        full_name=organisation.contact_name or organisation.representative_name,
        email=dossier.contact_email,
        phone=dossier.contact_phone,
        role=OrganisationMember.Role.ADMIN,
        created_by=None,
    )
    with translation.override(dossier.language):
        notice_queue(
            phone=dossier.contact_phone,
            email=dossier.contact_email,
            purpose="account_issued",
            sms=notices.account_sms(code=employer.code, login=FIRST_ADMIN_LOGIN),
            subject=notices.account_subject(),
            email_body=notices.account_email(
                number=dossier.number, code=employer.code, login=FIRST_ADMIN_LOGIN
            ),
            secret=password,
        )


# --- the organisation's users ----------------------------------------------------------


def _account_create(
    *, organisation, login, full_name, email, phone, role, created_by
) -> tuple[OrganisationMember, str]:
    password = one_time_password()
    user = User(
        username=member_username(organisation.employer.code, login),
        first_name=full_name[:150],
        must_change_password=True,
    )
    user.set_password(password)
    user.save()
    member = OrganisationMember.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        login=login,
        full_name=full_name,
        email=email,
        phone=phone,
        created_by=created_by,
    )
    return member, password


def member_add(
    *, by: OrganisationMember, login: str, full_name: str, email: str, phone: str = "", role: str
) -> OrganisationMember:
    """An administrator adds a user (HR officer or another administrator); the one-time
    password goes to the new user's email (and phone, if given)."""
    require_role(by, OrganisationMember.Role.ADMIN)
    errors = _Errors()
    login = nfc(login or "").lower()
    if not LOGIN_PATTERN.fullmatch(login):
        errors.add(
            "login",
            _("Tên đăng nhập gồm 3–30 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch."),
        )
    full_name = nfc(full_name or "")
    if len(full_name.split()) < 2:
        errors.add("full_name", _("Vui lòng nhập đầy đủ họ và tên."))
    email = nfc(email or "").lower()
    try:
        validate_email(email)
    except ValidationError:
        errors.add("email", _("Vui lòng nhập địa chỉ thư điện tử hợp lệ."))
    mobile = errors.domain(parse_mobile, phone, field="phone") if nfc(phone or "") else ""
    if role not in OrganisationMember.Role.values:
        errors.add("role", _("Vui lòng chọn vai trò."))
    if (
        LOGIN_PATTERN.fullmatch(login)
        and OrganisationMember.objects.filter(organisation=by.organisation, login=login).exists()
    ):
        errors.add("login", _("Tên đăng nhập này đã được dùng trong đơn vị."))
    errors.raise_if_any()
    rate_limit_hit("org-member-add", str(by.organisation_id), limit=100, window=3600)
    code = by.organisation.employer.code
    with transaction.atomic():
        member, password = _account_create(
            organisation=by.organisation,
            login=login,
            full_name=full_name,
            email=email,
            phone=mobile or "",
            role=role,
            created_by=by.user,
        )
        notice_queue(
            phone=member.phone,
            email=member.email,
            purpose="account_issued",
            sms=notices.member_sms(code=code, login=login),
            subject=notices.member_subject(),
            email_body=notices.member_email(
                organisation=by.organisation.employer.name,
                code=code,
                login=login,
                role=member.get_role_display(),
            ),
            secret=password,
        )
    return member


def member_deactivate(*, by: OrganisationMember, member_id: int) -> OrganisationMember:
    """Stop a user of one's own organisation: signed out everywhere at once."""
    require_role(by, OrganisationMember.Role.ADMIN)
    member = (
        OrganisationMember.objects.select_related("user")
        .filter(organisation=by.organisation, pk=member_id)
        .first()
    )
    if member is None:
        raise NotFound(_("Không tìm thấy người dùng trong đơn vị."))
    if member.pk == by.pk:
        raise Conflict(_("Bạn không thể tự khóa tài khoản của mình."), code="self_deactivate")
    with transaction.atomic():
        OrganisationMember.objects.filter(pk=member.pk).update(
            is_active=False, verified_device=None
        )
        User.objects.filter(pk=member.user_id).update(is_active=False)
        for device in member.user.devices.filter(signed_out_at__isnull=True):
            signin.device_sign_out(device=device)
    member.refresh_from_db()
    return member


def member_reset(*, by: OrganisationMember, member_id: int) -> OrganisationMember:
    """A user forgot the password or lost the phone: the administrator issues a new one-time
    password (to the user's email) and removes the authenticator, which the user sets up
    again at the next sign-in; every device of the user is signed out."""
    require_role(by, OrganisationMember.Role.ADMIN)
    member = (
        OrganisationMember.objects.select_related("user", "organisation__employer")
        .filter(organisation=by.organisation, pk=member_id, is_active=True)
        .first()
    )
    if member is None:
        raise NotFound(_("Không tìm thấy người dùng trong đơn vị."))
    if member.pk == by.pk:
        raise Conflict(
            _("Bạn không thể tự cấp lại mật khẩu cho mình; hãy dùng Đổi mật khẩu."),
            code="self_reset",
        )
    return _member_reset(member)


def member_reset_by_agency(*, officer: User, member_id: int) -> OrganisationMember:
    """The same, done in the back office by an officer of the agency that manages the
    employer (an administrator who lost access asks the agency)."""
    member = (
        OrganisationMember.objects.select_related("user", "organisation__employer")
        .filter(pk=member_id, is_active=True)
        .first()
    )
    if member is None:
        raise NotFound(_("Không tìm thấy người dùng trong đơn vị."))
    if not officer.is_staff or (
        not officer.is_superuser and officer.agency_id != member.organisation.employer.agency_id
    ):
        raise Forbidden(_("Đơn vị thuộc cơ quan BHXH khác."))
    return _member_reset(member)


def organisation_status_set(*, officer: User, organisation_id: int, status: str) -> Organisation:
    """Suspend an organisation's e-transactions (its users reach nothing and are signed
    out) or resume them; officers of the managing agency only."""
    organisation = Organisation.objects.select_related("employer").get(pk=organisation_id)
    if not officer.is_staff or (
        not officer.is_superuser and officer.agency_id != organisation.employer.agency_id
    ):
        raise Forbidden(_("Đơn vị thuộc cơ quan BHXH khác."))
    if status not in Organisation.Status.values:
        raise InvalidInput(_("Trạng thái không hợp lệ."))
    with transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(status=status)
        if status == Organisation.Status.SUSPENDED:
            for device in Device.objects.filter(
                user__org_membership__organisation=organisation, signed_out_at__isnull=True
            ):
                signin.device_sign_out(device=device)
    organisation.status = status
    return organisation


def _member_reset(member: OrganisationMember) -> OrganisationMember:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    rate_limit_hit("org-member-reset", str(member.pk), limit=5, window=3600)
    password = one_time_password()
    code = member.organisation.employer.code
    with transaction.atomic():
        user = member.user
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        TOTPDevice.objects.filter(user=user).delete()
        OrganisationMember.objects.filter(pk=member.pk).update(verified_device=None)
        for device in user.devices.filter(signed_out_at__isnull=True):
            signin.device_sign_out(device=device)
        notice_queue(
            phone=member.phone,
            email=member.email,
            purpose="password_reset",
            sms=notices.member_sms(code=code, login=member.login),
            subject=notices.member_subject(),
            email_body=notices.member_email(
                organisation=member.organisation.employer.name,
                code=code,
                login=member.login,
                role=member.get_role_display(),
            ),
            secret=password,
        )
    return member


# --- sign-in -------------------------------------------------------------------------


def _generic_failure() -> NotAuthenticated:
    return NotAuthenticated(
        _(
            "Mã đơn vị, tên đăng nhập hoặc mật khẩu không đúng. Sau 5 lần sai, đăng nhập từ "
            "thiết bị này tạm khóa 15 phút."
        ),
        code="invalid_credentials",
    )


def sign_in_password(
    *,
    unit_code: str,
    login: str,
    password: str,
    device_id: str,
    device_name: str = "",
    ip: str = "",
) -> OrganisationMember:
    """Step one: accounts' password check (its throttles and lock-out, counted for unknown
    units and logins alike), then an active membership. Every refusal is the same."""
    code, login = nfc(unit_code or "").upper(), nfc(login or "").lower()
    try:
        user = signin.password_check(
            username=member_username(code, login),
            password=password,
            device_id=device_id,
            device_name=device_name,
            ip=ip,
        )
    except NotAuthenticated as exc:
        if exc.code == "invalid_credentials":
            raise _generic_failure() from None
        raise
    member = (
        OrganisationMember.objects.select_related("organisation__employer", "user")
        .filter(
            user=user,
            is_active=True,
            organisation__status=Organisation.Status.ACTIVE,
            organisation__employer__code=code,
        )
        .first()
    )
    if member is None:
        raise _generic_failure()
    return member


def totp_check(member: OrganisationMember, token: str) -> None:
    """Step two: a code of the member's confirmed authenticator (django-otp, whose device
    throttles itself), also limited per user."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    rate_limit_hit("org-totp", str(member.user_id), limit=10, window=900)
    device = TOTPDevice.objects.filter(user=member.user, confirmed=True).first()
    token = "".join((token or "").split())
    if device is None or not (token.isdigit() and len(token) == 6 and device.verify_token(token)):
        message = _("Mã xác thực không đúng hoặc đã hết hạn. Vui lòng thử lại.")
        raise InvalidInput(message, code="totp_invalid", fields={"totp": [message]})


def sign_in_complete(
    *,
    member: OrganisationMember,
    device_id: str,
    device_name: str = "",
    ip: str = "",
    verified: bool,
    now: datetime | None = None,
) -> signin.Tokens:
    """The member is who they say: one device at a time. The second factor stands for the
    citizens' device-switch OTP, so a verified sign-in signs any other device out at once
    (and says so by email). ``verified`` is False only for a member that has no
    authenticator yet (its first steps: password change, enrolment)."""
    now = now or timezone.now()
    user = member.user
    with transaction.atomic():
        others = list(user.devices.filter(signed_out_at__isnull=True).exclude(device_id=device_id))
        for old in others:
            signin.device_sign_out(device=old, now=now)
        tokens = signin.complete_login(
            user=user, device_id=device_id, device_name=device_name, ip=ip, now=now
        )
        OrganisationMember.objects.filter(pk=member.pk).update(
            verified_device=tokens.device if verified else None
        )
        if others and member.email:
            notice_queue(
                phone="",
                email=member.email,
                purpose="new_device",
                sms="",
                subject=notices.new_device_subject(),
                email_body=notices.new_device_email(
                    member.login, device_name[:60] or _("không rõ tên")
                ),
            )
    member.verified_device = tokens.device if verified else None
    return tokens


def sign_in(
    *,
    unit_code: str,
    login: str,
    password: str,
    totp: str = "",
    device_id: str,
    device_name: str = "",
    ip: str = "",
) -> signin.Tokens:
    """The API's sign-in in one call: password, then the TOTP code (required once the
    member has an authenticator)."""
    member = sign_in_password(
        unit_code=unit_code,
        login=login,
        password=password,
        device_id=device_id,
        device_name=device_name,
        ip=ip,
    )
    verified = totp_confirmed(member.user)
    if verified:
        if not (totp or "").strip():
            message = _("Vui lòng nhập mã xác thực từ ứng dụng xác thực.")
            raise NotAuthenticated(message, code="totp_required")
        totp_check(member, totp)
    return sign_in_complete(
        member=member, device_id=device_id, device_name=device_name, ip=ip, verified=verified
    )


def password_change(
    *,
    member: OrganisationMember,
    old_password: str,
    new_password: str,
    keep_device: Device | None = None,
) -> None:
    """Change the password (the first one is forced); other devices are signed out."""
    user = member.user
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
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        for device in user.devices.filter(signed_out_at__isnull=True):
            if keep_device is None or device.pk != keep_device.pk:
                signin.device_sign_out(device=device)


def totp_enrol_start(member: OrganisationMember):
    """The authenticator to enrol (unconfirmed until a code from it is typed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if totp_confirmed(member.user):
        raise Conflict(_("Tài khoản đã cài đặt ứng dụng xác thực."), code="totp_enrolled")
    device, _created = TOTPDevice.objects.get_or_create(
        user=member.user, confirmed=False, defaults={"name": "Ứng dụng xác thực"}
    )
    return device


def totp_enrol_confirm(*, member: OrganisationMember, token: str, device: Device) -> None:
    """A code from the new authenticator: it is confirmed, and this device, signed in
    with the password and now the second factor, becomes the member's verified device."""
    if member.user.must_change_password:
        raise Forbidden(_("Vui lòng đổi mật khẩu được cấp trước."), code="password")
    if device is None or device.user_id != member.user_id or device.signed_out_at is not None:
        raise NotAuthenticated(_("Vui lòng đăng nhập lại trên thiết bị này."), code="no_device")
    rate_limit_hit("org-totp", str(member.user_id), limit=10, window=900)
    authenticator = totp_enrol_start(member)
    token = "".join((token or "").split())
    if not (token.isdigit() and len(token) == 6 and authenticator.verify_token(token)):
        message = _("Mã xác thực không đúng hoặc đã hết hạn. Vui lòng thử lại.")
        raise InvalidInput(message, code="totp_invalid", fields={"totp": [message]})
    with transaction.atomic():
        authenticator.confirmed = True
        authenticator.save(update_fields=["confirmed"])
        OrganisationMember.objects.filter(pk=member.pk).update(verified_device=device)
    member.verified_device = device
