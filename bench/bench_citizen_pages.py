"""Latency of the citizen's record endpoints on the demo country (PostgreSQL, 1M people):
random citizens, in-process through Django's test client, queries counted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/openvss_bench \
      .venv/bin/python bench/bench_citizen_pages.py --people 300
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300)
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
    rng = random.Random(11)
    people = list(
        Person.objects.filter(pk__in=[rng.randrange(1, total + 1) for _ in range(args.people)])
    )
    paths = ["/api/v1/me", "/api/v1/me/card", "/api/v1/me/participation", "/api/v1/me/benefits",
             "/api/v1/me/visits?year=2026", "/api/v1/me/access-log"]  # fmt: skip
    timings = {p: [] for p in paths}
    queries = {p: set() for p in paths}
    rows = []
    client = Client()
    from openvss.accounts import signin

    for person in people:
        user, _ = User.objects.get_or_create(username=person.bhxh_code, defaults={"person": person})
        user.set_password("Bench 2026!")
        user.save()
        cache.clear()  # the per-IP login limit would stop a bench of many logins from one address
        tokens = signin.login(
            username=user.username, password="Bench 2026!", device_id=f"bench-{user.pk}"
        )
        if not isinstance(tokens, signin.Tokens):
            continue
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}
        rows.append(person.periods.count())
        for path in paths:
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(path, **headers)
                timings[path].append((time.perf_counter() - started) * 1000)
            if response.status_code not in (200, 404):
                sys.exit(f"{path}: {response.status_code}")
            queries[path].add(len(ctx.captured_queries))
    print(
        f"{len(rows)} random citizens of {total:,}; participation rows per person: median "
        f"{statistics.median(rows):.0f}, max {max(rows)}"
    )
    for path in paths:
        t = sorted(timings[path])
        print(
            f"{path:<32} median {statistics.median(t):6.1f} ms   p95 {t[int(len(t) * 0.95)]:6.1f} ms   "
            f"queries {sorted(queries[path])}"
        )


if __name__ == "__main__":
    main()
