"""Periodic jobs, run by ``openvss worker`` beside the task queue (or by cron, as commands)."""

import logging
import threading
import time

from django.core.management import call_command
from django.db import close_old_connections

logger = logging.getLogger(__name__)

# (command, every N seconds)
# reconcile_payments checks yesterday's orders against the gateway and closes abandoned ones;
# it records each difference once a day, so a restart that reruns it is harmless.
# notify_arrears (people) sends one notice per new owed period; a rerun sends nothing.
# partitions (core/partitions.py) makes next months' partitions ahead and empties the default.
JOBS = [
    ("partitions", 86400),
    ("expire_dossiers", 3600),
    ("send_pending_messages", 300),
    ("reconcile_payments", 86400),
    ("notify_arrears", 86400),
]


def run_forever(stop: threading.Event, jobs=JOBS) -> None:
    next_run = {name: 0.0 for name, _every in jobs}
    while not stop.is_set():
        now = time.monotonic()
        for name, every in jobs:
            if now >= next_run[name]:
                next_run[name] = now + every
                close_old_connections()
                try:
                    call_command(name, verbosity=0)
                except Exception:  # one failed run must not stop the schedule
                    logger.exception("scheduled job %s failed", name)
                finally:
                    close_old_connections()
        stop.wait(5)


def start_in_background() -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=run_forever, args=(stop,), name="openvss-schedule", daemon=True).start()
    return stop
