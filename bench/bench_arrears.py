"""The daily employer-arrears job (issue 12, item 8) on the demo country (PostgreSQL, 1M
people): time to find every new owed period in bulk, record its notice and queue its SMS and
email, then a re-run (nothing new), then a day on which new owed periods appeared.

Run it on a COPY of openvss_1m (it writes notices, messages and owed rows):

    createdb -h 127.0.0.1 -U postgres -T openvss_1m h12t_1m
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h12t_1m \
      .venv/bin/python bench/bench_arrears.py --new-periods 10000
"""

import argparse
import os
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--new-periods", type=int, default=10000,
                        help="owed periods that appear before the third run")  # fmt: skip
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvss.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from openvss.messaging.models import Message
    from openvss.people import services
    from openvss.people.models import ArrearsNotice, ParticipationPeriod, Person

    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or name == "openvss_1m":
        sys.exit(f"run this on a PostgreSQL copy of openvss_1m, not {name!r}")

    started = time.monotonic()
    call_command("migrate", verbosity=0)  # the partial index on owed rows, the notice table
    migrate_s = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_participationperiod; ANALYZE people_arrearsnotice")
    people = Person.objects.count()
    rows = ParticipationPeriod.objects.count()
    owed = ParticipationPeriod.objects.filter(payment="owed").count()
    print(f"database {name}: {people:,} people, {rows:,} participation rows, {owed:,} owed rows")
    print(f"migrate (index on owed rows + notice table): {migrate_s:.1f} s")

    # Count the time spent handing messages to the task queue apart from the job's SQL.
    enqueue_s = [0.0]
    enqueue = services.messages_enqueue

    def timed_enqueue(message_ids, **kwargs):
        t = time.monotonic()
        enqueue(message_ids, **kwargs)
        enqueue_s[0] += time.monotonic() - t

    services.messages_enqueue = timed_enqueue

    def run(label: str) -> None:
        enqueue_s[0] = 0.0
        t = time.monotonic()
        counts = services.arrears_notices_send()
        total = time.monotonic() - t
        print(
            f"{label}: {total:.1f} s — {counts['notices']:,} new owed periods, "
            f"{counts['messages']:,} SMS/email queued (of which handing them to the task "
            f"queue {enqueue_s[0]:.1f} s)"
        )

    run("run 1 (first day: every owed period is new)")
    run("run 2 (re-run the same day: nothing new)")

    # New arrears: the latest row of N people who have none owed becomes owed.
    t = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE people_participationperiod SET payment = 'owed'
            WHERE id IN (
              SELECT DISTINCT ON (person_id) id FROM people_participationperiod
              WHERE employer_id IS NOT NULL AND payment = 'paid'
                AND person_id IN (SELECT id FROM people_person WHERE id %% 97 = 5
                                  AND NOT is_deceased LIMIT %s)
              ORDER BY person_id, to_month DESC)
            """,
            [args.new_periods],
        )
        changed = cursor.rowcount
    print(f"(marked {changed:,} people's latest row owed in {time.monotonic() - t:.1f} s)")
    run("run 3 (next day: new owed periods)")
    run("run 4 (re-run: nothing new)")
    print(
        f"notices recorded: {ArrearsNotice.objects.count():,}; "
        f"arrears messages: {Message.objects.filter(purpose='arrears').count():,}"
    )
    # Where the time of the scan goes: the plan of the statement's SELECT part.
    select = services._ARREARS_INSERT.split("ON CONFLICT")[0]
    select = select[select.index("SELECT") :].format(
        period="people_participationperiod", person="people_person"
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + select, [None])
        print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
