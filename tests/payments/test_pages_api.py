"""Payment pages and /api/v1/me/payments: the happy path through the sandbox, bad input, and
nobody else's orders."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from openvss.accounts import signin
from openvss.payments import sandbox
from openvss.payments.models import Order
from tests.factories import PASSWORD, CitizenFactory, HealthCardFactory

from .conftest import gateway_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def ipn_through_client(client, monkeypatch):
    """The sandbox calls our IPN over HTTP; under the test client, through the client."""

    def send(url, params):
        return client.get(urlsplit(url).path, params).json()["RspCode"]

    monkeypatch.setattr(sandbox, "ipn_send", send)


def test_household_page_shows_members_covered_elsewhere_and_the_breakdown(signed_in):
    body = signed_in.get("/tai-khoan/thanh-toan/bhyt-ho-gia-dinh/").content.decode()
    assert "Lê Thị Cúc" in body and "data-covered" in body and "Trần Thị Bình" in body
    assert "4,5% × 2.530.000 đ × 12 tháng = 1.366.200 đ" in body or "4,5% × 2.340.000 đ" in body
    assert 'name="members" value="0123456792"' not in body  # covered elsewhere: no checkbox
    assert 'name="months"' in body and "data-nothing-to-pay" not in body


def test_paying_for_the_household_through_the_sandbox(signed_in, ipn_through_client):
    response = signed_in.post("/tai-khoan/thanh-toan/bhyt-ho-gia-dinh/",
                              {"months": "12", "members": ["0123456789", "0123456790", "0123456791"]})  # fmt: skip
    assert response.status_code == 302
    pay_url = response["Location"]
    assert (
        pay_url.startswith("/sandbox-vnpay/paymentv2/vpcpay.html?") and "vnp_SecureHash=" in pay_url
    )
    order = Order.objects.get()
    page = signed_in.get(pay_url)
    assert (
        page.status_code == 200 and f'data-sandbox-amount="{order.amount}"' in page.content.decode()
    )
    done = signed_in.post("/sandbox-vnpay/paymentv2/vpcpay.html",
                          {"query": urlsplit(pay_url).query, "action": "pay", "ipn_twice": "1"})  # fmt: skip
    assert done.status_code == 302 and "/tai-khoan/thanh-toan/ket-qua/?" in done["Location"]
    detail = signed_in.get(done["Location"], follow=True)
    assert b'data-status="paid"' in detail.content and b"data-receipt" in detail.content
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    from openvss.payments.models import SandboxTransaction

    assert SandboxTransaction.objects.get().ipn_answers == ["00", "02"]
    pdf = signed_in.get(reverse("payments:receipt", args=[order.reference]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    history = signed_in.get("/tai-khoan/thanh-toan/").content.decode()
    assert order.reference in history and "Đã thanh toán" in history


def test_the_return_page_never_trusts_its_query_string(signed_in, household, citizen):
    from openvss.payments import services

    order = services.order_create_household(
        user=citizen, person=household["an"], months=12, member_codes=None
    )
    # Correctly signed "success" on the return URL, but no IPN: still pending.
    response = signed_in.get("/tai-khoan/thanh-toan/ket-qua/", gateway_result(order), follow=True)
    assert b'data-status="pending"' in response.content
    forged = {**gateway_result(order), "vnp_ResponseCode": "00", "vnp_SecureHash": "0" * 128}
    assert signed_in.get("/tai-khoan/thanh-toan/ket-qua/", forged).status_code == 400
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING


def test_cancel_at_the_sandbox_leaves_the_order_failed(signed_in, ipn_through_client):
    response = signed_in.post(
        "/tai-khoan/thanh-toan/bhyt-ho-gia-dinh/", {"months": "3", "members": ["0123456790"]}
    )
    query = urlsplit(response["Location"]).query
    signed_in.post("/sandbox-vnpay/paymentv2/vpcpay.html", {"query": query, "action": "cancel"})
    assert Order.objects.get().status == Order.Status.FAILED


def test_a_tampered_redirect_is_refused_by_the_sandbox(signed_in):
    response = signed_in.post(
        "/tai-khoan/thanh-toan/bhyt-ho-gia-dinh/", {"months": "12", "members": ["0123456789"]}
    )
    url = response["Location"].replace("vnp_Amount=", "vnp_Amount=1")
    page = signed_in.get(url)
    assert page.status_code == 400 and b"data-error" in page.content


def test_the_sandbox_is_off_unless_enabled(client, settings):
    settings.PAYMENTS_SANDBOX = False
    assert client.get("/sandbox-vnpay/paymentv2/vpcpay.html").status_code == 404
    assert (
        client.post(
            "/sandbox-vnpay/merchant_webapi/api/transaction", "{}", content_type="application/json"
        ).status_code
        == 404
    )


def test_voluntary_page_refuses_an_income_below_the_floor(signed_in):
    response = signed_in.get("/tai-khoan/thanh-toan/bhxh-tu-nguyen/", {"income": "1.000.000", "months": "12",
                                                                        "category": "other"})  # fmt: skip
    assert response.status_code == 422 and 'role="alert"' in response.content.decode()
    ok = signed_in.get("/tai-khoan/thanh-toan/bhxh-tu-nguyen/", {"income": "5.000.000", "months": "12",
                                                                  "category": "other"})  # fmt: skip
    assert ok.status_code == 200 and b'data-amount="12408000"' in ok.content


def test_payment_pages_need_a_signed_in_citizen(client):
    for url in [
        "/tai-khoan/thanh-toan/",
        "/tai-khoan/thanh-toan/bhyt-ho-gia-dinh/",
        "/tai-khoan/uoc-tinh/",
    ]:
        assert client.get(url).status_code == 302


def test_ipn_endpoint_answers_in_vnpays_format(client, household, citizen):
    from openvss.payments import services

    order = services.order_create_household(
        user=citizen, person=household["an"], months=12, member_codes=None
    )
    assert client.get("/thanh-toan/vnpay/ipn/", gateway_result(order)).json() == {
        "RspCode": "00",
        "Message": "Confirm Success",
    }
    assert client.get("/thanh-toan/vnpay/ipn/", gateway_result(order)).json()["RspCode"] == "02"
    assert (
        client.get("/thanh-toan/vnpay/ipn/", {"vnp_TxnRef": order.reference}).json()["RspCode"]
        == "97"
    )


def bearer(user):
    tokens = signin.login(username=user.username, password=PASSWORD, device_id=f"d-{user.pk}")
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


def test_api_quote_create_and_read(client, citizen):
    auth = bearer(citizen)
    quote = client.get("/api/v1/me/payments/household-bhyt/quote?months=12", **auth).json()
    assert quote["chosen"] == ["0123456789", "0123456790", "0123456791"]
    assert [s["label"] for s in quote["breakdown"]["steps"]][:2] == ["Người thứ 1", "Người thứ 2"]
    created = client.post("/api/v1/me/payments/household-bhyt", {"months": 12, "members": ["0123456790"]},
                          content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc", **auth)  # fmt: skip
    assert created.status_code == 201
    body = created.json()
    assert (
        body["status"] == "pending"
        and body["amount"] == 1_366_200
        and "vnp_SecureHash" in body["pay_url"]
    )
    again = client.post("/api/v1/me/payments/household-bhyt", {"months": 12, "members": ["0123456790"]},
                        content_type="application/json", HTTP_IDEMPOTENCY_KEY="abc", **auth)  # fmt: skip
    assert again.json()["reference"] == body["reference"] and Order.objects.count() == 1
    listed = client.get("/api/v1/me/payments", **auth).json()
    assert [o["reference"] for o in listed] == [body["reference"]]
    assert (
        client.get(f"/api/v1/me/payments/{body['reference']}/receipt", **auth).status_code == 404
    )  # not paid


def test_api_bad_input_is_a_clear_4xx(client, citizen):
    auth = bearer(citizen)
    bad_months = client.post(
        "/api/v1/me/payments/household-bhyt", {"months": 5}, content_type="application/json", **auth
    )
    assert bad_months.status_code == 422 and bad_months.json()["error"]["code"] == "invalid_months"
    covered = client.post("/api/v1/me/payments/household-bhyt", {"months": 12, "members": ["0123456792"]},
                          content_type="application/json", **auth)  # fmt: skip
    assert covered.status_code == 422 and covered.json()["error"]["code"] == "member_not_payable"
    low = client.get("/api/v1/me/payments/voluntary-bhxh/quote?income=100000", **auth)
    assert low.status_code == 422 and low.json()["error"]["fields"] == {
        "income": [low.json()["error"]["message"]]
    }
    assert (
        client.get(
            "/api/v1/me/payments",
        ).status_code
        == 401
    )


def test_nobody_reads_another_persons_orders(client, household, citizen):
    from openvss.payments import services

    order = services.order_create_household(
        user=citizen, person=household["an"], months=12, member_codes=None
    )
    wife = CitizenFactory(person=household["wife"], phone="0912345679")
    auth = bearer(wife)
    assert client.get(f"/api/v1/me/payments/{order.reference}", **auth).status_code == 404
    assert client.get("/api/v1/me/payments", **auth).json() == []
    client.force_login(wife)
    assert client.get(f"/tai-khoan/thanh-toan/{order.reference}/").status_code == 404
    assert client.get(f"/tai-khoan/thanh-toan/{order.reference}/bien-lai.pdf").status_code == 404


def test_choosing_a_member_covered_elsewhere_on_the_page_is_refused(signed_in):
    response = signed_in.post(
        "/tai-khoan/thanh-toan/bhyt-ho-gia-dinh/", {"months": "12", "members": ["0123456792"]}
    )
    assert response.status_code == 422 and 'role="alert"' in response.content.decode()
    assert not Order.objects.exists()


def test_the_breakdown_is_translated_in_the_api(client, citizen):
    auth = bearer(citizen)
    quote = client.get(
        "/api/v1/me/payments/household-bhyt/quote", HTTP_ACCEPT_LANGUAGE="en", **auth
    ).json()
    assert quote["breakdown"]["steps"][0]["label"] == "Member 1"


def test_api_voluntary_quote_and_order(client, citizen):
    auth = bearer(citizen)
    quote = client.get(
        "/api/v1/me/payments/voluntary-bhxh/quote?income=5000000&months=6&category=near_poor",
        **auth,
    )
    assert quote.status_code == 200
    assert (
        quote.json()["breakdown"]["total"] == (1_100_000 - 132_000) * 6
    )  # 40% of 22% × floor, from 1/7/2025
    created = client.post("/api/v1/me/payments/voluntary-bhxh", {"income": 5_000_000, "months": 6, "category": "near_poor"},
                          content_type="application/json", **auth)  # fmt: skip
    assert created.status_code == 201 and created.json()["kind"] == "voluntary_bhxh"
    assert created.json()["amount"] == quote.json()["breakdown"]["total"]


def test_payment_and_estimate_pages_in_english(signed_in):
    signed_in.cookies["django_language"] = "en"
    household = signed_in.get("/tai-khoan/thanh-toan/bhyt-ho-gia-dinh/").content.decode()
    assert "Pay household health insurance" in household and "Member 1" in household
    estimate = signed_in.get("/tai-khoan/uoc-tinh/om-dau/").content.decode()
    assert "Benefit estimates" in estimate


def test_payment_list_keeps_a_fixed_number_of_queries(client, citizen, household):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openvss.payments import services

    auth = bearer(citizen)
    counts = []
    for _ in range(2):
        services.order_create_household(
            user=citizen, person=household["an"], months=12, member_codes=None
        )
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/me/payments", **auth).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] == 4  # token, person, orders, their lines


def test_household_page_answers_when_nobody_is_left_to_pay_for(client):
    card = HealthCardFactory()  # covered through the employer: nobody in the household to pay for
    user = CitizenFactory(person=card.person)
    client.force_login(user)
    response = client.get("/tai-khoan/thanh-toan/bhyt-ho-gia-dinh/")
    assert response.status_code == 200 and "data-amount" not in response.content.decode()


def test_paying_voluntary_bhxh_five_years_ahead_on_the_page(signed_in):
    """Law 41/2024 Art. 36 cl. 2(đ): once for several years ahead, at a lower amount
    (Decree 159/2025 Art. 6, discounted at the fund's 2026 rate)."""
    from openvss.payments.models import Order

    page = signed_in.get("/tai-khoan/thanh-toan/bhxh-tu-nguyen/", {"income": "1.500.000", "months": "60",
                                                                    "category": "other"})  # fmt: skip
    body = page.content.decode()
    assert page.status_code == 200 and 'value="60"' in body and "Đóng trước 5 năm" in body
    assert "Được giảm nhờ đóng trước" in body and "0,31%" in body
    assert 'data-amount="14138148"' in body  # 18.098.148 đ discounted − 66.000 đ × 60 months
    signed_in.post("/tai-khoan/thanh-toan/bhxh-tu-nguyen/", {"income": "1500000", "months": "60",
                                                               "category": "other", "idempotency_key": "k60"})  # fmt: skip
    order = Order.objects.get(idempotency_key="k60")
    assert (order.months, order.amount) == (60, 14_138_148)
    assert order.breakdown["facts"]["saving"] == 1_701_852


def test_paying_ahead_is_offered_only_when_the_funds_rate_is_known(citizen):
    from openvss.domain.errors import DomainError
    from openvss.payments import services

    assert services.voluntary_ahead_years(date(2025, 12, 1)) == range(0)
    assert services.voluntary_ahead_years(date(2026, 1, 1)) == range(2, 6)
    with pytest.raises(DomainError) as error:
        services.voluntary_quote(person=citizen.person, income=2_000_000, months=24, category="other",
                                 day=date(2025, 12, 1))  # fmt: skip
    assert error.value.code == "legal_figure_missing"
    with pytest.raises(DomainError) as error:
        services.voluntary_quote(person=citizen.person, income=2_000_000, months=18, category="other",
                                 day=date(2026, 2, 1))  # fmt: skip
    assert error.value.code == "invalid_months"


def test_api_quote_for_three_years_ahead(client, citizen):
    auth = bearer(citizen)
    quote = client.get("/api/v1/me/payments/voluntary-bhxh/quote?income=5000000&months=36", **auth)
    assert quote.status_code == 200
    breakdown = quote.json()["breakdown"]
    assert breakdown["facts"]["months"] == 36 and breakdown["facts"]["discounted"] < 1_100_000 * 36
    assert breakdown["total"] == breakdown["facts"]["discounted"] - 66_000 * 36
    assert (
        client.get(
            "/api/v1/me/payments/voluntary-bhxh/quote?income=5000000&months=72", **auth
        ).status_code
        == 422
    )


def test_api_quote_for_the_missing_years_at_retirement_age(client, citizen, household):
    """Law 41/2024 Art. 36 cl. 2(e), cl. 3(e); Decree 159/2025 Art. 7: from the month before
    retirement age, once for the months missing to 15 years, with the fund's interest."""
    from openvss.people.models import ParticipationPeriod

    an = household["an"]
    auth = bearer(citizen)
    url = "/api/v1/me/payments/voluntary-bhxh/missing-quote?income=1500000"
    an.birth_date, an.sex = date(1990, 1, 1), 1
    an.save(update_fields=["birth_date", "sex"])
    young = client.get(url, **auth)
    assert young.status_code == 422 and young.json()["error"]["code"] == "not_retirement_age"
    an.birth_date = date(1964, 1, 1)  # 61 years 3 months in 04/2025 (Decree 135/2020)
    an.save(update_fields=["birth_date"])
    ParticipationPeriod.objects.filter(person=an).delete()
    ParticipationPeriod.objects.create(person=an, scheme="BHXH", from_month=date(2013, 1, 1),
                                       to_month=date(2025, 12, 1), wage=6_000_000)  # 156 months  # fmt: skip
    body = client.get(url, **auth).json()
    assert (body["months_paid"], body["months_missing"]) == (156, 24)
    assert body["breakdown"]["total"] == round(sum(330_000 * 1.0031**i for i in range(1, 25)))
    ParticipationPeriod.objects.filter(person=an).update(from_month=date(2000, 1, 1))
    done = client.get(url, **auth)
    assert done.status_code == 422 and done.json()["error"]["code"] == "nothing_missing"


def test_api_order_for_the_missing_years(client, citizen, household):
    """The order for the missing-years quote: the amount quoted, a link to the gateway, and
    the same refusals (422) as the quote."""
    from openvss.payments.models import Order
    from openvss.people.models import ParticipationPeriod

    an = household["an"]
    auth = bearer(citizen)
    url = "/api/v1/me/payments/voluntary-bhxh/missing"
    an.birth_date, an.sex = date(1990, 1, 1), 1
    an.save(update_fields=["birth_date", "sex"])
    young = client.post(url, {"income": 1_500_000}, content_type="application/json", **auth)
    assert young.status_code == 422 and young.json()["error"]["code"] == "not_retirement_age"
    an.birth_date = date(1964, 1, 1)
    an.save(update_fields=["birth_date"])
    ParticipationPeriod.objects.create(person=an, scheme="BHXH", from_month=date(2013, 1, 1),
                                       to_month=date(2025, 12, 1), wage=6_000_000)  # fmt: skip
    quote = client.get(f"{url}-quote?income=1500000", **auth).json()
    created = client.post(url, {"income": 1_500_000}, content_type="application/json", **auth)
    body = created.json()
    assert created.status_code == 201 and body["kind"] == "voluntary_bhxh" and body["months"] == 24
    assert body["amount"] == quote["breakdown"]["total"] and body["pay_url"]
    order = Order.objects.get(reference=body["reference"])
    assert order.details["missing_years"] is True and order.details["support_monthly"] == 0


def test_a_voluntary_order_shows_the_months_it_covers_not_their_first_days(signed_in):
    from openvss.payments.models import Order

    signed_in.post("/tai-khoan/thanh-toan/bhxh-tu-nguyen/", {"income": "1500000", "months": "12",
                                                               "category": "other", "idempotency_key": "k12"})  # fmt: skip
    order = Order.objects.get(idempotency_key="k12")
    order.lines.update(cover_from=date(2026, 11, 1), cover_to=date(2027, 10, 1))  # as paid: months
    body = signed_in.get(f"/tai-khoan/thanh-toan/{order.reference}/").content.decode()
    assert "11/2026 – 10/2027" in body and "01/10/2027" not in body
