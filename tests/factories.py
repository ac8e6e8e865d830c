"""Test data: Nguyễn Văn An and his card unless a test says otherwise (factory_boy)."""

from datetime import date

import factory
from django.utils import timezone

from openvss.accounts.models import User
from openvss.domain.text import fold
from openvss.organisations.models import Organisation, OrganisationMember
from openvss.people.models import HealthCard, MedicalVisit, Person
from openvss.places.models import Agency, Employer, MedicalFacility

ORG_PASSWORD = "Nhan su @2026"


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


# --- organisations (issue 14) ------------------------------------------------------------


class EmployerFactory(factory.django.DjangoModelFactory):
    """A company of the reference data, managed by BHXH Hà Nội (agency 01000)."""

    class Meta:
        model = Employer
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TZH{n:03d}L")
    name = factory.Sequence(lambda n: f"Công ty TNHH Minh Phát {n}")
    name_folded = factory.LazyAttribute(lambda e: fold(e.name))
    tax_code = factory.Sequence(lambda n: f"{100000000 + n:010d}")
    address = "Số 5 Phố Tràng Tiền, Hà Nội"
    province_id = "01"
    agency = factory.LazyFunction(lambda: Agency.objects.get(code="01000"))
    sector = "DN"


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An approved organisation, transacting directly on the portal."""

    class Meta:
        model = Organisation

    employer = factory.SubFactory(EmployerFactory)
    transaction_method = "direct"
    representative_name = "Trần Văn Minh"
    representative_title = "Giám đốc"
    contact_name = "Lê Thị Hạnh"
    contact_phone = factory.Sequence(lambda n: f"09{n:08d}")
    contact_email = factory.Sequence(lambda n: f"nhansu{n}@minhphat.vn")
    registered_at = factory.LazyFunction(timezone.now)


class OrganisationMemberFactory(factory.django.DjangoModelFactory):
    """A user of an organisation (HR officer unless told), with password ORG_PASSWORD,
    already past its first steps unless ``user__must_change_password=True``. For a member
    that is fully signed in, see ``tests/organisations/conftest.py``."""

    class Meta:
        model = OrganisationMember

    organisation = factory.SubFactory(OrganisationFactory)
    role = "hr"
    login = factory.Sequence(lambda n: f"nhansu{n}")
    full_name = "Phạm Thu Trang"
    email = factory.Sequence(lambda n: f"trang{n}@minhphat.vn")
    user = factory.LazyAttribute(
        lambda m: User.objects.create_user(
            f"{m.organisation.employer.code}.{m.login}", password=ORG_PASSWORD
        )
    )
