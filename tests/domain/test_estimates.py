"""Benefit estimates: worked examples and properties.

Worked examples used (the expected figures are theirs):
- BHXH một lần, "Công nhân A" (01/2013–07/2016, 37 months, average 1.774.052 đ, 11.531.338 đ):
  the example BHXH Việt Nam's guidance walks through with the 2017 coefficients (2013: 1,08;
  2014–2015: 1,03; 2016: 1,00), as republished in longnd-vnlab/bhxh-calculator
  HUONG_DAN_TINH_BHXH.md ("Ví dụ: Công nhân A").
- Unemployment: DOMAIN.md §7.8 test examples from Law 74/2025 (S15).
- Maternity lump sum: 2 × reference level = 4.680.000 đ from 1/7/2024 (BHXH Việt Nam's
  published figure) and 5.060.000 đ from 1/7/2026 (Decree 161/2026).
- Pension rates: Law 41/2024 Art. 66 (women 45% at 15 years +2%/year; men 45% at 20 years,
  40% at 15 years +1%/year; 75% ceiling), DOMAIN.md §7.6.
"""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openvss.domain.errors import DomainError
from openvss.domain.estimates import (
    Adjustment,
    MaternityRates,
    OneTimeRates,
    PensionRates,
    SicknessRates,
    UnemploymentRates,
    WagePeriod,
    benefit_years,
    maternity,
    one_time_bhxh,
    pension,
    pension_rate,
    sickness,
    unemployment,
)
from openvss.domain.months import Month

D = Decimal
COEF_2017 = Adjustment(
    {2013: D("1.08"), 2014: D("1.03"), 2015: D("1.03"), 2016: D("1.00")}, "TT 35/2016"
)
ONE_TIME = OneTimeRates(months_before=D("1.5"), months_after=D(2))
LAW_41 = PensionRates(base_rate=D("0.45"), step=D("0.02"), ceiling=D("0.75"), female_years=15, male_years=20,
                      male_short_years=15)  # fmt: skip
LAW_58 = PensionRates(base_rate=D("0.45"), step=D("0.02"), ceiling=D("0.75"), female_years=15, male_years=20,
                      male_short_years=None)  # fmt: skip
UI = UnemploymentRates(rate=D("0.6"), cap_multiple=5)
MAT = MaternityRates(rate=D(1), leave_months=6, extra_months_per_child=1, lump_multiple=2)
SICK = SicknessRates(rate=D("0.75"), days_per_month=24)


def wp(start: str, end: str, wage: int) -> WagePeriod:
    return WagePeriod(Month.parse(start), Month.parse(end), wage)


WORKER_A = [
    wp("01/2013", "12/2013", 1_200_000),
    wp("01/2014", "09/2014", 1_445_000),
    wp("10/2014", "12/2014", 2_140_000),
    wp("07/2015", "12/2015", 2_140_000),  # 01–06/2015 unpaid leave: not counted
    wp("01/2016", "02/2016", 2_140_000),
    wp("03/2016", "07/2016", 2_515_000),
]


def test_one_time_worker_a():
    result = one_time_bhxh(WORKER_A, COEF_2017, ONE_TIME)
    assert result.facts["months"] == 37
    assert result.facts["average"] == 1_774_052
    assert (result.facts["years_before"], result.facts["years_after"]) == ("1", "2,5")
    assert result.total == 2_661_078 + 8_870_260 == 11_531_338
    formulas = [s.formula for s in result.steps]
    assert "1.200.000 đ × 12 tháng × 1,08 = 15.552.000 đ" in formulas
    assert "65.639.950 đ : 37 tháng = 1.774.052 đ" in formulas


def test_one_time_carries_leftover_months_before_2014_into_the_later_part():
    # 18 months before 2014 + 12 after: 1 year at 1,5 months; 6 + 12 = 18 months → 1,5 years at 2.
    periods = [wp("07/2012", "12/2013", 5_000_000), wp("01/2014", "12/2014", 5_000_000)]
    result = one_time_bhxh(periods, Adjustment({}), ONE_TIME)
    assert result.total == 5_000_000 * D("1.5") + 5_000_000 * 2 * D("1.5") == 22_500_000


