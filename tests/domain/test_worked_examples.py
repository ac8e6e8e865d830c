"""Each calculator against the worked examples of the official guidance that could be found.

Every test names its source. Where the guidance is a circular under the 2014 law (Circular
59/2015/TT-BLĐTBXH for sickness, maternity and pension; Circular 28/2015/TT-BLĐTBXH for
unemployment) the rule it illustrates was carried into Law 41/2024 (checked against the text
of the law: Arts 43, 45, 59, 66 cl. 3, 70 cl. 3) or Law 74/2025, and the figures are the
example's own. Where a circular's example is read from a republication, the page is named.
"""

from datetime import date
from decimal import Decimal

import pytest

from openvss.domain.contributions import (
    HouseholdRates,
    LumpSumRates,
    VoluntaryRates,
    household_bhyt,
    voluntary_bhxh,
    voluntary_bhxh_ahead,
    voluntary_bhxh_missing,
)
from openvss.domain.errors import DomainError
from openvss.domain.estimates import (
    Adjustment,
    MaternityRates,
    OneTimeRates,
    PensionRates,
    RetirementAges,
    SicknessRates,
    UnemploymentRates,
    WagePeriod,
    average_of_last,
    maternity,
    maternity_basis,
    one_time_bhxh,
    pension,
    pension_rate,
    retirement_month,
    sickness,
    unemployment,
)
from openvss.domain.months import Month

D = Decimal
HH = HouseholdRates(first_rate=D("0.045"), ratios=(D("0.7"), D("0.6"), D("0.5"), D("0.4")))
LAW_41 = PensionRates(base_rate=D("0.45"), step=D("0.02"), ceiling=D("0.75"), female_years=15,
                      male_years=20, male_short_years=15)  # fmt: skip
UI = UnemploymentRates(rate=D("0.6"), cap_multiple=5)
MAT = MaternityRates(rate=D(1), leave_months=6, extra_months_per_child=1, lump_multiple=2)
SICK = SicknessRates(rate=D("0.75"), days_per_month=24)


def wp(start: str, end: str, wage: int) -> WagePeriod:
    return WagePeriod(Month.parse(start), Month.parse(end), wage)


def wages(*spans: tuple[str, str, int]) -> dict[int, int]:
    out = {}
    for start, end, wage in spans:
        for i in range(Month.parse(start).index, Month.parse(end).index + 1):
            out[i] = wage
    return out


# --- BHYT hộ gia đình (Luật BHYT Điều 13 khoản 1 điểm e) ---------------------------------


def test_household_vss_table_from_1_7_2024():
    """BHXH Việt Nam's table at the base salary 2.340.000 đ (Decree 73/2024), 12 months."""
    lines = household_bhyt(members=5, months=12, base_salary=2_340_000, rates=HH).facts["lines"]
    assert lines == [1_263_600, 884_520, 758_160, 631_800, 505_440]


def test_household_vss_table_from_1_7_2023():
    """BHXH Việt Nam's table when the base salary became 1.800.000 đ (Decree 24/2023), as
    reported at https://bankviet.com/dieu-chinh-muc-dong-bao-hiem-y-te-moi-tu-ngay-1-7-2023 and
    in the infographic https://thoibaotaichinhvietnam.vn/infographics-tu-ngay-172023-thay-doi-
    muc-dong-bao-hiem-y-te-ho-gia-dinh-128808.html: 972.000, 680.400, 583.200, 486.000 and
    388.800 đ a year."""
    lines = household_bhyt(members=5, months=12, base_salary=1_800_000, rates=HH).facts["lines"]
    assert lines == [972_000, 680_400, 583_200, 486_000, 388_800]


# --- BHXH tự nguyện (Luật 41/2024 Điều 31 khoản 2, Điều 36; Nghị định 159/2025 Điều 5) ---


def vol(support="0.2", floor=1_500_000, ceiling=46_800_000):
    return VoluntaryRates(rate=D("0.22"), floor=floor, ceiling=ceiling, support_ratio=D(support),
                          support_max_months=120)  # fmt: skip


