"""Working-day deadlines from dated legal data (legal.json, holidays.json)."""

from datetime import date

import pytest

from openvss.legal.selectors import public_holidays, working_deadline

pytestmark = pytest.mark.django_db


def test_the_labour_codes_fixed_holidays_are_known_every_year():
    holidays = public_holidays({2026, 2027})
    for day in (date(2026, 1, 1), date(2026, 4, 30), date(2026, 5, 1), date(2026, 9, 2)):
        assert day in holidays
    assert date(2027, 9, 2) in holidays and date(2026, 9, 3) not in holidays


def test_a_card_is_due_seven_working_days_after_the_request(reference_data):
    assert working_deadline("card_issue_working_days", date(2026, 4, 28)) == (7, date(2026, 5, 11))
    # A request on 29/12/2026 counts 1/1/2027 as a holiday of the next year.
    assert working_deadline("card_issue_working_days", date(2026, 12, 29)) == (
        7,
        date(2027, 1, 8),
    )


def test_no_deadline_before_the_law_gave_one(reference_data):
    assert working_deadline("card_issue_working_days", date(2008, 1, 2)) is None
    assert working_deadline("no_such_parameter", date(2026, 1, 2)) is None
