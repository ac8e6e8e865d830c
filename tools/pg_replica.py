"""A PostgreSQL primary and its streaming replica on 127.0.0.1, for CI's replica run.

    python tools/pg_replica.py start   # primary on 5434, replica (pg_basebackup) on 5435
    python tools/pg_replica.py stop    # stops both and removes their folder

Throwaway clusters in /tmp (the shared server on 5432 is never touched), made with Debian's
initdb, pg_ctl and pg_basebackup; as root they run as the ``postgres`` user. The replica is
a hot standby streaming from the primary (``pg_basebackup -R``): what the primary commits,
it replays a moment later, and it refuses writes.
"""

import argparse
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(os.environ.get("OPENVSS_REPLICA_DIR", Path(tempfile.gettempdir()) / "openvss-replica"))
PRIMARY_PORT, REPLICA_PORT = 5434, 5435


def bindir() -> Path:
    for initdb in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(initdb).parent
    found = shutil.which("initdb")
    if not found:
        sys.exit("initdb not found (Debian package postgresql)")
    return Path(found).parent


def run(*argv: str, timeout: float = 120) -> None:
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*as_user, *argv], check=True, timeout=timeout)  # noqa: S603


def start() -> None:
    stop(quiet=True)
    ROOT.mkdir(parents=True)
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(ROOT, user.pw_uid, user.pw_gid)
    bins = bindir()
    primary, replica = ROOT / "primary", ROOT / "replica"
    run(str(bins / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8",
        "--locale=C.UTF-8")  # fmt: skip
    settings = (
        f"port = {PRIMARY_PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = "
        f"'{ROOT}'\nwal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n"
        "fsync = off\nfull_page_writes = off\n"  # a throwaway cluster: speed over safety
    )
    with (primary / "postgresql.conf").open("a") as conf:
        conf.write(settings)
    run(str(bins / "pg_ctl"), "-D", str(primary), "-l", str(ROOT / "primary.log"), "-w", "start")
    run(str(bins / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U", "postgres",
        "-D", str(replica), "-R", "-X", "stream")  # fmt: skip
    with (replica / "postgresql.conf").open("a") as conf:
        conf.write(f"port = {REPLICA_PORT}\n")
    run(str(bins / "pg_ctl"), "-D", str(replica), "-l", str(ROOT / "replica.log"), "-w", "start")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        probe = subprocess.run(  # noqa: S603
            ["psql", "-h", "127.0.0.1", "-p", str(REPLICA_PORT), "-U", "postgres", "-tAc",  # noqa: S607
             "SELECT pg_is_in_recovery()"], capture_output=True, text=True,
        )  # fmt: skip
        if probe.stdout.strip() == "t":
            break
        time.sleep(0.5)
    else:
        sys.exit("the replica did not come up in recovery")
    print(f"primary postgres://postgres@127.0.0.1:{PRIMARY_PORT}/postgres")
    print(f"replica postgres://postgres@127.0.0.1:{REPLICA_PORT}/postgres")


def stop(quiet: bool = False) -> None:
    bins = bindir()
    for name in ("replica", "primary"):
        if (ROOT / name / "postmaster.pid").exists():
            run(str(bins / "pg_ctl"), "-D", str(ROOT / name), "-m", "immediate", "-w", "stop")
    shutil.rmtree(ROOT, ignore_errors=True)
    if not quiet:
        print("stopped")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop"])
    {"start": start, "stop": stop}[parser.parse_args().action]()
