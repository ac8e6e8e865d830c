"""Form 01 §2 (adjust the e-transaction details) and §3 (stop using e-transactions) as
kinds of the engine: pages in the app shell, the API, an OTP to a new contact, what approval
does, and the printed form showing the section used, filled."""

import re
from datetime import date

import pytest
from django.core import mail

from openvss.accounts import signin
from openvss.accounts.models import AuthToken, Device, Passkey
from openvss.accounts.services import account_close
from openvss.dossiers import engine, services
from openvss.dossiers.kinds import adjustment
from openvss.dossiers.kinds.adjustment import adjustment_submit
from openvss.dossiers.models import Dossier
from openvss.errors import InvalidInput, NotAuthenticated
from openvss.messaging.backends.sms import MemorySmsBackend
from openvss.people.models import Person
from tests.factories import PASSWORD, CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(an):
    return CitizenFactory(person=an, phone="0912345678", email="an@example.vn")


@pytest.fixture
def auth(citizen):
    tokens = signin.login(username=citizen.username, password=PASSWORD, device_id="d1")
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


def _sms_code(to: str) -> str:
    return re.search(r"(\d{6})", [s for s in MemorySmsBackend.outbox if s.to == to][-1].text)[1]


def test_a_new_phone_is_proved_by_an_otp_sent_to_it_then_approved(
    client, citizen, officer, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    assert client.get("/tai-khoan/giao-dich-dien-tu/dieu-chinh/").status_code == 200
    MemorySmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tai-khoan/giao-dich-dien-tu/dieu-chinh/", {"phone": "0987654321"})
    assert response.status_code == 302 and response["Location"] == "/dang-ky/xac-thuc/"
    dossier = Dossier.objects.get(kind="form01_adjust")
    assert dossier.status == "awaiting_otp"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dang-ky/xac-thuc/", {"otp": _sms_code("0987654321")})
    dossier.refresh_from_db()
    assert dossier.status == "received" and ".DT/" in dossier.number
    citizen.refresh_from_db()
    assert citizen.phone == "0912345678"  # nothing changes before the agency approves
    # The printed form shows §2 filled with the new phone, the other sections not declared.
    page = client.get("/dang-ky/to-khai/").content.decode()
    section = re.search(r'data-form01-section="2">(.*?)</section>', page, re.S)[1]
    assert "0987654321" in section and "....." not in section
    assert 'data-form01-section="1"' not in page and 'data-form01-section="3"' not in page
    assert client.get("/dang-ky/to-khai.pdf")["Content-Type"] == "application/pdf"
    with django_capture_on_commit_callbacks(execute=True):
        engine.approve(dossier_id=dossier.pk, officer=officer)
    citizen.refresh_from_db()
    assert citizen.phone == "0987654321"


def test_a_certificate_alone_needs_no_otp_and_is_printed(client, citizen, officer):
    client.force_login(citizen)
    response = client.post(
        "/tai-khoan/giao-dich-dien-tu/dieu-chinh/",
        {"cert_serial": "5403 0101 ABCD EF12", "cert_issuer": "VNPT-CA",
         "cert_valid_from": "01/01/2026", "cert_valid_to": "31/12/2028"},
    )  # fmt: skip
    assert response["Location"] == "/dang-ky/hoan-tat/"
    dossier = Dossier.objects.get(kind="form01_adjust")
    assert dossier.status == "received"
    assert dossier.data["adjust"]["cert_serial"] == "54030101ABCDEF12"
    page = client.get("/dang-ky/to-khai/").content.decode()
    section = re.search(r'data-form01-section="2">(.*?)</section>', page, re.S)[1]
    assert "54030101ABCDEF12" in section and "VNPT-CA" in section
    assert "ngày 01 tháng 01 năm 2026 đến ngày 31 tháng 12 năm 2028" in section
    assert adjustment.certificate_current(citizen) is None  # until the agency approves
    engine.approve(dossier_id=dossier.pk, officer=officer)
    assert adjustment.certificate_current(citizen)["cert_issuer"] == "VNPT-CA"
    assert (
        "54030101ABCDEF12"
        in client.get("/tai-khoan/giao-dich-dien-tu/dieu-chinh/").content.decode()
    )


def test_every_certificate_error_at_once_and_nothing_to_change(citizen):
    with pytest.raises(InvalidInput) as info:
        adjustment_submit(
            user=citizen, cert_serial="xyz", cert_valid_from=date(2026, 5, 1),
            cert_valid_to=date(2026, 1, 1),
        )  # fmt: skip
    assert {"cert_serial", "cert_issuer", "cert_valid_to"} <= set(info.value.fields)
    with pytest.raises(InvalidInput) as info:
        adjustment_submit(user=citizen, phone="0912345678", email="AN@example.vn")
    assert info.value.code == "no_change"
    assert not Dossier.objects.exists()


def test_the_page_shows_errors_beside_the_fields(client, citizen):
    client.force_login(citizen)
    response = client.post("/tai-khoan/giao-dich-dien-tu/dieu-chinh/", {"phone": "12345"})
    assert response.status_code == 422
    assert "has-error" in response.content.decode()


def test_stopping_closes_the_account_and_keeps_the_records(
    client, citizen, auth, officer, django_capture_on_commit_callbacks
):
    device = Device.objects.get(user=citizen)
    Passkey.objects.create(user=citizen, device=device, credential_id="abc", public_key=b"k")
    client.force_login(citizen)
    assert client.get("/tai-khoan/giao-dich-dien-tu/ngung/").status_code == 200
    missing = client.post("/tai-khoan/giao-dich-dien-tu/ngung/", {"reason": "x"})
    assert missing.status_code == 422  # a reason and the confirmation are required
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/tai-khoan/giao-dich-dien-tu/ngung/",
            {"reason": "Không còn sử dụng điện thoại thông minh", "confirm": "on"},
        )
    assert response["Location"] == "/dang-ky/xac-thuc/"
    code = re.search(r"OTP - (\d{6})", mail.outbox[-1].body)[1]
    assert mail.outbox[-1].to == ["an@example.vn"]  # the registered contact
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dang-ky/xac-thuc/", {"otp": code})
    dossier = Dossier.objects.get(kind="form01_stop")
    page = client.get("/dang-ky/to-khai/").content.decode()
    section = re.search(r'data-form01-section="3">(.*?)</section>', page, re.S)[1]
    assert "Không còn sử dụng điện thoại thông minh" in section and "....." not in section
    assert client.get("/api/v1/me", **auth).status_code == 200  # still open until approved
    with django_capture_on_commit_callbacks(execute=True):
        engine.approve(dossier_id=dossier.pk, officer=officer)
    citizen.refresh_from_db()
    assert not citizen.is_active
    assert client.get("/api/v1/me", **auth).status_code == 401  # tokens revoked
    assert not AuthToken.objects.filter(device__user=citizen, revoked_at__isnull=True).exists()
    assert not Passkey.objects.filter(user=citizen).exists()
    with pytest.raises(NotAuthenticated):
        signin.login(username=citizen.username, password=PASSWORD, device_id="d2")
    assert Person.objects.filter(pk=citizen.person_id).exists()  # the records are kept
    assert [e.to_status for e in dossier.events.all()] == ["awaiting_otp", "received", "approved"]


