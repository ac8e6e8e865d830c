"""Item 1: the back office's sign-in is throttled per username and IP, locks for a bounded
time only, and needs a TOTP code after the password."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db
LOGIN = "/quan-tri/login/"
PASSWORD = "Mật khẩu cán bộ 2026"


@pytest.fixture
def officer(db):
    return OfficerFactory(username="canbo.hn", password=PASSWORD)


def sign_in(client, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        LOGIN, {"username": "canbo.hn", "password": password, "next": "/quan-tri/"}, REMOTE_ADDR=ip
    )


def code_for(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return f"{totp.token():06d}"


def test_twelve_wrong_passwords_then_the_right_one_is_refused(client, officer):
    for _ in range(12):
        sign_in(client, password="sai")
    response = sign_in(client)
    assert response.status_code == 429
    assert "tạm khóa 15 phút" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_outsider_cannot_lock_the_officer_out(client, officer):
    for _ in range(12):
        sign_in(client, password="sai", ip="203.0.113.66")
    client.cookies.clear()
    response = sign_in(client, ip="10.0.0.1")  # the officer, from the agency's network
    assert response.status_code == 302 and "xac-thuc-hai-buoc" in response["Location"]


def test_the_lock_ends_after_the_cool_off_even_if_the_attacker_keeps_trying(
    client, officer, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(5):
        sign_in(client, password="sai")
    time_machine.shift(timedelta(minutes=10))
    sign_in(client, password="sai")  # a try during the lock does not extend it
    time_machine.shift(timedelta(minutes=6))
    assert sign_in(client).status_code == 302


def test_a_password_alone_reaches_nothing(client, officer):
    response = sign_in(client)
    assert response.status_code == 302 and "xac-thuc-hai-buoc" in response["Location"]
    people = client.get("/quan-tri/people/person/")
    assert people.status_code == 302 and people["Location"].startswith(LOGIN)


def test_first_sign_in_enrols_a_totp_device_then_every_sign_in_asks_its_code(
    client, officer, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    step_two = sign_in(client)["Location"]
    page = client.get(step_two)
    assert page.status_code == 200 and "totp-qr" in page.content.decode()
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert client.post(step_two, {"otp_token": "000000"}).status_code == 422
    time_machine.shift(timedelta(seconds=2))  # the device slows down guessing: 1 s, 2 s, 4 s…
    done = client.post(step_two, {"otp_token": code_for(device)})
    assert done.status_code == 302 and done["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/people/person/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    client.logout()
    step_two = sign_in(client)["Location"]
    page = client.get(step_two).content.decode()
    assert "totp-qr" not in page  # no new QR code: the enrolled device is asked for
    assert client.get("/quan-tri/people/person/").status_code == 302
    wrong = client.post(step_two, {"otp_token": "123456"})
    assert wrong.status_code == 422
    assert "Mã xác thực không đúng" in wrong.content.decode()


def test_without_self_enrolment_an_officer_without_a_device_is_sent_to_the_administrator(
    client, officer, settings
):
    settings.STAFF_TOTP_SELF_ENROL = False
    step_two = sign_in(client)["Location"]
    response = client.get(step_two)
    assert response.status_code == 403
    assert not TOTPDevice.objects.filter(user=officer).exists()
