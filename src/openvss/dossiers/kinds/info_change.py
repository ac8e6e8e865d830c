"""A signed-in citizen asks to change personal details (phone, email, address); an officer
checks and applies them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.accounts.models import User
from openvss.core.ratelimit import rate_limit_hit
from openvss.domain.ids import parse_mobile
from openvss.domain.text import nfc
from openvss.errors import Conflict, Forbidden
from openvss.places.models import Agency, Commune

from .. import engine
from ..models import Dossier

INFO_FIELDS = ("phone", "email", "address_line", "commune_code")


def home_agency(person) -> Agency | None:
    """The provincial agency of the person's province (the first one if unknown)."""
    agencies = Agency.objects.filter(level=Agency.Level.PROVINCIAL)
    if person is not None and person.commune_id:
        return agencies.filter(province_id=person.commune.province_id).first()
    return agencies.order_by("code").first()


def info_change_check(
    *,
    user: User,
    phone: str = "",
    email: str = "",
    address_line: str = "",
    commune_code: str = "",
    reason: str = "",
) -> dict:
    if user.person_id is None:
        raise Forbidden()
    errors = engine.Errors()
    changes: dict[str, str] = {}
    if phone.strip():
        mobile = errors.domain(parse_mobile, phone)
        if mobile and mobile != user.phone:
            changes["phone"] = mobile
    if email.strip() and email.strip().lower() != user.email.lower():
        changes["email"] = email.strip().lower()
    if address_line.strip():
        changes["address_line"] = nfc(address_line)[:255]
    if commune_code.strip():
        if not Commune.objects.filter(code=commune_code.strip()).exists():
            errors.add("commune", _("Vui lòng chọn tỉnh/thành phố và xã/phường."))
        else:
            changes["commune_code"] = commune_code.strip()
    errors.raise_if_any()
    if not changes:
        raise engine.FieldErrors(_("Không có thông tin nào thay đổi."), code="no_change")
    return {"changes": changes, "reason": nfc(reason)[:500]}


def info_change_submit(*, user: User, **fields) -> Dossier:
    """A request to change personal details; an officer checks and applies it. With a new
    phone or email it waits for the OTP sent there (``dossier.access_key`` reaches it)."""
    if user.person_id is None:
        raise Forbidden()
    rate_limit_hit("info-change", str(user.pk), limit=5, window=86400)
    checked = info_change_check(user=user, **fields)
    changes = checked["changes"]
    person = user.person
    old = {
        "phone": user.phone,
        "email": user.email,
        "address_line": person.address_line,
        "commune_code": person.commune_id or "",
    }
    return engine.open(
        Dossier.Kind.INFO_CHANGE,
        user=user,
        person=person,
        agency=home_agency(person),
        # A new phone or email is proved by an OTP sent to it before the agency sees it.
        confirm_by_otp="phone" in changes or "email" in changes,
        data={
            "changes": changes,
            "old": {k: old[k] for k in changes},
            "reason": checked["reason"],
            "full_name": person.full_name,
        },
    )


def _approve(dossier: Dossier, officer: User) -> None:
    """Apply the approved changes: contact details on the account, address on the person
    (kept in the record's history with the officer as author)."""
    changes = dossier.data.get("changes", {})
    user = dossier.applicant
    if (
        "phone" in changes
        and User.objects.exclude(pk=user.pk).filter(phone=changes["phone"]).exists()
    ):
        raise Conflict(
            _("Mỗi số điện thoại chỉ được đăng ký cho 1 mã số BHXH."), code="phone_taken"
        )
    if (
        "email" in changes
        and User.objects.exclude(pk=user.pk).filter(email__iexact=changes["email"]).exists()
    ):
        raise Conflict(_("Mỗi email chỉ được đăng ký cho 1 mã số BHXH."), code="email_taken")
    account_fields = [f for f in ("phone", "email") if f in changes]
    for f in account_fields:
        setattr(user, f, changes[f])
    if account_fields:
        user.save(update_fields=account_fields)
    person = dossier.person
    person._history_user = officer
    person_fields = []
    if "address_line" in changes:
        person.address_line = changes["address_line"]
        person_fields.append("address_line")
    if "commune_code" in changes:
        person.commune_id = changes["commune_code"]
        person_fields.append("commune")
    for f in account_fields:
        setattr(person, f, changes[f])
        person_fields.append(f)
    if person_fields:
        person.save(update_fields=[*person_fields, "updated_at"])


def _otp_destination(dossier: Dossier) -> str:
    changes = dossier.data.get("changes", {})
    return changes.get("phone") or changes.get("email") or dossier.contact_phone


KIND = engine.register(
    engine.DossierKind(
        code=Dossier.Kind.INFO_CHANGE,
        label=gettext_lazy("Điều chỉnh thông tin cá nhân"),
        number_prefix="DC",
        check=info_change_check,
        approve=_approve,
        expected_from_citizen=None,
        otp_destination=_otp_destination,
        declared_labels=(
            ("full_name", gettext_lazy("Họ và tên")),
            ("changes", gettext_lazy("Thông tin đề nghị thay đổi")),
            ("old", gettext_lazy("Thông tin hiện tại")),
            ("reason", gettext_lazy("Lý do")),
        ),
    )
)
