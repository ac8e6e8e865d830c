"""Test data (factory_boy): one factory per actor and record of the house.

Actors: ``CitizenFactory`` (an account on a person, Nguyễn Văn An unless told otherwise),
``ChildFactory`` (a person linked to a guardian), ``OfficerFactory`` (staff of one agency,
Hà Nội; ``OfficerFactory(hcm=True)`` for TP. Hồ Chí Minh), ``AdminFactory``,
``FacilityKeyFactory`` (a facility's API key; its one-time text on ``.text``).
Records: ``PersonFactory``, ``HealthCardFactory``, ``MedicalVisitFactory`` and one dossier
factory per kind. tests/conftest.py turns them into the shared fixtures (``citizen``,
``parent_with_child``, ``officer_hanoi``, ``officer_hcm``, ``facility_key`` …).
"""

from datetime import date

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from openvss.accounts.models import User
from openvss.accounts.services import officer_group_ensure
from openvss.clinics.models import FacilityApiKey
from openvss.clinics.services import api_key_create
from openvss.domain.text import fold
from openvss.dossiers.models import Dossier, DossierEvent
from openvss.organisations.models import Organisation, OrganisationMember
from openvss.people.models import HealthCard, MedicalVisit, Person
from openvss.places.models import Agency, Employer, MedicalFacility

# Every factory-made account signs in with this password (tests hash it with MD5: fast).
PASSWORD = "Mật khẩu 2026!"
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


class ChildFactory(PersonFactory):
    """A child whose guardian is ``guardian`` (An by default): a parent may see the card."""

    bhxh_code = "0123456781"
    full_name = "Nguyễn Minh Khang"
    birth_date = date(2019, 6, 1)
    sex = 1
    citizen_id = "001219012345"
    guardian = factory.SubFactory(PersonFactory)


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


# --- Actors ---------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """An account whose password is ``PASSWORD``, or the raw ``password=…`` given (hashed on
    creation with the settings' hasher, as ``create_user`` does)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["password"] = make_password(kwargs["password"])
        return super()._create(model_class, *args, **kwargs)


class CitizenFactory(UserFactory):
    """A citizen's account: the username is the person's mã số BHXH; the phone and email
    registered for e-transactions are the person's unless given."""

    person = factory.SubFactory(PersonFactory)
    username = factory.LazyAttribute(lambda u: u.person.bhxh_code)
    first_name = factory.LazyAttribute(lambda u: u.person.full_name)
    phone = factory.LazyAttribute(lambda u: u.person.phone)
    email = factory.LazyAttribute(lambda u: u.person.email)


def _agency(code: str):
    return factory.LazyFunction(lambda: Agency.objects.get(code=code))


class OfficerFactory(UserFactory):
    """An officer of one agency (Hà Nội's, 01000), in the officers' group, as the demo's
    ``canbo.hanoi``; ``OfficerFactory(hcm=True)`` works TP. Hồ Chí Minh's queue (79000)."""

    class Params:
        hcm = factory.Trait(username="canbo.hcm", agency=_agency("79000"))

    username = "canbo.hanoi"
    first_name = "Cán bộ"
    is_staff = True
    agency = _agency("01000")

    @factory.post_generation
    def officer_group(self, create, extracted, **kwargs):
        if create and extracted is not False:
            self.groups.add(officer_group_ensure())


class AdminFactory(UserFactory):
    """The administrator (superuser, no agency)."""

    username = "quantri"
    is_staff = True
    is_superuser = True