@pytest.mark.parametrize(("support", "paid"), [("0.5", 165_000), ("0.4", 198_000), ("0.3", 231_000),
                                               ("0.2", 264_000)])  # fmt: skip
def test_voluntary_decree_159_table_at_the_floor(support, paid):
    """Decree 159/2025 Art. 5 table as published by thuvienphapluat.vn (floor 1.500.000 đ):
    22% = 330.000 đ, less 165.000 / 132.000 / 99.000 / 66.000 đ of State support."""
    result = voluntary_bhxh(income=1_500_000, months=1, rates=vol(support))
    assert (result.facts["monthly"], result.total) == (330_000, paid)


def test_voluntary_decree_159_table_at_the_ceiling():
    """Same table, last row: 46.800.000 đ (20 × 2.340.000 đ) → 10.296.000 đ before support."""
    result = voluntary_bhxh(income=46_800_000, months=1, rates=vol("0"))
    assert result.total == 10_296_000
    assert voluntary_bhxh(income=46_800_000, months=1, rates=vol("0.2")).total == 10_230_000


LUMP = LumpSumRates(monthly_rate=D("0.0031"), min_years=2, max_years=5, missing_max_months=60)


def test_paying_five_years_ahead_is_the_discounted_sum_less_the_support():
    """Decree 159/2025 Art. 6: Σ 22%·TN : (1 + r)^(i−1), i = 1…60, r = 0,31%/month (VSS 2026)."""
    result = voluntary_bhxh_ahead(income=1_500_000, years=5, rates=vol("0.2"), lump=LUMP)
    factor = sum(1 / (1.0031**i) for i in range(60))
    assert result.facts["discounted"] == round(330_000 * factor) == 18_098_148
    assert result.facts["saving"] == 19_800_000 - 18_098_148
    assert result.total == 18_098_148 - 66_000 * 60
    assert result.steps[2].formula == "Σ 330.000 đ : (1 + 0,31%)^(i − 1), i = 1…60 = 18.098.148 đ"


def test_paying_ahead_stops_the_support_at_120_months_and_refuses_other_years():
    result = voluntary_bhxh_ahead(income=1_500_000, years=2, rates=vol("0.2"), lump=LUMP,
                                  supported_months_used=110)  # fmt: skip
    assert result.facts["supported_months"] == 10
    for years in (1, 6):
        with pytest.raises(DomainError) as error:
            voluntary_bhxh_ahead(income=1_500_000, years=years, rates=vol(), lump=LUMP)
        assert error.value.code == "invalid_years"


def test_paying_once_for_the_missing_months_adds_the_funds_interest():
    """Decree 159/2025 Art. 7: Σ 22%·TN × (1 + r)^i, i = 1…t, at most 60 months, no support."""
    result = voluntary_bhxh_missing(income=1_500_000, months=12, rates=vol("0.5"), lump=LUMP)
    assert result.total == round(sum(330_000 * 1.0031**i for i in range(1, 13))) == 4_040_708
    with pytest.raises(DomainError):
        voluntary_bhxh_missing(income=1_500_000, months=61, rates=vol(), lump=LUMP)


# --- BHXH một lần (Luật 41/2024 Điều 70 khoản 3) ------------------------------------------


def test_one_time_vss_worker_a():
    """BHXH Việt Nam's guidance example "Công nhân A" (01/2013–07/2016, 2017 coefficients),
    republished in longnd-vnlab/bhxh-calculator HUONG_DAN_TINH_BHXH.md: 11.531.338 đ."""
    periods = [wp("01/2013", "12/2013", 1_200_000), wp("01/2014", "09/2014", 1_445_000),
               wp("10/2014", "12/2014", 2_140_000), wp("07/2015", "12/2015", 2_140_000),
               wp("01/2016", "02/2016", 2_140_000), wp("03/2016", "07/2016", 2_515_000)]  # fmt: skip
    coef = Adjustment({2013: D("1.08"), 2014: D("1.03"), 2015: D("1.03"), 2016: D("1.00")})
    result = one_time_bhxh(periods, coef, OneTimeRates(months_before=D("1.5"), months_after=D(2)))
    assert (result.facts["average"], result.total) == (1_774_052, 11_531_338)


