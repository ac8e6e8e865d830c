"""Visit disputes (item 6) through the engine: a reason and a confirmation, the "đã phản
ánh" marker, the facility asked through its API key channel or its answer recorded in the
back office, and an outcome the citizen sees."""

import pytest
from django.core import mail

from openvss.accounts import signin
from openvss.audit.models import AccessLog
from openvss.clinics.services import api_key_create
from openvss.dossiers import engine
from openvss.dossiers.kinds import visit_dispute
from openvss.dossiers.models import Dossier
from openvss.errors import InvalidInput, NotFound
from openvss.people.models import MedicalVisit
from openvss.places.models import MedicalFacility
from tests.factories import (
    PASSWORD,
    CitizenFactory,
    HealthCardFactory,
    MedicalVisitFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
ANSWERS = {"reason": "not_visited", "note": "", "confirm": "on"}


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    settings.QR_SIGNING_KEY_DIR = tmp_path / "keys"


@pytest.fixture
def citizen(an):
    return CitizenFactory(person=an, phone="0912345678", email="an@example.vn")


@pytest.fixture
def visit(an):
    card = HealthCardFactory(person=an)
    return MedicalVisitFactory(card=card, facility=MedicalFacility.objects.get(code="79002"))


@pytest.fixture
def hcm_officer(officer_hcm):
    """The visit was at a facility of TP. Hồ Chí Minh: its agency's officer handles it."""
    return officer_hcm


def _key(code: str) -> dict:
    text = api_key_create(
        facility=MedicalFacility.objects.get(code=code), name="Tiếp đón", scopes=["visits"]
    )[1]
    return {"HTTP_X_API_KEY": text}


def test_a_citizen_disputes_with_a_reason_and_a_confirmation(client, citizen, visit):
    client.force_login(citizen)
    url = f"/tai-khoan/kham-chua-benh/{visit.pk}/phan-anh/"
    form = client.get(url).content.decode()
    assert "Tôi không đến khám chữa bệnh tại cơ sở này vào ngày này" in form
    unconfirmed = client.post(url, {"reason": "not_visited"})
    assert unconfirmed.status_code == 422 and not Dossier.objects.exists()
    response = client.post(url, ANSWERS)
    assert response.status_code == 302
    case = Dossier.objects.get(kind="visit_dispute")
    assert case.agency.code == "79000" and case.data["reason"] == "not_visited"
    visit.refresh_from_db()
    assert visit.dispute == "open"
    page = client.get("/tai-khoan/kham-chua-benh/?nam=2026").content.decode()
    assert "Đã phản ánh, đang xác minh" in page and url not in page


def test_other_reason_needs_a_description(citizen, visit):
    with pytest.raises(InvalidInput) as info:
        visit_dispute.visit_dispute_open(
            user=citizen, visit_id=visit.pk, reason="other", note="", confirm=True
        )
    assert "note" in info.value.fields


def test_another_persons_visit_cannot_be_disputed(client, citizen):
    other = PersonFactory(bhxh_code="0198765432", citizen_id="001185012345")
    theirs = MedicalVisitFactory(card=HealthCardFactory(person=other, code="DN4010198765432"))
    with pytest.raises(NotFound):
        visit_dispute.visit_dispute_open(
            user=citizen, visit_id=theirs.pk, reason="not_visited", confirm=True
        )
    tokens = signin.login(username=citizen.username, password=PASSWORD, device_id="d1")
    response = client.post(
        f"/api/v1/me/visits/{theirs.pk}/dispute", {"reason": "not_visited", "confirm": True},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {tokens.access}",
    )  # fmt: skip
    assert response.status_code == 404 and theirs.dispute == ""


def test_the_facility_is_asked_through_its_key_answers_and_the_outcome_is_shown(
    client, citizen, visit, hcm_officer, django_capture_on_commit_callbacks
):
    tokens = signin.login(username=citizen.username, password=PASSWORD, device_id="d1")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}
    opened = client.post(
        f"/api/v1/me/visits/{visit.pk}/dispute", {"reason": "not_received", "confirm": True},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert opened.status_code == 201
    case = Dossier.objects.get(pk=opened.json()["id"])
    # The officer asks the facility from the back office.
    client.force_login(hcm_officer)
    detail = client.get(f"/quan-tri/dossiers/dossier/{case.pk}/change/").content.decode()
    assert "Đề nghị cơ sở KCB giải trình" in detail
    client.post(
        f"/quan-tri/dossiers/dossier/{case.pk}/decide/ask-facility/",
        {"text": "Đề nghị gửi hồ sơ bệnh án và chữ ký của người bệnh."},
    )
    case.refresh_from_db()
    assert case.status == "facility_asked"
    # Another facility's key sees nothing and cannot answer; the facility's own key does.
    assert client.get("/api/v1/clinic/disputes", **_key("01001")).json() == []
    refused = client.post(
        f"/api/v1/clinic/disputes/{case.pk}/answer", {"answer": "Không phải của chúng tôi"},
        content_type="application/json", **_key("01001"),
    )  # fmt: skip
    assert refused.status_code == 404
    own = _key("79002")
    rows = client.get("/api/v1/clinic/disputes", **own).json()
    assert [r["number"] for r in rows] == [case.number]
    assert rows[0]["question"].startswith("Đề nghị gửi hồ sơ bệnh án")
    assert AccessLog.objects.filter(person=citizen.person, facility__code="79002").exists()
    answered = client.post(
        f"/api/v1/clinic/disputes/{case.pk}/answer",
        {"answer": "Nhập nhầm mã thẻ của người bệnh khác, đã hủy lượt khám."},
        content_type="application/json", **own,
    )  # fmt: skip
    assert answered.status_code == 200 and answered.json()["status"] == "in_review"
    assert client.get("/api/v1/clinic/disputes", **own).json() == []
    # Closing needs an outcome the citizen will read.
    client.force_login(hcm_officer)
    client.post(f"/quan-tri/dossiers/dossier/{case.pk}/decide/approve/", {"note": ""})
    case.refresh_from_db()
    assert case.status == "in_review"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/quan-tri/dossiers/dossier/{case.pk}/decide/approve/",
            {"note": "Phản ánh đúng: lượt khám đã bị hủy, quỹ BHYT thu hồi chi phí."},
        )
    case.refresh_from_db()
    assert case.status == "approved"
    assert [e.to_status for e in case.events.all()] == [
        "received", "facility_asked", "in_review", "approved",
    ]  # fmt: skip
    visit.refresh_from_db()
    assert visit.dispute == MedicalVisit.Dispute.UPHELD
    assert "Kết quả: Phản ánh đúng" in mail.outbox[-1].body  # the outcome, told by email
    client.force_login(citizen)
    page = client.get("/tai-khoan/kham-chua-benh/?nam=2026").content.decode()
    assert "Phản ánh đúng: lượt khám đã bị hủy" in page
    mine = client.get("/api/v1/me/visits", {"year": 2026}, **auth).json()
    assert mine[0]["dispute"] == "upheld"


def test_an_answer_recorded_in_the_back_office_then_dismissed(citizen, visit, hcm_officer):
    case = visit_dispute.visit_dispute_open(
        user=citizen, visit_id=visit.pk, reason="wrong_cost", confirm=True
    )
    kind = engine.kind_for(case.kind)
    steps = {step.code: step for step in kind.officer_actions}
    steps["ask-facility"].run(dossier_id=case.pk, officer=hcm_officer, text="Giải trình chi phí")
    steps["record-answer"].run(
        dossier_id=case.pk, officer=hcm_officer, text="Công văn số 12: chi phí đúng bảng giá"
    )
    engine.reject(
        dossier_id=case.pk, officer=hcm_officer, reason="Chi phí đúng theo bảng giá được duyệt"
    )
    visit.refresh_from_db()
    assert visit.dispute == "dismissed" and "bảng giá" in visit.dispute_outcome
    case.refresh_from_db()
    assert case.data["facility_answered_by"] == "officer"
