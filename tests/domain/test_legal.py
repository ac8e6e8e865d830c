from datetime import date
from decimal import Decimal

import pytest

from openvss.domain.errors import DomainError
from openvss.domain.legal import (
    Dated,
    copayment_threshold,
    small_visit_limit,
    unemployment_benefit,
    value_on,
)

BASE = [Dated(date(2024, 7, 1), Decimal(2_340_000)), Dated(date(2026, 7, 1), Decimal(2_530_000))]


def test_figure_in_force_on_a_day():
    assert value_on(BASE, date(2026, 6, 30)) == 2_340_000
    assert value_on(BASE, date(2026, 7, 1)) == 2_530_000
    with pytest.raises(DomainError):
        value_on(BASE, date(2020, 1, 1))


def test_copayment_thresholds_of_domain_section_8():
    assert copayment_threshold(value_on(BASE, date(2026, 3, 10))) == 14_040_000
    assert copayment_threshold(value_on(BASE, date(2026, 8, 1))) == 15_180_000


def test_small_visit_limit():
    assert small_visit_limit(Decimal(2_340_000)) == 351_000
    assert small_visit_limit(Decimal(2_530_000)) == 379_500


@pytest.mark.parametrize(
    ("months", "avg", "amount", "duration"),
    [
        (72, 15_000_000, 9_000_000, 6),
        (72, 50_000_000, 26_550_000, 6),
        (12, 10_000_000, 6_000_000, 3),
        (200, 10_000_000, 6_000_000, 12),
    ],
)
def test_unemployment_examples(months, avg, amount, duration):
    assert unemployment_benefit(
        months_paid=months, average_wage=Decimal(avg), regional_min_wage=Decimal(5_310_000)
    ) == (amount, duration)


def test_unemployment_needs_twelve_months():
    with pytest.raises(DomainError):
        unemployment_benefit(months_paid=10, average_wage=Decimal(1), regional_min_wage=Decimal(1))
