"""Issue 14's browser journey, first half (h14a): an employer registers for e-transactions,
an officer approves it in the back office, the organisation's administrator signs in with
the one-time password, changes it, installs the authenticator and adds an HR officer.

``organisation_onboarded`` is the reusable part: the HR desk's journey (h14b) starts from
what it returns (the HR officer's login and one-time password, the officer's page)."""

import re
from dataclasses import dataclass

import pytest
from django.core import mail

from openvss.messaging.backends.sms import MemorySmsBackend

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNIT_CODE = "TZH490L"
ADMIN_PASSWORD = "Minh Phát quản trị 2026"


@dataclass
class Onboarded:
    unit_code: str
    admin_page: object  # the administrator's browser page, signed in
    officer_page: object  # the officer's back office page, signed in (TOTP passed)
    hr_login: str
    hr_password: str  # one-time, from the email the HR officer received
    dossier_number: str


def assert_fits(page):
    from tests.e2e.test_crawl import _check

    url = page.url
    problems = _check(page, url, 360, axe=True) + _check(page, url, 768, axe=False)
    assert problems == [], problems


def totp_code(user_filter: dict, confirmed: bool | None = None) -> str:
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    devices = TOTPDevice.objects.filter(**user_filter)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    return f"{TOTP(devices.get().bin_key).token():06d}"


def organisation_onboarded(browser, site, *, check_pages=True) -> Onboarded:
    from tests.factories import PASSWORD, EmployerFactory, OfficerFactory

    EmployerFactory(code=UNIT_CODE, tax_code="0101234567", name="Công ty TNHH Minh Phát")
    officer = OfficerFactory()  # canbo.hanoi: BHXH Hà Nội, the employer's agency

    # The employer: "Tổ chức" on the login page, then its registration (form 01).
    page = browser.new_context(locale="vi-VN").new_page()
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.goto(f"{site}/dang-nhap/")
    page.click("[data-org-tab]")
    page.wait_for_url("**/to-chuc/dang-nhap/")
    page.click("text=Đăng ký giao dịch điện tử cho đơn vị")
    page.wait_for_url("**/to-chuc/dang-ky/")
    if check_pages:
        assert_fits(page)
    page.fill("#id_unit_code", UNIT_CODE.lower())
    page.fill("#id_tax_code", "0101234567")
    page.fill("#id_representative_name", "Trần Văn Minh")
    page.fill("#id_representative_title", "Giám đốc")
    page.check("input[name=transaction_method][value=ivan]")
    page.fill("#id_contact_name", "Lê Thị Hạnh")
    page.fill("#id_email", "nhansu@minhphat.vn")
    page.fill("#id_phone", "0987111222")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".error-summary")  # the I-VAN provider's name is missing
    assert "Vui lòng nhập tên tổ chức I-VAN." in page.text_content(".error-summary")
    assert page.input_value("#id_representative_name") == "Trần Văn Minh"
    page.fill("#id_ivan_provider", "Công ty CP BKAV")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/to-chuc/dang-ky/xac-thuc/")
    if check_pages:
        assert_fits(page)
    assert "nh***@minhphat.vn" in page.content()
    page.fill("#id_otp", re.search(r"OTP - (\d{6})", mail.outbox[-1].body).group(1))
    page.click("button[name=confirm]")
    page.wait_for_url("**/to-chuc/dang-ky/hoan-tat/")
    if check_pages:
        assert_fits(page)
    number = page.text_content("[data-dossier-number]")
    assert re.fullmatch(r"\d{5}\.DV/\d{4}/01000", number)

    # The officer approves it in the back office.
    office = browser.new_context(locale="vi-VN").new_page()
    office.goto(f"{site}/quan-tri/login/")
    office.fill("#id_username", officer.username)
    office.fill("#id_password", PASSWORD)
    office.click("input[type=submit]")
    office.wait_for_url("**/quan-tri/xac-thuc-hai-buoc/**")
    office.fill("#id_otp_token", totp_code({"user": officer}))
    office.click("input[type=submit]")
    office.wait_for_url(f"{site}/quan-tri/")
    office.goto(f"{site}/quan-tri/dossiers/dossier/?q={number}")
    assert "Công ty TNHH Minh Phát" in office.content()
    office.click(f"a:has-text('{number}')")
    office.wait_for_selector("button[name=approve]")
    assert "Công ty CP BKAV" in office.content() and UNIT_CODE in office.content()
    office.click("button[name=approve]")
    office.wait_for_selector("text=Đã cập nhật hồ sơ.")

    # The administrator's first sign-in: the one-time password from the SMS.
    sms = MemorySmsBackend.outbox[-1]
    assert sms.to == "0987111222"
    one_time = re.search(r"Mat khau: (\S+)\.", sms.text).group(1)
    page.goto(f"{site}/to-chuc/dang-nhap/")
    page.fill("#id_unit_code", UNIT_CODE)
    page.fill("#id_login", "quantri")
    page.fill("#id_password", one_time)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/to-chuc/doi-mat-khau/")  # forced change
    if check_pages:
        assert_fits(page)
    page.fill("#id_old_password", one_time)
    page.fill("#id_new_password1", ADMIN_PASSWORD)
    page.fill("#id_new_password2", ADMIN_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/to-chuc/xac-thuc-hai-buoc/")  # the authenticator
    if check_pages:
        assert_fits(page)
    assert page.locator("[data-totp-qr] svg").count() == 1
    page.fill("#id_totp", totp_code({"user__username": f"{UNIT_CODE}.quantri"}, confirmed=False))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{site}/to-chuc/")
    assert page.text_content("[data-unit-code]") == UNIT_CODE
    if check_pages:
        assert_fits(page)

    # Adds an HR officer.
    page.click("[data-tile='organisations:members']")
    page.wait_for_url("**/to-chuc/nguoi-dung/")
    page.fill("#id_full_name", "Phạm Thu Trang")
    page.fill("#id_login", "trang.pt")
    page.fill("#id_email", "trang@minhphat.vn")
    page.check("input[name=role][value=hr]")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-member='trang.pt']")
    if check_pages:
        assert_fits(page)
    hr_mail = mail.outbox[-1]
    assert hr_mail.to == ["trang@minhphat.vn"]
    hr_password = re.search(r"Mật khẩu: (\S+)", hr_mail.body).group(1)
    assert script_errors == []
    return Onboarded(
        unit_code=UNIT_CODE,
        admin_page=page,
        officer_page=office,
        hr_login="trang.pt",
        hr_password=hr_password,
        dossier_number=number,
    )


