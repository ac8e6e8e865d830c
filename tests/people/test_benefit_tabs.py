"""Thông tin hưởng by regime (issue 12, item 7): the guide's four tabs, each with its real
rows and its own empty state; the API says which tab each payment belongs to."""

from datetime import date

import pytest

from openvss.accounts import signin
from openvss.people.models import BenefitPayment
from openvss.places.models import Agency
from tests.factories import PASSWORD, CitizenFactory, PersonFactory

pytestmark = pytest.mark.django_db

# (regime, from, to, amount) — one or more rows for every tab.
ROWS = (
    ("one_time", date(2008, 7, 1), date(2013, 6, 30), 19480000),
    ("sickness", date(2017, 3, 13), date(2017, 3, 17), 1234000),
    ("maternity", date(2021, 4, 20), date(2021, 4, 24), 2396000),
    ("convalescence", date(2023, 10, 23), date(2023, 10, 27), 2700000),
    ("pension", date(2025, 1, 1), date(2025, 1, 31), 8450000),
    ("survivor", date(2025, 2, 1), date(2025, 2, 28), 1500000),
    ("unemployment", date(2013, 7, 1), date(2013, 7, 31), 3100000),
)
TABS = {
    "mot-lan": {"one_time"},
    "om-dau-thai-san": {"sickness", "maternity", "convalescence"},
    "hang-thang": {"pension", "survivor"},
    "that-nghiep": {"unemployment"},
}


@pytest.fixture
def an(client):
    user = CitizenFactory(person=PersonFactory())
    client.force_login(user)
    return user


def pay(person, regime, start, end, amount):
    return BenefitPayment.objects.create(
        person=person, regime=regime, period_from=start, period_to=end, amount=amount,
        paid_on=end, paying_agency=Agency.objects.get(code="01000"), decision_number="123/QĐ",
    )  # fmt: skip


def rows_of(body: str) -> set[str]:
    import re

    return set(re.findall(r'<tr data-regime="([a-z_]+)"', body))


def test_each_tab_shows_its_own_regimes_and_only_them(client, an):
    for row in ROWS:
        pay(an.person, *row)
    pay(PersonFactory(bhxh_code="7912345678", citizen_id=None), "pension", *ROWS[4][1:])
    for slug, regimes in TABS.items():
        body = client.get(f"/tai-khoan/thong-tin-huong/?che-do={slug}").content.decode()
        assert rows_of(body) == regimes, slug
        assert f'data-benefit-tab="{slug}"' in body and 'aria-current="page"' in body
        assert 'class="table-stack"' in body and 'data-label="Số tiền"' in body
    body = client.get("/tai-khoan/thong-tin-huong/?che-do=om-dau-thai-san").content.decode()
    assert "1.234.000\u00a0đ" in body and "13/03/2017 – 17/03/2017" in body
    assert "Ốm đau, thai sản (3)" in body and "BHXH hàng tháng (2)" in body
    # Bình's pension is not An's: two rows in An's monthly tab, not three.
    assert (
        len(rows_of(client.get("/tai-khoan/thong-tin-huong/?che-do=hang-thang").content.decode()))
        == 2
    )


def test_the_first_tab_is_shown_for_no_or_an_unknown_tab(client, an):
    pay(an.person, *ROWS[0])
    for query in ("", "?che-do=khong-co", "?che-do=%00"):
        body = client.get(f"/tai-khoan/thong-tin-huong/{query}").content.decode()
        assert 'data-benefit-tab="mot-lan"' in body and rows_of(body) == {"one_time"}


@pytest.mark.parametrize("slug", list(TABS))
def test_every_tab_has_its_empty_state(client, an, slug):
    # Rows in every other tab, none in this one.
    for row in ROWS:
        if row[0] not in TABS[slug]:
            pay(an.person, *row)
    body = client.get(f"/tai-khoan/thong-tin-huong/?che-do={slug}").content.decode()
    assert f'data-empty="{slug}"' in body and "table-stack" not in body


def test_the_tabs_page_takes_a_fixed_number_of_queries(client, an, django_assert_num_queries):
    client.get("/tai-khoan/thong-tin-huong/")
    pay(an.person, *ROWS[1])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/tai-khoan/thong-tin-huong/?che-do=om-dau-thai-san")
    for _i in range(20):
        for row in ROWS:
            pay(an.person, *row)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/tai-khoan/thong-tin-huong/?che-do=om-dau-thai-san")


def test_the_api_names_each_payments_tab(client, an):
    for row in ROWS:
        pay(an.person, *row)
    tokens = signin.login(username="0123456789", password=PASSWORD, device_id="t", device_name="t")
    body = client.get("/api/v1/me/benefits", HTTP_AUTHORIZATION=f"Bearer {tokens.access}").json()
    assert {b["regime"]: b["tab"] for b in body} == {
        regime: slug for slug, regimes in TABS.items() for regime in regimes
    }
