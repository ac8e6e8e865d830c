"""The facility's check-in page verifies the signed QR in the browser, with the network cut."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import HealthCardFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_signed_qr_verifies_offline_and_tampering_is_caught(browser, site, settings, tmp_path):
    from openvss.clinics.signing import card_signed_payload
    from openvss.people.models import HealthCard

    settings.QR_SIGNING_KEY_DIR = tmp_path / "keys"
    person = PersonFactory()
    card = HealthCardFactory(person=person)
    card = HealthCard.objects.select_related("person", "registered_facility").get(pk=card.pk)
    fresh = card_signed_payload(card)
    expired = card_signed_payload(card, now=timezone.now() - timedelta(hours=1))

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.goto(f"{site}/co-so-kcb/kiem-tra-the/")
    assert page.evaluate("typeof window.openvssCameraQr") == "function"
    context.set_offline(True)  # from here on, nothing may reach the server

    def verdict(payload: str) -> tuple[str, str]:
        page.fill("#payload", payload)
        page.click("[data-verify]")
        head = page.wait_for_selector("[data-verdict]")
        return head.get_attribute("data-verdict"), page.text_content("[data-result]")

    state, text = verdict(fresh)
    assert state == "valid", text
    assert "Nguyễn Văn An" in text and "DN4010123456789" in text and "31/12/2026" in text

    prefix, kid, body, sig = fresh.split(".")
    forged = body[:12] + ("B" if body[12] == "A" else "A") + body[13:]
    state, text = verdict(f"{prefix}.{kid}.{forged}.{sig}")
    assert state == "invalid" and "Chữ ký số không hợp lệ" in text

    state, text = verdict(expired)
    assert state == "invalid" and "hết hạn" in text

    state, text = verdict(f"{prefix}.unknown.{body}.{sig}")
    assert state == "invalid" and "khóa" in text
    assert script_errors == []
    context.close()
