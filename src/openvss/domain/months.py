"""Calendar months and participation time.

Participation is counted as a set of calendar months per scheme: a month paid by two
employers counts once (Law 41/2024 Art. 2 cl. 5(a), Art. 3 cl. 6; DOMAIN.md §7.4).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import total_ordering

from .errors import N_, DomainError


@total_ordering
@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int

    def __post_init__(self):
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9999:
            raise DomainError(N_("Tháng không hợp lệ."), code="month_invalid", field="month")

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def from_index(cls, index: int) -> "Month":
        return cls(index // 12, index % 12 + 1)

    @classmethod
    def parse(cls, text: str, *, field: str = "month") -> "Month":
        """Parse ``mm/yyyy`` (or ``mmyyyy`` as in SMS commands)."""
        value = (text or "").strip()
        if "/" in value:
            mm, _, yyyy = value.partition("/")
        else:
            mm, yyyy = value[:-4], value[-4:]
        if not (mm.isdigit() and yyyy.isdigit() and len(yyyy) == 4 and 1 <= len(mm) <= 2):
            raise DomainError(
                N_("Tháng không đúng định dạng mm/yyyy."), code="month_format", field=field
            )
        try:
            return cls(int(yyyy), int(mm))
        except DomainError as exc:
            exc.field = field
            raise

    @property
    def index(self) -> int:
        return self.year * 12 + self.month - 1

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def __add__(self, months: int) -> "Month":
        return Month.from_index(self.index + months)

    def __lt__(self, other: "Month") -> bool:
        return self.index < other.index

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.year:04d}"


@dataclass(frozen=True, slots=True)
class Span:
    """An inclusive run of months, e.g. one row of the participation history."""

    start: Month
    end: Month

    def __post_init__(self):
        if self.end < self.start:
            raise DomainError(
                N_("Tháng kết thúc phải sau hoặc bằng tháng bắt đầu."),
                code="span_order",
                field="to_month",
            )

    @property
    def months(self) -> int:
        return self.end.index - self.start.index + 1

    def indices(self) -> range:
        return range(self.start.index, self.end.index + 1)

    def overlaps(self, other: "Span") -> bool:
        return self.start <= other.end and other.start <= self.end


def union_months(spans: Iterable[Span]) -> int:
    """Number of distinct months covered by the spans (overlaps counted once).

    Merges sorted intervals instead of materialising sets: a 40-year history is ~500
    months, but this stays linear in the number of rows whatever their length.
    """
    total = 0
    current_start = current_end = None
    for span in sorted(spans, key=lambda s: s.start.index):
        s, e = span.start.index, span.end.index
        if current_end is None or s > current_end + 1:
            if current_end is not None:
                total += current_end - current_start + 1
            current_start, current_end = s, e
        elif e > current_end:
            current_end = e
    if current_end is not None:
        total += current_end - current_start + 1
    return total


def overlapping_pairs(spans: list[Span]) -> set[int]:
    """Positions of the spans that overlap another one (to flag, never to double count)."""
    order = sorted(range(len(spans)), key=lambda i: spans[i].start.index)
    flagged: set[int] = set()
    reach_end, reach_at = -1, None
    for i in order:
        span = spans[i]
        if reach_at is not None and span.start.index <= reach_end:
            flagged.update((i, reach_at))
        if span.end.index > reach_end:
            reach_end, reach_at = span.end.index, i
    return flagged


def years_and_months(months: int) -> tuple[int, int]:
    """``146`` → ``(12, 2)``."""
    if months < 0:
        raise DomainError(N_("Số tháng không được âm."), code="months_negative")
    return divmod(months, 12)


def format_duration(
    months: int,
    *,
    years_text: Callable[[int], str] = lambda n: f"{n} năm",
    months_text: Callable[[int], str] = lambda n: f"{n} tháng",
) -> str:
    """A duration as the app shows it: ``12 năm 2 tháng``, ``5 năm``, ``0 tháng``.

    domain/ cannot translate, so the words come from the caller: ``years_text(21)`` gives
    "21 years" in English (people.selectors.duration_text passes ngettext); Vietnamese
    by default.
    """
    years, rest = years_and_months(months)
    if years and rest:
        return f"{years_text(years)} {months_text(rest)}"
    if years:
        return years_text(years)
    return months_text(rest)


def totals_by_scheme(rows: Iterable[tuple[str, Span]]) -> dict[str, int]:
    """Months of participation per scheme, each the union of that scheme's rows.

    BHXH, BHTN, BHTNLĐ-BNN and BHYT are counted separately (BHTN has its own counter).
    """
    by_scheme: dict[str, list[Span]] = {}
    for scheme, span in rows:
        by_scheme.setdefault(scheme, []).append(span)
    return {scheme: union_months(spans) for scheme, spans in by_scheme.items()}
