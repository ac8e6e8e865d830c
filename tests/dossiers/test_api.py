import re
from datetime import date

import pytest
from django.core import mail

from .conftest import jpeg

pytestmark = pytest.mark.django_db


def form(**changes):
    data = {
        "bhxh_code": "0123456789",
        "full_name": "Nguyễn Văn An",
        "birth_date": "1990-03-15",
        "citizen_id": "001090012345",
        "commune_code": "00070",
        "address_line": "Số 1 Phố Huế",
        "phone": "0912345678",
        "email": "an@example.vn",
        "agency_code": "01000",
        "portrait": jpeg(),
        "id_front": jpeg(),
        "id_back": jpeg(),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def post_registration(client, **changes):
    return client.post("/api/v1/registrations", form(**changes))


def test_the_full_registration_through_the_api(client, an, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_registration(client)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "awaiting_otp" and body["otp_sent_to"] == "an***@example.vn"
    assert body["population_check"] == "matched"
    key, dossier_id = body["access_key"], body["id"]
    code = re.search(r"OTP - (\d{6})", mail.outbox[-1].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(
            f"/api/v1/registrations/{dossier_id}/confirm",
            {"otp": code},
            content_type="application/json",
            HTTP_X_DOSSIER_KEY=key,
        )
    assert confirmed.status_code == 200
    data = confirmed.json()
    assert data["status"] == "received" and data["number"].endswith("/01000")
    pdf = client.get(data["declaration_url"], HTTP_X_DOSSIER_KEY=key)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and b"DejaVuSerif" in pdf.content
    status = client.get(f"/api/v1/registrations/{dossier_id}", HTTP_X_DOSSIER_KEY=key).json()
    assert status["number"] == data["number"]


def test_another_persons_dossier_is_not_found_without_its_key(client, an):
    body = post_registration(client).json()
    for key in ("", "guess"):
        response = client.get(f"/api/v1/registrations/{body['id']}", HTTP_X_DOSSIER_KEY=key)
        assert response.status_code == 404
        assert response.json()["error"]["message"] == "Không tìm thấy hồ sơ."
    response = client.get(
        f"/api/v1/registrations/{body['id']}/declaration.pdf", HTTP_X_DOSSIER_KEY="guess"
    )
    assert response.status_code == 404


def test_bad_input_gets_field_errors_in_vietnamese(client, an):
    response = post_registration(client, phone="12345", portrait=None, bhxh_code="01234A6789")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["fields"]["phone"] == [
        "Số điện thoại di động không hợp lệ (10 chữ số, ví dụ 0912345678)."
    ]
    assert error["fields"]["portrait"] == ["Vui lòng chụp hoặc tải ảnh lên."]
    assert error["fields"]["bhxh_code"] == ["Mã số BHXH chỉ gồm chữ số."]


def test_a_malformed_date_is_a_422_not_a_500(client, an):
    response = post_registration(client, birth_date="31/02/1990")
    assert response.status_code == 422
    assert "birth_date" in response.json()["error"]["fields"]


def test_a_non_image_upload_is_refused(client, an):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("cv.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = post_registration(client, id_front=fake)
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["id_front"] == [
        "Tệp tải lên không phải là ảnh hợp lệ."
    ]


def test_otp_guessing_through_the_api_locks_the_code(
    client, an, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        body = post_registration(client).json()
    code = re.search(r"OTP - (\d{6})", mail.outbox[-1].body).group(1)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    url = f"/api/v1/registrations/{body['id']}/confirm"
    for _ in range(5):
        r = client.post(
            url,
            {"otp": wrong},
            content_type="application/json",
            HTTP_X_DOSSIER_KEY=body["access_key"],
        )
        assert r.status_code == 422 and r.json()["error"]["code"] == "otp_wrong"
    r = client.post(
        url, {"otp": code}, content_type="application/json", HTTP_X_DOSSIER_KEY=body["access_key"]
    )
    assert r.json()["error"]["code"] == "otp_locked"


def test_resend_is_throttled(client, an):
    body = post_registration(client).json()
    response = client.post(
        f"/api/v1/registrations/{body['id']}/resend-otp", HTTP_X_DOSSIER_KEY=body["access_key"]
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "giây" in response.json()["error"]["message"]


def test_nearest_agencies_put_the_province_first(client):
    agencies = client.get("/api/v1/agencies/nearest", {"province": "79"}).json()
    assert agencies[0]["province_code"] == "79"
    assert {a["province_code"] for a in agencies[:5]} == {"79"}


def test_scan_a_photo_of_a_card_qr(client):
    import io

    import segno
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.domain.test_qr import CARD_2021

    out = io.BytesIO()
    segno.make(CARD_2021, error="m").save(out, kind="png", scale=6, border=4)
    photo = SimpleUploadedFile("qr.png", out.getvalue(), content_type="image/png")
    response = client.post("/api/v1/scan", {"image": photo})
    assert response.status_code == 200, response.content
    assert response.json()["fields"]["bhxh_code"] == "0198765432"


def test_a_photo_without_a_qr_code_gets_a_clear_answer(client):
    response = client.post("/api/v1/scan", {"image": jpeg()})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "qr_not_found"


def test_birth_date_must_be_real(client, an):
    assert post_registration(client, birth_date=date(1990, 3, 15).isoformat()).status_code == 201
