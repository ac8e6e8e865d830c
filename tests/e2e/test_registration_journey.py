"""From the empty form to an approved account and a first login (seed 004 §2.1, seed 000)."""

import re

import pytest
from django.core import mail
from PIL import Image

from openvss.messaging.backends.sms import MemorySmsBackend
from tests.factories import OfficerFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def photo(tmp_path, name):
    path = tmp_path / name
    Image.new("RGB", (600, 800), (190, 170, 150)).save(path, format="JPEG")
    return str(path)


def assert_fits(page):
    """The pages the crawl cannot reach without filling the form: the same checks."""
    from tests.e2e.test_crawl import _check

    url = page.url
    problems = _check(page, url, 360, axe=True) + _check(page, url, 768, axe=False)
    assert problems == [], problems


def test_registration_approval_and_first_login(browser, site, tmp_path):
    PersonFactory()
    OfficerFactory(username="canbo.hn", password="Canbo@2026")

    citizen = browser.new_context(locale="vi-VN")
    page = citizen.new_page()
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.goto(f"{site}/dang-ky/")
    assert page.evaluate("typeof window.openvssCameraQr") == "function"
    page.fill("#id_bhxh_code", "0123456789")
    page.fill("#id_full_name", "Nguyễn Văn An")
    page.fill("#id_birth_date", "15/03/1990")
    page.fill("#id_citizen_id", "001090012345")
    page.select_option("#id_province", "01")
    page.wait_for_selector("#id_commune option[value='00070']", state="attached")  # loaded by htmx
    page.select_option("#id_commune", "00070")
    page.fill("#id_address_line", "Số 1 Phố Huế")
    page.fill("#id_phone", "091234")  # one bad field
    page.set_input_files("#id_portrait", photo(tmp_path, "portrait.jpg"))
    page.set_input_files("#id_id_front", photo(tmp_path, "front.jpg"))
    page.set_input_files("#id_id_back", photo(tmp_path, "back.jpg"))
    page.wait_for_selector("#agency-01000", state="attached")  # Hà Nội's agencies first
    assert page.locator("#id_agency .choice").first.get_attribute("for") == "agency-01000"
    page.check("#agency-01000")
    page.fill("#id_email", "an@example.vn")
    page.click("button[type=submit]:has-text('Tiếp tục')")

    # The form comes back with the one error listed on top, and the three photos kept.
    page.wait_for_selector(".error-summary")
    assert "Số điện thoại" in page.text_content(".error-summary")
    assert page.locator("[data-kept]").count() == 3
    assert page.input_value("#id_address_line") == "Số 1 Phố Huế"
    page.fill("#id_phone", "0912345678")
    page.click("button[type=submit]:has-text('Tiếp tục')")  # no photo chosen again

    page.wait_for_url("**/dang-ky/kiem-tra/")  # Kiểm tra lại
    assert_fits(page)
    assert "0912345678" in page.text_content("[data-review]") or "0912345678" in page.content()
    assert page.locator(".thumbs img").count() == 3
    page.click("[data-back]")  # Quay lại keeps everything
    page.wait_for_url("**/dang-ky/?sua=1")
    assert page.input_value("#id_phone") == "0912345678"
    page.click("button[type=submit]:has-text('Tiếp tục')")
    page.wait_for_url("**/dang-ky/kiem-tra/")
    page.click("[data-send]")

    page.wait_for_url("**/dang-ky/xac-thuc/")
    assert_fits(page)
    assert "an***@example.vn" in page.content()
    code = re.search(r"OTP - (\d{6})", mail.outbox[-1].body).group(1)
    page.fill("#id_otp", code)
    page.click("button[name=confirm]")
    page.wait_for_url("**/dang-ky/hoan-tat/")
    assert_fits(page)
    number = page.text_content("[data-dossier-number]")
    assert re.fullmatch(r"\d{5}\.DK/\d{4}/01000", number)
    page.click("text=Xem tờ khai")
    page.wait_for_selector(".form01")
    assert "Mẫu số 01" in page.content() and "Nguyễn Văn An" in page.content()
    assert_fits(page)
    page.screenshot(path=str(tmp_path / "to-khai.png"), full_page=True)

    back_office = browser.new_context(locale="vi-VN").new_page()
    back_office.goto(f"{site}/quan-tri/login/")
    back_office.fill("#id_username", "canbo.hn")
    back_office.fill("#id_password", "Canbo@2026")
    back_office.click("input[type=submit]")
    back_office.wait_for_url("**/quan-tri/xac-thuc-hai-buoc/**")  # the second factor: enrol
    assert back_office.locator(".totp-qr svg").count() == 1
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username="canbo.hn")
    back_office.fill("#id_otp_token", f"{TOTP(device.bin_key).token():06d}")
    back_office.click("input[type=submit]")
    back_office.wait_for_url(f"{site}/quan-tri/")
    back_office.goto(f"{site}/quan-tri/dossiers/dossier/?q={number}")
    back_office.click(f"a:has-text('{number}')")
    assert (
        back_office.locator("img[alt='Ảnh chân dung 4x6']").evaluate("img => img.naturalWidth") > 0
    )
    back_office.click("button[name=approve]")
    back_office.wait_for_selector("text=Đã cập nhật hồ sơ.")

    password = re.search(r"Mat khau: (\S+)\.", MemorySmsBackend.outbox[-1].text).group(1)
    page.goto(f"{site}/dang-nhap/")
    page.fill("#id_username", "0123456789")
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/tai-khoan/doi-mat-khau/")  # the first login forces a change
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", "Mật khẩu mới của An 2026")
    page.fill("#id_new_password2", "Mật khẩu mới của An 2026")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/tai-khoan/doi-mat-khau/xac-thuc/")  # an OTP to the registered phone
    otp = re.search(r"la (\d{6})", MemorySmsBackend.outbox[-1].text).group(1)
    page.fill("#id_otp", otp)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    errors = page.locator(".errorlist").all_text_contents()
    assert errors == [], errors
    page.wait_for_url("**/tai-khoan/")
    assert "Đã đổi mật khẩu." in page.content() and "0123456789" in page.content()
    assert script_errors == []
    citizen.close()
