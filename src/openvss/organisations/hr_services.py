"""Every write of the HR desk (issue 14, items 2–3): batches of declarations (form 01)
uploaded as a spreadsheet, employees' own declarations confirmed and forwarded.

The dossiers app is reached through these call points only (they move with the dossier
engine at merge):

- ``dossiers.models.Dossier`` / ``DossierEvent`` / ``DossierCounter`` — rows bulk-created
  here: a batch of 10,000 cannot go through ``registration_submit`` one by one (photos,
  OTP, per-row numbering and notices each); the rows are those ``registration_submit``
  writes, received at once (HR signed them), numbered as one range in one update;
- ``dossiers.engine.kind_for(REGISTRATION).number_prefix`` — the registration's number code (``DK``);
- ``dossiers.kinds.registration.ORG_HOLD`` — the hook an employee's own form 01 with a mã đơn vị
  goes through (``org_code_check``, ``declaration_hold`` below, registered in
  ``AppConfig.ready``).
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openvss.accounts.models import User
from openvss.core.ratelimit import rate_limit_hit
from openvss.domain.errors import N_
from openvss.domain.org_batch import BY_FIELD, CleanRow, RowError, rows_check
from openvss.domain.text import fold, names_match, nfc
from openvss.dossiers import engine
from openvss.dossiers.kinds import registration as registration_kind
from openvss.dossiers.models import Dossier, DossierCounter, DossierEvent
from openvss.errors import Conflict, InvalidInput, NotFound
from openvss.people.models import Person
from openvss.places.models import Agency, Commune

from . import access, notices, xlsx
from .models import Declaration, DeclarationBatch, Organisation, OrganisationMember

CHUNK = 2000  # ids per IN (...) query: well under SQLite's and PostgreSQL's limits
BATCH_CODE = "LO"  # "lô": 00001.LO/2026/<mã đơn vị>


@dataclass
class BatchChecked:
    """A checked spreadsheet: its clean rows with their people, or every error."""

    rows: list[CleanRow] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    communes: dict[str, Commune] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0
    person_ids: list[int] = field(default_factory=list)  # whose records were compared

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _chunks(values: list) -> list[list]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


def _error(row: int, name: str, message: str, code: str) -> RowError:
    return RowError(row, BY_FIELD[name].letter, name, message, code)


def batch_check(
    *, member: OrganisationMember, upload, today: date | None = None, log: bool = True
) -> BatchChecked:
    """Read and check an uploaded spreadsheet without saving anything: the file's own
    checks (formats, duplicates) and those against the agency's records, all rows at once.

    Each row's employee must currently work for the organisation (the same answer, "does
    not match the organisation's list", whether the code is unknown or someone else's).
    Raises InvalidInput only for a file that cannot be read at all."""
    rate_limit_hit("org-batch", str(member.organisation_id), limit=60, window=3600)
    today = today or timezone.localdate()
    sheet = xlsx.sheet_read(upload)
    result = BatchChecked(total=len(sheet.rows))
    if sheet.header_errors:
        result.errors = sheet.header_errors
        return result
    clean, errors = rows_check(sheet.rows, today=today)
    codes = [r.bhxh_code for r in clean]
    people: dict[str, Person] = {}
    staff = access.employees(member.organisation, on=today)
    for part in _chunks(codes):
        for person in staff.filter(bhxh_code__in=part).only(
            "pk", "bhxh_code", "full_name", "birth_date", "sex", "citizen_id"
        ):
            people[person.bhxh_code] = person
    communes = {}
    for part in _chunks(sorted({r.commune_code for r in clean})):
        communes.update(
            (c.code, c) for c in Commune.objects.select_related("province").filter(code__in=part)
        )
    matched = [people[r.bhxh_code] for r in clean if r.bhxh_code in people]
    person_ids = [p.pk for p in matched]
    with_account = set()
    open_dossier = set()
    for part in _chunks(person_ids):
        with_account.update(
            User.objects.filter(person_id__in=part).values_list("person_id", flat=True)
        )
        open_dossier.update(
            Dossier.objects.filter(
                person_id__in=part,
                kind=Dossier.Kind.REGISTRATION,
                status__in=Dossier.OPEN_STATUSES,
            ).values_list("person_id", flat=True)
        )
    cid_owner = {}
    for part in _chunks([r.citizen_id for r in clean]):
        cid_owner.update(
            Person.objects.filter(citizen_id__in=part).values_list("citizen_id", "bhxh_code")
        )
    phones_taken = _contacts_taken("phone", [r.phone for r in clean], codes)
    emails_taken = _contacts_taken("email", [r.email for r in clean if r.email], codes)

    ok_rows = []
    for r in clean:
        before = len(errors)
        person = people.get(r.bhxh_code)
        if (
            person is None
            or not names_match(person.full_name, r.full_name)
            or (person.birth_date != r.birth_date)
        ):
            errors.append(
                _error(
                    r.row,
                    "bhxh_code",
                    N_(
                        "Mã số BHXH, họ tên hoặc ngày sinh không khớp với danh sách lao động của đơn vị."
                    ),
                    "not_an_employee",
                )
            )
            person = None
        if person is not None:
            if person.pk in with_account:
                errors.append(
                    _error(
                        r.row,
                        "bhxh_code",
                        N_("Người lao động đã có tài khoản giao dịch điện tử."),
                        "already_registered",
                    )
                )
            elif person.pk in open_dossier:
                errors.append(
                    _error(
                        r.row,
                        "bhxh_code",
                        N_("Người lao động đang có tờ khai chờ cơ quan BHXH xử lý."),
                        "duplicate_open_dossier",
                    )
                )
            owner = cid_owner.get(r.citizen_id)
            if (
                (person.citizen_id and person.citizen_id != r.citizen_id)
                or (owner and owner != r.bhxh_code)
                or (r.cid_sex and r.cid_sex != person.sex)
            ):
                errors.append(
                    _error(
                        r.row,
                        "citizen_id",
                        N_("Số CCCD/CMND không khớp với dữ liệu của cơ quan BHXH."),
                        "citizen_id_mismatch",
                    )
                )
        if r.commune_code not in communes:
            errors.append(
                _error(
                    r.row,
                    "commune_code",
                    N_("Mã xã/phường không có trong danh mục (xem trang “Danh mục xã, phường”)."),
                    "commune_unknown",
                )
            )
        # One mobile number and one email per mã số BHXH (form 01), as for a citizen's own
        # registration; the organisation is told so it can correct its list.
        if r.phone in phones_taken and phones_taken[r.phone] != r.bhxh_code:
            errors.append(
                _error(
                    r.row,
                    "phone",
                    N_(
                        "Mỗi số điện thoại chỉ được đăng ký cho 1 mã số BHXH; số này không dùng được."
                    ),
                    "phone_taken",
                )
            )
        if r.email and r.email in emails_taken and emails_taken[r.email] != r.bhxh_code:
            errors.append(
                _error(
                    r.row,
                    "email",
                    N_("Mỗi email chỉ được đăng ký cho 1 mã số BHXH; email này không dùng được."),
                    "email_taken",
                )
            )
        if len(errors) == before:
            ok_rows.append(r)
    result.rows = ok_rows
    result.people = people
    result.communes = communes
    result.errors = sorted(errors)
    result.person_ids = person_ids
    if log:
        _check_log(member, result)
    return result


def _check_log(member: OrganisationMember, checked: BatchChecked) -> None:
    # Comparing names, birth dates and CCCD numbers with the records reads their data.
    if checked.person_ids:
        access.employee_reads_log(
            member, checked.person_ids, what="Kiểm tra tờ khai đăng ký giao dịch điện tử theo lô"
        )


def _contacts_taken(kind: str, values: list[str], codes: list[str]) -> dict[str, str]:
    """{phone or email: mã số BHXH it belongs to} among accounts and open registration
    dossiers (the rule of one contact per code)."""
    taken: dict[str, str] = {}
    for part in _chunks(sorted(set(values))):
        for value, username in User.objects.filter(**{f"{kind}__in": part}).values_list(
            kind, "username"
        ):
            taken[value] = username
        column = "contact_phone" if kind == "phone" else "contact_email"
        for value, code in Dossier.objects.filter(
            **{f"{column}__in": part},
            kind=Dossier.Kind.REGISTRATION,
            status__in=Dossier.OPEN_STATUSES,
        ).values_list(column, "person__bhxh_code"):
            taken.setdefault(value, code)
    return taken


def _batch_number(organisation: Organisation, now) -> str:
    year = timezone.localtime(now).year
    prefix = f".{BATCH_CODE}/{year}/{organisation.employer.code}"
    count = DeclarationBatch.objects.filter(
        organisation=organisation, number__endswith=prefix
    ).count()
    return f"{count + 1:05d}{prefix}"


def _dossier_numbers(agency, count: int, now) -> list[str]:
    """``count`` consecutive registration numbers of the agency's year, reserved in one
    update of its counter row (locked: no gaps, no duplicates with single submissions)."""
    year = timezone.localtime(now).year
    counter, _created = DossierCounter.objects.get_or_create(agency=agency, year=year)
    counter = DossierCounter.objects.select_for_update().get(pk=counter.pk)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    code = engine.kind_for(Dossier.Kind.REGISTRATION).number_prefix
    return [f"{n:05d}.{code}/{year}/{agency.code}" for n in range(first, first + count)]


def _agency(organisation: Organisation) -> Agency:
    """The agency that receives the organisation's batches: the one managing the employer,
    or its province's BHXH when the reference data names none."""
    employer = organisation.employer
    if employer.agency_id:
        return employer.agency
    agency = Agency.objects.filter(
        province_id=employer.province_id, level=Agency.Level.PROVINCIAL
    ).first()
    if agency is None:
        raise Conflict(_("Chưa xác định được cơ quan BHXH quản lý đơn vị."), code="no_agency")
    return agency


