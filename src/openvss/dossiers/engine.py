"""The dossier engine: what every dossier shares, whatever its kind.

Numbering, the states and the transitions allowed between them (data, below), the history
(a DossierEvent for every transition: old → new, actor, note), the OTP that confirms a
dossier sent by someone not signed in or changing a contact detail, notices through the
outbox in the applicant's language, deadlines and expiry, erasure of the photos, and the
officer queue scoped by agency.

What differs between kinds lives in one module per kind under ``dossiers/kinds/``, which
declares a :class:`DossierKind` and registers it here::

    KIND = engine.register(engine.DossierKind(
        code=Dossier.Kind.CARD_REISSUE, label=_("Cấp lại thẻ BHYT"), number_prefix="CL",
        check=_check, approve=_approve, expected_from_citizen=None,
        deadline_key="card_issue_working_days",
    ))

and opens its dossiers with ``engine.open(...)``. Nothing in the engine, the views or the
admin branches on the kind: they ask the kind's declaration.
"""

import functools
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openvss.accounts.models import User
from openvss.accounts.otp import otp_issue, otp_replayed, otp_verify
from openvss.domain.errors import DomainError
from openvss.domain.text import fold, nfc
from openvss.errors import Conflict, Forbidden, InvalidInput, NotFound
from openvss.legal.selectors import working_deadline
from openvss.messaging.services import (
    destination_mask,
    message_queue,
    notice_queue,
    notices_queue_many,
)

from . import notices
from .models import Dossier, DossierCounter, DossierEvent, DossierFile

OTP_PURPOSE = "dossier"
Status = Dossier.Status


# --- States and transitions (data) ---------------------------------------------------------

# Which status may follow which. "" is a dossier being created. A transition not listed here
# is refused with 409 "bad_transition", whoever asks.
TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({Status.AWAITING_OTP, Status.RECEIVED}),
    Status.AWAITING_OTP: frozenset({Status.RECEIVED}),
    Status.RECEIVED: frozenset(
        {Status.IN_REVIEW, Status.FACILITY_ASKED, Status.APPROVED, Status.REJECTED, Status.EXPIRED}
    ),
    Status.IN_REVIEW: frozenset({Status.FACILITY_ASKED, Status.APPROVED, Status.REJECTED}),
    Status.FACILITY_ASKED: frozenset({Status.IN_REVIEW, Status.APPROVED, Status.REJECTED}),
    Status.APPROVED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.EXPIRED: frozenset(),
}
# Statuses an officer still has to act on (the queue's default filter, tracking's "open").
OPEN_STATUSES = Dossier.OPEN_STATUSES
DECIDED_STATUSES = (Status.APPROVED, Status.REJECTED)


def may_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


# --- Field errors ------------------------------------------------------------------------


class FieldErrors(InvalidInput):
    """The declaration has errors, by field: 422 in the API, errors beside the fields in a
    form. Collect them with :class:`Errors` so that the applicant sees all of them at once."""


class Errors:
    """Collects field errors; ``raise_if_any`` raises :class:`FieldErrors`."""

    def __init__(self):
        self.fields: dict[str, list[str]] = {}
        self.summary: tuple[str, str] | None = None  # (message, code) that says it best

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def domain(self, fn, *args, **kwargs):
        """``fn(*args)``, or None with its DomainError added to its field."""
        try:
            return fn(*args, **kwargs)
        except DomainError as exc:
            self.add(exc.field or "form", _(exc.message))
            return None

    def upload(self, clean, *args, **kwargs):
        """A cleaned upload, or None with the upload's errors added."""
        try:
            return clean(*args, **kwargs)
        except InvalidInput as exc:
            for field, messages in exc.fields.items():
                for message in messages:
                    self.add(field, message)
            return None

    def raise_if_any(self) -> None:
        if self.fields:
            message, code = self.summary or (next(iter(self.fields.values()))[0], "invalid")
            raise FieldErrors(message, code=code, fields=self.fields)


