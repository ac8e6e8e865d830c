import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvss.domain.errors import DomainError
from openvss.domain.months import Month, Span, format_duration, overlapping_pairs, union_months
from openvss.domain.text import fold, names_match, nfc


def span(a: str, b: str) -> Span:
    return Span(Month.parse(a), Month.parse(b))


def test_month_parsing_and_display():
    assert str(Month.parse("02/2020")) == "02/2020"
    assert Month.parse("022020") == Month(2020, 2)
    assert Month(2020, 12) + 1 == Month(2021, 1)
    assert Month(2021, 1) + -1 == Month(2020, 12)


@pytest.mark.parametrize("text", ["13/2020", "00/2020", "2020/02", "ab/cdef", "", "2/20"])
def test_bad_months_are_rejected(text):
    with pytest.raises(DomainError):
        Month.parse(text)


def test_span_must_not_end_before_it_starts():
    with pytest.raises(DomainError) as info:
        span("05/2020", "04/2020")
    assert info.value.code == "span_order"


def test_the_seed_history_counts_a_month_paid_twice_once():
    # Seed 004 §1.5: rows 06/2017–12/2017, 07/2017, 06/2017 overlap each other.
    rows = [
        span("02/2020", "09/2020"),
        span("06/2017", "12/2017"),
        span("07/2017", "07/2017"),
        span("06/2017", "06/2017"),
        span("10/2016", "05/2017"),
    ]
    assert union_months(rows) == 8 + 7 + 8
    assert overlapping_pairs(rows) == {1, 2, 3}


@pytest.mark.parametrize(
    ("months", "text"), [(146, "12 năm 2 tháng"), (60, "5 năm"), (3, "3 tháng"), (0, "0 tháng")]
)
def test_duration_is_shown_in_years_and_months(months, text):
    assert format_duration(months) == text


def test_duration_takes_its_words_from_the_caller():
    def years(n):
        return f"{n} year" + ("s" if n != 1 else "")

    def months(n):
        return f"{n} month" + ("s" if n != 1 else "")

    words = {"years_text": years, "months_text": months}
    assert format_duration(258, **words) == "21 years 6 months"
    assert format_duration(13, **words) == "1 year 1 month"
    assert format_duration(24, **words) == "2 years"
    assert format_duration(0, **words) == "0 months"


month_st = st.builds(Month, st.integers(1990, 2030), st.integers(1, 12))
span_st = st.builds(lambda a, n: Span(a, a + n), month_st, st.integers(0, 60))


@given(st.lists(span_st, max_size=12))
def test_union_equals_the_set_of_months(spans):
    expected = set()
    for s in spans:
        expected.update(s.indices())
    assert union_months(spans) == len(expected)
    assert union_months(spans) <= sum(s.months for s in spans)


@given(st.lists(span_st, max_size=10))
def test_overlap_flags_match_brute_force(spans):
    expected = {
        i for i, a in enumerate(spans) for j, b in enumerate(spans) if i != j and a.overlaps(b)
    }
    assert overlapping_pairs(spans) == expected


@given(st.lists(span_st, max_size=8), st.randoms())
def test_union_does_not_depend_on_row_order(spans, rnd):
    shuffled = spans[:]
    rnd.shuffle(shuffled)
    assert union_months(spans) == union_months(shuffled)


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Nguyễn Văn Đông") == "nguyen van dong"
    assert fold("  TRẦN   thị   BÌNH ") == "tran thi binh"
    assert names_match("Nguyễn Văn An", "NGUYEN VAN AN")


@given(st.text(max_size=50))
def test_fold_is_idempotent_and_nfc_is_stable(text):
    assert fold(fold(text)) == fold(text)
    assert nfc(nfc(text)) == nfc(text)


def test_nfc_composes_decomposed_input():
    decomposed = "Nguye\u0302\u0303n"
    assert nfc(decomposed) == "Nguyễn"


def test_totals_are_kept_per_scheme():
    from openvss.domain.months import totals_by_scheme

    rows = [
        ("BHXH", span("01/2020", "12/2020")),
        ("BHXH", span("06/2020", "06/2021")),  # a second employer: overlapping months once
        ("BHTN", span("01/2020", "12/2020")),
    ]
    assert totals_by_scheme(rows) == {"BHXH": 18, "BHTN": 12}
