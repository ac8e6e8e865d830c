"""What every section of form 01 prints about the declarant (seed 004, "Mẫu số 01"), and
the agency that keeps a citizen's e-transaction registration."""

from django.utils.translation import gettext_lazy

from openvss.accounts.models import User
from openvss.people.models import Person
from openvss.places.models import Agency

from ..models import Dossier

DECLARANT_LABELS = (
    ("bhxh_code", gettext_lazy("Mã số BHXH")),
    ("full_name", gettext_lazy("Họ và tên")),
    ("citizen_id", gettext_lazy("Số CCCD/CMND/Hộ chiếu")),
    ("phone", gettext_lazy("Số điện thoại")),
    ("email", gettext_lazy("Email")),
)


def declarant(person: Person, *, contact: User) -> dict:
    """The head of form 01 for ``person``, with ``contact``'s phone and email (the person's
    own account, or a parent's for a child)."""
    commune = person.commune
    return {
        "bhxh_code": person.bhxh_code,
        "full_name": person.full_name,
        "birth_date": person.birth_date.isoformat(),
        "citizen_id": person.citizen_id or "",
        "address_line": person.address_line,
        "commune_code": person.commune_id or "",
        "commune_name": commune.name if commune else "",
        "province_name": commune.province.name if commune else "",
        "contact_name": contact.person.full_name if contact.person_id else person.full_name,
        "phone": contact.phone,
        "email": contact.email,
    }


def registration_agency(person: Person) -> Agency | None:
    """The agency that approved the person's registration, else their province's agency."""
    registered = (
        Dossier.objects.filter(
            person=person, kind=Dossier.Kind.REGISTRATION, status=Dossier.Status.APPROVED
        )
        .select_related("agency")
        .order_by("-decided_at")
        .first()
    )
    if registered is not None:
        return registered.agency
    agencies = Agency.objects.filter(level=Agency.Level.PROVINCIAL, accepts_dossiers=True)
    if person.commune_id:
        found = agencies.filter(province_id=person.commune.province_id).first()
        if found is not None:
            return found
    return agencies.order_by("code").first()
