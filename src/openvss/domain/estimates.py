"""Benefit estimates (DOMAIN.md §7.4–7.8): pure functions over a participation history and
the legal figures in force, each returning its worked breakdown with the article cited.

Integer đồng throughout. Year counting follows Law 41/2024 Art. 5 cl. 6: for amounts, leftover
months 1–6 count as half a year and 7–11 as a whole year; for eligibility only full years count.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .breakdown import Breakdown, Step, floor_dong, money, number, percent, round_dong
from .errors import N_, DomainError
from .months import Month


def benefit_years(months: int) -> Decimal:
    """12 → 1; 13..18 → 1,5; 19..23 → 2 (Law 41/2024 Art. 5 cl. 6)."""
    years, rest = divmod(max(months, 0), 12)
    if rest == 0:
        return Decimal(years)
    return Decimal(years) + (Decimal("0.5") if rest <= 6 else Decimal(1))


def years_text(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years} năm {rest} tháng" if rest else f"{years} năm"


@dataclass(frozen=True, slots=True)
class WagePeriod:
    """Months ``start``..``end`` (inclusive) paid on ``wage`` a month."""

    start: Month
    end: Month
    wage: int

    @property
    def months(self) -> int:
        return self.end.index - self.start.index + 1


@dataclass(frozen=True, slots=True)
class Adjustment:
    """Yearly salary-adjustment coefficients (hệ số điều chỉnh tiền lương), one table per
    year of settlement, e.g. Circular 20/2023/TT-BLĐTBXH for 2024."""

    coefficients: Mapping[int, Decimal]
    source: str = ""

    def for_year(self, year: int) -> Decimal:
        if not self.coefficients:
            return Decimal(1)
        first = min(self.coefficients)
        if year < first:
            return self.coefficients[first]  # the table's "before 1995" row
        return self.coefficients.get(year, Decimal(1))


def _split_by_year(period: WagePeriod):
    month = period.start
    while month.index <= period.end.index:
        last = min(period.end.index, Month(month.year, 12).index)
        count = last - month.index + 1
        yield month.year, month, count
        month = Month(month.year + 1, 1)


@dataclass(frozen=True, slots=True)
class Average:
    amount: int
    months: int
    adjusted_total: int
    steps: tuple[Step, ...]


def average_wage(
    periods: Sequence[WagePeriod], adjustment: Adjustment, *, cite: str = ""
) -> Average:
    """The average monthly wage, each month's wage times its year's coefficient (Law 41/2024
    Art. 72). Rounded down to the đồng, as the agency's worked examples show."""
    if not periods:
        raise DomainError(N_("Chưa có quá trình đóng bảo hiểm xã hội."), code="no_history")
    steps, total_months, total = [], 0, Decimal(0)
    for period in sorted(periods, key=lambda p: p.start.index):
        for year, first, count in _split_by_year(period):
            coefficient = adjustment.for_year(year)
            value = Decimal(period.wage) * count * coefficient
            total += value
            total_months += count
            last = Month.from_index(first.index + count - 1)
            steps.append(
                Step(
                    N_("Tiền lương đã điều chỉnh %(span)s"),
                    f"{money(period.wage)} × {count} tháng × {number(coefficient)} = {money(round_dong(value))}",
                    round_dong(value),
                    adjustment.source,
                    {"span": f"{first.month:02d}/{first.year}–{last.month:02d}/{last.year}"},
                )
            )
    amount = floor_dong(total / total_months)
    steps.append(
        Step(N_("Mức bình quân tiền lương tháng"),
             f"{money(round_dong(total))} : {total_months} tháng = {money(amount)}", amount, cite)
    )  # fmt: skip
    return Average(amount, total_months, round_dong(total), tuple(steps))


# --- BHXH một lần ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OneTimeRates:
    months_before: Decimal  # 1.5 months of average wage per year before ``split_year``
    months_after: Decimal  # 2 months per year from ``split_year``
    split_year: int = 2014
    under_year_rate: Decimal = Decimal("0.22")
    cite: str = ""
    average_cite: str = ""
    # The State's support for voluntary BHXH is not part of the amount (Law 58/2014 Art. 60
    # cl. 3; Law 41/2024 Art. 70 cl. 3, Art. 102 cl. 3): see ``one_time_less_support``.
    less_support: bool = True
    support_cite: str = ""


