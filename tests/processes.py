"""Real processes for fault tests: a worker or a server started beside the test, sharing its
database, so that the test can kill them mid-flight. Every wait is bounded."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_url(settings_dict: dict | None = None) -> str:
    """The URL of the database the test runs on (the test database, not the default one)."""
    db = settings_dict or connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def openvss(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``openvss <args>`` in its own process group, output to ``log``."""
    out = log.open("ab")
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", "from openvss.cli import main; main()", *args],
        env={**os.environ, "DEBUG": "0", "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}", **env},
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Signal the whole process group (granian and its workers), then reap it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_for(
    condition: Callable[[], object], *, timeout: float, what: str, log: Path | None = None
):
    """Poll ``condition`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{tail}")
