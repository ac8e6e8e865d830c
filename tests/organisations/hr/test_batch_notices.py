"""Each employee whose declaration HR forwards to the agency in a batch (their own form 01
confirmed, or a row of HR's spreadsheet) is told once, with the dossier number; the
batch's queries do not grow with its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvss.audit.models import AccessLog
from openvss.dossiers.models import Dossier
from openvss.errors import Conflict
from openvss.messaging.models import Message
from openvss.organisations import hr_services
from openvss.organisations.models import DeclarationBatch

from .helpers import held_declaration, make_employees, row_of, sheet, xlsx_upload

pytestmark = pytest.mark.django_db

FORWARDED = "declaration_forwarded"


def test_each_forwarded_employee_is_told_once_in_their_language(org_a, hr_a):
    people = make_employees(org_a, 3)
    rows = [
        held_declaration(org_a, people[0], 1, email="a@example.vn"),
        held_declaration(org_a, people[1], 2, language="en"),
        held_declaration(org_a, people[2], 3),
    ]
    batch = hr_services.declarations_forward(member=hr_a, declaration_ids=[r.pk for r in rows[:2]])
    sent = Message.objects.filter(purpose=FORWARDED)
    assert sorted(sent.values_list("recipient", flat=True)) == [
        "0913000001", "0913000002", "a@example.vn",
    ]  # fmt: skip
    vi = sent.get(recipient="0913000001")
    en = sent.get(recipient="0913000002")
    assert "00001.DK/2026/01000" in vi.body and "da chuyen to khai" in vi.body
    assert "00002.DK/2026/01000" in en.body and "sent your" in en.body
    email = sent.get(channel="email")
    assert batch.number in email.body and "00001.DK/2026/01000" in email.subject
    assert vi.person_id == people[0].pk
    # Forwarding the same declarations again is refused: nobody is told twice.
    with pytest.raises(Conflict):
        hr_services.declarations_forward(member=hr_a, declaration_ids=[rows[0].pk])
    assert sent.count() == 3
    # Confirming their declarations is in their access log; the third one's is not.
    logged = set(
        AccessLog.objects.filter(what__contains=batch.number).values_list("person_id", flat=True)
    )
    assert logged == {people[0].pk, people[1].pk}


def test_employees_of_an_uploaded_batch_are_told_on_the_contacts_hr_declared(org_a, hr_a):
    people = make_employees(org_a, 3)
    rows = [row_of(p, i) for i, p in enumerate(people, start=1)]
    rows[2][7] = ""  # no email for the third
    batch = hr_services.batch_submit(member=hr_a, upload=xlsx_upload(sheet(rows)))
    numbers = dict(
        Dossier.objects.filter(org_declaration__batch=batch).values_list("person_id", "number")
    )
    sent = Message.objects.filter(purpose=FORWARDED)
    assert sent.filter(channel="sms").count() == 3 and sent.filter(channel="email").count() == 2
    for i, person in enumerate(people, start=1):
        sms = sent.get(channel="sms", person=person)
        assert sms.recipient == f"09{i:08d}" and numbers[person.pk] in sms.body
    # The same file again is refused (their declarations are open): nobody is told twice.
    with pytest.raises(Exception) as caught:
        hr_services.batch_submit(member=hr_a, upload=xlsx_upload(sheet(rows)))
    assert caught.value.status == 422
    assert sent.count() == 5 and DeclarationBatch.objects.count() == 1


def _queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


# organisation lock, declarations, batch number, batch, bulk update, expiry, events,
# outbox, access log + the savepoints: whatever the number of declarations.
FORWARD_QUERIES = 11


def test_forwarding_takes_the_same_queries_for_one_or_many(org_a, hr_a, django_assert_num_queries):
    people = make_employees(org_a, 9)
    one = [held_declaration(org_a, people[0], 1, email="x@example.vn")]
    many = [
        held_declaration(org_a, p, i, email=f"x{i}@example.vn") for i, p in enumerate(people[1:], 2)
    ]
    with django_assert_num_queries(FORWARD_QUERIES):
        hr_services.declarations_forward(member=hr_a, declaration_ids=[d.pk for d in one])
    with django_assert_num_queries(FORWARD_QUERIES):
        hr_services.declarations_forward(member=hr_a, declaration_ids=[d.pk for d in many])
    assert Message.objects.filter(purpose=FORWARDED).count() == 2 * 9


# Read and check (11), number and create the batch, the dossiers, events, declarations,
# the outbox, the access log, savepoints. Fixed as long as each bulk insert is one
# statement: up to 1,000 rows on PostgreSQL, fewer on SQLite (its 999 variables: ~45
# dossiers, ~55 messages per statement).
UPLOAD_QUERIES = 24


def test_an_uploaded_batch_takes_the_same_queries_for_3_or_25_rows(org_a, hr_a):
    people = make_employees(org_a, 29)
    hr_services.batch_submit(member=hr_a, upload=xlsx_upload(sheet([row_of(people[0], 1)])))
    small = [row_of(p, i) for i, p in enumerate(people[1:4], start=2)]
    large = [row_of(p, i) for i, p in enumerate(people[4:], start=5)]
    counts = [
        _queries(lambda rows=rows: hr_services.batch_submit(
            member=hr_a, upload=xlsx_upload(sheet(rows))))
        for rows in (small, large)
    ]  # fmt: skip
    assert counts == [UPLOAD_QUERIES, UPLOAD_QUERIES]
    assert Message.objects.filter(purpose=FORWARDED).count() == 2 * 29
