"""Public look-ups: provinces and communes, agencies, facilities, employers, collection points."""

from decimal import Decimal

from ninja import Router, Schema
from ninja.pagination import paginate

from openvss.core.params import Latitude, Longitude, Pages

from . import selectors

router = Router(tags=["Tra cứu"])


class ProvinceOut(Schema):
    code: str
    name: str
    division_type: str


class CommuneOut(Schema):
    code: str
    name: str
    division_type: str


class AgencyOut(Schema):
    code: str
    name: str
    level: str
    province_code: str
    address: str
    phone: str
    latitude: Decimal | None
    longitude: Decimal | None

    @staticmethod
    def resolve_province_code(obj):
        return obj.province_id


class FacilityOut(Schema):
    code: str
    name: str
    level: str
    province_code: str
    address: str
    bhyt_contracted: bool
    issues_sick_leave: bool

    @staticmethod
    def resolve_province_code(obj):
        return obj.province_id


class EmployerOut(Schema):
    code: str
    name: str
    address: str
    province_code: str

    @staticmethod
    def resolve_province_code(obj):
        return obj.province_id


class CollectionPointOut(Schema):
    code: str
    name: str
    address: str
    operator: str
    commune_code: str

    @staticmethod
    def resolve_commune_code(obj):
        return obj.commune_id


@router.get("/provinces", response=list[ProvinceOut], summary="Danh sách 34 tỉnh, thành phố")
def list_provinces(request):
    return selectors.province_list()


@router.get(
    "/provinces/{code}/communes", response=list[CommuneOut], summary="Xã, phường của một tỉnh"
)
@paginate(Pages, page_size=200)
def list_communes(request, code: str, q: str | None = None):
    return selectors.commune_list(province_code=code, q=q)


@router.get("/agencies", response=list[AgencyOut], summary="Tra cứu cơ quan BHXH")
@paginate(Pages, page_size=50)
def list_agencies(request, q: str | None = None, province: str | None = None):
    return selectors.agency_list(q=q, province_code=province)


@router.get("/facilities", response=list[FacilityOut], summary="Tra cứu cơ sở khám chữa bệnh")
@paginate(Pages, page_size=50)
def list_facilities(
    request,
    q: str | None = None,
    province: str | None = None,
    bhyt_contracted: bool | None = None,
    issues_sick_leave: bool | None = None,
):
    return selectors.facility_list(
        q=q,
        province_code=province,
        bhyt_contracted=bhyt_contracted,
        issues_sick_leave=issues_sick_leave,
    )


@router.get("/employers", response=list[EmployerOut], summary="Tra cứu đơn vị tham gia BHXH")
@paginate(Pages, page_size=50)
def list_employers(request, q: str | None = None, province: str | None = None):
    return selectors.employer_list(q=q, province_code=province)


@router.get(
    "/collection-points", response=list[CollectionPointOut], summary="Tra cứu điểm thu, đại lý thu"
)
@paginate(Pages, page_size=50)
def list_collection_points(request, q: str | None = None, province: str | None = None):
    return selectors.collection_point_list(q=q, province_code=province)


@router.get(
    "/agencies/nearest",
    response=list[AgencyOut],
    summary="Cơ quan BHXH tiếp nhận hồ sơ, gần nhất trước",
)
def nearest_agencies(
    request, province: str | None = None, lat: Latitude | None = None, lon: Longitude | None = None
):
    return selectors.agencies_nearest(province_code=province, latitude=lat, longitude=lon)
