"""Look-ups of places. Every search ignores diacritics: "benh vien da khoa" finds
"Bệnh viện Đa khoa"."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Length, StrIndex
from django.utils.translation import gettext as _

from openvss.domain.text import fold, nfc
from openvss.errors import InvalidInput, NotFound

from .models import (
    Agency,
    CollectionPoint,
    Commune,
    Employer,
    LegacyProvince,
    MedicalFacility,
    Province,
)

MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 6


def search_query_clean(q: str | None) -> str:
    """The query NFC-normalised and trimmed; an overlong query is refused with a clear 422."""
    q = nfc(q or "")
    if len(q) > MAX_QUERY_LENGTH:
        message = _("Từ khóa tìm kiếm quá dài (tối đa %(n)d ký tự).") % {"n": MAX_QUERY_LENGTH}
        raise InvalidInput(message, code="query_too_long", fields={"q": [message]})
    return q


def _name_matches(q: str) -> Q:
    """Every word of the query appears in the folded name (at most six words)."""
    condition = Q()
    for word in fold(q).split(" ")[:MAX_QUERY_WORDS]:
        condition &= Q(name_folded__contains=word)
    return condition


def _search(qs: QuerySet, q: str | None, *, code_field: str | None = None) -> QuerySet:
    """Filter by name words (or the exact code when the query is a code) and rank.

    Ranking, best first: the exact code, the exact name, a name starting with the query (as
    whole words, then at all), the query as whole words inside the name, a word starting with
    the query, the query anywhere, then the words in any order; within a rank, the earlier the phrase and the shorter the name, the better.
    Everything compares folded forms, so diacritics and case never matter.
    """
    q = search_query_clean(q)
    folded = fold(q)
    if not folded:
        return qs.order_by(code_field or "pk")
    condition = _name_matches(q)
    position = StrIndex("name_folded", Value(folded))
    whens = []
    if code_field:
        code = q.upper()
        condition |= Q(**{code_field: code})
        whens.append(When(Q(**{code_field: code}), then=Value(0)))
    whens += [
        # Most candidates of a broad query hold the words but not the phrase: one strpos
        # settles them before any LIKE is tried.
        When(search_position=0, then=Value(7)),
        When(name_folded=folded, then=Value(1)),
        When(name_folded__startswith=folded + " ", then=Value(2)),
        When(search_position=1, then=Value(3)),
        When(
            Q(name_folded__endswith=" " + folded) | Q(name_folded__contains=f" {folded} "),
            then=Value(4),
        ),
        When(name_folded__contains=" " + folded, then=Value(5)),
    ]
    return (
        qs.filter(condition)
        .annotate(search_position=position)
        .annotate(
            search_rank=Case(*whens, default=Value(6), output_field=IntegerField()),
            search_length=Length("name_folded"),
        )
        .order_by("search_rank", "search_position", "search_length", code_field or "pk")
    )


def province_list() -> QuerySet[Province]:
    return Province.objects.order_by("code")


def commune_list(*, province_code: str, q: str | None = None) -> QuerySet[Commune]:
    qs = Commune.objects.filter(province_id=province_code)
    if not fold(q or ""):
        return qs.order_by("name_folded")
    return _search(qs, q, code_field="code")


def agency_by_code(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first() if code else None


def agency_list(*, q: str | None = None, province_code: str | None = None) -> QuerySet[Agency]:
    """BHXH agencies, by name or code, best match first (or by code without a query)."""
    qs = Agency.objects.select_related("province")
    if province_code:
        qs = qs.filter(province_id=province_code)
    return _search(qs, q, code_field="code")


def facility_list(
    *,
    q: str | None = None,
    province_code: str | None = None,
    commune_code: str | None = None,
    level: str | None = None,
    bhyt_contracted: bool | None = None,
    issues_sick_leave: bool | None = None,
    accepts_initial_registration: bool | None = None,
) -> QuerySet[MedicalFacility]:
    """Medical facilities with the guide's filters: province, commune, level, the two lists
    (issuing sick-leave certificates; contracted for BHYT) and first registration."""
    qs = MedicalFacility.objects.select_related("province", "commune")
    if province_code:
        qs = qs.filter(province_id=province_code)
    if commune_code:
        qs = qs.filter(commune_id=commune_code)
    if level:
        qs = qs.filter(level=level)
    if bhyt_contracted is not None:
        qs = qs.filter(bhyt_contracted=bhyt_contracted)
    if issues_sick_leave is not None:
        qs = qs.filter(issues_sick_leave=issues_sick_leave)
    if accepts_initial_registration is not None:
        qs = qs.filter(accepts_initial_registration=accepts_initial_registration)
    return _search(qs, q, code_field="code")


def employer_list(*, q: str | None = None, province_code: str | None = None) -> QuerySet[Employer]:
    """Employers (đơn vị tham gia BHXH), by name, unit code or tax code."""
    qs = Employer.objects.select_related("province", "agency")
    if province_code:
        qs = qs.filter(province_id=province_code)
    q = search_query_clean(q)
    if q.isdigit() and len(q) in (10, 13, 14):  # a tax code (mã số thuế)
        return qs.filter(Q(tax_code=q) | Q(code=q)).order_by("code")
    return _search(qs, q, code_field="code")


def collection_point_list(
    *, q: str | None = None, province_code: str | None = None, commune_code: str | None = None
) -> QuerySet[CollectionPoint]:
    """Collection points and agents (điểm thu, đại lý thu)."""
    qs = CollectionPoint.objects.select_related("commune", "commune__province")
    if province_code:
        qs = qs.filter(commune__province_id=province_code)
    if commune_code:
        qs = qs.filter(commune_id=commune_code)
    return _search(qs, q, code_field="code")


def agencies_nearest(*, province_code: str | None, latitude=None, longitude=None, limit: int = 30):
    """Agencies that receive dossiers, nearest first: from the given point, or else from the
    province's centre, so the applicant's own province comes first (seed: "nearest first")."""
    from math import cos, radians

    if (latitude is None or longitude is None) and province_code:
        centre = (
            Province.objects.filter(code=province_code).values_list("latitude", "longitude").first()
        )
        if centre:
            latitude, longitude = centre
    agencies = list(
        Agency.objects.filter(accepts_dossiers=True)
        .select_related("province")
        .only(
            "code",
            "name",
            "address",
            "phone",
            "latitude",
            "longitude",
            "province__name",
            "province_id",
        )
    )
    if latitude is None or longitude is None:
        return sorted(agencies, key=lambda a: a.code)[:limit]
    lat, lon = float(latitude), float(longitude)
    scale = cos(radians(lat))

    def distance(agency) -> float:  # equirectangular: exact enough to order within a country
        return (
            (float(agency.latitude) - lat) ** 2 + ((float(agency.longitude) - lon) * scale) ** 2
        ) ** 0.5

    return sorted(agencies, key=lambda a: (a.province_id != province_code, distance(a)))[:limit]


# Words that open an administrative unit's name in a written address, folded.
_UNIT_PREFIXES = ("thanh pho ", "tinh ", "tp. ", "tp.", "tp ", "phuong ", "xa ", "thi tran ",
                  "dac khu ", "quan ", "huyen ", "thi xa ", "p. ", "p.", "x. ", "q. ", "h. ", "tt. ")  # fmt: skip


def _bare(name: str) -> str:
    """A unit's name without its kind: "Thành phố Hồ Chí Minh" → "ho chi minh"."""
    folded = fold(name)
    for prefix in _UNIT_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :].strip(" .")
    return folded


