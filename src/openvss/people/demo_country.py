"""A deterministic demo country: people with Vietnamese names, CCCD numbers consistent with
their birth date and sex, BHYT cards, 0–40 years of participation with real-looking
employers and wages, benefits and medical visits.

Person ``i`` of seed ``s`` is always the same person, so a run of any size is reproducible.
The generator yields plain tuples in the column order of ``COLUMNS``; ``people.bulk`` writes
them with PostgreSQL COPY or SQLite executemany. Nothing here touches the database.
"""

import bisect
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources

from openvss.domain.ids import format_card_code
from openvss.domain.months import Month
from openvss.domain.provinces import LEGACY_PROVINCES, MERGED_INTO
from openvss.domain.text import fold

FAMILY_NAMES = [  # share of the population, roughly
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 30), ("Huỳnh", 21),
    ("Phan", 45), ("Vũ", 20), ("Võ", 19), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 6), ("Trương", 6), ("Lương", 4),
    ("Mai", 4), ("Tạ", 3), ("Cao", 3), ("Lâm", 3), ("Hà", 4),
]  # fmt: skip
MIDDLE = {
    1: [
        "Văn",
        "Hữu",
        "Đức",
        "Minh",
        "Quang",
        "Thành",
        "Công",
        "Xuân",
        "Ngọc",
        "Tuấn",
        "Gia",
        "Hoàng",
    ],
    2: [
        "Thị",
        "Thị",
        "Thị",
        "Ngọc",
        "Thu",
        "Thanh",
        "Kim",
        "Hồng",
        "Mai",
        "Phương",
        "Bảo",
        "Khánh",
    ],
}
GIVEN = {
    1: ["An", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Hải", "Hiếu", "Hùng", "Huy", "Khang",
        "Khoa", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tâm",
        "Thắng", "Thịnh", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Vũ"],
    2: ["Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền",
        "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên",
        "Tâm", "Thảo", "Thu", "Trang", "Trinh", "Uyên", "Vân", "Yến"],
}  # fmt: skip
MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077",
                   "078", "079", "081", "082", "083", "084", "085", "086", "088", "089", "090",
                   "091", "093", "094", "096", "097", "098"]  # fmt: skip
OCCUPATIONS = [
    ("Công nhân", None), ("Công nhân may", None), ("Kỹ thuật viên", None), ("Nhân viên kinh doanh", None),
    ("Kế toán viên", None), ("Nhân viên văn phòng", None), ("Lái xe", None), ("Kỹ sư", None),
    ("Trưởng phòng", None), ("Chuyên viên", Decimal("2.34")), ("Chuyên viên chính", Decimal("4.40")),
    ("Giáo viên", Decimal("2.34")), ("Bác sĩ", Decimal("2.34")), ("Điều dưỡng", Decimal("1.86")),
    ("Chuyên viên (cao đẳng), Phó trưởng phòng", Decimal("3.66")),
]  # fmt: skip
COMPANY_WORDS = ["Hòa Bình", "Thành Công", "Phú Thịnh", "Minh Long", "Sao Việt", "Tân Phát",
                 "Đại Dương", "Hưng Thịnh", "An Khang", "Bình Minh", "Trường Sơn", "Hồng Hà",
                 "Kim Long", "Phương Nam", "Việt Tiến", "Đông Á", "Thăng Long", "Sông Hồng",
                 "Mê Kông", "Tây Nguyên", "Hải Âu", "Ngọc Lan", "Toàn Cầu", "Nhật Minh"]  # fmt: skip
COMPANY_KINDS = [("Công ty TNHH", "DN"), ("Công ty Cổ phần", "DN"), ("Công ty TNHH MTV", "DN"),
                 ("Hợp tác xã", "HX"), ("Trường Tiểu học", "HC"), ("Trường THCS", "HC"),
                 ("Ủy ban nhân dân", "HC"), ("Bệnh viện", "HC"), ("Chi nhánh Ngân hàng", "DN")]  # fmt: skip
COMPANY_TRADES = ["Thương mại", "Xây dựng", "May mặc", "Dịch vụ", "Công nghệ", "Thực phẩm",
                  "Vận tải", "Điện tử", "Cơ khí", "Nông sản", "Dược phẩm", "Du lịch"]  # fmt: skip
