"""The BHYT card renders as a card and still shows with the network cut (issue 5)."""

import pytest

from tests.factories import HealthCardFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_card_shows_offline_after_one_visit(browser, site, settings, tmp_path, django_user_model):
    settings.QR_SIGNING_KEY_DIR = tmp_path / "keys"
    card = HealthCardFactory(valid_to=None)
    django_user_model.objects.create_user(
        "0123456789", password="Mật khẩu 2026!", person=card.person, phone="0912345678"
    )
    site = site.replace("127.0.0.1", "localhost")  # service workers need a secure context
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site}/dang-nhap/")
    page.fill("#id_username", "0123456789")
    page.fill("#id_password", "Mật khẩu 2026!")
    page.click("form.card-form button[type=submit]")
    page.wait_for_url("**/tai-khoan/")
    page.goto(f"{site}/tai-khoan/the-bhyt/")
    assert page.is_visible(".bhyt-card") and page.locator(".bhyt-qr svg").count() == 1
    page.wait_for_function("document.querySelector('img.signed-qr').complete")
    assert page.evaluate("document.querySelector('img.signed-qr').naturalWidth") > 0
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now through the service worker, which keeps a copy
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.click("[data-rotate]")
    assert "landscape" in page.get_attribute("[data-card]", "class")

    context.set_offline(True)
    page.reload()
    assert page.is_visible(".bhyt-card")
    assert "NGUYỄN VĂN AN" in page.text_content(".bhyt-card") and "0123456789" in page.text_content(
        ".bhyt-card"
    )
    assert errors == []
    context.close()
