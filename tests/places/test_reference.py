import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvss.domain.ids import parse_facility_code
from openvss.places.models import (
    Agency,
    CollectionPoint,
    Commune,
    LegacyProvince,
    MedicalFacility,
    Province,
)
from openvss.places.services import reference_load

pytestmark = pytest.mark.django_db


def test_reference_has_the_34_provinces_and_3321_communes_of_the_2025_reform():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert Commune.objects.filter(division_type="xã").count() == 2621
    assert Commune.objects.filter(division_type="phường").count() == 687
    assert Commune.objects.filter(division_type="đặc khu").count() == 13
    assert Province.objects.get(code="79").name == "Thành phố Hồ Chí Minh"


def test_each_legacy_province_maps_to_the_province_that_absorbed_it():
    assert LegacyProvince.objects.count() == 63
    assert LegacyProvince.objects.get(code="74").merged_into_id == "79"  # Bình Dương -> TP HCM
    assert LegacyProvince.objects.get(code="36").merged_into_id == "37"  # Nam Định -> Ninh Bình
    assert Province.objects.get(code="92").legacy_provinces.count() == 3


def test_loading_twice_changes_nothing():
    before = (
        Agency.objects.count(),
        MedicalFacility.objects.count(),
        CollectionPoint.objects.count(),
    )
    reference_load()
    assert (
        Agency.objects.count(),
        MedicalFacility.objects.count(),
        CollectionPoint.objects.count(),
    ) == before


def test_facilities_use_valid_codes_and_every_commune_has_a_health_station():
    codes = list(MedicalFacility.objects.values_list("code", flat=True))
    assert all(parse_facility_code(code) == code for code in codes)
    stations = MedicalFacility.objects.filter(level=MedicalFacility.Level.PRIMARY)
    assert stations.values("commune").distinct().count() == 3321
    assert MedicalFacility.objects.filter(issues_sick_leave=True).exclude(level="primary").exists()


def test_agencies_have_addresses_phones_and_coordinates():
    hcm = Agency.objects.get(code="79000")
    assert hcm.address.startswith("117C Nguyễn Đình Chính") and hcm.phone == "(028) 39.979.039"
    assert not Agency.objects.filter(latitude__isnull=True).exists()
    assert Agency.objects.filter(level=Agency.Level.PROVINCIAL).count() == 34


def test_search_ignores_diacritics(client):
    response = client.get("/api/v1/facilities", {"q": "benh vien da khoa ha noi"})
    assert response.status_code == 200
    names = [item["name"] for item in response.json()["items"]]
    assert names == ["Bệnh viện Đa khoa Thành phố Hà Nội"]
    assert (
        client.get("/api/v1/facilities", {"q": "BỆNH VIỆN ĐA KHOA HÀ NỘI"}).json()["items"][0][
            "code"
        ]
        == "01001"
    )


def test_facility_search_by_code_and_filters(client):
    data = client.get("/api/v1/facilities", {"q": "79001"}).json()
    assert [i["code"] for i in data["items"]] == ["79001"]
    data = client.get("/api/v1/facilities", {"province": "46", "issues_sick_leave": "true"}).json()
    assert data["count"] > 0 and all(
        i["issues_sick_leave"] and i["province_code"] == "46" for i in data["items"]
    )


def test_communes_of_a_province_are_searchable(client):
    data = client.get("/api/v1/provinces/01/communes", {"q": "hoan kiem"}).json()
    assert [i["name"] for i in data["items"]] == ["Phường Hoàn Kiếm"]


def test_province_list(client):
    data = client.get("/api/v1/provinces").json()
    assert len(data) == 34 and data[0] == {
        "code": "01",
        "name": "Thành phố Hà Nội",
        "division_type": "thành phố trung ương",
    }


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/agencies",
        "/api/v1/facilities",
        "/api/v1/employers",
        "/api/v1/collection-points",
        "/api/v1/provinces/79/communes",
    ],
)
def test_lists_use_a_fixed_number_of_queries(client, path):
    # One COUNT and one page query, whatever the page size: no per-row queries.
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, {"page": 2})
    assert response.status_code == 200
    assert len(ctx.captured_queries) == 2, [q["sql"] for q in ctx.captured_queries]


def test_bad_page_numbers_get_a_clear_422(client):
    response = client.get("/api/v1/facilities", {"page": "abc"})
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "invalid" and body["message"] == "Dữ liệu gửi lên không hợp lệ."
