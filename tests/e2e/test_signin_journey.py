"""Login -> second device -> OTP -> first device signed out -> password change -> passkey
login, in headless Chromium with a virtual authenticator (issue: sign-in and security)."""

import re

import pytest

from openvss.messaging.backends.sms import MemorySmsBackend
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, site, password=PASSWORD):
    page.goto(f"{site}/dang-nhap/")
    page.fill("#id_username", "0123456789")
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")


def last_otp() -> str:
    return re.search(r"(\d{6})", MemorySmsBackend.outbox[-1].text).group(1)


def test_one_device_rule_password_change_and_passkey(browser, site, citizen):
    # Site is http://localhost:<port>, a secure context, so WebAuthn works on it.
    site = site.replace("127.0.0.1", "localhost")

    first = browser.new_context(locale="vi-VN").new_page()
    sign_in(first, site)
    first.wait_for_url("**/tai-khoan/")

    second_context = browser.new_context(locale="vi-VN")
    second = second_context.new_page()
    errors = []
    second.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(second, site)
    second.wait_for_url("**/dang-nhap/thiet-bi-moi/")
    assert "thiết bị kia sẽ bị đăng xuất" in second.content()
    second.fill("#id_otp", last_otp())
    second.click("main form button[type=submit]")
    second.wait_for_url("**/tai-khoan/")

    first.goto(f"{site}/tai-khoan/")  # the first device was signed out
    first.wait_for_url("**/dang-nhap/")
    assert "đăng nhập trên thiết bị khác" in first.content()

    second.goto(f"{site}/tai-khoan/doi-mat-khau/")
    second.fill("#id_old_password", PASSWORD)
    second.fill("#id_new_password1", "Mật khẩu mới hơn 2027")
    second.fill("#id_new_password2", "Mật khẩu mới hơn 2027")
    second.click("main form button[type=submit]")
    second.wait_for_url("**/doi-mat-khau/xac-thuc/")
    second.fill("#id_otp", last_otp())
    second.click("main form button[type=submit]")
    second.wait_for_url("**/tai-khoan/")

    # A virtual platform authenticator plays the phone's fingerprint sensor.
    cdp = second_context.new_cdp_session(second)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True,
    }})  # fmt: skip
    second.goto(f"{site}/tai-khoan/cai-dat/")  # passkeys live in Cài đặt since the app shell
    second.click("[data-passkey-register]")
    second.wait_for_selector("text=Đã bật đăng nhập bằng vân tay trên thiết bị này.")

    second.click("form.logout button:has-text('Đăng xuất')")  # sign out of the web session only
    second.goto(f"{site}/dang-nhap/")
    second.fill("#id_username", "0123456789")
    second.click("[data-passkey-login]")
    second.wait_for_url("**/tai-khoan/")
    assert "Nguyễn Văn An" in second.content()
    assert errors == []
