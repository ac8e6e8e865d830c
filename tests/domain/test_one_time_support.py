"""BHXH một lần without the State's support for voluntary BHXH.

The rule: Law 58/2014/QH13 Art. 60 cl. 3 and Circular 59/2015/TT-BLĐTBXH Art. 19 cl. 3 (from
2016), Law 41/2024/QH15 Art. 70 cl. 3–4 and Art. 102 cl. 3 (from 1/7/2025): the one-time amount
is computed as if nothing had been supported, then the support is taken off; the support is
Σ over the voluntary months of 0,22 × the rural poverty line of month i × the support ratio of
month i (Circular 59 Art. 19 cl. 3, the formula after the clause). Circular 59 gives no worked
example for this clause (its Ví dụ 34 belongs to cl. 4), so the figures below are worked by
hand from that formula with the dated figures of legal.json: the poverty line 700.000 đ
(Decision 59/2015/QĐ-TTg) until 2021 and 1.500.000 đ (Decree 07/2021) from 2022; support 30% /
25% / 10% (Decree 134/2015 Art. 14, from 1/1/2018), then 50% / 40% / 30% / 20% (Decree
159/2025 Art. 5, from 1/7/2025, at most 120 months).
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from openvss.domain.estimates import (
    Adjustment,
    OneTimeRates,
    RecordedSupport,
    SupportCap,
    SupportRun,
    WagePeriod,
    one_time_bhxh,
    one_time_less_support,
    voluntary_support,
)
from openvss.domain.months import Month

D = Decimal
RATES = OneTimeRates(months_before=D("1.5"), months_after=D(2))
NO_ADJUSTMENT = Adjustment({})  # every coefficient 1, so the average is plain arithmetic
CITE = "Luật BHXH 58/2014/QH13 Điều 60 khoản 3; Thông tư 59/2015/TT-BLĐTBXH Điều 19 khoản 3"


def m(text: str) -> Month:
    return Month.parse(text)


def run(start: str, end: str, floor: int, ratio: str) -> SupportRun:
    return SupportRun(m(start), m(end), D("0.22"), floor, D(ratio))


# 4 years compulsory at 6.000.000 đ, then 4 years voluntary at 2.000.000 đ.
MIXED = [WagePeriod(m("01/2016"), m("12/2019"), 6_000_000),
         WagePeriod(m("01/2020"), m("12/2023"), 2_000_000)]  # fmt: skip


def test_deduction_worked_by_hand_for_a_mixed_history():
    """Average (6.000.000 × 48 + 2.000.000 × 48) : 96 = 4.000.000 đ; 8 years from 2014 × 2
    months = 64.000.000 đ before the deduction. Support ("other", 10%): 01/2020–12/2021
    10% × 22% × 700.000 = 15.400 đ × 24 = 369.600 đ; 01/2022–12/2023 10% × 22% × 1.500.000
    = 33.000 đ × 24 = 792.000 đ; together 1.161.600 đ, so 62.838.400 đ is paid."""
    gross = one_time_bhxh(MIXED, NO_ADJUSTMENT, RATES)
    assert gross.total == 64_000_000
    runs = [run("01/2020", "12/2021", 700_000, "0.1"), run("01/2022", "12/2023", 1_500_000, "0.1")]
    result = one_time_less_support(gross, runs, cite=CITE)
    assert result.total == 64_000_000 - 1_161_600 == 62_838_400
    assert (result.facts["before_support"], result.facts["state_support"]) == (
        64_000_000,
        1_161_600,
    )
    assert result.facts["voluntary_months"] == 48 and result.facts["average"] == 4_000_000
    formulas = [s.formula for s in result.steps]
    assert "10% × 22% × 700.000 đ = 15.400 đ; 15.400 đ × 24 tháng = 369.600 đ" in formulas
    assert "10% × 22% × 1.500.000 đ = 33.000 đ; 33.000 đ × 24 tháng = 792.000 đ" in formulas
    assert "369.600 đ + 792.000 đ = 1.161.600 đ" in formulas
    last = result.steps[-1]
    assert last.label == "Trừ số tiền Nhà nước hỗ trợ đóng BHXH tự nguyện"
    assert last.formula == "64.000.000 đ − 1.161.600 đ = 62.838.400 đ" and last.cite == CITE
    assert last.amount == result.total
    # The steps before the deduction are the calculator's own, unchanged.
    assert result.steps[: len(gross.steps)] == gross.steps


def test_support_follows_the_category_and_the_ratio_in_force():
    """Poor household: 30% until 30/6/2025 (Decree 134/2015), 50% from 1/7/2025 (Decree
    159/2025): 30% × 22% × 1.500.000 = 99.000 đ, 50% × … = 165.000 đ a month."""
    total, _ = voluntary_support([run("01/2025", "06/2025", 1_500_000, "0.3"),
                                  run("07/2025", "12/2025", 1_500_000, "0.5")])  # fmt: skip
    assert total == 99_000 * 6 + 165_000 * 6 == 1_584_000
    near_poor, _ = voluntary_support([run("01/2024", "12/2024", 1_500_000, "0.25")])
    assert near_poor == 82_500 * 12


def test_months_before_the_support_existed_take_nothing_off():
    """Voluntary months before 1/1/2018 had no State support (ratio 0)."""
    gross = one_time_bhxh(MIXED, NO_ADJUSTMENT, RATES)
    runs = [SupportRun(m("01/2016"), m("12/2017"), D(0), 0, D(0))]
    result = one_time_less_support(gross, runs, cite=CITE)
    assert result.total == gross.total and result.facts["state_support"] == 0
    assert "24 tháng × 0 đ = 0 đ" in [s.formula for s in result.steps]


def test_at_most_120_supported_months_from_july_2025():
    """Decree 159/2025 Art. 5: 10 years at most. 18 months at 66.000 đ (20% × 22% ×
    1.500.000), then 102 of the next 114 months at 96.800 đ (20% × 22% × 2.200.000);
    the last 12 months get nothing."""
    cap = SupportCap(m("07/2025"), 120, "Nghị định 159/2025/NĐ-CP Điều 5")
    runs = [
        run("07/2025", "12/2026", 1_500_000, "0.2"),
        run("01/2027", "06/2036", 2_200_000, "0.2"),
    ]
    total, steps = voluntary_support(runs, cap=cap)
    assert total == 66_000 * 18 + 96_800 * 102 == 11_061_600
    refused = [s for s in steps if s.label.startswith("Vượt quá")]
    assert len(refused) == 1 and refused[0].formula == "12 tháng × 0 đ = 0 đ"
    assert refused[0].params == {"max": 120}
    # Months before the cap's start do not use it up.
    early, _ = voluntary_support([run("01/2018", "12/2024", 700_000, "0.1"), *runs], cap=cap)
    assert early == 15_400 * 84 + 11_061_600


def test_compulsory_only_history_is_unchanged():
    compulsory = [WagePeriod(m("01/2016"), m("12/2023"), 5_000_000)]
    gross = one_time_bhxh(compulsory, NO_ADJUSTMENT, RATES)
    assert one_time_less_support(gross, [], cite=CITE) is gross
    assert gross.total == 80_000_000 and "state_support" not in gross.facts


def test_grave_illness_keeps_the_support_in():
    """Law 41/2024 Art. 70 cl. 4: paid for cancer, paralysis… or ≥ 81% loss of capacity,
    the amount includes the State's support."""
    gross = one_time_bhxh(MIXED, NO_ADJUSTMENT, RATES)
    runs = [run("01/2022", "12/2023", 1_500_000, "0.1")]
    result = one_time_less_support(gross, runs, cite=CITE, exempt=True)
    assert result.total == gross.total == 64_000_000
    assert result.facts["state_support"] == 792_000
    assert result.steps[-1].label == "Không trừ số tiền Nhà nước hỗ trợ đóng BHXH tự nguyện"


