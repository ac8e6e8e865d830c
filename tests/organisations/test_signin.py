"""The organisation's sign-in ("Tổ chức" on the login page): unit code, login name,
password, then the authenticator's code; the first steps; one device at a time; the same
answer for every wrong guess; accounts' throttles, not a copy of them."""

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from openvss.accounts.models import AuthToken, Device, LoginEvent
from openvss.organisations.models import OrganisationMember
from tests.factories import ORG_PASSWORD, OfficerFactory, OrganisationMemberFactory

from .conftest import api_token, bearer, enrol, totp_now, web_sign_in

pytestmark = pytest.mark.django_db


def post_login(client, member, password=ORG_PASSWORD, *, unit_code=None, login=None, **extra):
    data = {
        "unit_code": unit_code if unit_code is not None else member.organisation.employer.code,
        "login": login if login is not None else member.login,
        "password": password,
    }
    return client.post("/to-chuc/dang-nhap/", data, **extra)


def test_the_login_page_offers_the_person_and_organisation_toggle(client):
    personal = client.get("/dang-nhap/").content.decode()
    organisation = client.get("/to-chuc/dang-nhap/").content.decode()
    for page in (personal, organisation):
        assert "Cá nhân" in page and 'href="/to-chuc/dang-nhap/"' in page
    assert 'aria-current="page" data-org-tab' in organisation
    assert "Mã đơn vị" in organisation and "Tên đăng nhập" in organisation


def later(time_machine, seconds=3):
    """django-otp's own throttle: after a wrong code, the next try waits (1 s, 2 s, …)."""
    time_machine.move_to(timezone.now() + timezone.timedelta(seconds=seconds))


def test_first_login_forces_a_password_change_then_the_authenticator(
    client, admin_member, time_machine
):
    user = admin_member.user
    user.must_change_password = True
    user.save()
    response = post_login(client, admin_member)
    assert response.status_code == 302 and response["Location"] == "/to-chuc/doi-mat-khau/"
    # Nothing else is reachable yet.
    assert client.get("/to-chuc/nguoi-dung/")["Location"] == "/to-chuc/doi-mat-khau/"
    assert client.get("/to-chuc/")["Location"] == "/to-chuc/doi-mat-khau/"
    changed = client.post(
        "/to-chuc/doi-mat-khau/",
        {
            "old_password": ORG_PASSWORD,
            "new_password1": "Minh Phát nhân sự 2026",
            "new_password2": "Minh Phát nhân sự 2026",
        },
    )
    assert changed["Location"] == "/to-chuc/xac-thuc-hai-buoc/"
    assert client.get("/to-chuc/")["Location"] == "/to-chuc/xac-thuc-hai-buoc/"
    page = client.get("/to-chuc/xac-thuc-hai-buoc/")
    assert page.status_code == 200 and b"<svg" in page.content
    wrong = client.post("/to-chuc/xac-thuc-hai-buoc/", {"totp": "000000"})
    assert wrong.status_code == 422
    from django_otp.oath import TOTP

    later(time_machine)
    device = TOTPDevice.objects.get(user=user)
    code = f"{TOTP(device.bin_key).token():06d}"
    assert client.post("/to-chuc/xac-thuc-hai-buoc/", {"totp": code})["Location"] == "/to-chuc/"
    home = client.get("/to-chuc/")
    assert home.status_code == 200
    assert admin_member.organisation.employer.code in home.content.decode()
    admin_member.refresh_from_db()
    assert admin_member.verified_device_id == client.session["device_pk"]


def test_with_an_authenticator_the_code_is_asked_after_the_password(
    client, hr_member, time_machine
):
    enrol(hr_member)
    response = post_login(client, hr_member)
    assert response["Location"] == "/to-chuc/dang-nhap/xac-thuc/"
    assert not Device.objects.filter(user=hr_member.user).exists()  # not signed in yet
    assert client.get("/to-chuc/")["Location"].startswith("/to-chuc/dang-nhap/")
    assert client.post("/to-chuc/dang-nhap/xac-thuc/", {"totp": "000000"}).status_code == 422
    later(time_machine)
    ok = client.post("/to-chuc/dang-nhap/xac-thuc/", {"totp": totp_now(hr_member.user)})
    assert ok["Location"] == "/to-chuc/"
    assert client.get("/to-chuc/").status_code == 200


def test_unknown_unit_unknown_login_and_wrong_password_answer_alike(client, hr_member):
    answers = [
        post_login(client, hr_member, password="sai mật khẩu"),
        post_login(client, hr_member, unit_code="ZZZ999Z"),
        post_login(client, hr_member, login="khongco"),
    ]
    assert {a.status_code for a in answers} == {401}
    message = "Mã đơn vị, tên đăng nhập hoặc mật khẩu không đúng."
    assert all(message in a.content.decode() for a in answers)


def test_a_citizen_or_officer_cannot_sign_in_as_an_organisation(client):
    OfficerFactory(password=ORG_PASSWORD)  # canbo.hanoi, with the organisations' password
    answer = client.post(
        "/to-chuc/dang-nhap/",
        {"unit_code": "CANBO", "login": "hanoi", "password": ORG_PASSWORD},
    )
    assert answer.status_code == 401