# --- The registry ------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerAction:
    """A step of a kind's own workflow in the back office (besides review, approve, reject):
    a button with one text field, shown while the dossier is in one of ``statuses``."""

    code: str  # in the URL: /admin/dossiers/dossier/<pk>/decide/<code>/
    label: str
    field_label: str
    statuses: tuple[str, ...]
    run: Callable[..., Dossier]  # run(dossier_id=, officer=, text=)


@dataclass(frozen=True)
class DossierKind:
    """One kind of dossier, as its module declares it."""

    code: str  # a Dossier.Kind value
    label: str  # gettext_lazy
    number_prefix: str  # "DK", "CL", ...: 00012.CL/2026/01000
    # Validates and normalises a declaration; raises FieldErrors. Returns the clean values.
    check: Callable[..., dict]
    # What approval does, inside the approval's transaction (may raise Conflict to refuse).
    approve: Callable[[Dossier, User], None]
    # What the citizen has to do now, for tracking ("" or None: nothing).
    expected_from_citizen: Callable[[Dossier], str] | None = None
    # The processing deadline shown to the citizen: a legal parameter (legal.json) giving the
    # working days from the complete request, e.g. "card_issue_working_days"; None: no deadline.
    deadline_key: str | None = None
    # --- optional, with defaults that suit a signed-in citizen's request ---
    # Until the applicant comes to the agency, the dossier expires after
    # settings.REGISTRATION_DOSSIER_DAYS and its declaration and photos are erased.
    expires: bool = False
    # ``approve`` sends its own notice (registration: the account and its password) instead
    # of the generic "approved" decision notice.
    own_approval_notice: bool = False
    # A file sent with the "received" email: (name, bytes, mime), e.g. the printed form 01.
    received_attachment: Callable[[Dossier], tuple[str, bytes, str] | None] | None = None
    # The printed form 01 section this kind fills (1, 2, 3), None for other kinds.
    form01_section: int | None = None
    # What a rejection does besides the engine's own (e.g. a visit's marker), in its
    # transaction.
    on_reject: Callable[[Dossier, User], None] | None = None
    # Where the confirming OTP goes (a new phone or email to prove); default: the dossier's
    # email if it has one, else its phone.
    otp_destination: Callable[[Dossier], str] | None = None
    # Data keys an officer sees, with their labels (admin), in order.
    declared_labels: tuple[tuple[str, str], ...] = ()
    # The kind's own back-office steps (visit disputes: ask the facility, record its answer).
    officer_actions: tuple[OfficerAction, ...] = ()
    # What the officer writes when approving: "" for nothing, else the label of a note the
    # citizen sees (the outcome of a dispute).
    approval_note_label: str = ""
    # What confirming the OTP does besides numbering it and the "received" notice, in the
    # same transaction, before the notice (registration: hold it for the employer's HR).
    on_received: Callable[[Dossier], None] | None = None

    def __str__(self):
        return str(self.label)


_REGISTRY: dict[str, DossierKind] = {}


def register(kind: DossierKind) -> DossierKind:
    """Add a kind to the engine (a kind module does this once, at import)."""
    if kind.code not in Dossier.Kind.values:
        raise ValueError(f"{kind.code!r} is not a Dossier.Kind value")
    known = _REGISTRY.get(kind.code)
    if known is not None and known != kind:
        raise ValueError(f"dossier kind {kind.code!r} registered twice")
    prefixes = {k.number_prefix: k.code for k in _REGISTRY.values()}
    if prefixes.get(kind.number_prefix, kind.code) != kind.code:
        raise ValueError(f"number prefix {kind.number_prefix!r} already used")
    _REGISTRY[kind.code] = kind
    return kind


def _load_kinds() -> None:
    from . import kinds  # noqa: F401 - each module registers itself


def kind_for(code: str) -> DossierKind:
    """The kind's declaration; KeyError for a kind that no module registered."""
    if code not in _REGISTRY:
        _load_kinds()
    return _REGISTRY[code]


