import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import PersonFactory


def jpeg(name="photo.jpg", size=(600, 800), exif_gps=False) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 180, 160))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "SecretPhone Inc."  # Make
        exif[0x8825] = {2: (21.0, 1.0, 30.0)}  # GPSInfo: latitude
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def photos():
    return {
        "portrait": jpeg("portrait.jpg"),
        "id_front": jpeg("front.jpg"),
        "id_back": jpeg("back.jpg"),
    }


@pytest.fixture
def an(db):
    """Nguyễn Văn An, born 15/03/1990, with a CCCD the population register knows."""
    return PersonFactory(commune_id="00070")


@pytest.fixture
def declaration(an):
    return {
        "bhxh_code": "0123456789",
        "full_name": "Nguyễn Văn An",
        "birth_date": date(1990, 3, 15),
        "citizen_id": "001090012345",
        "commune_code": "00070",
        "address_line": "Số 1 Phố Huế",
        "phone": "0912345678",
        "email": "an@example.vn",
        "agency_code": "01000",
    }


@pytest.fixture
def officer(officer_hanoi):
    """The officer who decides: canbo.hanoi of the shared set (BHXH Hà Nội, 01000), the
    agency the ``declaration`` is sent to."""
    return officer_hanoi
