import hashlib
import hmac
import json
import re
import time

import pytest
from django.core import mail

from openvss.accounts.models import Device
from openvss.messaging.backends.sms import MemorySmsBackend
from openvss.messaging.models import InboundSms
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
SECRET = "gateway-shared-secret"


# --- a. in the app: code -> registered email -> OTP -> new password by email ---


def start(client, code="0123456789", email="an@example.vn"):
    return client.post(
        "/api/v1/auth/password-reset",
        {"bhxh_code": code, "email": email},
        content_type="application/json",
    )


def test_app_recovery_sends_a_new_password_to_the_registered_email(
    client, citizen, django_capture_on_commit_callbacks
):
    Device.objects.create(user=citizen, device_id="old-phone")
    with django_capture_on_commit_callbacks(execute=True):
        body = start(client).json()
    otp = re.search(r"(\d{6})", mail.outbox[-1].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/api/v1/auth/password-reset/confirm",
            {"challenge": body["challenge"], "otp": otp},
            content_type="application/json",
        )
    assert done.status_code == 200
    password = re.search(r"Mật khẩu mới: (\S+)", mail.outbox[-1].body).group(1)
    citizen.refresh_from_db()
    assert citizen.check_password(password) and citizen.must_change_password
    assert not citizen.check_password(PASSWORD)
    assert not Device.objects.filter(
        user=citizen, signed_out_at__isnull=True
    ).exists()  # all signed out


