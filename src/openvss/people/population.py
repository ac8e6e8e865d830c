"""The national population register (Cơ sở dữ liệu quốc gia về dân cư), behind an adapter.

The real register is reached through the government's data-sharing platform, which needs
an agreement and credentials; ``LocalPopulationRegister`` answers from the agency's own
records and the structure of the CCCD number. Choose with ``POPULATION_REGISTER``.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string

from openvss.domain.errors import DomainError
from openvss.domain.ids import citizen_id_mismatches, parse_citizen_id
from openvss.domain.text import names_match

from .models import Person


@dataclass(frozen=True)
class PopulationCheck:
    """``matched`` shows the green tick; ``mismatches`` names the fields that disagree."""

    status: str  # "matched" | "mismatch" | "not_found"
    mismatches: list[str] = field(default_factory=list)

    @property
    def matched(self) -> bool:
        return self.status == "matched"


class LocalPopulationRegister:
    def verify(
        self, *, citizen_id: str, full_name: str, birth_date: date, sex: int
    ) -> PopulationCheck:
        try:
            parsed = parse_citizen_id(citizen_id)
        except DomainError:
            return PopulationCheck("mismatch", ["citizen_id"])
        structural = citizen_id_mismatches(parsed, birth_year=birth_date.year, sex=sex)
        if structural:
            return PopulationCheck("mismatch", structural)
        person = (
            Person.objects.filter(citizen_id=parsed.number).only("full_name", "birth_date").first()
        )
        if person is None:
            return PopulationCheck("not_found")
        mismatches = []
        if not names_match(person.full_name, full_name):
            mismatches.append("full_name")
        if person.birth_date != birth_date:
            mismatches.append("birth_date")
        return PopulationCheck("mismatch" if mismatches else "matched", mismatches)

    def household_members(self, person: Person) -> list[Person]:
        """The person's household (hộ gia đình) as the register lists it. Locally: people
        registered at the same address in the same commune, the person's wards and guardian;
        the person first, then by birth date."""
        query = Q(pk=person.pk) | Q(guardian_id=person.pk)
        if person.guardian_id:
            query |= Q(pk=person.guardian_id)
        if person.address_line and person.commune_id:
            query |= Q(commune_id=person.commune_id, address_line=person.address_line)
        members = list(
            Person.objects.filter(query, is_deceased=False).order_by("birth_date", "pk")[:30]
        )
        return sorted(members, key=lambda p: p.pk != person.pk)


def population_register():
    return import_string(settings.POPULATION_REGISTER)()
