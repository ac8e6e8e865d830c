"""Every read of the HR desk: the employees and their e-transaction status, the HR queue,
batches and their rows, the arrears. Each reaches people only through ``access`` (the
organisation's own employees) and each page that shows people writes their access log.

Only what HR needs: identity, contact and declaration fields, dossier status, owed months.
Never medical visits, benefits or cards.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from openvss.accounts.models import User
from openvss.domain.months import Month, Span, union_months
from openvss.domain.text import fold
from openvss.dossiers.models import Dossier
from openvss.errors import NotFound
from openvss.people.models import ParticipationPeriod, Scheme
from openvss.places.models import Commune
from openvss.places.selectors import MAX_PAGE, ResultPage, page_of

from . import access, xlsx
from .models import Declaration, DeclarationBatch, OrganisationMember

PAGE_SIZE = 50


class EStatus:
    """The employee's e-transaction status as HR sees it (issue 14, item 2)."""

    NONE = "none"
    PENDING = "pending"
    ACTIVE = "active"
    LABELS = {
        NONE: _("Chưa có tài khoản"),
        PENDING: _("Đang chờ duyệt hồ sơ"),
        ACTIVE: _("Đã có tài khoản"),
    }


def _open_registration(person_ref) -> QuerySet:
    return Dossier.objects.filter(
        person=person_ref, kind=Dossier.Kind.REGISTRATION, status__in=Dossier.OPEN_STATUSES
    )


def employees_page(
    *, member: OrganisationMember, q: str = "", status: str = "", page: int = 1
) -> ResultPage:
    """The organisation's current employees (name order), with their e-transaction
    status; ``q`` finds a name without diacritics or a mã số BHXH. Logged per person."""
    qs = (
        access.employees(member.organisation)
        .annotate(
            has_account=Exists(User.objects.filter(person=OuterRef("pk"))),
            has_pending=Exists(_open_registration(OuterRef("pk"))),
        )
        .only("pk", "bhxh_code", "full_name", "birth_date")
        .order_by("name_folded", "pk")
    )
    q = (q or "").strip()
    if q.isdigit():
        qs = qs.filter(bhxh_code__startswith=q)
    elif q:
        qs = qs.filter(name_folded__contains=fold(q))
    if status == EStatus.ACTIVE:
        qs = qs.filter(has_account=True)
    elif status == EStatus.PENDING:
        qs = qs.filter(has_account=False, has_pending=True)
    elif status == EStatus.NONE:
        qs = qs.filter(has_account=False, has_pending=False)
    result = _page(qs, page=page, page_size=PAGE_SIZE)
    for person in result.items:
        person.e_status = (
            EStatus.ACTIVE
            if person.has_account
            else EStatus.PENDING
            if person.has_pending
            else EStatus.NONE
        )
        person.e_status_label = EStatus.LABELS[person.e_status]
    if result.items:
        access.employee_reads_log(
            member,
            [p.pk for p in result.items],
            what="Danh sách người lao động và tình trạng giao dịch điện tử",
        )
    return result


