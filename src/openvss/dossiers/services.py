"""Every write of the dossier workflow. Each service is atomic, records a DossierEvent and
queues its notices in the outbox inside the same transaction (DESIGN.md: nothing is lost)."""

import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openvss.accounts.models import User
from openvss.accounts.otp import otp_issue, otp_verify
from openvss.accounts.services import account_issue
from openvss.core.ratelimit import rate_limit_hit
from openvss.core.uploads import image_clean
from openvss.domain.errors import DomainError
from openvss.domain.ids import parse_bhxh_code, parse_citizen_id, parse_mobile
from openvss.domain.text import fold, names_match, nfc
from openvss.errors import Conflict, Forbidden, InvalidInput, NotFound
from openvss.messaging.services import destination_mask, message_queue, notice_queue
from openvss.people.models import Person
from openvss.people.population import population_register
from openvss.places.models import Agency, Commune

from . import notices
from .drafts import draft_photos_expire
from .models import Dossier, DossierCounter, DossierEvent, DossierFile

OTP_PURPOSE = "dossier"


def _in_applicant_language(render):
    """Write the notices about a dossier in its applicant's language, whoever triggers them
    (the applicant, an officer working in English, the worker)."""

    @functools.wraps(render)
    def wrapper(dossier, *args, **kwargs):
        with translation.override(dossier.language or settings.LANGUAGE_CODE):
            return render(dossier, *args, **kwargs)

    return wrapper


NUMBER_CODES = {
    Dossier.Kind.REGISTRATION: "DK",
    Dossier.Kind.CHILD_ACCOUNT: "TC",
    Dossier.Kind.CARD_REISSUE: "CL",
    Dossier.Kind.INFO_CHANGE: "DC",
    Dossier.Kind.VISIT_DISPUTE: "PA",
}

# Kinds defined by a higher app, which fills these in its AppConfig.ready() (DESIGN.md: no
# upward import): its number code in NUMBER_CODES, and here what approving one does (in
# the approval's transaction, notices included). The dossier engine's kind registry
# replaces both at merge.
KIND_APPROVERS: dict = {}

# A registration may name the applicant's employer (mã đơn vị, issue 14; guide 003: "chuyển
# cho nhân sự đơn vị in, ký xác nhận"): once confirmed it waits in the organisation's HR
# queue, not the agency's, until HR forwards it. The organisations app fills this in its
# AppConfig.ready(): ``check(code, person) -> str`` gives the canonical code when an active
# organisation has it and the person currently works there ("" otherwise); ``hold(dossier)``
# puts the confirmed dossier in the HR queue (same transaction). The agency's queue leaves
# held dossiers out through organisations' admin. Empty: the field is refused.
ORG_HOLD: dict = {}


@dataclass(frozen=True)
class Submitted:
    dossier: Dossier
    access_key: str  # give to the applicant once; only its hash is stored
    otp_sent_to: str  # masked destination


