from datetime import date

import pytest

from openvss.demo.data import demo_ensure, demo_people_ensure
from openvss.people.seeding import seed_people


@pytest.fixture
def demo_logins(db, settings, tmp_path):
    """A small demo database as `openvss demo` builds it: curated people, a seeded crowd, the
    accounts and the officers' queues."""
    settings.QR_SIGNING_KEY_DIR = tmp_path / "keys"
    demo_people_ensure()
    # Enough seeded people for registrations in both demo agencies' provinces.
    seed_people(count=240, seed=42, today=date.today())
    return {login.username: login for login in demo_ensure()}
