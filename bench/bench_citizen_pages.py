"""Latency of login and of the citizen's record endpoints on the demo country (PostgreSQL,
1M or 10M people): random citizens, in-process through Django's test client, queries counted.

Login is the real ``signin.login`` with the production Argon2id hasher: the account lookup
among ``--accounts-share`` percent of people holding an account (37% nationally: ~35 M app
accounts for ~94 M insured), the password check, the one-device rule and the tokens.
The accounts are made once, in one INSERT … SELECT, with one shared password hash.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/openvss_bench \
      .venv/bin/python bench/bench_citizen_pages.py --people 300 --accounts-share 37
"""

import argparse
import contextlib
import os
import random
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--accounts-share", type=int, default=37, help="percent of people")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvss.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openvss.accounts.models import User
    from openvss.people.models import Person

    call_command("migrate", verbosity=0)
    total = Person.objects.count()
    accounts = _ensure_accounts(connection, args.accounts_share)
    rng = random.Random(11)
    people = list(
        Person.objects.filter(
            pk__in=[rng.randrange(1, total + 1) for _ in range(args.people)],
            account__isnull=False,
        )
    )
    paths = ["/api/v1/me", "/api/v1/me/card", "/api/v1/me/participation", "/api/v1/me/benefits",
             "/api/v1/me/visits?year=2026", "/api/v1/me/access-log"]  # fmt: skip
    timings = {p: [] for p in paths}
    queries = {p: set() for p in paths}
    rows = []
    client = Client()
    from openvss.accounts import signin

    logins, login_queries = [], set()
    backend = _backend_pid(connection)
    cpu = {key: [0.0, 0.0] for key in ["login", *paths]}  # seconds: this process, PostgreSQL
    # The first citizen warms the process up (imports, templates, caches) and is not counted.
    for warm_up, person in [(True, people[0]), *((False, p) for p in people)]:
        if warm_up:
            user = User.objects.get(person=person)
            cache.clear()
            tokens = signin.login(
                username=user.username, password=PASSWORD, device_id=f"bench-{user.pk}"
            )
            for path in paths:
                client.get(path, HTTP_AUTHORIZATION=f"Bearer {tokens.access}")
            continue
        user = User.objects.get(person=person)
        cache.clear()  # the per-IP login limit would stop a bench of many logins from one address
        with CaptureQueriesContext(connection) as ctx, _cpu(cpu["login"], backend):
            started = time.perf_counter()
            tokens = signin.login(
                username=user.username, password=PASSWORD, device_id=f"bench-{user.pk}"
            )
            logins.append((time.perf_counter() - started) * 1000)
        login_queries.add(len(ctx.captured_queries))
        if not isinstance(tokens, signin.Tokens):
            continue
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}
        rows.append(person.periods.count())
        for path in paths:
            with CaptureQueriesContext(connection) as ctx, _cpu(cpu[path], backend):
                started = time.perf_counter()
                response = client.get(path, **headers)
                timings[path].append((time.perf_counter() - started) * 1000)
            if response.status_code not in (200, 404):
                sys.exit(f"{path}: {response.status_code}")
            queries[path].add(len(ctx.captured_queries))
    print(
        f"{len(rows)} random citizens of {total:,} ({accounts:,} accounts); participation rows "
        f"per person: median {statistics.median(rows):.0f}, max {max(rows)}"
    )
    n = len(logins)
    t = sorted(logins)
    print(
        f"{'login (signin.login, Argon2id)':<32} median {statistics.median(t):6.1f} ms   "
        f"p95 {t[int(len(t) * 0.95)]:6.1f} ms   queries {sorted(login_queries)}   "
        f"CPU/call app {cpu['login'][0] / n * 1000:5.2f} ms, db {cpu['login'][1] / n * 1000:5.2f} ms"
    )
    for path in paths:
        t = sorted(timings[path])
        app, db = (x / len(t) * 1000 for x in cpu[path])
        print(
            f"{path:<32} median {statistics.median(t):6.1f} ms   p95 {t[int(len(t) * 0.95)]:6.1f} ms   "
            f"queries {sorted(queries[path])}   CPU/call app {app:5.2f} ms, db {db:5.2f} ms"
        )


def _backend_pid(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a PostgreSQL backend on this machine, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def _cpu(total: list[float], backend: int):
    """Add this process's and the backend's CPU time over the block to ``total``."""
    app, db = time.process_time(), _backend_cpu(backend)
    yield
    total[0] += time.process_time() - app
    total[1] += _backend_cpu(backend) - db


PASSWORD = "Bench 2026!"


def _ensure_accounts(connection, share: int) -> int:
    """Accounts for ``share`` percent of people (by id), made in one statement; the count.
    ``ON CONFLICT`` skips those who have one: a ``NOT EXISTS`` on the table being filled was
    planned as a nested loop over it and went quadratic (13 CPU-minutes at 10 M, stopped)."""
    from django.contrib.auth.hashers import make_password

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,"
            " email, is_staff, is_active, date_joined, must_change_password, person_id, phone,"
            " failed_logins) "
            "SELECT %s, false, p.bhxh_code, '', '', '', false, true, now(), false, p.id, '', 0 "
            "FROM people_person p WHERE p.id %% 100 < %s ON CONFLICT DO NOTHING",
            [make_password(PASSWORD), share],
        )
        cursor.execute("ANALYZE accounts_user")
        cursor.execute("SELECT count(*) FROM accounts_user")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