def _page(qs: QuerySet, *, page: int, page_size: int) -> ResultPage:
    """A page of ``qs`` with its annotations kept (one count, one slice); the same 422 and
    404 as the look-ups' pages (``places.selectors.page_of``)."""
    if page < 1 or page > MAX_PAGE:
        return page_of([], page=page)  # raises the look-ups' own 422
    count = qs.count()
    pages = max(1, -(-count // page_size))
    if page > pages:
        return page_of([], page=page)  # raises the 404 past the last page
    start = (page - 1) * page_size
    items = list(qs[start : start + page_size])
    return ResultPage(items=items, count=count, page=page, pages=pages, page_size=page_size)


def employee_counts(*, member: OrganisationMember) -> dict[str, int]:
    """How many employees are at each e-transaction status (the desk's summary)."""
    counts = (
        access.employees(member.organisation)
        .annotate(
            has_account=Exists(User.objects.filter(person=OuterRef("pk"))),
            has_pending=Exists(_open_registration(OuterRef("pk"))),
        )
        .aggregate(
            total=Count("pk"),
            active=Count("pk", filter=Q(has_account=True)),
            pending=Count("pk", filter=Q(has_account=False, has_pending=True)),
        )
    )
    counts["none"] = counts["total"] - counts["active"] - counts["pending"]
    return counts


def queue(*, member: OrganisationMember) -> list[Declaration]:
    """Employees' own declarations waiting for HR, oldest first (their dossier still open:
    an expired one has left the queue). Logged per person."""
    rows = list(
        access.own(Declaration.objects, member)
        .filter(hr_status=Declaration.HrStatus.PENDING, dossier__status=Dossier.Status.RECEIVED)
        .select_related("dossier")
        .order_by("created_at", "pk")[:500]
    )
    if rows:
        access.employee_reads_log(
            member, [d.dossier.person_id for d in rows], what="Tờ khai chờ đơn vị xác nhận"
        )
    return rows


def declaration_get(*, member: OrganisationMember, declaration_id: int) -> Declaration:
    """One of the organisation's declarations (another's id is "not found"). Logged."""
    declaration = (
        access.own(Declaration.objects, member)
        .select_related("dossier__agency", "batch")
        .filter(pk=declaration_id)
        .first()
    )
    if declaration is None:
        raise NotFound(_("Không tìm thấy tờ khai."))
    access.employee_read_log(member, declaration.dossier.person_id, what="Tờ khai (Mẫu số 01)")
    return declaration


def batches(*, member: OrganisationMember) -> list[DeclarationBatch]:
    return list(access.own(DeclarationBatch.objects, member).select_related("agency")[:200])


@dataclass
class BatchView:
    batch: DeclarationBatch
    counts: dict[str, int]
    rows: ResultPage
    parts: list[int] = field(default_factory=list)


def batch_get(*, member: OrganisationMember, batch_id: int) -> DeclarationBatch:
    batch = (
        access.own(DeclarationBatch.objects, member)
        .select_related("agency", "submitted_by")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        raise NotFound(_("Không tìm thấy lô tờ khai."))
    return batch


def batch_view(*, member: OrganisationMember, batch_id: int, page: int = 1) -> BatchView:
    """A batch with the status of each row (the dossier's), paged; logged per person."""
    batch = batch_get(member=member, batch_id=batch_id)
    counts = dict(
        Dossier.objects.filter(org_declaration__batch=batch)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    rows = page_of(
        Declaration.objects.filter(batch=batch).select_related("dossier").order_by("row", "pk"),
        page=page,
        page_size=100,
    )
    if rows.items:
        access.employee_reads_log(
            member,
            [d.dossier.person_id for d in rows.items],
            what=f"Lô tờ khai {batch.number}",
        )
    return BatchView(batch=batch, counts=counts, rows=rows, parts=pdf_parts(batch))


PDF_FORMS = 250  # forms per PDF: drawing one costs ~12 ms of CPU (bench/README.md)


def pdf_parts(batch: DeclarationBatch) -> list[int]:
    """The parts a batch prints in (1, 2, …): one PDF of at most PDF_FORMS forms each."""
    return list(range(1, max(1, -(-batch.row_count // PDF_FORMS)) + 1))


def batch_dossiers(
    *, member: OrganisationMember, batch_id: int, part: int = 1
) -> tuple[DeclarationBatch, list]:
    """One part of the batch's dossiers in row order, for the printed forms (a 10,000-row
    batch prints in 40 PDFs of 250 forms, each drawn within a request); logged per person."""
    batch = batch_get(member=member, batch_id=batch_id)
    if part not in pdf_parts(batch):
        raise NotFound(_("Không có phần này của lô."))
    start = (part - 1) * PDF_FORMS
    dossiers = list(
        Dossier.objects.filter(org_declaration__batch=batch)
        .select_related("agency")
        .prefetch_related("files")
        .order_by("org_declaration__row", "pk")[start : start + PDF_FORMS]
    )
    if dossiers:
        access.employee_reads_log(
            member, [d.person_id for d in dossiers], what=f"In tờ khai của lô {batch.number}"
        )
    return batch, dossiers


# --- arrears ----------------------------------------------------------------------------


@dataclass
class OwedScheme:
    scheme: str
    label: str
    months: int
    spans: list[tuple[Month, Month]] = field(default_factory=list)


@dataclass
class Arrear:
    person_id: int
    bhxh_code: str
    full_name: str
    schemes: list[OwedScheme] = field(default_factory=list)

    @property
    def months(self) -> int:
        return max((s.months for s in self.schemes), default=0)


SCHEME_ORDER = [Scheme.BHXH, Scheme.BHTN, Scheme.BHTNLD_BNN, Scheme.BHYT]


def _merged(spans: list[Span]) -> list[tuple[Month, Month]]:
    """Overlapping or adjacent spans as one range each: 01/2025–03/2025 and 03/2025–04/2025
    read 01/2025–04/2025."""
    ranges: list[list[Month]] = []
    for span in sorted(spans, key=lambda s: s.start.index):
        if ranges and span.start.index <= ranges[-1][1].index + 1:
            if ranges[-1][1].index < span.end.index:
                ranges[-1][1] = span.end
        else:
            ranges.append([span.start, span.end])
    return [(a, b) for a, b in ranges]


def arrears(*, member: OrganisationMember) -> list[Arrear]:
    """The months the organisation owes, for which employees and schemes: its own periods
    marked "đơn vị chưa đóng", counted as the employee's participation page counts them
    (the union of months per scheme). Logged per person."""
    periods = (
        ParticipationPeriod.objects.filter(
            employer_id=member.organisation.employer_id,
            payment=ParticipationPeriod.Payment.OWED,
        )
        .select_related("person")
        .only(
            "scheme",
            "from_month",
            "to_month",
            "person__id",
            "person__bhxh_code",
            "person__full_name",
            "person__name_folded",
        )
        .order_by("person__name_folded", "person_id", "scheme", "from_month")[:20000]
    )
    by_person: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    people = {}
    for p in periods:
        people[p.person_id] = p.person
        by_person[p.person_id][p.scheme].append(Span(Month.of(p.from_month), Month.of(p.to_month)))
    result = []
    for person_id, schemes in by_person.items():
        person = people[person_id]
        row = Arrear(person_id=person_id, bhxh_code=person.bhxh_code, full_name=person.full_name)
        for scheme in SCHEME_ORDER:
            spans = schemes.get(scheme.value)
            if spans:
                row.schemes.append(
                    OwedScheme(
                        scheme=scheme.value,
                        label=scheme.label,
                        months=union_months(spans),
                        spans=_merged(spans),
                    )
                )
        result.append(row)
    if result:
        access.employee_reads_log(
            member, [r.person_id for r in result], what="Số tháng đơn vị chưa đóng bảo hiểm"
        )
    return result


def batch_template() -> bytes:
    """The empty spreadsheet HR fills (with the list of communes), built once a day: the
    reference data it lists changes only when it is loaded again."""
    key = f"org-batch-template:{Commune.objects.count()}"
    body = cache.get(key)
    if body is None:
        communes = Commune.objects.select_related("province").order_by("province_id", "code")
        body = xlsx.template_xlsx(
            communes=((c.code, c.name, c.province.name) for c in communes.iterator(2000))
        )
        cache.set(key, body, timeout=86400)
    return body
