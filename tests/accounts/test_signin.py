import re
from datetime import timedelta

import pytest
from django.utils import timezone

from openvss.accounts.models import AuthToken, Device, LoginEvent, User
from openvss.messaging.backends.sms import MemorySmsBackend
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, username="0123456789", password=PASSWORD, device="phone-1", **extra):
    body = {
        "username": username,
        "password": password,
        "device_id": device,
        "device_name": f"Máy {device}",
    }
    return client.post("/api/v1/auth/login", body, content_type="application/json", **extra)


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_login_gives_tokens_bound_to_the_device(client, citizen):
    body = login(client).json()
    assert body["status"] == "signed_in" and body["must_change_password"] is False
    devices = client.get("/api/v1/me/devices", **bearer(body["access_token"])).json()
    assert [(d["name"], d["current"]) for d in devices] == [("Máy phone-1", True)]
    assert AuthToken.objects.filter(device__device_id="phone-1").count() == 2
    assert not AuthToken.objects.filter(digest=body["access_token"]).exists()  # only hashes stored


def test_wrong_password_and_unknown_account_get_the_same_answer(client, citizen):
    wrong = login(client, password="sai")
    unknown = login(client, username="0999999999", password="sai")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_five_wrong_passwords_lock_this_address_for_fifteen_minutes(client, citizen, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(5):
        assert login(client, password="sai").status_code == 401
    locked = login(client)  # the right password, but from the address that guessed
    assert locked.status_code == 429 and locked["Retry-After"] == "900"
    assert "Quên mật khẩu" in locked.json()["error"]["message"]
    time_machine.shift(timedelta(minutes=16))
    from django.core.cache import cache

    cache.clear()  # Redis keeps real time: its 15-minute window has passed as well
    assert login(client).status_code == 200


def test_unknown_accounts_lock_too_so_locking_reveals_nothing(client, citizen):
    def walk(username):
        answers = [login(client, username=username, password="sai") for _ in range(7)]
        return [(a.status_code, a.json()) for a in answers]

    real, unknown = walk("0123456789"), walk("0999999999")
    assert real == unknown
    assert [status for status, _ in real] == [401] * 5 + [429] * 2


def test_a_second_device_needs_the_otp_and_signs_the_first_one_out(
    client, citizen, django_capture_on_commit_callbacks
):
    first = login(client, device="phone-1").json()
    with django_capture_on_commit_callbacks(execute=True):
        second = login(client, device="phone-2").json()
    assert second["status"] == "device_switch_required" and second["otp_sent_to"] == "091****678"
    assert (
        client.get("/api/v1/me/devices", **bearer(first["access_token"])).status_code == 200
    )  # not yet
    code = re.search(r"Ma OTP: (\d{6})", MemorySmsBackend.outbox[-1].text).group(1)
    switched = client.post(
        "/api/v1/auth/device-switch",
        {"challenge": second["challenge"], "otp": code},
        content_type="application/json",
    ).json()
    assert switched["status"] == "signed_in"
    # The first device's token and refresh token stop working at once.
    assert client.get("/api/v1/me/devices", **bearer(first["access_token"])).status_code == 401
    refreshed = client.post(
        "/api/v1/auth/refresh",
        {"refresh_token": first["refresh_token"]},
        content_type="application/json",
    )
    assert refreshed.status_code == 401
    devices = client.get("/api/v1/me/devices", **bearer(switched["access_token"])).json()
    assert [(d["name"], d["current"], d["signed_out_at"] is None) for d in devices] == [
        ("Máy phone-2", True, True),
        ("Máy phone-1", False, False),
    ]
    outcomes = [
        e["outcome"]
        for e in client.get("/api/v1/me/login-history", **bearer(switched["access_token"])).json()
    ]
    assert outcomes[:3] == ["device_switched", "signed_out", "device_switch"]


def test_a_wrong_switch_otp_keeps_the_first_device(client, citizen):
    first = login(client, device="phone-1").json()
    second = login(client, device="phone-2").json()
    response = client.post(
        "/api/v1/auth/device-switch",
        {"challenge": second["challenge"], "otp": "000000"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert client.get("/api/v1/me/devices", **bearer(first["access_token"])).status_code == 200
    assert Device.objects.filter(signed_out_at__isnull=True).count() == 1


def test_refresh_rotates_and_the_old_refresh_token_is_dead(client, citizen):
    first = login(client).json()
    new = client.post(
        "/api/v1/auth/refresh",
        {"refresh_token": first["refresh_token"]},
        content_type="application/json",
    )
    assert new.status_code == 200
    again = client.post(
        "/api/v1/auth/refresh",
        {"refresh_token": first["refresh_token"]},
        content_type="application/json",
    )
    assert again.status_code == 401


def test_access_tokens_expire(client, citizen, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    token = login(client).json()["access_token"]
    time_machine.shift(timedelta(minutes=16))
    assert client.get("/api/v1/me/devices", **bearer(token)).status_code == 401


def test_logout_and_signing_out_another_persons_device(client, citizen):
    mine = login(client).json()
    other = UserFactory(username="0198765432", phone="0987654321")
    theirs = login(client, username="0198765432", device="their-phone").json()
    their_device = Device.objects.get(user=other)
    # Not my device: the same answer as a device that does not exist.
    assert (
        client.delete(
            f"/api/v1/me/devices/{their_device.pk}", **bearer(mine["access_token"])
        ).status_code
        == 404
    )
    assert client.get("/api/v1/me/devices", **bearer(theirs["access_token"])).status_code == 200
    assert client.post("/api/v1/auth/logout", **bearer(mine["access_token"])).status_code == 204
    assert client.get("/api/v1/me/devices", **bearer(mine["access_token"])).status_code == 401


def test_login_history_lists_failures_for_the_owner_only(client, citizen):
    login(client, password="sai")
    token = login(client).json()["access_token"]
    history = client.get("/api/v1/me/login-history", **bearer(token)).json()
    assert [h["outcome"] for h in history] == ["success", "wrong_password"]
    assert history[1]["description"] == "Sai mật khẩu"
    assert LoginEvent.objects.count() == 2


def test_login_needs_a_device_id(client, citizen):
    response = client.post(
        "/api/v1/auth/login",
        {"username": "0123456789", "password": PASSWORD, "device_id": " "},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_web_sessions_obey_the_one_device_rule(citizen, django_capture_on_commit_callbacks):
    from django.test import Client

    first, second = Client(), Client()
    assert (
        first.post("/dang-nhap/", {"username": "0123456789", "password": PASSWORD})["Location"]
        == "/tai-khoan/"
    )
    assert first.get("/tai-khoan/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = second.post("/dang-nhap/", {"username": "0123456789", "password": PASSWORD})
    assert response["Location"] == "/dang-nhap/thiet-bi-moi/"
    page = second.get("/dang-nhap/thiet-bi-moi/").content.decode()
    assert "thiết bị kia sẽ bị đăng xuất" in page and "091****678" in page
    code = re.search(r"Ma OTP: (\d{6})", MemorySmsBackend.outbox[-1].text).group(1)
    assert second.post("/dang-nhap/thiet-bi-moi/", {"otp": code})["Location"] == "/tai-khoan/"
    assert second.get("/tai-khoan/").status_code == 200
    kicked = first.get("/tai-khoan/")
    assert kicked.status_code == 302 and kicked["Location"] == "/dang-nhap/"
    assert "đăng nhập trên thiết bị khác" in first.get("/dang-nhap/").content.decode()


def test_the_web_login_answers_the_same_for_unknown_accounts(client, citizen):
    wrong = client.post("/dang-nhap/", {"username": "0123456789", "password": "sai"})
    unknown = client.post("/dang-nhap/", {"username": "0999999999", "password": "sai"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_next_is_kept_but_never_sends_the_user_off_site(client, citizen):
    response = client.post(
        "/dang-nhap/?next=https://evil.example/", {"username": "0123456789", "password": PASSWORD}
    )
    assert response["Location"] == "/tai-khoan/"


def test_changing_the_password_needs_the_old_one_and_an_otp(
    client, citizen, django_capture_on_commit_callbacks
):
    token = login(client, device="phone-1").json()["access_token"]
    other = Device.objects.create(user=citizen, device_id="tablet", signed_out_at=timezone.now())
    wrong_old = client.post(
        "/api/v1/auth/password",
        {"old_password": "sai", "new_password": "Mật khẩu mới 2026!"},
        content_type="application/json",
        **bearer(token),
    )
    assert wrong_old.status_code == 422 and "old_password" in wrong_old.json()["error"]["fields"]
    weak = client.post(
        "/api/v1/auth/password",
        {"old_password": PASSWORD, "new_password": "12345678"},
        content_type="application/json",
        **bearer(token),
    )
    assert weak.status_code == 422 and "new_password" in weak.json()["error"]["fields"]
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            "/api/v1/auth/password",
            {"old_password": PASSWORD, "new_password": "Mật khẩu mới 2026!"},
            content_type="application/json",
            **bearer(token),
        ).json()
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)  # nothing changes before the OTP
    code = re.search(r"la (\d{6})", MemorySmsBackend.outbox[-1].text).group(1)
    done = client.post(
        "/api/v1/auth/password/confirm",
        {"challenge": started["challenge"], "otp": code},
        content_type="application/json",
        **bearer(token),
    )
    assert done.status_code == 200
    citizen.refresh_from_db()
    assert citizen.check_password("Mật khẩu mới 2026!") and citizen.password_changed_at is not None
    assert (
        client.get("/api/v1/me/devices", **bearer(token)).status_code == 200
    )  # this device stays signed in
    assert other.pk


def test_a_reminder_after_six_months_without_a_change(client, citizen):
    User.objects.filter(pk=citizen.pk).update(
        password_changed_at=timezone.now() - timedelta(days=200)
    )
    assert login(client).json()["password_change_recommended"] is True
    client.force_login(citizen)
    assert "data-password-reminder" in client.get("/tai-khoan/").content.decode()
    User.objects.filter(pk=citizen.pk).update(password_changed_at=timezone.now())
    assert "data-password-reminder" not in client.get("/tai-khoan/").content.decode()


def test_a_lost_phone_can_receive_the_switch_code_by_email(
    client, citizen, django_capture_on_commit_callbacks, time_machine
):
    from django.core import mail

    time_machine.move_to(timezone.now(), tick=False)
    login(client, device="old-phone")
    second = login(client, device="new-phone").json()
    time_machine.shift(timedelta(seconds=61))  # one code a minute
    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(
            "/api/v1/auth/device-switch/resend",
            {"challenge": second["challenge"], "via": "email"},
            content_type="application/json",
        ).json()
    assert resent["otp_sent_to"] == "an***@example.vn"
    code = re.search(r"(\d{6})", mail.outbox[-1].body).group(1)
    switched = client.post(
        "/api/v1/auth/device-switch",
        {"challenge": second["challenge"], "otp": code},
        content_type="application/json",
    )
    assert switched.json()["status"] == "signed_in"
    assert Device.objects.get(signed_out_at__isnull=True).device_id == "new-phone"


def test_passkey_options_have_the_same_shape_for_unknown_accounts(client, citizen):
    known = client.post(
        "/dang-nhap/passkey/tuy-chon/", {"username": "0123456789"}, content_type="application/json"
    ).json()
    unknown = client.post(
        "/dang-nhap/passkey/tuy-chon/", {"username": "0999999999"}, content_type="application/json"
    ).json()
    assert set(known) == set(unknown) == {"ticket", "options"}
    assert (
        known["options"].get("allowCredentials", [])
        == unknown["options"].get("allowCredentials", [])
        == []
    )


def test_a_forged_passkey_assertion_is_refused(client, citizen):
    options = client.post(
        "/dang-nhap/passkey/tuy-chon/", {"username": "0123456789"}, content_type="application/json"
    ).json()
    forged = {
        "id": "AAAA",
        "rawId": "AAAA",
        "type": "public-key",
        "response": {"clientDataJSON": "e30", "authenticatorData": "AAAA", "signature": "AAAA"},
    }
    response = client.post(
        "/dang-nhap/passkey/",
        {"ticket": options["ticket"], "credential": forged},
        content_type="application/json",
    )
    assert response.status_code == 401 and response.json()["error"]["code"] == "passkey_failed"


def test_the_devices_page_lists_devices_and_history_and_signs_one_out(client, citizen):
    client.post("/dang-nhap/", {"username": "0123456789", "password": "sai"})
    client.post("/dang-nhap/", {"username": "0123456789", "password": PASSWORD})
    page = client.get("/tai-khoan/thiet-bi/").content.decode()
    assert ">thiết bị này<" in page and "Sai mật khẩu" in page and "Đăng nhập thành công" in page
    stranger = UserFactory(username="0198765432")
    their_device = Device.objects.create(user=stranger, device_id="theirs")
    client.post("/tai-khoan/thiet-bi/", {"device": their_device.pk})  # not mine: ignored
    their_device.refresh_from_db()
    assert their_device.signed_out_at is None
    mine = Device.objects.get(user=citizen)
    client.post("/tai-khoan/thiet-bi/", {"device": mine.pk})
    assert (
        client.get("/tai-khoan/")["Location"] == "/dang-nhap/"
    )  # signing this device out ends the session
