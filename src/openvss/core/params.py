"""Bounded request parameters, shared by every API list and page.

Numbers from a query string are untrusted: ``?page=9223372036854775808`` overflowed the
database's OFFSET, ``lat=1e400`` became an infinite float and ``?nam=0`` a year Python
cannot build a date for. Each parameter kind is declared once here, with its bounds, and a
value out of bounds is a clear Vietnamese 4xx instead of a 500.
"""

from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from openvss.errors import BadParameter

MAX_PAGE = 100_000  # far beyond any real list; keeps OFFSET a small integer
MAX_PAGE_SIZE = 200
YEAR_MIN, YEAR_MAX = 1900, 2100

# Coordinates in decimal degrees: finite and on the globe.
Latitude = Annotated[Decimal, Field(ge=-90, le=90, allow_inf_nan=False, max_digits=12)]
Longitude = Annotated[Decimal, Field(ge=-180, le=180, allow_inf_nan=False, max_digits=13)]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]


class Pages(PageNumberPagination):
    """django-ninja's page numbers, with the page and its size bounded."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Trang (bắt đầu từ 1)")
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, page_size: int = 50, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)


def query_int(request, name: str, *, default: int, low: int, high: int) -> int:
    """An integer query parameter within ``[low, high]``; ``BadParameter`` (400) otherwise."""
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return default
    try:
        if len(raw) > 12:
            raise ValueError
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        message = _(
            "Giá trị “%(name)s” không hợp lệ: phải là số nguyên từ %(low)d đến %(high)d."
        ) % {
            "name": name,
            "low": low,
            "high": high,
        }
        raise BadParameter(message, fields={name: [message]})
    return value


def query_year(request, name: str = "nam", *, default: int) -> int:
    return query_int(request, name, default=default, low=YEAR_MIN, high=YEAR_MAX)
