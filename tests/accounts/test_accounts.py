import pytest
from django.contrib.auth.hashers import identify_hasher, make_password

from openvss.accounts.hashers import OpenvssArgon2PasswordHasher

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2id_at_the_measured_cost(settings):
    settings.PASSWORD_HASHERS = ["openvss.accounts.hashers.OpenvssArgon2PasswordHasher"]
    encoded = make_password("Mật khẩu 2026!")
    assert isinstance(identify_hasher(encoded), OpenvssArgon2PasswordHasher)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
