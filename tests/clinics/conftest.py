import uuid
from datetime import date

import pytest

from openvss.places.models import MedicalFacility
from tests.factories import FacilityKeyFactory, HealthCardFactory, PersonFactory


@pytest.fixture(autouse=True)
def _keys_dir(settings, tmp_path):
    settings.QR_SIGNING_KEY_DIR = tmp_path / "keys"


@pytest.fixture(autouse=True)
def _keys_forgotten():
    from openvss.clinics.services import api_keys_forget

    api_keys_forget()  # the process's own memory of verified keys, like the cache
    yield
    api_keys_forget()


@pytest.fixture
def facility(db):
    return MedicalFacility.objects.get(code="01001")


@pytest.fixture
def an(db, facility):
    person = PersonFactory(phone="0912345678", email="an@example.vn", address_line="Số 1 Phố Huế")
    HealthCardFactory(person=person, five_year_date=date(2025, 1, 1))
    return person


@pytest.fixture
def key_text(facility_key):
    return facility_key.text


@pytest.fixture
def verify_only_key(facility):
    return FacilityKeyFactory(facility=facility, name="Chỉ kiểm tra", scopes=["verify"]).text


@pytest.fixture
def api(client, key_text):
    def post(path, body, key=key_text, **headers):
        if path.endswith("/visits"):  # the key is required there; a fresh one per call
            headers.setdefault("HTTP_IDEMPOTENCY_KEY", uuid.uuid4().hex)
        return client.post(
            path, body, content_type="application/json", HTTP_X_API_KEY=key, **headers
        )

    return post
