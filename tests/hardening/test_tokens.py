"""Items 5 and 9: a one-time password's token reaches only the password change; a reused
refresh token revokes its whole family."""

import pytest

from openvss.accounts.models import AuthToken, Device, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client):
    body = {"username": "0123456789", "password": PASSWORD, "device_id": "phone-1"}
    return client.post("/api/v1/auth/login", body, content_type="application/json").json()


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def post(client, path, body, token):
    return client.post(path, body, content_type="application/json", **bearer(token))


def test_a_token_from_a_one_time_password_reaches_only_the_password_change(client, citizen):
    User.objects.filter(pk=citizen.pk).update(must_change_password=True)
    tokens = login(client)
    assert tokens["must_change_password"] is True
    token = tokens["access_token"]
    for path in ("/api/v1/me", "/api/v1/me/card", "/api/v1/me/devices", "/api/v1/me/access-log"):
        response = client.get(path, **bearer(token))
        assert response.status_code == 403, path
        assert response.json()["error"]["code"] == "password_change_required"
    started = post(
        client,
        "/api/v1/auth/password",
        {"old_password": PASSWORD, "new_password": "Mật khẩu mới 2027"},
        token,
    )
    assert started.status_code == 200 and started.json()["status"] == "otp_required"


def test_after_the_change_the_same_token_reaches_everything(client, citizen):
    User.objects.filter(pk=citizen.pk).update(must_change_password=True)
    token = login(client)["access_token"]
    User.objects.filter(pk=citizen.pk).update(must_change_password=False)
    assert client.get("/api/v1/me", **bearer(token)).status_code == 200


def test_a_reused_refresh_token_revokes_the_whole_family(client, citizen):
    first = login(client)
    rotated = post(client, "/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]}, "")
    assert rotated.status_code == 200
    newest = rotated.json()
    # Someone replays the first refresh token: both their copy and the owner's die.
    replay = post(client, "/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]}, "")
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "refresh_token_reused"
    assert client.get("/api/v1/me", **bearer(newest["access_token"])).status_code == 401
    again = post(client, "/api/v1/auth/refresh", {"refresh_token": newest["refresh_token"]}, "")
    assert again.status_code == 401
    assert not AuthToken.objects.filter(revoked_at__isnull=True).exists()
    assert Device.objects.get().signed_out_at is not None
