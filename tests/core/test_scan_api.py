import pytest

from tests.domain.test_qr import CARD_2021, CCCD_2021, LEGACY

pytestmark = pytest.mark.django_db


def scan(client, text):
    return client.post("/api/v1/scan", {"text": text}, content_type="application/json")


def test_scan_reads_a_bhyt_card_qr(client):
    response = scan(client, LEGACY)
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "bhyt_card"
    fields = body["fields"]
    assert fields["bhxh_code"] == "0123456789"
    assert fields["full_name"] == "Nguyễn Văn An"
    assert fields["birth_date"] == "1990-03-15"
    assert fields["card"]["benefit_level"] == 4


def test_scan_reads_the_2021_card_and_the_chip_id(client):
    assert scan(client, CARD_2021).json()["fields"]["valid_to"] is None
    body = scan(client, CCCD_2021).json()
    assert body["kind"] == "cccd" and body["fields"]["citizen_id"] == "001090012345"


@pytest.mark.parametrize(
    ("text", "code", "field", "message"),
    [
        (
            "hello world",
            "qr_unknown",
            "qr",
            "Không nhận ra mã QR: không phải thẻ BHYT hay thẻ căn cước.",
        ),
        (
            LEGACY.replace("15/03/1990", "31/02/1990"),
            "date_invalid",
            "birth_date",
            "Ngày không tồn tại trên lịch.",
        ),
        ("", "qr_unknown", "qr", "Không nhận ra mã QR: không phải thẻ BHYT hay thẻ căn cước."),
    ],
)
def test_scan_rejects_garbage_with_a_clear_vietnamese_message(client, text, code, field, message):
    response = scan(client, text)
    assert response.status_code == 422
    assert response.json() == {
        "error": {"code": code, "message": message, "fields": {field: [message]}}
    }


def test_scan_refuses_oversized_payloads(client):
    response = scan(client, "0" * 5000)
    assert response.status_code == 422
    assert "text" in response.json()["error"]["fields"]


def test_the_chip_id_address_is_split_into_province_commune_and_street(client):
    from tests.domain.test_qr import CAN_CUOC

    fields = scan(client, CAN_CUOC).json()["fields"]
    assert fields["province_code"] == "79" and fields["street"] == "12 Lê Lợi"
    from openvss.places.models import Commune

    assert Commune.objects.get(code=fields["commune_code"]).name == "Phường Sài Gòn"


def test_the_card_qr_names_the_province_that_issued_it(client):
    assert scan(client, LEGACY).json()["fields"]["province_code"] == "79"  # TP.HCM


def test_a_pre_2025_province_in_the_address_maps_to_the_province_it_joined(client):
    from openvss.places.selectors import address_resolve

    place = address_resolve("Thôn 3, Xã Tân Phú, Huyện Đồng Phú, Tỉnh Bình Phước")
    assert place.province_code == "75" and place.street == "Thôn 3"  # Bình Phước → Đồng Nai
    assert address_resolve("").province_code is None