def kinds() -> list[DossierKind]:
    _load_kinds()
    return list(_REGISTRY.values())


# --- Notices -------------------------------------------------------------------------------


def in_applicant_language(render):
    """Write the notices about a dossier in its applicant's language, whoever triggers them
    (the applicant, an officer working in English, the worker)."""

    @functools.wraps(render)
    def wrapper(dossier, *args, **kwargs):
        with translation.override(dossier.language or settings.LANGUAGE_CODE):
            return render(dossier, *args, **kwargs)

    return wrapper


def deadline_of(dossier: Dossier) -> tuple[int, date] | None:
    """The working days the law gives the agency for this dossier, counted from the day it
    was received, and the date they end (Saturdays, Sundays and public holidays skipped);
    None for a kind without a deadline or a dossier not received yet."""
    kind = kind_for(dossier.kind)
    if kind.deadline_key is None or dossier.submitted_at is None:
        return None
    received = timezone.localtime(dossier.submitted_at).date()
    return working_deadline(kind.deadline_key, received)


def notify(
    dossier: Dossier,
    purpose: str,
    *,
    sms: str,
    subject: str,
    email: str,
    secret: str = "",
    attachment: tuple[str, bytes, str] | None = None,
) -> None:
    """Queue a notice to the dossier's phone and email (whichever it has), in the outbox."""
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


def notify_many(dossiers, purpose: str, texts: Callable[[], Callable]) -> int:
    """The same notice about many dossiers, each to its phone and email in its applicant's
    language, bulk-inserted in the outbox (a batch's thousands of rows: no query per
    dossier). ``texts()`` is called once per language, inside it, and gives a function
    ``render(dossier) -> (sms, subject, email)`` (gettext once per language, not per row).
    Returns how many messages were queued."""
    by_language: dict[str, list[Dossier]] = {}
    for dossier in dossiers:
        by_language.setdefault(dossier.language or settings.LANGUAGE_CODE, []).append(dossier)
    notices = []
    for language, group in by_language.items():
        with translation.override(language):
            render = texts()
            for dossier in group:
                sms, subject, email = render(dossier)
                notices.append(
                    (
                        dossier.contact_phone,
                        dossier.contact_email,
                        sms,
                        subject,
                        email,
                        dossier.person_id,
                    )
                )
    return notices_queue_many(notices, purpose=purpose)


@in_applicant_language
def notify_received(dossier: Dossier) -> None:
    kind = kind_for(dossier.kind)
    attachment = kind.received_attachment(dossier) if kind.received_attachment else None
    notify(
        dossier,
        "dossier_received",
        sms=notices.received_sms(dossier),
        subject=notices.received_subject(dossier),
        email=notices.received_email(dossier),
        attachment=attachment,
    )


@in_applicant_language
def notify_decision(dossier: Dossier, *, approved: bool) -> None:
    notify(
        dossier,
        "dossier_decision",
        sms=notices.decision_sms(dossier, approved),
        subject=notices.decision_subject(dossier, approved),
        email=notices.decision_email(dossier, approved),
    )


@in_applicant_language
def notify_expired(dossier: Dossier) -> None:
    notify(
        dossier,
        "dossier_expired",
        sms=notices.expired_sms(dossier),
        subject=notices.expired_subject(dossier),
        email=notices.expired_email(dossier),
    )


# --- Events and transitions --------------------------------------------------------------


def event(
    dossier: Dossier, from_status: str, to_status: str, *, actor=None, note: str = ""
) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier, from_status=from_status, to_status=to_status, actor=actor, note=note
    )


def _refuse_transition(dossier: Dossier) -> Conflict:
    return Conflict(
        _("Không thể chuyển hồ sơ từ trạng thái “%(status)s”.")
        % {"status": dossier.get_status_display()},
        code="bad_transition",
    )