def _organisation_locked(member: OrganisationMember) -> Organisation:
    # One batch at a time per organisation: its numbers and its rows' checks stay true.
    return (
        Organisation.objects.select_for_update(of=("self",))
        .select_related("employer__agency")
        .get(pk=member.organisation_id)
    )


def batch_submit(
    *, member: OrganisationMember, upload, file_name: str = "", today: date | None = None
) -> DeclarationBatch:
    """Check the spreadsheet (``batch_check``) and, only if every row is right, submit it as
    one batch: one batch number, each row a registration dossier received by the
    organisation's agency, in bulk. With any error nothing is saved and InvalidInput
    carries every error (``fields["rows"]``)."""
    now = timezone.now()
    checked = None
    try:
        with transaction.atomic():
            organisation = _organisation_locked(member)
            checked = batch_check(member=member, upload=upload, today=today, log=False)
            if not checked.ok:
                raise batch_invalid(checked)
            return _batch_create(organisation, checked, member, file_name, now)
    finally:
        if checked is not None:  # logged whether the batch went or not (own transaction)
            _check_log(member, checked)


def _batch_create(organisation, checked, member, file_name, now) -> DeclarationBatch:
    batch = DeclarationBatch.objects.create(
        organisation=organisation,
        number=_batch_number(organisation, now),
        source=DeclarationBatch.Source.UPLOAD,
        agency=_agency(organisation),
        file_name=(file_name or "")[:200],
        row_count=len(checked.rows),
        submitted_by=member.user,
        submitted_at=now,
    )
    _dossiers_create(batch, checked, member, now)
    return batch