DIAGNOSES = [
    ("J06.9", "Nhiễm trùng đường hô hấp trên cấp", 50), ("I10", "Tăng huyết áp vô căn", 30),
    ("E11.9", "Đái tháo đường type 2 không biến chứng", 15), ("K29.7", "Viêm dạ dày", 25),
    ("M54.5", "Đau vùng thắt lưng", 15), ("J20.9", "Viêm phế quản cấp", 20),
    ("A09", "Tiêu chảy và viêm dạ dày ruột", 12), ("K02.9", "Sâu răng", 10),
    ("H10.9", "Viêm kết mạc", 8), ("N39.0", "Nhiễm khuẩn đường tiết niệu", 8),
    ("J18.9", "Viêm phổi", 6), ("S93.4", "Bong gân cổ chân", 5), ("R50.9", "Sốt", 10),
    ("E78.5", "Rối loạn chuyển hóa lipid máu", 10), ("I25.9", "Bệnh tim thiếu máu cục bộ mạn", 4),
    ("O80", "Sinh thường một thai", 3), ("K35.8", "Viêm ruột thừa cấp", 2),
]  # fmt: skip

PERSON_COLUMNS = ("id", "bhxh_code", "full_name", "name_folded", "birth_date", "birth_year_only",
                  "sex", "citizen_id", "old_id_number", "passport_number", "phone", "email",
                  "commune_id", "address_line", "guardian_id", "is_deceased", "created_at",
                  "updated_at")  # fmt: skip
CARD_COLUMNS = ("id", "person_id", "number", "code", "group_code", "benefit_level", "province_code",
                "registered_facility_id", "valid_from", "valid_to", "five_year_date", "area_code",
                "issued_on", "issuing_place", "management_code", "status")  # fmt: skip
PERIOD_COLUMNS = ("person_id", "scheme", "from_month", "to_month", "employer_id", "occupation",
                  "workplace", "wage", "wage_coefficient", "currency", "payment", "voluntary")  # fmt: skip
BENEFIT_COLUMNS = ("person_id", "regime", "period_from", "period_to", "amount", "paid_on",
                   "paying_agency_id", "decision_number")  # fmt: skip
VISIT_COLUMNS = ("person_id", "card_id", "facility_id", "kind", "admitted_on", "discharged_on",
                 "icd10", "diagnosis", "total_cost", "fund_paid", "patient_paid", "recorded_at")  # fmt: skip
EMPLOYER_COLUMNS = ("id", "code", "name", "name_folded", "tax_code", "address", "province_id",
                    "agency_id", "sector", "is_active")  # fmt: skip

_BASE_SALARY = sorted(
    (date.fromisoformat(start), Decimal(value))
    for key, start, value, *_ in json.loads(
        (resources.files("openvss.legal") / "data" / "legal.json").read_text("utf-8")
    )["parameters"]
    if key == "base_salary"
)
_BASE_DATES = [d for d, _ in _BASE_SALARY]


def base_salary_on(day: date) -> Decimal:
    index = bisect.bisect_right(_BASE_DATES, day) - 1
    return _BASE_SALARY[max(index, 0)][1]


def _permute(i: int, modulus: int, multiplier: int, offset: int) -> int:
    """A bijection on [0, modulus): unique codes without a lookup table."""
    return (i * multiplier + offset) % modulus


@dataclass
class Places:
    """What the generator needs of the reference data, loaded once."""

    communes: dict[str, list[tuple[str, str]]]  # new province -> [(code, name)]
    facilities: dict[str, list[int]]  # new province -> facility ids (primary first)
    hospitals: dict[str, list[int]]  # new province -> basic/specialised facility ids
    facility_codes: dict[int, str]
    agencies: dict[str, int]  # new province -> provincial agency id
    province_names: dict[str, str]
    provinces: list[str] = field(default_factory=list)


@dataclass
class Batch:
    people: list[tuple] = field(default_factory=list)
    cards: list[tuple] = field(default_factory=list)
    periods: list[tuple] = field(default_factory=list)
    benefits: list[tuple] = field(default_factory=list)
    visits: list[tuple] = field(default_factory=list)


