"""Reads of a citizen's own records, each a small fixed number of indexed queries however
long the history is (tests pin the counts)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from openvss.audit.selectors import access_log_of
from openvss.domain.months import Month, Span, format_duration, overlapping_pairs, union_months
from openvss.domain.text import fold
from openvss.places.models import MedicalFacility

from .models import BenefitPayment, HealthCard, MedicalVisit, ParticipationPeriod, Person, Scheme

SCHEME_ORDER = [Scheme.BHXH, Scheme.BHTN, Scheme.BHTNLD_BNN, Scheme.BHYT]


def person_visible_to(*, user, bhxh_code: str | None = None) -> Person | None:
    """The user's own person, or a child linked to them; None for anyone else."""
    if user.person_id is None:
        return None
    if bhxh_code is None or bhxh_code == user.username:
        return Person.objects.select_related("commune__province").filter(pk=user.person_id).first()
    return (
        Person.objects.select_related("commune__province")
        .filter(bhxh_code=bhxh_code, guardian_id=user.person_id)
        .first()
    )


def card_current(*, person: Person) -> HealthCard | None:
    return (
        HealthCard.objects.select_related("registered_facility", "person")
        .filter(person=person, status=HealthCard.Status.ACTIVE)
        .first()
    )


def duration_text(months: int) -> str:
    """Participation time in the active language: "21 năm 6 tháng", "21 years 6 months"."""
    return format_duration(
        months,
        years_text=lambda n: ngettext("%(n)d năm", "%(n)d năm", n) % {"n": n},
        months_text=lambda n: ngettext("%(n)d tháng", "%(n)d tháng", n) % {"n": n},
    )


@dataclass
class PeriodRow:
    period: ParticipationPeriod
    overlaps: bool
    owed: bool

    @property
    def months(self) -> int:
        return Month.of(self.period.to_month).index - Month.of(self.period.from_month).index + 1

    @property
    def duration(self) -> str:
        return format_duration(self.months)


@dataclass
class SchemeHistory:
    scheme: str
    label: str
    rows: list[PeriodRow] = field(default_factory=list)
    months: int = 0
    owed_months: int = 0

    @property
    def total(self) -> str:
        return duration_text(self.months)

    @property
    def short_label(self) -> str:
        """The abbreviation people know (BHXH, BHTN, BHTNLĐ, BHYT), for tabs."""
        return {"BHTNLD": "BHTNLĐ-BNN"}.get(self.scheme, self.scheme)


def participation_history(*, person: Person) -> list[SchemeHistory]:
    """Rows per scheme, newest first; totals are the union of months (overlaps counted once
    and flagged); months the employer has not paid are counted apart, as owed."""
    periods = list(
        ParticipationPeriod.objects.select_related("employer")
        .filter(person=person)
        .order_by("scheme", "-from_month", "-to_month")
    )
    by_scheme: dict[str, list[ParticipationPeriod]] = defaultdict(list)
    for period in periods:
        by_scheme[period.scheme].append(period)
    histories = []
    for scheme in SCHEME_ORDER:
        rows = by_scheme.get(scheme.value, [])
        if not rows:
            continue
        spans = [Span(Month.of(p.from_month), Month.of(p.to_month)) for p in rows]
        flagged = overlapping_pairs(spans)
        paid = [
            s
            for s, p in zip(spans, rows, strict=True)
            if p.payment == ParticipationPeriod.Payment.PAID
        ]
        owed = [
            s
            for s, p in zip(spans, rows, strict=True)
            if p.payment == ParticipationPeriod.Payment.OWED
        ]
        histories.append(
            SchemeHistory(
                scheme=scheme.value,
                label=scheme.label,
                rows=[
                    PeriodRow(p, i in flagged, p.payment == ParticipationPeriod.Payment.OWED)
                    for i, p in enumerate(rows)
                ],
                months=union_months(paid),
                owed_months=union_months(owed),
            )
        )
    return histories


def benefits(*, person: Person) -> list[BenefitPayment]:
    return list(
        BenefitPayment.objects.select_related("paying_agency")
        .filter(person=person)
        .order_by("-period_from")[:500]
    )


@dataclass(frozen=True)
class BenefitTab:
    """One of the four tabs of "Thông tin hưởng" (guide 004: "Chế độ BHXH một lần; Chế độ Ốm
    đau, thai sản và dưỡng sức phục hồi sức khỏe; Chế độ BHXH hàng tháng; Chế độ BHTN")."""

    slug: str
    label: str
    short_label: str
    regimes: tuple[str, ...]


R = BenefitPayment.Regime
# Work-accident and survivor benefits are listed with the monthly ones: the records hold them
# as monthly allowances (trợ cấp TNLĐ-BNN hằng tháng, tuất hằng tháng).
BENEFIT_TABS = (
    BenefitTab("mot-lan", _("Chế độ BHXH một lần"), _("BHXH một lần"), (R.ONE_TIME,)),
    BenefitTab(
        "om-dau-thai-san",
        _("Chế độ ốm đau, thai sản và dưỡng sức phục hồi sức khỏe"),
        _("Ốm đau, thai sản"),
        (R.SICKNESS, R.MATERNITY, R.CONVALESCENCE),
    ),
    BenefitTab(
        "hang-thang",
        _("Chế độ BHXH hàng tháng"),
        _("BHXH hàng tháng"),
        (R.PENSION, R.MONTHLY_ALLOWANCE, R.WORK_ACCIDENT, R.SURVIVOR),
    ),
    BenefitTab("that-nghiep", _("Chế độ bảo hiểm thất nghiệp"), _("BHTN"), (R.UNEMPLOYMENT,)),
)
_TAB_OF_REGIME = {regime: tab.slug for tab in BENEFIT_TABS for regime in tab.regimes}