def test_one_time_leftover_months_before_2014_move_to_the_later_part():
    """Law 41/2024 Art. 70 cl. 3(a), second sentence (statutory rule, no published figures):
    3 years 7 months before 2014 and 2 years 2 months after → 3 years at 1,5 and 2 years
    9 months (→ 3 years) at 2."""
    periods = [wp("06/2010", "12/2013", 4_000_000), wp("01/2014", "02/2016", 4_000_000)]
    result = one_time_bhxh(
        periods, Adjustment({}), OneTimeRates(months_before=D("1.5"), months_after=D(2))
    )
    assert (result.facts["years_before"], result.facts["years_after"]) == ("3", "3")
    assert result.total == 4_000_000 * 3 * 3 // 2 + 4_000_000 * 2 * 3


def test_one_time_circular_59_example_34_leftover_months_before_2014_move_forward():
    """Circular 59/2015/TT-BLĐTBXH (Ministry of Labour, 29/12/2015), Art. 19 cl. 4, Ví dụ 34:
    Ông T, 16 năm 4 tháng paid, 10 năm 02 tháng of it before 1/1/2014. The 2 leftover months
    move to the period from 2014: 10 years at 1,5 and 6 năm 4 tháng (= 6,5 years) at 2, so
    1,5 × 10 + 2 × 6,5 = 28 months of the average wage. (Law 41/2024 Art. 70 cl. 3 keeps the
    1,5 / 2 months and the carry of the leftover months.) Text read from an OCR copy of the
    signed circular in github.com/teije05-art/clone-pjj-tax-legal-22dec, file data/tax_legal/
    tax_database/10_Natural_Resources_SHUI/Documents/Doc_1215_01_29_TT_59291215BLDBTXHHuong_
    dan_v1.md. The example gives no wage, so one flat wage stands for the average."""
    average = 5_000_000
    periods = [wp("11/2003", "12/2013", average), wp("01/2014", "02/2020", average)]  # 122 + 74
    result = one_time_bhxh(
        periods, Adjustment({}), OneTimeRates(months_before=D("1.5"), months_after=D(2))
    )
    assert result.facts["months"] == 16 * 12 + 4
    assert (result.facts["years_before"], result.facts["years_after"]) == ("10", "6,5")
    assert result.total == 28 * average


def test_one_time_circular_59_example_51_same_year_arithmetic_for_the_survivors_lump_sum():
    """Circular 59/2015/TT-BLĐTBXH Art. 27 cl. 4, Ví dụ 51 (same copy as Ví dụ 34 above):
    Ông T paid 10/2005–3/2017 on an average wage of 5.000.000 đ: 8 năm 03 tháng before 2014,
    3 năm 03 tháng from 2014; the 3 leftover months move forward (8 years and 3 năm 6 tháng =
    3,5 years): ((8 × 1,5) + (3,5 × 2)) × 5.000.000 = 95.000.000 đ. This is the survivors'
    lump sum (Law 58/2014 Art. 70), counted year by year exactly like BHXH một lần
    (Art. 60 cl. 2), so the one-time calculator must give the same figure."""
    result = one_time_bhxh([wp("10/2005", "03/2017", 5_000_000)], Adjustment({}),
                           OneTimeRates(months_before=D("1.5"), months_after=D(2)))  # fmt: skip
    assert (result.facts["years_before"], result.facts["years_after"]) == ("8", "3,5")
    assert result.total == 95_000_000


# --- Lương hưu (Luật 41/2024 Điều 66) ------------------------------------------------------


