import os

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2id at production cost would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the reference data (provinces, communes, facilities…)."""
    from openvss.legal.services import legal_reference_load
    from openvss.places.services import reference_load

    with django_db_blocker.unblock():
        reference_load()
        legal_reference_load()


@pytest.fixture
def api_client(client):
    return client


def required_vendor() -> str | None:
    return os.environ.get("OPENVSS_REQUIRE_VENDOR")


@pytest.fixture
def vendor() -> str:
    return connection.vendor
