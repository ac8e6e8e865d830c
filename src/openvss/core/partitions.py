"""Monthly range partitions for the tables that grow without end (PostgreSQL only).

The medical visits and the data-access log are partitioned by month of their date
(``admitted_on``, ``at``): a citizen's visits of one year read twelve small partitions instead
of one table of billions of rows, and an access-log month past its retention is detached and
archived as a whole instead of deleted row by row.

How it fits together:

- each app registers its partitioned tables at start-up (``register``), as the dossier kinds
  and SMS keywords do, so this module never imports an app;
- ``convert`` (called by a migration) turns an existing table into a partitioned one with
  the same name, columns, indexes and foreign keys, and copies the rows across;
- ``ensure`` creates the partitions from the first month with data to a few months ahead; the
  worker runs it daily (``openvss partitions``), and the seed before it loads. A row whose month
  has no partition yet lands in the ``_default`` partition; ``ensure`` moves such rows into the
  month's new partition, so nothing is lost and nothing is refused;
- ``detach_before`` takes whole months out of a table for archiving (``audit`` uses it).

Django keeps ``id`` as the model's primary key; in the database the key is ``(id, month
column)`` because PostgreSQL requires the partition column in every unique index. ``id``
stays unique in practice: it comes from the table's one identity sequence.

On SQLite (the demo and the quick test run) all of this does nothing: the tables stay plain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection, transaction

AHEAD_MONTHS = 3  # partitions made ahead of the current month


@dataclass(frozen=True)
class Partitioned:
    table: str
    column: str
    timestamp: bool  # a timestamptz column (month bounds in the service's time zone)


_REGISTRY: dict[str, Partitioned] = {}


def _spec(model, column: str) -> Partitioned:
    field = model._meta.get_field(column)
    return Partitioned(
        table=model._meta.db_table,
        column=field.column,
        timestamp=field.get_internal_type() == "DateTimeField",
    )


def register(model, column: str) -> None:
    _REGISTRY[model._meta.db_table] = _spec(model, column)


def registered() -> list[Partitioned]:
    return [_REGISTRY[t] for t in sorted(_REGISTRY)]


def spec_of(model) -> Partitioned:
    return _REGISTRY[model._meta.db_table]


def supported(conn=None) -> bool:
    return (conn or connection).vendor == "postgresql"


# --- months ----------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months(first: date, last: date) -> list[date]:
    """Every month start from ``first``'s month to ``last``'s month, both included."""
    out, m = [], month_start(first)
    while m <= month_start(last):
        out.append(m)
        m = add_months(m, 1)
    return out


def partition_name(table: str, month: date) -> str:
    return f"{table}_y{month.year:04d}m{month.month:02d}"


_NAME = re.compile(r"_y(\d{4})m(\d{2})$")


def month_of_partition(name: str) -> date | None:
    found = _NAME.search(name)
    return date(int(found[1]), int(found[2]), 1) if found else None


def _bound(spec: Partitioned, month: date) -> str:
    """The SQL literal of a month's lower bound: a date, or midnight in the service's zone."""
    if spec.timestamp:
        return f"'{month.isoformat()} 00:00:00 {settings.TIME_ZONE}'::timestamptz"
    return f"'{month.isoformat()}'::date"


# --- reading the catalogue ---------------------------------------------------------------------


def is_partitioned(table: str, cursor) -> bool:
    cursor.execute(
        "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
        "WHERE c.relname = %s AND pg_table_is_visible(c.oid)",
        [table],
    )
    return cursor.fetchone() is not None


def partitions(table: str, cursor) -> list[str]:
    """The names of a table's partitions, the default one included, sorted."""
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]


def monthly_partitions(table: str, cursor) -> dict[date, str]:
    found = {}
    for name in partitions(table, cursor):
        month = month_of_partition(name)
        if month:
            found[month] = name
    return found


def health(today: date | None = None) -> dict[str, tuple[int, int]]:
    """Per partitioned table: how many months after the current one have their partition
    (the worker keeps ``AHEAD_MONTHS``; 0 means next month's rows will wait in the default
    partition), and how many rows wait in the default partition now. For /metrics."""
    if not supported():
        return {}
    month = month_start(today or date.today())
    found = {}
    with connection.cursor() as cursor:
        for spec in registered():
            if not is_partitioned(spec.table, cursor):
                continue
            have, ahead = monthly_partitions(spec.table, cursor), 0
            while add_months(month, ahead + 1) in have:
                ahead += 1
            cursor.execute(f'SELECT count(*) FROM "{spec.table}_default"')  # noqa: S608
            found[spec.table] = (ahead, cursor.fetchone()[0])
    return found


# --- creating ----------------------------------------------------------------------------------


def _month_expr(spec: Partitioned) -> str:
    if spec.timestamp:
        return f"date_trunc('month', \"{spec.column}\" AT TIME ZONE '{settings.TIME_ZONE}')::date"
    return f"date_trunc('month', \"{spec.column}\")::date"


def _create_month(spec: Partitioned, month: date, cursor) -> str:
    """Create one month's partition; rows of that month waiting in the default partition are
    moved into it in the same transaction (PostgreSQL refuses the new partition otherwise)."""
    name = partition_name(spec.table, month)
    default = f"{spec.table}_default"
    lower, upper = _bound(spec, month), _bound(spec, add_months(month, 1))
    col = spec.column
    with transaction.atomic(using=cursor.db.alias):
        cursor.execute(
            f'CREATE TABLE "{name}" (LIKE "{spec.table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)'
        )
        waiting = f'"{col}" >= {lower} AND "{col}" < {upper}'
        cursor.execute(f'WITH moved AS (DELETE FROM "{default}" WHERE {waiting} RETURNING *) '  # noqa: S608
                       f'INSERT INTO "{name}" SELECT * FROM moved')  # fmt: skip
        cursor.execute(
            f'ALTER TABLE "{spec.table}" ATTACH PARTITION "{name}" '
            f"FOR VALUES FROM ({lower}) TO ({upper})"
        )
    return name