def test_pension_circular_59_woman_28_years_retiring_4_years_10_months_early():
    """Circular 59/2015/TT-BLĐTBXH Art. 17, Ví dụ 25 "Bà K" (61% work capacity lost, 28 years,
    retires 01/2019 at 50 tuổi 01 tháng, i.e. 4 năm 11 tháng before 55): 45% + 13 × 2% = 71%,
    less 8% + 1% = 62% (official text: the OCR copy cited for Ví dụ 34 above). Republished
    with other dates ("Bà A", 50 years 2 months, 4 years 10 months early) at
    https://hddtvn.com/chi-tiet-ve-muc-luong-duoc-nhan-khi-nghi-huu-truoc-tuoi-nam-2020/.
    Law 41/2024 Art. 66 cl. 3 keeps the rule (6–11 leftover months: 1%)."""
    assert pension_rate(sex=2, months=28 * 12, rates=LAW_41, early_years=4, early_months=11)[
        0
    ] == D("0.62")
    rate, how = pension_rate(sex=2, months=28 * 12, rates=LAW_41, early_years=4, early_months=10)
    assert rate == D("0.62")
    assert how.endswith("− 2% × 4 − 1%")
    assert pension_rate(sex=2, months=28 * 12, rates=LAW_41, early_months=4 * 12 + 5)[0] == D(
        "0.63"
    )


def test_pension_circular_59_examples_28_and_29_leftover_months_round_the_years():
    """Circular 59/2015/TT-BLĐTBXH Art. 17 cl. 2 (same copy as Ví dụ 34 above), with the rules
    of Law 58/2014 Art. 56 for men: 45% at 15 years in 2016 and 16 years in 2018.
    Ví dụ 28, ông G (2018): 29 năm 7 tháng → 30 years; 45% + 14 × 2% = 73%, retiring 3 năm
    05 tháng early → − 6% = 67%. Ví dụ 29, ông S (2016): 27 năm 03 tháng → 27,5 years;
    45% + 12,5 × 2% = 70%, 4 years early → − 8% = 62%."""

    def law_58(male_years):
        return PensionRates(base_rate=D("0.45"), step=D("0.02"), ceiling=D("0.75"), female_years=15,
                            male_years=male_years, male_short_years=None)  # fmt: skip

    rate, how = pension_rate(
        sex=1, months=29 * 12 + 7, rates=law_58(16), early_years=3, early_months=5
    )
    assert rate == D("0.67") and how.startswith("45% + 2% × (30 − 16)")
    rate, how = pension_rate(sex=1, months=27 * 12 + 3, rates=law_58(15), early_years=4)
    assert rate == D("0.62") and how.startswith("45% + 2% × (27,5 − 15)")


def test_pension_law_41_article_66_figures():
    """Law 41/2024 Art. 66 cl. 1 (statutory figures): a woman with 15 years gets 45%, 30 years
    75% (the ceiling); a man with 20 years 45%, with 15 years 40%, each further year +1%."""
    assert [pension_rate(sex=s, months=y * 12, rates=LAW_41)[0] for s, y in
            ((2, 15), (2, 30), (2, 35), (1, 20), (1, 15), (1, 19))] == [
        D("0.45"), D("0.75"), D("0.75"), D("0.45"), D("0.40"), D("0.44")]  # fmt: skip
    result = pension(sex=2, periods=[wp("01/1996", "12/2025", 9_000_000)], adjustment=Adjustment({}),
                     rates=LAW_41)  # fmt: skip
    assert result.total == 6_750_000


# --- Trợ cấp thất nghiệp (Luật Việc làm; Thông tư 28/2015/TT-BLĐTBXH Điều 8 khoản 1) -------
# Examples 1–3 of Art. 8 cl. 1, republished (dates moved to 2018–2020) at
# https://hddtvn.com/cach-tinh-bao-hiem-that-nghiep-nam-2020/.


