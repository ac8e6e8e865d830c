"""/api/v1/me/card-requests/...: the signed-in citizen's own card, one error shape."""

from datetime import date

import pytest
import time_machine

from openvss.accounts import signin
from openvss.dossiers.models import Dossier
from openvss.people.selectors import facilities_for_registration
from tests.dossiers.conftest import jpeg
from tests.factories import (
    PASSWORD,
    CitizenFactory,
    HealthCardFactory,
    OfficerFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/me/card-requests"
TODAY = "2026-11-24 03:00:00+00:00"


def token_for(user) -> dict:
    tokens = signin.login(username=user.username, password=PASSWORD, device_id="d1")
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


@pytest.fixture
def auth(an):
    HealthCardFactory(person=an, valid_to=date(2027, 12, 31))
    user = CitizenFactory(person=an, phone="0912345678")
    return token_for(user)


@time_machine.travel(TODAY, tick=False)
def test_reissue_answers_201_with_the_number_and_deadline(client, auth):
    response = client.post(
        f"{BASE}/reissue", {"reason": "lost"}, content_type="application/json", **auth
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "card_reissue" and body["status"] == "received"
    assert ".CL/2026/" in body["number"] and body["deadline_days"] == 7
    again = client.post(
        f"{BASE}/reissue", {"reason": "lost"}, content_type="application/json", **auth
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "duplicate_open_dossier"


@time_machine.travel(TODAY, tick=False)
def test_bad_input_is_a_vietnamese_422_in_the_one_shape(client, auth):
    response = client.post(
        f"{BASE}/reissue", {"reason": "?"}, content_type="application/json", **auth
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["reason"] == ["Vui lòng chọn lý do cấp lại thẻ."]


@time_machine.travel(TODAY, tick=False)
def test_correction_takes_the_id_photo(client, auth):
    response = client.post(
        f"{BASE}/corrections",
        {"citizen_id": "001090012345", "birth_date": "1990-03-16", "id_front": jpeg()},
        **auth,
    )
    assert response.status_code == 201, response.content
    dossier = Dossier.objects.get(pk=response.json()["id"])
    assert dossier.data["changes"] == {"birth_date": "1990-03-16"} and dossier.files.count() == 1
    missing = client.post(f"{BASE}/corrections", {"citizen_id": "001090012345"}, **auth)
    assert missing.status_code == 422


@time_machine.travel(TODAY, tick=False)
def test_facility_change_outside_the_window_is_refused(client, auth):
    code = facilities_for_registration(province_code="01", on=date(2026, 11, 24))[0].code
    response = client.post(
        f"{BASE}/facility-changes", {"facility_code": code}, content_type="application/json",
        **auth,
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "outside_change_window"
    window = client.get(f"{BASE}/facility-window", **auth).json()
    assert window == {
        "open": False, "days": 15, "start": "2026-10-01", "end": "2026-10-15",
        "next_start": "2027-01-01", "next_end": "2027-01-15",
        "source": window["source"],
    }  # fmt: skip
    assert "51/2024/QH15" in window["source"]


def test_without_a_token_or_a_person_nothing_happens(client):
    assert client.post(f"{BASE}/reissue", {"reason": "lost"}, content_type="application/json")
    staff = OfficerFactory()  # an account, but no person of its own
    PersonFactory()
    response = client.post(
        f"{BASE}/reissue", {"reason": "lost"}, content_type="application/json",
        **token_for(staff),
    )  # fmt: skip
    assert response.status_code in (401, 403)
    assert not Dossier.objects.exists()
