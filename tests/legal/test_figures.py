from datetime import date
from decimal import Decimal

import pytest

from openvss.domain.contributions import voluntary_bhxh
from openvss.domain.errors import DomainError
from openvss.domain.months import Month
from openvss.legal import selectors as legal
from openvss.legal.models import BeneficiaryGroup, LegalParameter
from openvss.legal.selectors import group_on, parameter_on
from openvss.legal.services import legal_reference_load

pytestmark = pytest.mark.django_db


def test_base_salary_is_dated_data():
    assert parameter_on("base_salary", date(2026, 6, 30)) == 2_340_000
    assert parameter_on("base_salary", date(2026, 7, 1)) == 2_530_000
    assert parameter_on("regional_min_wage_1", date(2026, 1, 1)) == 5_310_000


def test_group_codes_carry_their_benefit_level_over_time():
    assert group_on("DN", date(2026, 1, 1)).benefit_level.fund_percent == 80
    assert group_on("QN", date(2026, 1, 1)).benefit_level_id == 5
    assert group_on("CT", date(2017, 1, 1)) is None  # added by Decree 146/2018 from 1/12/2018
    assert group_on("CT", date(2019, 1, 1)).benefit_level_id == 2
    assert group_on("XX", date(2026, 1, 1)) is None


def test_loading_legal_figures_is_idempotent():
    before = (LegalParameter.objects.count(), BeneficiaryGroup.objects.count())
    legal_reference_load()
    assert (LegalParameter.objects.count(), BeneficiaryGroup.objects.count()) == before


# --- Dated figures added for issue 13 (sources in legal.json / salary_adjustment.json) ----


def test_voluntary_floor_is_the_rural_poverty_line_of_its_period():
    """Decree 351/2025/NĐ-CP (poverty line 2026–2030) keeps the 2022–2025 line (1.500.000 đ)
    through 2026; the rural line is 2.200.000 đ from 1/1/2027, so the floor and the support
    move with it. As reported by sggp.org.vn/nang-chuan-ngheo-da-chieu-quoc-gia-giai-doan-
    2027-2030-post831518.html (31/12/2025) and huengaynay.vn/chinh-tri-xa-hoi/an-sinh-xa-hoi/
    chuan-ngheo-da-chieu-quoc-gia-giai-doan-2026-2030-161540.html."""
    end_2026, start_2027 = (legal.voluntary_rates_on(date(2026, 12, 31), "other"),
                            legal.voluntary_rates_on(date(2027, 1, 1), "other"))  # fmt: skip
    assert (end_2026.floor, start_2027.floor) == (1_500_000, 2_200_000)
    assert "2026–2030" in parameter_source("vss_voluntary_floor", date(2027, 1, 1))
    for day in (date(2026, 1, 1), date(2027, 1, 1)):
        assert "351/2025/NĐ-CP" in parameter_source("vss_voluntary_floor", day)
    before = voluntary_bhxh(income=2_200_000, months=1, rates=end_2026)
    after = voluntary_bhxh(income=2_200_000, months=1, rates=start_2027)
    assert (before.facts["support_monthly"], after.facts["support_monthly"]) == (66_000, 96_800)
    assert (before.total, after.total) == (484_000 - 66_000, 484_000 - 96_800)
    with pytest.raises(DomainError):  # 1.500.000 đ is below the 2027 floor
        voluntary_bhxh(income=1_500_000, months=1, rates=start_2027)


def test_voluntary_support_and_ceiling_change_on_their_dates():
    """Decree 134/2015 (10% for others) until 30/6/2025, Decree 159/2025 (20%) from 1/7/2025;
    the ceiling is 20 × the reference level: 46.800.000 đ, then 50.600.000 đ from 1/7/2026."""
    assert legal.voluntary_rates_on(date(2025, 6, 30), "other").support_ratio == Decimal("0.1")
    rates = legal.voluntary_rates_on(date(2025, 7, 1), "other")
    assert rates.support_ratio == Decimal("0.2") and "Điều 5" in rates.support_cite
    assert legal.voluntary_rates_on(date(2026, 6, 30), "poor").ceiling == 46_800_000
    assert legal.voluntary_rates_on(date(2026, 7, 1), "poor").ceiling == 50_600_000


def test_paying_ahead_needs_the_funds_rate_of_the_year():
    with pytest.raises(DomainError) as error:
        legal.lump_sum_rates_on(date(2025, 12, 31))
    assert error.value.code == "legal_figure_missing"
    lump = legal.lump_sum_rates_on(date(2026, 1, 1))
    assert (lump.monthly_rate, lump.min_years, lump.max_years) == (Decimal("0.0031"), 2, 5)
    assert "Điều 36 khoản 2 điểm đ" in lump.cite


