"""The HR desk's API, ``/api/v1/org/…`` (an organisation user's device token that passed
the organisation's second factor: ``access.org_bearer``). Same services and selectors as
the pages; every answer reaches only the organisation's own rows."""

from datetime import date, datetime

from django.http import HttpResponse
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from openvss.core.params import MAX_PAGE
from openvss.dossiers.declaration import declarations_pdf

from . import hr_selectors, hr_services, xlsx
from .access import org_bearer

router = Router(tags=["Tổ chức – bàn nhân sự"], auth=org_bearer)


class OrgEmployeeOut(Schema):
    id: int
    bhxh_code: str
    full_name: str
    birth_date: date
    e_status: str = Field(description="none | pending | active")


class OrgEmployeePageOut(Schema):
    items: list[OrgEmployeeOut]
    count: int
    page: int
    pages: int


class _OrgDossierRow(Schema):
    """What a declaration row shows of its dossier (the declaration's ``dossier``)."""

    dossier_number: str | None
    dossier_status: str
    bhxh_code: str
    full_name: str

    @staticmethod
    def resolve_dossier_number(obj):
        return obj.dossier.number

    @staticmethod
    def resolve_dossier_status(obj):
        return obj.dossier.status

    @staticmethod
    def resolve_bhxh_code(obj):
        return obj.dossier.data.get("bhxh_code", "")

    @staticmethod
    def resolve_full_name(obj):
        return obj.dossier.full_name


class OrgDeclarationOut(_OrgDossierRow):
    id: int
    hr_status: str
    submitted_at: datetime | None
    batch_number: str | None

    @staticmethod
    def resolve_submitted_at(obj):
        return obj.dossier.submitted_at

    @staticmethod
    def resolve_batch_number(obj):
        return obj.batch.number if obj.batch_id else None


class OrgForwardIn(Schema):
    declarations: list[int] = Field(min_length=1, max_length=1000)


class OrgReturnIn(Schema):
    reason: str = Field("", description="Lý do trả lại (bắt buộc, 5–300 ký tự)")


class OrgBatchOut(Schema):
    id: int
    number: str
    source: str
    row_count: int
    submitted_at: datetime
    agency_code: str

    @staticmethod
    def resolve_agency_code(obj):
        return obj.agency.code


class OrgBatchRowOut(_OrgDossierRow):
    row: int | None
    decision_note: str

    @staticmethod
    def resolve_decision_note(obj):
        return obj.dossier.decision_note


class OrgBatchDetailOut(Schema):
    batch: OrgBatchOut
    counts: dict[str, int]
    rows: list[OrgBatchRowOut]
    page: int
    pages: int


class OrgRowErrorOut(Schema):
    row: int
    column: str
    header: str
    code: str
    message: str


class OrgBatchCheckOut(Schema):
    total: int
    valid: int
    errors: list[OrgRowErrorOut]


class OrgOwedSchemeOut(Schema):
    scheme: str
    months: int
    spans: list[str] = Field(description="mm/yyyy–mm/yyyy")


class OrgArrearOut(Schema):
    bhxh_code: str
    full_name: str
    schemes: list[OrgOwedSchemeOut]


Page = Query(1, ge=1, le=MAX_PAGE, description="Trang (bắt đầu từ 1)")


@router.get(
    "/org/employees",
    response=OrgEmployeePageOut,
    summary="Người lao động và tình trạng giao dịch điện tử",
)
def employees(request, q: str = Query("", max_length=60), status: str = "", page: int = Page):
    result = hr_selectors.employees_page(member=request.org_member, q=q, status=status, page=page)
    return {
        "items": [
            {
                "id": p.pk,
                "bhxh_code": p.bhxh_code,
                "full_name": p.full_name,
                "birth_date": p.birth_date,
                "e_status": p.e_status,
            }
            for p in result.items
        ],
        "count": result.count,
        "page": result.page,
        "pages": result.pages,
    }


@router.get(
    "/org/declarations",
    response=list[OrgDeclarationOut],
    summary="Tờ khai của người lao động chờ đơn vị xác nhận",
)
def declaration_queue(request):
    return hr_selectors.queue(member=request.org_member)


