"""A citizen says a recorded visit was not theirs ("Tôi không sử dụng dịch vụ này"), with a
reason and a confirmation. The visit shows "đã phản ánh" at once. The officers of the
province where the facility is work the case: they ask the facility (through its API key
channel, ``GET /api/v1/clinic/disputes``, or by another way and record the answer in the
back office), then close it with an outcome the citizen sees on the visit and in the notice:
approved = the dispute is upheld, rejected = it is not.

    received ⇄ in_review → facility_asked → in_review (answer recorded) → approved | rejected
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.accounts.models import User
from openvss.core.ratelimit import rate_limit_hit
from openvss.domain.text import nfc
from openvss.errors import Conflict, NotFound
from openvss.people.models import MedicalVisit
from openvss.places.models import Agency

from .. import engine
from ..models import Dossier

Status = Dossier.Status
REASONS = (
    ("not_visited", gettext_lazy("Tôi không đến khám chữa bệnh tại cơ sở này vào ngày này")),
    ("not_received", gettext_lazy("Tôi không nhận các dịch vụ, thuốc được ghi")),
    ("wrong_cost", gettext_lazy("Chi phí ghi nhận không đúng")),
    ("other", gettext_lazy("Lý do khác")),
)
TEXT_MIN = 5


def visit_of(user: User, visit_id: int) -> MedicalVisit:
    """The user's own visit; anyone else's, or a missing one, is NotFound alike."""
    visit = (
        MedicalVisit.objects.select_related("facility")
        .filter(pk=visit_id, person_id=user.person_id)
        .first()
        if user.person_id
        else None
    )
    if visit is None:
        raise NotFound()
    return visit


def visit_dispute_check(
    *, user: User, visit_id: int, reason: str = "", note: str = "", confirm: bool = False
) -> dict:
    visit = visit_of(user, visit_id)
    if visit.dispute:
        raise Conflict(_("Bạn đã phản ánh lượt khám này."), code="already_disputed")
    errors = engine.Errors()
    note = nfc(note or "")[:500]
    if reason not in dict(REASONS):
        errors.add("reason", _("Vui lòng chọn nội dung phản ánh."))
    elif reason == "other" and len(note) < TEXT_MIN:
        errors.add("note", _("Vui lòng mô tả nội dung phản ánh."))
    if not confirm:
        errors.add("confirm", _("Vui lòng xác nhận nội dung phản ánh là đúng sự thật."))
    errors.raise_if_any()
    return {"visit": visit, "reason": reason, "note": note}


@transaction.atomic
def visit_dispute_open(
    *, user: User, visit_id: int, reason: str = "", note: str = "", confirm: bool = False
) -> Dossier:
    """Open a case for the officers of the province where the facility is, and mark the
    visit "đã phản ánh"."""
    rate_limit_hit("visit-dispute", str(user.pk), limit=10, window=86400)
    checked = visit_dispute_check(
        user=user, visit_id=visit_id, reason=reason, note=note, confirm=confirm
    )
    visit = checked["visit"]
    agency = Agency.objects.filter(
        province_id=visit.facility.province_id, level=Agency.Level.PROVINCIAL
    ).first()
    dossier = engine.open(
        Dossier.Kind.VISIT_DISPUTE,
        user=user,
        person=user.person,
        agency=agency,
        data={
            "visit_id": visit.pk,
            "facility_id": visit.facility_id,
            "facility": f"{visit.facility.code} – {visit.facility.name}",
            "admitted_on": visit.admitted_on.isoformat(),
            "total_cost": str(visit.total_cost),
            "fund_paid": str(visit.fund_paid),
            "reason": checked["reason"],
            "reason_text": str(dict(REASONS)[checked["reason"]]),
            "note": checked["note"],
        },
    )
    _mark(visit, MedicalVisit.Dispute.OPEN, "")
    return dossier


def _mark(visit: MedicalVisit, state: str, outcome: str, actor=None) -> None:
    visit._history_user = actor
    visit.dispute = state
    visit.dispute_outcome = outcome
    visit.save(update_fields=["dispute", "dispute_outcome"])


def _dispute_visit(dossier: Dossier) -> MedicalVisit:
    return MedicalVisit.objects.get(pk=dossier.data["visit_id"])


# --- The officers' workflow ----------------------------------------------------------------


def _text(value: str, field: str, message: str) -> str:
    value = nfc(value or "")
    if len(value) < TEXT_MIN:
        raise engine.FieldErrors(message, code=f"{field}_required", fields={field: [message]})
    return value[:1000]


def _locked_dispute(dossier_id: int, officer: User) -> Dossier:
    return engine.locked_for_officer(dossier_id, officer, kind=Dossier.Kind.VISIT_DISPUTE)


@transaction.atomic
def dispute_ask_facility(*, dossier_id: int, officer: User, question: str) -> Dossier:
    """Ask the facility to explain the visit: the question waits in the facility's channel
    (GET /api/v1/clinic/disputes) until it answers or the officer records its answer."""
    question = _text(question, "question", _("Vui lòng ghi nội dung đề nghị cơ sở KCB giải trình."))
    dossier = _locked_dispute(dossier_id, officer)
    dossier.data = {
        **dossier.data,
        "facility_question": question,
        "facility_asked_at": timezone.now().isoformat(),
    }
    dossier.data.pop("facility_answer", None)
    dossier.expires_at = None
    return engine.move(
        dossier,
        Status.FACILITY_ASKED,
        actor=officer,
        note=_("Đề nghị cơ sở KCB giải trình: %(q)s") % {"q": question},
        fields=("data", "expires_at"),
    )


def _answer(dossier: Dossier, answer: str, *, by: str, actor=None) -> Dossier:
    if dossier.status != Status.FACILITY_ASKED:
        raise Conflict(
            _("Hồ sơ không ở trạng thái chờ cơ sở KCB trả lời."), code="not_awaiting_facility"
        )
    dossier.data = {
        **dossier.data,
        "facility_answer": answer,
        "facility_answered_at": timezone.now().isoformat(),
        "facility_answered_by": by,
    }
    return engine.move(
        dossier,
        Status.IN_REVIEW,
        actor=actor,
        note=_("Cơ sở KCB trả lời: %(a)s") % {"a": answer},
        fields=("data",),
    )


@transaction.atomic
def dispute_record_answer(*, dossier_id: int, officer: User, answer: str) -> Dossier:
    """The officer records the facility's answer received another way (letter, phone)."""
    answer = _text(answer, "answer", _("Vui lòng ghi nội dung trả lời của cơ sở KCB."))
    dossier = _locked_dispute(dossier_id, officer)
    return _answer(dossier, answer, by="officer", actor=officer)


