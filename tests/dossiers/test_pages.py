import re

import pytest
from django.core import mail

from openvss.dossiers.models import Dossier
from openvss.messaging.backends.sms import MemorySmsBackend
from tests.factories import UserFactory

from .conftest import jpeg

pytestmark = pytest.mark.django_db


def page_form(**changes):
    data = {
        "bhxh_code": "0123456789",
        "full_name": "Nguyễn Văn An",
        "birth_date": "15/03/1990",
        "citizen_id": "001090012345",
        "province": "01",
        "commune": "00070",
        "address_line": "Số 1 Phố Huế",
        "phone": "0912345678",
        "email": "an@example.vn",
        "agency": "01000",
        "portrait": jpeg(),
        "id_front": jpeg(),
        "id_back": jpeg(),
    }
    data.update(changes)
    return data


def test_the_form_shows_the_fields_of_the_app(client):
    body = client.get("/dang-ky/").content.decode()
    for label in (
        "Mã số BHXH",
        "Họ và tên",
        "Số CCCD/Hộ chiếu/CMND",
        "Số nhà, tên đường, tổ/xóm, khu phố/thôn",
        "Số điện thoại",
        "Ảnh chân dung 4x6",
        "Cơ quan BHXH tiếp nhận",
        "Nhận tờ khai qua email",
        "Quét mã QR thẻ BHYT",
        "Quét mã QR CCCD gắn chip",
    ):
        assert label in body, label


def test_communes_load_for_the_chosen_province(client):
    body = client.get("/dang-ky/xa/", {"province": "01"}).content.decode()
    assert "Phường Hoàn Kiếm" in body and "Phường Sài Gòn" not in body


def register_and_send(client, django_capture_on_commit_callbacks, **changes):
    """Step 1 (the form), step 2 (Kiểm tra lại → Gửi); returns the last response."""
    response = client.post("/dang-ky/", page_form(**changes))
    assert response.status_code == 302 and response["Location"] == "/dang-ky/kiem-tra/"
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/dang-ky/kiem-tra/")


