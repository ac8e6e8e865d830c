"""A throwaway PostgreSQL cluster for fault tests that restart the database server.

The shared server on 5432 is never touched: this one lives in a temporary folder, listens
on 127.0.0.1 on a free port only, and is removed afterwards. PostgreSQL refuses to run as
root, so as root its commands run as the ``postgres`` user (runuser)."""

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.processes import free_port


def postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl are (Debian keeps them off the PATH)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)  # noqa: S607
        candidates.insert(0, str(Path(out.stdout.strip()) / "initdb"))
    for initdb in candidates:
        if Path(initdb).is_file():
            return Path(initdb).parent
    return None


class ThrowawayCluster:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="openvss-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *argv: str, timeout: float = 60) -> None:
        subprocess.run(  # noqa: S603
            [*self.as_user, *argv], check=True, capture_output=True, timeout=timeout
        )

    def create(self) -> None:
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        self.start()

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c fsync=on -c synchronous_commit=on -c shared_buffers=16MB -c max_connections=20"
        )
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip

    def crash(self) -> None:
        """Stop like a power cut: no shutdown checkpoint, the next start replays the WAL."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def createdb(self, name: str) -> None:
        self._run(
            str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
            "-U", "postgres", name,
        )  # fmt: skip

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):  # not running
            self.crash()
        shutil.rmtree(self.root, ignore_errors=True)
