"""/api/v1/lookups/…: the public look-ups, ranked and paginated, and the BHXH-code look-up."""

from datetime import date

from django.urls import reverse
from ninja import Field, Router, Schema

from openvss.core.captcha import captcha_check, captcha_new
from openvss.core.ratelimit import client_ip
from openvss.places import selectors

from . import services

router = Router(tags=["Tra cứu"])


class PlaceOut(Schema):
    code: str
    name: str
    address: str


class LookupAgencyOut(PlaceOut):
    level: str
    province_code: str
    province_name: str
    phone: str
    working_hours: str
    latitude: float | None
    longitude: float | None
    distance_km: float | None = None

    @staticmethod
    def resolve_province_code(obj):
        return obj.province_id

    @staticmethod
    def resolve_province_name(obj):
        return obj.province.name

    @staticmethod
    def resolve_distance_km(obj):
        return getattr(obj, "distance_km", None)


class LookupFacilityOut(PlaceOut):
    level: str
    level_label: str
    province_code: str
    commune_code: str | None
    phone: str
    bhyt_contracted: bool
    issues_sick_leave: bool
    accepts_initial_registration: bool

    @staticmethod
    def resolve_province_code(obj):
        return obj.province_id

    @staticmethod
    def resolve_commune_code(obj):
        return obj.commune_id

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()


class LookupEmployerOut(PlaceOut):
    tax_code: str
    province_code: str
    agency_name: str | None

    @staticmethod
    def resolve_province_code(obj):
        return obj.province_id

    @staticmethod
    def resolve_agency_name(obj):
        return obj.agency.name if obj.agency_id else None


class LookupCollectionPointOut(PlaceOut):
    phone: str
    operator: str
    commune_code: str
    commune_name: str
    province_name: str

    @staticmethod
    def resolve_commune_code(obj):
        return obj.commune_id

    @staticmethod
    def resolve_commune_name(obj):
        return obj.commune.name

    @staticmethod
    def resolve_province_name(obj):
        return obj.commune.province.name


class PageOut(Schema):
    count: int = Field(..., description="Số kết quả; quá 10.000 thì dừng đếm ở 10.001")
    page: int
    pages: int


class AgencyPage(PageOut):
    items: list[LookupAgencyOut]


class FacilityPage(PageOut):
    items: list[LookupFacilityOut]


class EmployerPage(PageOut):
    items: list[LookupEmployerOut]


class CollectionPointPage(PageOut):
    items: list[LookupCollectionPointOut]


@router.get("/lookups/agencies", response=AgencyPage, summary="Tra cứu cơ quan BHXH")
def lookup_agencies(
    request,
    q: str | None = None,
    province: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    page: int = 1,
):
    """By name or code, best match first; with ``lat`` and ``lon`` ("gần tôi"), nearest first
    with ``distance_km``."""
    point = selectors.coordinates_clean(lat, lon)
    if point:
        near = selectors.agencies_near(
            latitude=point[0], longitude=point[1], q=q, province_code=province
        )
        result = selectors.page_of(near, page=page)
        selectors.with_distances(result.items, latitude=point[0], longitude=point[1])
        return result
    return selectors.page_of(selectors.agency_list(q=q, province_code=province), page=page)


@router.get("/lookups/facilities", response=FacilityPage, summary="Tra cứu cơ sở KCB")
def lookup_facilities(
    request,
    q: str | None = None,
    province: str | None = None,
    commune: str | None = None,
    level: str | None = None,
    bhyt_contracted: bool | None = None,
    issues_sick_leave: bool | None = None,
    initial_registration: bool | None = None,
    page: int = 1,
):
    """Filters: province, commune, level (``primary``, ``basic``, ``specialised``), the two
    lists of the guide (``issues_sick_leave``, ``bhyt_contracted``) and first registration."""
    qs = selectors.facility_list(
        q=q,
        province_code=province,
        commune_code=commune,
        level=selectors.facility_level_clean(level),
        bhyt_contracted=bhyt_contracted,
        issues_sick_leave=issues_sick_leave,
        accepts_initial_registration=initial_registration,
    )
    return selectors.page_of(qs, page=page)


@router.get("/lookups/employers", response=EmployerPage, summary="Tra cứu đơn vị tham gia BHXH")
def lookup_employers(request, q: str | None = None, province: str | None = None, page: int = 1):
    return selectors.page_of(selectors.employer_list(q=q, province_code=province), page=page)


@router.get(
    "/lookups/collection-points",
    response=CollectionPointPage,
    summary="Tra cứu điểm thu, đại lý thu",
)
def lookup_collection_points(
    request,
    q: str | None = None,
    province: str | None = None,
    commune: str | None = None,
    page: int = 1,
):
    qs = selectors.collection_point_list(q=q, province_code=province, commune_code=commune)
    return selectors.page_of(qs, page=page)


class CaptchaOut(Schema):
    key: str
    image_url: str


@router.get("/lookups/captcha", response=CaptchaOut, summary="Mã kiểm tra (ảnh) cho tra cứu")
def lookup_captcha(request):
    key = captcha_new()
    return {"key": key, "image_url": reverse("captcha-image", args=[key])}


class CodeLookupIn(Schema):
    full_name: str
    birth_date: date
    province: str
    id_number: str = ""
    captcha_key: str
    captcha_value: str


class CodeLookupOut(Schema):
    found: bool
    bhxh_code: str | None
    masked_name: str | None
    message: str


@router.post("/lookups/bhxh-code", response=CodeLookupOut, summary="Tra cứu mã số BHXH")
def lookup_bhxh_code(request, payload: CodeLookupIn):
    """Answers with the code only on one exact match; nobody and several people get the same
    neutral answer. Needs a captcha from ``/lookups/captcha``; rate-limited per caller."""
    captcha_check(key=payload.captcha_key, value=payload.captcha_value)
    return services.bhxh_code_lookup(
        full_name=payload.full_name,
        birth_date=payload.birth_date,
        province_code=payload.province,
        id_number=payload.id_number,
        ip=client_ip(request),
    )
