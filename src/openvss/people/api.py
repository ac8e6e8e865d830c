"""The citizen's own records for the phone app (/api/v1/me/...). Every answer is the
signed-in person's, or a linked child's card; anything else is 404."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Router, Schema

from openvss.core.params import Year
from openvss.errors import NotFound
from openvss.legal.selectors import benefit_percents

from . import selectors
from .cards import bhyt_qr_text, signed_payload

# Every operation needs the device's bearer token: openvss/api.py sets it when it mounts this
# router (the token lives in accounts, above people).
router = Router(tags=["Thông tin cá nhân"])


def _me(request, bhxh_code: str | None = None):
    person = selectors.person_visible_to(user=request.user, bhxh_code=bhxh_code)
    if person is None:
        raise NotFound()
    return person


class MeOut(Schema):
    bhxh_code: str
    full_name: str
    birth_date: date
    birth_year_only: bool
    sex: int
    citizen_id: str | None
    phone: str
    email: str
    address: str
    children: list[str]


@router.get("/me", response=MeOut, summary="Quản lý cá nhân")
def me(request):
    person = _me(request)
    address = ", ".join(
        p for p in (person.address_line, person.commune.name if person.commune else "",
                    person.commune.province.name if person.commune else "") if p
    )  # fmt: skip
    return {
        "bhxh_code": person.bhxh_code, "full_name": person.full_name, "birth_date": person.birth_date,
        "birth_year_only": person.birth_year_only, "sex": person.sex, "citizen_id": person.citizen_id,
        "phone": request.user.phone, "email": request.user.email, "address": address,
        "children": list(person.wards.values_list("bhxh_code", flat=True)),
    }  # fmt: skip


class CardOut(Schema):
    number: str
    code: str
    benefit_level: int
    benefit_percent: int
    group_code: str
    registered_facility_code: str
    registered_facility_name: str
    valid_from: date
    valid_to: date | None
    five_year_date: date | None
    area_code: str
    issuing_place: str
    qr: str
    signed_qr: str


@router.get("/me/card", response=CardOut, summary="Thẻ BHYT (của mình hoặc của con đã liên kết)")
def my_card(request, bhxh_code: str | None = None):
    card = selectors.card_current(person=_me(request, bhxh_code))
    if card is None:
        raise NotFound()
    return {
        "number": card.number, "code": card.code, "benefit_level": card.benefit_level,
        "benefit_percent": benefit_percents()[card.benefit_level], "group_code": card.group_code,
        "registered_facility_code": card.registered_facility.code,
        "registered_facility_name": card.registered_facility.name, "valid_from": card.valid_from,
        "valid_to": card.valid_to, "five_year_date": card.five_year_date, "area_code": card.area_code,
        "issuing_place": card.issuing_place, "qr": bhyt_qr_text(card), "signed_qr": signed_payload(card),
    }  # fmt: skip


class PeriodOut(Schema):
    from_month: str
    to_month: str
    employer: str
    occupation: str
    workplace: str
    wage: Decimal
    wage_coefficient: Decimal | None
    currency: str
    owed: bool
    overlaps: bool


class SchemeOut(Schema):
    scheme: str
    label: str
    total: str
    months: int
    owed_months: int
    rows: list[PeriodOut]


@router.get("/me/participation", response=list[SchemeOut], summary="Quá trình tham gia")
def my_participation(request):
    return [
        {
            "scheme": h.scheme, "label": str(h.label), "total": h.total, "months": h.months,
            "owed_months": h.owed_months,
            "rows": [
                {"from_month": r.period.from_month.strftime("%m/%Y"), "to_month": r.period.to_month.strftime("%m/%Y"),
                 "employer": r.period.employer.name if r.period.employer else "", "occupation": r.period.occupation,
                 "workplace": r.period.workplace, "wage": r.period.wage, "wage_coefficient": r.period.wage_coefficient,
                 "currency": r.period.currency, "owed": r.owed, "overlaps": r.overlaps}
                for r in h.rows
            ],
        }
        for h in selectors.participation_history(person=_me(request))
    ]  # fmt: skip


class BenefitOut(Schema):
    regime: str
    label: str
    # The app's tab (guide 004): mot-lan, om-dau-thai-san, hang-thang, that-nghiep.
    tab: str
    period_from: date
    period_to: date
    amount: Decimal
    paid_on: date | None
    paying_agency: str


@router.get("/me/benefits", response=list[BenefitOut], summary="Thông tin hưởng")
def my_benefits(request):
    return [
        {"regime": b.regime, "label": b.get_regime_display(), "tab": selectors.benefit_tab_of(b.regime), "period_from": b.period_from, "period_to": b.period_to,
         "amount": b.amount, "paid_on": b.paid_on, "paying_agency": b.paying_agency.name if b.paying_agency else ""}
        for b in selectors.benefits(person=_me(request))
    ]  # fmt: skip


class VisitOut(Schema):
    id: int
    facility_code: str
    facility_name: str
    kind: str
    admitted_on: date
    discharged_on: date
    icd10: str
    diagnosis: str
    total_cost: Decimal
    fund_paid: Decimal
    patient_paid: Decimal
    dispute: str = ""  # "" | open | upheld | dismissed: "đã phản ánh" and its outcome
    dispute_outcome: str = ""


@router.get(
    "/me/visits", response=list[VisitOut],
    summary="Sổ khám chữa bệnh theo năm (của mình hoặc của con đã liên kết)",
)  # fmt: skip
def my_visits(request, year: Year | None = None, bhxh_code: str | None = None):
    person = _me(request, bhxh_code)
    year = year or date.today().year
    return [
        {"id": v.pk, "facility_code": v.facility.code, "facility_name": v.facility.name, "kind": v.kind,
         "admitted_on": v.admitted_on, "discharged_on": v.discharged_on, "icd10": v.icd10, "diagnosis": v.diagnosis,
         "total_cost": v.total_cost, "fund_paid": v.fund_paid, "patient_paid": v.patient_paid,
         "dispute": v.dispute, "dispute_outcome": v.dispute_outcome}
        for v in selectors.visits(person=person, year=year)
    ]  # fmt: skip


class AccessOut(Schema):
    at: datetime
    who: str
    what: str
    why: str


@router.get("/me/access-log", response=list[AccessOut], summary="Ai đã xem dữ liệu của tôi")
def my_access_log(request):
    def who(log) -> str:
        if log.facility_id:
            return f"{log.facility.name} ({log.facility.code})"
        if log.officer_id:
            agency = log.officer.agency.name if log.officer.agency_id else ""
            return f"Cán bộ BHXH {agency}".strip()
        return ""

    return [
        {"at": log.at, "who": who(log), "what": log.what, "why": log.why}
        for log in selectors.access_log(person=_me(request))
    ]
