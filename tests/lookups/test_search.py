"""Look-ups of places: ranking (exact or prefix name first), diacritics and case ignored,
filters, paging, and a clear 4xx for bad parameters (API and pages)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvss.places import selectors
from openvss.places.models import Agency, Employer, MedicalFacility

pytestmark = pytest.mark.django_db


def test_a_facility_named_like_the_query_comes_first_not_by_code():
    # Issue 10: "Hưng Phú" used to rank the facility of that name 30th of 36 (by code).
    names = [f.name for f in selectors.facility_list(q="Hưng Phú")[:3]]
    assert all(name.endswith("Hưng Phú") for name in names), names
    assert "Hưng Phước" not in " ".join(names)


def test_search_ignores_diacritics_and_case():
    accented = [f.code for f in selectors.facility_list(q="Trạm Y tế Xã Hưng Phú")[:5]]
    folded = [f.code for f in selectors.facility_list(q="TRAM Y TE XA HUNG PHU")[:5]]
    assert accented == folded
    assert MedicalFacility.objects.get(code=folded[0]).name == "Trạm Y tế Xã Hưng Phú"


def test_exact_name_beats_prefix_beats_words_inside_the_name():
    province = Agency.objects.first().province
    for code, name in [("T0001", "Công ty Hòa Bình Xanh"), ("T0002", "Xưởng may Hòa Bình"),
                       ("T0003", "Hòa Bình Phát"), ("T0004", "Hòa Bình"),
                       ("T0005", "Bình An Hòa")]:  # fmt: skip
        employer = Employer(code=code, province=province)
        employer.set_name(name)
        employer.save()
    ranked = [e.name for e in selectors.employer_list(q="hoa binh")]
    assert ranked == [
        "Hòa Bình",  # exact
        "Hòa Bình Phát",  # prefix
        "Công ty Hòa Bình Xanh",  # the words inside, earlier
        "Xưởng may Hòa Bình",
        "Bình An Hòa",  # both words, not as a phrase
    ]


def test_an_exact_code_comes_first():
    assert selectors.facility_list(q="01001")[0].code == "01001"


def test_facility_filters_narrow_the_list():
    sick_leave = selectors.facility_list(issues_sick_leave=True, province_code="01")
    assert sick_leave.exists() and all(f.issues_sick_leave for f in sick_leave[:50])
    primary = selectors.facility_list(level="primary", province_code="01")
    assert all(f.level == "primary" for f in primary[:50])
    commune = MedicalFacility.objects.filter(commune__isnull=False).first().commune_id
    assert all(f.commune_id == commune for f in selectors.facility_list(commune_code=commune))


def test_the_api_ranks_and_pages(client):
    response = client.get("/api/v1/lookups/facilities", {"q": "hung phu"})
    assert response.status_code == 200
    body = response.json()
    assert body["items"][0]["name"] == "Trạm Y tế Xã Hưng Phú"
    assert body["count"] > 20 and body["pages"] == 2 and len(body["items"]) == 20
    second = client.get("/api/v1/lookups/facilities", {"q": "hung phu", "page": 2}).json()
    assert {i["code"] for i in second["items"]}.isdisjoint(i["code"] for i in body["items"])


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"page": 100000}, 422, "page_out_of_range"),
        ({"page": 0}, 422, "page_out_of_range"),
        ({"q": "tram", "page": 400}, 404, "page_not_found"),
        ({"q": "x" * 101}, 422, "query_too_long"),
        ({"level": "tuyen-9"}, 422, "level_invalid"),
        ({"page": "abc"}, 422, "invalid"),
    ],
)
def test_bad_parameters_get_a_clear_4xx(client, params, status, code):
    response = client.get("/api/v1/lookups/facilities", params)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


@pytest.mark.parametrize("params", [{"lat": 91, "lon": 105}, {"lat": 21, "lon": 181}, {"lat": 21}])
def test_impossible_coordinates_are_refused(client, params):
    response = client.get("/api/v1/lookups/agencies", params)
    assert response.status_code == 422
    assert response.json()["error"]["code"].startswith("coordinates_")


def test_near_me_puts_the_nearest_agency_first(client):
    target = Agency.objects.get(code="79000")
    response = client.get(
        "/api/v1/lookups/agencies",
        {"lat": float(target.latitude) + 0.001, "lon": float(target.longitude)},
    )
    items = response.json()["items"]
    assert items[0]["code"] == "79000" and items[0]["distance_km"] < 1
    distances = [i["distance_km"] for i in items]
    assert distances == sorted(distances)


def test_agencies_carry_address_phone_and_working_hours(client):
    item = client.get("/api/v1/lookups/agencies", {"q": "79000"}).json()["items"][0]
    assert item["address"].startswith("117C Nguyễn Đình Chính")
    assert item["phone"] and item["working_hours"].startswith("Thứ Hai")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/lookups/facilities", {"q": "tram"}),
        ("/api/v1/lookups/facilities", {"province": "01", "issues_sick_leave": "true"}),
        ("/api/v1/lookups/employers", {"q": "cong ty"}),
        ("/api/v1/lookups/collection-points", {"q": "buu dien"}),
        ("/api/v1/lookups/agencies", {"q": "bao hiem"}),
        ("/api/v1/lookups/agencies", {"lat": 21.0, "lon": 105.8}),
        ("/api/v1/support/news", {}),
    ],
)
def test_every_list_endpoint_makes_a_fixed_number_of_queries(client, path, params):
    from openvss.support.models import Article

    province = Agency.objects.first().province
    for i in range(25):  # more than a page of everything
        employer = Employer(code=f"Q{i:05d}", province=province)
        employer.set_name(f"Công ty số {i}")
        employer.save()
        Article.objects.create(
            slug=f"tin-{i}", title=f"Tin {i}", category="hoat-dong-nganh", body_html="<p>x</p>",
            is_published=True, published_at="2026-01-01T00:00:00Z",
        )  # fmt: skip
    client.get(path, params)  # warm caches (content types…)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200 and len(response.json()["items"]) > 1
    assert len(queries) == 2  # the page's keys with the total, then its rows


def test_employers_and_collection_points_are_searchable(client):
    province = Agency.objects.first().province
    employer = Employer(code="TN00001", tax_code="0101234567", province=province)
    employer.set_name("Công ty TNHH Ví Dụ")
    employer.save()
    by_name = client.get("/api/v1/lookups/employers", {"q": "vi du"}).json()
    by_tax = client.get("/api/v1/lookups/employers", {"q": "0101234567"}).json()
    assert by_name["items"][0]["code"] == by_tax["items"][0]["code"] == "TN00001"
    points = client.get(
        "/api/v1/lookups/collection-points", {"q": "buu dien phuong ba dinh"}
    ).json()
    assert points["items"][0]["name"] == "Bưu điện Phường Ba Đình"


@pytest.mark.parametrize(
    "url",
    [
        "/tra-cuu/",
        "/tra-cuu/ma-so-bhxh/",
        "/tra-cuu/co-quan-bhxh/",
        "/tra-cuu/co-quan-bhxh/?q=ho+chi+minh",
        "/tra-cuu/co-quan-bhxh/?lat=10.8&lon=106.7",
        "/tra-cuu/co-so-kcb/",
        "/tra-cuu/co-so-kcb/?danh_sach=cap-giay-nghi-viec&province=01&level=basic",
        "/tra-cuu/co-so-kcb/?danh_sach=hop-dong-bhyt&province=79&ban_dau=on",
        "/tra-cuu/don-vi-tham-gia/",
        "/tra-cuu/diem-thu/?q=buu+dien",
    ],
)
def test_lookup_pages_render_for_a_guest(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"<h1>" in response.content


def test_the_facility_page_ranks_a_name_typed_without_diacritics_first(client):
    page = client.get("/tra-cuu/co-so-kcb/", {"q": "tram y te xa hung phu"}).content.decode()
    first = page.index('data-facility="')
    assert page[first : first + 30].startswith('data-facility="33063"')


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?q=" + "a" * 101, 400),
        ("?lat=95&lon=10", 400),
        ("?page=99999", 400),
        ("?q=tram&page=400", 404),
    ],
)
def test_lookup_pages_answer_bad_parameters_with_a_vietnamese_4xx(client, query, status):
    url = "/tra-cuu/co-quan-bhxh/" if "lat" in query else "/tra-cuu/co-so-kcb/"
    response = client.get(url + query)
    assert response.status_code == status
    assert "Vui lòng kiểm tra lại" in response.content.decode() or status == 404


def test_the_agency_page_has_the_map_and_its_markers(client):
    page = client.get("/tra-cuu/co-quan-bhxh/", {"province": "79"}).content.decode()
    assert "data-map" in page and 'id="agency-markers"' in page
    assert "leaflet-1.9.4/leaflet.js" in page and "117C Nguyễn Đình Chính" in page


def test_the_tile_server_is_allowed_by_the_content_security_policy(client, settings):
    response = client.get("/tra-cuu/co-quan-bhxh/")
    assert "https://tile.openstreetmap.org" in response["Content-Security-Policy"]