def test_unemployment_circular_28_example_1_the_six_months_before_the_gap():
    """Bà Tú: 2.000.000 đ until 08/2019, 4.000.000 đ from 09/2019, maternity leave 01–06/2020
    (no BHTN paid), leaves 01/7/2020 → the last 6 months paid are 07–12/2019:
    (2.000.000 × 2 + 4.000.000 × 4) : 6 × 60% = 2.000.000 đ."""
    history = wages(("09/2018", "08/2019", 2_000_000), ("09/2019", "12/2019", 4_000_000))
    average, _ = average_of_last(history, date(2020, 7, 1), 6, with_month_of_day=True)
    result = unemployment(months_paid=len(history), average_wage=average, regional_min_wage=4_420_000,
                          rates=UI)  # fmt: skip
    assert result.facts["monthly"] == 2_000_000


def test_unemployment_circular_28_example_2_months_across_two_contracts():
    """Ông B: 8.000.000 đ in 12/2019–02/2020 and 7.000.000 đ in 05–07/2020 →
    (8.000.000 × 3 + 7.000.000 × 3) : 6 × 60% = 4.500.000 đ; 38 months paid → 3 months."""
    history = wages(("01/2017", "02/2020", 8_000_000), ("05/2020", "07/2020", 7_000_000))
    average, _ = average_of_last(history, date(2020, 7, 28), 6, with_month_of_day=True)
    result = unemployment(
        months_paid=38, average_wage=average, regional_min_wage=4_420_000, rates=UI
    )
    assert (result.facts["monthly"], result.facts["months"]) == (4_500_000, 3)


def test_unemployment_circular_28_example_3_capped_at_five_regional_minimums():
    """Ông C: (62.000.000 × 3 + 48.000.000 × 3) : 6 × 60% = 33.000.000 đ, capped at
    5 × 2.400.000 đ (region III, 2015) = 12.000.000 đ."""
    result = unemployment(
        months_paid=12, average_wage=55_000_000, regional_min_wage=2_400_000, rates=UI
    )
    assert result.steps[0].amount == 33_000_000
    assert result.facts["monthly"] == 12_000_000


def test_unemployment_law_74_examples():
    """DOMAIN.md §7.8 (S15, Law 74/2025): 72 months, 15.000.000 đ, region I 2026 →
    9.000.000 đ × 6 months; 50.000.000 đ → 5 × 5.310.000 đ = 26.550.000 đ."""
    assert unemployment(months_paid=72, average_wage=15_000_000, regional_min_wage=5_310_000,
                        rates=UI).total == 54_000_000  # fmt: skip
    assert unemployment(months_paid=72, average_wage=50_000_000, regional_min_wage=5_310_000,
                        rates=UI).facts["monthly"] == 26_550_000  # fmt: skip


# --- Thai sản (Luật 41/2024 Điều 50, 53, 58, 59; Thông tư 59/2015/TT-BLĐTBXH) -------------
# Maternity examples 1, 2, 4 and 5 of Circular 59/2015, republished (dates moved to 2020) at
# https://hddtvn.com/che-do-thai-san-2020-cach-tinh-tien-thai-san/.


def test_maternity_circular_59_example_1_and_2_the_twelve_months_before_the_birth():
    """Born 18/01/2020, January paid → 02/2019–01/2020. Born 14/12/2020 → 12/2019–11/2020."""
    jan = maternity_basis(birth=date(2020, 1, 18), wages=wages(("01/2018", "01/2020", 5_000_000)))
    assert jan.window == (Month(2019, 2), Month(2020, 1)) and jan.months_in_window == 12
    dec = maternity_basis(birth=date(2020, 12, 14), wages=wages(("01/2018", "08/2020", 5_000_000)))
    assert dec.window == (Month(2019, 12), Month(2020, 11)) and dec.months_in_window == 9


