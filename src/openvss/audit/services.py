"""Record reads of a person's data. Every row is durable before the read's answer leaves:
it commits with the request's transaction, or, outside one, through the process's group
commit writer (``writer.py``), always with PostgreSQL's synchronous commit: a crash loses
no log row that a caller was answered for.

The insert is one precompiled statement. Outside a transaction on PostgreSQL (the card
check, the hottest path of the facility API), the rows of concurrent requests share one
INSERT and one commit (bench/README.md).
"""

import contextlib
from functools import cache

from django.conf import settings
from django.db import connection
from django.utils import timezone

from openvss.core.prepared import execute_prepared

from .models import AccessLog
from .writer import GroupCommitWriter

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


@cache
def _insert_rows_sql() -> str:
    """Any number of rows in one statement: one array parameter per column."""
    meta = AccessLog._meta
    arrays = ", ".join(
        f"%s::{meta.get_field(c.removesuffix('_id')).db_type(connection)}[]" for c in COLUMNS
    )
    return f"{access_insert_sql()} SELECT * FROM unnest({arrays})"  # noqa: S608


def _insert_rows(cursor, rows: list) -> None:
    """The group commit writer's statement (PostgreSQL), prepared once per connection."""
    execute_prepared(
        cursor, "access_rows", _insert_rows_sql(), [list(c) for c in zip(*rows, strict=True)]
    )


writer = GroupCommitWriter(_insert_rows)


def _through_writer() -> bool:
    """Outside a transaction on PostgreSQL, rows go through the group commit writer; in
    one, the row belongs to it (it commits or rolls back with the request's writes)."""
    return (
        settings.ACCESS_LOG_GROUP_COMMIT
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


def access_record_expected():
    """Wrap a request that will call ``access_record`` (outside a transaction): the group
    commit writer then waits for its row (briefly) before committing a batch without it."""
    if _through_writer():
        return writer.expecting()
    return contextlib.nullcontext()


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
    if _through_writer():
        writer.write(params)  # returns once the row is committed and flushed
        return
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