def move(
    dossier: Dossier, to_status: str, *, actor=None, note: str = "", fields: tuple = ()
) -> Dossier:
    """Change a (locked) dossier's status if the table allows it, save it with ``fields``,
    and record the event. The one place a status changes."""
    previous = dossier.status
    if not may_transition(previous, to_status):
        raise _refuse_transition(dossier)
    dossier.status = to_status
    dossier.save(update_fields=["status", *fields])
    event(dossier, previous, to_status, actor=actor, note=note)
    return dossier


def officer_may_decide(dossier: Dossier, officer: User) -> None:
    if not officer.is_staff:
        raise Forbidden()
    if not officer.is_superuser and officer.agency_id != dossier.agency_id:
        raise Forbidden(_("Hồ sơ thuộc cơ quan BHXH khác."))


def locked_for_officer(dossier_id: int, officer: User, *, kind: str | None = None) -> Dossier:
    """The dossier, locked, if the officer may decide it (and it is of ``kind`` if given)."""
    # Lock only the dossier row: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    rows = Dossier.objects.select_for_update(of=("self",)).filter(pk=dossier_id)
    if kind is not None:
        rows = rows.filter(kind=kind)
    dossier = rows.select_related("person", "agency", "applicant").first()
    if dossier is None:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    officer_may_decide(dossier, officer)
    return dossier


@transaction.atomic
def transition(
    dossier_id: int, to_status: str, *, officer: User, note: str = "", fields: tuple = ()
) -> Dossier:
    """An officer moves a dossier of their agency to ``to_status`` (table permitting)."""
    dossier = locked_for_officer(dossier_id, officer)
    if to_status == Status.IN_REVIEW:
        dossier.expires_at = None  # at the agency: complete, no longer expires
        fields = (*fields, "expires_at")
    return move(dossier, to_status, actor=officer, note=note, fields=fields)


def start_review(*, dossier_id: int, officer: User) -> Dossier:
    """The applicant came to the agency: the dossier is complete and no longer expires."""
    return transition(dossier_id, Status.IN_REVIEW, officer=officer)


@transaction.atomic
def approve(*, dossier_id: int, officer: User, note: str = "") -> Dossier:
    """Approve: the kind's approval runs first, in the same transaction, then the decision
    is recorded and the applicant told (by the kind's own notice if it has one)."""
    dossier = locked_for_officer(dossier_id, officer)
    if not may_transition(dossier.status, Status.APPROVED):
        raise _refuse_transition(dossier)
    kind = kind_for(dossier.kind)
    dossier.decision_note = nfc(note or "") or dossier.decision_note
    kind.approve(dossier, officer)
    dossier.decided_at = timezone.now()
    dossier.decided_by = officer
    move(
        dossier,
        Status.APPROVED,
        actor=officer,
        note=note,
        fields=("decided_at", "decided_by", "decision_note"),
    )
    if not kind.own_approval_notice:
        notify_decision(dossier, approved=True)
    return dossier


REASON_MIN = 5


@transaction.atomic
def reject(*, dossier_id: int, officer: User, reason: str) -> Dossier:
    reason = nfc(reason or "")
    if len(reason) < REASON_MIN:
        raise FieldErrors(
            _("Vui lòng ghi rõ lý do từ chối."),
            code="reason_required",
            fields={"reason": [_("Vui lòng ghi rõ lý do từ chối.")]},
        )
    dossier = locked_for_officer(dossier_id, officer)
    if not may_transition(dossier.status, Status.REJECTED):
        raise _refuse_transition(dossier)
    dossier.decided_at = timezone.now()
    dossier.decided_by = officer
    dossier.decision_note = reason
    kind = kind_for(dossier.kind)
    if kind.on_reject is not None:
        kind.on_reject(dossier, officer)
    move(
        dossier,
        Status.REJECTED,
        actor=officer,
        note=reason,
        fields=("decided_at", "decided_by", "decision_note"),
    )
    notify_decision(dossier, approved=False)
    return dossier


