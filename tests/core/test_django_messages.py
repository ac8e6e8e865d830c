"""Django's own messages (password validators, form errors, the admin) show in the page's
language: Vietnamese by default, English when chosen."""

import pytest

from openvss.accounts.models import Device
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(client, citizen):
    user = citizen
    client.force_login(user)
    session = client.session
    session["device_pk"] = Device.objects.create(user=user, device_id="phone").pk
    session.save()
    return user


def change_password(client, new):
    return client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )


def test_a_too_short_password_is_refused_in_vietnamese(client, citizen):
    response = change_password(client, "a1b2")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in page
    assert "This password" not in page


def test_password_rules_are_vietnamese(client, citizen):
    page = change_password(client, "12345678").content.decode()
    assert "Mật khẩu này quá phổ biến." in page
    assert "Mật khẩu này chỉ gồm chữ số." in page
    mismatch = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": "Hà Nội mùa thu 1", "new_password2": "khác"},
    ).content.decode()
    assert "Hai mật khẩu đã nhập không khớp nhau." in mismatch


def test_the_same_refusal_reads_in_english_when_english_is_chosen(client, citizen):
    client.cookies["django_language"] = "en"
    page = change_password(client, "a1b2").content.decode()
    assert "This password is too short. It must contain at least 8 characters." in page


def test_registration_form_errors_are_vietnamese(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/dang-ky/",
        {
            "bhxh_code": "",
            "full_name": "Nguyễn Văn An",
            "birth_date": "15/03/1990",
            "email": "không-phải-email",
            "id_front": SimpleUploadedFile("a.jpg", b"x"),
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["bhxh_code"] == ["Trường này là bắt buộc."]
    assert errors["email"] == ["Nhập một địa chỉ email hợp lệ."]
    page = response.content.decode()
    assert "This field is required" not in page and "Enter a valid" not in page


def test_the_admin_shows_no_english_from_django(admin_client):
    page = admin_client.get("/quan-tri/accounts/user/").content.decode()
    for english in ("Show counts", "Hide counts", "Toggle navigation", "Skip to main content"):
        assert english not in page, english
    assert "Chuyển đến nội dung chính" in page