class _Errors:
    """Collects field errors so that the applicant sees all of them at once."""

    def __init__(self):
        self.fields: dict[str, list[str]] = {}
        self.summary: tuple[str, str] | None = None  # (message, code) that says it best

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def domain(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DomainError as exc:
            self.add(exc.field or "form", _(exc.message))
            return None

    def raise_if_any(self) -> None:
        if self.fields:
            message, code = self.summary or (next(iter(self.fields.values()))[0], "invalid")
            raise InvalidInput(message, code=code, fields=self.fields)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def dossier_for_applicant(*, dossier_id: int, access_key: str) -> Dossier:
    """The dossier if the key is its own; a wrong key looks exactly like a missing dossier."""
    dossier = Dossier.objects.select_related("agency", "person").filter(pk=dossier_id).first()
    if (
        dossier is None
        or not access_key
        or not hmac.compare_digest(dossier.access_key_digest, _digest(access_key))
        or dossier.status == Dossier.Status.EXPIRED
    ):
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier


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
    withheld: str = ""
    org_code: str = ""  # the employer whose HR confirms it first (ORG_HOLD)  # why it cannot go on, told to nobody in the answer (see below)


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
    errors = _Errors()
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
        try:
            photos[kind] = image_clean(upload, field=kind.value)
        except InvalidInput as exc:
            for field, messages in exc.fields.items():
                for message in messages:
                    errors.add(field, message)
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
                    "Mã đơn vị không đúng, đơn vị chưa giao dịch điện tử hoặc bạn không làm việc tại đơn vị này."
                ),
            )
    errors.raise_if_any()

    # Whether the code already has an account, or the phone or email belongs to another
    # code, is never said in the answer (issue 11, item 3): the dossier is created and an OTP
    # issued as usual, but the code is withheld and the owners of the account or contact are
    # told by their own registered channel instead (_send_otp).
    withheld = _registration_conflict(person=person, phone=mobile, email=email)
    check = population_register().verify(
        citizen_id=cid.number, full_name=name, birth_date=birth_date, sex=person.sex
    )
    if check.status == "mismatch":
        raise InvalidInput(
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


def registration_submit(**declaration) -> Submitted:
    """Declaration form 01: check everything (``registration_check``), keep the photos,
    send the OTP. The dossier waits for the OTP (``dossier_confirm``) before it reaches the
    agency."""
    checked = registration_check(**declaration)
    person, agency, commune, photos = (
        checked.person,
        checked.agency,
        checked.commune,
        checked.photos,
    )
    code, name, birth_date = checked.code, checked.name, checked.birth_date
    mobile, email, address_line = checked.phone, checked.email, checked.address_line

    access_key = secrets.token_urlsafe(24)
    with transaction.atomic():
        dossier = Dossier.objects.create(
            kind=Dossier.Kind.REGISTRATION,
            agency=agency,
            person=person,
            contact_phone=mobile,
            contact_email=email,
            access_key_digest=_digest(access_key),
            name_folded=fold(name),
            data={
                "bhxh_code": code,
                "full_name": name,
                "birth_date": birth_date.isoformat(),
                "citizen_id": checked.citizen_id,
                "commune_code": commune.code,
                "commune_name": commune.name,
                "province_name": commune.province.name,
                "address_line": address_line,
                "phone": mobile,
                "email": email,
                "population_check": checked.population_check,
                **({"withheld": checked.withheld} if checked.withheld else {}),
                **({"org_code": checked.org_code} if checked.org_code else {}),
            },
        )
        for kind, photo in photos.items():
            DossierFile.objects.create(
                dossier=dossier,
                kind=kind,
                file=photo.content,
                sha256=photo.sha256,
                size=photo.content.size,
                width=photo.width,
                height=photo.height,
            )
        _event(dossier, "", Dossier.Status.AWAITING_OTP)
        sent_to = _send_otp(dossier)
    return Submitted(dossier=dossier, access_key=access_key, otp_sent_to=sent_to)


def _registration_conflict(*, person: Person, phone: str, email: str) -> str:
    """Why this registration cannot go on, said to nobody in the answer: "account" (the code
    already has an account) or "contact" (one mobile number and one email per BHXH code,
    across accounts and open dossiers, and this one is taken); "" when it can."""
    if User.objects.filter(username=person.bhxh_code).exists():
        return "account"
    taken = User.objects.exclude(username=person.bhxh_code)
    open_elsewhere = Dossier.objects.filter(
        kind=Dossier.Kind.REGISTRATION, status__in=Dossier.OPEN_STATUSES
    ).exclude(person=person)
    if taken.filter(phone=phone).exists() or open_elsewhere.filter(contact_phone=phone).exists():
        return "contact"
    if email and (
        taken.filter(email__iexact=email).exists()
        or open_elsewhere.filter(contact_email__iexact=email).exists()
    ):
        return "contact"
    return ""


def _send_withheld_notice(dossier: Dossier, reason: str) -> None:
    """Tell the right people why no OTP came, by channels a stranger does not control.
    They are not the applicant, and their language is not known: Vietnamese."""
    with translation.override(settings.LANGUAGE_CODE):
        _queue_withheld_notice(dossier, reason)


def _queue_withheld_notice(dossier: Dossier, reason: str) -> None:
    if reason == "account":
        account = User.objects.filter(username=dossier.person.bhxh_code).first()
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


@_in_applicant_language
def _send_otp(dossier: Dossier) -> str:
    """Issue an OTP to the email if given (as the app does), otherwise to the phone.

    A registration that cannot go on (``data["withheld"]``) gets its code issued all the
    same, so that the answer and every later step look alike, but the code is sent to
    nobody; the owners are told why instead.
    """
    destination = dossier.contact_email or dossier.contact_phone
    withheld = dossier.data.get("withheld", "")
    code = otp_issue(
        purpose=OTP_PURPOSE,
        subject=str(dossier.pk),
        destination=f"-:{dossier.pk}" if withheld else destination,
    )
    if withheld:
        _send_withheld_notice(dossier, withheld)
    elif dossier.contact_email:
        message_queue(
            channel="email",
            recipient=dossier.contact_email,
            purpose="otp",
            subject=notices.otp_email_subject(),
            body=notices.otp_email(),
            secret=code,
            person=dossier.person,
        )
    else:
        message_queue(
            channel="sms",
            recipient=dossier.contact_phone,
            purpose="otp",
            body=notices.otp_sms(),
            secret=code,
            person=dossier.person,
        )
    return destination_mask(destination)


def dossier_resend_otp(*, dossier: Dossier) -> str:
    if dossier.status != Dossier.Status.AWAITING_OTP:
        raise Conflict(_("Hồ sơ đã được gửi, không cần mã OTP nữa."), code="not_awaiting_otp")
    with transaction.atomic():
        return _send_otp(dossier)


def dossier_confirm(*, dossier: Dossier, otp: str, now: datetime | None = None) -> Dossier:
    """The OTP is right: number the dossier, send it to the agency, email the declaration."""
    if dossier.status != Dossier.Status.AWAITING_OTP:
        raise Conflict(_("Hồ sơ đã được gửi trước đó."), code="already_confirmed")
    otp_verify(purpose=OTP_PURPOSE, subject=str(dossier.pk), code=otp, now=now)
    if dossier.data.get("withheld"):  # a code sent to nobody was guessed: the same refusal
        raise InvalidInput(
            _("Mã OTP không đúng hoặc đã được sử dụng. Vui lòng yêu cầu mã mới."),
            code="otp_invalid",
            fields={"otp": [_("Mã OTP không hợp lệ.")]},
        )
    now = now or timezone.now()
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if dossier.status != Dossier.Status.AWAITING_OTP:
            raise Conflict(_("Hồ sơ đã được gửi trước đó."), code="already_confirmed")
        dossier.number = _next_number(dossier, now)
        dossier.status = Dossier.Status.RECEIVED
        dossier.submitted_at = now
        if dossier.kind == Dossier.Kind.REGISTRATION:
            dossier.expires_at = now + timedelta(days=settings.REGISTRATION_DOSSIER_DAYS)
        try:
            with transaction.atomic():
                dossier.save(update_fields=["number", "status", "submitted_at", "expires_at"])
        except IntegrityError:
            raise Conflict(
                _("Bạn đã có một hồ sơ cùng loại đang chờ xử lý."), code="duplicate_open_dossier"
            ) from None
        _event(dossier, Dossier.Status.AWAITING_OTP, Dossier.Status.RECEIVED)
        if dossier.data.get("org_code") and "hold" in ORG_HOLD:
            ORG_HOLD["hold"](dossier)  # before the notice: its form names the employer
        _notify_received(dossier)
    return dossier


def _next_number(dossier: Dossier, now: datetime) -> str:
    year = timezone.localtime(now).year
    counter, _created = DossierCounter.objects.get_or_create(agency=dossier.agency, year=year)
    counter = DossierCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{counter.last:05d}.{NUMBER_CODES[dossier.kind]}/{year}/{dossier.agency.code}"


def _notify(
    dossier: Dossier,
    purpose: str,
    *,
    sms: str,
    subject: str,
    email: str,
    secret: str = "",
    attachment: tuple[str, bytes, str] | None = None,
) -> None:
    """Queue a notice to the dossier's phone and email (whichever it has)."""
    notice_queue(
        phone=dossier.contact_phone,
        email=dossier.contact_email,
        purpose=purpose,
        sms=sms,
        subject=subject,
        email_body=email,
        secret=secret,
        person=dossier.person,
        attachment=attachment,
    )


@_in_applicant_language
def _notify_received(dossier: Dossier) -> None:
    from .declaration import declaration_pdf

    attachment = None
    if dossier.kind == Dossier.Kind.REGISTRATION and dossier.contact_email:
        attachment = (f"to-khai-{dossier.pk}.pdf", declaration_pdf(dossier), "application/pdf")
    _notify(
        dossier,
        "dossier_received",
        sms=notices.received_sms(dossier),
        subject=notices.received_subject(dossier),
        email=notices.received_email(dossier),
        attachment=attachment,
    )


def _event(
    dossier: Dossier, from_status: str, to_status: str, *, actor=None, note: str = ""
) -> None:
    DossierEvent.objects.create(
        dossier=dossier, from_status=from_status, to_status=to_status, actor=actor, note=note
    )


def _officer_may_decide(dossier: Dossier, officer: User) -> None:
    if not officer.is_staff:
        raise Forbidden()
    if not officer.is_superuser and officer.agency_id != dossier.agency_id:
        raise Forbidden(_("Hồ sơ thuộc cơ quan BHXH khác."))


def _transition(dossier_id: int, officer: User, allowed: tuple[str, ...]) -> Dossier:
    # Lock only the dossier row: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("person", "agency", "applicant")
        .get(pk=dossier_id)
    )
    _officer_may_decide(dossier, officer)
    if dossier.status not in allowed:
        raise Conflict(
            _("Không thể chuyển hồ sơ từ trạng thái “%(status)s”.")
            % {"status": dossier.get_status_display()},
            code="bad_transition",
        )
    return dossier


