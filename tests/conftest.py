import os

import pytest
from django.db import connection


def _flushes_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return item.get_closest_marker("e2e") is not None or bool(
        marker and marker.kwargs.get("transaction")
    )


def pytest_collection_modifyitems(config, items):
    """Tests that commit for real (browser journeys, transactional tests) run last: the
    database is flushed after each of them, reference data included."""
    items.sort(key=_flushes_database)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2id at production cost would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _local_side_effects(settings, tmp_path):
    """SMS to memory, tasks run at once (after commit), uploads in a temporary folder."""
    from openvss.messaging.backends.sms import MemorySmsBackend

    settings.SMS_BACKEND = "memory"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if os.environ.get("OPENVSS_TEST_TASKS") == "rq":
        # CI runs the messaging and expiry tests once more through RQ on Redis (.ci/run):
        # jobs are serialised to Redis and run by RQ's job machinery, synchronously (RQ's
        # ASYNC=False) so the tests stay deterministic; tests/messaging/test_rq_workers.py
        # runs real worker processes.
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", "messaging"]}
        }
        url = os.environ.get("OPENVSS_TEST_RQ_URL", "redis://127.0.0.1:6379/13")
        settings.RQ_QUEUES = {
            name: {"URL": url, "ASYNC": False} for name in ("default", "messaging")
        }
    else:
        settings.TASKS = {
            "default": {
                "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                "QUEUES": ["default", "messaging"],
            }
        }
    settings.MEDIA_ROOT = str(tmp_path / "private")
    settings.DEMO_MAILBOX = str(tmp_path / "demo-mailbox.jsonl")
    MemorySmsBackend.outbox.clear()
    from django.core.cache import cache

    cache.clear()  # rate-limit counters must not leak between tests
    yield
    MemorySmsBackend.outbox.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the reference data (provinces, communes, facilities…)."""
    from openvss.legal.services import legal_reference_load
    from openvss.places.services import reference_load

    with django_db_blocker.unblock():
        reference_load()
        legal_reference_load()


@pytest.fixture
def reference_data(db):
    """Reference data again, for tests that commit for real: a flush by an earlier
    transactional test removes it (loading is idempotent)."""
    from openvss.legal.services import legal_reference_load
    from openvss.places.services import reference_load

    reference_load()
    legal_reference_load()


@pytest.fixture
def session_reads(settings) -> int:
    """A signed-in page's read of its session: 1 with database sessions (the SQLite run), 0
    with sessions in Redis (the PostgreSQL + Redis run). Query pins count it with this."""
    return int(settings.SESSION_ENGINE == "django.contrib.sessions.backends.db")


@pytest.fixture
def api_client(client):
    return client


def required_vendor() -> str | None:
    return os.environ.get("OPENVSS_REQUIRE_VENDOR")


@pytest.fixture
def vendor() -> str:
    return connection.vendor


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """``client.force_login`` skips authentication altogether; for staff it also skips the
    back office's TOTP step, as if the officer had typed a good code. Tests of the real
    sign-in (tests/hardening/test_back_office_login.py) post the forms instead."""
    from django.test import Client

    real = Client.force_login

    def force_login(self, user, backend=None):
        real(self, user, backend)
        if user.is_staff:
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


# --- The shared fixture set: the house's actors, made by tests/factories.py ------------------


@pytest.fixture
def citizen(db):
    """Nguyễn Văn An (0123456789): his account (factories.PASSWORD), his BHYT card, phone
    0912345678 and email an@example.vn on record."""
    from tests.factories import CitizenFactory, HealthCardFactory, PersonFactory

    person = PersonFactory(phone="0912345678", email="an@example.vn")
    HealthCardFactory(person=person)
    return CitizenFactory(person=person)


@pytest.fixture
def parent_with_child(citizen):
    """An (the ``citizen``) and his son Nguyễn Minh Khang, linked, with a card of his own:
    ``parent_with_child.parent`` (account), ``.child`` (person)."""
    from types import SimpleNamespace

    from tests.factories import ChildFactory, HealthCardFactory

    child = ChildFactory(guardian=citizen.person)
    HealthCardFactory(person=child, group_code="TE", benefit_level=1)
    return SimpleNamespace(parent=citizen, child=child)


@pytest.fixture
def officer_hanoi(db):
    """canbo.hanoi: works the queue of BHXH Thành phố Hà Nội (01000)."""
    from tests.factories import OfficerFactory

    return OfficerFactory()


@pytest.fixture
def officer_hcm(db):
    """canbo.hcm: works the queue of BHXH TP. Hồ Chí Minh (79000)."""
    from tests.factories import OfficerFactory

    return OfficerFactory(hcm=True)


@pytest.fixture
def administrator(db):
    """quantri, the superuser (pytest-django's ``admin_user``/``admin_client`` stay theirs)."""
    from tests.factories import AdminFactory

    return AdminFactory()


@pytest.fixture
def facility_key(db):
    """An API key of facility 01001 with both scopes; its text, shown once, is ``.text``."""
    from tests.factories import FacilityKeyFactory

    return FacilityKeyFactory()
