"""The facility API: card checks and visit recording with an API key (header X-API-Key),
and the public keys that verify the signed card QR offline."""

import json
import logging
from datetime import date
from decimal import Decimal

from django.db import DatabaseError, DataError
from django.http import HttpResponse
from ninja import Field, Header, Router, Schema
from ninja.responses import Status
from ninja.security import APIKeyHeader
from prometheus_client import Counter

from openvss.legal.selectors import benefit_percents

from . import selectors, services, signing


class FacilityKey(APIKeyHeader):
    param_name = "X-API-Key"

    def _get_key(self, request):
        return request.META.get("HTTP_X_API_KEY")  # request.headers parses every header

    def authenticate(self, request, key):
        return services.api_key_authenticate(key)


logger = logging.getLogger(__name__)
# Prometheus (core/metrics.py serves it at /metrics): card checks by the portal's result code.
CARD_CHECKS = Counter(
    "openvss_card_checks", "Clinic card checks by the portal's result code", ["result"]
)
router = Router(tags=["Cơ sở khám chữa bệnh"])
facility_key = FacilityKey()


class CardCheckIn(Schema):
    qr: str | None = Field(
        None,
        max_length=2000,
        description="Nội dung mã QR trên thẻ BHYT, hoặc mã QR có chữ ký số (VSS1.…) trên ứng dụng",
    )
    card_number: str | None = Field(
        None,
        max_length=20,
        examples=["0123456789"],
        description="Mã số (10 chữ số) hoặc mã thẻ 15 ký tự",
    )
    citizen_id: str | None = Field(
        None, max_length=12, description="Số CCCD/định danh (thay cho mã thẻ)"
    )
    full_name: str | None = Field(None, max_length=120, examples=["Nguyễn Văn An"])
    birth_date: str | None = Field(
        None, max_length=10, examples=["15/03/1990"], description="dd/mm/yyyy hoặc yyyy"
    )
    issued_on: str | None = Field(
        None,
        max_length=10,
        examples=["05/01/2026"],
        description=(
            "Ngày cấp in trên thẻ (dd/mm/yyyy), không bắt buộc; với mã QR thẻ thì lấy từ mã. "
            "Thẻ đã được cấp lại hoặc đổi giữ nguyên mã số: ngày cấp cho biết đó là thẻ cũ "
            "(mã 003/004, coverage là thẻ mới)."
        ),
    )


class CoverageFacilityOut(Schema):
    code: str
    name: str


class CoverageOut(Schema):
    card_number: str
    card_code: str
    group_code: str
    benefit_level: int
    benefit_percent: int
    registered_facility: CoverageFacilityOut
    registered_here: bool
    valid_from: date
    valid_to: date | None
    five_year_date: date | None
    area_code: str


class CardCheckOut(Schema):
    result_code: str = Field(..., examples=["000"])
    message: str = Field(..., examples=["Thông tin thẻ chính xác"])
    coverage: CoverageOut | None


