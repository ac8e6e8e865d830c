"""Server-side prepared statements for the few hottest statements (PostgreSQL).

Django binds parameters on the client and sends every statement as text, so PostgreSQL
parses and plans it on every execution. For the card lookup (card ⨝ person ⨝ facility)
planning cost 0.27 ms against 0.06 ms of execution; ``EXECUTE`` of a statement prepared
once per connection cost the backend 0.08 ms in all against 0.34–0.45 ms (bench/README.md).
The statement is prepared with SQL ``PREPARE`` the first time a connection runs it; a
prepared statement lives as long as its session and is not undone by a rollback.
"""

import hashlib
import re
import weakref

from django.conf import settings

_PLACEHOLDER = re.compile(r"%s")
# Names prepared on each open connection (the driver's connection object).
_prepared: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()


def statement_name(label: str, sql: str) -> str:
    """A name unique to this SQL text: a changed statement never runs under an old name."""
    return f"ovss_{label}_{hashlib.sha1(sql.encode()).hexdigest()[:10]}"  # noqa: S324 - a name


def execute_prepared(cursor, label: str, sql: str, params) -> None:
    """Run ``sql`` (with ``%s`` placeholders, no literal ``%``) with ``params`` on a Django
    cursor of a PostgreSQL connection, as a statement prepared on that connection.

    Behind PgBouncer in transaction mode (``DATABASE_POOL=transaction``) the next
    transaction may run on another server connection, where the statement does not exist:
    there it runs as plain text."""
    assert "%%" not in sql, sql  # noqa: S101 - the placeholders are counted on the text
    if getattr(settings, "DATABASE_POOL", "") == "transaction":
        cursor.execute(sql, params)
        return
    name = statement_name(label, sql)
    raw = cursor.db.connection
    names = _prepared.setdefault(raw, set())
    if name not in names:
        counter = iter(range(1, len(params) + 1))
        numbered = _PLACEHOLDER.sub(lambda _m: f"${next(counter)}", sql)
        cursor.execute(f"PREPARE {name} AS {numbered}")
        names.add(name)
    cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})", params)