def test_never_below_zero():
    """Figures no law has set (a 20.000.000 đ line at 50%) make the support larger than
    three months' amount (22% × 4.500.000 = 990.000 đ): the result is 0, not negative."""
    short = [WagePeriod(m("01/2024"), m("03/2024"), 1_500_000)]
    gross = one_time_bhxh(short, NO_ADJUSTMENT, RATES)
    assert gross.total == 990_000
    result = one_time_less_support(gross, [run("01/2024", "03/2024", 20_000_000, "0.5")], cite=CITE)
    assert result.total == 0
    assert result.steps[-1].formula == "max(0; 990.000 đ − 6.600.000 đ) = 0 đ"


runs_strategy = st.lists(
    st.tuples(
        st.integers(min_value=2010 * 12, max_value=2040 * 12),  # first month
        st.integers(min_value=1, max_value=60),  # months
        st.sampled_from([0, 700_000, 1_500_000, 2_200_000, 10_000_000]),
        st.sampled_from(["0", "0.1", "0.2", "0.25", "0.3", "0.4", "0.5"]),
    ),
    max_size=6,
)


def _runs(raw) -> list[SupportRun]:
    return [SupportRun(Month.from_index(i), Month.from_index(i + n - 1), D("0.22"), floor, D(ratio))
            for i, n, floor, ratio in raw]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    wage=st.integers(min_value=0, max_value=100_000_000),
    months=st.integers(min_value=1, max_value=480),
    raw=runs_strategy,
    cap=st.none() | st.integers(min_value=0, max_value=200),
)
def test_property_never_negative_never_above_the_amount(wage, months, raw, cap):
    periods = [WagePeriod(m("01/2005"), Month.from_index(m("01/2005").index + months - 1), wage)]
    gross = one_time_bhxh(periods, NO_ADJUSTMENT, RATES)
    runs = _runs(raw)
    limit = None if cap is None else SupportCap(m("07/2025"), cap)
    result = one_time_less_support(gross, runs, cite=CITE, cap=limit)
    support, _ = voluntary_support(runs, cap=limit)
    assert support >= 0
    assert 0 <= result.total <= gross.total
    assert result.total == (max(0, gross.total - support) if runs else gross.total)
    # One more supported run never raises the amount.
    more = one_time_less_support(gross, [*runs, *_runs([(2041 * 12, 12, 1_500_000, "0.2")])],
                                 cite=CITE, cap=limit)  # fmt: skip
    assert more.total <= result.total