class DemoCountry:
    def __init__(
        self,
        *,
        seed: int,
        places: Places,
        employer_ids: list[int],
        today: date,
        fund_percents: dict[int, int],
    ):
        self.fund_percents = fund_percents  # by benefit level, from legal data
        self.seed = seed
        self.places = places
        self.employer_ids = employer_ids
        self.today = today
        self.now_month = Month.of(today)
        self._families = [name for name, _ in FAMILY_NAMES]
        self._family_weights = [w for _, w in FAMILY_NAMES]
        self._used_citizen_ids: set[str] = set()
        self._diag_weights = [w for *_, w in DIAGNOSES]

    # -- codes ------------------------------------------------------------------------------

    @staticmethod
    def bhxh_code(i: int, province: str) -> str:
        # 48271 is coprime with 10**8, so the last 8 digits never repeat below 10**8 people.
        return f"{province}{_permute(i, 10**8, 48271, 1_234_567):08d}"

    @staticmethod
    def phone(i: int) -> str:
        prefix = MOBILE_PREFIXES[i % len(MOBILE_PREFIXES)]
        return f"{prefix}{_permute(i // len(MOBILE_PREFIXES), 10**7, 7_654_321, 98_765):07d}"

    def citizen_id(self, rng: random.Random, birth: date, sex: int, birth_province: str) -> str:
        century = (birth.year - 1900) // 100
        prefix = f"0{birth_province}{century * 2 + (sex - 1)}{birth.year % 100:02d}"
        serial = rng.randrange(10**6)
        while (number := f"{prefix}{serial:06d}") in self._used_citizen_ids:
            serial = (serial + 1) % 10**6
        self._used_citizen_ids.add(number)
        return number

    # -- people -----------------------------------------------------------------------------

    def person(self, i: int, person_id: int, batch: Batch) -> None:
        """Append person ``i`` and all their records to ``batch``; the card id is the person id."""
        rng = random.Random(self.seed * 1_000_003 + i)
        today = self.today
        province = rng.choice(self.places.provinces)
        commune_code, commune_name = rng.choice(self.places.communes[province])
        legacy = rng.choice(MERGED_INTO[province])
        sex = 1 if rng.random() < 0.5 else 2
        age = min(int(rng.triangular(0, 95, 32)), 94)
        birth = today - timedelta(days=age * 365 + rng.randrange(365))
        family = rng.choices(self._families, self._family_weights)[0]
        name = f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
        code = self.bhxh_code(i, legacy)
        birth_province = legacy if rng.random() < 0.8 else rng.choice(list(LEGACY_PROVINCES))
        citizen_id = self.citizen_id(rng, birth, sex, birth_province)
        adult = age >= 14
        phone = self.phone(i) if adult else ""
        email = (
            f"{fold(name).replace(' ', '.')}.{i}@example.vn" if adult and rng.random() < 0.6 else ""
        )
        batch.people.append(
            (
                person_id,
                code,
                name,
                fold(name),
                birth,
                False,
                sex,
                citizen_id,
                "",
                "",
                phone,
                email,
                commune_code,
                f"Số {rng.randrange(1, 300)}, Tổ {rng.randrange(1, 30)}",
                None,
                False,
                today,
                today,
            )
        )
        careers = self._career(rng, person_id, birth, age, sex, legacy, batch)
        group = self._group(rng, age, careers, sex)
        level = {"TE": 1, "CC": 1, "HN": 2, "HT": 3, "CN": 3, "QN": 5}.get(group, 4)
        facilities = self.places.facilities[province]
        facility = facilities[rng.randrange(min(len(facilities), 12))]
        first_bhyt = careers or birth
        five_year = (
            first_bhyt + timedelta(days=5 * 365 + 2) if isinstance(first_bhyt, date) else None
        )
        valid_from = date(today.year, 1, 1)
        valid_to = None if group in ("DN", "HC", "HX") else date(today.year, 12, 31)
        area = "K2" if rng.random() < 0.03 else ""
        batch.cards.append(
            (
                person_id,
                person_id,
                code,
                format_card_code(group, level, legacy, code),
                group,
                level,
                legacy,
                facility,
                valid_from,
                valid_to,
                five_year if five_year and five_year < today else None,
                area,
                valid_from + timedelta(days=rng.randrange(20)),
                f"Bảo hiểm xã hội {self.places.province_names[province]}",
                f"{legacy}{level:02d}{code}",
                "active",
            )
        )
        self._visits(rng, person_id, birth, level, province, batch)

    def _group(self, rng: random.Random, age: int, career_start, sex: int) -> str:
        if age < 6:
            return "TE"
        if age < 18:
            return "HS"
        if age < 22 and career_start is None:
            return "SV"
        retire = 60 if sex == 2 else 62
        if age >= retire and career_start is not None:
            return "HT"
        if career_start is not None and age < retire:
            return rng.choices(["DN", "HC", "HX", "QN"], [80, 15, 4, 1])[0]
        return rng.choices(["GD", "HN", "CN", "CC", "BT"], [60, 15, 15, 5, 5])[0]

    def _career(self, rng, person_id, birth, age, sex, legacy, batch) -> date | None:
        """Jobs from age 18–25 to now or retirement; return the first BHYT day or None."""
        if age < 18 or rng.random() < 0.12 or not self.employer_ids:
            return None
        start = Month.of(birth) + 12 * rng.randint(18, 25) + rng.randrange(12)
        start = max(start, Month(1995, 1))
        retire_age = 60 if sex == 2 else 62
        end_all = min(self.now_month + -1, Month.of(birth) + 12 * retire_age)
        if start > end_all:
            return None
        cursor, first = start, start
        employer = rng.choice(self.employer_ids)
        occupation, coefficient = rng.choice(OCCUPATIONS)
        wage_factor = Decimal(str(round(rng.lognormvariate(0.0, 0.35), 2)))
        while cursor <= end_all:
            length = rng.randint(12, 60)
            seg_end = min(cursor + (length - 1), end_all)
            self._segment(
                rng,
                person_id,
                cursor,
                seg_end,
                employer,
                occupation,
                coefficient,
                wage_factor,
                legacy,
                batch,
            )
            cursor = seg_end + 1
            if rng.random() < 0.3:  # change job, sometimes after a gap
                gap = rng.choice([0, 0, 1, 3, 6, 12])
                if gap >= 3 and cursor.year >= 2010 and rng.random() < 0.3:
                    self._unemployment(rng, person_id, cursor, gap, batch)
                cursor = cursor + gap
                employer = rng.choice(self.employer_ids)
                occupation, coefficient = rng.choice(OCCUPATIONS)
            if coefficient is not None:
                coefficient += Decimal("0.33")
            wage_factor *= Decimal("1.08")
        # A month paid by two employers at once: counted once, flagged in the history.
        if rng.random() < 0.03 and end_all > first + 6:
            overlap = first + rng.randrange(end_all.index - first.index - 3)
            self._segment(
                rng,
                person_id,
                overlap,
                min(overlap + 2, end_all),
                rng.choice(self.employer_ids),
                "Cộng tác viên",
                None,
                Decimal("0.5"),
                legacy,
                batch,
                schemes=("BHXH",),
            )
        # Employer arrears on the latest months.
        if end_all == self.now_month + -1 and rng.random() < 0.02:
            last = list(batch.periods[-1])
            last[10] = "owed"
            batch.periods[-1] = tuple(last)
        if Month.of(birth) + 12 * retire_age <= self.now_month:
            self._pension(rng, person_id, Month.of(birth) + 12 * retire_age, wage_factor, batch)
        elif sex == 2 and rng.random() < 0.15:
            self._maternity(rng, person_id, start, end_all, batch)
        if rng.random() < 0.15:
            self._sickness(rng, person_id, start, end_all, batch)
        return first.first_day

    def _segment(
        self,
        rng,
        person_id,
        start,
        end,
        employer,
        occupation,
        coefficient,
        factor,
        legacy,
        batch,
        schemes=None,
    ):
        base = base_salary_on(start.first_day)
        wage = (coefficient * base) if coefficient is not None else (base * Decimal("2.6") * factor)
        wage = wage.quantize(Decimal("100"))
        workplace = LEGACY_PROVINCES[legacy]
        for scheme in schemes or ("BHXH", "BHYT", "BHTN", "BHTNLD"):
            seg_start = start
            if scheme == "BHTN":
                seg_start = max(start, Month(2009, 1))  # unemployment insurance since 1/2009
            elif scheme == "BHTNLD":
                seg_start = max(start, Month(2016, 7))  # separate fund since 7/2016
            if seg_start > end:
                continue
            batch.periods.append(
                (
                    person_id,
                    scheme,
                    seg_start.first_day,
                    end.first_day,
                    employer,
                    occupation,
                    workplace,
                    wage,
                    coefficient,
                    "VND",
                    "paid",
                    False,
                )
            )

    def _pension(self, rng, person_id, start: Month, factor: Decimal, batch):
        amount = (Decimal("2500000") * factor).quantize(Decimal("1000"))
        cursor = max(start, Month(2000, 1))
        while cursor <= self.now_month:
            end = min(cursor + 11, self.now_month)
            batch.benefits.append(
                (
                    person_id,
                    "pension",
                    cursor.first_day,
                    _month_end(end),
                    amount,
                    cursor.first_day + timedelta(days=4),
                    None,
                    "",
                )
            )
            amount = (amount * Decimal("1.07")).quantize(Decimal("1000"))
            cursor = end + 1

    def _maternity(self, rng, person_id, start: Month, end: Month, batch):
        if end.index - start.index < 12:
            return
        birth_month = start + rng.randrange(6, end.index - start.index + 1)
        day = birth_month.first_day
        batch.benefits.append(
            (
                person_id,
                "maternity",
                day,
                day + timedelta(days=182),
                Decimal(rng.randrange(30, 90) * 1_000_000),
                day + timedelta(days=40),
                None,
                "",
            )
        )

    def _sickness(self, rng, person_id, start: Month, end: Month, batch):
        day = (start + rng.randrange(end.index - start.index + 1)).first_day + timedelta(
            days=rng.randrange(25)
        )
        days = rng.randint(2, 14)
        batch.benefits.append(
            (
                person_id,
                "sickness",
                day,
                day + timedelta(days=days - 1),
                Decimal(days * rng.randrange(150, 400) * 1000),
                day + timedelta(days=30),
                None,
                "",
            )
        )

    def _unemployment(self, rng, person_id, start: Month, months: int, batch):
        n = min(months, 3)
        batch.benefits.append(
            (
                person_id,
                "unemployment",
                start.first_day,
                _month_end(start + (n - 1)),
                Decimal(n * rng.randrange(3000, 9000) * 1000),
                start.first_day + timedelta(days=20),
                None,
                "",
            )
        )

    def _visits(self, rng, person_id, birth, level, province, batch):
        age_factor = 1.0 if self.today.year - birth.year < 50 else 2.0
        hospitals = self.places.hospitals[province]
        local = self.places.facilities[province]
        for year in (self.today.year - 1, self.today.year):
            for _ in range(int(rng.expovariate(1 / (1.2 * age_factor)))):
                last_day = self.today if year == self.today.year else date(year, 12, 31)
                admitted = date(year, 1, 1) + timedelta(
                    days=rng.randrange((last_day - date(year, 1, 1)).days + 1)
                )
                icd, diagnosis, _w = rng.choices(DIAGNOSES, self._diag_weights)[0]
                inpatient = rng.random() < 0.08
                if inpatient:
                    facility = rng.choice(hospitals)
                    days = rng.randint(2, 10)
                    total = Decimal(rng.randrange(2_000, 30_000) * 1000)
                else:
                    facility = (
                        rng.choice(local[:12]) if rng.random() < 0.7 else rng.choice(hospitals)
                    )
                    days = 0
                    total = Decimal(rng.randrange(80, 1500) * 1000)
                discharged = min(admitted + timedelta(days=days), self.today)
                fund = (total * self.fund_percents[level] / 100).quantize(Decimal("1"))
                batch.visits.append(
                    (
                        person_id,
                        person_id,
                        facility,
                        "inpatient" if inpatient else "outpatient",
                        admitted,
                        discharged,
                        icd,
                        diagnosis,
                        total,
                        fund,
                        total - fund,
                        self.today,
                    )
                )


