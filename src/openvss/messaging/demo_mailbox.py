"""The demo's copy of every delivered SMS and email, read by the simulated phone.

The outbox erases a message's secret (an OTP, a new password) as soon as it is delivered, so
the delivery log never shows it (services.message_deliver). A demo visitor has no real phone
or inbox to read it from; so, only where ``settings.DEMO_MAILBOX`` names a file (demo tools
on, never in production), each delivered text is also appended there exactly as it reached
the recipient, keyed by the message's id. A file rather than a table: the worker (which
delivers) and the web server (which shows) are separate processes, and production's schema
stays free of demo tables. The outbox itself is unchanged.
"""

import json
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

# The page shows the newest messages; reading the file's tail is enough.
TAIL_BYTES = 2 * 1024 * 1024


def _path() -> Path | None:
    return Path(settings.DEMO_MAILBOX) if settings.DEMO_MAILBOX else None


def mailbox_keep(*, message_id: int, text: str) -> None:
    """Append one delivered text (no-op unless demo tools keep a mailbox)."""
    path = _path()
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {"id": message_id, "at": timezone.now().isoformat(), "text": text}, ensure_ascii=False
    )
    # One write per line in append mode: lines from two processes never interleave.
    with path.open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def mailbox_texts() -> dict[int, str]:
    """The kept texts by message id (the latest copy wins)."""
    path = _path()
    if path is None or not path.exists():
        return {}
    with path.open("rb") as source:
        source.seek(max(0, os.path.getsize(path) - TAIL_BYTES))
        raw = source.read().decode("utf-8", "replace")
    texts = {}
    for line in raw.splitlines():
        try:
            record = json.loads(line)
            texts[int(record["id"])] = str(record["text"])
        except (ValueError, KeyError, TypeError):
            continue  # the first line of a tail may be cut
    return texts
