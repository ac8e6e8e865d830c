from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvss.domain.card_changes import (
    correction_changes,
    facility_change_window,
    next_quarter_start,
    quarter_start,
)
from openvss.domain.errors import DomainError


@pytest.mark.parametrize(
    ("day", "days", "open_"),
    [
        (date(2026, 1, 1), 15, True),
        (date(2026, 1, 15), 15, True),
        (date(2026, 1, 16), 15, False),
        (date(2026, 2, 5), 15, False),  # second month of the quarter
        (date(2026, 4, 10), 10, True),
        (date(2026, 4, 11), 10, False),  # the old 10-day rule
        (date(2026, 10, 15), 15, True),
        (date(2026, 12, 31), 15, False),
    ],
)
def test_the_window_is_the_first_days_of_each_quarter(day, days, open_):
    assert facility_change_window(day, days=days).open is open_


def test_a_closed_window_names_the_next_one():
    window = facility_change_window(date(2026, 11, 24), days=15)
    assert (window.start, window.end) == (date(2026, 10, 1), date(2026, 10, 15))
    assert window.next_start == date(2027, 1, 1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(1, 28))
def test_window_properties(day, days):
    window = facility_change_window(day, days=days)
    assert window.start.day == 1 and window.start.month in (1, 4, 7, 10)
    assert window.start <= day < window.next_start
    assert (window.next_start - window.start) <= timedelta(days=92)
    assert window.open == ((day - window.start).days < days)
    assert quarter_start(next_quarter_start(day)) == next_quarter_start(day)


def test_a_window_length_outside_a_month_is_refused():
    with pytest.raises(DomainError):
        facility_change_window(date(2026, 1, 1), days=0)


def test_correction_keeps_only_what_changes():
    current = {"full_name": "Nguyễn Văn An", "birth_date": date(1990, 3, 15), "sex": 1}
    wanted = {"full_name": "Nguyễn Văn Ân", "birth_date": date(1990, 3, 15), "sex": None}
    assert correction_changes(current, wanted) == {"full_name": "Nguyễn Văn Ân"}


def test_a_correction_that_changes_nothing_is_refused():
    current = {"full_name": "Nguyễn Văn An", "birth_date": date(1990, 3, 15), "sex": 1}
    with pytest.raises(DomainError) as caught:
        correction_changes(current, dict(current))
    assert caught.value.code == "no_change"
