"""Curated demo data: the same people, records and logins on every run.

``openvss demo`` prints these logins; the README's card check names the first citizen. The
seeded crowd (``people/demo_country.py``) fills the country around them, but a newcomer should
not depend on which seeded person happens to match, so the people shown first are written
here by hand, each chosen to show a screen:

* Nguyễn Văn An (0123456789, Hà Nội): 18 years of work with three employers, a job gap with
  unemployment benefit, a one-time BHXH payment, sickness, paternity and convalescence
  benefits, two months the employer still owes, a few months paid twice (flagged), medical
  visits including a stay in hospital, and a linked child with the child's own card.
* Trần Thị Bình (7912345678, TP.HCM): a teacher retired since 2019, paid a monthly pension.
* Lê Thị Hoa (0123456791, Hà Nội): records but no account, to try the registration form.
* Officers of BHXH Hà Nội and BHXH TP.HCM, each with registrations waiting in their queue.

Every function is idempotent: what exists is kept, passwords are set to the printed one.
Dates of the history are fixed; the latest months and the visits follow today's date.
"""

import hashlib
import hmac
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from openvss.accounts.models import User
from openvss.accounts.services import DEMO_PASSWORD, officer_group_ensure
from openvss.domain.ids import format_card_code
from openvss.domain.months import Month
from openvss.domain.text import fold
from openvss.dossiers.models import Dossier
from openvss.dossiers.services import dossier_confirm, registration_submit
from openvss.errors import OpenvssError
from openvss.messaging.models import Message
from openvss.organisations.models import Organisation, OrganisationMember
from openvss.people.demo_country import base_salary_on
from openvss.people.models import (
    BenefitPayment,
    HealthCard,
    MedicalVisit,
    ParticipationPeriod,
    Person,
)
from openvss.places.models import Agency, Commune, Employer, MedicalFacility

CITIZEN_CODE = "0123456789"
CHILD_CODE = "0123456790"
PENSIONER_CODE = "7912345678"
# Someone with records but no account yet: the newcomer registers as her (form 01).
APPLICANT_CODE = "0123456791"
CURATED_CODES = (CITIZEN_CODE, CHILD_CODE, PENSIONER_CODE, APPLICANT_CODE)
# The facility of the README's card check (`openvss facility_key create 01001`).
README_FACILITY = "01001"
# Each officer works the queue of one agency.
OFFICERS = (("canbo.hanoi", "01000"), ("canbo.hcm", "79000"))
PENDING_PER_AGENCY = 3

# Unit codes that end in a digit: the generated ones always end in a letter, so these never
# collide with a seeded employer (demo_country.employer_rows).
EMPLOYERS = {
    "hoa_binh": ("TA01001", "Công ty TNHH May mặc Hòa Bình", "01", "0101234561"),
    "sao_viet": ("TA01002", "Công ty Cổ phần Công nghệ Sao Việt", "01", "0101234562"),
    "thang_long": ("TA01003", "Công ty TNHH Thương mại Thăng Long", "01", "0101234563"),
    "dao_tao": ("TA01004", "Trung tâm Đào tạo nghề Hồng Hà", "01", "0101234564"),
    "thcs": ("TA79001", "Trường THCS Phú Nhuận", "79", "0301234565"),
}


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str


# ------------------------------------------------------------------------------------------
# People and their records
# ------------------------------------------------------------------------------------------


def demo_people_ensure(*, today: date | None = None) -> bool:
    """Write the curated people and their records unless they are there; True if written."""
    if Person.objects.filter(bhxh_code=CITIZEN_CODE).exists():
        return False
    today = today or date.today()
    with transaction.atomic():
        employers = {key: _employer(*row) for key, row in EMPLOYERS.items()}
        an = _an(today, employers)
        _child(today, an)
        _pensioner(today, employers)
        _applicant(today, employers)
    return True


def _commune(province: str, name: str) -> Commune:
    return (
        Commune.objects.filter(province_id=province, name=name).first()
        or Commune.objects.filter(province_id=province).order_by("code").first()
    )