def ensure(model=None, *, start: date | None = None, today: date | None = None) -> list[str]:
    """Create the missing monthly partitions of one registered table (or of all) from ``start``
    (or the first month found in the table) to ``AHEAD_MONTHS`` after today's month; return the
    names created. Safe to run at any time and any number of times."""
    if not supported():
        return []
    today = today or date.today()
    specs = [spec_of(model)] if model is not None else registered()
    created = []
    with connection.cursor() as cursor:
        for spec in specs:
            if not is_partitioned(spec.table, cursor):
                continue
            created += _ensure_table(spec, start, today, cursor)
    return created


def _ensure_table(spec: Partitioned, start: date | None, today: date, cursor) -> list[str]:
    created = []
    with transaction.atomic(using=cursor.db.alias):
        # Two workers (two machines' schedules) may run this at once: one waits for the other
        # and then finds the months made.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"partitions:{spec.table}"])
        have = monthly_partitions(spec.table, cursor)
        cursor.execute(
            f'SELECT DISTINCT {_month_expr(spec)} FROM "{spec.table}_default"'  # noqa: S608
        )
        waiting = {m for (m,) in cursor.fetchall()}
        # The months from ``start`` (default: this month) to the ones ahead, plus any
        # month a late row needs (one stray row of 2019 does not make seven years of
        # empty partitions; its month gets one).
        first = month_start(start or today)
        wanted = set(months(first, add_months(month_start(today), AHEAD_MONTHS))) | waiting
        for month in sorted(wanted - set(have)):
            created.append(_create_month(spec, month, cursor))
    return created


# --- converting an existing table (migrations) ---------------------------------------------------


def convert(schema_editor, model, column: str, *, today: date | None = None) -> None:
    """Turn ``model``'s table into one partitioned by month of ``column``, keeping its name,
    columns, identity, checks, indexes and foreign keys; copy the rows; drop the old table.

    For a migration's RunPython. On a table of tens of millions of rows this copies them once
    (measured in docs/scaling.md); the table is locked meanwhile.
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    spec = _spec(model, column)
    table, col = spec.table, spec.column
    pk = model._meta.pk.column
    old = f"{table}_unpartitioned"
    with schema_editor.connection.cursor() as cursor:
        if is_partitioned(table, cursor):
            return
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary",
            [table],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(f'ALTER TABLE "{table}" RENAME TO "{old}"')
        cursor.execute(f'ALTER TABLE "{old}" RENAME CONSTRAINT "{table}_pkey" TO "{old}_pkey"')
        for name, _definition in indexes:
            cursor.execute(f'ALTER INDEX "{name}" RENAME TO "{name[:50]}_old"')
        cursor.execute(
            f'CREATE TABLE "{table}" (LIKE "{old}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS '
            f'INCLUDING IDENTITY INCLUDING GENERATED INCLUDING STORAGE) PARTITION BY RANGE ("{col}")'
        )
        cursor.execute(f'ALTER TABLE "{table}" ADD PRIMARY KEY ("{pk}", "{col}")')
        for _name, definition in indexes:
            # Read before the rename, the definition names the table as it is named again now.
            on_table = re.compile(rf'\sON\s+(\w+\.)?"?{re.escape(table)}"?\s')
            if not on_table.search(definition):
                raise RuntimeError(f"Unexpected index definition: {definition}")
            cursor.execute(on_table.sub(f' ON "{table}" ', definition, count=1))
        cursor.execute(f'CREATE TABLE "{table}_default" PARTITION OF "{table}" DEFAULT')
        cursor.execute(f'SELECT MIN({_month_expr(spec)}) FROM "{old}"')  # noqa: S608
        first = cursor.fetchone()[0]
        today = today or date.today()
        # From January of last year at least: visits are recorded after the fact.
        first = min(first or today, date(today.year - 1, 1, 1))
        for month in months(first, add_months(month_start(today), AHEAD_MONTHS)):
            name = partition_name(table, month)
            lower, upper = _bound(spec, month), _bound(spec, add_months(month, 1))
            cursor.execute(
                f'CREATE TABLE "{name}" PARTITION OF "{table}" FOR VALUES FROM ({lower}) TO ({upper})'
            )
        cursor.execute(f'INSERT INTO "{table}" OVERRIDING SYSTEM VALUE SELECT * FROM "{old}"')  # noqa: S608
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(f'DROP TABLE "{old}"')
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk}'), "  # noqa: S608
            f'COALESCE((SELECT MAX("{pk}") FROM "{table}"), 0) + 1, false)'
        )
        cursor.execute(f'ANALYZE "{table}"')


# --- detaching (archives) --------------------------------------------------------------------------


def detach(table: str, partition: str, cursor) -> None:
    cursor.execute(f'ALTER TABLE "{table}" DETACH PARTITION "{partition}"')


def months_before(table: str, cutoff: date, cursor) -> dict[date, str]:
    """The monthly partitions wholly before ``cutoff`` (a month start), oldest first."""
    return {m: n for m, n in sorted(monthly_partitions(table, cursor).items()) if m < cutoff}
