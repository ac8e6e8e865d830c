"""Identifiers: mã số BHXH, BHYT card numbers, CCCD/CMND numbers, mobile numbers, facility codes.

Every parser takes what a person typed or a scanner read, normalises it (spaces, case) and
returns a canonical value or raises ``DomainError`` with a Vietnamese message.
"""

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import phonenumbers

from .errors import N_, DomainError
from .provinces import LEGACY_PROVINCES

_BLANKS = re.compile(r"[\s.\-]+")


def _compact(text: str) -> str:
    return _BLANKS.sub("", text or "")


# --- mã số BHXH ---------------------------------------------------------------------------


def parse_bhxh_code(text: str, *, field: str = "bhxh_code") -> str:
    """A 10-digit social-insurance number; it has no published check digit (DOMAIN.md §2)."""
    code = _compact(text)
    if not code:
        raise DomainError(N_("Vui lòng nhập mã số BHXH."), code="required", field=field)
    if not code.isdigit() or not code.isascii():
        raise DomainError(N_("Mã số BHXH chỉ gồm chữ số."), code="bhxh_code_format", field=field)
    if len(code) != 10:
        raise DomainError(
            N_("Mã số BHXH phải gồm đúng 10 chữ số."), code="bhxh_code_length", field=field
        )
    return code


# --- BHYT card number -----------------------------------------------------------------------

LEGACY_STRICT = re.compile(r"^[A-Z]{2}[1-5]\d{2}\d{10}$")
LEGACY_LENIENT = re.compile(r"^[A-Z]{2}[0-9A-Z]{13}$")


@dataclass(frozen=True, slots=True)
class CardNumber:
    """A BHYT card number in either form.

    ``form`` is ``"legacy15"`` (group + level + province + mã số BHXH, Decision 1351) or
    ``"bhxh10"`` (the number printed on cards since 1/4/2021, which is the mã số BHXH).
    """

    raw: str
    form: str
    bhxh_code: str
    group_code: str | None = None
    benefit_level: int | None = None
    province_code: str | None = None

    @property
    def is_legacy(self) -> bool:
        return self.form == "legacy15"


def parse_card_number(
    text: str,
    *,
    strict: bool = True,
    groups: Collection[str] | None = None,
    field: str = "card_number",
) -> CardNumber:
    """Parse a card number typed or scanned, in the Decision 1351 layout: two letters of
    group code, benefit level 1–5, a known province, the 10-digit mã số BHXH.

    ``strict`` also requires the group code to be one of ``groups`` (the dated legal list,
    passed in). ``strict=False`` relaxes that one rule and no other: a group code missing
    from the list (an old or local code) still parses, so that a card check can answer
    "wrong card code" (051) instead of refusing the request.
    """
    value = _compact(text).upper()
    if not value:
        raise DomainError(N_("Vui lòng nhập mã thẻ BHYT."), code="required", field=field)
    if value.isdigit():
        if len(value) == 10:
            return CardNumber(raw=value, form="bhxh10", bhxh_code=value)
        raise DomainError(
            N_("Mã thẻ BHYT gồm 10 chữ số (mã số BHXH) hoặc 15 ký tự."),
            code="card_number_length",
            field=field,
        )
    if len(value) != 15:
        raise DomainError(
            N_("Mã thẻ BHYT gồm 10 chữ số (mã số BHXH) hoặc 15 ký tự."),
            code="card_number_length",
            field=field,
        )
    if not LEGACY_LENIENT.match(value):
        raise DomainError(
            N_("Mã thẻ BHYT 15 ký tự phải bắt đầu bằng 2 chữ cái mã đối tượng."),
            code="card_number_format",
            field=field,
        )
    level_char, province, bhxh = value[2], value[3:5], value[5:]
    if strict and groups is not None and value[:2] not in groups:
        raise DomainError(
            N_("Hai ký tự đầu của mã thẻ không phải mã đối tượng hợp lệ."),
            code="card_group",
            field=field,
        )
    # The rules below hold for every card, lenient or not.
    if level_char not in "12345":
        # The portal answers 053 for a bad benefit digit (DOMAIN.md §1.1).
        raise DomainError(
            N_("Ký tự thứ 3 của mã thẻ (mức hưởng) phải từ 1 đến 5."),
            code="card_benefit_level",
            field=field,
        )
    if province not in LEGACY_PROVINCES:
        # … and 052 for a bad province (characters 4–5).
        raise DomainError(
            N_("Ký tự thứ 4–5 của mã thẻ không phải mã tỉnh hợp lệ."),
            code="card_province",
            field=field,
        )
    if not bhxh.isdigit():
        raise DomainError(
            N_("10 ký tự cuối của mã thẻ phải là mã số BHXH."),
            code="card_number_format",
            field=field,
        )
    return CardNumber(
        raw=value,
        form="legacy15",
        bhxh_code=bhxh,
        group_code=value[:2],
        benefit_level=int(level_char),
        province_code=province,
    )