@router.get(
    "/org/declarations/{declaration_id}",
    response=OrgDeclarationOut,
    summary="Một tờ khai qua đơn vị",
)
def declaration(request, declaration_id: int):
    return hr_selectors.declaration_get(member=request.org_member, declaration_id=declaration_id)


@router.post(
    "/org/declarations/{declaration_id}/return",
    response=OrgDeclarationOut,
    summary="Trả lại tờ khai cho người lao động",
    description="Tờ khai rời hàng chờ của đơn vị, không chuyển cơ quan BHXH; người lao động "
    "nhận lý do qua tin nhắn/thư điện tử. Tờ khai của đơn vị khác: 404.",
)
def declaration_return(request, declaration_id: int, body: OrgReturnIn):
    return hr_services.declaration_return(
        member=request.org_member, declaration_id=declaration_id, reason=body.reason
    )


@router.post(
    "/org/forwards",
    response={201: OrgBatchOut},
    summary="Ký xác nhận và chuyển cơ quan BHXH theo lô",
)
def declarations_forward(request, body: OrgForwardIn):
    batch = hr_services.declarations_forward(
        member=request.org_member, declaration_ids=body.declarations
    )
    return Status(201, batch)


@router.get("/org/batches", response=list[OrgBatchOut], summary="Các lô tờ khai của đơn vị")
def batches(request):
    return hr_selectors.batches(member=request.org_member)


@router.get(
    "/org/batches/template.xlsx", summary="Tệp mẫu kê khai theo lô (.xlsx)", response={200: None}
)
def batch_template(request):
    response = HttpResponse(hr_selectors.batch_template(), content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-to-khai-theo-lo.xlsx"'
    return response


@router.post(
    "/org/batches/check",
    response=OrgBatchCheckOut,
    summary="Kiểm tra tệp kê khai theo lô (không lưu)",
)
def batch_check(request, file: UploadedFile = File(None)):
    checked = hr_services.batch_check(member=request.org_member, upload=file)
    return {
        "total": checked.total,
        "valid": len(checked.rows),
        "errors": hr_services.errors_shown(checked.errors),
    }


@router.post(
    "/org/batches",
    response={201: OrgBatchOut},
    summary="Gửi lô tờ khai (.xlsx)",
    description="Mọi dòng được kiểm tra trước khi lưu; có lỗi thì trả 422, `fields` ghi từng ô "
    "theo cách bảng tính gọi (“A7”: dòng 7, cột A) và không lưu dòng nào.",
)
def batch_submit(request, file: UploadedFile = File(None)):
    batch = hr_services.batch_submit(
        member=request.org_member, upload=file, file_name=getattr(file, "name", "")
    )
    return Status(201, batch)


@router.get(
    "/org/batches/{batch_id}",
    response=OrgBatchDetailOut,
    summary="Theo dõi lô: trạng thái từng dòng",
)
def batch(request, batch_id: int, page: int = Page):
    view = hr_selectors.batch_view(member=request.org_member, batch_id=batch_id, page=page)
    return {
        "batch": view.batch,
        "counts": view.counts,
        "rows": view.rows.items,
        "page": view.rows.page,
        "pages": view.rows.pages,
    }


@router.get(
    "/org/batches/{batch_id}/forms.pdf", summary="Tờ khai của lô để ký (PDF)", response={200: None}
)
def batch_pdf(
    request,
    batch_id: int,
    part: int = Query(1, ge=1, le=MAX_PAGE, description="Phần (250 tờ khai mỗi phần)"),
):
    batch, dossiers = hr_selectors.batch_dossiers(
        member=request.org_member, batch_id=batch_id, part=part
    )
    response = HttpResponse(
        declarations_pdf(dossiers, title=f"Lô tờ khai {batch.number}"),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/org/arrears",
    response=list[OrgArrearOut],
    summary="Số tháng đơn vị chưa đóng, theo người lao động",
)
def arrears(request):
    return [
        {
            "bhxh_code": r.bhxh_code,
            "full_name": r.full_name,
            "schemes": [
                {"scheme": s.scheme, "months": s.months, "spans": [f"{a}–{b}" for a, b in s.spans]}
                for s in r.schemes
            ],
        }
        for r in hr_selectors.arrears(member=request.org_member)
    ]
