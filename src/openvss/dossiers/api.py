"""Registration through the API, as a phone app does it (DESIGN.md: the API surface).

The applicant has no account yet: the dossier is reached with the ``X-Dossier-Key`` header
returned at submission. A wrong key answers 404, exactly like a missing dossier.
"""

from datetime import date, datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from openvss.core.ratelimit import client_ip
from openvss.errors import Conflict

from . import services
from .declaration import declaration_pdf
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
