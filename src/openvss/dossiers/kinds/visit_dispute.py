"""A citizen says a recorded visit was not theirs ("Tôi không sử dụng dịch vụ này"): a case
for the officers of the province where the facility is."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.accounts.models import User
from openvss.domain.text import nfc
from openvss.errors import Conflict, NotFound
from openvss.people.models import MedicalVisit
from openvss.places.models import Agency

from .. import engine
from ..models import Dossier


def visit_dispute_check(*, user: User, visit_id: int, note: str = "") -> dict:
    visit = (
        MedicalVisit.objects.select_related("facility")
        .filter(pk=visit_id, person_id=user.person_id)
        .first()
    )
    if visit is None or user.person_id is None:
        raise NotFound()
    if Dossier.objects.filter(
        kind=Dossier.Kind.VISIT_DISPUTE, person_id=user.person_id, data__visit_id=visit.pk
    ).exists():
        raise Conflict(_("Bạn đã phản ánh lượt khám này."), code="already_disputed")
    return {"visit": visit, "note": nfc(note)[:500]}


def visit_dispute_open(*, user: User, visit_id: int, note: str = "") -> Dossier:
    """Opens a case for the officers of the province where the facility is."""
    checked = visit_dispute_check(user=user, visit_id=visit_id, note=note)
    visit = checked["visit"]
    agency = Agency.objects.filter(
        province_id=visit.facility.province_id, level=Agency.Level.PROVINCIAL
    ).first()
    return engine.open(
        Dossier.Kind.VISIT_DISPUTE,
        user=user,
        person=user.person,
        agency=agency,
        data={
            "visit_id": visit.pk,
            "facility": f"{visit.facility.code} – {visit.facility.name}",
            "admitted_on": visit.admitted_on.isoformat(),
            "total_cost": str(visit.total_cost),
            "fund_paid": str(visit.fund_paid),
            "note": checked["note"],
        },
    )


def _approve(dossier: Dossier, officer: User) -> None:
    """Closing the case is recorded by the engine; the outcome is its note."""


KIND = engine.register(
    engine.DossierKind(
        code=Dossier.Kind.VISIT_DISPUTE,
        label=gettext_lazy("Phản ánh lượt KCB không sử dụng"),
        number_prefix="PA",
        check=visit_dispute_check,
        approve=_approve,
        expected_from_citizen=None,
        deadline_days=None,
        declared_labels=(
            ("facility", gettext_lazy("Cơ sở KCB")),
            ("admitted_on", gettext_lazy("Ngày vào")),
            ("total_cost", gettext_lazy("Tổng chi phí")),
            ("fund_paid", gettext_lazy("Quỹ BHYT chi trả")),
            ("note", gettext_lazy("Ghi chú của người tham gia")),
        ),
    )
)