def error_text(error: RowError) -> str:
    """The error's message in the request's language, its parameters filled in."""
    message = _(error.message)
    return message % dict(error.params) if error.params else message


def errors_shown(errors: list[RowError]) -> list[dict]:
    """The errors as a page or the API shows them: row, column letter and header, text."""
    return [
        {
            "row": e.row,
            "column": e.column,
            "header": e.header,
            "code": e.code,
            "message": error_text(e),
        }
        for e in errors
    ]


class BatchRejected(InvalidInput):
    """The spreadsheet has errors: nothing was saved. ``fields`` names each cell as the
    spreadsheet does ("A7": row 7, column A), ``checked`` keeps every error for pages."""

    code = "batch_invalid"

    def __init__(self, checked: BatchChecked):
        self.checked = checked
        fields: dict[str, list[str]] = {}
        for error in checked.errors:
            fields.setdefault(f"{error.column}{error.row}", []).append(error_text(error))
        super().__init__(
            _("Tệp có %(count)s lỗi; chưa có dòng nào được lưu.") % {"count": len(checked.errors)},
            fields=fields,
        )


def batch_invalid(checked: BatchChecked) -> InvalidInput:
    if not checked.rows and not checked.errors:
        return InvalidInput(
            _("Tệp không có dòng kê khai nào."),
            code="file_empty",
            fields={"file": [_("Tệp không có dòng kê khai nào.")]},
        )
    return BatchRejected(checked)