def test_maternity_circular_59_example_4_birth_month_counts_after_the_15th():
    """Chị Mai, born 16/3/2020: 10/2019–01/2020 at 5.000.000 đ, 02–03/2020 at 6.500.000 đ →
    (5.000.000 × 4 + 6.500.000 × 2) : 6 = 5.500.000 đ. (Before this fix the estimate left
    March out and averaged 5 months: 5.300.000 đ.)"""
    basis = maternity_basis(birth=date(2020, 3, 16),
                            wages=wages(("10/2019", "01/2020", 5_000_000), ("02/2020", "03/2020", 6_500_000)))  # fmt: skip
    assert basis.average == 5_500_000 and basis.months_in_window == 6
    result = maternity(average_wage=basis.average, reference_level=1_490_000, children=1,
                       months_in_last_12=basis.months_in_window, rates=MAT)  # fmt: skip
    assert result.total == 5_500_000 * 6 + 2 * 1_490_000


def test_maternity_circular_59_example_5_the_last_six_months_paid():
    """Chị Oanh, born 13/5/2020 after pregnancy leave (nothing paid 09/2019–04/2020):
    05/2017–04/2019 at 8.500.000 đ, 05–08/2019 at 7.000.000 đ →
    (7.000.000 × 4 + 8.500.000 × 2) : 6 = 7.500.000 đ."""
    basis = maternity_basis(birth=date(2020, 5, 13),
                            wages=wages(("05/2017", "04/2019", 8_500_000), ("05/2019", "08/2019", 7_000_000)))  # fmt: skip
    assert basis.average == 7_500_000
    assert basis.months_in_window == 4  # 05–08/2019: the 3-month rule of Art. 50 cl. 3 applies
    with pytest.raises(DomainError):  # without the pregnancy leave 4 months are not enough
        maternity(average_wage=basis.average, reference_level=1_490_000, children=1, months_in_last_12=4,
                  rates=MAT, months_paid=28)  # fmt: skip
    result = maternity(average_wage=basis.average, reference_level=1_490_000, children=1, months_in_last_12=4,
                       rates=MAT, pregnancy_leave=True, months_paid=28)  # fmt: skip
    assert result.total == 7_500_000 * 6 + 2 * 1_490_000
    with pytest.raises(DomainError):  # the 3-month rule needs 12 months paid in all
        maternity(average_wage=basis.average, reference_level=1_490_000, children=1, months_in_last_12=4,
                  rates=MAT, pregnancy_leave=True, months_paid=11)  # fmt: skip


def test_maternity_circular_59_examples_13_14_16_17_with_the_official_dates():
    """The same examples in the text of Circular 59/2015/TT-BLĐTBXH Arts 9 cl. 1 and 12 cl. 1
    (OCR copy cited for Ví dụ 34 above), with the circular's own dates. Ví dụ 13: chị A born
    18/01/2017, January paid → 02/2016–01/2017. Ví dụ 14: chị B left in 8/2017, born
    14/12/2017 → 12/2016–11/2017. Ví dụ 16: chị C born 16/3/2016, 10/2015–01/2016 at
    5.000.000 đ and 02–03/2016 at 6.500.000 đ → 5.500.000 đ. Ví dụ 17: chị D born 13/5/2017
    after pregnancy leave 9/2016–4/2017, 5/2014–4/2016 at 8.500.000 đ and 5–8/2016 at
    7.000.000 đ → 7.500.000 đ."""
    a = maternity_basis(birth=date(2017, 1, 18), wages=wages(("01/2015", "01/2017", 5_000_000)))
    assert a.window == (Month(2016, 2), Month(2017, 1))
    b = maternity_basis(birth=date(2017, 12, 14), wages=wages(("01/2015", "08/2017", 5_000_000)))
    assert b.window == (Month(2016, 12), Month(2017, 11))
    c = maternity_basis(birth=date(2016, 3, 16),
                        wages=wages(("10/2015", "01/2016", 5_000_000), ("02/2016", "03/2016", 6_500_000)))  # fmt: skip
    assert (c.average, c.months_in_window) == (5_500_000, 6)
    d = maternity_basis(birth=date(2017, 5, 13),
                        wages=wages(("05/2014", "04/2016", 8_500_000), ("05/2016", "08/2016", 7_000_000)))  # fmt: skip
    assert d.average == 7_500_000