@transaction.atomic
def dossier_start_review(*, dossier_id: int, officer: User) -> Dossier:
    """The applicant came to the agency: the dossier is complete and no longer expires."""
    dossier = _transition(dossier_id, officer, (Dossier.Status.RECEIVED,))
    dossier.status = Dossier.Status.IN_REVIEW
    dossier.expires_at = None
    dossier.save(update_fields=["status", "expires_at"])
    _event(dossier, Dossier.Status.RECEIVED, Dossier.Status.IN_REVIEW, actor=officer)
    return dossier


@transaction.atomic
def dossier_approve(*, dossier_id: int, officer: User) -> Dossier:
    """Approve: a registration creates the account; a child account links the child."""
    dossier = _transition(dossier_id, officer, Dossier.OPEN_STATUSES)
    previous = dossier.status
    approver = KIND_APPROVERS.get(dossier.kind)
    if approver is not None:
        approver(dossier, officer)
    elif dossier.kind == Dossier.Kind.REGISTRATION:
        if User.objects.filter(username=dossier.person.bhxh_code).exists():
            raise Conflict(_("Mã số BHXH này đã có tài khoản."), code="already_registered")
        _user, password = account_issue(
            person=dossier.person, phone=dossier.contact_phone, email=dossier.contact_email
        )
        _notify_account(dossier, password)
    elif dossier.kind == Dossier.Kind.INFO_CHANGE:
        _apply_info_change(dossier, officer)
        _notify_decision(dossier, approved=True)
    elif dossier.kind == Dossier.Kind.CHILD_ACCOUNT:
        child = dossier.person
        child._history_user = officer  # the change of guardian is kept in the record's history
        child.guardian = dossier.applicant.person
        child.save(update_fields=["guardian", "updated_at"])
        _notify_decision(dossier, approved=True)
    else:
        _notify_decision(dossier, approved=True)
    dossier.status = Dossier.Status.APPROVED
    dossier.decided_at = timezone.now()
    dossier.decided_by = officer
    dossier.save(update_fields=["status", "decided_at", "decided_by"])
    _event(dossier, previous, Dossier.Status.APPROVED, actor=officer)
    return dossier


