"""Benefit estimates from a person's own participation history, with "what if" inputs
(another date, more months at another salary). The same function backs the page and the
API: ``estimate(kind=..., person=..., inputs=...)``."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from openvss.domain import estimates as calc
from openvss.domain.breakdown import Breakdown
from openvss.domain.errors import N_, DomainError
from openvss.domain.months import Month
from openvss.legal import selectors as legal
from openvss.people.models import Person, Scheme
from openvss.people.selectors import month_wages, voluntary_periods

KINDS = {
    "bhxh-mot-lan": N_("BHXH một lần"),
    "luong-huu": N_("Lương hưu hằng tháng"),
    "that-nghiep": N_("Trợ cấp thất nghiệp"),
    "thai-san": N_("Chế độ thai sản"),
    "om-dau": N_("Chế độ ốm đau"),
}


@dataclass
class Inputs:
    """What the citizen may change. ``None`` means "from my history"."""

    day: date | None = None  # settlement, retirement, birth or sick-leave date
    extra_months: int = 0  # months still to pay before ``day``
    wage: int | None = None  # wage for those months (or the average to use)
    region: int = 1
    children: int = 1
    days: int = 5
    heavy_work: bool = False
    early_years: int = 0
    days_used: int = 0  # sick days already paid this year
    pregnancy_leave: bool = False  # stopped work on medical advice during the pregnancy
    # BHXH một lần: the State's support for the voluntary months whose support the history
    # does not record follows the person's category (months paid through the app record what
    # was deducted), and is kept in for a grave illness (Art. 70 cl. 4).
    category: str = "other"  # poor | near_poor | ethnic | other
    serious_illness: bool = False


def to_periods(wages: dict[int, int]) -> list[calc.WagePeriod]:
    periods: list[calc.WagePeriod] = []
    for index in sorted(wages):
        wage = wages[index]
        last = periods[-1] if periods else None
        if last is not None and last.end.index == index - 1 and last.wage == wage:
            periods[-1] = calc.WagePeriod(last.start, Month.from_index(index), wage)
        else:
            periods.append(calc.WagePeriod(Month.from_index(index), Month.from_index(index), wage))
    return periods


def _with_extra(wages: dict[int, int], inputs: Inputs, day: date) -> dict[int, int]:
    """Add ``extra_months`` at ``wage`` (default: the last wage) ending the month before ``day``."""
    if inputs.extra_months <= 0:
        return wages
    wage = inputs.wage or (wages[max(wages)] if wages else 0)
    if wage <= 0:
        raise DomainError(
            N_("Nhập mức tiền lương cho các tháng đóng thêm."), code="wage_required", field="wage"
        )
    end = Month.of(day).index - 1
    start = max(
        end - inputs.extra_months + 1, (max(wages) + 1) if wages else end - inputs.extra_months + 1
    )
    return {**wages, **{i: wage for i in range(start, end + 1)}}


def _runs_of(months: list[int]) -> list[tuple[int, int]]:
    """Sorted month indexes as (first, last) runs of consecutive months."""
    runs: list[tuple[int, int]] = []
    for index in months:
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def voluntary_split(
    periods: list[tuple[int, int, int | None]], counted: set[int]
) -> tuple[set[int], list[calc.RecordedSupport]]:
    """The counted voluntary months whose State support is not known (to compute from the
    dated figures), and the support recorded for the others. A recorded row counts before
    an unknown one for the same month, and each month once. A row counted only in part
    (months from the settlement date on are not counted) gives its months' share: its
    support is the same every month (payments.services._voluntary_record)."""
    recorded: list[calc.RecordedSupport] = []
    taken: set[int] = set()
    for first, last, support in periods:
        if support is None:
            continue
        months = [i for i in range(first, last + 1) if i in counted and i not in taken]
        taken.update(months)
        size = last - first + 1
        for start, end in _runs_of(months):
            n = end - start + 1
            amount = support if n == size else support * n // size
            recorded.append(
                calc.RecordedSupport(Month.from_index(start), Month.from_index(end), amount)
            )
    unknown = {
        i
        for first, last, support in periods
        if support is None
        for i in range(first, last + 1)
        if i in counted and i not in taken
    }
    return unknown, recorded


def _one_time(person, periods, adjustment, inputs: Inputs, day: date, *, counted) -> Breakdown:
    """BHXH một lần less what the State paid towards the voluntary months counted in it
    (none for a compulsory-only history; the what-if months are not taken as voluntary):
    as recorded when the months were paid through the app, computed from the dated figures
    and the chosen category for the months whose support is not known."""
    rates = legal.one_time_rates_on(day)
    breakdown = calc.one_time_bhxh(periods, adjustment, rates)
    if not rates.less_support:
        return breakdown
    unknown, recorded = voluntary_split(voluntary_periods(person=person), set(counted))
    runs, cap = legal.voluntary_support_runs(unknown, inputs.category, day)
    return calc.one_time_less_support(breakdown, runs, cite=rates.support_cite, cap=cap,
                                      exempt=inputs.serious_illness, recorded=recorded)  # fmt: skip


def estimate(*, kind: str, person: Person, inputs: Inputs) -> Breakdown:
    if kind not in KINDS:
        raise DomainError(N_("Loại ước tính không hợp lệ."), code="invalid_kind", field="kind")
    day = inputs.day or timezone.localdate()
    if kind in ("bhxh-mot-lan", "luong-huu"):
        wages = _with_extra(month_wages(person=person, scheme=Scheme.BHXH), inputs, day)
        wages = {i: w for i, w in wages.items() if i < Month.of(day).index}
        periods = to_periods(wages)
        adjustment = legal.salary_adjustment_on(day)
        if kind == "bhxh-mot-lan":
            return _one_time(person, periods, adjustment, inputs, day, counted=wages.keys())
        return calc.pension(sex=person.sex, periods=periods, adjustment=adjustment, rates=legal.pension_rates_on(day),
                            early_years=max(0, inputs.early_years))  # fmt: skip
    if kind == "that-nghiep":
        wages = _with_extra(month_wages(person=person, scheme=Scheme.BHTN), inputs, day)
        # ``day`` is the day the contract ended: its month counts when BHTN was paid for it
        # (Circular 28/2015/TT-BLĐTBXH Art. 8 cl. 1, example 2).
        average, _ = calc.average_of_last(wages, day, 6, with_month_of_day=True)
        rates, minimum = legal.unemployment_rates_on(day, inputs.region)
        months_paid = sum(1 for i in wages if i <= Month.of(day).index)
        # 12 of the 24 months up to the last month paid must be paid (Law 74/2025).
        before = [i for i in wages if i <= Month.of(day).index]
        window = sum(1 for i in before if i > max(before) - 24) if before else 0
        return calc.unemployment(months_in_window=window, months_paid=months_paid, average_wage=inputs.wage or average,
                                 regional_min_wage=minimum, rates=rates)  # fmt: skip
    wages = _with_extra(month_wages(person=person, scheme=Scheme.BHXH), inputs, day)
    if kind == "thai-san":
        basis = calc.maternity_basis(birth=day, wages=wages)
        rates, reference = legal.maternity_rates_on(day)
        return calc.maternity(average_wage=inputs.wage or basis.average, reference_level=reference,
                              children=inputs.children, months_in_last_12=basis.months_in_window, rates=rates,
                              pregnancy_leave=inputs.pregnancy_leave,
                              months_paid=sum(1 for i in wages if i <= basis.window[1].index))  # fmt: skip
    last_wage, _ = calc.average_of_last(wages, day, 1)
    months_paid = sum(1 for i in wages if i < Month.of(day).index)
    return calc.sickness(wage=inputs.wage or last_wage, days=inputs.days, months_paid=months_paid,
                         rates=legal.sickness_rates_on(day), heavy_work=inputs.heavy_work,
                         days_used=max(0, inputs.days_used))  # fmt: skip