# --- Opening a dossier -------------------------------------------------------------------


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def next_number(dossier: Dossier, now: datetime) -> str:
    """``00012.DK/2026/01000``: a per-agency, per-year sequence (locked row, no gaps from
    races) and the kind's prefix."""
    year = timezone.localtime(now).year
    counter, _created = DossierCounter.objects.get_or_create(agency=dossier.agency, year=year)
    counter = DossierCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    prefix = kind_for(dossier.kind).number_prefix
    return f"{counter.last:05d}.{prefix}/{year}/{dossier.agency.code}"


def _duplicate() -> Conflict:
    return Conflict(
        _("Bạn đã có một hồ sơ cùng loại đang chờ xử lý."), code="duplicate_open_dossier"
    )


def open(  # noqa: A001 - engine.open reads as what it does
    kind_code: str,
    *,
    person,
    agency,
    data: dict,
    user: User | None = None,
    applicant: User | None = None,
    files: dict | None = None,
    name: str = "",
    contact_phone: str | None = None,
    contact_email: str | None = None,
    confirm_by_otp: bool = False,
    now: datetime | None = None,
) -> Dossier:
    """Create a dossier of a registered kind, with its photos (``{DossierFile.Kind: cleaned
    image}``) and its first event.

    Without ``confirm_by_otp`` it is received at once: numbered, acknowledged, in the queue.
    With it, the dossier waits for the OTP (``confirm``), sent at once; the key that lets an
    applicant who is not signed in reach it is set on the returned object as ``access_key``
    (shown once, only its hash is kept), and where the OTP went as ``otp_sent_to``
    (``submitted(dossier)`` gives both). Contacts default to the applicant account's.
    """
    kind = kind_for(kind_code)
    applicant = applicant or user
    if agency is None:
        raise FieldErrors(
            _("Vui lòng chọn cơ quan BHXH tiếp nhận hồ sơ."),
            code="no_agency",
            fields={"agency": [_("Vui lòng chọn cơ quan BHXH tiếp nhận hồ sơ.")]},
        )
    now = now or timezone.now()
    access_key = secrets.token_urlsafe(24) if confirm_by_otp else ""
    if not name and person is not None:
        name = person.full_name
    dossier = Dossier(
        kind=kind.code,
        agency=agency,
        person=person,
        applicant=applicant,
        contact_phone=applicant.phone
        if contact_phone is None and applicant
        else contact_phone or "",
        contact_email=applicant.email
        if contact_email is None and applicant
        else contact_email or "",
        access_key_digest=_digest(access_key) if access_key else "",
        name_folded=fold(name),
        data=data,
    )
    with transaction.atomic():
        if confirm_by_otp:
            dossier.status = Status.AWAITING_OTP
            dossier.save()
        else:
            _receive(dossier, now, create=True)
        for file_kind, photo in (files or {}).items():
            DossierFile.objects.create(
                dossier=dossier,
                kind=file_kind,
                file=photo.content,
                sha256=photo.sha256,
                size=photo.content.size,
                width=photo.width,
                height=photo.height,
            )
        event(dossier, "", dossier.status, actor=applicant)
        if confirm_by_otp:
            dossier.otp_sent_to = send_otp(dossier)
        else:
            notify_received(dossier)
    dossier.access_key = access_key
    return dossier


@dataclass(frozen=True)
class Submitted:
    """A dossier waiting for its OTP, as its applicant gets it back."""

    dossier: Dossier
    access_key: str  # give to the applicant once; only its hash is stored
    otp_sent_to: str  # masked destination


def submitted(dossier: Dossier) -> Submitted:
    """What ``open(..., confirm_by_otp=True)`` gives the applicant: the key and where the
    OTP went."""
    return Submitted(
        dossier=dossier, access_key=dossier.access_key, otp_sent_to=dossier.otp_sent_to
    )