def _dossiers_create(batch, checked: BatchChecked, member, now) -> None:
    agency = batch.agency
    numbers = _dossier_numbers(agency, len(checked.rows), now)
    language = settings.LANGUAGE_CODE  # HR's batch: notices in Vietnamese
    dossiers = []
    for r, number in zip(checked.rows, numbers, strict=True):
        person = checked.people[r.bhxh_code]
        commune = checked.communes[r.commune_code]
        dossiers.append(
            Dossier(
                kind=Dossier.Kind.REGISTRATION,
                status=Dossier.Status.RECEIVED,
                number=number,
                agency=agency,
                person=person,
                contact_phone=r.phone,
                contact_email=r.email,
                name_folded=fold(r.full_name),
                submitted_at=now,
                # The organisation delivers the signed forms: the 10-day deletion of
                # forms a person never brought to the agency (seed 004) does not apply.
                expires_at=None,
                language=language,
                data={
                    "bhxh_code": r.bhxh_code,
                    "full_name": r.full_name,
                    "birth_date": r.birth_date.isoformat(),
                    "citizen_id": r.citizen_id,
                    "commune_code": commune.code,
                    "commune_name": commune.name,
                    "province_name": commune.province.name,
                    "address_line": r.address_line,
                    "phone": r.phone,
                    "email": r.email,
                    "population_check": "matched"
                    if person.citizen_id == r.citizen_id
                    else "not_found",
                    "org_code": batch.organisation.employer.code,
                    "org_name": batch.organisation.employer.name,
                    "batch": batch.number,
                    "row": r.row,
                },
            )
        )
    try:
        with transaction.atomic():
            Dossier.objects.bulk_create(dossiers, batch_size=1000)
    except IntegrityError:  # a registration of one of them arrived meanwhile
        raise Conflict(
            _("Một người lao động trong tệp vừa có tờ khai khác chờ xử lý. Vui lòng kiểm tra lại."),
            code="duplicate_open_dossier",
        ) from None
    note = f"Đơn vị {batch.organisation.employer.code} gửi theo lô {batch.number}"
    DossierEvent.objects.bulk_create(
        [
            DossierEvent(
                dossier=d,
                from_status="",
                to_status=Dossier.Status.RECEIVED,
                actor=member.user,
                note=note,
            )
            for d in dossiers
        ],
        batch_size=1000,
    )
    Declaration.objects.bulk_create(
        [
            Declaration(
                organisation_id=batch.organisation_id,
                batch=batch,
                row=r.row,
                dossier=d,
                hr_status=Declaration.HrStatus.FORWARDED,
                confirmed_by=member.user,
                confirmed_at=now,
            )
            for r, d in zip(checked.rows, dossiers, strict=True)
        ],
        batch_size=1000,
    )
    forwarded_notify(batch, dossiers)


# --- employees' own declarations (form 01 with the mã đơn vị) -------------------------


def org_code_check(code: str, person: Person) -> str:
    """``ORG_HOLD["check"]``: the code of an active organisation the person currently
    works for, or "" (the applicant is told only that it does not fit)."""
    organisation = (
        Organisation.objects.select_related("employer")
        .filter(employer__code=code.upper(), status=Organisation.Status.ACTIVE)
        .first()
    )
    if organisation is None or person is None:
        return ""
    if not access.employees(organisation).filter(pk=person.pk).exists():
        return ""
    return organisation.employer.code


