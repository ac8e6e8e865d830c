"""The card lookup of the facility API, the hottest read in the system (~174 million card
presentations a year). Its SQL is compiled once from the ORM and reused: Django's query
compilation cost more than PostgreSQL's planning and execution together; on PostgreSQL it
runs as a prepared statement, planned once per connection (bench/README.md)."""

from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db import connection

from openvss.core.prepared import execute_prepared
from openvss.people.models import HealthCard

from .models import QrSigningKey

COLUMNS = (
    "id", "number", "code", "group_code", "benefit_level", "province_code", "valid_from",
    "valid_to", "five_year_date", "area_code", "status", "person_id", "registered_facility_id",
    "person__full_name", "person__birth_date", "person__birth_year_only", "person__citizen_id",
    "registered_facility__code", "registered_facility__name", "stop_reason",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CardRow:
    id: int
    number: str
    code: str
    group_code: str
    benefit_level: int
    province_code: str
    valid_from: date
    valid_to: date | None
    five_year_date: date | None
    area_code: str
    status: str
    person_id: int
    registered_facility_id: int
    full_name: str
    birth_date: date
    birth_year_only: bool
    citizen_id: str | None
    facility_code: str
    facility_name: str
    stop_reason: str


_VALUE = "\x00lookup-value\x00"  # a sentinel no real parameter can equal
# The same for the issue date (a date no card has), as the ORM hands it to either database.
_ISSUED = date(1, 1, 2)
_ISSUED_FORMS = (_ISSUED, _ISSUED.isoformat())


@cache
def _compiled(by: str, active_only: bool, issued: bool = False) -> tuple[str, tuple]:
    """SQL and parameters for one lookup shape, built by the ORM once per process.
    ``issued``: the card with a given issue date (the one a clinic holds), not the newest."""
    filters = {by: _VALUE}
    if active_only:
        filters["status"] = HealthCard.Status.ACTIVE
    if issued:
        filters["issued_on"] = _ISSUED
    qs = (
        HealthCard.objects.filter(**filters)
        .order_by("-valid_from", "-id")
        .values_list(*COLUMNS)[:1]
    )
    return qs.query.sql_with_params()


def _bind(params, value: str, issued_on: date | None) -> list:
    return [
        value if p == _VALUE else issued_on if (issued_on and p in _ISSUED_FORMS) else p
        for p in params
    ]


def card_find(
    *, by: str, value: str, active_only: bool = False, issued_on: date | None = None
) -> CardRow | None:
    """The newest card (active only, if asked) whose ``by`` field equals ``value``; with
    ``issued_on``, the card issued that day (an old card that was replaced keeps its date).

    ``by`` is one of ``number``, ``code``, ``person__citizen_id``.
    """
    if by not in ("number", "code", "person__citizen_id"):
        raise ValueError(by)
    sql, params = _compiled(by, active_only, issued_on is not None)
    params = _bind(params, value, issued_on)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Prepared once per connection: planning this join cost 4× its execution.
            label = f"card_{by.replace('__', '_')}_{int(active_only)}_{int(issued_on is not None)}"
            execute_prepared(cursor, label, sql, params)
        else:
            cursor.execute(sql, params)
        row = cursor.fetchone()
    return CardRow(*_typed(row)) if row else None


_DATE_POSITIONS = (6, 7, 8, 14)
_BOOL_POSITIONS = (15,)


def _typed(row: tuple) -> tuple:
    """SQLite hands back dates as text and booleans as 0/1; PostgreSQL already typed them."""
    if connection.vendor == "postgresql":
        return row
    values = list(row)
    for i in _DATE_POSITIONS:
        if isinstance(values[i], str):
            values[i] = date.fromisoformat(values[i])
    for i in _BOOL_POSITIONS:
        values[i] = bool(values[i])
    return tuple(values)


def signing_keys_published() -> list[QrSigningKey]:
    """The card-QR public keys facilities should trust (not retired), newest first."""
    return list(QrSigningKey.objects.filter(retired_at__isnull=True).order_by("-created_at"))
