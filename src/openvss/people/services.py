"""Writes to a person's records that other apps ask for: extending a BHYT card after a
household payment, and recording a participation period after a voluntary payment.
Each keeps history (django-simple-history) and runs inside the caller's transaction."""

import calendar
from datetime import date, timedelta

from django.db import transaction

from openvss.domain.ids import format_card_code
from openvss.places.models import MedicalFacility

from .models import HealthCard, ParticipationPeriod, Person, Scheme

HOUSEHOLD_GROUP = "GD"
HOUSEHOLD_LEVEL = 4
# Law on HI Art. 16: a first card (or one after a break) is valid 30 days after payment.
FIRST_CARD_DELAY = timedelta(days=30)


def add_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _province_of(person: Person, card: HealthCard | None) -> str:
    if card is not None:
        return card.province_code
    if person.commune_id:
        return person.commune.province_id
    return "01"


def _facility_for(person: Person, card: HealthCard | None, province: str) -> MedicalFacility:
    if card is not None:
        return card.registered_facility
    return (
        MedicalFacility.objects.filter(province_id=province).order_by("code").first()
        or MedicalFacility.objects.order_by("code").first()
    )


@transaction.atomic
def card_extend_household(*, person: Person, months: int, paid_on: date) -> tuple[HealthCard, date]:
    """Extend the person's household BHYT card by ``months``: continuing a card still valid
    on the payment date, or a new card valid 30 days after payment otherwise. Returns the
    card and the first day the payment covers."""
    card = (
        HealthCard.objects.select_for_update()
        .select_related("registered_facility")
        .filter(person=person, status=HealthCard.Status.ACTIVE)
        .first()
    )
    if (
        card is not None
        and card.group_code == HOUSEHOLD_GROUP
        and card.valid_to is not None
        and card.valid_to >= paid_on - timedelta(days=1)
    ):
        cover_from = card.valid_to + timedelta(days=1)
        card.valid_to = add_months(cover_from, months) - timedelta(days=1)
        card.save(update_fields=["valid_to"])
        return card, cover_from
    province = _province_of(person, card)
    facility = _facility_for(person, card, province)
    if card is not None:
        card.status = HealthCard.Status.REPLACED
        card.save(update_fields=["status"])
    start = paid_on + FIRST_CARD_DELAY
    new = HealthCard.objects.create(
        person=person,
        number=person.bhxh_code,
        code=format_card_code(HOUSEHOLD_GROUP, HOUSEHOLD_LEVEL, province, person.bhxh_code),
        group_code=HOUSEHOLD_GROUP,
        benefit_level=HOUSEHOLD_LEVEL,
        province_code=province,
        registered_facility=facility,
        valid_from=start,
        valid_to=add_months(start, months) - timedelta(days=1),
        five_year_date=card.five_year_date if card is not None else None,
        issued_on=paid_on,
        issuing_place=card.issuing_place if card is not None else "",
    )
    return new, start


@transaction.atomic
def participation_record(
    *, person: Person, scheme: str, from_month: date, months: int, wage: int, workplace: str,
    voluntary: bool = True,
) -> ParticipationPeriod:  # fmt: skip
    """Add a paid participation row (e.g. voluntary BHXH paid online), months from ``from_month``."""
    start = from_month.replace(day=1)
    end = add_months(start, months - 1)
    return ParticipationPeriod.objects.create(
        person=person, scheme=Scheme(scheme), from_month=start, to_month=end, wage=wage,
        workplace=workplace, voluntary=voluntary, payment=ParticipationPeriod.Payment.PAID,
    )  # fmt: skip
