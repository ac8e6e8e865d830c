"""Tracking through the API (issue 12, item 3): ``GET /me/dossiers`` for the signed-in
citizen, ``POST /dossiers/track`` for a guest with the dossier number, the mã số BHXH and a
captcha from ``/lookups/captcha``."""

from datetime import date, datetime

from ninja import Router, Schema

from openvss.accounts.api import bearer
from openvss.core.ratelimit import client_ip

from . import selectors, tracking

router = Router(tags=["Theo dõi hồ sơ"])


class TrackingEventOut(Schema):
    at: datetime
    status: str
    label: str
    note: str


class TrackedDossierOut(Schema):
    number: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    submitted_at: datetime | None
    agency_code: str
    agency_name: str
    is_open: bool
    expected_from_citizen: str
    deadline: date | None
    timeline: list[TrackingEventOut]


def _out(t: selectors.Tracking) -> dict:
    return {
        "number": t.number, "kind": t.dossier.kind, "kind_label": t.kind_label,
        "status": t.dossier.status, "status_label": t.status_label,
        "submitted_at": t.dossier.submitted_at, "agency_code": t.dossier.agency.code,
        "agency_name": t.dossier.agency.name, "is_open": t.is_open,
        "expected_from_citizen": t.expected_from_citizen, "deadline": t.deadline,
        "timeline": [
            {"at": e.at, "status": e.status, "label": e.label, "note": e.note} for e in t.timeline
        ],
    }  # fmt: skip


@router.get("/me/dossiers", response=list[TrackedDossierOut], auth=bearer, summary="Hồ sơ của tôi")
def my_dossiers(request):
    """Every dossier the citizen filed or that is about them, newest first (at most 100):
    status, timeline of events, what is expected from the citizen, deadline."""
    return [_out(t) for t in selectors.dossiers_of_citizen(user=request.user)]


class DossierTrackIn(Schema):
    number: str
    bhxh_code: str
    captcha_key: str
    captcha_value: str


class DossierTrackOut(Schema):
    found: bool
    message: str
    dossier: TrackedDossierOut | None


@router.post(
    "/dossiers/track", response=DossierTrackOut, summary="Tra cứu hồ sơ (không cần tài khoản)"
)
def track_dossier(request, payload: DossierTrackIn):
    """The same answer (``found: false``) for a wrong number and a wrong code; a guest sees
    status and dates only, never names or officers' notes. Rate-limited per caller and per
    number; 422 for a wrong captcha or a malformed code, 429 when limited."""
    found = tracking.dossier_guest_track(
        number=payload.number,
        bhxh_code=payload.bhxh_code,
        ip=client_ip(request),
        captcha_key=payload.captcha_key,
        captcha_value=payload.captcha_value,
    )
    if found is None:
        return {"found": False, "message": str(tracking.NOT_FOUND), "dossier": None}
    return {"found": True, "message": "", "dossier": _out(found)}