def test_an_organisation_registers_is_approved_and_adds_an_hr_officer(browser, site):
    onboarded = organisation_onboarded(browser, site)

    # The HR officer signs in on their own device: own password, own authenticator.
    hr = browser.new_context(locale="vi-VN").new_page()
    hr.goto(f"{site}/to-chuc/dang-nhap/")
    hr.fill("#id_unit_code", onboarded.unit_code)
    hr.fill("#id_login", onboarded.hr_login)
    hr.fill("#id_password", onboarded.hr_password)
    hr.click("main form button[type=submit]")
    hr.wait_for_url("**/to-chuc/doi-mat-khau/")
    hr.fill("#id_old_password", onboarded.hr_password)
    hr.fill("#id_new_password1", "Trang nhân sự 2026")
    hr.fill("#id_new_password2", "Trang nhân sự 2026")
    hr.click("main form button[type=submit]")
    hr.wait_for_url("**/to-chuc/xac-thuc-hai-buoc/")
    hr.fill("#id_totp", totp_code({"user__username": f"{onboarded.unit_code}.trang.pt"}, False))
    hr.click("main form button[type=submit]")
    hr.wait_for_url(f"{site}/to-chuc/")
    assert "Cán bộ nhân sự" in hr.content()
    assert hr.locator("[data-tile='organisations:members']").count() == 0  # not an admin
    # The administrator is still signed in on theirs (one device per user, not per unit).
    onboarded.admin_page.goto(f"{site}/to-chuc/nguoi-dung/")
    assert onboarded.admin_page.locator("[data-member='trang.pt']").count() == 1
