"""Household BHYT and voluntary BHXH contributions against the agency's published tables.

Sources of the expected figures:
- Household BHYT from 1/7/2024 (base salary 2.340.000 đ), the table BHXH Việt Nam published
  with Decree 73/2024: 1st member 1.263.600 đ / 12 months, 2nd 884.520 đ, 3rd 758.160 đ,
  4th 631.800 đ, 5th and later 505.440 đ (Law on HI Art. 13; Decree 146/2018 Art. 7).
- Voluntary BHXH at the floor income 1.500.000 đ (rural poverty line 2022–2025): 22% =
  330.000 đ a month; the State's support before 1/7/2025 (Decree 134/2015 Art. 14) 30% poor
  = 99.000 đ, 25% near-poor = 82.500 đ, 10% others = 33.000 đ; from 1/7/2025 (Decree
  159/2025) 50% = 165.000 đ, 40% = 132.000 đ, 30% = 99.000 đ, 20% = 66.000 đ.
"""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openvss.domain.breakdown import money, percent
from openvss.domain.contributions import (
    HouseholdRates,
    VoluntaryRates,
    household_bhyt,
    voluntary_bhxh,
)
from openvss.domain.errors import DomainError

HH = HouseholdRates(
    first_rate=Decimal("0.045"),
    ratios=(Decimal("0.7"), Decimal("0.6"), Decimal("0.5"), Decimal("0.4")),
    cite="Luật BHYT Điều 13",
)


def test_household_table_from_1_7_2024():
    result = household_bhyt(members=5, months=12, base_salary=2_340_000, rates=HH)
    assert result.facts["lines"] == [1_263_600, 884_520, 758_160, 631_800, 505_440]
    assert result.total == 4_043_520


def test_household_table_from_1_7_2026_and_the_worked_line():
    result = household_bhyt(members=3, months=12, base_salary=2_530_000, rates=HH)
    assert result.facts["lines"] == [1_366_200, 956_340, 819_720]
    assert result.steps[0].formula == "4,5% × 2.530.000 đ × 12 tháng = 1.366.200 đ"
    assert result.steps[1].formula.startswith("70% × 4,5% × 2.530.000 đ × 12 tháng")
    assert result.steps[0].cite == "Luật BHYT Điều 13"


def test_sixth_member_pays_like_the_fifth_and_three_months_is_a_quarter():
    six = household_bhyt(members=6, months=3, base_salary=2_340_000, rates=HH)
    assert six.facts["lines"][4] == six.facts["lines"][5] == 126_360
    assert six.facts["lines"][0] == 315_900


@pytest.mark.parametrize(("members", "months"), [(0, 12), (1, 5), (2, 24)])
def test_household_refuses_no_members_and_other_periods(members, months):
    with pytest.raises(DomainError):
        household_bhyt(members=members, months=months, base_salary=2_340_000, rates=HH)


@settings(deadline=None)  # property tests check values, not speed (the host is shared)
@given(
    members=st.integers(1, 12),
    months=st.sampled_from([3, 6, 12]),
    base=st.integers(1_000_000, 5_000_000),
)
def test_household_grows_with_members_and_never_exceeds_full_rate(members, months, base):
    total = household_bhyt(members=members, months=months, base_salary=base, rates=HH).total
    more = household_bhyt(members=members + 1, months=months, base_salary=base, rates=HH).total
    assert 0 < total < more
    assert total <= members * base * Decimal("0.045") * months + members  # rounding slack


def vol(support: str, floor=1_500_000, max_months=120) -> VoluntaryRates:
    return VoluntaryRates(
        rate=Decimal("0.22"), floor=floor, ceiling=20 * 2_340_000, support_ratio=Decimal(support),
        support_max_months=max_months,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("support", "monthly_paid"),
    [
        ("0.5", 165_000),
        ("0.4", 198_000),
        ("0.3", 231_000),
        ("0.2", 264_000),
        ("0.25", 247_500),
        ("0.1", 297_000),
    ],
)
def test_voluntary_at_the_floor_less_the_states_support(support, monthly_paid):
    result = voluntary_bhxh(income=1_500_000, months=1, rates=vol(support))
    assert result.facts["monthly"] == 330_000
    assert result.total == monthly_paid


def test_voluntary_twelve_months_at_five_million():
    result = voluntary_bhxh(income=5_000_000, months=12, rates=vol("0.2"))
    assert result.total == 1_100_000 * 12 - 66_000 * 12 == 12_408_000
    assert result.steps[0].formula == "22% × 5.000.000 đ = 1.100.000 đ"


def test_support_stops_after_120_months():
    result = voluntary_bhxh(
        income=1_500_000, months=12, rates=vol("0.2"), supported_months_used=115
    )
    assert result.facts["supported_months"] == 5
    assert result.total == 330_000 * 12 - 66_000 * 5


@pytest.mark.parametrize("income", [1_499_999, 20 * 2_340_000 + 1])
def test_voluntary_income_outside_floor_and_ceiling_is_refused(income):
    with pytest.raises(DomainError) as error:
        voluntary_bhxh(income=income, months=1, rates=vol("0.2"))
    assert error.value.field == "income"


@settings(deadline=None)  # property tests check values, not speed (the host is shared)
@given(income=st.integers(1_500_000, 46_800_000), months=st.sampled_from([1, 3, 6, 12]),
       support=st.sampled_from(["0", "0.2", "0.3", "0.4", "0.5"]))  # fmt: skip
def test_voluntary_is_never_negative_and_grows_with_income(income, months, support):
    low = voluntary_bhxh(income=income, months=months, rates=vol(support)).total
    assert low > 0
    if income + 1000 <= 46_800_000:
        assert voluntary_bhxh(income=income + 1000, months=months, rates=vol(support)).total > low


def test_money_and_percent_in_vietnamese_notation():
    assert money(5_453_400) == "5.453.400 đ"
    assert percent(Decimal("0.045")) == "4,5%"
    assert percent(Decimal("0.7")) == "70%"
