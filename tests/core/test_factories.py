"""The shared actors and records (tests/factories.py, tests/conftest.py) are what they claim:
each one works where the real one does, so tests built on them test the real thing."""

import pytest
import time_machine

from openvss.accounts import signin
from openvss.dossiers.models import Dossier
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_citizen_signs_in_and_sees_his_own_card(client, citizen):
    tokens = signin.login(username="0123456789", password=factories.PASSWORD, device_id="d1")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}
    card = client.get("/api/v1/me/card", **auth)
    assert card.status_code == 200 and card.json()["number"] == "0123456789"
    assert citizen.phone == "0912345678" and citizen.person.full_name == "Nguyễn Văn An"


def test_a_parent_sees_the_linked_childs_card_and_nobody_else_does(client, parent_with_child):
    child = parent_with_child.child
    client.force_login(parent_with_child.parent)
    assert client.get(f"/tai-khoan/the-bhyt/{child.bhxh_code}/").status_code == 200
    stranger = factories.CitizenFactory(
        person=factories.PersonFactory(bhxh_code="0198765432", citizen_id="001090099999")
    )
    client.force_login(stranger)
    assert client.get(f"/tai-khoan/the-bhyt/{child.bhxh_code}/").status_code == 404


def test_officers_work_their_own_agencys_queue(officer_hanoi, officer_hcm):
    assert (officer_hanoi.agency.code, officer_hcm.agency.code) == ("01000", "79000")
    for officer in (officer_hanoi, officer_hcm):
        assert officer.is_staff and not officer.is_superuser
        assert officer.has_perm("dossiers.change_dossier")


@time_machine.travel("2026-11-22", tick=False)
def test_the_facility_key_checks_a_card(client, citizen, facility_key):
    answer = client.post(
        "/api/v1/clinic/card-checks",
        {"card_number": "0123456789", "full_name": "Nguyễn Văn An", "birth_date": "15/03/1990"},
        content_type="application/json",
        HTTP_X_API_KEY=facility_key.text,
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["result_code"] == "000"


@pytest.mark.parametrize(
    ("factory", "kind", "code"),
    [
        (factories.RegistrationDossierFactory, Dossier.Kind.REGISTRATION, "DK"),
        (factories.ChildAccountDossierFactory, Dossier.Kind.CHILD_ACCOUNT, "TC"),
        (factories.InfoChangeDossierFactory, Dossier.Kind.INFO_CHANGE, "DC"),
        (factories.VisitDisputeDossierFactory, Dossier.Kind.VISIT_DISPUTE, "PA"),
        (factories.CardReissueDossierFactory, Dossier.Kind.CARD_REISSUE, "CL"),
    ],
)
def test_a_dossier_of_each_kind_waits_in_the_hanoi_queue(factory, kind, code):
    dossier = factory()
    assert dossier.kind == kind and dossier.status == Dossier.Status.RECEIVED
    assert f".{code}/" in dossier.number and dossier.number.endswith("/01000")
    assert list(dossier.events.values_list("to_status", flat=True)) == ["received"]
    if kind != Dossier.Kind.REGISTRATION:
        assert dossier.applicant is not None
