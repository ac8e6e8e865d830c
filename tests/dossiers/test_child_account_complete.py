"""Child accounts complete (item 5): the child's portrait and form 01 for the child, the
10-day expiry, the API, and what a parent may see for a linked child — and a parent of
another child sees nothing."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from openvss.accounts import signin
from openvss.dossiers import engine, services
from openvss.dossiers.models import Dossier, DossierFile
from openvss.people.models import Person
from tests.factories import (
    PASSWORD,
    CitizenFactory,
    HealthCardFactory,
    MedicalVisitFactory,
    PersonFactory,
)

from .conftest import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    settings.QR_SIGNING_KEY_DIR = tmp_path / "keys"


@pytest.fixture
def parent(an):
    return CitizenFactory(person=an, phone="0912345678", email="an@example.vn")


@pytest.fixture
def child():
    return Person.objects.create(
        bhxh_code="0123400001", full_name="Nguyễn Minh Khang", name_folded="nguyen minh khang",
        birth_date=date(2022, 9, 2), sex=1, commune_id="00070",
    )  # fmt: skip


def _submit(parent, **changes):
    return services.child_account_submit(
        parent=parent,
        **{
            "child_bhxh_code": "0123400001", "child_full_name": "Nguyễn Minh Khang",
            "birth_certificate": jpeg("ks.jpg"), "portrait": jpeg("face.jpg"),
            "agency_code": "01000", **changes,
        },
    )  # fmt: skip


def _confirm(dossier, capture):
    code = re.search(r"OTP - (\d{6})", mail.outbox[-1].body)[1]
    with capture(execute=True):
        return engine.confirm(dossier=dossier, otp=code)


def test_form_01_for_the_child_with_the_portrait(
    client, parent, child, django_capture_on_commit_callbacks
):
    client.force_login(parent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/tai-khoan/dang-ky-cho-con/",
            {"child_bhxh_code": "0123400001", "child_full_name": "Nguyễn Minh Khang",
             "birth_certificate": jpeg(), "portrait": jpeg("face.jpg"), "agency": "01000"},
        )  # fmt: skip
    code = re.search(r"OTP - (\d{6})", mail.outbox[-1].body)[1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dang-ky/xac-thuc/", {"otp": code})
    dossier = Dossier.objects.get(kind="child_account")
    assert set(dossier.files.values_list("kind", flat=True)) == {"birth_cert", "portrait"}
    # The "received" email carries form 01 for the child.
    assert mail.outbox[-1].attachments and mail.outbox[-1].attachments[0][2] == "application/pdf"
    page = client.get("/dang-ky/to-khai/").content.decode()
    assert "Nguyễn Minh Khang" in page and "0123400001" in page
    assert "Người liên hệ: <strong>Nguyễn Văn An</strong>" in page  # the parent
    assert 'data-form01-section="1"' in page and 'src="/dang-ky/anh-chan-dung/"' in page
    assert client.get("/dang-ky/anh-chan-dung/")["Content-Type"] == "image/jpeg"


def test_a_child_dossier_not_completed_in_10_days_expires(
    parent, child, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = _submit(parent)
    dossier = _confirm(submitted.dossier, django_capture_on_commit_callbacks)
    assert services.dossiers_expire(now=timezone.now() + timedelta(days=9)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.dossiers_expire(now=timezone.now() + timedelta(days=10, minutes=1)) == 1
    dossier.refresh_from_db()
    assert dossier.status == "expired" and dossier.data == {"erased": True}
    assert not DossierFile.objects.filter(dossier=dossier).exists()
    assert dossier.events.last().from_status == "received"


def test_the_api_registers_a_child(client, parent, child, django_capture_on_commit_callbacks):
    tokens = signin.login(username=parent.username, password=PASSWORD, device_id="d1")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/me/children",
            {"child_bhxh_code": "0123400001", "child_full_name": "Nguyễn Minh Khang",
             "agency_code": "01000", "birth_certificate": jpeg(), "portrait": jpeg("face.jpg")},
            **auth,
        )  # fmt: skip
    assert response.status_code == 201 and response.json()["status"] == "awaiting_otp"
    code = re.search(r"OTP - (\d{6})", mail.outbox[-1].body)[1]
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(
            f"/api/v1/me/dossiers/{response.json()['id']}/confirm", {"otp": code},
            content_type="application/json", **auth,
        )  # fmt: skip
    assert confirmed.json()["status"] == "received" and ".TC/" in confirmed.json()["number"]
    assert client.get("/api/v1/me/children", **auth).json() == []  # not linked before approval
    no_portrait = client.post(
        "/api/v1/me/children",
        {"child_bhxh_code": "0123400001", "child_full_name": "Nguyễn Minh Khang",
         "agency_code": "01000", "birth_certificate": jpeg()},
        **auth,
    )  # fmt: skip
    assert no_portrait.status_code == 422 and "portrait" in no_portrait.json()["error"]["fields"]


def test_a_parent_sees_the_linked_childs_card_and_visits_and_another_parent_nothing(
    client, parent, child, officer, django_capture_on_commit_callbacks
):
    HealthCardFactory(person=child, code="TE1010123400001")
    MedicalVisitFactory(card=child.cards.get(), diagnosis="Sốt siêu vi")
    with django_capture_on_commit_callbacks(execute=True):
        submitted = _submit(parent)
    dossier = _confirm(submitted.dossier, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        engine.approve(dossier_id=dossier.pk, officer=officer)
    client.force_login(parent)
    assert client.get("/tai-khoan/the-bhyt/0123400001/").status_code == 200
    visits = client.get("/tai-khoan/kham-chua-benh/con/0123400001/?nam=2026").content.decode()
    assert "Sốt siêu vi" in visits
    assert "/phan-anh/" not in visits  # only the person disputes their own visits
    tokens = signin.login(username=parent.username, password=PASSWORD, device_id="d1")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}
    rows = client.get("/api/v1/me/visits", {"year": 2026, "bhxh_code": "0123400001"}, **auth)
    assert [v["diagnosis"] for v in rows.json()] == ["Sốt siêu vi"]
    assert [c["bhxh_code"] for c in client.get("/api/v1/me/children", **auth).json()] == [
        "0123400001"
    ]
    # Another parent, with a child of their own, sees nothing of this child.
    other = CitizenFactory(
        person=PersonFactory(bhxh_code="0198765432", citizen_id="001185012345"),
        phone="0911111111",
    )
    PersonFactory(bhxh_code="0198700001", citizen_id=None, guardian=other.person)
    client.force_login(other)
    assert client.get("/tai-khoan/the-bhyt/0123400001/").status_code == 404
    assert client.get("/tai-khoan/kham-chua-benh/con/0123400001/").status_code == 404
    other_tokens = signin.login(username=other.username, password=PASSWORD, device_id="o")
    other_auth = {"HTTP_AUTHORIZATION": f"Bearer {other_tokens.access}"}
    assert (
        client.get("/api/v1/me/card", {"bhxh_code": "0123400001"}, **other_auth).status_code == 404
    )
    assert (
        client.get(
            "/api/v1/me/visits", {"year": 2026, "bhxh_code": "0123400001"}, **other_auth
        ).status_code
        == 404
    )
    assert client.get("/api/v1/me/children", **other_auth).json()[0]["bhxh_code"] == "0198700001"