@transaction.atomic
def dossier_reject(*, dossier_id: int, officer: User, reason: str) -> Dossier:
    reason = nfc(reason or "")
    if len(reason) < 5:
        raise InvalidInput(
            _("Vui lòng ghi rõ lý do từ chối."),
            code="reason_required",
            fields={"reason": [_("Vui lòng ghi rõ lý do từ chối.")]},
        )
    dossier = _transition(dossier_id, officer, Dossier.OPEN_STATUSES)
    previous = dossier.status
    dossier.status = Dossier.Status.REJECTED
    dossier.decided_at = timezone.now()
    dossier.decided_by = officer
    dossier.decision_note = reason
    dossier.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    _event(dossier, previous, Dossier.Status.REJECTED, actor=officer, note=reason)
    _notify_decision(dossier, approved=False)
    return dossier


@_in_applicant_language
def _notify_account(dossier: Dossier, password: str) -> None:
    code = dossier.person.bhxh_code
    _notify(
        dossier,
        "account_issued",
        sms=notices.account_sms(code),
        subject=notices.account_subject(),
        email=notices.account_email(dossier, code),
        secret=password,
    )


@_in_applicant_language
def _notify_decision(dossier: Dossier, *, approved: bool) -> None:
    _notify(
        dossier,
        "dossier_decision",
        sms=notices.decision_sms(dossier, approved),
        subject=notices.decision_subject(dossier, approved),
        email=notices.decision_email(dossier, approved),
    )


