"""Reads of dossiers. Tracking (issue 12, item 3) first: a citizen's own dossiers with their
timeline, what is expected of them and by when; the guest's look-up by number and mã số BHXH;
the owner-only answer to SMS "BH HS <số hồ sơ>". Other reads are appended below, never
reordered.

What is expected from the citizen and the processing deadline belong to each kind of
dossier (``engine.DossierKind.expected_from_citizen`` / ``deadline_key``). Until a kind
declares them, a small table by status answers (``_EXPECTED`` below); ``tracking_of`` is the
one place that chooses between the two.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Dossier, DossierEvent

MY_DOSSIERS_LIMIT = 100

# What the citizen has to do, by status (the fallback until a kind says it itself).
_EXPECTED = {
    Dossier.Status.RECEIVED: _(
        "Không cần làm gì thêm: cơ quan BHXH đã tiếp nhận hồ sơ và sẽ xử lý theo thứ tự."
    ),
    Dossier.Status.IN_REVIEW: _(
        "Không cần làm gì thêm: cán bộ đang xem xét hồ sơ. Kết quả sẽ được gửi qua tin "
        "nhắn, email và mục Thông báo."
    ),
    Dossier.Status.APPROVED: _("Hồ sơ đã được duyệt. Không cần làm gì thêm."),
    Dossier.Status.REJECTED: _(
        "Hồ sơ không được duyệt: xem lý do, bổ sung thông tin rồi nộp hồ sơ mới, hoặc liên hệ "
        "cơ quan BHXH nơi gần nhất."
    ),
    Dossier.Status.EXPIRED: _(
        "Hồ sơ đã hết hạn và đã bị xóa. Nếu vẫn cần, vui lòng nộp hồ sơ mới."
    ),
}
# Kinds filed online whose paper form must reach the agency (form 01, guide 004: "Trong thời
# gian 10 ngày kể từ ngày khai tờ khai, nếu cá nhân không đến Cơ quan BHXH để nộp hồ sơ thì
# thông tin về tờ khai điện tử sẽ tự động xóa").
_EXPECTED_AT_AGENCY = _(
    "Mang tờ khai mẫu 01 đã ký, ghi rõ họ tên, cùng CCCD/hộ chiếu đến cơ quan BHXH tiếp nhận "
    "trước hạn dưới đây; quá hạn, tờ khai sẽ tự động bị xóa."
)


@dataclass(frozen=True)
class TimelineEntry:
    at: object  # datetime
    status: str
    label: str
    note: str


@dataclass(frozen=True)
class Tracking:
    """One dossier as its owner (or a guest who knows its number and code) follows it."""

    dossier: Dossier
    timeline: list[TimelineEntry]
    expected_from_citizen: str
    deadline: date | None
    is_open: bool

    @property
    def number(self) -> str:
        return self.dossier.number or ""

    @property
    def kind_label(self) -> str:
        return self.dossier.get_kind_display()

    @property
    def status_label(self) -> str:
        return self.dossier.get_status_display()


def _kind(code: str):
    """The engine's declaration of a kind, once the engine (h12e) registers kinds; None before."""
    try:
        # Imported here: the engine imports this module's neighbours; a top-level import
        # would make the two load in a circle.
        from .engine import kind_for
    except ImportError:
        return None
    try:
        return kind_for(code)
    except (KeyError, LookupError, ValueError):
        return None


def tracking_of(dossier: Dossier, *, with_notes: bool = True) -> Tracking:
    """Status, timeline, what is expected and by when. ``dossier.events`` should be
    prefetched (``dossiers_of_citizen`` and ``dossier_for_guest`` do)."""
    is_open = dossier.status in Dossier.OPEN_STATUSES
    kind = _kind(dossier.kind)
    expected = ""
    deadline = None
    if kind is not None and getattr(kind, "expected_from_citizen", None):
        expected = str(kind.expected_from_citizen(dossier) or "")
    if kind is not None and is_open:
        from .engine import deadline_of  # as in _kind

        found = deadline_of(dossier)
        deadline = found[1] if found else None
    if not expected:
        expected = str(_EXPECTED.get(dossier.status, ""))
        if dossier.status == Dossier.Status.RECEIVED and dossier.expires_at:
            expected = str(_EXPECTED_AT_AGENCY)
    if deadline is None and is_open and dossier.expires_at:
        deadline = timezone.localtime(dossier.expires_at).date()
    timeline = [
        TimelineEntry(
            at=event.at,
            status=event.to_status,
            label=str(event.get_to_status_display()),
            note=event.note if with_notes else "",
        )
        for event in dossier.events.all()
        if event.to_status != Dossier.Status.AWAITING_OTP
    ]
    return Tracking(
        dossier=dossier,
        timeline=timeline,
        expected_from_citizen=expected,
        deadline=deadline,
        is_open=is_open,
    )


