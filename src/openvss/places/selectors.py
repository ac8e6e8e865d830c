"""Look-ups of places. Every search ignores diacritics: "benh vien da khoa" finds
"Bệnh viện Đa khoa"."""

from django.db.models import Q, QuerySet

from openvss.domain.text import fold

from .models import Agency, CollectionPoint, Commune, Employer, MedicalFacility, Province


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
