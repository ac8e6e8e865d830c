"""One writer per server process for access-log rows: group commit, durable before the answer.

A request hands its row to the writer and waits until the writer's transaction holding it
has committed. PostgreSQL commits synchronously (``synchronous_commit = on``): COMMIT
returns only once the commit record is flushed to disk, so when ``write`` returns the row
survives a crash of the database, of the machine or of this process. Nothing is ever
answered for a row that is not on disk: if the insert fails or the writer does not commit
within ``WAIT_SECONDS``, ``write`` raises ``OperationalError`` and the caller answers an
error instead (the card check's 503, portal code 101).

Rows of concurrent requests that arrive while the writer is inserting and flushing the
previous batch wait for the next one: one INSERT of N rows, one COMMIT, one WAL flush for
all of them, where one statement per request would cost N transactions, N commit records
and N flushes queued on the WAL lock (bench/README.md, "Card verification"). A request
alone pays one insert, as before; the batching needs requests running concurrently in one
process, i.e. a server with more than one thread per worker (``openvss serve``).

Used only outside a transaction (autocommit, as a request runs in production): inside
``transaction.atomic`` the row must commit or roll back with the request's own writes, so
``access_record`` inserts it on the request's connection instead.
"""

import contextlib
import logging
import os
import threading
import time
from collections.abc import Sequence

from django.db import OperationalError, connections

logger = logging.getLogger(__name__)

WAIT_SECONDS = 10.0  # a commit normally takes milliseconds; this long means the database is gone
MAX_BATCH = 256
# How long the writer may hold a batch for rows that requests running now have announced
# (``expecting``): PostgreSQL's commit_delay, bounded by what is actually on its way.
GATHER_SECONDS = 0.002


class _Ticket:
    __slots__ = ("done", "error")

    def __init__(self):
        self.done = threading.Event()
        self.error: BaseException | None = None


class GroupCommitWriter:
    """Batches rows from concurrent threads into one statement and one commit.
    ``insert(cursor, rows)`` writes a list of rows with one statement."""

    def __init__(self, insert, *, alias: str = "default"):
        self._insert = insert
        self.alias = alias
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._cond = threading.Condition()
        self._pending: list[tuple[Sequence, _Ticket]] = []
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._expected = 0  # rows announced by requests running now, written or not yet
        self.batches = 0  # statements (and commits) so far, for tests and the bench
        self.rows = 0

    def write(self, row: Sequence) -> None:
        """Insert ``row``; return once it is committed and flushed, or raise."""
        if self._pid != os.getpid():  # a forked worker inherits no thread: start afresh
            self._reset()
        ticket = _Ticket()
        with self._cond:
            if self._thread is None or not self._thread.is_alive():
                self._stopping = False
                self._thread = threading.Thread(
                    target=self._run, name="access-log-writer", daemon=True
                )
                self._thread.start()
            self._pending.append((row, ticket))
            self._cond.notify()
        if not ticket.done.wait(WAIT_SECONDS):
            raise OperationalError("the access log writer did not commit in time")
        if ticket.error is not None:
            raise OperationalError(f"the access log row was not written: {ticket.error}")

    @contextlib.contextmanager
    def expecting(self):
        """Announce a row this request is about to write, so that the writer holds its
        batch (at most GATHER_SECONDS) for it rather than commit without it."""
        if self._pid != os.getpid():
            self._reset()
        with self._cond:
            self._expected += 1
        try:
            yield
        finally:
            with self._cond:
                self._expected -= 1
                self._cond.notify()

    def stop(self) -> None:
        """Let the thread finish what is queued and close its connection (tests, shutdown)."""
        with self._cond:
            thread, self._stopping = self._thread, True
            self._cond.notify()
        if thread is not None:
            thread.join(WAIT_SECONDS)
        with self._cond:
            self._thread = None

    def _run(self) -> None:
        connection = connections[self.alias]  # this thread's own connection, autocommit
        try:
            while True:
                with self._cond:
                    while not self._pending and not self._stopping:
                        self._cond.wait()
                    if not self._pending:
                        return
                    deadline = time.monotonic() + GATHER_SECONDS
                    while len(self._pending) < min(self._expected, MAX_BATCH):
                        left = deadline - time.monotonic()
                        if left <= 0:
                            break
                        self._cond.wait(left)
                    batch = self._pending[:MAX_BATCH]
                    del self._pending[:MAX_BATCH]
                error = None
                try:
                    with connection.cursor() as cursor:
                        self._insert(cursor, [row for row, _ticket in batch])
                    self.batches += 1
                    self.rows += len(batch)
                except Exception as exc:  # noqa: BLE001 - every waiter must hear of it
                    logger.exception("access log batch of %d rows not written", len(batch))
                    error = exc
                    with contextlib.suppress(Exception):
                        connection.close()  # reconnect for the next batch
                for _row, ticket in batch:
                    ticket.error = error
                    ticket.done.set()
        finally:
            with contextlib.suppress(Exception):
                connection.close()
