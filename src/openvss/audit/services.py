"""Record reads of a person's data. Every row is durable before the read's answer leaves:
it commits with the request's transaction, or on its own, always with PostgreSQL's
synchronous commit (a crash loses no log row that a caller was answered for).

The insert is one precompiled statement. The card check, the hottest path of the facility
API, goes further and writes its row in the same statement as its lookup
(``clinics/services.py``, ``access_insert_sql``): one round trip and one WAL flush per
check (bench/README.md).
"""

from functools import cache

from django.db import connection
from django.utils import timezone

from .models import AccessLog

COLUMNS = ("person_id", "at", "action", "officer_id", "facility_id", "what", "why", "outcome")


@cache
def access_insert_sql() -> str:
    """``INSERT INTO <access log> (<COLUMNS>)``, for a ``VALUES`` or a ``SELECT`` to follow."""
    meta = AccessLog._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(c.removesuffix("_id")).column) for c in COLUMNS)
    return f"INSERT INTO {quote(meta.db_table)} ({columns})"  # noqa: S608


@cache
def _insert_sql() -> str:
    return f"{access_insert_sql()} VALUES ({', '.join(['%s'] * len(COLUMNS))})"


def access_record(
    *,
    person_id: int,
    action: str,
    what: str,
    why: str = "",
    outcome: str = "",
    officer_id: int | None = None,
    facility_id: int | None = None,
) -> None:
    """Record one read of a person's data (call it in the request that reads)."""
    params = [
        person_id,
        timezone.now(),
        action,
        officer_id,
        facility_id,
        what[:200],
        why[:200],
        outcome[:40],
    ]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(), params)


def access_record_many(
    *,
    person_ids,
    action: str,
    what: str,
    why: str = "",
    officer_id: int | None = None,
) -> int:
    """Record one read of each person's data in a single insert (a list or search page
    shows many people at once); return how many rows were written."""
    now = timezone.now()
    rows = [
        AccessLog(
            person_id=person_id, at=now, action=action, officer_id=officer_id,
            what=what[:200], why=why[:200],
        )
        for person_id in sorted(set(person_ids))
    ]  # fmt: skip
    AccessLog.objects.bulk_create(rows)
    return len(rows)
