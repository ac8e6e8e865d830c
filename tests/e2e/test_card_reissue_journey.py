"""Issue 12 "done when": a citizen reissues a lost card in the browser, and once an officer
approves, the card page shows the new card and a clinic check of the old card answers
"replaced" (004) — by the QR printed on the lost card, and by its number with its issue
date — while the new card answers 000."""

from datetime import date

import pytest

from openvss.clinics.services import api_key_create
from openvss.dossiers import engine
from openvss.dossiers.models import Dossier
from openvss.people.cards import bhyt_qr_text
from openvss.people.models import HealthCard
from openvss.places.models import MedicalFacility
from tests.factories import (
    PASSWORD,
    CitizenFactory,
    HealthCardFactory,
    OfficerFactory,
    PersonFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CHECK = "/api/v1/clinic/card-checks"
WHO = {"full_name": "Nguyễn Văn An", "birth_date": "15/03/1990"}


@pytest.fixture
def citizen(db):
    card = HealthCardFactory(person=PersonFactory(), valid_to=date(2099, 12, 31))
    CitizenFactory(person=card.person, phone="0912345678")  # signs in with PASSWORD
    return card


def test_a_citizen_reissues_a_lost_card_and_the_old_one_answers_replaced(
    browser, site, citizen, settings, tmp_path
):
    settings.QR_SIGNING_KEY_DIR = tmp_path / "keys"
    lost_card_qr = bhyt_qr_text(HealthCard.objects.select_related("person").get(pk=citizen.pk))
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site}/dang-nhap/")
    page.fill("#id_username", "0123456789")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/tai-khoan/")

    page.goto(f"{site}/tai-khoan/the-bhyt/")
    assert "05/01/2026" in page.text_content("main")
    page.click("[data-card-reissue]")
    page.wait_for_url("**/tai-khoan/cap-lai-the-bhyt/")
    assert "Chưa có đề nghị nào." in page.text_content("main")
    page.click("[data-request=lost]")
    page.check("input[name=reason][value=lost]")
    page.fill("#id_note", "Mất ví ở chợ")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("main form button[type=submit]")
    page.wait_for_url("**/tai-khoan/cap-lai-the-bhyt/")
    dossier = Dossier.objects.get(kind="card_reissue")
    assert f"số hồ sơ {dossier.number}" in page.text_content(".messages")
    assert page.text_content("[data-card-requests] [data-status]").strip() == "Đã tiếp nhận"

    officer = OfficerFactory(agency=dossier.agency)
    engine.approve(dossier_id=dossier.pk, officer=officer)

    page.goto(f"{site}/tai-khoan/the-bhyt/")
    today = HealthCard.objects.get(person=citizen.person, status="active").issued_on
    assert f"Ngày cấp {today:%d/%m/%Y}" in page.text_content(".bhyt-foot")
    page.goto(f"{site}/tai-khoan/cap-lai-the-bhyt/")
    assert page.text_content("[data-card-requests] [data-status]").strip() == "Đã duyệt"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The clinic: its software posts the card check with its API key.
    key = api_key_create(facility=MedicalFacility.objects.get(code="01001"), name="Tiếp đón",
                         scopes=["verify"])[1]  # fmt: skip
    clinic = context.request

    def check(body):
        response = clinic.post(f"{site}{CHECK}", data=body, headers={"X-API-Key": key})
        assert response.status == 200, response.text()
        return response.json()

    old = check({"qr": lost_card_qr})
    assert old["result_code"] == "004"
    assert old["message"] == "Thẻ cũ còn giá trị sử dụng, đã được cấp thẻ mới"
    assert (
        check({"card_number": "0123456789", "issued_on": "05/01/2026", **WHO})["result_code"]
        == "004"
    )
    new = HealthCard.objects.select_related("person").get(person=citizen.person, status="active")
    assert check({"qr": bhyt_qr_text(new)})["result_code"] == "000"
    assert errors == []
    context.close()