def test_maternity_lump_sum_follows_the_reference_level():
    """Law 41/2024 Art. 58 cl. 4: 2 × the reference level per child — 4.680.000 đ from
    1/7/2024 (BHXH Việt Nam), 5.060.000 đ from 1/7/2026 (Decree 161/2026)."""
    for reference, lump in ((2_340_000, 4_680_000), (2_530_000, 5_060_000)):
        result = maternity(average_wage=8_000_000, reference_level=reference, children=1,
                           months_in_last_12=12, rates=MAT)  # fmt: skip
        assert result.facts["lump_sum"] == lump


# --- Ốm đau (Luật 41/2024 Điều 43, 45; Thông tư 59/2015/TT-BLĐTBXH) ----------------------
# Sickness examples 2 and 3 of Circular 59/2015, republished (dates moved to 2020) at
# https://hddtvn.com/che-do-om-dau-huong-bao-hiem-xa-hoi-nam-2020/.


def test_sickness_circular_59_example_2_heavy_work_when_ill_gives_40_days():
    """Bà A, 13 years paid, 30 days used in normal work, then heavy work from 10/2020: her
    limit is 40 days, so the 7 days from 25/10/2020 are paid."""
    result = sickness(wage=6_000_000, days=7, months_paid=13 * 12, rates=SICK, heavy_work=True,
                      days_used=30)  # fmt: skip
    assert (result.facts["allowed_days"], result.facts["days"]) == (40, 7)
    assert result.total == 6_000_000 * 3 // 4 * 7 // 24  # 75% : 24 × 7 = 1.312.500 đ
    assert "đã hưởng 30 ngày" in result.steps[0].formula


def test_sickness_circular_59_example_3_back_to_normal_work_nothing_left():
    """Bà B, 10 years paid, 37 days used in heavy work, then normal work from 09/2020: her
    limit is 30 days, so the 3 days from 26/9/2020 are not paid."""
    result = sickness(wage=6_000_000, days=3, months_paid=10 * 12, rates=SICK, days_used=37)
    assert (result.facts["allowed_days"], result.facts["days"], result.total) == (30, 0, 0)


# --- Tuổi nghỉ hưu (Bộ luật Lao động 2019 Điều 169; Nghị định 135/2020/NĐ-CP Phụ lục I) ----

MEN = RetirementAges(before=720, first=723, step=3, last=744)
WOMEN = RetirementAges(before=660, first=664, step=4, last=720)


@pytest.mark.parametrize(("sex", "born", "reached", "age"), [
    (1, "1961-09-01", "12/2021", (60, 3)), (1, "1961-10-01", "04/2022", (60, 6)),
    (1, "1962-07-01", "04/2023", (60, 9)), (1, "1963-04-01", "04/2024", (61, 0)),
    (1, "1966-04-01", "04/2028", (62, 0)), (1, "1960-05-01", "05/2020", (60, 0)),
    (2, "1966-08-01", "12/2021", (55, 4)), (2, "1966-09-01", "05/2022", (55, 8)),
    (2, "1967-05-01", "05/2023", (56, 0)), (2, "1980-05-01", "05/2040", (60, 0)),
])  # fmt: skip
def test_retirement_age_follows_the_decree_135_table(sex, born, reached, age):
    """Decree 135/2020 Appendix I cohorts: men born 01–09/1961 retire at 60 years 3 months,
    10/1961–06/1962 at 60 years 6 months, …, from 04/1966 at 62; women born 01–08/1966 at
    55 years 4 months, 09/1966–04/1967 at 55 years 8 months, …, 60 from 05/1980."""
    birth = date.fromisoformat(born)
    month = retirement_month(birth=birth, ages=MEN if sex == 1 else WOMEN)
    assert str(month) == reached
    assert divmod(month.index - Month(birth.year, birth.month).index, 12) == age
