"""HR's batch upload of declarations (form 01): a spreadsheet of N rows read, checked row by
row against the records and submitted as one batch (bulk inserts, dossier numbers as one
range in one counter update). Prints where the time goes.

Runs on your own copy of the demo country (never on openvss_1m itself):

    createdb -h 127.0.0.1 -U postgres -T openvss_1m h14b_1m
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h14b_1m \
      .venv/bin/python bench/bench_org_batch.py --rows 10000

It makes a bench organisation (mã đơn vị BENCH01) whose current employees are N people of
the database without an account, writes their spreadsheet with openpyxl, then times:
reading the file, the full check (``batch_check``: formats, duplicates, the records), and
the submission (``batch_submit``: the check again under the organisation's lock, then the
inserts). The batch is deleted afterwards (``--keep`` keeps it), so runs can be repeated.
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--pdf", type=int, default=500, help="rows printed into one PDF")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvss.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Exists, OuterRef
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from openvss.accounts.models import Device, User
    from openvss.domain.org_batch import COLUMNS
    from openvss.dossiers.declaration import declarations_pdf
    from openvss.dossiers.models import Dossier, DossierEvent
    from openvss.organisations import hr_selectors, hr_services, xlsx
    from openvss.organisations.models import (
        Declaration,
        DeclarationBatch,
        Organisation,
        OrganisationMember,
    )
    from openvss.people.models import ParticipationPeriod, Person
    from openvss.places.models import Agency, Commune, Employer

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"people: {Person.objects.count():,}")

    # --- the bench organisation and its N employees (set up once, reused) -------------
    agency = Agency.objects.filter(code="01000").first() or Agency.objects.first()
    employer = Employer.objects.filter(code="BENCH01").first()
    if employer is None:
        employer = Employer(code="BENCH01", province_id=agency.province_id, agency=agency)
        employer.set_name("Công ty TNHH Đo Hiệu Năng")
        employer.save()
    organisation, _ = Organisation.objects.get_or_create(
        employer=employer,
        defaults={
            "transaction_method": Organisation.Method.DIRECT,
            "representative_name": "Nguyễn Văn Đo",
            "contact_phone": "0912000999",
            "contact_email": "bench@example.vn",
            "registered_at": timezone.now(),
        },
    )
    user, _ = User.objects.get_or_create(username="BENCH01.nhansu")
    device, _ = Device.objects.get_or_create(
        user=user, signed_out_at=None, defaults={"device_id": "bench"}
    )
    member, _ = OrganisationMember.objects.get_or_create(
        user=user,
        defaults={
            "organisation": organisation,
            "role": OrganisationMember.Role.HR,
            "login": "nhansu",
            "full_name": "Bench",
            "email": "nhansu@bench.vn",
            "verified_device": device,
        },
    )
    month = timezone.localdate().replace(day=1)
    employees = list(
        Person.objects.filter(periods__employer=employer, periods__to_month__gte=month).distinct()[
            : args.rows
        ]
    )
    if len(employees) < args.rows:
        started = time.perf_counter()
        have = {p.pk for p in employees}
        candidates = (
            Person.objects.filter(
                ~Exists(User.objects.filter(person=OuterRef("pk"))),
                ~Exists(
                    Dossier.objects.filter(person=OuterRef("pk"), status__in=Dossier.OPEN_STATUSES)
                ),
                is_deceased=False,
                birth_year_only=False,
            )
            .exclude(pk__in=have)
            .order_by("pk")
            .only("pk", "bhxh_code", "full_name", "birth_date", "sex", "citizen_id")[
                : args.rows - len(employees)
            ]
        )
        new = list(candidates)
        ParticipationPeriod.objects.bulk_create(
            [
                ParticipationPeriod(
                    person=p,
                    scheme="BHXH",
                    from_month=date(2024, 1, 1),
                    to_month=month,
                    employer=employer,
                    wage=12_000_000,
                )
                for p in new
            ],
            batch_size=2000,
        )
        employees += new
        print(
            f"set-up: {len(new):,} people made employees in {time.perf_counter() - started:.1f} s"
        )
    employees = employees[: args.rows]
    communes = list(Commune.objects.values_list("code", flat=True)[:500])

    def row(i, p):
        cid = p.citizen_id or ""
        return {
            "bhxh_code": p.bhxh_code,
            "full_name": p.full_name,
            "birth_date": p.birth_date.strftime("%d/%m/%Y"),
            "citizen_id": cid
            or f"001{(0 if p.birth_date.year < 2000 else 2) + (p.sex - 1)}"
            f"{p.birth_date.year % 100:02d}{i:06d}",
            "commune_code": communes[i % len(communes)],
            "address_line": f"Số {i} đường Đo Hiệu Năng",
            "phone": f"03{i:08d}",
            "email": f"bench{i}@bench.vn",
        }

    class Timer:
        """Wall time and this process's CPU time: the box is shared (load average above
        the core count makes wall time mostly waiting), so both are printed."""

        def __enter__(self):
            self.wall, self.cpu = time.perf_counter(), time.process_time()
            return self

        def __exit__(self, *exc):
            self.wall = time.perf_counter() - self.wall
            self.cpu = time.process_time() - self.cpu

        def __str__(self):
            return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU (Python)"

    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    started = time.perf_counter()
    body = xlsx.rows_xlsx(
        [row(i, p)[c.field] for c in COLUMNS] for i, p in enumerate(employees, start=1)
    )
    print(
        f"spreadsheet: {len(employees):,} rows, {len(body) / 1024:.0f} KiB, "
        f"written in {time.perf_counter() - started:.2f} s"
    )

    def upload():
        return SimpleUploadedFile("bench.xlsx", body, content_type=xlsx.CONTENT_TYPE)

    with Timer() as read:
        sheet = xlsx.sheet_read(upload())
    print(f"read (openpyxl, read-only): {read} ({len(sheet.rows):,} rows)")

    cache.clear()
    with CaptureQueriesContext(connection) as queries, Timer() as check:
        checked = hr_services.batch_check(member=member, upload=upload())
    sql = sum(float(q["time"]) for q in queries.captured_queries)
    print(
        f"check (read + rows + records): {check}, {len(queries)} queries "
        f"({sql:.2f} s in SQL), {len(checked.errors)} errors"
    )
    for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:4]:
        print(f"    {float(q['time']):6.2f} s  {q['sql'][:150]}")
    if checked.errors:
        for e in checked.errors[:5]:
            print("  ", e.row, e.column, e.code)
        sys.exit(1)

    cache.clear()
    with CaptureQueriesContext(connection) as queries, Timer() as submit:
        batch = hr_services.batch_submit(member=member, upload=upload(), file_name="bench.xlsx")
    sql = sum(float(q["time"]) for q in queries.captured_queries)
    print(
        f"submit (check again + inserts): {submit}, {len(queries)} queries "
        f"({sql:.2f} s in SQL) — batch {batch.number}, {batch.row_count:,} dossiers"
    )
    print(
        f"  → {batch.row_count / submit.wall:,.0f} rows/s wall, "
        f"{batch.row_count / submit.cpu:,.0f} rows/s per CPU-second of Python"
    )

    with Timer() as printed:
        _, dossiers = hr_selectors.batch_dossiers(member=member, batch_id=batch.pk)
        pdf = declarations_pdf(dossiers[: args.pdf], title=batch.number)
    print(f"PDF of {min(args.pdf, len(dossiers))} forms: {printed}, {len(pdf) / 1024:.0f} KiB")

    if not args.keep:
        with transaction.atomic():
            ids = list(Declaration.objects.filter(batch=batch).values_list("dossier_id", flat=True))
            Declaration.objects.filter(batch=batch).delete()
            DossierEvent.objects.filter(dossier_id__in=ids).delete()
            Dossier.objects.filter(pk__in=ids).delete()
            DeclarationBatch.objects.filter(pk=batch.pk).delete()
        print("batch deleted (--keep keeps it)")


if __name__ == "__main__":
    main()
