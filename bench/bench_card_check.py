"""Card verification throughput and latency beside a bare indexed lookup, in one run.

Needs a PostgreSQL database with the demo country (openvss seed --people 1000000), wrk
(Debian package) and granian. Prints both figures and their ratio; targets: verification
at >= 70% of the bare view's throughput, p99 under 50 ms at that load, every access-log
row durable before the answer.

The machine is shared, so each round runs the bare view and the check back to back and the
medians are reported. Each run also prints where the time goes, which load on the machine
does not blur: CPU time per request of the server (granian workers) and of the PostgreSQL
backends serving it, and what those backends were waiting for (sampled every 20 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/openvss_bench \
      .venv/bin/python bench/bench_card_check.py --seconds 20
"""

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup(sample: int) -> tuple[str, list[dict]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvss.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from openvss.clinics.services import api_key_create
    from openvss.people.models import HealthCard
    from openvss.places.models import MedicalFacility

    call_command("migrate", verbosity=0)
    total = HealthCard.objects.count()
    step = max(total // sample, 1)
    rng = random.Random(7)
    ids = [rng.randrange(1, total + 1) for _ in range(sample)] if total else []
    cards = list(
        HealthCard.objects.filter(pk__in=ids, status="active")
        .select_related("person")
        .values("number", "person__full_name", "person__birth_date")
    )
    facility = MedicalFacility.objects.order_by("code").first()
    _key, text = api_key_create(
        facility=facility, name=f"bench {time.time():.0f}", scopes=["verify"]
    )
    print(f"cards in database: {total:,}; sample: {len(cards)} (step {step})")
    return text, [
        {
            "card_number": c["number"],
            "full_name": c["person__full_name"],
            "birth_date": c["person__birth_date"].strftime("%d/%m/%Y"),
        }
        for c in cards
    ]


LUA = """
local bodies = {%(bodies)s}
local numbers = {%(numbers)s}
local i = 0
request = function()
  i = i %% #bodies + 1
  if wrk.path == "/bench/bare-card" then
    return wrk.format("GET", "/bench/bare-card?number=" .. numbers[i])
  end
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["X-API-Key"] = "%(key)s"}, bodies[i])
end
"""


def lua_script(key: str, cards: list[dict]) -> str:
    bodies = ",".join(
        json.dumps(json.dumps(c, ensure_ascii=False), ensure_ascii=False) for c in cards
    )
    numbers = ",".join(json.dumps(c["card_number"]) for c in cards)
    path = Path(tempfile.mkdtemp()) / "bench.lua"
    path.write_text(LUA % {"bodies": bodies, "numbers": numbers, "key": key}, encoding="utf-8")
    return str(path)


def wrk(url: str, script: str, seconds: int, connections: int) -> tuple[float, float, int]:
    out = subprocess.run(  # noqa: S603
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script,
            url,
        ],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        sys.exit(f"errors during the run of {url}:\n{out}")
    if "Socket errors" in out:
        print(f"  (socket errors: {re.search(r'Socket errors:.*', out).group(0)})")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(\w+)", out).groups()
    p99_ms = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return rps, p99_ms, seconds


TICK = os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> list[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system) per process still alive."""
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / TICK
        except (OSError, IndexError, ValueError):
            pass
    return found


def _used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


class Meter:
    """CPU seconds used by the server's processes and by the database backends serving
    it, and the backends' wait events, over one wrk run."""

    def __init__(self, server_pid: int):
        from django.db import connection

        self.server_pid = server_pid
        self.connection = connection

    def _backends(self, exclude: int = 0) -> list[int]:
        """The server's backends: not this meter's own, nor its sampler's."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND pid <> %s",
                [exclude],
            )
            return [row[0] for row in cursor.fetchall()]

    def run(self, fn):
        import collections
        import threading

        waits, stop = collections.Counter(), threading.Event()
        samples, sampler_pid, ready = [0], [0], threading.Event()

        def sample():
            from django.db import connection as own

            with own.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                sampler_pid[0] = cursor.fetchone()[0]
                ready.set()
                while not stop.is_set():
                    cursor.execute(
                        "SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU') "
                        "FROM pg_stat_activity WHERE datname = current_database() "
                        "AND state = 'active' AND pid <> pg_backend_pid()"
                    )
                    waits.update(row[0] for row in cursor.fetchall())
                    samples[0] += 1
                    time.sleep(0.02)
            own.close()

        server = _descendants(self.server_pid)
        sampler = threading.Thread(target=sample)
        sampler.start()
        ready.wait(10)
        backends = self._backends(exclude=sampler_pid[0])
        before = (_cpu_seconds(server), _cpu_seconds(backends))
        result = fn()
        # Backends that came and went during the run are missed; the server keeps its
        # connections (CONN_MAX_AGE), so after warming up the set does not change.
        after = (_cpu_seconds(server), _cpu_seconds(backends))
        stop.set()
        sampler.join()
        requests = result[0] * result[2]
        cpu = (
            _used(before[0], after[0]) / requests * 1000,
            _used(before[1], after[1]) / requests * 1000,
        )
        busy = {k: v / max(samples[0], 1) for k, v in waits.most_common(4)}
        return result, cpu, busy


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="bare and check interleaved")
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    parser.add_argument(
        "--threads", type=int, default=4,
        help="blocking threads per worker (as `openvss serve`; the access log's group commit "
        "batches the rows of the checks running at once in a worker)",
    )  # fmt: skip
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    sys.path.insert(0, str(ROOT))
    key, cards = setup(args.sample)
    script = lua_script(key, cards)
    env = {
        **os.environ, "OPENVSS_ROOT_URLCONF": "bench.urls", "FACILITY_KEY_RATE_LIMIT": "1000000000",
        # This checkout's code, not whichever the virtualenv's editable install points at.
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "LOG_LEVEL": "WARNING", "CONN_MAX_AGE": "3600",
    }  # fmt: skip
    port = free_port()  # engineers share the machine: never a fixed port
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "granian", "--interface", "wsgi", "--workers", str(args.workers),
         "--blocking-threads", str(args.threads), "--blocking-threads-idle-timeout", "600",
         "--no-ws", "--port", str(port),
         "--log-level", "error", "openvss.wsgi:application"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    print(
        f"granian WSGI, {args.workers} workers x {args.threads} blocking thread(s); "
        f"wrk -t2 -c{args.connections}; {args.rounds} rounds of {args.seconds} s each"
    )
    rounds = []
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        base = f"http://127.0.0.1:{port}"
        bare_url, check_url = f"{base}/bench/bare-card", f"{base}/api/v1/clinic/card-checks"
        wrk(bare_url, script, 3, args.connections)  # warm both paths
        wrk(check_url, script, 3, args.connections)
        meter = Meter(server.pid)
        for n in range(1, args.rounds + 1):
            # Interleaved, so that the load of the shared machine weighs on both alike.
            bare, bare_cpu, bare_waits = meter.run(
                lambda: wrk(bare_url, script, args.seconds, args.connections)
            )
            started = log_clock()
            check, check_cpu, check_waits = meter.run(
                lambda: wrk(check_url, script, args.seconds, args.connections)
            )
            rows, commits = log_commits(started)
            rounds.append((bare, check, bare_cpu, check_cpu))
            print(
                f"round {n}: bare {bare[0]:7.0f} req/s p99 {bare[1]:6.1f} ms | "
                f"check {check[0]:7.0f} req/s p99 {check[1]:6.1f} ms | "
                f"ratio {check[0] / bare[0]:4.0%}\n"
                f"  CPU ms per request (server + database): bare {bare_cpu[0]:.2f} + "
                f"{bare_cpu[1]:.2f}, check {check_cpu[0]:.2f} + {check_cpu[1]:.2f}\n"
                f"  backends busy (average count): bare {_fmt(bare_waits)}; "
                f"check {_fmt(check_waits)}\n"
                f"  access-log rows {rows:,} in {commits:,} commits "
                f"({rows / max(commits, 1):.1f} rows per commit)",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    median = statistics.median
    print(f"median bare lookup    {median(r[0][0] for r in rounds):8.0f} req/s   "
          f"p99 {median(r[0][1] for r in rounds):6.1f} ms")  # fmt: skip
    print(f"median verification   {median(r[1][0] for r in rounds):8.0f} req/s   "
          f"p99 {median(r[1][1] for r in rounds):6.1f} ms")  # fmt: skip
    print(f"median ratio          {median(r[1][0] / r[0][0] for r in rounds):8.0%}   "
          "(target >= 70%, p99 < 50 ms)")  # fmt: skip
    # When the box is CPU-bound (idle disk), throughput goes as 1 / CPU per request.
    print(f"median CPU ratio      {median(sum(r[2]) / sum(r[3]) for r in rounds):8.0%}   "
          "(bare CPU per request / check CPU per request, server + database)")  # fmt: skip


def log_clock():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        return cursor.fetchone()[0]


def log_commits(since) -> tuple[int, int]:
    """Access-log rows written since ``since`` and the transactions that wrote them (rows
    committed together share their inserting transaction id, xmin)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(DISTINCT xmin::text) FROM audit_accesslog WHERE at >= %s",
            [since],
        )
        return cursor.fetchone()


def _fmt(waits: dict) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in waits.items())


if __name__ == "__main__":
    main()
