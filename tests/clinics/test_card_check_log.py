"""The access-log row of a card check is durable before the answer leaves.

Outside a transaction on PostgreSQL (as every request runs in production) the row goes
through the process's group commit writer (audit/writer.py): the rows of concurrent checks
share one INSERT and one synchronous COMMIT, and each check answers only once the COMMIT
holding its row has returned, i.e. once PostgreSQL has flushed it to disk. The crash-safety
argument is in bench/README.md ("Card verification")."""

import json
import threading
import time

import psycopg
import pytest
from django.db import connection, connections, transaction
from django.test import Client

from openvss.audit import services as audit
from openvss.audit.models import AccessLog
from openvss.clinics.api import CardCheckOut
from openvss.people.models import HealthCard, Person
from tests.factories import HealthCardFactory, PersonFactory

URL = "/api/v1/clinic/card-checks"
BODY = {"card_number": "0123456789", "full_name": "Nguyễn Văn An", "birth_date": "15/03/1990"}


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the group commit writer serves PostgreSQL")


@pytest.fixture
def committed(postgresql, transactional_db):
    """A card, a person and a key committed for real: the writer runs on its own
    connection and sees only committed data."""
    from openvss.clinics.services import api_key_create
    from openvss.legal.services import legal_reference_load
    from openvss.places.models import MedicalFacility
    from openvss.places.services import reference_load

    reference_load()
    legal_reference_load()
    person = PersonFactory()
    HealthCardFactory(person=person, valid_to=None)  # valid whatever the date the suite runs
    facility = MedicalFacility.objects.get(code="01001")
    _key, text = api_key_create(facility=facility, name="x", scopes=["verify"])
    return person, text


def _other_connection():
    """A connection of its own, outside Django: what another client would see."""
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"],
        port=settings["PORT"] or 5432, password=settings["PASSWORD"] or None, autocommit=True,
    )  # fmt: skip


def _post(text: str, answers: list, body=BODY) -> None:
    response = Client().post(URL, body, content_type="application/json", HTTP_X_API_KEY=text)
    answers.append(response)
    if threading.current_thread() is not threading.main_thread():
        connections.close_all()  # this thread's own connection to the test database


def _rows(other, person_id: int) -> list:
    return other.execute(
        "SELECT action, outcome FROM audit_accesslog WHERE person_id = %s", [person_id]
    ).fetchall()


def test_the_answer_waits_until_its_log_row_is_committed(committed):
    person, text = committed
    with _other_connection() as blocker, _other_connection() as observer:
        # Hold the log table so that no insert can commit, then ask.
        blocker.execute("BEGIN")
        blocker.execute("LOCK TABLE audit_accesslog IN SHARE ROW EXCLUSIVE MODE")
        answers = []
        asking = threading.Thread(target=_post, args=(text, answers))
        asking.start()
        time.sleep(1.0)
        assert answers == []  # no answer while the row cannot be committed
        assert asking.is_alive()
        assert _rows(observer, person.pk) == []
        blocker.execute("ROLLBACK")  # let the insert through
        asking.join(10)
        # The moment the client has its answer, any other connection sees the row.
        seen = _rows(observer, person.pk)
    assert answers[0].status_code == 200 and answers[0].json()["result_code"] == "000"
    assert seen == [("card_check", "000")]


def test_concurrent_checks_share_one_insert_and_one_commit(committed):
    person, text = committed
    before = (audit.writer.batches, audit.writer.rows)
    with _other_connection() as blocker:
        blocker.execute("BEGIN")
        blocker.execute("LOCK TABLE audit_accesslog IN SHARE ROW EXCLUSIVE MODE")
        answers = []
        asking = [threading.Thread(target=_post, args=(text, answers)) for _ in range(5)]
        for thread in asking:
            thread.start()
        time.sleep(1.0)  # the first row waits on the lock, the other four queue behind it
        blocker.execute("ROLLBACK")
        for thread in asking:
            thread.join(10)
    assert [a.status_code for a in answers] == [200] * 5
    assert AccessLog.objects.filter(person=person, outcome="000").count() == 5
    assert audit.writer.rows - before[1] == 5
    # The first row leads alone (or with some that arrived in time) and waits on the lock;
    # the others queue behind it and go together in the next batch.
    assert audit.writer.batches - before[0] <= 2


def test_no_answer_but_portal_code_101_when_the_row_cannot_be_written(committed, monkeypatch):
    person, text = committed

    def broken(cursor, rows):
        cursor.execute("SELECT 1 / 0")

    monkeypatch.setattr(audit.writer, "_insert", broken)
    answers = []
    _post(text, answers)
    assert answers[0].status_code == 503
    assert answers[0].json() == {
        "result_code": "101",
        "message": "Lỗi server",
        "coverage": None,
    }
    assert not AccessLog.objects.filter(person=person).exists()
    monkeypatch.undo()
    _post(text, answers)  # the next batch is written
    assert answers[1].json()["result_code"] == "000"
    assert AccessLog.objects.filter(person=person).count() == 1


def test_inside_a_transaction_the_row_belongs_to_it(committed):
    person, _text = committed
    before = audit.writer.rows
    with transaction.atomic():
        audit.access_record(person_id=person.pk, action="card_check", what="x", outcome="000")
        transaction.set_rollback(True)
    assert audit.writer.rows == before
    assert not AccessLog.objects.filter(person=person).exists()  # rolled back with it


def test_the_prepared_lookup_survives_a_new_connection(committed):
    from openvss.clinics.selectors import card_find

    assert card_find(by="number", value="0123456789", active_only=True) is not None
    connection.close()  # a new session has no prepared statements: prepared again
    assert card_find(by="number", value="0123456789", active_only=True).number == "0123456789"
    assert card_find(by="code", value="XX0000000000000") is None


@pytest.mark.django_db
def test_the_answer_is_the_schema_rendered_as_django_ninja_renders_it(api, an):
    response = api(URL, BODY)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert data["coverage"]["valid_from"] and data["result_code"] in ("000", "010")
    expected = json.dumps(CardCheckOut.model_validate(data).model_dump(mode="json"))
    assert response.content.decode() == expected


@pytest.mark.django_db
def test_a_log_row_locks_no_person_or_facility_row(postgresql, an):
    # A foreign-key check locks the referenced row (FOR KEY SHARE): a write to a random page
    # of the people table on every card check. The log has no such constraint, nor a second
    # index on the person beside its (person, -at) one.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT confrelid::regclass::text FROM pg_constraint "
            "WHERE conrelid = 'audit_accesslog'::regclass AND contype = 'f'"
        )
        referenced = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'audit_accesslog' "
            "AND indexdef LIKE '%(person_id)'"
        )
        single_person_indexes = cursor.fetchall()
    assert "people_person" not in referenced and "places_medicalfacility" not in referenced
    assert single_person_indexes == []


@pytest.mark.django_db
def test_deleting_a_person_still_deletes_their_log(api, an):
    api(URL, {"card_number": "0123456789", "full_name": "Nguyễn Văn An", "birth_date": "1990"})
    assert AccessLog.objects.filter(person_id=an.pk).exists()
    HealthCard.objects.filter(person=an).delete()
    Person.objects.filter(pk=an.pk).delete()
    assert not AccessLog.objects.filter(person_id=an.pk).exists()