def _with_events():
    return Prefetch("events", queryset=DossierEvent.objects.order_by("at", "pk"))


def dossiers_of_citizen(*, user) -> list[Tracking]:
    """Hồ sơ của tôi: every submitted dossier the user filed or that is about them (their
    own registration, changes, disputes; the child accounts they asked for), newest first.
    Two queries whatever the number of dossiers and events."""
    owner = Q(applicant_id=user.pk)
    if user.person_id:
        owner |= Q(person_id=user.person_id)
    dossiers = (
        Dossier.objects.select_related("agency")
        .filter(owner, number__isnull=False)
        .exclude(status=Dossier.Status.AWAITING_OTP)
        .prefetch_related(_with_events())
        .order_by("-submitted_at", "-pk")[:MY_DOSSIERS_LIMIT]
    )
    return [tracking_of(dossier) for dossier in dossiers]


def dossier_number_clean(number: str) -> str:
    """Numbers are printed "00012.DK/2026/01000"; people type them in any case, with spaces."""
    return "".join((number or "").split()).upper()[:32]


def _bhxh_code_of(dossier: Dossier) -> str:
    if dossier.person_id:
        return dossier.person.bhxh_code
    return str(dossier.data.get("bhxh_code", ""))


def dossier_for_guest(*, number: str, bhxh_code: str) -> Tracking | None:
    """Tra cứu hồ sơ without an account: the dossier only when both its number and the
    mã số BHXH it is about match; None otherwise (the caller answers the same for a wrong
    number and a wrong code). Event notes are left out: a guest sees status and dates only."""
    number, bhxh_code = dossier_number_clean(number), (bhxh_code or "").strip()
    if not number or not bhxh_code:
        return None
    dossier = (
        Dossier.objects.select_related("agency", "person")
        .filter(number=number)
        .exclude(status=Dossier.Status.AWAITING_OTP)
        .prefetch_related(_with_events())
        .first()
    )
    if dossier is None or _bhxh_code_of(dossier) != bhxh_code:
        return None
    return tracking_of(dossier, with_notes=False)


def dossier_for_phone(*, number: str, phone: str) -> Dossier | None:
    """SMS "BH HS <số hồ sơ>": the dossier only if the sender's phone is the one it was filed
    with, or the phone of the account that filed it; anyone else's gets None, like a number
    that does not exist."""
    number = dossier_number_clean(number)
    if not number or not phone:
        return None
    return (
        Dossier.objects.filter(number=number)
        .filter(Q(contact_phone=phone) | Q(applicant__phone=phone))
        .exclude(status=Dossier.Status.AWAITING_OTP)
        .first()
    )


# --- Cấp lại, đổi thẻ BHYT (h12c) ----------------------------------------------------------

CARD_KINDS = (
    Dossier.Kind.CARD_REISSUE,
    Dossier.Kind.CARD_CORRECTION,
    Dossier.Kind.FACILITY_CHANGE,
)
CARD_REQUESTS_SHOWN = 10


def card_requests_of(person) -> list[Dossier]:
    """The person's latest card requests (cấp lại, sửa thông tin, đổi nơi KCB), newest
    first; one query on the (person, kind, status) index."""
    return list(
        Dossier.objects.filter(person=person, kind__in=CARD_KINDS)
        .exclude(status=Dossier.Status.AWAITING_OTP)
        .only("kind", "status", "number", "submitted_at", "decided_at", "decision_note")
        .order_by("-submitted_at", "-pk")[:CARD_REQUESTS_SHOWN]
    )
