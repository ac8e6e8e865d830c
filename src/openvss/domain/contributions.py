"""What a household or a voluntary participant pays (DOMAIN.md §7.10): pure functions, the
legal figures passed in, integer đồng, each with its worked breakdown."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .breakdown import Breakdown, Step, money, number, percent, round_dong
from .errors import N_, DomainError


@dataclass(frozen=True, slots=True)
class HouseholdRates:
    """Law on HI Art. 13; Decree 146/2018 Art. 7 (kept by Decree 188/2025): the first member
    pays ``first_rate`` of the base salary a month, the 2nd, 3rd, 4th and 5th-onward members
    ``ratios[0..3]`` of the first member's amount."""

    first_rate: Decimal
    ratios: tuple[Decimal, Decimal, Decimal, Decimal]
    allowed_months: tuple[int, ...] = (3, 6, 12)
    cite: str = ""

    def ratio(self, position: int) -> Decimal:
        if position <= 1:
            return Decimal(1)
        return self.ratios[min(position, 5) - 2]


def household_bhyt(
    *, members: int, months: int, base_salary: int, rates: HouseholdRates
) -> Breakdown:
    """Household BHYT for ``members`` people (already-covered members excluded by the caller)
    over ``months``, at the base salary in force on the payment date."""
    if members < 1:
        raise DomainError(
            N_("Chọn ít nhất một thành viên để đóng BHYT."), code="no_members", field="members"
        )
    if months not in rates.allowed_months:
        raise DomainError(N_("Số tháng đóng không hợp lệ."), code="invalid_months", field="months")
    steps, lines = [], []
    first_month = Decimal(base_salary) * rates.first_rate
    for position in range(1, members + 1):
        ratio = rates.ratio(position)
        amount = round_dong(first_month * ratio * months)
        lines.append(amount)
        head = "" if ratio == 1 else f"{percent(ratio)} × "
        steps.append(
            Step(
                label=N_("Người thứ %(n)s"),
                params={"n": position},
                formula=f"{head}{percent(rates.first_rate)} × {money(base_salary)} × {months} tháng = {money(amount)}",
                amount=amount,
                cite=rates.cite,
            )
        )
    total = sum(lines)
    steps.append(
        Step(label=N_("Tổng số tiền phải đóng"), formula=" + ".join(money(a) for a in lines) + f" = {money(total)}",
             amount=total)
    )  # fmt: skip
    return Breakdown(total=total, steps=tuple(steps), facts={"lines": lines, "months": months,
                                                             "base_salary": base_salary})  # fmt: skip


@dataclass(frozen=True, slots=True)
class VoluntaryRates:
    """Law 41/2024 Art. 36 and Decree 159/2025: ``rate`` of a chosen monthly income between
    ``floor`` (the rural poverty line) and ``ceiling`` (20 × the reference level); the State
    supports ``support_ratio`` of ``rate`` × ``floor`` a month for at most ``support_max_months``."""

    rate: Decimal
    floor: int
    ceiling: int
    support_ratio: Decimal
    support_max_months: int
    allowed_months: tuple[int, ...] = (1, 3, 6, 12)
    cite: str = ""
    support_cite: str = ""


def voluntary_bhxh(
    *, income: int, months: int, rates: VoluntaryRates, supported_months_used: int = 0
) -> Breakdown:
    """Voluntary BHXH for ``months`` at ``income`` a month, less the State's support."""
    monthly = _check_income(income, rates)
    if months not in rates.allowed_months:
        raise DomainError(
            N_("Phương thức đóng không hợp lệ."), code="invalid_months", field="months"
        )
    support = round_dong(Decimal(rates.floor) * rates.rate * rates.support_ratio)
    supported = max(0, min(months, rates.support_max_months - supported_months_used))
    if rates.support_ratio <= 0:
        supported = 0
    gross = monthly * months
    support_total = support * supported
    total = gross - support_total
    steps = [
        Step(N_("Mức đóng hằng tháng"), f"{percent(rates.rate)} × {money(income)} = {money(monthly)}", monthly,
             rates.cite),
        Step(N_("Số tiền đóng cho cả kỳ"), f"{money(monthly)} × {months} tháng = {money(gross)}", gross, rates.cite),
        Step(N_("Nhà nước hỗ trợ mỗi tháng"),
             f"{percent(rates.support_ratio)} × {percent(rates.rate)} × {money(rates.floor)} = {money(support)}",
             support, rates.support_cite),
        Step(N_("Nhà nước hỗ trợ cả kỳ"), f"{money(support)} × {supported} tháng = {money(support_total)}",
             support_total, rates.support_cite),
        Step(N_("Số tiền phải đóng"), f"{money(gross)} − {money(support_total)} = {money(total)}", total),
    ]  # fmt: skip
    return Breakdown(
        total=total,
        steps=tuple(steps),
        facts={"monthly": monthly, "support_monthly": support, "supported_months": supported,
               "months": months, "income": income, "rate": number(rates.rate)},
    )  # fmt: skip


def voluntary_allowed_months(rates: VoluntaryRates) -> Sequence[int]:
    return rates.allowed_months


@dataclass(frozen=True, slots=True)
class LumpSumRates:
    """Paying voluntary BHXH in one go (Law 41/2024 Art. 36 cl. 2(đ)(e); Decree 159/2025 Arts 6,
    7): ``min_years``..``max_years`` ahead, discounted at ``monthly_rate`` (the fund's average
    monthly investment return of the previous year, published by BHXH Việt Nam); or at most
    ``missing_max_months`` still missing for a pension, compounded at the same rate."""

    monthly_rate: Decimal
    min_years: int
    max_years: int
    missing_max_months: int
    cite: str = ""
    missing_cite: str = ""
    rate_cite: str = ""