@dataclass(frozen=True)
class ResolvedAddress:
    province_code: str | None
    commune_code: str | None
    street: str


def address_resolve(text: str) -> ResolvedAddress:
    """Split an address as the chip ID writes it ("12 Lê Lợi, Phường Bến Thành, Thành phố Hồ
    Chí Minh") into province, commune and the street line. A province named before the 2025
    merger maps to the province it joined; a commune that no longer exists is left unset."""
    parts = [part.strip() for part in nfc(text or "").split(",") if part.strip()]
    if not parts:
        return ResolvedAddress(None, None, "")
    provinces = {_bare(name): code for code, name in Province.objects.values_list("code", "name")}
    legacy = {
        _bare(name): code
        for name, code in LegacyProvince.objects.values_list("name", "merged_into_id")
    }
    province_code, end = None, len(parts)
    for index in range(len(parts) - 1, max(len(parts) - 3, -1), -1):
        bare = _bare(parts[index])
        if code := provinces.get(bare) or legacy.get(bare):
            province_code, end = code, index
            break
    commune_code, street_end = None, end
    if province_code:
        communes = {
            _bare(name): code
            for code, name in Commune.objects.filter(province_id=province_code).values_list(
                "code", "name"
            )
        }
        for index in range(end - 1, -1, -1):
            if code := communes.get(_bare(parts[index])):
                commune_code, street_end = code, index
                break
    # The street line is what comes before the first administrative unit.
    street = []
    for part in parts[:street_end]:
        if fold(part).startswith(_UNIT_PREFIXES) and street:
            break
        street.append(part)
    return ResolvedAddress(province_code, commune_code, ", ".join(street))


# --- paging and coordinates: bad parameters get a clear 4xx, never a 500 -----------------

MAX_PAGE = 500
PAGE_SIZE = 20