def format_card_code(group_code: str, benefit_level: int, province_code: str, bhxh: str) -> str:
    """Compose the 15-character code from its four boxes, checking the result strictly."""
    return parse_card_number(f"{group_code}{benefit_level}{province_code}{bhxh}").raw


# --- CCCD / CMND -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CitizenId:
    """A citizen ID number. 12-digit CCCD numbers encode birth province, sex and birth year."""

    number: str
    kind: str  # "cccd" (12 digits) or "cmnd" (9 digits, legacy)
    birth_province_code: str | None = None
    sex: int | None = None  # 1 = Nam, 2 = Nữ, as on the BHYT card
    birth_year: int | None = None


def parse_citizen_id(
    text: str, *, today: date | None = None, field: str = "citizen_id"
) -> CitizenId:
    """Parse a 12-digit CCCD (Circular 07/2016/TT-BCA layout) or a 9-digit CMND."""
    value = _compact(text)
    if not value:
        raise DomainError(N_("Vui lòng nhập số CCCD/CMND."), code="required", field=field)
    if not value.isdigit() or not value.isascii():
        raise DomainError(N_("Số CCCD/CMND chỉ gồm chữ số."), code="citizen_id_format", field=field)
    if len(value) == 9:
        return CitizenId(number=value, kind="cmnd")
    if len(value) != 12:
        raise DomainError(
            N_("Số CCCD gồm 12 chữ số (CMND cũ gồm 9 chữ số)."),
            code="citizen_id_length",
            field=field,
        )
    province = value[1:3]
    if value[0] != "0" or province not in LEGACY_PROVINCES:
        raise DomainError(
            N_("3 chữ số đầu của số CCCD không phải mã tỉnh nơi đăng ký khai sinh."),
            code="citizen_id_province",
            field=field,
        )
    century_sex = int(value[3])
    birth_year = 1900 + (century_sex // 2) * 100 + int(value[4:6])
    if today is not None and birth_year > today.year:
        raise DomainError(
            N_("Năm sinh mã hóa trong số CCCD nằm trong tương lai."),
            code="citizen_id_birth_year",
            field=field,
        )
    return CitizenId(
        number=value,
        kind="cccd",
        birth_province_code=province,
        sex=1 if century_sex % 2 == 0 else 2,
        birth_year=birth_year,
    )


def citizen_id_mismatches(citizen_id: CitizenId, *, birth_year: int, sex: int) -> list[str]:
    """The fields on which a CCCD number disagrees with the person's birth year and sex."""
    if citizen_id.kind != "cccd":
        return []
    problems = []
    if citizen_id.birth_year != birth_year:
        problems.append("birth_year")
    if citizen_id.sex != sex:
        problems.append("sex")
    return problems


# --- mobile numbers --------------------------------------------------------------------------


def parse_mobile(text: str, *, field: str = "phone") -> str:
    """A Vietnamese mobile number, returned in the national 10-digit form ``0912345678``."""
    raw = (text or "").strip()
    if not raw:
        raise DomainError(N_("Vui lòng nhập số điện thoại."), code="required", field=field)
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or number.country_code != 84
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE
    ):
        raise DomainError(
            N_("Số điện thoại di động không hợp lệ (10 chữ số, ví dụ 0912345678)."),
            code="phone_invalid",
            field=field,
        )
    return "0" + str(number.national_number)


# --- facility codes --------------------------------------------------------------------------

FACILITY_CODE = re.compile(r"^\d{2}[0-9A-Z]{3}$")


def parse_facility_code(text: str, *, field: str = "facility_code") -> str:
    """A 5-character facility code (mã cơ sở KCB); accepts the QR's ``"79 - 024"`` form."""
    # The card QR prints "PP - XXX"; an en dash has been seen too.
    value = re.sub(r"[\s\-–]+", "", text or "").upper()
    if not value:
        raise DomainError(N_("Vui lòng nhập mã cơ sở KCB."), code="required", field=field)
    if not FACILITY_CODE.match(value):
        raise DomainError(
            N_("Mã cơ sở KCB gồm 5 ký tự: 2 chữ số mã tỉnh và 3 ký tự."),
            code="facility_code_format",
            field=field,
        )
    return value


def format_facility_code_for_qr(code: str) -> str:
    return f"{code[:2]} - {code[2:]}"


# --- ICD-10 diagnosis codes ------------------------------------------------------------------

ICD10 = re.compile(r"^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$")


def parse_icd10(text: str, *, field: str = "icd10") -> str:
    """An ICD-10 code as Vietnamese facilities record it: ``J06.9``, ``I10``, ``E11.9``."""
    value = (text or "").strip().upper()
    if not value:
        raise DomainError(N_("Vui lòng nhập mã bệnh ICD-10."), code="required", field=field)
    if len(value) > 3 and value[3] != "." and ICD10.match(f"{value[:3]}.{value[3:]}"):
        value = f"{value[:3]}.{value[3:]}"  # "J069" is written without the dot by some systems
    if not ICD10.match(value):
        raise DomainError(
            N_("Mã bệnh ICD-10 không hợp lệ (ví dụ J06.9)."), code="icd10_format", field=field
        )
    return value
