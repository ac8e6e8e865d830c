"""Cấp lại, đổi thẻ BHYT for the phone app (/api/v1/me/card-requests/...): the signed-in
citizen's own card only. A second request of a kind while one is open answers 409, so a
repeated POST never opens two dossiers. Facilities to choose from: /api/v1/lookups/facilities."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from openvss.accounts.api import bearer
from openvss.legal.selectors import parameters_on
from openvss.people import services as people_services

from . import engine
from .kinds.card_correction import card_correction_submit
from .kinds.card_reissue import card_reissue_submit
from .kinds.facility_change import facility_change_submit
from .models import Dossier

router = Router(tags=["Cấp lại, đổi thẻ BHYT"], auth=bearer)


class CardRequestOut(Schema):
    id: int
    number: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    submitted_at: datetime
    deadline_days: int | None = Field(None, description="Thời hạn giải quyết (ngày làm việc)")


def _out(dossier: Dossier) -> Status:
    return Status(
        201,
        {
            "id": dossier.pk,
            "number": dossier.number,
            "kind": dossier.kind,
            "kind_label": str(dossier.get_kind_display()),
            "status": dossier.status,
            "status_label": str(dossier.get_status_display()),
            "submitted_at": dossier.submitted_at,
            "deadline_days": (engine.deadline_of(dossier) or (None,))[0],
        },
    )


class CardReissueIn(Schema):
    reason: str = Field(..., max_length=20, examples=["lost"], description="lost | damaged")
    note: str = Field("", max_length=500)


@router.post(
    "/me/card-requests/reissue",
    response={201: CardRequestOut},
    summary="Đề nghị cấp lại thẻ BHYT (mất thẻ, hỏng thẻ)",
)
def card_reissue(request, payload: CardReissueIn):
    return _out(card_reissue_submit(user=request.user, reason=payload.reason, note=payload.note))


class CardCorrectionIn(Schema):
    citizen_id: str = Field(..., max_length=20, description="Số CCCD trên giấy tờ")
    full_name: str = Field("", max_length=120, description="Họ và tên đúng; trống nếu không sửa")
    birth_date: date | None = Field(None, description="Ngày sinh đúng; trống nếu không sửa")
    sex: int | None = Field(None, description="1 Nam, 2 Nữ; trống nếu không sửa")
    note: str = Field("", max_length=500)


@router.post(
    "/me/card-requests/corrections",
    response={201: CardRequestOut},
    summary="Đề nghị sửa thông tin trên thẻ BHYT (kèm ảnh CCCD)",
)
def card_correction(
    request,
    form: Form[CardCorrectionIn],
    id_front: UploadedFile = File(None),
    id_back: UploadedFile = File(None),
):
    return _out(
        card_correction_submit(user=request.user, id_front=id_front, id_back=id_back, **form.dict())
    )


class FacilityChangeIn(Schema):
    facility_code: str = Field(..., max_length=5, examples=["01002"])
    note: str = Field("", max_length=500)


@router.post(
    "/me/card-requests/facility-changes",
    response={201: CardRequestOut},
    summary="Đề nghị đổi nơi đăng ký KCB ban đầu (đầu mỗi quý)",
)
def facility_change(request, payload: FacilityChangeIn):
    return _out(
        facility_change_submit(
            user=request.user, facility_code=payload.facility_code, note=payload.note
        )
    )


class FacilityWindowOut(Schema):
    open: bool
    days: int
    start: date
    end: date
    next_start: date
    next_end: date
    source: str = Field(..., description="Căn cứ pháp lý của số ngày")


@router.get(
    "/me/card-requests/facility-window",
    response=FacilityWindowOut,
    summary="Thời gian được đổi nơi đăng ký KCB ban đầu",
)
def facility_window(request):
    today = timezone.localdate()
    window = people_services.facility_change_window_on(today)
    upcoming = people_services.facility_change_window_on(window.next_start)
    days, source = parameters_on([people_services.FACILITY_CHANGE_DAYS], today)[
        people_services.FACILITY_CHANGE_DAYS
    ]
    return {
        "open": window.open, "days": int(days), "start": window.start, "end": window.end,
        "next_start": upcoming.start, "next_end": upcoming.end, "source": source,
    }  # fmt: skip