def _check_income(income: int, rates: VoluntaryRates) -> int:
    if not rates.floor <= income <= rates.ceiling:
        raise DomainError(
            N_("Mức thu nhập phải nằm trong khoảng mức tối thiểu và tối đa theo quy định."),
            code="income_out_of_range", field="income",
        )  # fmt: skip
    return round_dong(Decimal(income) * rates.rate)


def voluntary_bhxh_ahead(
    *,
    income: int,
    years: int,
    rates: VoluntaryRates,
    lump: LumpSumRates,
    supported_months_used: int = 0,
) -> Breakdown:
    """Voluntary BHXH paid once for ``years`` ahead (Decree 159/2025 Art. 6): each month's 22%
    discounted to today, Σ m : (1 + r)^(i−1) for i = 1…12·years, less the State's support for
    the supported months, which the State pays undiscounted on the participant's behalf."""
    monthly = _check_income(income, rates)
    if not lump.min_years <= years <= lump.max_years:
        raise DomainError(
            N_("Số năm đóng trước không hợp lệ (đóng một lần cho nhiều năm về sau, tối đa 5 năm)."),
            code="invalid_years", field="months",
        )  # fmt: skip
    months = years * 12
    one = Decimal(1) + lump.monthly_rate
    factor = sum((Decimal(1) / one**i for i in range(months)), Decimal(0))
    discounted = round_dong(Decimal(monthly) * factor)
    gross = monthly * months
    support = round_dong(Decimal(rates.floor) * rates.rate * rates.support_ratio)
    supported = (
        0
        if rates.support_ratio <= 0
        else max(0, min(months, rates.support_max_months - supported_months_used))
    )
    support_total = support * supported
    total = discounted - support_total
    r = percent(lump.monthly_rate)
    steps = [
        Step(N_("Mức đóng hằng tháng"), f"{percent(rates.rate)} × {money(income)} = {money(monthly)}", monthly,
             rates.cite),
        Step(N_("Nếu đóng từng tháng"), f"{money(monthly)} × {months} tháng = {money(gross)}", gross, rates.cite),
        Step(N_("Đóng một lần cho %(years)s năm về sau (chiết khấu %(rate)s/tháng)"),
             f"Σ {money(monthly)} : (1 + {r})^(i − 1), i = 1…{months} = {money(discounted)}", discounted,
             lump.cite, {"years": years, "rate": r}),
        Step(N_("Được giảm nhờ đóng trước"), f"{money(gross)} − {money(discounted)} = {money(gross - discounted)}",
             gross - discounted, lump.rate_cite),
        Step(N_("Nhà nước hỗ trợ mỗi tháng"),
             f"{percent(rates.support_ratio)} × {percent(rates.rate)} × {money(rates.floor)} = {money(support)}",
             support, rates.support_cite),
        Step(N_("Nhà nước hỗ trợ cả kỳ"), f"{money(support)} × {supported} tháng = {money(support_total)}",
             support_total, rates.support_cite),
        Step(N_("Số tiền phải đóng"), f"{money(discounted)} − {money(support_total)} = {money(total)}", total),
    ]  # fmt: skip
    return Breakdown(
        total=total,
        steps=tuple(steps),
        facts={"monthly": monthly, "months": months, "years": years, "undiscounted": gross,
               "discounted": discounted, "saving": gross - discounted, "support_monthly": support,
               "supported_months": supported, "income": income, "rate": number(rates.rate),
               "monthly_rate": number(lump.monthly_rate)},
    )  # fmt: skip


def voluntary_bhxh_missing(
    *, income: int, months: int, rates: VoluntaryRates, lump: LumpSumRates
) -> Breakdown:
    """Voluntary BHXH paid once for the ``months`` still missing for a pension, by someone who
    has reached retirement age (Law 41/2024 Art. 36 cl. 2(e); Decree 159/2025 Art. 7): each
    month's 22% with the fund's interest, Σ m × (1 + r)^i for i = 1…months. No State support."""
    monthly = _check_income(income, rates)
    if not 1 <= months <= lump.missing_max_months:
        raise DomainError(
            N_("Số tháng còn thiếu vượt quá số tháng được đóng một lần."),
            code="invalid_months",
            field="months",
        )
    one = Decimal(1) + lump.monthly_rate
    factor = sum((one**i for i in range(1, months + 1)), Decimal(0))
    total = round_dong(Decimal(monthly) * factor)
    gross = monthly * months
    r = percent(lump.monthly_rate)
    steps = (
        Step(N_("Mức đóng hằng tháng"), f"{percent(rates.rate)} × {money(income)} = {money(monthly)}", monthly,
             rates.cite),
        Step(N_("Nếu đóng từng tháng"), f"{money(monthly)} × {months} tháng = {money(gross)}", gross, rates.cite),
        Step(N_("Số tiền phải đóng cho %(months)s tháng còn thiếu (lãi %(rate)s/tháng)"),
             f"Σ {money(monthly)} × (1 + {r})^i, i = 1…{months} = {money(total)}", total, lump.missing_cite,
             {"months": months, "rate": r}),
    )  # fmt: skip
    return Breakdown(total=total, steps=steps,
                     facts={"monthly": monthly, "months": months, "undiscounted": gross, "income": income})  # fmt: skip