# --- Support recorded when the months were paid (an order paid through the app) -------------


def rec(start: str, end: str, amount: int) -> RecordedSupport:
    return RecordedSupport(m(start), m(end), amount)


def test_recorded_support_is_taken_as_recorded_and_the_rest_estimated():
    """2020–2021 computed ("other" 10% × 22% × 700.000 = 15.400 đ × 24 = 369.600 đ); 2022–2023
    recorded when paid as a poor household, 99.000 đ × 24 = 2.376.000 đ (computed "other"
    would be 792.000 đ): 2.745.600 đ taken off."""
    gross = one_time_bhxh(MIXED, NO_ADJUSTMENT, RATES)
    runs = [run("01/2020", "12/2021", 700_000, "0.1")]
    result = one_time_less_support(
        gross, runs, cite=CITE, recorded=[rec("01/2022", "12/2023", 2_376_000)]
    )
    assert result.total == 64_000_000 - 2_745_600
    facts = result.facts
    assert (facts["state_support"], facts["state_support_recorded"], facts["state_support_estimated"]) == (
        2_745_600, 2_376_000, 369_600)  # fmt: skip
    assert (facts["voluntary_months"], facts["recorded_months"]) == (48, 24)
    shown = [(s.label % s.params, s.formula) for s in result.steps[len(gross.steps) : -1]]
    assert shown == [
        ("Nhà nước hỗ trợ 01/2020–12/2021 (ước tính)",
         "10% × 22% × 700.000 đ = 15.400 đ; 15.400 đ × 24 tháng = 369.600 đ"),
        ("Nhà nước hỗ trợ 01/2022–12/2023 (đã ghi nhận khi đóng)", "99.000 đ × 24 tháng = 2.376.000 đ"),
        ("Tổng số tiền Nhà nước đã hỗ trợ", "369.600 đ + 2.376.000 đ = 2.745.600 đ"),
    ]  # fmt: skip