def benefit_tab_of(regime: str) -> str:
    return _TAB_OF_REGIME.get(regime, "hang-thang")


def benefit_tab(slug: str) -> BenefitTab:
    """The tab named in the address (``?che-do=``); the first one for anything else."""
    return next((tab for tab in BENEFIT_TABS if tab.slug == slug), BENEFIT_TABS[0])


def benefits_in_tab(*, person: Person, tab: BenefitTab) -> list[BenefitPayment]:
    """One tab's payments, newest first: one indexed query (person, period_from)."""
    return list(
        BenefitPayment.objects.select_related("paying_agency")
        .filter(person=person, regime__in=tab.regimes)
        .order_by("-period_from")[:500]
    )


def benefit_tab_counts(*, person: Person) -> dict[str, int]:
    """How many payments each tab holds (one query), for the tabs' labels and empty states."""
    counts = dict.fromkeys((tab.slug for tab in BENEFIT_TABS), 0)
    rows = (
        BenefitPayment.objects.filter(person=person)
        .values_list("regime")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for regime, n in rows:
        counts[benefit_tab_of(regime)] += n
    return counts


def visit_years(*, person: Person) -> list[int]:
    return sorted(
        {d.year for d in MedicalVisit.objects.filter(person=person).dates("admitted_on", "year")},
        reverse=True,
    )


def visits(*, person: Person, year: int) -> list[MedicalVisit]:
    return list(
        MedicalVisit.objects.select_related("facility")
        .filter(
            person=person, admitted_on__gte=date(year, 1, 1), admitted_on__lte=date(year, 12, 31)
        )
        .order_by("-admitted_on")
    )


def access_log(*, person: Person, limit: int = 200):
    return access_log_of(person=person, limit=limit)


def family(*, user) -> list[Person]:
    """The signed-in person and the children linked to them (the card page's tabs)."""
    return [user.person, *user.person.wards.all()]


@dataclass(frozen=True)
class CodeLookupMatch:
    bhxh_code: str
    masked_name: str


def name_mask(full_name: str) -> str:
    """Only the initials and the given name show: "Nguyễn Văn An" -> "N***** V** An"."""
    words = full_name.split()
    if len(words) <= 1:
        return (full_name[:1] + "*" * max(0, len(full_name) - 1)) if full_name else ""
    masked = [word[0] + "*" * (len(word) - 1) for word in words[:-1]]
    return " ".join([*masked, words[-1]])


def person_code_lookup(
    *, full_name: str, birth_date: date, province_code: str, id_number: str = ""
) -> CodeLookupMatch | None:
    """Tra cứu mã số BHXH: the code of the one person with this folded name, date of birth
    and province (and ID number, when given); ``None`` when nobody or several match, so the
    caller can give one neutral answer for both. Two indexed queries at most."""
    from django.db.models import Q

    qs = Person.objects.filter(
        name_folded=fold(full_name),
        birth_date=birth_date,
        commune__province_id=province_code,
        is_deceased=False,
    )
    if id_number:
        qs = qs.filter(Q(citizen_id=id_number) | Q(old_id_number=id_number))
    found = list(qs.only("bhxh_code", "full_name")[:2])
    if len(found) != 1:
        return None
    return CodeLookupMatch(bhxh_code=found[0].bhxh_code, masked_name=name_mask(found[0].full_name))


def month_wages(*, person: Person, scheme: str) -> dict[int, int]:
    """Month index → wage, each calendar month once (the first contract's row when two
    employers paid the same month, Law 41/2024 Art. 2 cl. 5(a)); owed months excluded."""
    wages: dict[int, int] = {}
    rows = (
        ParticipationPeriod.objects.filter(
            person=person, scheme=scheme, payment=ParticipationPeriod.Payment.PAID
        )
        .order_by("from_month", "pk")
        .values_list("from_month", "to_month", "wage")
    )
    for start, end, wage in rows:
        for index in range(Month.of(start).index, Month.of(end).index + 1):
            wages.setdefault(index, int(wage))
    return wages


def voluntary_periods(*, person: Person) -> list[tuple[int, int, int | None]]:
    """The voluntary BHXH paid, as (first month index, last month index, State support
    recorded when paid or None when not known), in calendar order: the months the State may
    have supported, to take off a one-time BHXH (Circular 59/2015/TT-BLĐTBXH Art. 19 cl. 3).
    One query."""
    rows = (
        ParticipationPeriod.objects.filter(
            person=person,
            scheme=Scheme.BHXH,
            voluntary=True,
            payment=ParticipationPeriod.Payment.PAID,
        )
        .order_by("from_month", "pk")
        .values_list("from_month", "to_month", "state_support")
    )
    return [
        (Month.of(start).index, Month.of(end).index, None if support is None else int(support))
        for start, end, support in rows
    ]


def facilities_for_registration(*, on: date, province_code: str | None = None):
    """Facilities a card may name as first-registration place (cấp ban đầu or cấp cơ bản,
    Law 51/2024 Art. 26), contracted and accepting registrations (in one province, if named)."""
    facilities = MedicalFacility.objects.all()
    if province_code is not None:
        facilities = facilities.filter(province_id=province_code)
    return (
        facilities.filter(
            bhyt_contracted=True,
            accepts_initial_registration=True,
            level__in=[MedicalFacility.Level.PRIMARY, MedicalFacility.Level.BASIC],
        )
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("code")
    )
