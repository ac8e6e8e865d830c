from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvss.accounts import signin
from openvss.audit.services import access_record
from openvss.domain.qr import parse_bhyt_qr
from openvss.domain.signed_qr import verify_card
from openvss.people.models import ParticipationPeriod
from tests.factories import (
    PASSWORD,
    CitizenFactory,
    HealthCardFactory,
    MedicalVisitFactory,
    OfficerFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    settings.QR_SIGNING_KEY_DIR = tmp_path / "keys"


def token_for(user) -> dict:
    tokens = signin.login(username=user.username, password=PASSWORD, device_id=f"d-{user.pk}")
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


@pytest.fixture
def an():
    card = HealthCardFactory(valid_to=None, five_year_date=date(2025, 1, 1))
    user = CitizenFactory(person=card.person, phone="0912345678")
    return user, card


def period(person, scheme, start, end, **extra):
    return ParticipationPeriod.objects.create(
        person=person,
        scheme=scheme,
        from_month=start,
        to_month=end,
        wage=5453400,
        occupation="Chuyên viên",
        **extra,
    )


def test_my_card_with_both_qr_codes(client, an):
    user, card = an
    body = client.get("/api/v1/me/card", **token_for(user)).json()
    assert (body["number"], body["code"], body["benefit_percent"]) == (
        "0123456789",
        "DN4010123456789",
        80,
    )
    assert body["five_year_date"] == "2025-01-01"
    scanned = parse_bhyt_qr(body["qr"])  # the foundation's parser reads the card's QR back
    assert scanned.full_name == "Nguyễn Văn An" and scanned.card.bhxh_code == "0123456789"
    assert scanned.check_value.endswith("-9001")
    from openvss.clinics.signing import published_keys

    signed = verify_card(body["signed_qr"], published_keys(), now=datetime.now(UTC))
    assert signed.card_code == "DN4010123456789"


def test_participation_counts_overlapping_months_once_and_flags_them(client, an):
    user, card = an
    person = card.person
    period(person, "BHXH", date(2016, 10, 1), date(2017, 5, 1))
    period(person, "BHXH", date(2017, 6, 1), date(2017, 12, 1))
    period(person, "BHXH", date(2017, 7, 1), date(2017, 7, 1))  # a second employer, same month
    period(person, "BHXH", date(2020, 2, 1), date(2020, 9, 1))
    period(person, "BHXH", date(2020, 10, 1), date(2020, 11, 1), payment="owed")
    period(person, "BHTN", date(2020, 2, 1), date(2020, 9, 1))
    schemes = {
        s["scheme"]: s for s in client.get("/api/v1/me/participation", **token_for(user)).json()
    }
    bhxh = schemes["BHXH"]
    assert bhxh["months"] == 8 + 7 + 8 and bhxh["total"] == "1 năm 11 tháng"
    assert bhxh["owed_months"] == 2
    assert [r["overlaps"] for r in bhxh["rows"] if r["from_month"] in ("06/2017", "07/2017")] == [
        True,
        True,
    ]
    assert schemes["BHTN"]["total"] == "8 tháng"
    assert bhxh["rows"][0]["owed"] is True


def test_pages_of_records_do_a_fixed_number_of_queries(client, an):
    user, card = an
    headers = token_for(user)
    client.get("/api/v1/me/card", **headers)  # creates the QR signing key once
    counts = []
    for extra in (1, 40):
        for n in range(extra):
            period(card.person, "BHXH", date(1990 + n % 30, 1, 1), date(1990 + n % 30, 6, 1))
        row = []
        for path in (
            "/api/v1/me/participation",
            "/api/v1/me/benefits",
            "/api/v1/me/visits?year=2026",
            "/api/v1/me/card",
            "/api/v1/me/access-log",
            "/api/v1/me",
        ):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path, **headers).status_code == 200, path
            row.append(len(ctx.captured_queries))
        counts.append(row)
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 6


def test_nobody_reads_another_persons_records(client, an):
    user, card = an
    other_person = PersonFactory(
        bhxh_code="0198765432", full_name="Trần Thị Bình", citizen_id="001185012345"
    )
    HealthCardFactory(person=other_person, code="DN4010198765432")
    other = CitizenFactory(person=other_person, phone="0987654321")
    headers = token_for(other)
    assert client.get("/api/v1/me/card", {"bhxh_code": "0123456789"}, **headers).status_code == 404
    assert client.get("/api/v1/me", **headers).json()["bhxh_code"] == "0198765432"
    for path in (
        "/api/v1/me/card",
        "/api/v1/me/participation",
        "/api/v1/me/visits",
        "/api/v1/me/access-log",
    ):
        assert client.get(path).status_code == 401  # and nothing without a token


def test_a_parent_sees_a_linked_childs_card_and_nothing_else_of_others(client, an):
    user, card = an
    child = PersonFactory(
        bhxh_code="0123400001", full_name="Nguyễn Minh Khang", citizen_id=None, guardian=card.person
    )
    HealthCardFactory(person=child, group_code="TE", benefit_level=1, code="TE1010123400001")
    headers = token_for(user)
    body = client.get("/api/v1/me/card", {"bhxh_code": "0123400001"}, **headers).json()
    assert body["code"] == "TE1010123400001" and body["benefit_percent"] == 100
    assert client.get("/api/v1/me", **headers).json()["children"] == ["0123400001"]
    stranger_child = PersonFactory(bhxh_code="0123400002", full_name="Lê Văn Tí", citizen_id=None)
    assert (
        client.get(
            "/api/v1/me/card", {"bhxh_code": stranger_child.bhxh_code}, **headers
        ).status_code
        == 404
    )


def test_who_looked_at_my_data(client, an):
    from openvss.places.models import MedicalFacility

    user, card = an
    facility = MedicalFacility.objects.get(code="79001")
    access_record(
        person_id=card.person_id,
        action="card_check",
        facility_id=facility.pk,
        what="Thông tin thẻ BHYT",
        why="Tiếp đón khám chữa bệnh",
    )
    officer = OfficerFactory()
    access_record(
        person_id=card.person_id,
        action="officer_view",
        officer_id=officer.pk,
        what="Thẻ BHYT",
        why="Nghiệp vụ",
    )
    log = client.get("/api/v1/me/access-log", **token_for(user)).json()
    assert [e["who"] for e in log] == [
        "Cán bộ BHXH Bảo hiểm xã hội Thành phố Hà Nội",
        f"{facility.name} (79001)",
    ]


def test_visits_by_year_and_a_bad_year(client, an):

    user, card = an
    MedicalVisitFactory(card=card, admitted_on=date(2025, 3, 2))
    headers = token_for(user)
    assert [
        v["icd10"] for v in client.get("/api/v1/me/visits", {"year": 2025}, **headers).json()
    ] == ["J06.9"]
    assert client.get("/api/v1/me/visits", {"year": 2024}, **headers).json() == []
    assert client.get("/api/v1/me/visits", {"year": "abc"}, **headers).status_code == 422