def _employer(code: str, name: str, province: str, tax_code: str) -> Employer:
    employer = Employer.objects.filter(code=code).first()
    if employer is None:
        employer = Employer(code=code, tax_code=tax_code, province_id=province)
        employer.set_name(name)
        employer.address = f"{province} – {name}"
        employer.agency = Agency.objects.filter(code=f"{province}000").first()
        employer.sector = "Doanh nghiệp" if name.startswith("Công ty") else "Đơn vị"
        employer.save()
    return employer


def _person(**fields) -> Person:
    citizen_id = fields.get("citizen_id")
    if citizen_id and Person.objects.filter(citizen_id=citizen_id).exists():
        fields["citizen_id"] = None  # a seeded person drew the same number first; keep theirs
    return Person.objects.create(name_folded=fold(fields["full_name"]), **fields)


def _card(person: Person, *, group: str, level: int, province: str, facility: str, **dates):
    return HealthCard.objects.create(
        person=person,
        number=person.bhxh_code,
        code=format_card_code(group, level, province, person.bhxh_code),
        group_code=group,
        benefit_level=level,
        province_code=province,
        registered_facility=MedicalFacility.objects.get(code=facility),
        issuing_place=f"Bảo hiểm xã hội {'Thành phố Hà Nội' if province == '01' else 'Thành phố Hồ Chí Minh'}",
        management_code=f"{province}{level:02d}{person.bhxh_code}",
        **dates,
    )


SCHEMES_FROM = {"BHXH": None, "BHYT": None, "BHTN": Month(2009, 1), "BHTNLD": Month(2016, 7)}


def _periods(person, start: Month, end: Month, employer, occupation, wage, *, coefficient=None,
             payment="paid", schemes=tuple(SCHEMES_FROM), workplace=""):  # fmt: skip
    """One row per scheme, clipped to the month each scheme began (BHTN 2009, BHTNLĐ 7/2016)."""
    for scheme in schemes:
        first = max(start, SCHEMES_FROM[scheme]) if SCHEMES_FROM[scheme] else start
        if first > end:
            continue
        ParticipationPeriod.objects.create(
            person=person,
            scheme=scheme,
            from_month=first.first_day,
            to_month=end.first_day,
            employer=employer,
            occupation=occupation,
            workplace=workplace,
            wage=Decimal(wage),
            wage_coefficient=coefficient,
            payment=payment,
        )


def _benefit(person, regime, start: date, end: date, amount: int, paid_on: date, **extra):
    BenefitPayment.objects.create(
        person=person,
        regime=regime,
        period_from=start,
        period_to=end,
        amount=Decimal(amount),
        paid_on=paid_on,
        **extra,
    )


def _visit(person, card, facility: str, day: date, icd: str, diagnosis: str, total: int,
           percent: int, *, days: int = 0):  # fmt: skip
    fund = total * percent // 100
    MedicalVisit.objects.create(
        person=person,
        card=card,
        facility=MedicalFacility.objects.get(code=facility),
        kind=MedicalVisit.Kind.INPATIENT if days else MedicalVisit.Kind.OUTPATIENT,
        admitted_on=day,
        discharged_on=day + timedelta(days=days),
        icd10=icd,
        diagnosis=diagnosis,
        total_cost=Decimal(total),
        fund_paid=Decimal(fund),
        patient_paid=Decimal(total - fund),
    )


def _local_facility(province: str) -> str:
    """The commune health station nearest the top of the list (a second place of care)."""
    facility = (
        MedicalFacility.objects.filter(province_id=province, level=MedicalFacility.Level.PRIMARY)
        .order_by("code")
        .first()
    )
    return facility.code if facility else f"{province}001"


