"""Registration through the API, as a phone app does it (DESIGN.md: the API surface).

The applicant has no account yet: the dossier is reached with the ``X-Dossier-Key`` header
returned at submission. A wrong key answers 404, exactly like a missing dossier.
"""

from datetime import date, datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Header, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from openvss.accounts.api import bearer
from openvss.audit.models import AccessLog
from openvss.audit.services import access_record
from openvss.core.ratelimit import client_ip
from openvss.errors import Conflict, NotFound

from . import engine, services
from .declaration import declaration_pdf
from .kinds.adjustment import adjustment_submit
from .kinds.stop import stop_submit
from .kinds.visit_dispute import (
    dispute_facility_answer,
    disputes_for_facility,
    visit_dispute_open,
)
from .models import Dossier

router = Router(tags=["Đăng ký giao dịch điện tử"])


class RegistrationIn(Schema):
    bhxh_code: str
    full_name: str
    birth_date: date
    citizen_id: str
    commune_code: str
    address_line: str
    phone: str
    email: str = ""
    agency_code: str
    # The employer's code when the employee's HR confirms the declaration first (issue 14).
    org_code: str = ""


class SubmittedOut(Schema):
    id: int
    status: str
    access_key: str
    otp_sent_to: str
    population_check: str  # "matched" shows the green tick; "not_found" is checked at the agency


class ConfirmIn(Schema):
    otp: str


class DossierOut(Schema):
    id: int
    kind: str
    status: str
    number: str | None
    agency_code: str
    submitted_at: datetime | None
    expires_at: datetime | None
    declaration_url: str

    @staticmethod
    def resolve_agency_code(obj):
        return obj.agency.code

    @staticmethod
    def resolve_declaration_url(obj):
        return f"/api/v1/registrations/{obj.pk}/declaration.pdf" if obj.number else ""


class ResentOut(Schema):
    otp_sent_to: str


class ChildAccountIn(Schema):
    child_bhxh_code: str
    child_full_name: str
    agency_code: str


@router.post(
    "/registrations", response={201: SubmittedOut}, summary="Gửi tờ khai đăng ký (Mẫu số 01)"
)
def create_registration(
    request,
    form: Form[RegistrationIn],
    portrait: UploadedFile = File(None),
    id_front: UploadedFile = File(None),
    id_back: UploadedFile = File(None),
):
    submitted = services.registration_submit(
        **form.dict(),
        portrait=portrait,
        id_front=id_front,
        id_back=id_back,
        client_ip=client_ip(request),
    )
    return Status(
        201,
        {
            "id": submitted.dossier.pk,
            "status": submitted.dossier.status,
            "access_key": submitted.access_key,
            "otp_sent_to": submitted.otp_sent_to,
            "population_check": submitted.dossier.data["population_check"],
        },
    )


@router.post(
    "/registrations/{dossier_id}/confirm",
    response=DossierOut,
    summary="Xác thực OTP và gửi tờ khai",
)
def confirm_registration(
    request, dossier_id: int, payload: ConfirmIn, x_dossier_key: str = Header("")
):
    dossier = services.dossier_for_applicant(dossier_id=dossier_id, access_key=x_dossier_key)
    return services.dossier_confirm(dossier=dossier, otp=payload.otp)


@router.post("/registrations/{dossier_id}/resend-otp", response=ResentOut, summary="Gửi lại mã OTP")
def resend_otp(request, dossier_id: int, x_dossier_key: str = Header("")):
    dossier = services.dossier_for_applicant(dossier_id=dossier_id, access_key=x_dossier_key)
    return {"otp_sent_to": services.dossier_resend_otp(dossier=dossier)}


@router.get("/registrations/{dossier_id}", response=DossierOut, summary="Trạng thái hồ sơ")
def get_registration(request, dossier_id: int, x_dossier_key: str = Header("")):
    return services.dossier_for_applicant(dossier_id=dossier_id, access_key=x_dossier_key)