def one_time_bhxh(
    periods: Sequence[WagePeriod], adjustment: Adjustment, rates: OneTimeRates
) -> Breakdown:
    """BHXH một lần (Law 41/2024 Art. 70 cl. 2). Leftover months of the years before 2014
    are carried into the later part, as the agency settles it."""
    average = average_wage(periods, adjustment, cite=rates.average_cite)
    split = Month(rates.split_year, 1).index
    before = sum(max(0, min(p.end.index, split - 1) - p.start.index + 1) for p in periods)
    after = average.months - before
    steps = list(average.steps)
    if average.months < 12:
        contributed = round_dong(Decimal(average.adjusted_total) * rates.under_year_rate)
        cap = average.amount * 2
        total = min(contributed, cap)
        steps.append(Step(N_("Dưới 1 năm: số tiền đã đóng, tối đa 2 tháng bình quân"),
                          f"min({percent(rates.under_year_rate)} × {money(average.adjusted_total)}; 2 × "
                          f"{money(average.amount)}) = {money(total)}", total, rates.cite))  # fmt: skip
        return Breakdown(total, tuple(steps), {"average": average.amount, "months": average.months})
    years_before = Decimal(before // 12)
    years_after = benefit_years(after + before % 12)
    part_before = round_dong(average.amount * years_before * rates.months_before)
    part_after = round_dong(average.amount * years_after * rates.months_after)
    total = part_before + part_after
    steps += [
        Step(N_("Thời gian đóng"), f"{years_text(average.months)}: trước {rates.split_year} {number(years_before)} năm, "
             f"từ {rates.split_year} {number(years_after)} năm", None, "Luật BHXH 41/2024/QH15, Điều 5 khoản 6"),
        Step(N_("Phần trước năm %(year)s"),
             f"{number(rates.months_before)} × {money(average.amount)} × {number(years_before)} năm = {money(part_before)}",
             part_before, rates.cite, {"year": rates.split_year}),
        Step(N_("Phần từ năm %(year)s"),
             f"{number(rates.months_after)} × {money(average.amount)} × {number(years_after)} năm = {money(part_after)}",
             part_after, rates.cite, {"year": rates.split_year}),
        Step(N_("Mức hưởng BHXH một lần"), f"{money(part_before)} + {money(part_after)} = {money(total)}", total),
    ]  # fmt: skip
    return Breakdown(total, tuple(steps), {"average": average.amount, "months": average.months,
                                           "years_before": number(years_before), "years_after": number(years_after)})  # fmt: skip


# --- Số tiền Nhà nước hỗ trợ đóng BHXH tự nguyện, trừ khỏi BHXH một lần ------------------


@dataclass(frozen=True, slots=True)
class SupportRun:
    """Voluntary months ``start``..``end`` (inclusive) over which the State's support stayed
    the same: ``ratio`` (the share for the person's category) of ``rate`` (22%) × ``floor``
    (the rural poverty line), each as in force in those months. ``ratio`` 0: no support was
    in force (voluntary BHXH before 1/1/2018)."""

    start: Month
    end: Month
    rate: Decimal
    floor: int
    ratio: Decimal
    cite: str = ""

    @property
    def months(self) -> int:
        return self.end.index - self.start.index + 1

    @property
    def monthly(self) -> int:
        return round_dong(Decimal(self.floor) * self.rate * self.ratio)


@dataclass(frozen=True, slots=True)
class SupportCap:
    """The State supports at most ``months`` months counted from ``since`` (Decree 159/2025
    Art. 5: 10 years, from 1/7/2025); later voluntary months get nothing."""

    since: Month
    months: int
    cite: str = ""


@dataclass(frozen=True, slots=True)
class RecordedSupport:
    """Voluntary months ``start``..``end`` (inclusive) whose support was recorded when they
    were paid (an order paid through the app): ``amount`` đồng for them all, the same every
    month; 0 for months paid once for the missing years, which the State does not support
    (Law 41/2024 Art. 36 cl. 2(e)). Taken as it is, never recomputed."""

    start: Month
    end: Month
    amount: int

    @property
    def months(self) -> int:
        return self.end.index - self.start.index + 1


def _span(start: Month, end: Month) -> str:
    return f"{start}–{end}"


def _merge_recorded(recorded: Sequence[RecordedSupport]) -> list[RecordedSupport]:
    """Adjacent recorded months at the same support a month as one run (a year paid month by
    month is one step, not twelve)."""
    merged: list[RecordedSupport] = []
    for item in sorted(recorded, key=lambda r: r.start.index):
        last = merged[-1] if merged else None
        if (last is not None and last.end.index + 1 == item.start.index
                and last.amount * item.months == item.amount * last.months):  # fmt: skip
            merged[-1] = RecordedSupport(last.start, item.end, last.amount + item.amount)
        else:
            merged.append(item)
    return merged


def _recorded_formula(item: RecordedSupport) -> str:
    if item.amount % item.months == 0:
        monthly = item.amount // item.months
        return f"{money(monthly)} × {item.months} tháng = {money(item.amount)}"
    return f"{item.months} tháng: {money(item.amount)}"


def voluntary_support(
    runs: Sequence[SupportRun],
    *,
    cap: SupportCap | None = None,
    recorded: Sequence[RecordedSupport] = (),
) -> tuple[int, tuple[Step, ...]]:
    """The support the State paid for the voluntary months: Σ over the months of
    22% × the rural poverty line of the month × the support ratio of the month (Circular
    59/2015/TT-BLĐTBXH Art. 19 cl. 3), as the total and one step per run of months.
    ``recorded``: months whose support was recorded when paid, taken as recorded (they are
    labelled so, and the computed runs then say they are estimated); their supported months
    count towards ``cap`` in calendar order like the computed ones."""
    total, steps, counted = 0, [], 0
    items = sorted([*runs, *_merge_recorded(recorded)], key=lambda r: r.start.index)
    estimated = (
        N_("Nhà nước hỗ trợ %(span)s (ước tính)") if recorded else N_("Nhà nước hỗ trợ %(span)s")
    )
    for run in items:
        if isinstance(run, RecordedSupport):
            if cap is not None and run.amount > 0:
                counted += max(0, run.end.index - max(run.start.index, cap.since.index) + 1)
            total += run.amount
            steps.append(Step(N_("Nhà nước hỗ trợ %(span)s (đã ghi nhận khi đóng)"), _recorded_formula(run),
                              run.amount, "", {"span": _span(run.start, run.end)}))  # fmt: skip
            continue
        if run.ratio <= 0:
            steps.append(Step(N_("Tháng đóng chưa được Nhà nước hỗ trợ %(span)s"),
                              f"{run.months} tháng × 0 đ = 0 đ", 0, run.cite,
                              {"span": _span(run.start, run.end)}))  # fmt: skip
            continue
        supported = run.months
        if cap is not None:
            capped_months = max(0, run.end.index - max(run.start.index, cap.since.index) + 1)
            allowed = max(0, cap.months - counted)
            refused = max(0, capped_months - allowed)
            counted += capped_months - refused
            supported -= refused
        amount = run.monthly * supported
        total += amount
        steps.append(Step(
            estimated,
            f"{percent(run.ratio)} × {percent(run.rate)} × {money(run.floor)} = {money(run.monthly)}; "
            f"{money(run.monthly)} × {supported} tháng = {money(amount)}",
            amount, run.cite, {"span": _span(run.start, run.end)},
        ))  # fmt: skip
        if supported < run.months:
            steps.append(Step(N_("Vượt quá %(max)s tháng được Nhà nước hỗ trợ"),
                              f"{run.months - supported} tháng × 0 đ = 0 đ", 0, cap.cite,
                              {"max": cap.months}))  # fmt: skip
    paid = [s.amount for s in steps if s.amount]
    if len(paid) > 1:
        steps.append(Step(N_("Tổng số tiền Nhà nước đã hỗ trợ"),
                          f"{' + '.join(money(a) for a in paid)} = {money(total)}", total))  # fmt: skip
    return total, tuple(steps)


def one_time_less_support(
    one_time: Breakdown,
    runs: Sequence[SupportRun],
    *,
    cite: str,
    cap: SupportCap | None = None,
    exempt: bool = False,
    recorded: Sequence[RecordedSupport] = (),
) -> Breakdown:
    """BHXH một lần without the State's support for voluntary BHXH: the amount is computed as
    if nothing had been supported (``one_time_bhxh``), then the support is taken off, never
    below 0 (Law 58/2014 Art. 60 cl. 3 and Circular 59/2015 Art. 19 cl. 3; Law 41/2024 Art. 70
    cl. 3, Art. 102 cl. 3). ``exempt``: the benefit is paid for a grave illness or a loss of
    working capacity of 81% or more, and the support stays in (Law 41/2024 Art. 70 cl. 4).
    ``runs`` are computed from the dated figures (months whose support is not known),
    ``recorded`` the months whose support was recorded when paid (see ``voluntary_support``).
    No voluntary months: the breakdown is returned as it was."""
    if not runs and not recorded:
        return one_time
    support, steps = voluntary_support(runs, cap=cap, recorded=recorded)
    support_recorded = sum(r.amount for r in recorded)
    gross = one_time.total
    if exempt:
        total = gross
        last = Step(N_("Không trừ số tiền Nhà nước hỗ trợ đóng BHXH tự nguyện"),
                    f"{money(gross)} (không trừ {money(support)})", total, cite)  # fmt: skip
    else:
        total = max(0, gross - support)
        formula = f"{money(gross)} − {money(support)} = {money(total)}"
        if gross < support:
            formula = f"max(0; {money(gross)} − {money(support)}) = {money(total)}"
        last = Step(N_("Trừ số tiền Nhà nước hỗ trợ đóng BHXH tự nguyện"), formula, total, cite)
    facts = {**one_time.facts, "before_support": gross, "state_support": support,
             "state_support_recorded": support_recorded,
             "state_support_estimated": support - support_recorded,
             "voluntary_months": sum(r.months for r in runs) + sum(r.months for r in recorded),
             "recorded_months": sum(r.months for r in recorded)}  # fmt: skip
    return Breakdown(total, (*one_time.steps, *steps, last), facts)


# --- Lương hưu ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PensionRates:
    base_rate: Decimal  # 45%
    step: Decimal  # +2% a year
    ceiling: Decimal  # 75%
    female_years: int  # 15
    male_years: int  # 20
    male_short_years: int | None  # 15 under Law 41/2024; None before (men needed 20 years)
    male_short_rate: Decimal = Decimal("0.40")
    male_short_step: Decimal = Decimal("0.01")
    early_reduction: Decimal = Decimal("0.02")  # a whole year early
    early_half_reduction: Decimal = Decimal(
        "0.01"
    )  # 6 to 11 leftover months (Law 41/2024 Art. 66 cl. 3)
    cite: str = ""
    average_cite: str = ""


def pension_rate(
    *, sex: int, months: int, rates: PensionRates, early_years: int = 0, early_months: int = 0
) -> tuple[Decimal, str]:
    """The pension rate and how it was reached. Sex 1 = male, 2 = female. Retiring early
    (``early_years`` whole years plus ``early_months``) takes 2% a whole year, and 1% more
    for 6 to 11 leftover months; fewer than 6 take nothing (Law 41/2024 Art. 66 cl. 3)."""
    full_years = months // 12
    years = benefit_years(months)
    if sex == 2:
        if full_years < rates.female_years:
            raise DomainError(
                N_("Chưa đủ số năm đóng để hưởng lương hưu."), code="pension_not_eligible"
            )
        rate = rates.base_rate + rates.step * (years - rates.female_years)
        how = f"{percent(rates.base_rate)} + {percent(rates.step)} × ({number(years)} − {rates.female_years})"
    elif full_years >= rates.male_years:
        rate = rates.base_rate + rates.step * (years - rates.male_years)
        how = f"{percent(rates.base_rate)} + {percent(rates.step)} × ({number(years)} − {rates.male_years})"
    elif rates.male_short_years is not None and full_years >= rates.male_short_years:
        rate = rates.male_short_rate + rates.male_short_step * (years - rates.male_short_years)
        how = f"{percent(rates.male_short_rate)} + {percent(rates.male_short_step)} × ({number(years)} − {rates.male_short_years})"
    else:
        raise DomainError(
            N_("Chưa đủ số năm đóng để hưởng lương hưu."), code="pension_not_eligible"
        )
    rate = min(rate, rates.ceiling)
    early_years, leftover = divmod(max(0, early_years) * 12 + max(0, early_months), 12)
    if early_years > 0:
        rate -= rates.early_reduction * early_years
        how += f" − {percent(rates.early_reduction)} × {early_years}"
    if leftover >= 6:
        rate -= rates.early_half_reduction
        how += f" − {percent(rates.early_half_reduction)}"
    return max(Decimal(0), rate), how


def pension(*, sex: int, periods: Sequence[WagePeriod], adjustment: Adjustment, rates: PensionRates,
            early_years: int = 0, early_months: int = 0) -> Breakdown:  # fmt: skip
    """Monthly pension (Law 41/2024 Arts 64, 66): rate × average adjusted wage, capped at 75%."""
    average = average_wage(periods, adjustment, cite=rates.average_cite)
    rate, how = pension_rate(sex=sex, months=average.months, rates=rates, early_years=early_years,
                             early_months=early_months)  # fmt: skip
    total = round_dong(rate * average.amount)
    steps = [
        *average.steps,
        Step(N_("Thời gian đóng"), f"{years_text(average.months)} = {number(benefit_years(average.months))} năm", None,
             "Luật BHXH 41/2024/QH15, Điều 5 khoản 6"),
        Step(N_("Tỷ lệ hưởng (tối đa %(ceiling)s)"), f"{how} = {percent(rate)}", None, rates.cite,
             {"ceiling": percent(rates.ceiling)}),
        Step(N_("Lương hưu hằng tháng"), f"{percent(rate)} × {money(average.amount)} = {money(total)}", total,
             rates.cite),
    ]  # fmt: skip
    return Breakdown(
        total,
        tuple(steps),
        {"rate": percent(rate), "average": average.amount, "months": average.months},
    )


# --- Trợ cấp thất nghiệp -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnemploymentRates:
    rate: Decimal  # 60%
    cap_multiple: int  # 5 × regional minimum wage
    min_months: int = 12
    base_months: int = 3  # for 12–36 months paid
    base_upto: int = 36
    step_months: int = 12  # +1 month of benefit per further 12 months paid
    max_months: int = 12
    cite: str = ""


def unemployment(
    *,
    months_paid: int,
    average_wage: int,
    regional_min_wage: int,
    rates: UnemploymentRates,
    months_in_window: int | None = None,
) -> Breakdown:
    """Unemployment benefit (Law 74/2025; Law 38/2013 before 2026). ``months_in_window``:
    months paid in the 24 months before the contract ended (eligibility needs 12)."""
    if months_paid < rates.min_months:
        raise DomainError(N_("Chưa đủ 12 tháng đóng bảo hiểm thất nghiệp."), code="ui_not_eligible")
    if months_in_window is not None and months_in_window < rates.min_months:
        raise DomainError(
            N_("Chưa đủ 12 tháng đóng bảo hiểm thất nghiệp trong 24 tháng trước khi nghỉ việc."),
            code="ui_not_eligible",
        )
    raw = round_dong(Decimal(average_wage) * rates.rate)
    cap = regional_min_wage * rates.cap_multiple
    monthly = min(raw, cap)
    duration = min(
        rates.base_months + max(0, months_paid - rates.base_upto) // rates.step_months,
        rates.max_months,
    )
    total = monthly * duration
    steps = (
        Step(N_("60% bình quân tiền lương 6 tháng liền kề"), f"{percent(rates.rate)} × {money(average_wage)} = {money(raw)}",
             raw, rates.cite),
        Step(N_("Mức trần: %(n)s lần lương tối thiểu vùng"), f"{rates.cap_multiple} × {money(regional_min_wage)} = {money(cap)}",
             cap, rates.cite, {"n": rates.cap_multiple}),
        Step(N_("Mức hưởng hằng tháng"), f"min({money(raw)}; {money(cap)}) = {money(monthly)}", monthly, rates.cite),
        Step(N_("Số tháng hưởng"), f"{rates.base_months} + ({months_paid} − {rates.base_upto}) : {rates.step_months} "
             f"= {duration} tháng (tối đa {rates.max_months})" if months_paid > rates.base_upto
             else f"{months_paid} tháng đóng → {duration} tháng", None, rates.cite),
        Step(N_("Tổng trợ cấp"), f"{money(monthly)} × {duration} tháng = {money(total)}", total),
    )  # fmt: skip
    return Breakdown(total, steps, {"monthly": monthly, "months": duration})


# --- Thai sản ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MaternityRates:
    rate: Decimal  # 100% of the average of the last 6 months
    leave_months: int  # 6 for one child
    extra_months_per_child: int  # +1 from the second child of the same birth
    lump_multiple: int  # 2 × reference level per child
    min_months: int = 6  # paid in the 12 months before the birth
    # Law 41/2024 Art. 50 cl. 3: with 12 months paid in all, a woman who had to stop work on
    # medical advice during the pregnancy needs only 3 of the 12 months before the birth.
    min_months_pregnancy_leave: int = 3
    paid_before_pregnancy_leave: int = 12
    cite: str = ""
    lump_cite: str = ""


def average_of_last(
    wages: Mapping[int, int], day: date, months: int, *, with_month_of_day: bool = False
) -> tuple[int, int]:
    """The average wage of the last ``months`` paid before ``day`` (through ``day``'s own month
    when ``with_month_of_day``: a contract ending on ``day`` counts its last month if paid),
    and how many were paid in the 12 months up to it."""
    end = Month.of(day).index + (1 if with_month_of_day else 0)
    before = [i for i in sorted(wages) if i < end]
    last = before[-months:]
    if not last:
        return 0, 0
    in_last_12 = sum(1 for i in before if i >= end - 12)
    return sum(wages[i] for i in last) // len(last), in_last_12


@dataclass(frozen=True, slots=True)
class MaternityBasis:
    average: int  # of the last 6 months paid (fewer if fewer were paid)
    months_in_window: int  # months paid in the 12 months before the birth
    window: tuple[Month, Month]
    basis: tuple[Month, ...]


def maternity_basis(*, birth: date, wages: Mapping[int, int]) -> MaternityBasis:
    """The 12 months before the birth and the 6 months averaged, as the agency counts them:
    the birth month is inside both when the child is born on or after the 15th and that month
    was paid; otherwise the window ends the month before (Circular 59/2015/TT-BLĐTBXH,
    examples 1, 2, 4 and 5 of the maternity chapter). ``wages``: month index → wage paid."""
    born = Month(birth.year, birth.month).index
    last = born if birth.day >= 15 and born in wages else born - 1
    in_window = sum(1 for i in wages if last - 11 <= i <= last)
    basis = sorted(i for i in wages if i <= last)[-6:]
    average = sum(wages[i] for i in basis) // len(basis) if basis else 0
    return MaternityBasis(average, in_window, (Month.from_index(last - 11), Month.from_index(last)),
                          tuple(Month.from_index(i) for i in basis))  # fmt: skip


def maternity(*, average_wage: int, reference_level: int, children: int, months_in_last_12: int,
              rates: MaternityRates, pregnancy_leave: bool = False, months_paid: int = 0) -> Breakdown:  # fmt: skip
    if children < 1:
        raise DomainError(
            N_("Số con phải từ 1 trở lên."), code="invalid_children", field="children"
        )
    needed = rates.min_months
    if pregnancy_leave and months_paid >= rates.paid_before_pregnancy_leave:
        needed = rates.min_months_pregnancy_leave
    if months_in_last_12 < needed:
        raise DomainError(
            N_("Chưa đủ số tháng đóng trong 12 tháng trước khi sinh để hưởng chế độ thai sản."),
            code="maternity_not_eligible",
        )
    monthly = round_dong(Decimal(average_wage) * rates.rate)
    leave = rates.leave_months + rates.extra_months_per_child * (children - 1)
    leave_total = monthly * leave
    lump = reference_level * rates.lump_multiple * children
    total = leave_total + lump
    steps = (
        Step(N_("Mức hưởng một tháng"), f"{percent(rates.rate)} × {money(average_wage)} = {money(monthly)}", monthly, rates.cite),
        Step(N_("Thời gian nghỉ sinh con"), f"{rates.leave_months} + {rates.extra_months_per_child} × ({children} − 1) = {leave} tháng",
             None, rates.cite),
        Step(N_("Tiền thai sản khi nghỉ sinh"), f"{money(monthly)} × {leave} tháng = {money(leave_total)}", leave_total, rates.cite),
        Step(N_("Trợ cấp một lần khi sinh con"), f"{rates.lump_multiple} × {money(reference_level)} × {children} con = {money(lump)}",
             lump, rates.lump_cite),
        Step(N_("Tổng cộng"), f"{money(leave_total)} + {money(lump)} = {money(total)}", total),
    )  # fmt: skip
    return Breakdown(total, steps, {"monthly": monthly, "leave_months": leave, "lump_sum": lump})


# --- Ốm đau ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SicknessRates:
    rate: Decimal  # 75%
    days_per_month: int  # 24
    # (years paid below which, normal days, heavy-work days); the last row has None.
    entitlements: tuple[tuple[int | None, int, int], ...] = (
        (15, 30, 40),
        (30, 40, 50),
        (None, 60, 70),
    )
    cite: str = ""
    days_cite: str = ""


def sickness_days_allowed(*, months_paid: int, heavy_work: bool, rates: SicknessRates) -> int:
    years = months_paid // 12
    for below, normal, heavy in rates.entitlements:
        if below is None or years < below:
            return heavy if heavy_work else normal
    raise AssertionError("the last entitlement row has no bound")  # pragma: no cover


def sickness(
    *,
    wage: int,
    days: int,
    months_paid: int,
    rates: SicknessRates,
    heavy_work: bool = False,
    days_used: int = 0,
) -> Breakdown:
    """Sickness benefit for ``days`` working days off. The yearly days depend on the years paid
    and on the work done when the illness starts; ``days_used`` were already paid this year."""
    if days < 1:
        raise DomainError(N_("Số ngày nghỉ phải từ 1 trở lên."), code="invalid_days", field="days")
    allowed = sickness_days_allowed(months_paid=months_paid, heavy_work=heavy_work, rates=rates)
    left = max(0, allowed - max(0, days_used))
    paid_days = min(days, left)
    daily = Decimal(wage) * rates.rate / rates.days_per_month
    total = round_dong(daily * paid_days)
    used = f"đã hưởng {days_used} ngày, còn {left} ngày; " if days_used else ""
    steps = (
        Step(N_("Số ngày được hưởng trong năm"), f"{years_text(months_paid)} đóng → tối đa {allowed} ngày; {used}"
             f"nghỉ {days} ngày → hưởng {paid_days} ngày", None, rates.days_cite),
        Step(N_("Mức hưởng ốm đau"), f"{money(wage)} : {rates.days_per_month} × {percent(rates.rate)} × {paid_days} ngày = {money(total)}",
             total, rates.cite),
    )  # fmt: skip
    return Breakdown(total, steps, {"days": paid_days, "allowed_days": allowed, "days_left": left})


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


# --- Tuổi nghỉ hưu -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RetirementAges:
    """Labour Code 2019 Art. 169 cl. 2 and Decree 135/2020 Art. 4, in months of age: reached
    before 2021 at ``before``; in 2021 at ``first``, ``step`` more each later year, up to ``last``."""

    before: int
    first: int
    step: int
    last: int
    first_year: int = 2021
    cite: str = ""


def retirement_month(*, birth: date, ages: RetirementAges) -> Month:
    """The month a person reaches retirement age in normal working conditions: the required
    age is the one of the year in which it is reached (so a man born 10/1961 misses 60 years
    3 months in 2021 and retires at 60 years 6 months in 04/2022, as Decree 135/2020's table)."""
    born = Month(birth.year, birth.month)
    if (born + ages.before).year < ages.first_year:
        return born + ages.before
    year = ages.first_year
    while True:
        required = min(ages.first + ages.step * (year - ages.first_year), ages.last)
        reached = born + required
        if reached.year <= year:
            return reached
        year += 1