def test_one_time_under_a_year_is_what_was_paid_at_most_two_months():
    small = one_time_bhxh([wp("01/2025", "05/2025", 5_000_000)], Adjustment({}), ONE_TIME)
    assert small.total == 5_500_000  # 22% × 25.000.000
    capped = one_time_bhxh([wp("01/2025", "10/2025", 5_000_000)], Adjustment({}), ONE_TIME)
    assert capped.total == 10_000_000  # min(11.000.000, 2 × 5.000.000)


@pytest.mark.parametrize(
    ("sex", "months", "rate"),
    [(2, 15 * 12, "0.45"), (2, 30 * 12, "0.75"), (2, 40 * 12, "0.75"), (2, 20 * 12 + 3, "0.56"),
     (1, 20 * 12, "0.45"), (1, 35 * 12, "0.75"), (1, 15 * 12, "0.40"), (1, 17 * 12 + 8, "0.43")],
)  # fmt: skip
def test_pension_rates_of_law_41(sex, months, rate):
    assert pension_rate(sex=sex, months=months, rates=LAW_41)[0] == D(rate)


def test_a_man_with_17_years_has_a_pension_only_under_law_41():
    with pytest.raises(DomainError) as error:
        pension_rate(sex=1, months=17 * 12, rates=LAW_58)
    assert error.value.code == "pension_not_eligible"
    assert pension_rate(sex=1, months=17 * 12, rates=LAW_41)[0] == D("0.42")


def test_pension_amount_with_its_breakdown():
    result = pension(
        sex=2,
        periods=[wp("01/1996", "12/2025", 10_000_000)],
        adjustment=Adjustment({}),
        rates=LAW_41,
    )
    assert result.total == 7_500_000
    assert any("75%" in s.formula for s in result.steps)


def test_early_retirement_takes_two_percent_a_year():
    assert pension_rate(sex=2, months=30 * 12, rates=LAW_41, early_years=2)[0] == D("0.71")


@pytest.mark.parametrize(
    ("months", "average", "minimum", "monthly", "duration"),
    [(72, 15_000_000, 5_310_000, 9_000_000, 6), (72, 50_000_000, 5_310_000, 26_550_000, 6),
     (72, 50_000_000, 4_960_000, 24_800_000, 6), (12, 10_000_000, 5_310_000, 6_000_000, 3),
     (200, 10_000_000, 5_310_000, 6_000_000, 12)],
)  # fmt: skip
def test_unemployment_examples(months, average, minimum, monthly, duration):
    result = unemployment(
        months_paid=months, average_wage=average, regional_min_wage=minimum, rates=UI
    )
    assert (result.facts["monthly"], result.facts["months"]) == (monthly, duration)
    assert result.total == monthly * duration


def test_unemployment_ten_months_is_not_eligible():
    with pytest.raises(DomainError):
        unemployment(months_paid=10, average_wage=10_000_000, regional_min_wage=5_310_000, rates=UI)


def test_maternity_lump_sum_follows_the_reference_level():
    before = maternity(
        average_wage=8_000_000,
        reference_level=2_340_000,
        children=1,
        months_in_last_12=12,
        rates=MAT,
    )
    after = maternity(
        average_wage=8_000_000,
        reference_level=2_530_000,
        children=1,
        months_in_last_12=12,
        rates=MAT,
    )
    assert before.facts["lump_sum"] == 4_680_000 and after.facts["lump_sum"] == 5_060_000
    assert before.facts["leave_months"] == 6 and before.total == 48_000_000 + 4_680_000
    twins = maternity(
        average_wage=8_000_000,
        reference_level=2_530_000,
        children=2,
        months_in_last_12=12,
        rates=MAT,
    )
    assert twins.facts["leave_months"] == 7 and twins.facts["lump_sum"] == 10_120_000


def test_maternity_needs_six_months_in_the_last_twelve():
    with pytest.raises(DomainError):
        maternity(
            average_wage=8_000_000,
            reference_level=2_530_000,
            children=1,
            months_in_last_12=5,
            rates=MAT,
        )