def _an(today: date, employers: dict) -> Person:
    an = _person(
        bhxh_code=CITIZEN_CODE,
        full_name="Nguyễn Văn An",
        birth_date=date(1990, 3, 15),
        sex=1,
        citizen_id="001090012345",
        phone="0912345678",
        email="an.nguyen@example.vn",
        commune=_commune("01", "Phường Hoàn Kiếm"),
        address_line="Số 18, ngõ 105 phố Hàng Bông",
    )
    card = _card(
        an,
        group="DN",
        level=4,
        province="01",
        facility=README_FACILITY,
        valid_from=date(today.year, 1, 1),
        valid_to=None,  # an employee's card runs while the employer declares them
        five_year_date=date(2013, 7, 1),
        issued_on=date(today.year, 1, 6),
    )
    last = Month.of(today) + -1
    hn = "Hà Nội"
    # First job; left in 6/2013, unemployment benefit, then the one-time BHXH payment.
    _periods(
        an,
        Month(2008, 7),
        Month(2010, 12),
        employers["hoa_binh"],
        "Công nhân may",
        1850000,
        workplace=hn,
    )
    _periods(
        an,
        Month(2011, 1),
        Month(2013, 6),
        employers["hoa_binh"],
        "Tổ trưởng tổ may",
        3200000,
        workplace=hn,
    )
    _periods(
        an,
        Month(2014, 10),
        Month(2016, 12),
        employers["sao_viet"],
        "Kỹ thuật viên",
        5600000,
        workplace=hn,
    )
    _periods(
        an,
        Month(2017, 1),
        Month(2019, 12),
        employers["sao_viet"],
        "Kỹ thuật viên chính",
        7900000,
        workplace=hn,
    )
    # Three months declared by a second unit at the same time: counted once, flagged.
    _periods(
        an,
        Month(2018, 3),
        Month(2018, 5),
        employers["dao_tao"],
        "Giảng viên thỉnh giảng",
        2500000,
        schemes=("BHXH",),
        workplace=hn,
    )
    _periods(
        an,
        Month(2020, 1),
        Month(2022, 12),
        employers["thang_long"],
        "Kỹ sư",
        11500000,
        workplace=hn,
    )
    _periods(
        an,
        Month(2023, 1),
        last + -2,
        employers["thang_long"],
        "Trưởng phòng kỹ thuật",
        16800000,
        workplace=hn,
    )
    # The employer has not paid the last two months yet (arrears).
    _periods(an, last + -1, last, employers["thang_long"], "Trưởng phòng kỹ thuật", 16800000, payment="owed", workplace=hn)  # fmt: skip
    hanoi = Agency.objects.filter(code="01000").first()
    for n in range(3):
        month = Month(2013, 8) + n
        _benefit(an, "unemployment", month.first_day, (month + 1).first_day - timedelta(days=1),
                 1920000, month.first_day + timedelta(days=19), paying_agency=hanoi,
                 decision_number="2145/QĐ-SLĐTBXH")  # fmt: skip
    _benefit(an, "one_time", date(2008, 7, 1), date(2013, 6, 30), 19480000, date(2014, 8, 15),
             paying_agency=hanoi, decision_number="1520/QĐ-BHXH")  # fmt: skip
    _benefit(an, "sickness", date(2017, 3, 13), date(2017, 3, 17), 1234000, date(2017, 4, 10))
    _benefit(an, "maternity", date(2021, 4, 20), date(2021, 4, 24), 2396000, date(2021, 5, 20))
    _benefit(an, "sickness", date(2023, 10, 9), date(2023, 10, 16), 3150000, date(2023, 11, 15))
    _benefit(an, "convalescence", date(2023, 10, 23), date(2023, 10, 27), 2700000, date(2023, 11, 15))  # fmt: skip
    station = _local_facility("01")
    _visit(an, card, README_FACILITY, today - timedelta(days=600), "J18.9", "Viêm phổi", 8450000, 80, days=5)  # fmt: skip
    _visit(an, card, README_FACILITY, today - timedelta(days=290), "K29.7", "Viêm dạ dày", 620000, 80)  # fmt: skip
    _visit(an, card, station, today - timedelta(days=150), "M54.5", "Đau vùng thắt lưng", 280000, 80)  # fmt: skip
    _visit(an, card, README_FACILITY, today - timedelta(days=60), "J20.9", "Viêm phế quản cấp", 410000, 80)  # fmt: skip
    _visit(an, card, station, today - timedelta(days=12), "H10.9", "Viêm kết mạc", 190000, 80)
    return an


