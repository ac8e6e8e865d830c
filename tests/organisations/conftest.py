import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from openvss.organisations import services
from tests.factories import ORG_PASSWORD, OrganisationMemberFactory


def totp_now(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{TOTP(device.bin_key).token():06d}"


def enrol(member) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(
        user=member.user, confirmed=True, defaults={"name": "test"}
    )
    return device


def web_sign_in(client, member, device_id="web-1"):
    """A member fully signed in on this client, the way the login pages do it."""
    enrol(member)
    tokens = services.sign_in_complete(member=member, device_id=device_id, verified=True)
    client.force_login(member.user)
    session = client.session
    session["device_pk"] = tokens.device.pk
    session.save()
    return tokens


def api_token(client, member, device_id="app-1") -> str:
    enrol(member)
    body = {
        "unit_code": member.organisation.employer.code,
        "login": member.login,
        "password": ORG_PASSWORD,
        "totp": totp_now(member.user),
        "device_id": device_id,
    }
    response = client.post("/api/v1/org/auth/login", body, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def admin_member(db):
    return OrganisationMemberFactory(role="admin", login="quantri")


@pytest.fixture
def hr_member(admin_member):
    return OrganisationMemberFactory(organisation=admin_member.organisation, login="nhansu")


@pytest.fixture
def other_admin(db):
    """The administrator of another organisation."""
    return OrganisationMemberFactory(role="admin", login="quantri")


@pytest.fixture(autouse=True)
def _messages_sent_when_the_request_commits(django_capture_on_commit_callbacks, monkeypatch):
    """The outbox sends after commit; a test's transaction never commits, so each request
    of the test client runs its commit callbacks (the SMS and email) as it ends."""
    from django.test import Client

    real = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return real(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)
