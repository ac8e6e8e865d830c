"""Latency of /api/v1/me/estimates/{kind} on the demo country (PostgreSQL, 1M people):
random citizens, every kind, in-process through Django's test client, queries counted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/openvss_bench \
      .venv/bin/python bench/bench_estimates.py --people 300
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

KINDS = ["bhxh-mot-lan", "luong-huu", "that-nghiep", "thai-san", "om-dau"]


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

    from openvss.accounts import signin
    from openvss.accounts.models import User
    from openvss.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)  # the new dated figures (idempotent)
    total = Person.objects.count()
    rng = random.Random(13)
    people = list(
        Person.objects.filter(pk__in=[rng.randrange(1, total + 1) for _ in range(args.people)])
    )
    timings = {k: [] for k in KINDS}
    queries = {k: set() for k in KINDS}
    statuses = {k: Counter() for k in KINDS}
    rows = []
    client = Client()
    for person in people:
        user, _ = User.objects.get_or_create(username=person.bhxh_code, defaults={"person": person})
        user.set_password("Bench 2026!")
        user.save()
        cache.clear()
        tokens = signin.login(
            username=user.username, password="Bench 2026!", device_id=f"bench-{user.pk}"
        )
        if not isinstance(tokens, signin.Tokens):
            continue
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}
        rows.append(person.periods.count())
        for kind in KINDS:
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(f"/api/v1/me/estimates/{kind}", **headers)
                timings[kind].append((time.perf_counter() - started) * 1000)
            if response.status_code not in (200, 422):
                sys.exit(f"{kind}: {response.status_code} {response.content[:200]}")
            statuses[kind][response.status_code] += 1
            queries[kind].add(len(ctx.captured_queries))
    print(f"{len(rows)} random citizens of {total:,}; participation rows per person: median "
          f"{statistics.median(rows):.0f}, max {max(rows)}")  # fmt: skip
    everything = []
    for kind in KINDS:
        t = sorted(timings[kind])
        everything += t
        print(f"/api/v1/me/estimates/{kind:<13} median {statistics.median(t):6.1f} ms   "
              f"p95 {t[int(len(t) * 0.95)]:6.1f} ms   queries {sorted(queries[kind])}   "
              f"answers {dict(statuses[kind])}")  # fmt: skip
    everything.sort()
    print(
        f"all kinds: median {statistics.median(everything):.1f} ms, p95 {everything[int(len(everything) * 0.95)]:.1f} ms"
    )


if __name__ == "__main__":
    main()