def _month_end(month: Month) -> date:
    return (month + 1).first_day - timedelta(days=1)


def employer_rows(
    start: int, count: int, *, seed: int, places: Places, first_id: int
) -> Iterator[tuple]:
    """Employers ``start .. start+count``; the unit code looks like ``TZH490L``."""
    letters = "ABCDEFGHKLMNPQRSTUVXYZ"
    for n in range(start, start + count):
        rng = random.Random(seed * 7_000_001 + n)
        province = rng.choice(places.provinces)
        kind, _group = rng.choices(COMPANY_KINDS, [30, 30, 20, 4, 4, 4, 3, 2, 3])[0]
        commune_name = rng.choice(places.communes[province])[1]
        if kind.startswith("Công ty") or kind.startswith("Hợp tác"):
            name = f"{kind} {rng.choice(COMPANY_TRADES)} {rng.choice(COMPANY_WORDS)}"
        elif kind == "Chi nhánh Ngân hàng":
            name = f"{kind} {rng.choice(COMPANY_WORDS)} {commune_name}"
        else:
            name = f"{kind} {commune_name}"
        serial = _permute(n, len(letters) ** 3 * 1000, 7919, 4242)
        a, rest = divmod(serial, len(letters) ** 2 * 1000)
        b, rest = divmod(rest, len(letters) * 1000)
        c, digits = divmod(rest, 1000)
        code = f"{letters[a]}{letters[b]}{letters[c]}{digits:03d}{letters[n % len(letters)]}"
        yield (
            first_id + n - start,
            code,
            name,
            fold(name),
            f"{_permute(n, 10**10, 3_141_593, 0):010d}",
            f"Số {rng.randrange(1, 500)}, {commune_name}, {places.province_names[province]}",
            province,
            places.agencies.get(province),
            "Doanh nghiệp" if "Công ty" in name else "Đơn vị",
            True,
        )
