"""Look-ups of places. Every search ignores diacritics: "benh vien da khoa" finds
"Bệnh viện Đa khoa"."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from openvss.domain.text import fold, nfc

from .models import (
    Agency,
    CollectionPoint,
    Commune,
    Employer,
    LegacyProvince,
    MedicalFacility,
    Province,
)


def _name_matches(q: str) -> Q:
    """Every word of the query appears in the folded name (at most six words)."""
    condition = Q()
    for word in fold(q).split(" ")[:6]:
        condition &= Q(name_folded__contains=word)
    return condition


def _search(qs: QuerySet, q: str | None, *, code_field: str | None = None) -> QuerySet:
    """Filter by name words, or by exact code when the query is a code."""
    if not q or not q.strip():
        return qs
    condition = _name_matches(q)
    if code_field:
        condition |= Q(**{code_field: q.strip().upper()})
    return qs.filter(condition)


def province_list() -> QuerySet[Province]:
    return Province.objects.order_by("code")


def commune_list(*, province_code: str, q: str | None = None) -> QuerySet[Commune]:
    return _search(Commune.objects.filter(province_id=province_code), q).order_by("name_folded")


def agency_list(*, q: str | None = None, province_code: str | None = None) -> QuerySet[Agency]:
    qs = Agency.objects.select_related("province")
    if province_code:
        qs = qs.filter(province_id=province_code)
    return _search(qs, q, code_field="code").order_by("code")


def facility_list(
    *,
    q: str | None = None,
    province_code: str | None = None,
    bhyt_contracted: bool | None = None,
    issues_sick_leave: bool | None = None,
) -> QuerySet[MedicalFacility]:
    qs = MedicalFacility.objects.select_related("province")
    if province_code:
        qs = qs.filter(province_id=province_code)
    if bhyt_contracted is not None:
        qs = qs.filter(bhyt_contracted=bhyt_contracted)
    if issues_sick_leave is not None:
        qs = qs.filter(issues_sick_leave=issues_sick_leave)
    return _search(qs, q, code_field="code").order_by("code")


def employer_list(*, q: str | None = None, province_code: str | None = None) -> QuerySet[Employer]:
    qs = Employer.objects.select_related("province")
    if province_code:
        qs = qs.filter(province_id=province_code)
    return _search(qs, q, code_field="code").order_by("code")


def collection_point_list(
    *, q: str | None = None, province_code: str | None = None
) -> QuerySet[CollectionPoint]:
    qs = CollectionPoint.objects.select_related("commune")
    if province_code:
        qs = qs.filter(commune__province_id=province_code)
    return _search(qs, q).order_by("code")


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
