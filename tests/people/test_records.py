from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from openvss.people.models import HealthCard, MedicalVisit, ParticipationPeriod, Person
from openvss.places.models import MedicalFacility
from tests.factories import HealthCardFactory, OfficerFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return PersonFactory()


@pytest.fixture
def facility():
    return MedicalFacility.objects.get(code="79001")


def card(person, facility, **overrides):
    fields = dict(
        person=person,
        number=person.bhxh_code,
        code="DN4790123456789",
        group_code="DN",
        benefit_level=4,
        province_code="79",
        registered_facility=facility,
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
        issued_on=date(2026, 1, 5),
    )
    fields.update(overrides)
    return HealthCardFactory(**fields)


def test_a_person_needs_a_ten_digit_bhxh_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(bhxh_code="12345", full_name="X", birth_date=date(2000, 1, 1), sex=1)


def test_bhxh_code_and_citizen_id_are_unique(person):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            bhxh_code="0123456789", full_name="Y", birth_date=date(2000, 1, 1), sex=2
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            bhxh_code="0123456780",
            full_name="Y",
            birth_date=date(2000, 1, 1),
            sex=2,
            citizen_id="001090012345",
        )


def test_only_one_active_card_per_person(person, facility):
    card(person, facility)
    with pytest.raises(IntegrityError), transaction.atomic():
        card(person, facility)
    card(person, facility, status=HealthCard.Status.REPLACED)  # history may keep old cards


@pytest.mark.parametrize(
    "overrides",
    [
        {"benefit_level": 6},
        {"valid_to": date(2025, 1, 1)},
        {"code": "dn4790123456789"},
        {"number": "01234"},
    ],
)
def test_card_constraints(person, facility, overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        card(person, facility, **overrides)


def test_periods_must_not_end_before_they_start(person):
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationPeriod.objects.create(
            person=person,
            scheme="BHXH",
            from_month=date(2020, 5, 1),
            to_month=date(2020, 4, 1),
            wage=1,
        )


@pytest.mark.parametrize(
    "overrides",
    [
        {"fund_paid": Decimal(900), "patient_paid": Decimal(200)},  # more than the total
        {"icd10": "flu"},
        {"discharged_on": date(2026, 1, 1)},
        {"fund_paid": Decimal(-1)},
    ],
)
def test_visit_constraints(person, facility, overrides):
    fields = dict(
        person=person,
        facility=facility,
        kind="outpatient",
        admitted_on=date(2026, 2, 1),
        discharged_on=date(2026, 2, 1),
        icd10="J06.9",
        diagnosis="Viêm họng",
        total_cost=Decimal(1000),
        fund_paid=Decimal(800),
        patient_paid=Decimal(200),
    )
    fields.update(overrides)
    with pytest.raises(IntegrityError), transaction.atomic():
        MedicalVisit.objects.create(**fields)


def test_changes_to_records_keep_who_when_and_old_and_new_values(person):
    officer = OfficerFactory(username="canbo")
    person._history_user = officer
    person.phone = "0912345678"
    person.save()
    latest, previous = person.history.all()[:2]
    assert latest.history_user == officer and latest.history_type == "~"
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("phone", "", "0912345678")]
