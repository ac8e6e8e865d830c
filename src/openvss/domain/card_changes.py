"""Rules for changing a BHYT card (cấp lại, đổi thẻ): when the first-registration facility may
be changed, and what a correction changes. Pure: the legal figures come in as arguments.

Changing the first-registration facility (đổi nơi đăng ký KCB ban đầu) is allowed only in the
first days of each quarter (1 January, 1 April, 1 July, 1 October):
- Law on Health Insurance 25/2008/QH12 Art. 26 cl. 2: "vào đầu mỗi quý", applied as the
  first 10 days of the quarter's first month;
- from 1/7/2025, Art. 26 as amended by Law 51/2024/QH15: the first 15 days of each quarter.
The number of days is the dated legal parameter ``bhyt_facility_change_days``
(legal/data/legal.json), never a constant here.
"""

from dataclasses import dataclass
from datetime import date

from .errors import N_, DomainError

QUARTER_FIRST_MONTHS = (1, 4, 7, 10)


@dataclass(frozen=True, slots=True)
class ChangeWindow:
    """The quarter's window around ``day``: open or not, and when it opens next."""

    open: bool
    start: date  # first day of the window of the quarter that holds ``day``
    end: date  # last day of that window
    next_start: date  # first day of the next quarter's window


def quarter_start(day: date) -> date:
    return date(day.year, QUARTER_FIRST_MONTHS[(day.month - 1) // 3], 1)


def next_quarter_start(day: date) -> date:
    start = quarter_start(day)
    return date(start.year + 1, 1, 1) if start.month == 10 else date(start.year, start.month + 3, 1)


def facility_change_window(day: date, *, days: int) -> ChangeWindow:
    """Whether ``day`` is within the first ``days`` days of its quarter."""
    if not 1 <= days <= 28:
        raise DomainError(N_("Số ngày được đổi nơi KCB ban đầu không hợp lệ."), code="bad_window")
    start = quarter_start(day)
    end = date(start.year, start.month, days)
    return ChangeWindow(
        open=start <= day <= end, start=start, end=end, next_start=next_quarter_start(day)
    )


# What a correction may change on the card (seed 004: "sai thẻ"): the person's name, date of
# birth and sex, proved by an identity document and checked against the population register.
CORRECTABLE = ("full_name", "birth_date", "sex")


def correction_changes(current: dict, wanted: dict) -> dict:
    """The fields of ``wanted`` (among CORRECTABLE) that differ from ``current``; raises when
    nothing changes, so that no empty request reaches an officer."""
    changes = {
        name: wanted[name]
        for name in CORRECTABLE
        if wanted.get(name) not in (None, "") and wanted[name] != current.get(name)
    }
    if not changes:
        raise DomainError(
            N_("Thông tin đề nghị sửa giống thông tin trên thẻ hiện tại."), code="no_change"
        )
    return changes