def test_a_closed_account_may_register_again(citizen, officer, declaration, photos):
    account_close(user=citizen)
    checked = services.registration_check(**declaration, **photos)
    assert checked.withheld == ""  # not refused as "already has an account"


def test_the_api_sends_adjustment_and_stop_and_confirms_only_ones_own(
    client, citizen, auth, django_capture_on_commit_callbacks
):
    MemorySmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/me/e-transactions/adjustment", {"phone": "0987654321"},
            content_type="application/json", **auth,
        )  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "awaiting_otp" and body["otp_sent_to"].endswith("321")
    other = UserFactory(username="0198765432", phone="0911111111")
    other_tokens = signin.login(username=other.username, password=PASSWORD, device_id="o")
    stranger = client.post(
        f"/api/v1/me/dossiers/{body['id']}/confirm", {"otp": _sms_code("0987654321")},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {other_tokens.access}",
    )  # fmt: skip
    assert stranger.status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        mine = client.post(
            f"/api/v1/me/dossiers/{body['id']}/confirm", {"otp": _sms_code("0987654321")},
            content_type="application/json", **auth,
        )  # fmt: skip
    assert mine.status_code == 200 and mine.json()["status"] == "received"
    stop = client.post(
        "/api/v1/me/e-transactions/stop", {"reason": "Đi định cư nước ngoài"},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert stop.status_code == 422 and "confirm" in stop.json()["error"]["fields"]