@router.post(
    "/clinic/card-checks", response={200: CardCheckOut, 503: CardCheckOut}, auth=facility_key,
    summary="Kiểm tra thẻ BHYT (mã kết quả như cổng giám định BHYT)",
    openapi_extra={"requestBody": {"content": {"application/json": {"examples": {
        "card_number": {"value": {"card_number": "0123456789", "full_name": "Nguyễn Văn An", "birth_date": "15/03/1990"}},
        "legacy_code": {"value": {"card_number": "DN4790123456789", "full_name": "NGUYEN VAN AN", "birth_date": "15/03/1990"}},
        "citizen_id": {"value": {"citizen_id": "001090012345", "full_name": "Nguyễn Văn An", "birth_date": "15/03/1990"}},
    }}}}},
)  # fmt: skip
def check_card(request, payload: CardCheckIn):
    try:
        result = services.card_check(key=request.auth, **payload.dict())
    except DatabaseError as exc:
        # The portal's own codes, which the facility's software knows to retry or go manual
        # on: 100 when the card's data could not be read, 101 for any other server failure.
        logger.exception("card check failed")
        code = "100" if isinstance(exc, DataError) else "101"
        body = {"result_code": code, "message": services.RESULT_MESSAGES[code], "coverage": None}
        CARD_CHECKS.labels(result=code).inc()
        return Status(503, body)
    CARD_CHECKS.labels(result=result.result_code).inc()
    coverage = None
    if result.show_coverage and result.card is not None:
        card = result.card
        coverage = {
            "card_number": card.number, "card_code": card.code, "group_code": card.group_code,
            "benefit_level": card.benefit_level,
            "benefit_percent": benefit_percents()[card.benefit_level],
            "registered_facility": {"code": card.facility_code, "name": card.facility_name},
            "registered_here": card.registered_facility_id == request.auth.facility_id,
            "valid_from": _iso(card.valid_from), "valid_to": _iso(card.valid_to),
            "five_year_date": _iso(card.five_year_date), "area_code": card.area_code,
        }  # fmt: skip
    body = {"result_code": result.result_code, "message": result.message, "coverage": coverage}
    # Rendered here, in CardCheckOut's shape and field order, byte for byte as django-ninja
    # renders it (a test compares them): validating our own output through the schema
    # cost more than the rest of the answer (bench/README.md).
    return HttpResponse(json.dumps(body), content_type=JSON)


JSON = "application/json; charset=utf-8"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


class VisitIn(Schema):
    card_number: str = Field(..., max_length=20, examples=["0123456789"])
    kind: str = Field(
        "outpatient", examples=["outpatient"], description="outpatient | inpatient | day"
    )
    admitted_on: date
    discharged_on: date
    icd10: str = Field(..., max_length=10, examples=["J06.9"])
    diagnosis: str = Field(..., max_length=255, examples=["Nhiễm trùng đường hô hấp trên cấp"])
    total_cost: Decimal = Field(..., max_digits=14, decimal_places=0, examples=[350000])
    fund_paid: Decimal = Field(..., max_digits=14, decimal_places=0, examples=[280000])
    patient_paid: Decimal = Field(..., max_digits=14, decimal_places=0, examples=[70000])


class ClinicVisitOut(Schema):
    id: int
    facility_code: str
    card_number: str
    admitted_on: date
    discharged_on: date
    icd10: str
    total_cost: Decimal
    fund_paid: Decimal
    patient_paid: Decimal


@router.post(
    "/clinic/visits", response={200: ClinicVisitOut, 201: ClinicVisitOut}, auth=facility_key,
    summary="Ghi nhận lượt khám chữa bệnh (gửi kèm Idempotency-Key để gửi lại an toàn)",
)  # fmt: skip
def record_visit(
    request,
    payload: VisitIn,
    idempotency_key: str = Header(
        ...,
        alias="Idempotency-Key",
        min_length=1,
        max_length=services.IDEMPOTENCY_KEY_MAX,
        description="Bắt buộc; cùng khóa và cùng nội dung trả lại lượt khám đã ghi",
    ),
):
    visit, created = services.visit_record(
        key=request.auth,
        visit=services.VisitIn(**payload.dict()),
        idempotency_key=idempotency_key,
    )
    body = {
        "id": visit.pk, "facility_code": request.auth.facility.code, "card_number": visit.card.number,
        "admitted_on": visit.admitted_on, "discharged_on": visit.discharged_on, "icd10": visit.icd10,
        "total_cost": visit.total_cost, "fund_paid": visit.fund_paid, "patient_paid": visit.patient_paid,
    }  # fmt: skip
    return Status(201 if created else 200, body)


class QrKeyOut(Schema):
    key_id: str
    algorithm: str = "Ed25519"
    public_key: str = Field(..., description="32 byte khóa công khai, base64url")


@router.get(
    "/clinic/qr-keys",
    response=list[QrKeyOut],
    summary="Khóa công khai để kiểm tra mã QR có chữ ký số",
)
def qr_keys(request):
    signing.active_key()  # make sure at least one key is published
    return selectors.signing_keys_published()