def test_salary_adjustment_tables_by_year_of_settlement():
    """Circular 20/2023 (2024), Circular 01/2025 (2025), VSS letter 340/BHXH-CSXH (2026)."""
    tables = {day.year: legal.salary_adjustment_on(day) for day in
              (date(2024, 12, 31), date(2025, 1, 1), date(2026, 1, 1))}  # fmt: skip
    assert [tables[y].for_year(2010) for y in (2024, 2025, 2026)] == [Decimal("1.83"), Decimal("1.90"),
                                                                       Decimal("1.96")]  # fmt: skip
    assert [tables[y].for_year(1990) for y in (2024, 2025, 2026)] == [Decimal("5.43"), Decimal("5.63"),
                                                                       Decimal("5.81")]  # fmt: skip
    assert tables[2026].for_year(2024) == Decimal("1.03") and tables[2026].for_year(2026) == 1
    assert "01/2025/TT-BLĐTBXH" in tables[2025].source and "340/BHXH-CSXH" in tables[2026].source


def test_article_numbers_follow_the_text_of_law_41():
    """Checked against the text of Law 41/2024: sickness Art. 45 (days Art. 43), one-time
    BHXH Art. 70 cl. 3, maternity Arts 53, 58 cl. 4, 59 cl. 1; the 2014 law's before."""
    sick = legal.sickness_rates_on(date(2025, 7, 1))
    assert "Điều 45 khoản 2" in sick.cite and sick.days_cite.endswith("Điều 43 khoản 1")
    old = legal.sickness_rates_on(date(2025, 6, 30))
    assert "58/2014/QH13 Điều 28" in old.cite and old.days_cite.endswith("Điều 26 khoản 1")
    assert legal.one_time_rates_on(date(2025, 7, 1)).cite.endswith("Điều 70 khoản 3")
    rates, _reference = legal.maternity_rates_on(date(2025, 7, 1))
    assert "Điều 59 khoản 1" in rates.cite and "Điều 58 khoản 4" in rates.lump_cite


def test_sickness_days_are_dated_rows():
    sick = legal.sickness_rates_on(date(2026, 1, 1))
    assert sick.entitlements == ((15, 30, 40), (30, 40, 50), (None, 60, 70))


def parameter_source(key: str, day: date) -> str:
    return legal.parameters_on([key], day)[key][1]


def test_every_shipped_text_fits_its_column():
    """PostgreSQL refuses a value longer than its column, which SQLite accepts silently: the
    shipped data must load on both."""
    import json
    from importlib import resources

    from openvss.legal.models import LegalParameter

    data = json.loads((resources.files("openvss.legal") / "data" / "legal.json").read_text("utf-8"))
    limits = [LegalParameter._meta.get_field(f).max_length
              for f in ("key", None, None, "unit", "description", "source") if f]  # fmt: skip
    for row in data["parameters"]:
        key, _from, _value, unit, description, source = row
        for text, limit in zip((key, unit, description, source), limits, strict=True):
            assert len(text) <= limit, (key, _from, text)


def test_voluntary_support_runs_follow_the_figures_of_each_month():
    """The State's support for each voluntary month, with the figures in force in that month
    (Circular 59/2015/TT-BLĐTBXH Art. 19 cl. 3): none before 1/1/2018 (Decree 134/2015 Art.
    14), 10% of 22% × 700.000 đ until 2021, × 1.500.000 đ from 2022, 20% from 1/7/2025
    (Decree 159/2025), and the 2026 poverty line row (Decree 351/2025) starts a new run."""
    months = range(Month(2017, 12).index, Month(2026, 1).index + 1)
    runs, cap = legal.voluntary_support_runs(months, "other", date(2026, 2, 1))
    shown = [(str(r.start), str(r.end), r.floor, r.ratio, r.monthly) for r in runs]
    assert shown == [
        ("12/2017", "12/2017", 0, Decimal(0), 0),
        ("01/2018", "12/2021", 700_000, Decimal("0.1"), 15_400),
        ("01/2022", "06/2025", 1_500_000, Decimal("0.1"), 33_000),
        ("07/2025", "12/2025", 1_500_000, Decimal("0.2"), 66_000),
        ("01/2026", "01/2026", 1_500_000, Decimal("0.2"), 66_000),
    ]
    assert "134/2015" in runs[0].cite and "351/2025" in runs[-1].cite
    assert (str(cap.since), cap.months) == ("07/2025", 120) and "159/2025" in cap.cite
    # Before 1/7/2025 there was no limit; a gap in the months starts a new run.
    _, no_cap = legal.voluntary_support_runs([Month(2024, 1).index], "poor", date(2025, 6, 30))
    assert no_cap is None
    gap, _ = legal.voluntary_support_runs(
        [Month(2024, 1).index, Month(2024, 3).index], "poor", date(2025, 6, 30)
    )
    assert [(str(r.start), r.months, r.monthly) for r in gap] == [("01/2024", 1, 99_000),
                                                                   ("03/2024", 1, 99_000)]  # fmt: skip
    assert legal.voluntary_support_runs([], "other", date(2026, 1, 1)) == ([], None)


def test_one_time_bhxh_leaves_out_the_states_support_under_both_laws():
    before = legal.one_time_rates_on(date(2025, 6, 30))
    after = legal.one_time_rates_on(date(2025, 7, 1))
    assert before.less_support and after.less_support
    assert "58/2014/QH13 Điều 60 khoản 3" in before.support_cite
    assert "59/2015/TT-BLĐTBXH Điều 19 khoản 3" in before.support_cite
    assert "41/2024/QH15 Điều 70 khoản 3, khoản 4; Điều 102 khoản 3" in after.support_cite
