"""The two formats every page shares: dates ``dd/mm/yyyy`` and money ``5.453.400 đ``.

Every template shows dates and amounts through these filters, so that one place decides how
they look (and tests pin it).
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def ngay(value, with_time: str = "") -> str:
    """``dd/mm/yyyy`` (``HH:MM dd/mm/yyyy`` with ``|ngay:"gio"``), in Vietnam's time zone."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%H:%M %d/%m/%Y" if with_time else "%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def thang(value) -> str:
    """A month as ``mm/yyyy``."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%m/%Y")
    return str(value)


def group_thousands(amount: int) -> str:
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


@register.filter
def tien(value) -> str:
    """Money in đồng: ``5.453.400 đ`` (rounded to the whole đồng)."""
    if value in (None, ""):
        return ""
    try:
        amount = int(Decimal(str(value)).quantize(Decimal(1)))
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{group_thousands(amount)}\u00a0đ"


@register.filter
def so(value) -> str:
    """A whole number with Vietnamese thousands dots: ``1.234.567``."""
    if value in (None, ""):
        return ""
    try:
        return group_thousands(int(value))
    except (TypeError, ValueError):
        return str(value)


@register.simple_tag
def icon(name: str, label: str = ""):
    """An icon from the shared sprite; decorative unless a label is given."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    if label:
        return format_html(
            '<svg class="icon" role="img" aria-label="{}"><use href="{}#{}"></use></svg>',
            label, static("img/icons.svg"), name,
        )  # fmt: skip
    return format_html(
        '<svg class="icon" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        static("img/icons.svg"),
        name,
    )


@register.simple_tag
def org_tiles(is_admin: bool = False) -> list[dict]:
    """The organisation home's tiles whose page exists (``web/tiles.py``), without the
    administrator's own where the user is not one."""
    from openvss.web import tiles

    shown = tiles.available(tiles.ORG_TILES)
    if not is_admin:
        shown = [t for t in shown if t["tile"].url_name not in tiles.ORG_ADMIN_ONLY]
    return shown