@dataclass(frozen=True)
class ResultPage:
    items: list
    count: int
    page: int
    pages: int
    page_size: int

    @property
    def count_capped(self) -> bool:
        """More matches than the pages that can be browsed: the page asks for more words."""
        return self.count > MAX_PAGE * self.page_size


def page_of(qs: QuerySet, *, page: int, page_size: int = PAGE_SIZE) -> ResultPage:
    """One page of a ranked look-up: 422 for a number out of range, 404 past the last page."""
    if page < 1 or page > MAX_PAGE:
        message = _("Số trang phải từ 1 đến %(max)d.") % {"max": MAX_PAGE}
        raise InvalidInput(message, code="page_out_of_range", fields={"page": [message]})
    start = (page - 1) * page_size
    if isinstance(qs, QuerySet):
        # One pass ranks, cuts and counts the narrow rows (keys, sort keys and the total of
        # the match); a second fetches the page with its joins. A broad query ("cong ty")
        # thus sorts thousands of keys once, not thousands of full rows twice.
        keyed = list(
            qs.annotate(search_total=Window(Count("pk"))).values_list("pk", "search_total")[
                start : start + page_size
            ]
        )
        count = keyed[0][1] if keyed else (qs.count() if page > 1 else 0)
        rows = {row.pk: row for row in _rows_by_key(qs, [key for key, _ in keyed])}
        items = [rows[key] for key, _ in keyed]
    else:
        count = len(qs)
        items = list(qs[start : start + page_size])
    pages = max(1, -(-count // page_size))
    if page > pages:
        raise NotFound(
            _("Không có trang %(page)d: kết quả chỉ có %(pages)d trang.")
            % {"page": page, "pages": pages},
            code="page_not_found",
        )
    return ResultPage(
        items=items,
        count=count,
        page=page,
        pages=pages,
        page_size=page_size,
    )


def _rows_by_key(qs: QuerySet, keys: list) -> QuerySet:
    """The rows of these keys with the joins of ``qs`` but without its filter and ranking,
    which the database would otherwise evaluate again."""
    if not keys:
        return qs.none()
    fetch = qs.model._default_manager.filter(pk__in=keys)
    fetch.query.select_related = qs.query.select_related
    return fetch


def coordinates_clean(latitude, longitude) -> tuple[float, float] | None:
    """A point from the browser's location: both or neither, each within the globe."""
    if latitude is None and longitude is None:
        return None
    if latitude is None or longitude is None:
        message = _("Cần cả vĩ độ và kinh độ.")
        raise InvalidInput(message, code="coordinates_incomplete", fields={"lat": [message]})
    lat, lon = float(latitude), float(longitude)
    if not (-90 <= lat <= 90) or not (-180 <= lon <= 180) or lat != lat or lon != lon:
        message = _("Tọa độ không hợp lệ (vĩ độ từ -90 đến 90, kinh độ từ -180 đến 180).")
        raise InvalidInput(message, code="coordinates_invalid", fields={"lat": [message]})
    return lat, lon


def agencies_near(
    *, latitude: float, longitude: float, q: str | None = None, province_code: str | None = None
) -> QuerySet[Agency]:
    """Agencies nearest first from a point ("gần tôi"). The database orders by an
    equirectangular distance (plain arithmetic, exact enough to order within a country);
    ``with_distances`` adds the great-circle ``distance_km`` to the page shown."""
    from math import cos, radians

    qs = Agency.objects.select_related("province").exclude(latitude__isnull=True)
    if province_code:
        qs = qs.filter(province_id=province_code)
    if fold(search_query_clean(q)):
        qs = qs.filter(_name_matches(q))
    scale = cos(radians(latitude))
    dlat = F("latitude") - Value(latitude, output_field=FloatField())
    dlon = (F("longitude") - Value(longitude, output_field=FloatField())) * Value(scale)
    return qs.annotate(
        distance_order=ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=FloatField())
    ).order_by("distance_order", "code")


def with_distances(agencies, *, latitude: float, longitude: float):
    """Set ``distance_km`` (haversine, 0.1 km) on each agency and return them."""
    from math import asin, cos, radians, sin, sqrt

    lat1, lon1 = radians(latitude), radians(longitude)
    for agency in agencies:
        lat2, lon2 = radians(float(agency.latitude)), radians(float(agency.longitude))
        h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
        agency.distance_km = round(6371 * 2 * asin(sqrt(h)), 1)
    return agencies


def facility_level_clean(level: str | None) -> str | None:
    """A level code (primary, basic, specialised), or a clear 422."""
    if not level:
        return None
    if level not in MedicalFacility.Level.values:
        message = _("Cấp chuyên môn không hợp lệ.")
        raise InvalidInput(message, code="level_invalid", fields={"level": [message]})
    return level
