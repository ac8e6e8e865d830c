"""Test data: Nguyễn Văn An and his card unless a test says otherwise (factory_boy)."""

from datetime import date

import factory

from openvss.domain.text import fold
from openvss.people.models import HealthCard, MedicalVisit, Person
from openvss.places.models import MedicalFacility


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ("bhxh_code",)

    bhxh_code = "0123456789"
    full_name = "Nguyễn Văn An"
    name_folded = factory.LazyAttribute(lambda p: fold(p.full_name))
    birth_date = date(1990, 3, 15)
    sex = 1
    citizen_id = "001090012345"


class HealthCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthCard

    person = factory.SubFactory(PersonFactory)
    number = factory.LazyAttribute(lambda c: c.person.bhxh_code)
    group_code = "DN"
    benefit_level = 4
    province_code = "01"
    code = factory.LazyAttribute(
        lambda c: f"{c.group_code}{c.benefit_level}{c.province_code}{c.number}"
    )
    registered_facility = factory.LazyFunction(lambda: MedicalFacility.objects.get(code="01001"))
    valid_from = date(2026, 1, 1)
    valid_to = date(2026, 12, 31)
    issued_on = date(2026, 1, 5)


class MedicalVisitFactory(factory.django.DjangoModelFactory):
    """An outpatient visit for a sore throat, paid 80% by the fund, on the card's person."""

    class Meta:
        model = MedicalVisit

    card = factory.SubFactory(HealthCardFactory)
    person = factory.LazyAttribute(lambda v: v.card.person)
    facility = factory.LazyFunction(lambda: MedicalFacility.objects.get(code="01002"))
    kind = "outpatient"
    admitted_on = date(2026, 3, 2)
    discharged_on = factory.LazyAttribute(lambda v: v.admitted_on)
    icd10 = "J06.9"
    diagnosis = "Viêm họng"
    total_cost = 200000
    fund_paid = 160000
    patient_paid = 40000
