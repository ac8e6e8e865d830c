"""Look-ups in a phone-sized browser (issue 10): an agency found on the map with the tiles
unreachable, "Gần tôi" from the browser's location, and a facility found by a name typed
without diacritics as the first result; no page error and no sideways scroll at 360 px."""

import pytest
from django.core.management import call_command

from openvss.places.models import Agency

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
HCM = "Bảo hiểm xã hội Thành phố Hồ Chí Minh"
PAGES = [
    "/tra-cuu/", "/tra-cuu/ma-so-bhxh/", "/tra-cuu/co-so-kcb/?danh_sach=cap-giay-nghi-viec",
    "/tra-cuu/don-vi-tham-gia/", "/tra-cuu/diem-thu/?q=buu+dien", "/tin-tuc/",
    "/tin-tuc/huong-dan-su-dung-vssid/", "/ho-tro/", "/ho-tro/cau-hoi-thuong-gap/",
    "/ho-tro/hoi-dap/", "/ho-tro/phan-anh/",
]  # fmt: skip


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_agency_on_the_map_and_a_facility_typed_without_diacritics(browser, site):
    hcm = Agency.objects.get(code="79000")
    context = browser.new_context(
        locale="vi-VN",
        viewport={"width": 360, "height": 740},
        geolocation={"latitude": float(hcm.latitude), "longitude": float(hcm.longitude)},
        permissions=["geolocation"],
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())  # no tiles

    page.goto(f"{site}/tra-cuu/co-quan-bhxh/")
    page.fill("#id_q", "ho chi minh")
    page.click("form.search-form button[type=submit]")
    marker = page.locator(f'img.leaflet-marker-icon[title="{HCM}"]')
    marker.wait_for()
    marker.click()
    assert "117C Nguyễn Đình Chính" in page.text_content(".leaflet-popup-content")
    assert "selected" in page.get_attribute('[data-agency="79000"]', "class")
    assert fits_the_phone(page)

    page.goto(f"{site}/tra-cuu/co-quan-bhxh/")
    page.click("[data-near-me]")
    page.wait_for_url("**lat=*")
    first = page.locator(".agencies [data-agency]").first
    assert first.get_attribute("data-agency") == "79000"
    assert "cách 0" in first.text_content()
    assert page.locator("img.leaflet-marker-icon").count() >= 10

    page.goto(f"{site}/tra-cuu/")
    page.click("text=Tra cứu CSKCB ký hợp đồng khám, chữa bệnh BHYT")
    page.fill("#id_q", "tram y te xa hung phu")
    page.click("form.search-form button[type=submit]")
    page.wait_for_url("**q=tram*")
    title = page.locator(".facilities .row-title").first.text_content()
    assert title == "Trạm Y tế Xã Hưng Phú"
    assert fits_the_phone(page)

    call_command("load_support_content", verbosity=0)
    for path in PAGES:
        response = page.goto(f"{site}{path}")
        assert response.status == 200, path
        assert fits_the_phone(page), path
    page.goto(f"{site}/ho-tro/hoi-dap/")
    page.fill("#id_question", "quen mat khau thi nhan tin the nao")
    page.click("form.chat-form button[type=submit]")
    assert "8079" in page.text_content("#tra-loi") and fits_the_phone(page)
    assert errors == []
    context.close()