def _receive(dossier: Dossier, now: datetime, *, create: bool = False) -> None:
    """Number the dossier and put it in the queue (RECEIVED), with its expiry if any."""
    kind = kind_for(dossier.kind)
    dossier.number = next_number(dossier, now)
    dossier.status = Status.RECEIVED
    dossier.submitted_at = now
    if kind.expires:
        dossier.expires_at = now + timedelta(days=settings.REGISTRATION_DOSSIER_DAYS)
    try:
        with transaction.atomic():
            if create:
                dossier.save()
            else:
                dossier.save(update_fields=["number", "status", "submitted_at", "expires_at"])
    except IntegrityError:
        raise _duplicate() from None


def for_applicant(*, dossier_id: int, access_key: str) -> Dossier:
    """The dossier if the key is its own; a wrong key looks exactly like a missing dossier."""
    dossier = Dossier.objects.select_related("agency", "person").filter(pk=dossier_id).first()
    if (
        dossier is None
        or not access_key
        or not dossier.access_key_digest
        or not hmac.compare_digest(dossier.access_key_digest, _digest(access_key))
        or dossier.status == Status.EXPIRED
    ):
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier


# --- OTP confirmation --------------------------------------------------------------------

# A kind whose declaration may be refused silently (registration: the code already has an
# account) sets data["withheld"] and registers what to tell the owners instead of an OTP.
WITHHELD_NOTICES: dict[str, Callable[[Dossier, str], None]] = {}


@in_applicant_language
def send_otp(dossier: Dossier) -> str:
    """Issue an OTP to the email if given (as the app does), otherwise to the phone.

    A dossier that cannot go on (``data["withheld"]``) gets its code issued all the same, so
    that the answer and every later step look alike, but the code is sent to nobody; the
    owners are told why instead (its kind's WITHHELD_NOTICES entry).
    """
    kind = kind_for(dossier.kind)
    destination = (
        kind.otp_destination(dossier)
        if kind.otp_destination
        else dossier.contact_email or dossier.contact_phone
    )
    withheld = dossier.data.get("withheld", "")
    code = otp_issue(
        purpose=OTP_PURPOSE,
        subject=str(dossier.pk),
        destination=f"-:{dossier.pk}" if withheld else destination,
    )
    if withheld:
        WITHHELD_NOTICES[dossier.kind](dossier, withheld)
    elif "@" in destination:
        message_queue(
            channel="email",
            recipient=destination,
            purpose="otp",
            subject=notices.otp_email_subject(),
            body=notices.otp_email(),
            secret=code,
            person=dossier.person,
        )
    else:
        message_queue(
            channel="sms",
            recipient=destination,
            purpose="otp",
            body=notices.otp_sms(),
            secret=code,
            person=dossier.person,
        )
    return destination_mask(destination)


def resend_otp(*, dossier: Dossier) -> str:
    if dossier.status != Status.AWAITING_OTP:
        raise Conflict(_("Hồ sơ đã được gửi, không cần mã OTP nữa."), code="not_awaiting_otp")
    with transaction.atomic():
        return send_otp(dossier)


def confirm(*, dossier: Dossier, otp: str, now: datetime | None = None) -> Dossier:
    """The OTP is right: number the dossier, send it to the agency, acknowledge it.

    The code is spent in the same transaction that receives the dossier, so a failure in
    between (the database restarting) leaves both as they were and the same code still
    works. The same code again after the confirmation went through (its answer lost with a
    dropped connection) gets the same answer, not a refusal."""
    now = now or timezone.now()
    subject, error = str(dossier.pk), None
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if dossier.status != Status.AWAITING_OTP:
            if otp_replayed(purpose=OTP_PURPOSE, subject=subject, code=otp, now=now):
                return dossier
            raise Conflict(_("Hồ sơ đã được gửi trước đó."), code="already_confirmed")
        try:
            # A wrong code is still counted: its savepoint commits with this transaction.
            otp_verify(purpose=OTP_PURPOSE, subject=subject, code=otp, now=now)
        except InvalidInput as exc:
            error = exc
        else:
            if dossier.data.get("withheld"):  # a code sent to nobody was guessed: same refusal
                error = FieldErrors(
                    _("Mã OTP không đúng hoặc đã được sử dụng. Vui lòng yêu cầu mã mới."),
                    code="otp_invalid",
                    fields={"otp": [_("Mã OTP không hợp lệ.")]},
                )
            else:
                _receive(dossier, now)
                event(dossier, Status.AWAITING_OTP, Status.RECEIVED, actor=dossier.applicant)
                kind = kind_for(dossier.kind)
                if kind.on_received is not None:
                    kind.on_received(dossier)
                notify_received(dossier)
    if error is not None:
        raise error
    return dossier


