"""Estimates prefilled from the person's history, on the page and in the API, with what-ifs;
the same history gives different answers on either side of a law's effective date."""

from datetime import UTC, date, datetime

import pytest

from openvss.accounts import signin
from openvss.people.models import ParticipationPeriod
from tests.factories import PASSWORD, CitizenFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    """A man with BHXH 01/2008–12/2024 (17 years) at 10.000.000 đ and BHTN 01/2019–12/2024."""
    person = PersonFactory()
    for scheme, start in (("BHXH", date(2008, 1, 1)), ("BHTN", date(2019, 1, 1))):
        ParticipationPeriod.objects.create(person=person, scheme=scheme, from_month=start,
                                           to_month=date(2024, 12, 1), wage=10_000_000)  # fmt: skip
    user = CitizenFactory(person=person, phone="0912345678")
    tokens = signin.login(username=user.username, password=PASSWORD, device_id="d1")
    return user, {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


def _bearer(user, device_id):
    tokens = signin.login(username=user.username, password=PASSWORD, device_id=device_id)
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


def get(client, auth, kind, **params):
    return client.get(f"/api/v1/me/estimates/{kind}", params, **auth)


def test_pension_for_a_man_with_17_years_exists_only_from_law_41(client, worker):
    _user, auth = worker
    before = get(client, auth, "luong-huu", day="2025-06-30")
    assert before.status_code == 422 and before.json()["error"]["code"] == "pension_not_eligible"
    after = get(client, auth, "luong-huu", day="2025-07-01").json()
    assert after["facts"]["rate"] == "42%" and after["facts"]["months"] == 204
    assert any("Điều 66" in s["cite"] for s in after["steps"])
    # Average with the 2024 coefficients (2008: 2,14 … 2024: 1,00), then 42% of it.
    assert after["total"] == round(after["facts"]["average"] * 0.42)


def test_what_if_three_more_years_raises_the_pension(client, worker):
    _user, auth = worker
    base = get(client, auth, "luong-huu", day="2028-01-01").json()
    more = get(client, auth, "luong-huu", day="2028-01-01", extra_months=36, wage=12_000_000).json()
    assert (base["facts"]["rate"], more["facts"]["rate"]) == ("42%", "45%")
    assert more["total"] > base["total"]


def test_one_time_bhxh_from_history(client, worker):
    _user, auth = worker
    body = get(client, auth, "bhxh-mot-lan", day="2025-07-01").json()
    # 72 months before 2014 → 6 years × 1,5; 132 months from 2014 → 11 years × 2.
    assert body["facts"]["years_before"] == "6" and body["facts"]["years_after"] == "11"
    assert body["total"] == round(body["facts"]["average"] * 1.5 * 6) + round(
        body["facts"]["average"] * 2 * 11
    )


def test_unemployment_ceiling_follows_the_regional_wage_of_the_date(client, worker):
    _user, auth = worker
    before = get(client, auth, "that-nghiep", day="2025-01-10", wage=50_000_000).json()
    after = get(client, auth, "that-nghiep", day="2026-01-10", wage=50_000_000).json()
    assert (before["facts"]["monthly"], after["facts"]["monthly"]) == (24_800_000, 26_550_000)
    own = get(client, auth, "that-nghiep", day="2025-01-10").json()
    assert own["facts"] == {
        "monthly": 6_000_000,
        "months": 6,
    }  # 72 months paid, 60% of 10.000.000 đ


def test_maternity_lump_sum_follows_the_reference_level(client, worker):
    _user, auth = worker
    before = get(client, auth, "thai-san", day="2025-01-15").json()
    assert before["facts"]["lump_sum"] == 4_680_000 and before["facts"]["monthly"] == 10_000_000
    after = get(client, auth, "thai-san", day="2026-07-15", extra_months=12).json()
    assert after["facts"]["lump_sum"] == 5_060_000


def test_sickness_and_bad_kind(client, worker):
    _user, auth = worker
    body = get(client, auth, "om-dau", day="2025-01-15", days=10).json()
    assert body["total"] == 3_125_000  # 10.000.000 : 24 × 75% × 10
    assert get(client, auth, "khong-co").status_code == 422
    assert client.get("/api/v1/me/estimates/om-dau").status_code == 401


def test_estimate_page_shows_the_breakdown_and_refuses_bad_input(client, worker):
    user, _auth = worker
    client.force_login(user)
    page = client.get("/tai-khoan/uoc-tinh/luong-huu/", {"day": "2025-07-01"})
    body = page.content.decode()
    assert (
        page.status_code == 200 and "data-breakdown" in body and "42%" in body and "Điều 66" in body
    )
    assert client.get("/tai-khoan/uoc-tinh/").status_code == 200
    assert client.get("/tai-khoan/uoc-tinh/luong-huu/", {"day": "abc"}).status_code == 422
    assert client.get("/tai-khoan/uoc-tinh/khong-co/").status_code == 404


def test_estimate_endpoint_keeps_a_fixed_number_of_queries(
    client, worker, django_assert_max_num_queries
):
    _user, auth = worker
    with django_assert_max_num_queries(8):
        assert get(client, auth, "luong-huu", day="2025-07-01").status_code == 200


def test_one_time_bhxh_uses_the_adjustment_table_of_the_settlement_year(client, worker):
    """The same history settled on 31/12/2024, 1/1/2025 and 1/1/2026 is adjusted with the
    tables of Circular 20/2023, Circular 01/2025 and VSS letter 340/BHXH-CSXH (2026)."""
    _user, auth = worker
    bodies = [
        get(client, auth, "bhxh-mot-lan", day=day).json()
        for day in ("2024-12-31", "2025-01-01", "2026-01-01")
    ]
    averages = [b["facts"]["average"] for b in bodies]
    assert averages[0] < averages[1] < averages[2]
    # 2008 at 10.000.000 đ × 12 months: 2,14 / 2,21 / 2,29 (the tables' 2008 rows)
    firsts = [b["steps"][0]["formula"] for b in bodies]
    assert [f.split(" × ")[2].split(" =")[0] for f in firsts] == ["2,14", "2,21", "2,29"]
    assert "01/2025/TT-BLĐTBXH" in bodies[1]["steps"][0]["cite"]
    assert "340/BHXH-CSXH" in bodies[2]["steps"][0]["cite"]


def test_sickness_counts_the_days_already_paid_this_year(client, worker):
    """Circular 59/2015 sickness example 3: the yearly days already used are deducted."""
    _user, auth = worker
    body = get(client, auth, "om-dau", day="2025-09-26", days=5, days_used=38).json()
    assert (body["facts"]["allowed_days"], body["facts"]["days"]) == (40, 2)  # 16 years paid
    assert body["total"] == 625_000  # 10.000.000 : 24 × 75% × 2
    assert "Điều 43" in body["steps"][0]["cite"] and "Điều 45" in body["steps"][1]["cite"]


def test_unemployment_counts_the_month_the_contract_ended(client, worker):
    """Circular 28/2015 Art. 8 example 2: the leaving month is among the 6 when it was paid;
    BHTN 01/2019–12/2024 ending 20/12/2024 is 72 months (6 months of benefit), not 71 (5)."""
    _user, auth = worker
    body = get(client, auth, "that-nghiep", day="2024-12-20").json()
    assert body["facts"] == {"monthly": 6_000_000, "months": 6}


def test_maternity_with_pregnancy_leave_needs_three_months_in_the_twelve(client, worker):
    """Law 41/2024 Art. 50 cl. 3 (Circular 59/2015 maternity example 5): a birth on
    20/9/2025 after a history ending 12/2024 has 4 months in the 12 before it."""
    _user, auth = worker
    refused = get(client, auth, "thai-san", day="2025-09-20")
    assert (
        refused.status_code == 422 and refused.json()["error"]["code"] == "maternity_not_eligible"
    )
    body = get(client, auth, "thai-san", day="2025-09-20", pregnancy_leave="true").json()
    assert body["facts"]["monthly"] == 10_000_000 and body["facts"]["lump_sum"] == 4_680_000


# --- BHXH một lần less the State's support for voluntary BHXH (Circular 59/2015 Art. 19
# cl. 3; Law 58/2014 Art. 60 cl. 3; Law 41/2024 Art. 70 cl. 3–4, Art. 102 cl. 3) ------------

DEDUCTION = "Trừ số tiền Nhà nước hỗ trợ đóng BHXH tự nguyện"


@pytest.fixture
def mixed():
    """Compulsory BHXH 01/2016–12/2019 at 6.000.000 đ, then voluntary 01/2020–12/2023 at
    2.000.000 đ."""
    person = PersonFactory()
    ParticipationPeriod.objects.create(person=person, scheme="BHXH", from_month=date(2016, 1, 1),
                                       to_month=date(2019, 12, 1), wage=6_000_000)  # fmt: skip
    ParticipationPeriod.objects.create(person=person, scheme="BHXH", from_month=date(2020, 1, 1),
                                       to_month=date(2023, 12, 1), wage=2_000_000, voluntary=True)  # fmt: skip
    user = CitizenFactory(person=person, phone="0912345679")
    tokens = signin.login(username=user.username, password=PASSWORD, device_id="d2")
    return user, {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


def test_one_time_bhxh_takes_off_the_states_support_for_the_voluntary_months(client, mixed):
    """Support worked by hand from the dated figures: "other" 10% (Decree 134/2015) of 22% ×
    700.000 đ (2020–2021) and × 1.500.000 đ (2022–2023): 15.400 × 24 + 33.000 × 24 =
    1.161.600 đ; a poor household 30%: 46.200 × 24 + 99.000 × 24 = 3.484.800 đ."""
    _user, auth = mixed
    body = get(client, auth, "bhxh-mot-lan", day="2025-07-01").json()
    facts = body["facts"]
    assert (facts["state_support"], facts["voluntary_months"]) == (1_161_600, 48)
    assert body["total"] == facts["before_support"] - 1_161_600 > 0
    last = body["steps"][-1]
    assert last["label"] == DEDUCTION and last["amount"] == body["total"]
    assert last["formula"].endswith(f"− 1.161.600 đ = {body['total']:,} đ".replace(",", "."))
    assert "41/2024/QH15 Điều 70 khoản 3" in last["cite"] and "Điều 102 khoản 3" in last["cite"]
    supported = [s for s in body["steps"] if s["label"].startswith("Nhà nước hỗ trợ")]
    assert [s["formula"] for s in supported] == [
        "10% × 22% × 700.000 đ = 15.400 đ; 15.400 đ × 24 tháng = 369.600 đ",
        "10% × 22% × 1.500.000 đ = 33.000 đ; 33.000 đ × 24 tháng = 792.000 đ",
    ]
    assert "134/2015" in supported[0]["cite"] and "59/2015/QĐ-TTg" in supported[0]["cite"]
    poor = get(client, auth, "bhxh-mot-lan", day="2025-07-01", category="poor").json()
    assert poor["facts"]["state_support"] == 3_484_800
    assert poor["total"] == facts["before_support"] - 3_484_800
    # Paid for a grave illness, the support stays in (Law 41/2024 Art. 70 cl. 4).
    ill = get(client, auth, "bhxh-mot-lan", day="2025-07-01", serious_illness="true").json()
    assert ill["total"] == facts["before_support"]


def test_the_deduction_reads_in_english(client, mixed):
    _user, auth = mixed
    body = client.get("/api/v1/me/estimates/bhxh-mot-lan", {"day": "2025-07-01"},
                      HTTP_ACCEPT_LANGUAGE="en", **auth).json()  # fmt: skip
    labels = [s["label"] for s in body["steps"]]
    assert labels[-4:] == [
        "State support 01/2020–12/2021",
        "State support 01/2022–12/2023",
        "Total State support received",
        "Less the State support for voluntary social insurance",
    ]


def test_the_deduction_cites_the_law_in_force_on_the_settlement_date(client, mixed):
    _user, auth = mixed
    before = get(client, auth, "bhxh-mot-lan", day="2025-06-30").json()["steps"][-1]
    assert before["label"] == DEDUCTION
    assert (
        "58/2014/QH13 Điều 60 khoản 3" in before["cite"]
        and "59/2015/TT-BLĐTBXH Điều 19 khoản 3" in before["cite"]
    )


def test_compulsory_only_history_has_no_deduction(client, worker):
    _user, auth = worker
    body = get(client, auth, "bhxh-mot-lan", day="2025-07-01").json()
    assert "state_support" not in body["facts"]
    assert not any("Nhà nước hỗ trợ" in s["label"] for s in body["steps"])
    assert body["steps"][-1]["label"] == "Mức hưởng BHXH một lần"


def test_estimate_page_shows_the_deduction_with_voluntary_months(client, mixed):
    user, _auth = mixed
    client.force_login(user)
    page = client.get(
        "/tai-khoan/uoc-tinh/bhxh-mot-lan/", {"day": "01/07/2025", "category": "near_poor"}
    )
    body = page.content.decode()
    assert page.status_code == 200 and DEDUCTION in body and 'name="category"' in body
    assert "25% × 22% × 700.000 đ = 38.500 đ" in body  # near-poor 25% (Decree 134/2015)
    refused = client.get("/tai-khoan/uoc-tinh/bhxh-mot-lan/", {"category": "rich"})
    assert refused.status_code == 422


def test_estimate_page_has_no_deduction_without_voluntary_months(client, worker):
    client.force_login(worker[0])
    page = client.get("/tai-khoan/uoc-tinh/bhxh-mot-lan/", {"day": "01/07/2025"})
    body = page.content.decode()
    assert page.status_code == 200 and "data-breakdown" in body and DEDUCTION not in body
    assert 'name="category"' not in body  # never paid voluntary BHXH: nothing to ask
    assert "Kết quả ước tính" in body


def test_one_time_estimate_keeps_a_fixed_number_of_queries(
    client, mixed, django_assert_max_num_queries
):
    _user, auth = mixed
    with django_assert_max_num_queries(8):
        assert get(client, auth, "bhxh-mot-lan", day="2025-07-01").status_code == 200


# --- The support recorded when the months were paid through the app is taken as recorded;
# only the months without a record are computed from the dated figures and the category ----

RECORDED = "(đã ghi nhận khi đóng)"


def _paid_through_the_app(order):
    from django.utils import timezone

    from openvss.payments import services

    services.order_fulfil(order=order, paid_at=timezone.now())


def test_months_paid_for_the_missing_years_take_nothing_off(client):
    """Law 41/2024 Art. 36 cl. 2(e): the months paid once for the missing years get no State
    support, so BHXH một lần takes nothing off for them (the record says 0, not unknown)."""
    from openvss.payments import services
    from openvss.payments.models import Order

    person = PersonFactory(birth_date=date(1964, 1, 1), sex=1)
    ParticipationPeriod.objects.create(person=person, scheme="BHXH", from_month=date(2013, 1, 1),
                                       to_month=date(2025, 12, 1), wage=6_000_000)  # fmt: skip
    user = CitizenFactory(person=person, phone="0912345670")
    now = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    order = services.order_create_voluntary_missing(
        user=user, person=person, income=1_500_000, now=now
    )
    _paid_through_the_app(order)
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
    auth = _bearer(user, "d3")
    body = get(client, auth, "bhxh-mot-lan", day="2028-11-01").json()
    facts = body["facts"]
    assert (
        facts["months"] == 156 + 24 and facts["recorded_months"] == facts["voluntary_months"] == 24
    )
    assert facts["state_support"] == facts["state_support_recorded"] == 0
    assert body["total"] == facts["before_support"]
    recorded = [s for s in body["steps"] if s["label"].endswith(RECORDED)]
    assert [(s["label"], s["formula"]) for s in recorded] == [
        (f"Nhà nước hỗ trợ 11/2026–10/2028 {RECORDED}", "0 đ × 24 tháng = 0 đ")
    ]
    # Were the support not recorded, the months would be taken as supported (20% from 2025).
    ParticipationPeriod.objects.filter(person=person, voluntary=True).update(state_support=None)
    unknown = get(client, auth, "bhxh-mot-lan", day="2028-11-01").json()
    assert unknown["facts"]["state_support"] > 0 and unknown["total"] < body["total"]


def test_a_poor_households_monthly_payment_is_deducted_as_recorded(client):
    """12 months from 11/2026 paid by a poor household: 50% × 22% × 1.500.000 đ = 165.000 đ a
    month deducted when paying (Decree 159/2025 Art. 5), 1.980.000 đ in all. The estimate
    takes off exactly that, whatever category is chosen for the months without a record
    (computed, "other" would be 66.000 × 2 + 96.800 × 10 from the 2027 poverty line)."""
    from openvss.payments import services

    person = PersonFactory()
    user = CitizenFactory(person=person, phone="0912345671")
    now = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    order = services.order_create_voluntary(user=user, person=person, income=1_500_000, months=12,
                                            category="poor", now=now)  # fmt: skip
    _paid_through_the_app(order)
    auth = _bearer(user, "d4")
    for category in ("other", "poor"):
        body = get(client, auth, "bhxh-mot-lan", day="2027-11-01", category=category).json()
        facts = body["facts"]
        assert (facts["state_support"], facts["state_support_recorded"]) == (1_980_000, 1_980_000)
        assert facts["state_support_estimated"] == 0
        assert body["total"] == facts["before_support"] - 1_980_000
    steps = [(s["label"], s["formula"]) for s in body["steps"] if "Nhà nước hỗ trợ" in s["label"]]
    assert steps[0] == (
        f"Nhà nước hỗ trợ 11/2026–10/2027 {RECORDED}",
        "165.000 đ × 12 tháng = 1.980.000 đ",
    )


@pytest.fixture
def mixed_recorded(mixed):
    """``mixed`` and 01/2024–12/2024 paid through the app by a poor household: 30% × 22% ×
    1.500.000 đ = 99.000 đ a month deducted (Decree 134/2015), 1.188.000 đ recorded."""
    user, auth = mixed
    ParticipationPeriod.objects.create(person=user.person, scheme="BHXH", from_month=date(2024, 1, 1),
                                       to_month=date(2024, 12, 1), wage=1_500_000, voluntary=True,
                                       state_support=1_188_000)  # fmt: skip
    return user, auth


def test_mixed_history_takes_the_record_and_estimates_the_rest(client, mixed_recorded):
    """01/2020–12/2023 without a record: computed for "other" (1.161.600 đ, as above);
    2024 as recorded (1.188.000 đ, not the 396.000 đ "other" would give)."""
    _user, auth = mixed_recorded
    body = get(client, auth, "bhxh-mot-lan", day="2025-07-01").json()
    facts = body["facts"]
    assert (facts["state_support_estimated"], facts["state_support_recorded"]) == (
        1_161_600,
        1_188_000,
    )
    assert facts["state_support"] == 2_349_600 and facts["voluntary_months"] == 60
    assert body["total"] == facts["before_support"] - 2_349_600
    support = [(s["label"], s["amount"]) for s in body["steps"] if "Nhà nước" in s["label"]]
    assert support == [
        ("Nhà nước hỗ trợ 01/2020–12/2021 (ước tính)", 369_600),
        ("Nhà nước hỗ trợ 01/2022–12/2023 (ước tính)", 792_000),
        (f"Nhà nước hỗ trợ 01/2024–12/2024 {RECORDED}", 1_188_000),
        ("Tổng số tiền Nhà nước đã hỗ trợ", 2_349_600),
        ("Trừ số tiền Nhà nước hỗ trợ đóng BHXH tự nguyện", body["total"]),
    ]
    # Settled on 1/7/2024: only 01–06/2024 of the recorded row count, its share of the record.
    early = get(client, auth, "bhxh-mot-lan", day="2024-07-01").json()["facts"]
    assert (early["state_support_recorded"], early["recorded_months"]) == (594_000, 6)


def test_recorded_and_estimated_parts_read_in_english(client, mixed_recorded):
    _user, auth = mixed_recorded
    body = client.get("/api/v1/me/estimates/bhxh-mot-lan", {"day": "2025-07-01"},
                      HTTP_ACCEPT_LANGUAGE="en", **auth).json()  # fmt: skip
    labels = [s["label"] for s in body["steps"]]
    assert labels[-5:-2] == [
        "State support 01/2020–12/2021 (estimated)",
        "State support 01/2022–12/2023 (estimated)",
        "State support 01/2024–12/2024 (recorded when paid)",
    ]


def test_estimate_page_shows_the_recorded_part(client, mixed_recorded):
    user, _auth = mixed_recorded
    client.force_login(user)
    body = client.get("/tai-khoan/uoc-tinh/bhxh-mot-lan/", {"day": "01/07/2025"}).content.decode()
    assert (
        "01/2024–12/2024 (đã ghi nhận khi đóng)" in body
        and "99.000 đ × 12 tháng = 1.188.000 đ" in body
    )
    assert "01/2020–12/2021 (ước tính)" in body


def test_recorded_support_keeps_the_query_count(client, mixed, django_assert_num_queries):
    """The recorded support comes with the voluntary rows (the same query): a history with
    recorded months takes as many queries as one without."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user, auth = mixed
    with CaptureQueriesContext(connection) as unknown_only:
        assert get(client, auth, "bhxh-mot-lan", day="2025-07-01").status_code == 200
    ParticipationPeriod.objects.create(person=user.person, scheme="BHXH", from_month=date(2024, 1, 1),
                                       to_month=date(2024, 12, 1), wage=1_500_000, voluntary=True,
                                       state_support=1_188_000)  # fmt: skip
    with django_assert_num_queries(len(unknown_only.captured_queries)):
        body = get(client, auth, "bhxh-mot-lan", day="2025-07-01").json()
    assert body["facts"]["state_support_recorded"] == 1_188_000
