"""Record reads of a person's data. Every row is durable before the read's answer leaves:
it commits with the request's transaction, or, outside one, through the process's group
commit writer (``writer.py``), always with PostgreSQL's synchronous commit: a crash loses
no log row that a caller was answered for.

The insert is one precompiled statement. Outside a transaction on PostgreSQL (the card
check, the hottest path of the facility API), the rows of concurrent requests share one
INSERT and one commit (bench/README.md).
"""

import contextlib
import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openvss.core import partitions
from openvss.core.prepared import execute_prepared
from openvss.legal.selectors import parameter_on

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


# --- retention: whole months archived, never rows deleted one by one ------------------------


@dataclass(frozen=True)
class ArchivedMonth:
    month: date
    partition: str
    rows: int
    path: Path | None  # None on a dry run
    sha256: str = ""


def access_log_cutoff(today: date, months: int | None = None) -> date:
    """The first month still kept online: ``months`` (default: the legal parameter in force)
    before today's month. Refuses anything shorter than the legal minimum."""
    minimum = int(parameter_on("access_log_min_retention_months", today))
    months = int(parameter_on("access_log_retention_months", today)) if months is None else months
    if months < minimum:
        raise ValueError(
            _("Không được chuyển lưu trữ nhật ký chưa đủ %(n)d tháng theo quy định.")
            % {"n": minimum}
        )
    return partitions.add_months(partitions.month_start(today), -months)


def access_log_archive(
    *, today: date, directory: Path, months: int | None = None, dry_run: bool = False
) -> list[ArchivedMonth]:
    """Move every month of the access log older than the retention out of the database: each
    month is written to ``directory`` as ``<partition>.csv.gz`` with a ``.json`` manifest (rows,
    SHA-256, bounds), checked, and only then detached and dropped, in one transaction per
    month. A failure leaves the month in the database. PostgreSQL only (SQLite has no months)."""
    cutoff = access_log_cutoff(today, months)
    if not partitions.supported():
        return []
    table = AccessLog._meta.db_table
    done = []
    with connection.cursor() as cursor:
        old = partitions.months_before(table, cutoff, cursor)
    for month, name in old.items():
        if dry_run:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT count(*) FROM "{name}"')  # noqa: S608
                done.append(ArchivedMonth(month, name, cursor.fetchone()[0], None))
            continue
        done.append(_archive_month(table, month, name, directory))
    return done


def _archive_month(table: str, month: date, name: str, directory: Path) -> ArchivedMonth:
    """Copy the month out while it is still attached (nothing writes to a past month: a log
    row is stamped with the time it is written), check the file, then detach, recount and
    drop in one short transaction: card checks writing this month's rows wait only for that."""
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{name}.csv.gz"
    partial = final.with_suffix(".gz.part")
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{name}"')  # noqa: S608
        rows = cursor.fetchone()[0]
        with open(partial, "wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
                # The partition's name comes from the catalogue, never from input.
                sql = f'COPY (SELECT * FROM "{name}" ORDER BY id) TO STDOUT (FORMAT csv, HEADER)'  # noqa: S608
                with cursor.cursor.copy(sql) as copy:
                    for chunk in copy:
                        out.write(chunk)
            raw.flush()
            os.fsync(raw.fileno())
    lines = 0
    with gzip.open(partial, "rb") as check:
        for block in iter(lambda: check.read(1 << 20), b""):
            digest.update(block)
            lines += block.count(b"\n")
    if lines != rows + 1:  # the header line
        raise RuntimeError(f"{name}: archive has {lines - 1} rows, the month {rows}")
    partial.rename(final)
    manifest = {
        "table": table,
        "partition": name,
        "month": month.isoformat(),
        "rows": rows,
        "sha256_of_csv": digest.hexdigest(),
        "file": final.name,
    }
    final.with_suffix("").with_suffix(".json").write_text(json.dumps(manifest, indent=1))
    with transaction.atomic(), connection.cursor() as cursor:
        partitions.detach(table, name, cursor)
        cursor.execute(f'SELECT count(*) FROM "{name}"')  # noqa: S608
        if cursor.fetchone()[0] != rows:  # a row came after all: keep the month, say so
            raise RuntimeError(f"{name}: rows were added while it was archived; run again")
        cursor.execute(f'DROP TABLE "{name}"')
    return ArchivedMonth(month, name, rows, final, digest.hexdigest())
