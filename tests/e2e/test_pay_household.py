"""A citizen pays household BHYT for three members through the sandbox gateway in a browser;
the IPN arrives twice and the order is paid once; the receipt is a PDF. A refused and an
abandoned payment leave nothing paid (issue 13)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openvss.payments.models import GatewayEvent, Order, SandboxTransaction
from openvss.people.models import HealthCard

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def family(site):
    from tests.factories import CitizenFactory
    from tests.payments.conftest import household

    people = household.__wrapped__(None)
    CitizenFactory(person=people["an"], phone="0912345678", email="an@example.vn")
    return people


def sign_in(browser, site):
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{site}/dang-nhap/")
    page.fill("#id_username", "0123456789")
    page.fill("#id_password", "Mật khẩu 2026!")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/tai-khoan/")
    return context, page


def no_sideways_scroll(page):
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
        "window.innerWidth + 1).map(e => e.tagName + '.' + e.className + ':' + e.textContent.slice(0, 40))"
    )
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth") or wide


def test_paying_for_three_members_with_a_double_ipn(browser, site, family):
    context, page = sign_in(browser, site)
    page.goto(f"{site}/tai-khoan/thanh-toan/bhyt-ho-gia-dinh/")
    assert page.locator("input[name=members]:checked").count() == 3
    assert page.is_visible("[data-covered]")  # the retired mother is insured elsewhere
    assert "1.366.200 đ" in page.text_content("[data-breakdown]")
    assert no_sideways_scroll(page) is True
    page.click("[data-pay]")
    page.wait_for_url("**/sandbox-vnpay/paymentv2/vpcpay.html?**")
    assert page.get_attribute("[data-sandbox-amount]", "data-sandbox-amount") == "3142260"
    page.check("input[name=ipn_twice]")
    page.click("[data-sandbox-pay]")
    page.wait_for_url("**/tai-khoan/thanh-toan/BH*/")
    assert page.get_attribute("[data-status]", "data-status") == "paid"
    assert no_sideways_scroll(page) is True
    order = Order.objects.get()
    assert order.status == Order.Status.PAID and order.lines.count() == 3
    assert SandboxTransaction.objects.get().ipn_answers == ["00", "02"]
    assert list(
        GatewayEvent.objects.filter(kind="ipn").order_by("at").values_list("answer", flat=True)
    ) == ["00", "02"]
    assert HealthCard.objects.filter(person__in=[family["an"], family["wife"], family["son"]], status="active",
                                     group_code="GD").count() == 3  # fmt: skip
    receipt = page.request.get(
        page.locator("[data-receipt]").get_attribute("href").join([site, ""])
    )
    assert receipt.headers["content-type"] == "application/pdf" and receipt.body()[:5] == b"%PDF-"
    page.goto(f"{site}/tai-khoan/thanh-toan/")
    assert order.reference in page.text_content(".orders")
    assert no_sideways_scroll(page) is True
    page.goto(f"{site}/tai-khoan/uoc-tinh/thai-san/")
    assert page.is_visible("[data-estimate-form]") and no_sideways_scroll(page) is True
    context.close()


def test_refused_and_abandoned_payments_leave_nothing_paid(browser, site, family):
    from openvss.payments.services import payments_reconcile

    context, page = sign_in(browser, site)
    page.goto(f"{site}/tai-khoan/thanh-toan/bhyt-ho-gia-dinh/")
    page.click("[data-pay]")
    page.wait_for_url("**/sandbox-vnpay/**")
    page.click("[data-sandbox-refuse]")
    page.wait_for_url("**/tai-khoan/thanh-toan/BH*/")
    assert page.get_attribute("[data-status]", "data-status") == "failed"
    # Abandoned: to the gateway, then away without paying.
    page.goto(f"{site}/tai-khoan/thanh-toan/bhyt-ho-gia-dinh/")
    page.click("[data-pay]")
    page.wait_for_url("**/sandbox-vnpay/**")
    page.goto(f"{site}/tai-khoan/thanh-toan/")
    statuses = sorted(Order.objects.values_list("status", flat=True))
    assert statuses == ["failed", "pending"]
    later = timezone.now() + timedelta(hours=1)
    payments_reconcile(day=timezone.localdate(), now=later)
    assert sorted(Order.objects.values_list("status", flat=True)) == ["expired", "failed"]
    assert not HealthCard.objects.filter(person=family["wife"]).exists()
    assert not Order.objects.filter(status="paid").exists()
    page.goto(
        f"{site}/tai-khoan/thanh-toan/bhxh-tu-nguyen/?income=5000000&months=12&category=other"
    )
    assert page.get_attribute("[data-amount]", "data-amount") == "12408000"
    assert no_sideways_scroll(page) is True
    context.close()