# --- Expiry and erasure ------------------------------------------------------------------


def erase(dossier: Dossier) -> None:
    """Erase the declaration and the photos (files deleted after commit); the row stays."""
    for attached in dossier.files.all():
        # Delete the file after commit: a rollback must not leave a row without its file.
        name, storage = attached.file.name, attached.file.storage
        transaction.on_commit(lambda n=name, s=storage: s.delete(n))
        attached.delete()
    dossier.data = {"erased": True}
    dossier.name_folded = ""
    dossier.contact_phone = ""
    dossier.contact_email = ""


def photos_erase(dossier: Dossier) -> int:
    """Delete only the photos (after the retention period of a decided dossier)."""
    count = 0
    for attached in dossier.files.all():
        name, storage = attached.file.name, attached.file.storage
        transaction.on_commit(lambda n=name, s=storage: s.delete(n))
        attached.delete()
        count += 1
    return count


BATCH = 5000


def expire(*, now: datetime | None = None) -> int:
    """Dossiers of expiring kinds not completed at the agency within the deadline: the
    applicant is told; the row stays (number, kind, agency, dates) as a tombstone with its
    history, but the declaration and the photos are erased. Photos of dossiers decided more
    than DOSSIER_PHOTOS_KEPT_DAYS ago are deleted. Drafts never confirmed are removed."""
    from .drafts import draft_photos_expire

    now = now or timezone.now()
    expired = 0
    draft_photos_expire(now=now)
    expiring = [k.code for k in kinds() if k.expires]
    overdue = Dossier.objects.filter(
        kind__in=expiring, status=Status.RECEIVED, expires_at__lte=now
    ).values_list("pk", flat=True)
    for dossier_id in list(overdue[:BATCH]):
        with transaction.atomic():
            dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
            if dossier.status != Status.RECEIVED:
                continue
            notify_expired(dossier)
            erase(dossier)
            move(
                dossier,
                Status.EXPIRED,
                note="Quá hạn 10 ngày",
                fields=("data", "name_folded", "contact_phone", "contact_email"),
            )
            expired += 1
    kept_days = settings.DOSSIER_PHOTOS_KEPT_DAYS
    if kept_days:
        decided = Dossier.objects.filter(
            status__in=DECIDED_STATUSES,
            decided_at__lte=now - timedelta(days=kept_days),
            files__isnull=False,
        ).distinct()
        for dossier in decided[:BATCH]:
            with transaction.atomic():
                photos_erase(dossier)
    # Drafts whose OTP was never entered: nobody was promised anything, remove them.
    stale = Dossier.objects.filter(
        status=Status.AWAITING_OTP, created_at__lte=now - timedelta(days=1)
    )
    for dossier in stale[:BATCH]:
        with transaction.atomic():
            erase(dossier)
            dossier.delete()
    return expired


# --- The officer queue -------------------------------------------------------------------


def queue(officer: User) -> QuerySet:
    """The dossiers an officer works: their own agency's (all for a superuser), without the
    drafts still waiting for their OTP."""
    qs = Dossier.objects.exclude(status=Status.AWAITING_OTP)
    if not officer.is_superuser:
        qs = qs.filter(agency_id=officer.agency_id)
    return qs
