"""Dates as Vietnamese documents write them: ``dd/mm/yyyy``."""

from datetime import date

from .errors import N_, DomainError


def parse_vn_date(text: str, *, field: str = "date", allow_year_only: bool = False) -> date:
    """Parse ``dd/mm/yyyy`` (leading/trailing spaces allowed); optionally a bare ``yyyy``.

    A bare year becomes 1 January of that year; callers that must tell the difference
    check ``is_year_only`` on the raw text.
    """
    value = (text or "").strip()
    if allow_year_only and len(value) == 4 and value.isdigit():
        return _make_date(int(value), 1, 1, field)
    parts = value.split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        raise DomainError(
            N_("Ngày không đúng định dạng dd/mm/yyyy."), code="date_format", field=field
        )
    day, month, year = (int(p) for p in parts)
    return _make_date(year, month, day, field)


def parse_compact_date(text: str, *, field: str = "date") -> date:
    """Parse ``ddmmyyyy`` as printed in the chip-ID QR."""
    value = (text or "").strip()
    if len(value) != 8 or not value.isdigit():
        raise DomainError(
            N_("Ngày không đúng định dạng ddmmyyyy."), code="date_format", field=field
        )
    return _make_date(int(value[4:]), int(value[2:4]), int(value[:2]), field)


def is_year_only(text: str) -> bool:
    value = (text or "").strip()
    return len(value) == 4 and value.isdigit()


def _make_date(year: int, month: int, day: int, field: str) -> date:
    if year < 1900:
        raise DomainError(N_("Năm không hợp lệ."), code="date_invalid", field=field)
    try:
        return date(year, month, day)
    except ValueError:
        raise DomainError(
            N_("Ngày không tồn tại trên lịch."), code="date_invalid", field=field
        ) from None


def format_vn_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