def test_sickness_75_percent_per_24_days_within_the_yearly_days():
    result = sickness(wage=9_600_000, days=10, months_paid=5 * 12, rates=SICK)
    assert result.total == 3_000_000  # 9.600.000 : 24 × 75% × 10
    capped = sickness(wage=9_600_000, days=45, months_paid=5 * 12, rates=SICK)
    assert capped.facts["days"] == 30
    assert sickness(wage=9_600_000, days=45, months_paid=16 * 12, rates=SICK).facts["days"] == 40
    assert (
        sickness(wage=9_600_000, days=80, months_paid=31 * 12, rates=SICK, heavy_work=True).facts[
            "days"
        ]
        == 70
    )


def test_year_counting_rounds_leftover_months():
    assert [benefit_years(m) for m in (12, 13, 18, 19, 23, 24)] == [1, D("1.5"), D("1.5"), 2, 2, 2]


@settings(deadline=None)  # property tests check values, not speed (the host is shared)
@given(months=st.integers(15 * 12, 50 * 12), extra=st.integers(1, 60), wage=st.integers(1_000_000, 50_000_000),
       sex=st.sampled_from([1, 2]))  # fmt: skip
def test_pension_is_monotone_in_years_and_salary_and_never_above_75_percent(
    months, extra, wage, sex
):
    def amount(m, w):
        start = Month(1980, 1)
        return pension(sex=sex, periods=[WagePeriod(start, start + (m - 1), w)], adjustment=Adjustment({}),
                       rates=LAW_41).total  # fmt: skip

    base = amount(months, wage)
    assert 0 < base <= wage * D("0.75") + D("0.5")  # half-up to the đồng
    assert amount(months + extra, wage) >= base
    assert amount(months, wage + 100_000) >= base


@settings(deadline=None)  # property tests check values, not speed (the host is shared)
@given(
    months=st.integers(1, 40 * 12),
    extra=st.integers(1, 60),
    wage=st.integers(1_000_000, 50_000_000),
)
def test_one_time_is_monotone_in_years_and_never_negative(months, extra, wage):
    def amount(m):
        start = Month(2014, 1)
        return one_time_bhxh(
            [WagePeriod(start, start + (m - 1), wage)], Adjustment({}), ONE_TIME
        ).total

    assert 0 <= amount(months) <= amount(months + extra)


def test_leftover_months_before_2014_move_to_the_later_rate_even_without_a_later_part():
    # Found by the property test over 2005 starts: 55 months before 2014 are 4 years at 1,5
    # plus 7 leftover months carried to the 2-month rate (1 year) = 8 months of average,
    # more than 60 months (5 years at 1,5 = 7,5). That is the rule as written (leftover
    # months go to the part from 2014), so the estimate follows it; monotonicity holds
    # within each part.
    def amount(m):
        start = Month(2005, 1)
        return one_time_bhxh(
            [WagePeriod(start, start + (m - 1), 1_000_000)], Adjustment({}), ONE_TIME
        ).total

    assert (amount(55), amount(60)) == (8_000_000, 7_500_000)


@settings(deadline=None)  # property tests check values, not speed (the host is shared)
@given(
    months=st.integers(12, 400),
    avg=st.integers(0, 200_000_000),
    minimum=st.integers(3_000_000, 6_000_000),
)
def test_unemployment_never_above_its_ceilings(months, avg, minimum):
    result = unemployment(months_paid=months, average_wage=avg, regional_min_wage=minimum, rates=UI)
    assert 0 <= result.facts["monthly"] <= 5 * minimum and 3 <= result.facts["months"] <= 12


def test_unemployment_needs_12_months_in_the_24_before_the_contract_ended():
    with pytest.raises(DomainError):
        unemployment(months_paid=60, average_wage=10_000_000, regional_min_wage=5_310_000, rates=UI,
                     months_in_window=11)  # fmt: skip
    ok = unemployment(months_paid=60, average_wage=10_000_000, regional_min_wage=5_310_000, rates=UI,
                      months_in_window=12)  # fmt: skip
    assert ok.facts["months"] == 5