class FacilityKeyFactory(factory.django.DjangoModelFactory):
    """A facility's API key made the way the command makes one (``api_key_create``); the key
    text, shown once, is on ``.text``."""

    class Meta:
        model = FacilityApiKey

    facility = factory.LazyFunction(lambda: MedicalFacility.objects.get(code="01001"))
    name = "Tiếp đón"
    scopes = factory.LazyFunction(lambda: ["verify", "visits"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        key, text = api_key_create(**kwargs)
        key.text = text
        return key


# --- Dossiers, one factory per kind -----------------------------------------------------------
# A dossier as the submit flow leaves it for the officer: received, numbered, one event.


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier
        exclude = ("number_code",)
        skip_postgeneration_save = True

    kind = Dossier.Kind.REGISTRATION
    number_code = "DK"
    status = Dossier.Status.RECEIVED
    agency = _agency("01000")
    person = factory.SubFactory(PersonFactory)
    submitted_at = factory.LazyFunction(timezone.now)
    name_folded = factory.LazyAttribute(lambda d: fold(d.person.full_name) if d.person else "")
    contact_phone = factory.LazyAttribute(lambda d: d.person.phone if d.person else "")
    contact_email = factory.LazyAttribute(lambda d: d.person.email if d.person else "")
    data = factory.LazyAttribute(lambda d: {"full_name": d.person.full_name})

    @factory.lazy_attribute_sequence
    def number(self, n):
        year = timezone.localtime(self.submitted_at).year
        return f"{90000 + n:05d}.{self.number_code}/{year}/{self.agency.code}"

    @factory.post_generation
    def received(self, create, extracted, **kwargs):
        if create:
            DossierEvent.objects.create(
                dossier=self, from_status="", to_status=self.status, actor=self.applicant
            )


class RegistrationDossierFactory(DossierFactory):
    """Form 01 §1 from An, as ``registration_submit`` records the declaration."""

    data = factory.LazyAttribute(
        lambda d: {
            "bhxh_code": d.person.bhxh_code,
            "full_name": d.person.full_name,
            "birth_date": d.person.birth_date.isoformat(),
            "citizen_id": d.person.citizen_id,
            "commune_code": "00070",
            "commune_name": "Phường Hoàn Kiếm",
            "province_name": "Thành phố Hà Nội",
            "address_line": "Số 1 Phố Huế",
            "phone": d.contact_phone,
            "email": d.contact_email,
            "population_check": "matched",
        }
    )


class ChildAccountDossierFactory(DossierFactory):
    """A parent asks to link their child's account (the person is the child)."""

    kind = Dossier.Kind.CHILD_ACCOUNT
    number_code = "TC"
    person = factory.SubFactory(ChildFactory)
    applicant = factory.SubFactory(
        CitizenFactory, person=factory.SelfAttribute("..person.guardian")
    )
    data = factory.LazyAttribute(
        lambda d: {
            "child_bhxh_code": d.person.bhxh_code,
            "child_full_name": d.person.full_name,
            "parent_bhxh_code": d.applicant.username,
        }
    )


class InfoChangeDossierFactory(DossierFactory):
    """A signed-in citizen asks to change the phone on record."""

    kind = Dossier.Kind.INFO_CHANGE
    number_code = "DC"
    applicant = factory.SubFactory(CitizenFactory, person=factory.SelfAttribute("..person"))
    data = factory.LazyAttribute(
        lambda d: {
            "changes": {"phone": "0987654321"},
            "old": {"phone": d.applicant.phone},
            "reason": "Đổi số điện thoại",
            "full_name": d.person.full_name,
        }
    )


class VisitDisputeDossierFactory(DossierFactory):
    """ "Tôi không sử dụng dịch vụ này" about one of the person's visits."""

    class Params:
        visit = factory.SubFactory(
            MedicalVisitFactory, card__person=factory.SelfAttribute("...person")
        )

    kind = Dossier.Kind.VISIT_DISPUTE
    number_code = "PA"
    applicant = factory.SubFactory(CitizenFactory, person=factory.SelfAttribute("..person"))
    data = factory.LazyAttribute(
        lambda d: {
            "visit_id": d.visit.pk,
            "facility": f"{d.visit.facility.code} – {d.visit.facility.name}",
            "admitted_on": d.visit.admitted_on.isoformat(),
            "total_cost": str(d.visit.total_cost),
            "fund_paid": str(d.visit.fund_paid),
            "note": "",
        }
    )


class CardReissueDossierFactory(DossierFactory):
    """A lost card to reissue (the kind h12c's engine module handles)."""

    kind = Dossier.Kind.CARD_REISSUE
    number_code = "CL"
    applicant = factory.SubFactory(CitizenFactory, person=factory.SelfAttribute("..person"))
    data = factory.LazyAttribute(lambda d: {"reason": "lost", "full_name": d.person.full_name})


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
    user = factory.SubFactory(
        UserFactory,
        username=factory.LazyAttribute(
            lambda u: f"{u.factory_parent.organisation.employer.code}.{u.factory_parent.login}"
        ),
        password=ORG_PASSWORD,
    )
