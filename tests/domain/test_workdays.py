from datetime import date

import pytest

from openvss.domain.workdays import add_working_days, is_working_day

LABOUR_DAY = {date(2026, 4, 30), date(2026, 5, 1)}


def test_weekends_do_not_count():
    # A request on Friday 20/11/2026: the 7th working day is Tuesday 1/12.
    assert add_working_days(date(2026, 11, 20), 7, set()) == date(2026, 12, 1)
    assert add_working_days(date(2026, 11, 20), 1, set()) == date(2026, 11, 23)


def test_public_holidays_do_not_count():
    # Tuesday 28/4/2026: 29/4, then 30/4 and 1/5 are holidays, then the weekend.
    assert add_working_days(date(2026, 4, 28), 7, LABOUR_DAY) == date(2026, 5, 11)
    assert not is_working_day(date(2026, 4, 30), LABOUR_DAY)
    assert is_working_day(date(2026, 4, 29), LABOUR_DAY)


def test_no_days_is_the_same_day_and_negative_is_refused():
    assert add_working_days(date(2026, 11, 21), 0, set()) == date(2026, 11, 21)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 21), -1, set())
