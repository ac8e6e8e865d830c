"""Item 2: officers' reads (searches, lists, histories, photos, actions) are logged per
person shown, with a reason; officers see only their agency's area unless granted wider."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvss.accounts import signin
from openvss.accounts.models import User
from openvss.audit.models import AccessLog
from openvss.places.models import Commune
from tests.factories import (
    PASSWORD,
    CitizenFactory,
    HealthCardFactory,
    MedicalVisitFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def person_in(province: str, code: str, cid: str):
    commune = Commune.objects.filter(province_id=province).order_by("code").first()
    person = PersonFactory(bhxh_code=code, citizen_id=cid, commune=commune)
    card = HealthCardFactory(person=person)
    MedicalVisitFactory(card=card)
    return person


@pytest.fixture
def people():
    return {
        "hcm": [person_in("79", "7900000001", "079090000001"), person_in("79", "7900000002", "079090000002")],
        "hn": person_in("01", "0100000001", "001090000001"),
    }  # fmt: skip


@pytest.fixture
def officer(client, officer_hcm):
    client.force_login(officer_hcm)
    return officer_hcm


def logged(person):
    rows = AccessLog.objects.filter(person=person).order_by("pk")
    return list(rows.values_list("officer__username", "what", "why"))


def test_a_search_by_citizen_id_is_logged_for_the_person_found(client, officer, people):
    found = people["hcm"][0]
    response = client.get("/quan-tri/people/person/", {"q": found.citizen_id})
    assert response.status_code == 200 and found.bhxh_code in response.content.decode()
    [(who, what, why)] = logged(found)
    assert who == "canbo.hcm" and "tìm kiếm" in what and why.startswith("Nghiệp vụ")
    assert logged(people["hcm"][1]) == []  # not shown, not logged


def test_a_list_logs_every_person_shown_in_one_insert(client, officer, people):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/quan-tri/people/medicalvisit/")
    assert response.status_code == 200
    inserts = [
        q
        for q in queries.captured_queries
        if q["sql"].startswith("INSERT INTO") and "audit_accesslog" in q["sql"]
    ]
    assert len(inserts) == 1
    for person in people["hcm"]:
        assert [w for _, w, _ in logged(person)] == [
            "Lượt khám chữa bệnh (danh sách, kết quả tìm kiếm)"
        ]


def test_an_officer_sees_only_their_agencys_area(client, officer, people):
    hn = people["hn"]
    listing = client.get("/quan-tri/people/person/").content.decode()
    assert people["hcm"][0].bhxh_code in listing and hn.bhxh_code not in listing
    assert (
        hn.bhxh_code
        not in client.get("/quan-tri/people/person/", {"q": hn.citizen_id}).content.decode()
    )
    assert client.get(f"/quan-tri/people/person/{hn.pk}/change/").status_code == 302
    assert client.get(f"/quan-tri/people/person/{hn.pk}/history/").status_code == 404
    visit = hn.visits.first()
    assert client.get(f"/quan-tri/people/medicalvisit/{visit.pk}/change/").status_code == 302
    assert logged(hn) == []


def test_a_wider_scope_is_a_permission(client, officer, people):
    officer.user_permissions.add(Permission.objects.get(codename="view_all_people"))
    client.force_login(User.objects.get(pk=officer.pk))
    listing = client.get("/quan-tri/people/person/").content.decode()
    assert people["hn"].bhxh_code in listing
    assert len(logged(people["hn"])) == 1


def test_history_pages_are_logged(client, officer, people):
    person = people["hcm"][0]
    assert client.get(f"/quan-tri/people/person/{person.pk}/history/").status_code == 200
    assert [w for _, w, _ in logged(person)] == ["Thông tin cá nhân và thẻ BHYT (lịch sử thay đổi)"]


def test_dossier_photos_are_logged(client, officer, people, tmp_path):
    from django.core.files.base import ContentFile

    from openvss.dossiers.models import Dossier, DossierFile

    person = people["hcm"][0]
    dossier = Dossier.objects.create(
        kind="registration", status="received", agency=officer.agency, person=person,
        number="00001.DK/2026/79000",
    )  # fmt: skip
    DossierFile.objects.create(
        dossier=dossier, kind="portrait", file=ContentFile(b"\xff\xd8jpeg", name="p.jpg"),
        sha256="0" * 64, size=6, width=1, height=1,
    )  # fmt: skip
    response = client.get(f"/quan-tri/dossiers/dossier/{dossier.pk}/file/portrait/")
    assert response.status_code == 200
    [(who, what, why)] = logged(person)
    assert what.startswith("Hồ sơ và ảnh giấy tờ: ") and who == "canbo.hcm"


def test_the_citizen_sees_the_officers_reads(client, officer, people):
    person = people["hcm"][0]
    client.get("/quan-tri/people/person/", {"q": person.citizen_id})
    citizen = CitizenFactory(person=person)
    tokens = signin.login(username=citizen.username, password=PASSWORD, device_id="d1")
    client.logout()
    rows = client.get("/api/v1/me/access-log", HTTP_AUTHORIZATION=f"Bearer {tokens.access}").json()
    assert rows[0]["who"].startswith("Cán bộ BHXH") and "tìm kiếm" in rows[0]["what"]
    assert rows[0]["why"].startswith("Nghiệp vụ")


def test_an_action_on_selected_rows_is_logged(client, people, administrator):
    client.force_login(administrator)
    visits = [p.visits.first().pk for p in people["hcm"]]
    response = client.post(
        "/quan-tri/people/medicalvisit/",
        {"action": "delete_selected", "_selected_action": visits},
    )
    assert response.status_code == 200  # the confirmation page: nothing deleted yet
    for person in people["hcm"]:
        assert any("thao tác: delete_selected" in w for _, w, _ in logged(person))


def test_the_delivery_log_is_scoped_and_logged_too(client, officer, people):
    from openvss.messaging.services import message_queue

    for person in (people["hcm"][0], people["hn"]):
        message_queue(channel="sms", recipient="0912345678", purpose="otp",
                      body="Ma OTP: {secret}", secret="654321", person=person)  # fmt: skip
    listing = client.get("/quan-tri/messaging/message/", {"q": "0912345678"})
    assert listing.status_code == 200
    assert len(logged(people["hcm"][0])) == 1 and logged(people["hn"]) == []


def test_the_officer_states_a_purpose_that_goes_into_the_log(client, officer, people):
    page = client.get("/quan-tri/people/person/").content.decode()
    assert 'name="purpose"' in page
    response = client.post(
        "/quan-tri/people/person/muc-dich/",
        {"purpose": "ho-tro", "next": "/quan-tri/people/person/"},
    )
    assert response.status_code == 302 and response["Location"] == "/quan-tri/people/person/"
    found = people["hcm"][0]
    client.get("/quan-tri/people/person/", {"q": found.citizen_id})
    before, after = (why for _, _, why in logged(found))  # the plain list, then the search
    assert "—" not in before
    assert after.endswith("— Trả lời hỗ trợ, khiếu nại của người tham gia")
