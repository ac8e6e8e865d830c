"""The demo's simulated phone fits a 360 px phone, long emails included."""

import pytest

from openvss.messaging.services import message_queue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_simulated_phone_fits_a_phone_and_texts_8079(browser, site, settings):
    settings.SMS_WEBHOOK_SECRET = "demo-secret"
    message_queue(channel="sms", recipient="0912345678", purpose="otp",
                  body="BHXH: Ma OTP cua ban la {secret} (hieu luc 3 phut).", secret="482915")  # fmt: skip
    message_queue(channel="email", recipient="nguyen.van.an.rat.dai@example.vn", purpose="dossier",
                  subject="Hồ sơ số 00001.DK/2026/01000 đã được tiếp nhận",
                  body="Xem tại https://bhxh.example.vn/dang-ky/to-khai/?ma=" + "x" * 120,
                  attachment=("to-khai-1.pdf", b"%PDF-1.4", "application/pdf"))  # fmt: skip
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site}/dien-thoai-mo-phong/")
    assert "482915" in page.text_content("[data-phone-messages]")
    assert "to-khai-1.pdf" in page.text_content("[data-phone-messages]")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.fill("#id_sender", "0912345678")
    page.fill("#id_text", "BH HS 00001.DK/2026/01000")
    page.click("[data-phone-send] button[type=submit]")
    page.wait_for_load_state()
    assert "8079 trả lời: BHXH: Khong tim thay ho so" in page.text_content("main")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert errors == []
    context.close()