def disputes_for_facility(*, facility_id: int):
    """The disputes waiting for this facility's answer (its API key's channel)."""
    return Dossier.objects.filter(
        kind=Dossier.Kind.VISIT_DISPUTE,
        status=Status.FACILITY_ASKED,
        data__facility_id=facility_id,
    ).order_by("submitted_at", "pk")


@transaction.atomic
def dispute_facility_answer(*, dossier_id: int, facility_id: int, answer: str) -> Dossier:
    """The facility answers through its API key; another facility's case is not found."""
    answer = _text(answer, "answer", _("Vui lòng ghi nội dung trả lời."))
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("agency", "person")
        .filter(pk=dossier_id, kind=Dossier.Kind.VISIT_DISPUTE, data__facility_id=facility_id)
        .first()
    )
    if dossier is None:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return _answer(dossier, answer, by="facility")


def _approve(dossier: Dossier, officer: User) -> None:
    """Upheld: the outcome (the approval's note) is shown on the visit."""
    outcome = _text(
        dossier.decision_note, "note", _("Vui lòng ghi kết quả xử lý để người tham gia được biết.")
    )
    _mark(_dispute_visit(dossier), MedicalVisit.Dispute.UPHELD, outcome, officer)


def _reject(dossier: Dossier, officer: User) -> None:
    _mark(_dispute_visit(dossier), MedicalVisit.Dispute.DISMISSED, dossier.decision_note, officer)


def _expected(dossier: Dossier) -> str:
    return ""


KIND = engine.register(
    engine.DossierKind(
        code=Dossier.Kind.VISIT_DISPUTE,
        label=gettext_lazy("Phản ánh lượt KCB không sử dụng"),
        number_prefix="PA",
        check=visit_dispute_check,
        approve=_approve,
        on_reject=_reject,
        expected_from_citizen=_expected,
        officer_actions=(
            engine.OfficerAction(
                code="ask-facility",
                label=gettext_lazy("Đề nghị cơ sở KCB giải trình"),
                field_label=gettext_lazy("Nội dung đề nghị"),
                statuses=(Status.RECEIVED, Status.IN_REVIEW),
                run=lambda *, dossier_id, officer, text: dispute_ask_facility(
                    dossier_id=dossier_id, officer=officer, question=text
                ),
            ),
            engine.OfficerAction(
                code="record-answer",
                label=gettext_lazy("Ghi nhận trả lời của cơ sở KCB"),
                field_label=gettext_lazy("Nội dung trả lời"),
                statuses=(Status.FACILITY_ASKED,),
                run=lambda *, dossier_id, officer, text: dispute_record_answer(
                    dossier_id=dossier_id, officer=officer, answer=text
                ),
            ),
        ),
        approval_note_label=gettext_lazy("Kết quả xử lý (người tham gia được thông báo)"),
        declared_labels=(
            ("facility", gettext_lazy("Cơ sở KCB")),
            ("admitted_on", gettext_lazy("Ngày vào")),
            ("total_cost", gettext_lazy("Tổng chi phí")),
            ("fund_paid", gettext_lazy("Quỹ BHYT chi trả")),
            ("reason_text", gettext_lazy("Nội dung phản ánh")),
            ("note", gettext_lazy("Mô tả của người tham gia")),
            ("facility_question", gettext_lazy("Đề nghị cơ sở KCB giải trình")),
            ("facility_answer", gettext_lazy("Cơ sở KCB trả lời")),
        ),
    )
)
