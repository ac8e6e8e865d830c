"""Record reads of a person's data. The insert is one precompiled statement: it runs on
every card check, the hottest path of the facility API.

With ``ACCESS_LOG_ASYNC_COMMIT`` (the default) on PostgreSQL, a log row written outside any
other transaction commits asynchronously, in the same round trip: waiting for its WAL
flush cost a card check ~15% of its throughput (bench/README.md). The trade-off: if the
database server crashes, log rows of its last ~0.6 s (3 x wal_writer_delay) can be lost;
nothing else is affected and nothing is corrupted. Set it to 0 to make every row durable.
"""

from functools import cache

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import AccessLog

COLUMNS = ("person_id", "at", "action", "officer_id", "facility_id", "what", "why", "outcome")


@cache
def _insert_sql() -> str:
    meta = AccessLog._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(c.removesuffix("_id")).column) for c in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608


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
    sql = _insert_sql()
    if (
        settings.ACCESS_LOG_ASYNC_COMMIT
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and connection.get_autocommit()
    ):
        # One message, one round trip: Django's psycopg cursor binds parameters client-side
        # and sends the text with the simple protocol, which allows several statements.
        sql = f"BEGIN; SET LOCAL synchronous_commit TO OFF; {sql}; COMMIT"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


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
