"""Item 9: personal answers carry Cache-Control: no-store."""

import pytest

from openvss.accounts import signin
from tests.factories import CitizenFactory, HealthCardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    settings.QR_SIGNING_KEY_DIR = tmp_path / "keys"


@pytest.fixture
def citizen():
    card = HealthCardFactory(valid_to=None)
    return CitizenFactory(person=card.person, phone="0912345678")


@pytest.mark.parametrize(
    "path",
    [
        "/tai-khoan/",
        "/tai-khoan/the-bhyt/",
        "/tai-khoan/qua-trinh-tham-gia/",
        "/tai-khoan/thong-tin-huong/",
        "/tai-khoan/kham-chua-benh/",
        "/tai-khoan/ai-da-xem/",
        "/tai-khoan/thong-bao/",
        "/tai-khoan/ca-nhan/",
        "/tai-khoan/cai-dat/",
    ],
)
def test_every_personal_page_is_no_store(client, citizen, path):
    client.force_login(citizen)
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/api/v1/me", "/api/v1/me/card", "/api/v1/me/visits", "/api/v1/me/devices"]
)
def test_every_me_answer_is_no_store(client, citizen, path):
    tokens = signin.login(username=citizen.username, password="Mật khẩu 2026!", device_id="d1")
    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {tokens.access}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    # Even a refused call: an error about someone's session is personal too.
    assert "no-store" in client.get(path)["Cache-Control"]


def test_public_lookups_stay_cacheable(client):
    assert "no-store" not in client.get("/api/v1/provinces").get("Cache-Control", "")