def declaration_hold(dossier: Dossier) -> None:
    """``ORG_HOLD["hold"]``: the confirmed dossier waits in the organisation's HR queue."""
    organisation = Organisation.objects.filter(
        employer__code=dossier.data.get("org_code", ""), status=Organisation.Status.ACTIVE
    ).first()
    if organisation is None:  # suspended since the check: the agency's queue takes it
        return
    Declaration.objects.create(
        organisation=organisation, dossier=dossier, hr_status=Declaration.HrStatus.PENDING
    )
    # The printed form names the organisation whose HR signs it.
    dossier.data["org_name"] = organisation.employer.name
    dossier.save(update_fields=["data"])


def hold_register() -> None:
    """Fill the dossiers app's hook (AppConfig.ready). At merge with the dossier engine,
    a registration-kind option of the engine's registry."""
    registration_kind.ORG_HOLD["check"] = org_code_check
    registration_kind.ORG_HOLD["hold"] = declaration_hold


def held_dossiers() -> Q:
    """Dossiers the agency's queue leaves out: waiting for an organisation's HR."""
    return Q(org_declaration__hr_status=Declaration.HrStatus.PENDING)


def declarations_forward(
    *, member: OrganisationMember, declaration_ids: list[int]
) -> DeclarationBatch:
    """HR confirms ("ký xác nhận") the chosen employees' declarations and forwards them to
    the agency as one batch. Only the organisation's own pending declarations whose
    dossier is still open can be forwarded; any other id is "not found"."""
    ids = sorted({int(i) for i in declaration_ids})
    if not ids:
        raise InvalidInput(
            _("Vui lòng chọn ít nhất một tờ khai."),
            code="nothing_chosen",
            fields={"declarations": [_("Vui lòng chọn ít nhất một tờ khai.")]},
        )
    now = timezone.now()
    with transaction.atomic():
        organisation = _organisation_locked(member)
        rows = list(
            access.own(Declaration.objects, member)
            .select_for_update(of=("self",))
            .select_related("dossier")
            .filter(pk__in=ids)
            .order_by("created_at", "pk")
        )
        if len(rows) != len(ids):
            raise NotFound(_("Không tìm thấy tờ khai."))
        if any(
            d.hr_status != Declaration.HrStatus.PENDING
            or d.dossier.status != Dossier.Status.RECEIVED
            for d in rows
        ):
            raise Conflict(
                _("Có tờ khai đã được chuyển hoặc không còn chờ xử lý."), code="bad_transition"
            )
        batch = DeclarationBatch.objects.create(
            organisation=organisation,
            number=_batch_number(organisation, now),
            source=DeclarationBatch.Source.FORWARDED,
            agency=_agency(organisation),
            row_count=len(rows),
            submitted_by=member.user,
            submitted_at=now,
        )
        note = f"Đơn vị {organisation.employer.code} xác nhận, chuyển theo lô {batch.number}"
        dossier_ids = []
        for index, declaration in enumerate(rows, start=1):
            declaration.batch = batch
            declaration.row = index
            declaration.hr_status = Declaration.HrStatus.FORWARDED
            declaration.confirmed_by = member.user
            declaration.confirmed_at = now
            dossier_ids.append(declaration.dossier_id)
        Declaration.objects.bulk_update(
            rows, ["batch", "row", "hr_status", "confirmed_by", "confirmed_at"]
        )
        # The organisation has the signed form and sends it: no 10-day deletion any more.
        Dossier.objects.filter(pk__in=dossier_ids).update(expires_at=None)
        DossierEvent.objects.bulk_create(
            [
                DossierEvent(
                    dossier_id=d.dossier_id,
                    from_status=Dossier.Status.RECEIVED,
                    to_status=Dossier.Status.RECEIVED,
                    actor=member.user,
                    note=note,
                )
                for d in rows
            ]
        )
        forwarded_notify(batch, [d.dossier for d in rows])
        # Confirming an employee's declaration is an act on their data: in their access log.
        access.employee_reads_log(
            member,
            [d.dossier.person_id for d in rows],
            what=f"Xác nhận, chuyển tờ khai (Mẫu số 01) theo lô {batch.number}",
        )
    return batch