def _child(today: date, parent: Person) -> Person:
    child = _person(
        bhxh_code=CHILD_CODE,
        full_name="Nguyễn Gia Huy",
        birth_date=date(2021, 4, 20),
        sex=1,
        citizen_id="001221045678",
        commune=parent.commune,
        address_line=parent.address_line,
        guardian=parent,
    )
    card = _card(
        child,
        group="TE",
        level=1,
        province="01",
        facility=README_FACILITY,
        valid_from=date(2021, 4, 20),
        valid_to=date(2027, 4, 19),  # a child's card runs until the day before age 6
        issued_on=date(2021, 5, 4),
    )
    _visit(child, card, README_FACILITY, today - timedelta(days=200), "A09", "Tiêu chảy và viêm dạ dày ruột", 540000, 100)  # fmt: skip
    _visit(child, card, _local_facility("01"), today - timedelta(days=45), "J06.9", "Nhiễm trùng đường hô hấp trên cấp", 230000, 100)  # fmt: skip
    return child


def _pensioner(today: date, employers: dict) -> Person:
    binh = _person(
        bhxh_code=PENSIONER_CODE,
        full_name="Trần Thị Bình",
        birth_date=date(1964, 8, 12),
        sex=2,
        citizen_id="079164023456",
        phone="0903123456",
        email="binh.tran@example.vn",
        commune=_commune("79", "Phường Phú Nhuận"),
        address_line="Số 45 đường Phan Xích Long",
    )
    card = _card(
        binh,
        group="HT",
        level=3,
        province="79",
        facility="79001",
        valid_from=date(today.year, 1, 1),
        valid_to=date(today.year, 12, 31),
        five_year_date=date(1991, 9, 1),
        issued_on=date(today.year, 1, 6),
    )
    school = employers["thcs"]
    for start, end, coefficient in (
        (Month(1986, 9), Month(1994, 12), "1.78"),
        (Month(1995, 1), Month(2004, 12), "2.34"),
        (Month(2005, 1), Month(2012, 12), "3.33"),
        (Month(2013, 1), Month(2019, 8), "4.32"),
    ):
        wage = (Decimal(coefficient) * base_salary_on(start.first_day)).quantize(Decimal("100"))
        _periods(binh, start, end, school, "Giáo viên", wage, coefficient=Decimal(coefficient),
                 workplace="Thành phố Hồ Chí Minh")  # fmt: skip
    hcm = Agency.objects.filter(code="79000").first()
    month, now = Month(2019, 9), Month.of(today)
    while month <= now:
        amount = (
            6950000 if month < Month(2022, 7) else 7819000 if month < Month(2024, 7) else 8992000
        )
        _benefit(binh, "pension", month.first_day, (month + 1).first_day - timedelta(days=1),
                 amount, month.first_day + timedelta(days=4), paying_agency=hcm,
                 decision_number="3021/QĐ-BHXH")  # fmt: skip
        month = month + 1
    _visit(binh, card, "79001", today - timedelta(days=400), "I10", "Tăng huyết áp vô căn", 6200000, 95, days=6)  # fmt: skip
    _visit(binh, card, _local_facility("79"), today - timedelta(days=120), "E11.9", "Đái tháo đường type 2 không biến chứng", 450000, 95)  # fmt: skip
    _visit(binh, card, "79001", today - timedelta(days=30), "I10", "Tăng huyết áp vô căn", 380000, 95)  # fmt: skip
    return binh


def _applicant(today: date, employers: dict) -> Person:
    hoa = _person(
        bhxh_code=APPLICANT_CODE,
        full_name="Lê Thị Hoa",
        birth_date=date(1995, 6, 2),
        sex=2,
        citizen_id="001195034567",
        phone="0987654321",
        commune=_commune("01", "Phường Ba Đình"),
        address_line="Số 7 phố Đội Cấn",
    )
    _card(
        hoa,
        group="DN",
        level=4,
        province="01",
        facility=README_FACILITY,
        valid_from=date(today.year, 1, 1),
        valid_to=None,
        five_year_date=date(2022, 3, 1),
        issued_on=date(today.year, 1, 6),
    )
    _periods(hoa, Month(2017, 3), Month.of(today) + -1, employers["sao_viet"], "Nhân viên kinh doanh", 9200000, workplace="Hà Nội")  # fmt: skip
    return hoa


