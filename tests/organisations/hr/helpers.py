"""Data for the HR desk's tests: organisations with employees, and their HR users signed
in the way ``organisations.access`` demands (password changed, TOTP confirmed, session on
the verified device); spreadsheets in the template's layout."""

import itertools
from datetime import date

from django.utils import timezone

from openvss.accounts.models import Device
from openvss.domain.org_batch import COLUMNS
from openvss.domain.text import fold
from openvss.dossiers.models import Dossier
from openvss.organisations import xlsx
from openvss.organisations.models import Declaration, Organisation, OrganisationMember
from openvss.people.models import ParticipationPeriod, Person
from openvss.places.models import Agency, Employer

_serial = itertools.count(1)


def make_org(code: str, name: str, *, agency_code: str = "01000", province: str = "01"):
    employer = Employer(
        code=code, province_id=province, agency=Agency.objects.get(code=agency_code)
    )
    employer.set_name(name)
    employer.save()
    return Organisation.objects.create(
        employer=employer,
        transaction_method=Organisation.Method.DIRECT,
        representative_name="Trần Văn Đại Diện",
        contact_phone="0912000111",
        contact_email=f"lienhe@{code.lower()}.vn",
        registered_at=timezone.now(),
    )


def make_member(org, login="nhansu", role=OrganisationMember.Role.HR):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import OrganisationMemberFactory

    member = OrganisationMemberFactory(
        organisation=org,
        role=role,
        login=login,
        full_name="Phạm Thị Nhân Sự",
        email=f"{login}@{org.employer.code.lower()}.vn",
    )
    user = member.user
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    member.verified_device = Device.objects.create(
        user=user, device_id=f"browser-{user.pk}", name="test"
    )
    member.save(update_fields=["verified_device"])
    return member


def make_employees(org, count: int, *, start: int = 0, prefix: str = "07"):
    """``count`` people working for ``org`` this month (codes prefix + serial)."""
    today = timezone.localdate()
    people = []
    for i in range(start, start + count):
        code = f"{prefix}{i:08d}"
        name = f"Nguyễn Văn Số {i}"
        people.append(
            Person(
                bhxh_code=code,
                full_name=name,
                name_folded=fold(name),
                birth_date=date(1990, 1, 1 + i % 28),
                sex=1,
                citizen_id=None,
            )
        )
    Person.objects.bulk_create(people)
    people = list(
        Person.objects.filter(bhxh_code__in=[p.bhxh_code for p in people]).order_by("bhxh_code")
    )
    ParticipationPeriod.objects.bulk_create(
        [
            ParticipationPeriod(
                person=p,
                scheme="BHXH",
                from_month=date(2020, 1, 1),
                to_month=today.replace(day=1),
                employer=org.employer,
                wage=10_000_000,
            )
            for p in people
        ]
    )
    return people


def signed_in(client, member):
    client.force_login(member.user)
    session = client.session
    session["device_pk"] = member.verified_device_id
    session.save()
    return client


def row_of(person, i: int, **changes):
    """A good spreadsheet row for this person (CCCD of the right birth year and sex)."""
    values = {
        "bhxh_code": person.bhxh_code,
        "full_name": person.full_name,
        "birth_date": person.birth_date.strftime("%d/%m/%Y"),
        "citizen_id": f"0010{person.birth_date.year % 100:02d}{i:06d}",
        "commune_code": "00070",
        "address_line": f"Số {i} Phố Huế",
        "phone": f"09{i:08d}",
        "email": f"nv{i}@example.vn",
    }
    values.update(changes)
    return [values[c.field] for c in COLUMNS]


def sheet(rows) -> bytes:
    return xlsx.rows_xlsx(rows)


def xlsx_upload(content: bytes, name="to-khai.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=xlsx.CONTENT_TYPE)


def form01(person, **changes):
    """An employee's own form 01 (registration_submit's arguments), with photos."""
    from tests.dossiers.conftest import jpeg

    values = {
        "bhxh_code": person.bhxh_code,
        "full_name": person.full_name,
        "birth_date": person.birth_date,
        "citizen_id": person.citizen_id,
        "commune_code": "00070",
        "address_line": "Số 5 Phố Huế",
        "phone": "0912777077",
        "email": "",
        "agency_code": "01000",
        "portrait": jpeg("p.jpg"),
        "id_front": jpeg("f.jpg"),
        "id_back": jpeg("b.jpg"),
    }
    values.update(changes)
    return values


def held_declaration(org, person, n: int, *, language="vi", email=""):
    """A confirmed form 01 of ``person`` naming ``org``, waiting in its HR queue."""
    dossier = Dossier.objects.create(
        kind=Dossier.Kind.REGISTRATION,
        status=Dossier.Status.RECEIVED,
        agency_id=org.employer.agency_id,
        person=person,
        number=f"{n:05d}.DK/2026/01000",
        contact_phone=f"0913{n:06d}",
        contact_email=email,
        language=language,
        submitted_at=timezone.now(),
        data={"bhxh_code": person.bhxh_code, "full_name": person.full_name},
    )
    return Declaration.objects.create(
        organisation=org, dossier=dossier, hr_status=Declaration.HrStatus.PENDING
    )