@router.get("/registrations/{dossier_id}/declaration.pdf", summary="Xem tờ khai (PDF)")
def registration_declaration(request, dossier_id: int, x_dossier_key: str = Header("")):
    dossier = services.dossier_for_applicant(dossier_id=dossier_id, access_key=x_dossier_key)
    if dossier.status == Dossier.Status.AWAITING_OTP:
        raise Conflict(
            _("Tờ khai chưa được gửi: vui lòng xác thực OTP trước."), code="not_submitted"
        )
    response = HttpResponse(declaration_pdf(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="to-khai-{dossier.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- A signed-in citizen's requests (bearer token) ---------------------------------------

me_router = Router(tags=["Hồ sơ của tôi"], auth=bearer)


class MyRequestOut(Schema):
    """A request just sent; ``status`` awaiting_otp means: confirm with the OTP sent to
    ``otp_sent_to`` (POST /me/dossiers/{id}/confirm)."""

    id: int
    kind: str
    status: str
    number: str | None
    otp_sent_to: str = ""


def _request_out(dossier: Dossier, sent_to: str = "") -> dict:
    return {
        "id": dossier.pk,
        "kind": dossier.kind,
        "status": dossier.status,
        "number": dossier.number,
        "otp_sent_to": sent_to or getattr(dossier, "otp_sent_to", ""),
    }


class EtxAdjustmentIn(Schema):
    phone: str = ""
    email: str = ""
    cert_serial: str = ""
    cert_issuer: str = ""
    cert_valid_from: date | None = None
    cert_valid_to: date | None = None


class EtxStopIn(Schema):
    reason: str
    confirm: bool = False


class VisitDisputeIn(Schema):
    reason: str = Field(..., description="not_visited | not_received | wrong_cost | other")
    note: str = ""
    confirm: bool = False


class LinkedChildOut(Schema):
    bhxh_code: str
    full_name: str
    birth_date: date


@me_router.post(
    "/me/e-transactions/adjustment", response={201: MyRequestOut},
    summary="Điều chỉnh thông tin giao dịch điện tử (Mẫu 01, mục 2)",
)  # fmt: skip
def adjust_etransactions(request, payload: EtxAdjustmentIn):
    return Status(201, _request_out(adjustment_submit(user=request.user, **payload.dict())))


@me_router.post(
    "/me/e-transactions/stop", response={201: MyRequestOut},
    summary="Ngừng sử dụng giao dịch điện tử (Mẫu 01, mục 3)",
)  # fmt: skip
def stop_etransactions(request, payload: EtxStopIn):
    return Status(201, _request_out(stop_submit(user=request.user, **payload.dict())))


@me_router.get("/me/children", response=list[LinkedChildOut], summary="Con đã liên kết")
def my_children(request):
    if request.user.person_id is None:
        return []
    return list(request.user.person.wards.order_by("birth_date", "pk"))


@me_router.post(
    "/me/children", response={201: MyRequestOut}, summary="Đăng ký tài khoản cho con (gửi OTP)"
)
def register_child(
    request,
    form: Form[ChildAccountIn],
    birth_certificate: UploadedFile = File(None),
    portrait: UploadedFile = File(None),
):
    submitted = services.child_account_submit(
        parent=request.user, birth_certificate=birth_certificate, portrait=portrait, **form.dict()
    )
    return Status(201, _request_out(submitted.dossier, submitted.otp_sent_to))


def _own_awaiting(request, dossier_id: int) -> Dossier:
    dossier = (
        Dossier.objects.select_related("agency", "person")
        .filter(pk=dossier_id, applicant=request.user)
        .first()
    )
    if dossier is None:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier


@me_router.post(
    "/me/dossiers/{dossier_id}/confirm", response=MyRequestOut,
    summary="Xác thực OTP của hồ sơ vừa gửi",
)  # fmt: skip
def confirm_my_dossier(request, dossier_id: int, payload: ConfirmIn):
    dossier = engine.confirm(dossier=_own_awaiting(request, dossier_id), otp=payload.otp)
    return _request_out(dossier)


@me_router.post(
    "/me/dossiers/{dossier_id}/resend-otp", response=MyRequestOut, summary="Gửi lại mã OTP"
)
def resend_my_otp(request, dossier_id: int):
    dossier = _own_awaiting(request, dossier_id)
    return _request_out(dossier, engine.resend_otp(dossier=dossier))


@me_router.post(
    "/me/visits/{visit_id}/dispute", response={201: MyRequestOut},
    summary="Phản ánh lượt khám chữa bệnh không sử dụng",
)  # fmt: skip
def dispute_visit(request, visit_id: int, payload: VisitDisputeIn):
    dossier = visit_dispute_open(user=request.user, visit_id=visit_id, **payload.dict())
    return Status(201, _request_out(dossier))


# --- The facility's channel (its API key; mounted with the facility key in openvss/api.py) ---

clinic_router = Router(tags=["Cơ sở khám chữa bệnh"])


class FacilityDisputeOut(Schema):
    id: int
    number: str
    visit_id: int
    admitted_on: date
    reason: str
    question: str
    asked_at: datetime


class FacilityAnswerIn(Schema):
    answer: str = Field(..., max_length=1000)


class FacilityAnsweredOut(Schema):
    id: int
    number: str
    status: str


@clinic_router.get(
    "/clinic/disputes", response=list[FacilityDisputeOut],
    summary="Phản ánh của người bệnh chờ cơ sở KCB giải trình",
)  # fmt: skip
def facility_disputes(request):
    key = request.auth
    rows = list(disputes_for_facility(facility_id=key.facility_id)[:200])
    for dossier in rows:  # the person's case is read by the facility: their access log says so
        access_record(
            person_id=dossier.person_id,
            action=AccessLog.Action.VISIT_RECORD,
            facility_id=key.facility_id,
            what=_("Phản ánh về lượt khám chữa bệnh"),
            why=_("Giải trình theo đề nghị của cơ quan BHXH"),
            outcome=dossier.number or "",
        )
    return [
        {
            "id": d.pk,
            "number": d.number,
            "visit_id": d.data["visit_id"],
            "admitted_on": d.data["admitted_on"],
            "reason": d.data.get("reason_text", ""),
            "question": d.data.get("facility_question", ""),
            "asked_at": d.data.get("facility_asked_at"),
        }
        for d in rows
    ]


@clinic_router.post(
    "/clinic/disputes/{dossier_id}/answer", response=FacilityAnsweredOut,
    summary="Cơ sở KCB trả lời phản ánh",
)  # fmt: skip
def facility_answer(request, dossier_id: int, payload: FacilityAnswerIn):
    dossier = dispute_facility_answer(
        dossier_id=dossier_id, facility_id=request.auth.facility_id, answer=payload.answer
    )
    return {"id": dossier.pk, "number": dossier.number, "status": dossier.status}
