import pytest
import time_machine

from openvss.audit.models import AccessLog
from openvss.people.models import MedicalVisit

pytestmark = pytest.mark.django_db
URL = "/api/v1/clinic/visits"


def visit(**changes):
    body = {
        "card_number": "0123456789",
        "kind": "outpatient",
        "admitted_on": "2026-11-20",
        "discharged_on": "2026-11-20",
        "icd10": "J06.9",
        "diagnosis": "Nhiễm trùng đường hô hấp trên cấp",
        "total_cost": 350000,
        "fund_paid": 280000,
        "patient_paid": 70000,
    }
    body.update(changes)
    return body


@time_machine.travel("2026-11-22", tick=False)
def test_a_recorded_visit_appears_in_the_citizens_book_and_access_log(api, an, facility):
    response = api(URL, visit())
    assert response.status_code == 201
    body = response.json()
    assert body["facility_code"] == "01001" and body["icd10"] == "J06.9"
    stored = MedicalVisit.objects.get(person=an)
    assert (stored.facility, stored.total_cost, stored.fund_paid) == (facility, 350000, 280000)
    assert (
        AccessLog.objects.filter(person=an, action="visit_record", facility=facility).count() == 1
    )


@time_machine.travel("2026-11-22", tick=False)
def test_the_same_idempotency_key_records_once(api, an):
    first = api(URL, visit(), HTTP_IDEMPOTENCY_KEY="visit-42")
    again = api(URL, visit(), HTTP_IDEMPOTENCY_KEY="visit-42")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert MedicalVisit.objects.count() == 1


@time_machine.travel("2026-11-22", tick=False)
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"icd10": "flu"}, "icd10"),
        ({"discharged_on": "2026-11-19"}, "discharged_on"),
        ({"fund_paid": 300000}, "total_cost"),
        ({"kind": "spa"}, "kind"),
        ({"admitted_on": "2026-12-01", "discharged_on": "2026-12-01"}, "admitted_on"),
        ({"card_number": "0999999999"}, "card_number"),
        (
            {"admitted_on": "2025-06-01", "discharged_on": "2025-06-01"},
            "card_number",
        ),  # card not yet valid
        ({"admitted_on": "31/12/2026"}, "admitted_on"),
    ],
)
def test_bad_visits_get_field_errors(api, an, changes, field):
    response = api(URL, visit(**changes))
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert not MedicalVisit.objects.exists()


@time_machine.travel("2026-11-22", tick=False)
def test_icd10_without_dot_is_normalised(api, an):
    assert api(URL, visit(icd10="j069")).json()["icd10"] == "J06.9"


def test_a_verify_only_key_cannot_record_visits(api, an, verify_only_key):
    response = api(URL, visit(), key=verify_only_key)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "scope_missing"


def test_a_visits_only_key_cannot_check_cards(api, an, facility):
    from openvss.clinics.services import api_key_create

    _key, text = api_key_create(facility=facility, name="Kế toán", scopes=["visits"])
    response = api(
        "/api/v1/clinic/card-checks",
        {"card_number": "0123456789", "full_name": "X", "birth_date": "2000"},
        key=text,
    )
    assert response.status_code == 403


def test_operators_create_and_revoke_keys_from_the_command_line(facility, capsys):
    from django.core.management import call_command

    from openvss.clinics.models import FacilityApiKey
    from openvss.clinics.services import api_key_authenticate

    call_command("facility_key", "create", "01001", scopes="verify")
    text = capsys.readouterr().out.strip()
    assert api_key_authenticate(text).facility == facility
    key = FacilityApiKey.objects.get()
    call_command("facility_key", "revoke", key.prefix)
    from openvss.errors import NotAuthenticated

    with pytest.raises(NotAuthenticated):
        api_key_authenticate(text)


@time_machine.travel("2026-11-22", tick=False)
def test_a_visit_needs_an_idempotency_key(client, key_text, an):
    response = client.post(URL, visit(), content_type="application/json", HTTP_X_API_KEY=key_text)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["error"]["fields"]
    assert MedicalVisit.objects.count() == 0


@time_machine.travel("2026-11-22", tick=False)
def test_an_overlong_key_is_refused_not_cut(api, an):
    base = "k" * 100
    first = api(URL, visit(), HTTP_IDEMPOTENCY_KEY=base + "A")
    second = api(URL, visit(icd10="K29.7"), HTTP_IDEMPOTENCY_KEY=base + "B")
    assert first.status_code == second.status_code == 422
    assert MedicalVisit.objects.count() == 0
    assert api(URL, visit(), HTTP_IDEMPOTENCY_KEY=base).status_code == 201


@time_machine.travel("2026-11-22", tick=False)
def test_a_key_reused_with_another_visit_is_refused(api, an):
    first = api(URL, visit(), HTTP_IDEMPOTENCY_KEY="visit-7")
    other = api(URL, visit(icd10="K29.7", diagnosis="Viêm dạ dày"), HTTP_IDEMPOTENCY_KEY="visit-7")
    assert first.status_code == 201
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert MedicalVisit.objects.count() == 1
