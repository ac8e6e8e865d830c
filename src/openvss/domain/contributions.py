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
    if not rates.floor <= income <= rates.ceiling:
        raise DomainError(
            N_("Mức thu nhập phải nằm trong khoảng mức tối thiểu và tối đa theo quy định."),
            code="income_out_of_range", field="income",
        )  # fmt: skip
    if months not in rates.allowed_months:
        raise DomainError(
            N_("Phương thức đóng không hợp lệ."), code="invalid_months", field="months"
        )
    monthly = round_dong(Decimal(income) * rates.rate)
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
