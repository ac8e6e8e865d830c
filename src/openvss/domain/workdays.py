"""Working days (ngày làm việc): the deadlines the law gives the agency, e.g. a new BHYT card
"within 7 working days" of a complete request. Saturdays, Sundays and public holidays do not
count; the holidays are dated legal data passed in (legal/data/holidays.json)."""

from collections.abc import Collection
from datetime import date, timedelta


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The ``days``-th working day after ``start`` (the day of the request does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            days -= 1
    return day