def dossiers_expire(*, now: datetime | None = None) -> int:
    """Delete registration dossiers not completed at the agency within the deadline.

    The applicant is told; the row stays (number, kind, agency, dates) as a tombstone with
    its history, but the declaration and the photos are erased.
    """
    now = now or timezone.now()
    expired = 0
    draft_photos_expire(now=now)
    overdue = Dossier.objects.filter(
        kind=Dossier.Kind.REGISTRATION, status=Dossier.Status.RECEIVED, expires_at__lte=now
    ).values_list("pk", flat=True)
    for dossier_id in list(overdue[:5000]):
        with transaction.atomic():
            dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
            if dossier.status != Dossier.Status.RECEIVED:
                continue
            _notify_expired(dossier)
            _erase(dossier)
            dossier.status = Dossier.Status.EXPIRED
            dossier.save(
                update_fields=["status", "data", "name_folded", "contact_phone", "contact_email"]
            )
            _event(dossier, Dossier.Status.RECEIVED, Dossier.Status.EXPIRED, note="Quá hạn 10 ngày")
            expired += 1
    # Drafts whose OTP was never entered: nobody was promised anything, remove them.
    stale = Dossier.objects.filter(
        status=Dossier.Status.AWAITING_OTP, created_at__lte=now - timedelta(days=1)
    )
    for dossier in stale[:5000]:
        with transaction.atomic():
            _erase(dossier)
            dossier.delete()
    return expired


@_in_applicant_language
def _notify_expired(dossier: Dossier) -> None:
    _notify(
        dossier,
        "dossier_expired",
        sms=notices.expired_sms(dossier),
        subject=notices.expired_subject(dossier),
        email=notices.expired_email(dossier),
    )


def _erase(dossier: Dossier) -> None:
    for attached in dossier.files.all():
        # Delete the file after commit: a rollback must not leave a row without its file.
        name, storage = attached.file.name, attached.file.storage
        transaction.on_commit(lambda n=name, s=storage: s.delete(n))
        attached.delete()
    dossier.data = {"erased": True}
    dossier.name_folded = ""
    dossier.contact_phone = ""
    dossier.contact_email = ""


def child_account_submit(
    *, parent: User, child_bhxh_code: str, child_full_name: str, birth_certificate, agency_code: str
) -> Submitted:
    """A signed-in parent registers a child without an ID card (seed 001)."""
    if parent.person is None:
        raise Forbidden(_("Chỉ tài khoản của người tham gia mới đăng ký được cho con."))
    rate_limit_hit("child-account", str(parent.pk), limit=10, window=3600)
    errors = _Errors()
    code = errors.domain(parse_bhxh_code, child_bhxh_code, field="child_bhxh_code")
    name = nfc(child_full_name or "")
    if not name:
        errors.add("child_full_name", _("Vui lòng nhập họ và tên của con."))
    agency = Agency.objects.filter(code=agency_code, accepts_dossiers=True).first()
    if agency is None:
        errors.add("agency", _("Vui lòng chọn cơ quan BHXH tiếp nhận hồ sơ."))
    photo = None
    try:
        photo = image_clean(birth_certificate, field="birth_certificate")
    except InvalidInput as exc:
        for field, messages in exc.fields.items():
            for message in messages:
                errors.add(field, message)
    errors.raise_if_any()
    child = Person.objects.filter(bhxh_code=code).first()
    if child is None or fold(child.full_name) != fold(name) or child.pk == parent.person_id:
        raise InvalidInput(
            _("Mã số BHXH và họ tên của con không khớp với dữ liệu của cơ quan BHXH."),
            code="person_mismatch",
            fields={"child_bhxh_code": [_("Không khớp.")]},
        )
    if child.guardian_id == parent.person_id:
        raise Conflict(_("Con đã được liên kết với tài khoản của bạn."), code="already_linked")
    access_key = secrets.token_urlsafe(24)
    with transaction.atomic():
        dossier = Dossier.objects.create(
            kind=Dossier.Kind.CHILD_ACCOUNT,
            agency=agency,
            person=child,
            applicant=parent,
            contact_phone=parent.phone,
            contact_email=parent.email,
            access_key_digest=_digest(access_key),
            name_folded=fold(name),
            data={
                "child_bhxh_code": code,
                "child_full_name": name,
                "parent_bhxh_code": parent.username,
            },
        )
        DossierFile.objects.create(
            dossier=dossier,
            kind=DossierFile.Kind.BIRTH_CERTIFICATE,
            file=photo.content,
            sha256=photo.sha256,
            size=photo.content.size,
            width=photo.width,
            height=photo.height,
        )
        _event(dossier, "", Dossier.Status.AWAITING_OTP, actor=parent)
        sent_to = _send_otp(dossier)
    return Submitted(dossier=dossier, access_key=access_key, otp_sent_to=sent_to)


