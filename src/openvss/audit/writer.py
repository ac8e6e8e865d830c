"""Group commit for access-log rows: durable before the answer, one commit for many.

A request hands its row to the process's ``GroupCommitWriter`` and waits until the
transaction holding it has committed. PostgreSQL commits synchronously
(``synchronous_commit = on``): COMMIT returns only once the commit record is flushed to
disk, so when ``write`` returns the row survives a crash of the database, of the machine
or of this process. Nothing is answered for a row that is not on disk: if the insert fails
or is not committed within ``WAIT_SECONDS``, ``write`` raises ``OperationalError`` and the
caller answers an error instead (the card check's 503, portal code 101).

Leader and followers, as PostgreSQL's own group commit: a request that finds no insert in
progress becomes the leader and writes every queued row (its own included) with one
INSERT on its own connection, in autocommit, so one COMMIT and one WAL flush; requests
whose rows arrive meanwhile queue and sleep, and the first of them to wake after the
leader's commit leads the next batch with all of them. A request alone pays one insert as
it would without the writer and wakes no other thread; N concurrent requests pay one
statement, one commit record and one flush between them instead of N queued on the WAL
lock (bench/README.md, "Card verification").

Used only outside a transaction (autocommit, as a request runs in production): inside
``transaction.atomic`` the row must commit or roll back with the request's own writes, so
``access_record`` inserts it on the request's connection, in its transaction.
"""

import contextlib
import logging
import os
import threading
import time

from django.db import OperationalError, connection

logger = logging.getLogger(__name__)

WAIT_SECONDS = 10.0  # a commit takes milliseconds; this long means the database is gone
MAX_BATCH = 256
# How long a leader may hold its batch for rows that running requests have announced
# (``expecting``) but not queued yet: PostgreSQL's commit_delay, bounded by what is
# actually on its way, so that a request alone never waits.
GATHER_SECONDS = 0.002


class _Ticket:
    __slots__ = ("done", "error", "row")

    def __init__(self, row):
        self.row = row
        self.done = False
        self.error: BaseException | None = None


class GroupCommitWriter:
    """Batches rows of concurrent requests of one process into one statement and one
    commit. ``insert(cursor, rows)`` writes a list of rows with one statement."""

    def __init__(self, insert):
        self._insert = insert
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()  # a forked worker starts with its own, empty queue
        self._cond = threading.Condition()
        self._queue: list[_Ticket] = []
        self._leading = False
        self._expected = 0  # rows announced by requests running now, queued or not yet
        self.batches = 0  # statements (and commits) so far, for tests and the bench
        self.rows = 0

    def _check_fork(self) -> None:
        if self._pid != os.getpid():
            self._reset()

    @contextlib.contextmanager
    def expecting(self):
        """Announce a row this request is about to write, so that a leader holds its batch
        (at most GATHER_SECONDS) for it rather than commit without it."""
        self._check_fork()
        with self._cond:
            self._expected += 1
        try:
            yield
        finally:
            with self._cond:
                self._expected -= 1
                self._cond.notify_all()

    def write(self, row) -> None:
        """Insert ``row``; return once it is committed and flushed, or raise."""
        self._check_fork()
        ticket = _Ticket(row)
        deadline = time.monotonic() + WAIT_SECONDS
        with self._cond:
            self._queue.append(ticket)
            while not ticket.done:
                if not self._leading:
                    self._lead()  # our row is queued, so it is in this batch or done before
                    continue
                left = deadline - time.monotonic()
                if left <= 0:
                    raise OperationalError("the access log row was not committed in time")
                self._cond.wait(left)
        if ticket.error is not None:
            raise OperationalError(f"the access log row was not written: {ticket.error}")

    def _lead(self) -> None:
        """Write the queued rows (called and returning with the condition's lock held)."""
        self._leading = True
        try:
            gather_until = time.monotonic() + GATHER_SECONDS
            while len(self._queue) < min(self._expected, MAX_BATCH):
                left = gather_until - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            batch = self._queue[:MAX_BATCH]
            del self._queue[:MAX_BATCH]
            self._cond.release()
            error = None
            try:
                with connection.cursor() as cursor:  # this request's connection, autocommit
                    self._insert(cursor, [ticket.row for ticket in batch])
            except Exception as exc:  # noqa: BLE001 - every waiter must hear of it
                logger.exception("access log batch of %d rows not written", len(batch))
                error = exc
            finally:
                self._cond.acquire()
            if error is None:
                self.batches += 1
                self.rows += len(batch)
            for ticket in batch:
                ticket.error = error
                ticket.done = True
        finally:
            self._leading = False
            self._cond.notify_all()
