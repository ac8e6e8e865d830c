from datetime import date

import pytest

from openvss.clinics.services import api_key_create
from openvss.people.models import HealthCard, Person
from openvss.places.models import MedicalFacility


@pytest.fixture(autouse=True)
def _keys_dir(settings, tmp_path):
    settings.QR_SIGNING_KEY_DIR = tmp_path / "keys"


@pytest.fixture
def facility(db):
    return MedicalFacility.objects.get(code="01001")


@pytest.fixture
def an(db, facility):
    person = Person.objects.create(
        bhxh_code="0123456789",
        full_name="Nguyễn Văn An",
        name_folded="nguyen van an",
        birth_date=date(1990, 3, 15),
        sex=1,
        citizen_id="001090012345",
        phone="0912345678",
        email="an@example.vn",
        address_line="Số 1 Phố Huế",
    )
    HealthCard.objects.create(
        person=person,
        number="0123456789",
        code="DN4010123456789",
        group_code="DN",
        benefit_level=4,
        province_code="01",
        registered_facility=facility,
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
        five_year_date=date(2025, 1, 1),
        issued_on=date(2026, 1, 5),
    )
    return person


@pytest.fixture
def key_text(facility):
    return api_key_create(facility=facility, name="Tiếp đón", scopes=["verify", "visits"])[1]


@pytest.fixture
def verify_only_key(facility):
    return api_key_create(facility=facility, name="Chỉ kiểm tra", scopes=["verify"])[1]


@pytest.fixture
def api(client, key_text):
    def post(path, body, key=key_text, **headers):
        return client.post(
            path, body, content_type="application/json", HTTP_X_API_KEY=key, **headers
        )

    return post
