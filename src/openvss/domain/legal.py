"""Dated legal figures and the calculators that use them.

Figures (base salary, regional minimum wages, benefit levels …) live in the database as
dated rows; these functions take them as arguments so that they stay pure and testable.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .errors import N_, DomainError


@dataclass(frozen=True, slots=True)
class Dated:
    valid_from: date
    value: Decimal


def value_on(history: Sequence[Dated], day: date, *, key: str = "") -> Decimal:
    """The figure in force on ``day``: the latest row whose ``valid_from`` is not after it."""
    best = None
    for row in history:
        if row.valid_from <= day and (best is None or row.valid_from > best.valid_from):
            best = row
    if best is None:
        raise DomainError(
            N_("Chưa có số liệu pháp lý áp dụng cho ngày này."),
            code="legal_figure_missing",
            field=key or None,
        )
    return best.value


def copayment_threshold(base_salary: Decimal, months: int = 6) -> Decimal:
    """Co-payments above 6 months of base salary in a year are exempt (DOMAIN.md §8)."""
    return base_salary * months


def small_visit_limit(base_salary: Decimal, ratio: Decimal = Decimal("0.15")) -> Decimal:
    """A visit costing less than 15% of base salary is paid at 100%."""
    return (base_salary * ratio).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def unemployment_benefit(
    *, months_paid: int, average_wage: Decimal, regional_min_wage: Decimal
) -> tuple[Decimal, int]:
    """Monthly amount and number of months of unemployment benefit (Law 74/2025, §7.8)."""
    if months_paid < 12:
        raise DomainError(N_("Chưa đủ 12 tháng đóng bảo hiểm thất nghiệp."), code="ui_not_eligible")
    amount = min(average_wage * Decimal("0.6"), regional_min_wage * 5)
    duration = 3 + max(0, (months_paid - 36) // 12)
    return amount.quantize(Decimal("1")), min(duration, 12)