def test_recovery_answers_the_same_whether_or_not_the_account_exists(
    client, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        real = start(client)
        wrong_email = start(client, email="someone@example.vn")
        unknown = start(client, code="0999999999")
    assert real.status_code == wrong_email.status_code == unknown.status_code == 200
    assert real.json()["message"] == wrong_email.json()["message"] == unknown.json()["message"]
    assert len(mail.outbox) == 1  # only the real, matching account got a code
    # The next step too: a wrong code is "wrong, 4 tries left" for both (issue 11, item 3).
    answers = [
        client.post(
            "/api/v1/auth/password-reset/confirm",
            {"challenge": r.json()["challenge"], "otp": "000000"},
            content_type="application/json",
        )
        for r in (real, unknown)
    ]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json() == answers[1].json()
    assert answers[0].json()["error"]["code"] == "otp_wrong"


def test_recovery_requests_are_throttled_without_revealing_anything(
    client, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [start(client).status_code for _ in range(5)]
    assert answers == [200] * 5
    assert (
        len(mail.outbox) == 1
    )  # one code a minute, three attempts an hour; the rest silently dropped


# --- b. by SMS: "BH MK <code>" to 8079 through the signed webhook ---


def signed(client, payload: dict, *, secret=SECRET, timestamp=None, **headers):
    body = json.dumps(payload).encode()
    ts = str(int(timestamp if timestamp is not None else time.time()))
    sig = (
        "sha256=" + hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    )
    return client.post(
        "/api/v1/sms/inbound",
        body,
        content_type="application/json",
        HTTP_X_TIMESTAMP=ts,
        HTTP_X_SIGNATURE=sig,
        **headers,
    )


@pytest.fixture
def gateway(settings):
    settings.SMS_WEBHOOK_SECRET = SECRET


def test_sms_from_the_registered_phone_gets_a_new_password(
    client, citizen, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed(
            client, {"message_id": "m1", "sender": "+84912345678", "text": "bh mk 0123456789"}
        )
    assert response.status_code == 200
    sms = MemorySmsBackend.outbox[-1]
    assert sms.to == "0912345678"
    password = re.search(r"la (\S+)\. Vui long", sms.text).group(1)
    citizen.refresh_from_db()
    assert citizen.check_password(password)


def test_sms_from_another_phone_gets_the_exact_refusal(
    client, citizen, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed(client, {"message_id": "m2", "sender": "0987654321", "text": "BH MK 0123456789"})
        signed(client, {"message_id": "m3", "sender": "0987654321", "text": "BH MK 0999999999"})
    assert [s.text for s in MemorySmsBackend.outbox] == [
        "So dien thoai va ma so BHXH khong khop hoac chua dang ky giao dich dien tu voi co quan BHXH",
    ] * 2
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


@pytest.mark.parametrize("text", ["BH MK", "BH MK 12345", "xin chao", "BH XX 0123456789"])
def test_malformed_commands_get_a_short_help(
    client, gateway, text, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed(client, {"message_id": f"h-{text}", "sender": "0987654321", "text": text})
    assert MemorySmsBackend.outbox[-1].text.startswith("Sai cu phap")


def test_unsigned_badly_signed_stale_and_replayed_calls_are_refused(client, citizen, gateway):
    payload = {"message_id": "r1", "sender": "0912345678", "text": "BH MK 0123456789"}
    unsigned = client.post("/api/v1/sms/inbound", payload, content_type="application/json")
    assert unsigned.status_code == 403
    assert signed(client, payload, secret="wrong").status_code == 403
    assert signed(client, payload, timestamp=time.time() - 3600).status_code == 403
    assert signed(client, payload).status_code == 200
    replay = signed(client, payload)
    assert replay.status_code == 409 and replay.json()["error"]["code"] == "replayed"
    assert InboundSms.objects.count() == 1


def test_the_webhook_is_closed_without_a_configured_secret(client, settings):
    settings.SMS_WEBHOOK_SECRET = ""
    assert (
        signed(
            client, {"message_id": "x", "sender": "0912345678", "text": "BH MK 0123456789"}
        ).status_code
        == 403
    )


def test_dossier_status_by_sms(client, gateway, django_capture_on_commit_callbacks):
    from openvss.dossiers.models import Dossier
    from openvss.places.models import Agency

    Dossier.objects.create(
        kind="registration",
        status="received",
        agency=Agency.objects.get(code="01000"),
        number="00007.DK/2026/01000",
        contact_phone="0987654321",
    )
    with django_capture_on_commit_callbacks(execute=True):
        signed(
            client,
            {"message_id": "hs", "sender": "0987654321", "text": "BH HS 00007.DK/2026/01000"},
        )
    assert MemorySmsBackend.outbox[-1].text == "BHXH: Ho so so 00007.DK/2026/01000: Da tiep nhan."
    # Another phone asking about the same number learns nothing about it.
    with django_capture_on_commit_callbacks(execute=True):
        signed(
            client,
            {"message_id": "hs2", "sender": "0911111111", "text": "BH HS 00007.DK/2026/01000"},
        )
    assert MemorySmsBackend.outbox[-1].text == "BHXH: Khong tim thay ho so so 00007.DK/2026/01000."


def test_an_unsigned_call_is_refused_before_its_body_is_read(client, gateway, monkeypatch):
    from openvss.messaging import api as sms_api

    def never(*args, **kwargs):
        raise AssertionError("the body was parsed before the signature was checked")

    monkeypatch.setattr(sms_api.InboundIn, "model_validate", never)
    response = client.post(
        "/api/v1/sms/inbound", b"{not json", content_type="application/json",
        HTTP_X_SIGNATURE="sha256=00", HTTP_X_TIMESTAMP=str(int(time.time())),
    )  # fmt: skip
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "bad_signature"


# --- c. on the portal: code + email + captcha -> OTP -> account details by email ---


def solved_captcha(page: str) -> tuple[str, str]:
    """Read the challenge the page shows and answer it as a person reading the image would."""
    from captcha.models import CaptchaStore

    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', page).group(1)
    return key, CaptchaStore.objects.get(hashkey=key).response


def test_portal_recovery_with_captcha(client, citizen, django_capture_on_commit_callbacks):
    page = client.get("/quen-mat-khau/").content.decode()
    assert "Nhập mã kiểm tra" in page
    key, answer = solved_captcha(page)
    assert client.get(f"/captcha/image/{key}/")["Content-Type"] == "image/png"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/quen-mat-khau/",
            {
                "bhxh_code": "0123456789",
                "email": "an@example.vn",
                "captcha_0": key,
                "captcha_1": answer,
            },
        )
    assert response["Location"] == "/quen-mat-khau/xac-thuc/"
    otp = re.search(r"(\d{6})", mail.outbox[-1].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/quen-mat-khau/xac-thuc/", {"otp": otp})
    assert "data-reset-done" in done.content.decode()
    assert "Tên đăng nhập (mã số BHXH): 0123456789" in mail.outbox[-1].body


def test_portal_recovery_refuses_a_wrong_captcha(client, citizen):
    key, answer = solved_captcha(client.get("/quen-mat-khau/").content.decode())
    response = client.post(
        "/quen-mat-khau/",
        {
            "bhxh_code": "0123456789",
            "email": "an@example.vn",
            "captcha_0": key,
            "captcha_1": answer + "x",
        },
    )
    assert response.status_code == 422 and "captcha" in response.context["form"].errors
    assert mail.outbox == []


def test_recovery_answers_are_translated(client, citizen):
    vi = start(client).json()["message"]
    en = client.post(
        "/api/v1/auth/password-reset",
        {"bhxh_code": "0123456789", "email": "x@example.vn"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()["message"]
    assert vi.startswith("Nếu mã số BHXH") and en.startswith("If the social-insurance number")


def test_sms_replies_are_vietnamese_whatever_the_gateway_negotiates(
    client, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signed(
            client,
            {"message_id": "lang-1", "sender": "0987654321", "text": "xin chao"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert MemorySmsBackend.outbox[-1].text == (
        "Sai cu phap. De lay lai mat khau, soan: BH MK <ma so BHXH> gui 8079"
    )


def test_security_notices_follow_the_language_of_the_request(
    client, citizen, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from openvss.accounts.recovery import password_reset_start

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        password_reset_start(bhxh_code="0123456789", email="an@example.vn")
    assert mail.outbox[-1].subject == "Password recovery code"
    assert "valid for 3 minutes" in mail.outbox[-1].body