FORWARDED_PURPOSE = "declaration_forwarded"


def forwarded_notify(batch: DeclarationBatch, dossiers: list[Dossier]) -> int:
    """Tell each employee of the batch that their declaration went to the agency, with its
    number: one SMS and/or email per dossier to the contacts it was declared with (for a
    spreadsheet row, the phone and email HR declared, which the account will also use),
    bulk-inserted in the batch's transaction. A batch is created once, so each employee is
    told once; a second submission of the same rows is refused before this."""
    employer = batch.organisation.employer
    unit = f"{employer.name} ({employer.code})"

    def texts():
        return notices.ForwardedTexts(unit=unit, agency=batch.agency.name, batch=batch.number)

    return engine.notify_many(dossiers, FORWARDED_PURPOSE, texts)


# --- HR returns an employee's declaration ------------------------------------------------

RETURN_REASON_MAX = 300  # it goes in the SMS as well
RETURNED_PURPOSE = "declaration_returned"


def _return_reason(reason: str) -> str:
    """HR's reason, NFC, trimmed, inner whitespace collapsed; required and bounded."""
    reason = nfc(reason or "")
    message = ""
    if len(reason) < engine.REASON_MIN:
        message, code = (
            _("Vui lòng ghi rõ lý do trả lại tờ khai (ít nhất 5 ký tự)."),
            "reason_required",
        )
    elif len(reason) > RETURN_REASON_MAX:
        message, code = (
            _("Lý do trả lại dài quá %(max)s ký tự.") % {"max": RETURN_REASON_MAX},
            "reason_too_long",
        )
    if message:
        raise engine.FieldErrors(message, code=code, fields={"reason": [message]})
    return reason


def declaration_return(
    *, member: OrganisationMember, declaration_id: int, reason: str
) -> Declaration:
    """HR sends an employee's declaration back ("Trả lại"): it leaves the HR queue, never
    reaches the agency, and the employee is told why, in their language, by SMS and email.

    The dossier is decided as rejected with HR's reason (the engine's table: a received
    dossier may be rejected; the employee sees "Từ chối" with the organisation's note in
    "Hồ sơ của tôi", and may declare again). Only the organisation's own declarations
    waiting for it: another organisation's id is "not found", one already forwarded or
    returned is a conflict."""
    reason = _return_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        organisation = _organisation_locked(member)  # in step with forwarding
        declaration = (
            access.own(Declaration.objects, member)
            .select_for_update(of=("self",))
            .filter(pk=declaration_id)
            .first()
        )
        if declaration is None:
            raise NotFound(_("Không tìm thấy tờ khai."))
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("person", "agency")
            .get(pk=declaration.dossier_id)
        )
        if (
            declaration.hr_status != Declaration.HrStatus.PENDING
            or dossier.status != Dossier.Status.RECEIVED
        ):
            raise Conflict(
                _("Tờ khai đã được chuyển hoặc không còn chờ đơn vị xác nhận."),
                code="bad_transition",
            )
        employer = organisation.employer
        declaration.hr_status = Declaration.HrStatus.RETURNED
        declaration.save(update_fields=["hr_status"])
        dossier.decided_at = now
        dossier.decided_by = member.user
        dossier.decision_note = reason
        engine.move(
            dossier,
            Dossier.Status.REJECTED,
            actor=member.user,
            note=f"Đơn vị {employer.code} – {employer.name} trả lại tờ khai: {reason}",
            fields=("decided_at", "decided_by", "decision_note"),
        )
        _returned_notify(dossier, unit=f"{employer.name} ({employer.code})", reason=reason)
        access.employee_read_log(member, dossier.person_id, what="Trả lại tờ khai (Mẫu số 01)")
    declaration.dossier = dossier
    return declaration


@engine.in_applicant_language
def _returned_notify(dossier: Dossier, *, unit: str, reason: str) -> None:
    engine.notify(
        dossier,
        RETURNED_PURPOSE,
        sms=notices.returned_sms(dossier, unit=unit, reason=reason),
        subject=notices.returned_subject(dossier),
        email=notices.returned_email(dossier, unit=unit, reason=reason),
    )
