"""Load the demo country into the database in bulk: COPY on PostgreSQL, executemany on SQLite.

The ORM would spend most of its time building model instances; for millions of rows the
generator's tuples go straight to the driver, in the column order taken from each model's
``_meta`` (``demo_country.*_COLUMNS`` name them, and a test checks that they match).
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Max

from openvss.core import partitions
from openvss.legal.selectors import benefit_percents
from openvss.places.models import Agency, Commune, Employer, MedicalFacility, Province
from openvss.places.reference import display_province

from . import demo_country as dc
from .models import BenefitPayment, HealthCard, MedicalVisit, ParticipationPeriod, Person

TABLES = [
    (Person, dc.PERSON_COLUMNS, "people"),
    (HealthCard, dc.CARD_COLUMNS, "cards"),
    (ParticipationPeriod, dc.PERIOD_COLUMNS, "periods"),
    (BenefitPayment, dc.BENEFIT_COLUMNS, "benefits"),
    (MedicalVisit, dc.VISIT_COLUMNS, "visits"),
]


def load_places() -> dc.Places:
    """Read what the generator needs of the reference data (a few queries)."""
    provinces = {p.code: p for p in Province.objects.all()}
    if not provinces:
        raise RuntimeError("Reference data is missing: run `openvss load_reference` first.")
    communes: dict[str, list[tuple[str, str]]] = {code: [] for code in provinces}
    for code, province_id, name in Commune.objects.values_list("code", "province_id", "name"):
        communes[province_id].append((code, name))
    primary: dict[str, list[int]] = {code: [] for code in provinces}
    hospitals: dict[str, list[int]] = {code: [] for code in provinces}
    facility_codes = {}
    for fid, code, province_id, level in MedicalFacility.objects.order_by("code").values_list(
        "id", "code", "province_id", "level"
    ):
        facility_codes[fid] = code
        target = primary if level == MedicalFacility.Level.PRIMARY else hospitals
        target[province_id].append(fid)
    agencies = dict(
        Agency.objects.filter(level=Agency.Level.PROVINCIAL).values_list("province_id", "id")
    )
    names = {code: display_province(p.name) for code, p in provinces.items()}
    return dc.Places(
        communes=communes,
        facilities={k: v or hospitals[k] for k, v in primary.items()},
        hospitals={k: v or primary[k] for k, v in hospitals.items()},
        facility_codes=facility_codes,
        agencies=agencies,
        province_names=names,
        provinces=sorted(provinces),
    )


class Writer:
    """Append rows to a table with the fastest path the database offers."""

    def __init__(self):
        self.vendor = connection.vendor

    def write(self, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        table = model._meta.db_table
        db_columns = [_db_column(model, c) for c in columns]
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cols = ", ".join(f'"{c}"' for c in db_columns)
                with cursor.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cols = ", ".join(f'"{c}"' for c in db_columns)
                # Table and column names come from model _meta, never from input.
                sql = f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'  # noqa: S608
                cursor.executemany(sql, rows)

    def analyze(self, models: Iterable) -> None:
        """Refresh planner statistics: after a bulk load they are empty and PostgreSQL picks
        plans for an empty table (a card lookup took 56 ms instead of 0.1 ms)."""
        if self.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                # Rows COPYed into a table with a GIN index (the trigram name search) wait in
                # the index's pending list, which every search then scans: 9 ms instead of
                # 0.8 ms for an employer search on the demo country. Merge them now.
                cursor.execute(
                    "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    "JOIN pg_am a ON a.oid = c.relam "
                    "WHERE i.indrelid = %s::regclass AND a.amname = 'gin'",
                    [table],
                )
                for (index,) in cursor.fetchall():
                    cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
                cursor.execute(f'ANALYZE "{table}"')

    def reset_sequences(self, models: Iterable) -> None:
        if self.vendor != "postgresql":
            return  # SQLite continues from max(rowid) by itself
        with connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                sql = (
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                    f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
                )
                cursor.execute(sql)  # table names come from model _meta


def _db_column(model, name: str) -> str:
    """The database column of a field named as in the generator (``employer_id`` or ``wage``)."""
    fields = {f.attname: f.column for f in model._meta.concrete_fields}
    return fields[name]


def seed_people(
    *,
    count: int,
    seed: int = 42,
    today: date | None = None,
    chunk: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Generate ``count`` more people (continuing after those already there) and their records.

    Deterministic: person ``i`` of a seed is the same whatever the chunking or the number of
    runs. Each chunk commits on its own, so an interrupted run keeps what it wrote.
    """
    today = today or date.today()
    places = load_places()
    writer = Writer()
    start = Person.objects.count()
    # A seeded card takes its person's id; cards reissued since (cấp lại, đổi thẻ) have
    # moved the cards' ids ahead of the people's, so start past both.
    first_id = (
        max(
            Person.objects.aggregate(m=Max("id"))["m"] or 0,
            HealthCard.objects.aggregate(m=Max("id"))["m"] or 0,
        )
        + 1
    )
    employer_ids = _ensure_employers(max(50, (start + count) // 25), seed, places, writer)
    fund_percents = benefit_percents()
    if not fund_percents:
        raise RuntimeError("Legal data is missing: run `openvss load_reference` first.")
    country = dc.DemoCountry(
        seed=seed,
        places=places,
        employer_ids=employer_ids,
        today=today,
        fund_percents=fund_percents,
    )
    if start:
        country._used_citizen_ids.update(
            Person.objects.exclude(citizen_id=None).values_list("citizen_id", flat=True).iterator()
        )
    # Visits go straight into their month's partition, not through the default one.
    partitions.ensure(MedicalVisit, start=date(today.year - 1, 1, 1), today=today)
    totals = {name: 0 for *_, name in TABLES}
    for offset in range(0, count, chunk):
        batch = dc.Batch()
        size = min(chunk, count - offset)
        for n in range(size):
            i = start + offset + n
            country.person(i, first_id + offset + n, batch)
        with transaction.atomic():
            for model, columns, name in TABLES:
                rows = getattr(batch, name)
                writer.write(model, columns, rows)
                totals[name] += len(rows)
        if progress:
            progress(size)
    loaded = [Person, HealthCard, ParticipationPeriod, BenefitPayment, MedicalVisit, Employer]
    writer.reset_sequences(loaded)
    writer.analyze(loaded)
    totals["employers"] = len(employer_ids)
    return totals


def _ensure_employers(needed: int, seed: int, places: dc.Places, writer: Writer) -> list[int]:
    have = Employer.objects.count()
    if have < needed:
        first_id = (Employer.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        rows = list(
            dc.employer_rows(have, needed - have, seed=seed, places=places, first_id=first_id)
        )
        with transaction.atomic():
            writer.write(Employer, dc.EMPLOYER_COLUMNS, rows)
        writer.reset_sequences([Employer])
    return list(Employer.objects.order_by("id").values_list("id", flat=True))
