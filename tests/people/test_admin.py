from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvss.people.models import Person
from openvss.people.seeding import seed_people
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, administrator):
    client.force_login(administrator)
    return client


def test_officers_find_people_by_name_without_diacritics(officer_client):
    PersonFactory(full_name="Nguyễn Văn Đông", birth_date=date(1990, 1, 1))
    body = officer_client.get("/quan-tri/people/person/", {"q": "nguyen van dong"}).content.decode()
    assert "0123456789" in body
    body = officer_client.get("/quan-tri/people/person/", {"q": "Nguyễn Văn Đông"}).content.decode()
    assert "0123456789" in body
    body = officer_client.get("/quan-tri/people/person/", {"q": "tran"}).content.decode()
    assert "0123456789" not in body


def test_facility_search_keeps_the_list_filter(officer_client):
    body = officer_client.get(
        "/quan-tri/places/medicalfacility/",
        {"q": "benh vien da khoa", "province__code__exact": "46"},
    ).content.decode()
    assert "46001" in body and "01001" not in body


def test_person_list_does_a_fixed_number_of_queries(officer_client):
    seed_people(count=30, seed=2, today=date(2026, 11, 22))
    with CaptureQueriesContext(connection) as small:
        assert officer_client.get("/quan-tri/people/person/").status_code == 200
    seed_people(count=60, seed=2, today=date(2026, 11, 22))
    with CaptureQueriesContext(connection) as large:
        assert officer_client.get("/quan-tri/people/person/").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_person_page_shows_the_history_link(officer_client):
    seed_people(count=5, seed=2, today=date(2026, 11, 22))
    person = Person.objects.first()
    response = officer_client.get(f"/quan-tri/people/person/{person.pk}/change/")
    assert response.status_code == 200
    assert officer_client.get(f"/quan-tri/people/person/{person.pk}/history/").status_code == 200


def test_an_officer_opening_a_persons_record_is_in_their_access_log(officer_client):
    from openvss.audit.models import AccessLog

    seed_people(count=3, seed=2, today=date(2026, 11, 22))
    person = Person.objects.first()
    officer_client.get(f"/quan-tri/people/person/{person.pk}/change/")
    card = person.cards.first()
    officer_client.get(f"/quan-tri/people/healthcard/{card.pk}/change/")
    logs = list(
        AccessLog.objects.filter(person=person)
        .order_by("pk")
        .values_list("action", "what", "officer__username")
    )
    assert logs == [
        ("officer_view", "Thông tin cá nhân và thẻ BHYT", "quantri"),
        ("officer_view", "Thẻ BHYT", "quantri"),
    ]
    assert not AccessLog.objects.exclude(person=person).exists()  # the list page logs nothing
