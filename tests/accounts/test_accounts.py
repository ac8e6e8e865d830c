from datetime import date

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password

from openvss.accounts.hashers import OpenvssArgon2PasswordHasher
from openvss.accounts.services import demo_accounts_ensure
from openvss.people.seeding import seed_people

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2id_at_the_measured_cost(settings):
    settings.PASSWORD_HASHERS = ["openvss.accounts.hashers.OpenvssArgon2PasswordHasher"]
    encoded = make_password("Mật khẩu 2026!")
    assert isinstance(identify_hasher(encoded), OpenvssArgon2PasswordHasher)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_demo_accounts_can_log_in(client):
    seed_people(count=40, seed=5, today=date(2026, 11, 22))
    logins = {login.username: login for login in demo_accounts_ensure()}
    citizen = next(u for u in logins if u.isdigit())
    from openvss.accounts.models import User

    demo = User.objects.get(username=citizen)
    assert demo.phone and demo.phone == demo.person.phone  # OTPs for the demo citizen reach a phone
    assert client.login(username=citizen, password=logins[citizen].password)
    client.logout()
    assert client.login(username="canbo.hcm", password=logins["canbo.hcm"].password)
    client.force_login(User.objects.get(username="canbo.hcm"))  # and the TOTP step
    response = client.get("/quan-tri/people/person/")
    assert response.status_code == 200  # officers can work the records
    response = client.get("/quan-tri/auth/group/")
    assert response.status_code == 403  # but not administer accounts