def test_five_wrong_passwords_lock_only_this_address(client, hr_member):
    for _ in range(5):
        post_login(client, hr_member, password="sai", REMOTE_ADDR="203.0.113.9")
    locked = post_login(client, hr_member, REMOTE_ADDR="203.0.113.9")
    assert locked.status_code == 429 and "tạm khóa" in locked.content.decode()
    # The owner, from the office's own address, still signs in (accounts' pair lock-out).
    assert post_login(client, hr_member, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_guessing_an_unknown_unit_locks_the_same_way(client):
    for _ in range(5):
        client.post(
            "/to-chuc/dang-nhap/",
            {"unit_code": "ZZZ999Z", "login": "quantri", "password": "sai"},
            REMOTE_ADDR="203.0.113.9",
        )
    again = client.post(
        "/to-chuc/dang-nhap/",
        {"unit_code": "ZZZ999Z", "login": "quantri", "password": "sai"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert "tạm khóa" in again.content.decode()


def test_one_device_at_a_time(hr_member):
    from django.test import Client

    first = Client()
    web_sign_in(first, hr_member, device_id="office-pc")
    assert first.get("/to-chuc/").status_code == 200
    second = Client()
    second.cookies["ovss_device"] = "laptop"
    post_login(second, hr_member)
    second.post("/to-chuc/dang-nhap/xac-thuc/", {"totp": totp_now(hr_member.user)})
    assert second.get("/to-chuc/").status_code == 200
    # The first browser is signed out at once.
    response = first.get("/to-chuc/")
    assert response.status_code == 302
    assert Device.objects.get(device_id="office-pc").signed_out_at is not None
    assert Device.objects.filter(user=hr_member.user, signed_out_at__isnull=True).count() == 1


def test_a_session_from_the_citizens_login_reaches_nothing(client, hr_member):
    """The same user signed in without the second factor (the citizens' form takes any
    username): no organisation page, no organisation API."""
    enrol(hr_member)
    username = hr_member.user.username
    response = client.post(
        "/api/v1/auth/login",
        {"username": username, "password": ORG_PASSWORD, "device_id": "x"},
        content_type="application/json",
    )
    assert response.status_code == 200  # a password is a password…
    token = response.json()["access_token"]
    assert client.get("/api/v1/org/me", **bearer(token)).status_code == 403  # …but no more
    client.force_login(hr_member.user)
    assert client.get("/to-chuc/").status_code == 302


def test_a_stopped_member_or_suspended_organisation_cannot_sign_in(client, admin_member, hr_member):
    from openvss.organisations.services import member_deactivate

    enrol(hr_member)
    token = api_token(client, hr_member)
    member_deactivate(by=admin_member, member_id=hr_member.pk)
    assert client.get("/api/v1/org/me", **bearer(token)).status_code == 401  # signed out
    assert post_login(client, hr_member).status_code == 401
    organisation = admin_member.organisation
    organisation.status = "suspended"
    organisation.save()
    assert post_login(client, admin_member).status_code == 401


def test_the_api_asks_for_the_code_then_gives_tokens(client, hr_member, time_machine):
    enrol(hr_member)
    body = {
        "unit_code": hr_member.organisation.employer.code.lower(),
        "login": hr_member.login,
        "password": ORG_PASSWORD,
        "device_id": "app-1",
    }
    missing = client.post("/api/v1/org/auth/login", body, content_type="application/json")
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "totp_required"
    wrong = client.post(
        "/api/v1/org/auth/login", {**body, "totp": "000000"}, content_type="application/json"
    )
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "totp_invalid"
    later(time_machine)
    ok = client.post(
        "/api/v1/org/auth/login",
        {**body, "totp": totp_now(hr_member.user)},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["second_factor"] is True
    me = client.get("/api/v1/org/me", **bearer(ok.json()["access_token"])).json()
    assert me["unit_code"] == hr_member.organisation.employer.code
    assert me["me"]["role"] == "hr"
    assert LoginEvent.objects.filter(user=hr_member.user, outcome="success").count() == 1


def test_a_member_without_authenticator_gets_a_token_that_reaches_nothing(client, hr_member):
    body = {
        "unit_code": hr_member.organisation.employer.code,
        "login": hr_member.login,
        "password": ORG_PASSWORD,
        "device_id": "app-1",
    }
    ok = client.post("/api/v1/org/auth/login", body, content_type="application/json").json()
    assert ok["second_factor"] is False
    refused = client.get("/api/v1/org/me", **bearer(ok["access_token"]))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "totp_enrol"


def test_totp_codes_are_limited_per_user(client, hr_member):
    enrol(hr_member)
    post_login(client, hr_member)
    statuses = [
        client.post("/to-chuc/dang-nhap/xac-thuc/", {"totp": "000000"}).status_code
        for _ in range(11)
    ]
    assert statuses == [422] * 10 + [429]
    right = client.post("/to-chuc/dang-nhap/xac-thuc/", {"totp": totp_now(hr_member.user)})
    assert right.status_code == 429 and "quá nhiều lần" in right.content.decode()


def test_password_change_signs_out_other_devices(client, hr_member):
    from django.test import Client

    app = Client()
    token = api_token(app, hr_member, device_id="phone")
    web_sign_in(client, hr_member, device_id="web")
    response = client.post(
        "/to-chuc/doi-mat-khau/",
        {
            "old_password": ORG_PASSWORD,
            "new_password1": "Một mật khẩu mới 2026",
            "new_password2": "Một mật khẩu mới 2026",
        },
    )
    assert response.status_code == 302
    assert client.get("/to-chuc/").status_code == 200  # this browser stays
    assert app.get("/api/v1/org/me", **bearer(token)).status_code == 401
    assert not AuthToken.objects.filter(device__device_id="phone", revoked_at__isnull=True).exists()
    assert timezone.now() - hr_member.user.__class__.objects.get(
        pk=hr_member.user_id
    ).password_changed_at < timezone.timedelta(minutes=1)
    assert OrganisationMember.objects.get(pk=hr_member.pk).verified_device is not None


def test_members_get_their_own_username(db):
    member = OrganisationMemberFactory(login="ketoan")
    assert member.user.username == f"{member.organisation.employer.code}.ketoan"
