"""Form 01 §1, registration for electronic transactions (seeds 000/003/004): anyone with a
mã số BHXH declares it with three photos, confirms by OTP, and has 10 days to complete it at
the agency; approval issues the account and sends its one-time password."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.accounts.models import User
from openvss.accounts.services import account_issue
from openvss.core.ratelimit import rate_limit_hit
from openvss.core.uploads import image_clean
from openvss.domain.ids import parse_bhxh_code, parse_citizen_id, parse_mobile
from openvss.domain.text import names_match, nfc
from openvss.errors import Conflict
from openvss.messaging.services import notice_queue
from openvss.people.models import Person
from openvss.people.population import population_register
from openvss.places.models import Agency, Commune

from .. import engine, notices
from ..declaration import form01_attachment
from ..models import Dossier, DossierFile


@dataclass(frozen=True)
class RegistrationChecked:
    """A declaration that passed every check, ready to become a dossier."""

    person: Person
    agency: Agency
    commune: Commune
    code: str
    name: str
    birth_date: date
    citizen_id: str
    address_line: str
    phone: str
    email: str
    photos: dict
    population_check: str
    withheld: str = ""  # why it cannot go on, told to nobody in the answer (see below)
    org_code: str = ""  # the employer whose HR confirms it first (ORG_HOLD)


# A registration may name the applicant's employer (mã đơn vị, issue 14; guide 003: "chuyển
# cho nhân sự đơn vị in, ký xác nhận"): once confirmed it waits in the organisation's HR
# queue, not the agency's, until HR forwards it. The organisations app (a higher layer)
# fills this in its AppConfig.ready(): ``check(code, person) -> str`` gives the canonical
# code when an active organisation has it and the person currently works there ("" if not);
# ``hold(dossier)`` puts the confirmed dossier in the HR queue (same transaction). The
# agency's queue leaves held dossiers out (organisations' admin). Empty: the field is refused.
ORG_HOLD: dict = {}


def registration_check(
    *,
    bhxh_code: str,
    full_name: str,
    birth_date: date | None,
    citizen_id: str,
    commune_code: str,
    address_line: str,
    phone: str,
    email: str,
    agency_code: str,
    portrait,
    id_front,
    id_back,
    client_ip: str = "",
    org_code: str = "",
) -> RegistrationChecked:
    """Check declaration form 01 without saving anything.

    Every field error comes at once, together with the identity check (code, name and birth
    date against the agency's records) whenever those three fields are readable, so that the
    applicant fixes everything in one round.
    """
    rate_limit_hit("registration-ip", client_ip or "-", limit=20, window=3600)
    errors = engine.Errors()
    code = errors.domain(parse_bhxh_code, bhxh_code)
    name = nfc(full_name or "")
    if not name or len(name.split()) < 2:
        errors.add("full_name", _("Vui lòng nhập đầy đủ họ và tên tiếng Việt có dấu."))
    if birth_date is None:
        errors.add("birth_date", _("Vui lòng nhập ngày sinh (dd/mm/yyyy)."))
    cid = errors.domain(parse_citizen_id, citizen_id, today=date.today())
    mobile = errors.domain(parse_mobile, phone)
    email = nfc(email or "").lower()
    commune = Commune.objects.select_related("province").filter(code=commune_code).first()
    if commune is None:
        errors.add("commune", _("Vui lòng chọn tỉnh/thành phố và xã/phường."))
    address_line = nfc(address_line or "")
    if not address_line:
        errors.add("address_line", _("Vui lòng nhập số nhà, tên đường, tổ/xóm, khu phố/thôn."))
    agency = Agency.objects.filter(code=agency_code, accepts_dossiers=True).first()
    if agency is None:
        errors.add("agency", _("Vui lòng chọn cơ quan BHXH tiếp nhận hồ sơ."))
    photos = {}
    for kind, upload in (
        (DossierFile.Kind.PORTRAIT, portrait),
        (DossierFile.Kind.ID_FRONT, id_front),
        (DossierFile.Kind.ID_BACK, id_back),
    ):
        photo = errors.upload(image_clean, upload, field=kind.value)
        if photo is not None:
            photos[kind] = photo
    person = None
    if code and name and birth_date:
        rate_limit_hit("registration-code", code, limit=5, window=3600)
        person = Person.objects.filter(bhxh_code=code).first()
        # The same answer whether the code is unknown or belongs to someone else.
        if (
            person is None
            or not names_match(person.full_name, name)
            or person.birth_date != birth_date
        ):
            person = None
            errors.add("bhxh_code", _("Mã số BHXH, họ tên hoặc ngày sinh không khớp."))
            errors.summary = (
                _("Mã số BHXH, họ tên hoặc ngày sinh không khớp với dữ liệu của cơ quan BHXH."),
                "person_mismatch",
            )
    org_code = nfc(org_code or "").upper()
    if org_code and person is not None:  # without the person, the identity error says it
        check = ORG_HOLD.get("check")
        org_code = check(org_code, person) if check else ""
        if not org_code:
            errors.add(
                "org_code",
                _(
                    "Mã đơn vị không đúng, đơn vị chưa giao dịch điện tử hoặc bạn không làm "
                    "việc tại đơn vị này."
                ),
            )
    errors.raise_if_any()

    # Whether the code already has an account, or the phone or email belongs to another
    # code, is never said in the answer (issue 11, item 3): the dossier is created and an OTP
    # issued as usual, but the code is withheld and the owners of the account or contact are
    # told by their own registered channel instead (engine.send_otp).
    withheld = _registration_conflict(person=person, phone=mobile, email=email)
    check = population_register().verify(
        citizen_id=cid.number, full_name=name, birth_date=birth_date, sex=person.sex
    )
    if check.status == "mismatch":
        raise engine.FieldErrors(
            _("Số CCCD/CMND không khớp với Cơ sở dữ liệu quốc gia về dân cư."),
            code="population_mismatch",
            fields={"citizen_id": [_("Số CCCD/CMND không khớp với họ tên, ngày sinh, giới tính.")]},
        )
    return RegistrationChecked(
        person=person,
        agency=agency,
        commune=commune,
        code=code,
        name=name,
        birth_date=birth_date,
        citizen_id=cid.number,
        address_line=address_line,
        phone=mobile,
        email=email,
        photos=photos,
        population_check=check.status,
        withheld=withheld,
        org_code=org_code,
    )


def registration_submit(**declaration) -> engine.Submitted:
    """Declaration form 01: check everything (``registration_check``), keep the photos,
    send the OTP. The dossier waits for the OTP (``engine.confirm``) before it reaches the
    agency."""
    checked = registration_check(**declaration)
    commune = checked.commune
    dossier = engine.open(
        Dossier.Kind.REGISTRATION,
        person=checked.person,
        agency=checked.agency,
        name=checked.name,
        contact_phone=checked.phone,
        contact_email=checked.email,
        files=checked.photos,
        confirm_by_otp=True,
        data={
            "bhxh_code": checked.code,
            "full_name": checked.name,
            "birth_date": checked.birth_date.isoformat(),
            "citizen_id": checked.citizen_id,
            "commune_code": commune.code,
            "commune_name": commune.name,
            "province_name": commune.province.name,
            "address_line": checked.address_line,
            "phone": checked.phone,
            "email": checked.email,
            "population_check": checked.population_check,
            **({"withheld": checked.withheld} if checked.withheld else {}),
            **({"org_code": checked.org_code} if checked.org_code else {}),
        },
    )
    return engine.submitted(dossier)


def _registration_conflict(*, person: Person, phone: str, email: str) -> str:
    """Why this registration cannot go on, said to nobody in the answer: "account" (the code
    already has an account) or "contact" (one mobile number and one email per BHXH code,
    across accounts and open dossiers, and this one is taken); "" when it can."""
    if User.objects.filter(username=person.bhxh_code, is_active=True).exists():
        return "account"  # a closed account (form 01 §3) may register again
    taken = User.objects.exclude(username=person.bhxh_code)
    open_elsewhere = Dossier.objects.filter(
        kind=Dossier.Kind.REGISTRATION, status__in=engine.OPEN_STATUSES
    ).exclude(person=person)
    if taken.filter(phone=phone).exists() or open_elsewhere.filter(contact_phone=phone).exists():
        return "contact"
    if email and (
        taken.filter(email__iexact=email).exists()
        or open_elsewhere.filter(contact_email__iexact=email).exists()
    ):
        return "contact"
    return ""


def _withheld_notice(dossier: Dossier, reason: str) -> None:
    """Tell the right people why no OTP came, by channels a stranger does not control.
    They are not the applicant, and their language is not known: Vietnamese."""
    with translation.override(settings.LANGUAGE_CODE):
        _queue_withheld_notice(dossier, reason)


def _queue_withheld_notice(dossier: Dossier, reason: str) -> None:
    if reason == "account":
        account = User.objects.filter(username=dossier.person.bhxh_code, is_active=True).first()
        notice_queue(
            phone=account.phone,
            email=account.email,
            purpose="registration_refused",
            sms=notices.already_registered_sms(),
            subject=notices.already_registered_subject(),
            email_body=notices.already_registered_email(),
            person=dossier.person,
        )
    else:
        notice_queue(
            phone=dossier.contact_phone,
            email=dossier.contact_email,
            purpose="registration_refused",
            sms=notices.contact_taken_sms(),
            subject=notices.contact_taken_subject(),
            email_body=notices.contact_taken_email(),
            person=None,
        )


def _approve(dossier: Dossier, officer: User) -> None:
    """Issue the account (username = mã số BHXH) and send its one-time password."""
    if User.objects.filter(username=dossier.person.bhxh_code, is_active=True).exists():
        raise Conflict(_("Mã số BHXH này đã có tài khoản."), code="already_registered")
    _user, password = account_issue(
        person=dossier.person, phone=dossier.contact_phone, email=dossier.contact_email
    )
    _notify_account(dossier, password)


@engine.in_applicant_language
def _notify_account(dossier: Dossier, password: str) -> None:
    code = dossier.person.bhxh_code
    engine.notify(
        dossier,
        "account_issued",
        sms=notices.account_sms(code),
        subject=notices.account_subject(),
        email=notices.account_email(dossier, code),
        secret=password,
    )


def _check(**declaration) -> dict:
    checked = registration_check(**declaration)
    return {f: getattr(checked, f) for f in checked.__dataclass_fields__}


def _expected(dossier: Dossier) -> str:
    if dossier.status == Dossier.Status.RECEIVED:
        return _(
            "Mang CCCD/CMND/hộ chiếu đến %(agency)s để hoàn tất thủ tục trong 10 ngày kể từ "
            "ngày kê khai."
        ) % {"agency": dossier.agency.name}
    return ""


LABELS = (
    ("bhxh_code", gettext_lazy("Mã số BHXH")),
    ("full_name", gettext_lazy("Họ và tên")),
    ("birth_date", gettext_lazy("Ngày sinh")),
    ("citizen_id", gettext_lazy("Số CCCD/CMND/Hộ chiếu")),
    ("address_line", gettext_lazy("Số nhà, đường")),
    ("commune_name", gettext_lazy("Xã/phường")),
    ("province_name", gettext_lazy("Tỉnh/thành phố")),
    ("phone", gettext_lazy("Số điện thoại")),
    ("email", gettext_lazy("Email")),
    ("org_code", gettext_lazy("Nộp qua đơn vị")),
)


def _hold_for_employer(dossier: Dossier) -> None:
    """Named an employer: HR confirms it first (before the notice: its form names them)."""
    if dossier.data.get("org_code") and "hold" in ORG_HOLD:
        ORG_HOLD["hold"](dossier)


engine.WITHHELD_NOTICES[Dossier.Kind.REGISTRATION] = _withheld_notice
KIND = engine.register(
    engine.DossierKind(
        code=Dossier.Kind.REGISTRATION,
        label=gettext_lazy("Đăng ký giao dịch điện tử"),
        number_prefix="DK",
        check=_check,
        approve=_approve,
        expected_from_citizen=_expected,
        expires=True,
        own_approval_notice=True,
        received_attachment=form01_attachment,
        form01_section=1,
        declared_labels=LABELS,
        on_received=_hold_for_employer,
    )
)