@transaction.atomic
def visit_dispute_open(*, user: User, visit_id: int, note: str = "") -> Dossier:
    """ "Tôi không sử dụng dịch vụ này": the citizen says a recorded visit was not theirs.
    Opens a case for the officers of the province where the facility is."""
    from openvss.people.models import MedicalVisit

    visit = (
        MedicalVisit.objects.select_related("facility")
        .filter(pk=visit_id, person_id=user.person_id)
        .first()
    )
    if visit is None or user.person_id is None:
        raise NotFound()
    if Dossier.objects.filter(
        kind=Dossier.Kind.VISIT_DISPUTE, person_id=user.person_id, data__visit_id=visit.pk
    ).exists():
        raise Conflict(_("Bạn đã phản ánh lượt khám này."), code="already_disputed")
    agency = Agency.objects.filter(
        province_id=visit.facility.province_id, level=Agency.Level.PROVINCIAL
    ).first()
    return _open_request(
        user=user,
        kind=Dossier.Kind.VISIT_DISPUTE,
        agency=agency,
        data={
            "visit_id": visit.pk,
            "facility": f"{visit.facility.code} – {visit.facility.name}",
            "admitted_on": visit.admitted_on.isoformat(),
            "total_cost": str(visit.total_cost),
            "fund_paid": str(visit.fund_paid),
            "note": nfc(note)[:500],
        },
    )


INFO_FIELDS = ("phone", "email", "address_line", "commune_code")


@transaction.atomic
def info_change_submit(
    *,
    user: User,
    phone: str = "",
    email: str = "",
    address_line: str = "",
    commune_code: str = "",
    reason: str = "",
) -> Dossier:
    """A request to change personal details; an officer checks and applies it."""
    if user.person_id is None:
        raise Forbidden()
    rate_limit_hit("info-change", str(user.pk), limit=5, window=86400)
    errors = _Errors()
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
        raise InvalidInput(_("Không có thông tin nào thay đổi."), code="no_change")
    person = user.person
    old = {
        "phone": user.phone,
        "email": user.email,
        "address_line": person.address_line,
        "commune_code": person.commune_id or "",
    }
    agency = (
        Agency.objects.filter(
            province_id=person.commune.province_id, level=Agency.Level.PROVINCIAL
        ).first()
        if person.commune_id
        else Agency.objects.filter(level=Agency.Level.PROVINCIAL).order_by("code").first()
    )
    return _open_request(
        user=user,
        kind=Dossier.Kind.INFO_CHANGE,
        agency=agency,
        data={
            "changes": changes,
            "old": {k: old[k] for k in changes},
            "reason": nfc(reason)[:500],
            "full_name": person.full_name,
        },
    )


def _apply_info_change(dossier: Dossier, officer: User) -> None:
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


def _open_request(*, user: User, kind: str, agency: Agency, data: dict) -> Dossier:
    """A signed-in citizen's request: received at once (no OTP), numbered, acknowledged."""
    dossier = Dossier.objects.create(
        kind=kind,
        status=Dossier.Status.RECEIVED,
        agency=agency,
        person_id=user.person_id,
        applicant=user,
        contact_phone=user.phone,
        contact_email=user.email,
        submitted_at=timezone.now(),
        name_folded=fold(user.person.full_name),
        data=data,
    )
    dossier.number = _next_number(dossier, dossier.submitted_at)
    dossier.save(update_fields=["number"])
    _event(dossier, "", Dossier.Status.RECEIVED, actor=user)
    _notify_received(dossier)
    return dossier
