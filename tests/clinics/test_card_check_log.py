"""The access-log row of a card check is durable before the answer leaves, and on
PostgreSQL it costs no extra round trip: the lookup's own statement writes it, with the
result code computed by a SQL mirror of the portal rules, which must agree with them."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from openvss.audit.models import AccessLog
from openvss.clinics.models import FacilityApiKey
from openvss.clinics.services import card_check
from openvss.domain.text import fold
from openvss.people.models import HealthCard, Person

pytestmark = pytest.mark.django_db
URL = "/api/v1/clinic/card-checks"
TODAY = date(2026, 11, 22)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no data-modifying CTE; it logs in two steps")


@time_machine.travel(TODAY, tick=False)
def test_one_statement_reads_the_card_and_writes_the_log_row(postgresql, api, an, facility):
    body = {"card_number": "0123456789", "full_name": "Nguyễn Văn An", "birth_date": "15/03/1990"}
    api(URL, body)  # warm: the key is cached and its last use recorded
    with CaptureQueriesContext(connection) as ctx:
        assert api(URL, body).json()["result_code"] == "000"
    statements = [q["sql"] for q in ctx.captured_queries]
    assert len(statements) == 1, statements
    assert "INSERT INTO" in statements[0] and "people_healthcard" in statements[0]
    rows = AccessLog.objects.filter(person=an).values_list("action", "facility_id", "outcome")
    assert list(rows) == [("card_check", facility.pk, "000")] * 2


NAMES = ["Nguyễn Văn An", "NGUYEN VAN AN", " nguyễn  văn an ", "Nguyễn Văn Ân", "Nông Văn Bình",
         "Trần Văn An", "Ân", "x"]  # fmt: skip
BIRTHS = ["15/03/1990", "1990-03-15", "1990", "1991", "15/3/1990", "16/03/1990", "31/02/1990",
          "03/15/1990", "0990", "15/03/199", "990315"]  # fmt: skip


@pytest.mark.slow
@time_machine.travel(TODAY, tick=False)
@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    status=st.sampled_from(HealthCard.Status.values),
    valid_to=st.sampled_from([None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1)]),
    group=st.sampled_from(["DN", "HT", "QN", "CY", "CA", "TE"]),
    year_only=st.booleans(),
    form=st.sampled_from(["0123456789", "DN4010123456789", "citizen_id"]),
    name=st.sampled_from(NAMES) | st.text(min_size=1, max_size=12),  # NUL included
    birth=st.sampled_from(BIRTHS) | st.text(alphabet="0123456789/-", min_size=1, max_size=10),
    issued=st.booleans(),  # the card's issue date given: the lookup of the card presented
)
def test_the_sql_result_code_agrees_with_the_rules(
    postgresql, an, key_text, status, valid_to, group, year_only, form, name, birth, issued
):
    if not name.strip() or not birth.strip():
        return  # refused before any lookup
    card = HealthCard.objects.get(person=an)
    code = f"{group}4010123456789"
    HealthCard.objects.filter(pk=card.pk).update(
        status=status, valid_to=valid_to, group_code=group, code=code
    )
    Person.objects.filter(pk=an.pk).update(birth_year_only=year_only)
    key = FacilityApiKey.objects.get()
    lookup = {"citizen_id": "001090012345"} if form == "citizen_id" else {"card_number": form}
    if form == "DN4010123456789":
        lookup = {"card_number": code}
    if issued and form != "citizen_id":
        lookup["issued_on"] = card.issued_on
    result = card_check(key=key, full_name=name, birth_date=birth, **lookup)
    event(f"row written by the lookup: {result.logged_id is not None}")
    if result.logged_id is None:
        return  # the lookup wrote no row (e.g. a replaced card's code): the rules did
    assert result.logged_outcome == result.result_code, (fold(name), birth, status, group)
    assert AccessLog.objects.get(pk=result.logged_id).outcome == result.result_code


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


def test_deleting_a_person_still_deletes_their_log(api, an):
    api(URL, {"card_number": "0123456789", "full_name": "Nguyễn Văn An", "birth_date": "1990"})
    assert AccessLog.objects.filter(person_id=an.pk).exists()
    HealthCard.objects.filter(person=an).delete()
    Person.objects.filter(pk=an.pk).delete()
    assert not AccessLog.objects.filter(person_id=an.pk).exists()
