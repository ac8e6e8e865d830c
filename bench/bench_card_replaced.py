"""Card checks once cards are reissued (cấp lại, đổi thẻ), on the 1,000,000-person country,
in process (the service, not HTTP: the HTTP path is bench_card_check.py's). Prints, per
shape of check, the median / p95 / p99 time and the SQL statements per check:

- number only (the card in use answers, as before);
- number + issue date of the card in use (the QR of the card in the app or on paper);
- number + issue date of a replaced card (the lost card's QR: 004);
- number + an issue date no card has (a QR from elsewhere: falls back to the card in use).

Writes (reissues, access-log rows): run it on a copy, never on the shared database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h12c_1m \\
      .venv/bin/python bench/bench_card_replaced.py --sample 1000
"""

import argparse
import os
import random
import statistics
import time
from datetime import date


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=1000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvss.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from openvss.clinics.services import api_key_create, card_check
    from openvss.people.models import HealthCard
    from openvss.people.services import card_reissue
    from openvss.places.models import MedicalFacility

    today = timezone.localdate()
    top = HealthCard.objects.order_by("-pk").values_list("pk", flat=True).first()
    rng = random.Random(12)
    ids = {rng.randrange(1, top + 1) for _ in range(args.sample * 3)}
    cards = list(
        HealthCard.objects.filter(pk__in=ids, status="active", issued_on__lt=today)
        .exclude(valid_to__lt=today)
        .select_related("person")[: args.sample]
    )
    key, _text = api_key_create(
        facility=MedicalFacility.objects.order_by("code").first(), name="bench", scopes=["verify"]
    )
    started = time.perf_counter()
    replaced = []
    for card in cards[: len(cards) // 2]:
        card_reissue(person=card.person, today=today)
        replaced.append(card)
    reissue_ms = (time.perf_counter() - started) * 1000 / max(len(replaced), 1)
    kept = cards[len(cards) // 2 :]

    def who(card):
        person = card.person
        birth = (
            str(person.birth_date.year)
            if person.birth_year_only
            else (person.birth_date.strftime("%d/%m/%Y"))
        )
        return {"full_name": person.full_name, "birth_date": birth}

    shapes = {
        "number only": [(c, {"card_number": c.number}) for c in kept],
        "number + issue date of the card in use": [
            (c, {"card_number": c.number, "issued_on": c.issued_on}) for c in kept
        ],
        "number + issue date of a replaced card": [
            (c, {"card_number": c.number, "issued_on": c.issued_on}) for c in replaced
        ],
        "number + an issue date no card has": [
            (c, {"card_number": c.number, "issued_on": date(2001, 2, 3)}) for c in kept
        ],
    }
    print(f"{len(cards)} cards sampled; reissue: {reissue_ms:.2f} ms per card")
    print("| check | n | median ms | p95 ms | p99 ms | statements | result codes |")
    print("|---|---|---|---|---|---|---|")
    for label, calls in shapes.items():
        times, statements, codes = [], [], {}
        for card, lookup in calls:
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                result = card_check(key=key, today=today, **lookup, **who(card))
                times.append((time.perf_counter() - t0) * 1000)
            statements.append(len(ctx.captured_queries))
            codes[result.result_code] = codes.get(result.result_code, 0) + 1
        times.sort()
        q = statistics.quantiles(times, n=100)
        print(
            f"| {label} | {len(times)} | {statistics.median(times):.2f} | {q[94]:.2f} | "
            f"{q[98]:.2f} | {statistics.median(statements):.0f} | {dict(sorted(codes.items()))} |"
        )


if __name__ == "__main__":
    main()