def demo_applicant() -> Person | None:
    """The curated person a newcomer can register as, while she has no account yet."""
    return Person.objects.filter(bhxh_code=APPLICANT_CODE, account__isnull=True).first()


# ------------------------------------------------------------------------------------------
# Accounts
# ------------------------------------------------------------------------------------------


def demo_accounts_ensure() -> list[DemoLogin]:
    """Accounts of the curated citizens, one officer per agency, the administrator; return
    their logins. The passwords are printed on purpose (demo databases only)."""
    logins = []
    with transaction.atomic():
        for code, role in ((CITIZEN_CODE, "Người dân"), (PENSIONER_CODE, "Người hưởng lương hưu")):
            person = Person.objects.get(bhxh_code=code)
            _user(code, first_name=person.full_name, person=person, phone=person.phone,
                  email=person.email, must_change_password=False)  # fmt: skip
            logins.append(DemoLogin(f"{role} ({person.full_name})", code, DEMO_PASSWORD))
        group = officer_group_ensure()
        for username, agency_code in OFFICERS:
            agency = Agency.objects.get(code=agency_code)
            officer = _user(username, first_name=f"Cán bộ {agency.name}", is_staff=True,
                            agency=agency)  # fmt: skip
            officer.groups.add(group)
            logins.append(DemoLogin(f"Cán bộ ({agency.name})", username, DEMO_PASSWORD))
        admin = _user("quantri", first_name="Quản trị hệ thống", is_staff=True, is_superuser=True)
        logins.append(DemoLogin("Quản trị", "quantri", DEMO_PASSWORD))
        for staff in (*User.objects.filter(username__in=[u for u, _a in OFFICERS]), admin):
            _totp_device(staff)
        logins += _demo_organisation()
    return logins


# An organisation with an account (issue 14): Nguyễn Văn An's current employer, with its
# administrator and an HR officer. They sign in under "Tổ chức" with the unit code and a
# login name; their authenticator codes show on the simulated phone, like the staff's.
DEMO_ORGANISATION = "thang_long"
DEMO_ORG_USERS = (
    ("quantri", OrganisationMember.Role.ADMIN, "Đỗ Minh Quân"),
    ("nhansu", OrganisationMember.Role.HR, "Phạm Thu Trang"),
)


def _demo_organisation() -> list[DemoLogin]:
    code = EMPLOYERS[DEMO_ORGANISATION][0]
    employer = Employer.objects.get(code=code)
    organisation, _created = Organisation.objects.get_or_create(
        employer=employer,
        defaults={
            "transaction_method": Organisation.Method.DIRECT,
            "representative_name": "Nguyễn Đức Thắng",
            "representative_title": "Giám đốc",
            "contact_name": "Đỗ Minh Quân",
            "contact_phone": "0901000003",
            "contact_email": "nhansu@thanglong.example.vn",
            "registered_at": timezone.now(),
        },
    )
    logins = []
    for login, role, name in DEMO_ORG_USERS:
        user = _user(f"{code}.{login}", first_name=name, must_change_password=False)
        OrganisationMember.objects.update_or_create(
            user=user,
            defaults={
                "organisation": organisation,
                "role": role,
                "login": login,
                "full_name": name,
                "email": f"{login}@thanglong.example.vn",
            },
        )
        _totp_device(user)
        # Printed as the account's username, <mã đơn vị>.<tên đăng nhập>: the "Tổ chức" login
        # page asks for the two apart.
        label = f"{OrganisationMember.Role(role).label} (Tổ chức: {code} + {login})"
        logins.append(DemoLogin(label, user.username, DEMO_PASSWORD))
    return logins


# The back office asks staff for a TOTP code (accounts/admin_site.py). A newcomer has no
# authenticator app enrolled: the demo's staff get a device whose codes the simulated phone
# shows (demo.phone.staff_codes). The key is derived from SECRET_KEY: stable, not public.
DEMO_TOTP_NAME = "Ứng dụng xác thực mô phỏng (demo)"