def register_to_done(client, django_capture_on_commit_callbacks):
    response = register_and_send(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/dang-ky/xac-thuc/"
    page = client.get("/dang-ky/xac-thuc/").content.decode()
    assert "an***@example.vn" in page
    assert "Thông tin CCCD khớp với Cơ sở dữ liệu quốc gia về dân cư." in page  # the green tick
    code = re.search(r"OTP - (\d{6})", mail.outbox[-1].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dang-ky/xac-thuc/", {"otp": code})
    assert response["Location"] == "/dang-ky/hoan-tat/"
    return client.get("/dang-ky/hoan-tat/").content.decode()


def test_from_the_form_to_the_dossier_number_and_the_declaration(
    client, an, django_capture_on_commit_callbacks
):
    done = register_to_done(client, django_capture_on_commit_callbacks)
    number = Dossier.objects.get().number
    assert number in done and "Xem tờ khai" in done
    form01 = client.get("/dang-ky/to-khai/").content.decode()
    for text in (
        "Mẫu số 01",
        "TỜ KHAI",
        "Kính gửi: Bảo hiểm xã hội Việt Nam.",
        "Nguyễn Văn An",
        "0123456789",
        "001090012345",
        "Số 1 Phố Huế, Phường Hoàn Kiếm, Thành phố Hà Nội",
        "an@example.vn",
        number,
    ):
        assert text in form01, text
    assert client.get("/dang-ky/to-khai.pdf").content.startswith(b"%PDF")
    portrait = client.get("/dang-ky/anh-chan-dung/")
    assert portrait.status_code == 200 and portrait["Content-Type"] == "image/jpeg"


def test_another_browser_cannot_see_the_declaration(client, an, django_capture_on_commit_callbacks):
    from django.test import Client

    register_to_done(client, django_capture_on_commit_callbacks)
    stranger = Client()
    for path in (
        "/dang-ky/to-khai/",
        "/dang-ky/to-khai.pdf",
        "/dang-ky/anh-chan-dung/",
        "/dang-ky/hoan-tat/",
    ):
        assert stranger.get(path).status_code == 404, path


def test_bad_input_is_shown_beside_the_fields(client, an):
    response = client.post("/dang-ky/", page_form(birth_date="31/02/1990"))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["birth_date"]
    response = client.post("/dang-ky/", page_form(phone="123"))
    assert response.status_code == 422
    assert response.context["form"].errors["phone"] == [
        "Số điện thoại di động không hợp lệ (10 chữ số, ví dụ 0912345678)."
    ]


def test_every_error_comes_at_once_with_the_identity_check(client, an):
    response = client.post("/dang-ky/", page_form(phone="123", full_name="Trần Văn Bình"))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {"phone", "bhxh_code"}
    body = response.content.decode()
    assert "Vui lòng kiểm tra lại các mục sau" in body and body.count('href="#id_') >= 2


def test_photos_are_kept_when_the_form_comes_back(client, an, django_capture_on_commit_callbacks):
    response = client.post("/dang-ky/", page_form(phone="123"))
    assert response.status_code == 422
    body = response.content.decode()
    assert body.count("data-kept=") == 3  # three thumbnails instead of three empty inputs
    assert client.get("/dang-ky/anh/portrait/")["Content-Type"] == "image/jpeg"
    fixed = page_form()
    for field in ("portrait", "id_front", "id_back"):
        fixed.pop(field)  # not uploaded again
    assert client.post("/dang-ky/", fixed)["Location"] == "/dang-ky/kiem-tra/"
    review = client.get("/dang-ky/kiem-tra/").content.decode()
    assert "Nguyễn Văn An" in review and "0912345678" in review and "Quay lại" in review
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/dang-ky/kiem-tra/")["Location"] == "/dang-ky/xac-thuc/"
    assert Dossier.objects.get().files.count() == 3


def test_going_back_from_the_review_keeps_what_was_typed(client, an):
    client.post("/dang-ky/", page_form())
    page = client.get("/dang-ky/?sua=1").content.decode()
    assert 'value="Số 1 Phố Huế"' in page and 'value="0912345678"' in page
    assert page.count("data-kept=") == 3


def test_kept_photos_are_the_applicants_own(client, an, django_user_model):
    from django.test import Client

    client.post("/dang-ky/", page_form(phone="123"))
    assert Client().get("/dang-ky/anh/portrait/").status_code == 404
    assert client.get("/dang-ky/anh/../../secret_key/").status_code == 404


def test_the_agencies_show_address_and_phone_starting_with_the_province(client):
    body = client.get("/dang-ky/co-quan/", {"province": "79"}).content.decode()
    first = re.search(r"<strong>([^<]+)</strong><span class=\"row-meta\">([^<]+)<", body)
    assert "Hồ Chí Minh" in first.group(1) and first.group(2).strip()


def test_service_errors_are_shown_on_the_form(client, an):
    response = client.post("/dang-ky/", page_form(full_name="Trần Văn Bình"))
    assert response.status_code == 422
    assert "Mã số BHXH, họ tên hoặc ngày sinh không khớp" in response.content.decode()


def test_a_wrong_otp_shows_how_many_tries_are_left(client, an, django_capture_on_commit_callbacks):
    register_and_send(client, django_capture_on_commit_callbacks)
    code = re.search(r"OTP - (\d{6})", mail.outbox[-1].body).group(1)
    response = client.post("/dang-ky/xac-thuc/", {"otp": f"{(int(code) + 1) % 10**6:06d}"})
    assert response.status_code == 422 and "còn 4 lần thử" in response.content.decode()


# --- the officer's queue ---


@pytest.fixture
def received(client, an, django_capture_on_commit_callbacks):
    register_to_done(client, django_capture_on_commit_callbacks)
    return Dossier.objects.get()


def test_officers_see_their_agencys_queue_with_the_photos(client, officer, received):
    client.force_login(officer)
    listing = client.get("/quan-tri/dossiers/dossier/", {"q": "nguyen van an"}).content.decode()
    assert received.number in listing
    detail = client.get(f"/quan-tri/dossiers/dossier/{received.pk}/change/").content.decode()
    assert "Ảnh chân dung 4x6" in detail and "Khớp CSDL quốc gia về dân cư" in detail
    photo = client.get(f"/quan-tri/dossiers/dossier/{received.pk}/file/portrait/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"


def test_officers_of_another_agency_see_nothing(client, received, officer_hcm):
    client.force_login(officer_hcm)
    assert received.number not in client.get("/quan-tri/dossiers/dossier/").content.decode()
    assert client.get(f"/quan-tri/dossiers/dossier/{received.pk}/file/portrait/").status_code == 404
    assert (
        client.post(f"/quan-tri/dossiers/dossier/{received.pk}/decide/approve/").status_code == 404
    )


def test_citizens_cannot_reach_the_back_office_photos(client, received):
    citizen = UserFactory(username="0987654321")
    client.force_login(citizen)
    response = client.get(f"/quan-tri/dossiers/dossier/{received.pk}/file/portrait/")
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]


def test_approve_in_the_back_office_then_first_login_forces_a_password_change(
    client, officer, received, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/quan-tri/dossiers/dossier/{received.pk}/decide/approve/")
    received.refresh_from_db()
    assert received.status == Dossier.Status.APPROVED
    password = re.search(r"Mat khau: (\S+)\.", MemorySmsBackend.outbox[-1].text).group(1)
    client.logout()
    response = client.post("/dang-nhap/", {"username": "0123456789", "password": password})
    assert response.status_code == 302
    assert client.get("/tai-khoan/")["Location"] == "/tai-khoan/doi-mat-khau/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/tai-khoan/doi-mat-khau/",
            {
                "old_password": password,
                "new_password1": "Một mật khẩu mới 2026",
                "new_password2": "Một mật khẩu mới 2026",
            },
        )
    assert response["Location"] == "/tai-khoan/doi-mat-khau/xac-thuc/"
    code = re.search(r"la (\d{6})", MemorySmsBackend.outbox[-1].text).group(1)
    assert (
        client.post("/tai-khoan/doi-mat-khau/xac-thuc/", {"otp": code})["Location"] == "/tai-khoan/"
    )
    page = client.get("/tai-khoan/")
    assert page.status_code == 200 and "Nguyễn Văn An" in page.content.decode()


def test_reject_needs_a_reason(client, officer, received):
    client.force_login(officer)
    client.post(f"/quan-tri/dossiers/dossier/{received.pk}/decide/reject/", {"reason": ""})
    received.refresh_from_db()
    assert received.status == Dossier.Status.RECEIVED
    client.post(
        f"/quan-tri/dossiers/dossier/{received.pk}/decide/reject/",
        {"reason": "Ảnh chân dung không rõ mặt."},
    )
    received.refresh_from_db()
    assert (
        received.status == Dossier.Status.REJECTED
        and received.decision_note == "Ảnh chân dung không rõ mặt."
    )
