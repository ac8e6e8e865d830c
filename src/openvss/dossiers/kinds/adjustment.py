"""Form 01 §2, "Điều chỉnh thông tin": a signed-in citizen changes the details of their
electronic transactions — mobile phone, email, digital certificate (số chứng thư số, tổ
chức chứng thực chữ ký số, thời hạn). Only what changes is declared. A new phone or email
is proved by an OTP sent to it before the dossier reaches the agency; approval puts the new
details on the account."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.accounts.models import User
from openvss.core.ratelimit import rate_limit_hit
from openvss.domain.ids import parse_mobile
from openvss.domain.text import nfc
from openvss.errors import Conflict, Forbidden

from .. import engine
from ..models import Dossier
from ._form01 import DECLARANT_LABELS, declarant, registration_agency

SERIAL = re.compile(r"^[0-9A-Fa-f]{8,40}$")


def adjustment_check(
    *,
    user: User,
    phone: str = "",
    email: str = "",
    cert_serial: str = "",
    cert_issuer: str = "",
    cert_valid_from: date | None = None,
    cert_valid_to: date | None = None,
    today: date | None = None,
) -> dict:
    """The changes, normalised; FieldErrors for every field at once."""
    if user.person_id is None or not user.is_active:
        raise Forbidden()
    today = today or date.today()
    errors = engine.Errors()
    changes: dict[str, str] = {}
    if (phone or "").strip():
        mobile = errors.domain(parse_mobile, phone)
        if mobile and mobile != user.phone:
            changes["phone"] = mobile
    email = nfc(email or "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("email", _("Địa chỉ email không hợp lệ."))
        else:
            if email != user.email.lower():
                changes["email"] = email
    serial = nfc(cert_serial or "").replace(" ", "")
    issuer = nfc(cert_issuer or "")
    if serial or issuer or cert_valid_from or cert_valid_to:
        if not SERIAL.match(serial):
            errors.add("cert_serial", _("Số chứng thư số gồm 8 đến 40 ký tự 0–9, A–F (số sê-ri)."))
        if not issuer:
            errors.add("cert_issuer", _("Vui lòng nhập tên tổ chức chứng thực chữ ký số."))
        if cert_valid_from is None:
            errors.add("cert_valid_from", _("Vui lòng nhập ngày bắt đầu (dd/mm/yyyy)."))
        if cert_valid_to is None:
            errors.add("cert_valid_to", _("Vui lòng nhập ngày hết hạn (dd/mm/yyyy)."))
        elif cert_valid_from and cert_valid_to <= cert_valid_from:
            errors.add("cert_valid_to", _("Ngày hết hạn phải sau ngày bắt đầu."))
        elif cert_valid_to < today:
            errors.add("cert_valid_to", _("Chứng thư số đã hết hạn."))
        if not errors.fields:
            changes.update(
                cert_serial=serial.upper(),
                cert_issuer=issuer[:120],
                cert_valid_from=cert_valid_from.isoformat(),
                cert_valid_to=cert_valid_to.isoformat(),
            )
    errors.raise_if_any()
    if not changes:
        raise engine.FieldErrors(
            _("Không có thông tin nào thay đổi. Chỉ ghi những nội dung có thay đổi, bổ sung."),
            code="no_change",
        )
    return {"changes": changes}


def adjustment_submit(*, user: User, **fields) -> Dossier:
    """Open the §2 dossier. With a new phone or email it waits for the OTP sent there
    (``dossier.access_key`` reaches it); otherwise it is received at once."""
    if user.person_id is None or not user.is_active:
        raise Forbidden()
    rate_limit_hit("form01-adjust", str(user.pk), limit=5, window=86400)
    changes = adjustment_check(user=user, **fields)["changes"]
    person = user.person
    contact_changes = "phone" in changes or "email" in changes
    return engine.open(
        Dossier.Kind.ADJUSTMENT,
        user=user,
        person=person,
        agency=registration_agency(person),
        # The notices go to the new contact once it is proved.
        contact_phone=changes.get("phone", user.phone),
        contact_email=changes.get("email", user.email),
        confirm_by_otp=contact_changes,
        data={**declarant(person, contact=user), "adjust": changes},
    )


def certificate_current(user: User) -> dict | None:
    """The digital certificate last declared on an approved §2 dossier (serial, issuer,
    validity), or None."""
    latest = (
        Dossier.objects.filter(
            applicant=user,
            kind=Dossier.Kind.ADJUSTMENT,
            status=Dossier.Status.APPROVED,
            data__adjust__has_key="cert_serial",
        )
        .order_by("-decided_at")
        .values_list("data", flat=True)
        .first()
    )
    return {k: v for k, v in latest["adjust"].items() if k.startswith("cert_")} if latest else None


def _otp_destination(dossier: Dossier) -> str:
    """The new phone if it changes (it is the one OTPs and recovery go to), else the new
    email."""
    changes = dossier.data.get("adjust", {})
    return changes.get("phone") or changes.get("email") or dossier.contact_phone


def _approve(dossier: Dossier, officer: User) -> None:
    changes = dossier.data.get("adjust", {})
    user = dossier.applicant
    others = User.objects.exclude(pk=user.pk)
    if "phone" in changes and others.filter(phone=changes["phone"]).exists():
        raise Conflict(
            _("Mỗi số điện thoại chỉ được đăng ký cho 1 mã số BHXH."), code="phone_taken"
        )
    if "email" in changes and others.filter(email__iexact=changes["email"]).exists():
        raise Conflict(_("Mỗi email chỉ được đăng ký cho 1 mã số BHXH."), code="email_taken")
    fields = [f for f in ("phone", "email") if f in changes]
    for f in fields:
        setattr(user, f, changes[f])
    if fields:
        user.save(update_fields=fields)
    # The certificate's details stay on the approved dossier (certificate_current).


def _expected(dossier: Dossier) -> str:
    if dossier.status == Dossier.Status.AWAITING_OTP:
        return _("Nhập mã OTP đã gửi đến số điện thoại hoặc email mới.")
    return ""


KIND = engine.register(
    engine.DossierKind(
        code=Dossier.Kind.ADJUSTMENT,
        label=gettext_lazy("Điều chỉnh thông tin giao dịch điện tử"),
        number_prefix="DT",
        check=adjustment_check,
        approve=_approve,
        expected_from_citizen=_expected,
        form01_section=2,
        otp_destination=_otp_destination,
        declared_labels=(*DECLARANT_LABELS, ("adjust", gettext_lazy("Nội dung điều chỉnh"))),
    )
)