def _totp_device(user: User) -> TOTPDevice:
    key = hmac.new(
        settings.SECRET_KEY.encode(), f"openvss demo totp {user.username}".encode(), hashlib.sha256
    ).hexdigest()[:40]
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=DEMO_TOTP_NAME, defaults={"key": key, "confirmed": True}
    )
    return device


def _user(username: str, **fields) -> User:
    user, _ = User.objects.update_or_create(username=username, defaults=fields)
    user.set_password(DEMO_PASSWORD)
    user.password_changed_at = timezone.now()  # just set: no "change your password" nudge
    user.save(update_fields=["password", "password_changed_at"])
    return user


# ------------------------------------------------------------------------------------------
# Dossiers waiting in each officer's queue
# ------------------------------------------------------------------------------------------


def demo_dossiers_ensure(*, per_agency: int = PENDING_PER_AGENCY) -> int:
    """Registrations (form 01) from seeded people, waiting in each demo agency's queue, made
    through the same services as the public form; return how many were added."""
    added = 0
    for _username, agency_code in OFFICERS:
        agency = Agency.objects.get(code=agency_code)
        waiting = Dossier.objects.filter(
            agency=agency, kind=Dossier.Kind.REGISTRATION, status__in=Dossier.OPEN_STATUSES
        ).count()
        candidates = (
            Person.objects.filter(
                account__isnull=True,
                citizen_id__isnull=False,
                commune__province_id=agency.province_id,
                dossiers__isnull=True,
            )
            .exclude(phone="")
            .exclude(bhxh_code__in=CURATED_CODES)
            .order_by("id")
        )
        for person in candidates[: (per_agency - waiting) * 3]:
            if waiting >= per_agency:
                break
            if _register(person, agency):
                waiting += 1
                added += 1
    return added


def _register(person: Person, agency: Agency) -> bool:
    try:
        submitted = registration_submit(
            bhxh_code=person.bhxh_code,
            full_name=person.full_name,
            birth_date=person.birth_date,
            citizen_id=person.citizen_id,
            commune_code=person.commune_id,
            address_line=person.address_line or "Số 1",
            phone=person.phone,
            email=person.email,
            agency_code=agency.code,
            portrait=_photo("chan-dung.jpg", (300, 400)),
            id_front=_photo("cccd-truoc.jpg", (640, 400)),
            id_back=_photo("cccd-sau.jpg", (640, 400)),
        )
        # The applicant reads the code from the message waiting in the outbox (the worker has
        # not run yet), as a person reads it from their phone.
        otp = (
            Message.objects.filter(purpose="otp", person=person, status=Message.Status.QUEUED)
            .order_by("-pk")
            .values_list("secret", flat=True)
            .first()
        )
        if otp:
            dossier_confirm(dossier=submitted.dossier, otp=otp)
    except OpenvssError:
        return False  # e.g. a seeded phone number shared with an account: take the next person
    return True


def _photo(name: str, size: tuple[int, int]) -> SimpleUploadedFile:
    """A plain drawing in place of a photo: a silhouette, or an ID card's outline."""
    from PIL import Image, ImageDraw

    width, height = size
    image = Image.new("RGB", size, (222, 234, 246))
    draw = ImageDraw.Draw(image)
    if height > width:
        draw.ellipse((width * 0.3, height * 0.15, width * 0.7, height * 0.5), fill=(120, 140, 165))
        draw.ellipse(
            (width * 0.12, height * 0.55, width * 0.88, height * 1.2), fill=(120, 140, 165)
        )
    else:
        draw.rounded_rectangle(
            (20, 20, width - 20, height - 20), 24, outline=(11, 90, 162), width=6
        )
        draw.rectangle((50, 110, 190, 290), fill=(120, 140, 165))
        for row in range(6):
            draw.rectangle((230, 110 + row * 32, width - 60, 124 + row * 32), fill=(160, 175, 195))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def demo_ensure(*, today: date | None = None) -> list[DemoLogin]:
    """Everything the demo needs after the seeded crowd: accounts and the officers' queues."""
    demo_people_ensure(today=today)
    logins = demo_accounts_ensure()
    demo_dossiers_ensure()
    return logins
