"""Reads for payments: a household's members and who is already insured elsewhere, a
citizen's orders."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from openvss.legal.models import BeneficiaryGroup
from openvss.people.models import HealthCard, ParticipationPeriod, Person, Scheme
from openvss.people.population import population_register

from .models import Order, OrderLine


@dataclass
class Member:
    person: Person
    card: HealthCard | None
    covered_by: str  # the group that already insures them on the day, or ""

    @property
    def payable(self) -> bool:
        return not self.covered_by


def household_members(*, person: Person, day: date) -> list[Member]:
    """The household from the population register; a member whose card of another group
    (employee, pupil, state-paid…) is valid on ``day`` is covered elsewhere and not counted."""
    people = population_register().household_members(person)
    cards = {
        c.person_id: c
        for c in HealthCard.objects.filter(
            person__in=people, status=HealthCard.Status.ACTIVE
        ).select_related("registered_facility")
    }
    codes = {c.group_code for c in cards.values()}
    household_codes = set(
        BeneficiaryGroup.objects.filter(
            code__in=codes, payer=BeneficiaryGroup.Payer.HOUSEHOLD
        ).values_list("code", flat=True)
    )
    names = dict(BeneficiaryGroup.objects.filter(code__in=codes).values_list("code", "name"))
    members = []
    for p in people:
        card = cards.get(p.pk)
        covered = ""
        if (
            card is not None
            and card.group_code not in household_codes
            and (card.valid_to is None or card.valid_to >= day)
        ):
            covered = f"{card.group_code} – {names.get(card.group_code, '')}".strip(" –")
        members.append(Member(p, card, covered))
    return members


def voluntary_months_used(*, person: Person, since: date) -> int:
    """Months of voluntary BHXH already paid since ``since`` (for the State-support limit)."""
    total = 0
    for start, end in ParticipationPeriod.objects.filter(
        person=person, scheme=Scheme.BHXH, voluntary=True, to_month__gte=since
    ).values_list("from_month", "to_month"):
        start = max(start, since)
        total += (end.year - start.year) * 12 + end.month - start.month + 1
    return total


def bhxh_months_paid(*, person: Person) -> int:
    """Calendar months of BHXH paid (compulsory or voluntary), each month once however many
    employers paid it (Law 41/2024 Art. 3 cl. 6, Art. 5 cl. 3); owed months excluded."""
    months: set[int] = set()
    for start, end in ParticipationPeriod.objects.filter(
        person=person, scheme=Scheme.BHXH, payment=ParticipationPeriod.Payment.PAID
    ).values_list("from_month", "to_month"):
        months.update(range(start.year * 12 + start.month - 1, end.year * 12 + end.month))
    return len(months)


def voluntary_next_month(*, person: Person, day: date) -> date:
    """Voluntary BHXH continues after the last month paid, or starts this month."""
    return _after_last(
        ParticipationPeriod.objects.filter(person=person, scheme=Scheme.BHXH, voluntary=True), day
    )


def bhxh_next_month(*, person: Person, day: date) -> date:
    """The month after the last month of BHXH paid (compulsory or voluntary), or this month."""
    return _after_last(
        ParticipationPeriod.objects.filter(
            person=person, scheme=Scheme.BHXH, payment=ParticipationPeriod.Payment.PAID
        ),
        day,
    )


def _after_last(periods, day: date) -> date:
    last = periods.order_by("-to_month").values_list("to_month", flat=True).first()
    this_month = day.replace(day=1)
    if last is None or last < this_month:
        return this_month
    return date(last.year + last.month // 12, last.month % 12 + 1, 1)


def orders_of(*, person: Person, limit: int = 100) -> list[Order]:
    return list(
        Order.objects.filter(payer=person)
        .prefetch_related(Prefetch("lines", OrderLine.objects.select_related("person")))
        .order_by("-created_at")[:limit]
    )


def order_of(*, person: Person, reference: str) -> Order | None:
    return (
        Order.objects.filter(payer=person, reference=reference)
        .prefetch_related(Prefetch("lines", OrderLine.objects.select_related("person")))
        .first()
    )
