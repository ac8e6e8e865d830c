"""Monthly partitions of the medical visits and the data-access log (issue 15, item 2).

PostgreSQL only: SQLite keeps plain tables (core/partitions.py does nothing there).
"""

import csv
import gzip
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import CaptureQueriesContext, isolate_apps

from openvss.audit.models import AccessLog
from openvss.audit.services import access_log_archive
from openvss.core import partitions
from openvss.people import selectors
from openvss.people.models import MedicalVisit, Person
from tests.factories import MedicalVisitFactory, PersonFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("partitions exist on PostgreSQL only")


def _partition_of(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT tableoid::regclass::text FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        return cursor.fetchone()[0]


def _partitions(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return partitions.partitions(table, cursor)


def test_visits_and_the_access_log_are_partitioned_by_month_ahead_of_today(db):
    ahead = partitions.add_months(partitions.month_start(date.today()), partitions.AHEAD_MONTHS)
    for table in ("people_medicalvisit", "audit_accesslog"):
        names = _partitions(table)
        assert f"{table}_default" in names
        assert partitions.partition_name(table, partitions.month_start(date.today())) in names
        assert partitions.partition_name(table, ahead) in names
        # Twelve months of last year at least: visits are recorded after the fact.
        assert partitions.partition_name(table, date(date.today().year - 1, 1, 1)) in names


def test_a_citizens_visits_of_one_year_read_only_that_years_partitions(db):
    partitions.ensure(MedicalVisit, start=date(2025, 1, 1))
    visit = MedicalVisitFactory(admitted_on=date(2025, 6, 3))
    MedicalVisitFactory(card=visit.card, admitted_on=date(2026, 2, 9))
    person = visit.person

    with CaptureQueriesContext(connection) as queries:
        found = selectors.visits(person=person, year=2025)
    assert [v.pk for v in found] == [visit.pk]
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + query["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())

    scanned = {n for n in _partitions("people_medicalvisit") if n in plan}
    assert scanned == {f"people_medicalvisit_y2025m{m:02d}" for m in range(1, 13)}, plan


def test_a_visit_of_a_month_without_partition_waits_in_the_default_and_is_moved(db):
    visit = MedicalVisitFactory(admitted_on=date(2019, 5, 14))
    assert _partition_of("people_medicalvisit", visit.pk) == "people_medicalvisit_default"

    created = partitions.ensure(MedicalVisit)

    assert created == ["people_medicalvisit_y2019m05"]  # that month only, not seven years
    assert _partition_of("people_medicalvisit", visit.pk) == "people_medicalvisit_y2019m05"
    assert MedicalVisit.objects.get(pk=visit.pk).admitted_on == date(2019, 5, 14)
    assert partitions.ensure(MedicalVisit) == []  # nothing left to do


def test_the_daily_job_makes_the_coming_months(db, capsys):
    from openvss.core.schedule import JOBS

    assert dict(JOBS)["partitions"] == 86400  # the worker runs it daily
    with connection.cursor() as cursor:
        cursor.execute('DROP TABLE "people_medicalvisit_y{0:%Y}m{0:%m}"'.format(
            partitions.add_months(partitions.month_start(date.today()), partitions.AHEAD_MONTHS)
        ))  # fmt: skip

    call_command("partitions")

    out = capsys.readouterr().out
    ahead = partitions.add_months(partitions.month_start(date.today()), partitions.AHEAD_MONTHS)
    assert f"+ {partitions.partition_name('people_medicalvisit', ahead)}" in out
    assert partitions.partition_name("people_medicalvisit", ahead) in _partitions(
        "people_medicalvisit"
    )


def _log(person, at: datetime) -> AccessLog:
    row = AccessLog.objects.create(
        person=person, action=AccessLog.Action.OFFICER_VIEW, what="Thẻ BHYT"
    )
    AccessLog.objects.filter(pk=row.pk).update(at=at)  # ``at`` is set on create; the row moves
    return row


def test_months_past_retention_are_archived_whole_and_the_rest_kept(db, tmp_path):
    person = PersonFactory()
    today = date(2026, 11, 24)
    partitions.ensure(AccessLog, start=date(2024, 1, 1), today=today)
    # The last minute of October in Vietnam is October's, though 16:59 UTC on the 31st.
    old = [
        _log(person, datetime(2024, 3, 5, 9, 0, tzinfo=VN)),
        _log(person, datetime(2024, 10, 31, 23, 59, tzinfo=VN)),
    ]
    kept = _log(person, datetime(2024, 11, 1, 0, 0, tzinfo=VN))
    assert _partition_of("audit_accesslog", old[1].pk) == "audit_accesslog_y2024m10"
    assert _partition_of("audit_accesslog", kept.pk) == "audit_accesslog_y2024m11"

    with connection.cursor() as cursor:
        # The rows were written in this test's transaction: run their deferred key checks now,
        # as a commit would (a month with pending checks cannot be dropped).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    trial = access_log_archive(today=today, directory=tmp_path, months=24, dry_run=True)
    assert {(m.partition, m.rows) for m in trial if m.rows} == {
        ("audit_accesslog_y2024m03", 1),
        ("audit_accesslog_y2024m10", 1),
    }
    assert not list(tmp_path.iterdir()) and AccessLog.objects.count() == 3

    done = access_log_archive(today=today, directory=tmp_path, months=24)

    assert [m.partition for m in done][-1] == "audit_accesslog_y2024m10"  # before 11/2024
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [kept.pk]
    names = _partitions("audit_accesslog")
    assert "audit_accesslog_y2024m10" not in names and "audit_accesslog_y2024m11" in names
    october = tmp_path / "audit_accesslog_y2024m10.csv.gz"
    (row,) = csv.DictReader(gzip.decompress(october.read_bytes()).decode().splitlines())
    assert (row["id"], row["person_id"]) == (str(old[1].pk), str(person.pk))
    assert row["at"] == "2024-10-31 16:59:00+00" and row["what"] == "Thẻ BHYT"
    manifest = json.loads((tmp_path / "audit_accesslog_y2024m10.json").read_text())
    assert manifest["rows"] == 1 and manifest["month"] == "2024-10-01"


def test_the_log_is_never_archived_before_the_legal_minimum(db, tmp_path):
    with pytest.raises(ValueError, match="12 tháng"):
        access_log_archive(today=date(2026, 11, 24), directory=tmp_path, months=6)


@isolate_apps("openvss.people")
def test_converting_a_table_keeps_its_rows_keys_indexes_and_identity(db):
    class Reading(models.Model):
        person = models.ForeignKey(Person, on_delete=models.CASCADE)
        taken_on = models.DateField()

        class Meta:
            app_label = "people"
            db_table = "people_reading_partition_test"
            indexes = [models.Index(fields=["person", "taken_on"], name="reading_person_on")]

        def __str__(self):
            return f"{self.taken_on}"

    person = PersonFactory()
    with connection.schema_editor() as editor:
        editor.create_model(Reading)
    rows = [Reading.objects.create(person=person, taken_on=date(y, m, 9))
            for y, m in [(2019, 3), (2025, 7), (2026, 11)]]  # fmt: skip
    table = Reading._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as committed rows would be

    with connection.schema_editor() as editor:
        partitions.convert(editor, Reading, "taken_on", today=date(2026, 11, 24))

    with connection.cursor() as cursor:
        assert partitions.is_partitioned(table, cursor)
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        assert {"reading_person_on", f"{table}_pkey"} <= {n for (n,) in cursor.fetchall()}
    assert _partition_of(table, rows[0].pk) == f"{table}_y2019m03"
    assert _partition_of(table, rows[2].pk) == f"{table}_y2026m11"
    assert sorted(Reading.objects.values_list("pk", "taken_on")) == [
        (r.pk, r.taken_on) for r in rows
    ]
    assert Reading.objects.create(person=person, taken_on=date(2026, 12, 1)).pk > rows[-1].pk
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's keys check at commit
        Reading.objects.create(person_id=person.pk + 10_000, taken_on=date(2026, 12, 1))


def test_the_seed_loads_visits_straight_into_their_months(db):
    from openvss.people.seeding import seed_people

    totals = seed_people(count=200, seed=5, today=date(2026, 11, 24))

    assert totals["visits"] > 0
    with connection.cursor() as cursor:
        cursor.execute('SELECT count(*) FROM "people_medicalvisit_default"')
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(DISTINCT tableoid) FROM people_medicalvisit "
            "WHERE admitted_on >= '2025-01-01'"
        )
        assert cursor.fetchone()[0] > 12  # spread over the months of 2025 and 2026


def test_metrics_show_the_months_made_ahead_and_the_rows_waiting(db, client, settings):
    settings.METRICS_TOKEN = "scrape"
    MedicalVisitFactory(admitted_on=date(2019, 5, 14))  # no partition: waits in the default

    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape").content.decode()

    assert 'openvss_partition_months_ahead{table="people_medicalvisit"} 3.0' in text
    assert 'openvss_partition_months_ahead{table="audit_accesslog"} 3.0' in text
    assert 'openvss_partition_default_rows{table="people_medicalvisit"} 1.0' in text
    assert 'openvss_partition_default_rows{table="audit_accesslog"} 0.0' in text