def test_months_recorded_without_support_take_nothing_off():
    """Paid once for the missing years (Law 41/2024 Art. 36 cl. 2(e)): recorded 0."""
    gross = one_time_bhxh(MIXED, NO_ADJUSTMENT, RATES)
    result = one_time_less_support(gross, [], cite=CITE, recorded=[rec("01/2020", "12/2023", 0)])
    assert result.total == gross.total and result.facts["state_support"] == 0
    assert result.steps[-2].formula == "0 đ × 48 tháng = 0 đ"


def test_months_paid_one_by_one_are_one_step():
    """Twelve monthly payments at the same support are one run; a change of support starts
    another; a gap too."""
    monthly = [rec(f"{i:02d}/2026", f"{i:02d}/2026", 66_000) for i in range(1, 13)]
    total, steps = voluntary_support([], recorded=[*monthly, rec("01/2027", "01/2027", 96_800),
                                                   rec("03/2027", "03/2027", 96_800)])  # fmt: skip
    assert total == 66_000 * 12 + 96_800 * 2
    assert [(s.params["span"], s.formula) for s in steps if s.params] == [
        ("01/2026–12/2026", "66.000 đ × 12 tháng = 792.000 đ"),
        ("01/2027–01/2027", "96.800 đ × 1 tháng = 96.800 đ"),
        ("03/2027–03/2027", "96.800 đ × 1 tháng = 96.800 đ"),
    ]


def test_recorded_supported_months_use_up_the_cap_for_the_computed_ones():
    """Decree 159/2025 Art. 5: 115 supported months recorded from 07/2025, so only 5 of the
    12 computed months after them are supported; recorded months with no support do not
    count, and recorded amounts are never cut."""
    cap = SupportCap(m("07/2025"), 120, "Nghị định 159/2025/NĐ-CP Điều 5")
    later = [run("02/2035", "01/2036", 1_500_000, "0.2")]
    total, _ = voluntary_support(later, cap=cap, recorded=[rec("07/2025", "01/2035", 66_000 * 115)])
    assert total == 66_000 * 115 + 66_000 * 5
    free, _ = voluntary_support(later, cap=cap, recorded=[rec("07/2025", "01/2035", 0)])
    assert free == 66_000 * 12


@settings(max_examples=100, deadline=None)
@given(
    raw=runs_strategy,
    recorded=st.lists(
        st.tuples(
            st.integers(min_value=2015 * 12, max_value=2040 * 12),
            st.integers(min_value=1, max_value=60),
            st.integers(min_value=0, max_value=200_000),  # a month
        ),
        max_size=5,
    ),
    cap=st.none() | st.integers(min_value=0, max_value=200),
)
def test_property_recorded_amounts_are_taken_whole(raw, recorded, cap):
    """Whatever the cap, the recorded amounts are all taken off, and the computed part is
    never more than without them."""
    gross = one_time_bhxh(
        [WagePeriod(m("01/2005"), m("12/2040"), 50_000_000)], NO_ADJUSTMENT, RATES
    )
    runs = _runs(raw)
    items = [
        RecordedSupport(Month.from_index(i), Month.from_index(i + n - 1), a * n)
        for i, n, a in recorded
    ]
    limit = None if cap is None else SupportCap(m("07/2025"), cap)
    total, _ = voluntary_support(runs, cap=limit, recorded=items)
    alone, _ = voluntary_support(runs, cap=limit)
    assert alone >= total - sum(r.amount for r in items) >= 0
    result = one_time_less_support(gross, runs, cite=CITE, cap=limit, recorded=items)
    assert result.total == (max(0, gross.total - total) if runs or items else gross.total)
