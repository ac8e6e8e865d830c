from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvss.domain.errors import DomainError
from openvss.domain.qr import build_bhyt_qr, detect_qr_kind, parse_bhyt_qr, parse_cccd_qr
from openvss.domain.text import nfc

# DOMAIN.md §3, synthetic vectors 1–5.
LEGACY = "DN4790123456789|4e677579e1bb856e2056c4836e20416e|15/03/1990|1|43c3b46e6720747920544e48482056c3ad2044e1bba5|79 - 024|01/01/2020|31/12/2020|05/01/2020|79240123456789|-|4| 01/01/2025|a1b2c3d4e5f60718-7102|$"
CARD_2021 = "0198765432|5472e1baa76e205468e1bb8b2042c3ac6e68|20/11/1985|2|-|01 - 001|01/01/2026|-|15/01/2026|01010198765432|-|4| 01/07/2030|0f1e2d3c4b5a6978-7102|4|5068c6b0e1bb9d6e6720426120c490c3ac6e682c205468c3a06e68207068e1bb912048c3a0204ee1bb9969|$"
CHILD = "TE1920123400001|4cc3aa204d696e68204b68616e67|02/09/2022|1|58c3a32050686f6e6720c49069e1bb816e2c205468c3a06e68207068e1bb912043e1baa76e205468c6a1|92 - 005|02/09/2022|01/09/2028|10/09/2022|92010123400001|4cc3aa2056c4836e2054c3a26d204e677579e1bb856e205468e1bb8b20486f61|6|-|1234abcd5678ef90-7102|$"
RETIREE = "HT3010011223344|5068e1baa16d2056c4836e204ce1bb9963|1950|1|5068c6b0e1bb9d6e6720486fc3a06e204b69e1babf6d2c205468c3a06e68207068e1bb912048c3a0204ee1bb9969|01 - 012|01/01/2025|31/12/2025|02/01/2025|01030011223344|-|4| 01/01/2010|9abc0def12345678-7102|$"
TRUNCATED = "HS4010120000001|56c5a9205468e1bb8b204d6169|07/09/2012|2|5068c6b0e1bb9d6e67204e6768c4a96120c490c3b42c205468c3a06e68207068e1bb912048c3a0204ee1bb9969|01 - 028|01/01/2026|-|05/01/2026|$"


def test_legacy_employee_card():
    qr = parse_bhyt_qr(LEGACY)
    assert qr.layout == "legacy"
    assert qr.card.raw == "DN4790123456789" and qr.card.benefit_level == 4
    assert qr.full_name == "Nguyễn Văn An"
    assert qr.address == "Công ty TNHH Ví Dụ"
    assert qr.facility_code == "79024"
    assert (qr.valid_from, qr.valid_to, qr.issued_on) == (
        date(2020, 1, 1),
        date(2020, 12, 31),
        date(2020, 1, 5),
    )
    assert qr.five_year_date == date(2025, 1, 1)  # field [12] had a leading space
    assert qr.management_code == "79240123456789"
    assert qr.check_value == "a1b2c3d4e5f60718-7102"
    assert qr.sex == 1 and qr.birth_date == date(1990, 3, 15) and not qr.birth_year_only


def test_2021_template_card_has_no_end_date_and_an_issuing_place():
    qr = parse_bhyt_qr(CARD_2021)
    assert qr.layout == "2021"
    assert qr.card.form == "bhxh10" and qr.card.bhxh_code == "0198765432"
    assert qr.full_name == "Trần Thị Bình" and qr.sex == 2
    assert qr.valid_to is None
    assert qr.issuing_place == "Phường Ba Đình, Thành phố Hà Nội"
    assert qr.address == ""


def test_child_card_with_parents_and_area_k2():
    qr = parse_bhyt_qr(CHILD)
    assert qr.full_name == "Lê Minh Khang"
    assert qr.guardian_names == "Lê Văn Tâm Nguyễn Thị Hoa"
    assert qr.area_code == "K2"
    assert qr.five_year_date is None
    assert qr.address == "Xã Phong Điền, Thành phố Cần Thơ"


def test_retiree_with_year_only_birth_date():
    qr = parse_bhyt_qr(RETIREE)
    assert qr.birth_year_only and qr.birth_date.year == 1950
    assert qr.full_name == "Phạm Văn Lộc" and qr.card.group_code == "HT"


def test_truncated_payload_still_parses_fields_0_to_8():
    qr = parse_bhyt_qr(TRUNCATED)
    assert qr.layout == "truncated"
    assert qr.full_name == "Vũ Thị Mai" and qr.facility_code == "01028"
    assert qr.issued_on == date(2026, 1, 5)
    assert qr.management_code == "" and qr.check_value == "" and qr.area_code == ""


def test_upper_case_hex_and_en_dash_and_text_after_terminator_are_tolerated():
    variant = LEGACY.replace("4e677579e1bb856e2056c4836e20416e", "4E677579E1BB856E2056C4836E20416E")
    variant = variant.replace("79 - 024", "79 – 024") + "\r\n"
    qr = parse_bhyt_qr(variant)
    assert qr.full_name == "Nguyễn Văn An" and qr.facility_code == "79024"


def test_short_check_value_is_kept_not_rejected():
    qr = parse_bhyt_qr(LEGACY.replace("a1b2c3d4e5f60718-7102", "a1b2c3d4e5f6071-7102"))
    assert qr.check_value == "a1b2c3d4e5f6071-7102"


def test_name_that_is_not_hex_falls_back_to_the_raw_text():
    qr = parse_bhyt_qr(LEGACY.replace("4e677579e1bb856e2056c4836e20416e", "NGUYEN VAN AN"))
    assert qr.full_name == "NGUYEN VAN AN"


def test_invalid_utf8_hex_falls_back_to_the_raw_text():
    qr = parse_bhyt_qr(LEGACY.replace("4e677579e1bb856e2056c4836e20416e", "ffff"))
    assert qr.full_name == "ffff"


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("", "qr_empty"),
        ("DN4790123456789|4e67|15/03/1990|$", "qr_truncated"),
        (LEGACY.replace("DN4790123456789", "HELLO"), "qr_card_number"),
        (LEGACY.replace("15/03/1990", "31/02/1990"), "date_invalid"),
        (LEGACY.replace("15/03/1990", "1990-03-15"), "date_format"),
        (LEGACY.replace("|1|43c3", "|3|43c3"), "qr_sex"),
        (LEGACY.replace("79 - 024", "7 - 9024X"), "facility_code_format"),
        (LEGACY.replace("4e677579e1bb856e2056c4836e20416e", "-"), "qr_name"),
    ],
)
def test_garbage_is_rejected_with_a_reason(payload, code):
    with pytest.raises(DomainError) as info:
        parse_bhyt_qr(payload)
    assert info.value.code == code
    assert info.value.message


# DOMAIN.md §4
CCCD_2021 = "001090012345|012345678|Nguyễn Văn An|15031990|Nam|Số 1 Phố Huế, Phường Hai Bà Trưng, Thành phố Hà Nội|10052021"
CAN_CUOC = "079190012345||Trần Thị Bình|01011990|Nữ|12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh|01072024"
CAN_CUOC_TRAILING = (
    "092205001234||Lê Minh Khang|02092005|Nam|Xã Phong Điền, Thành phố Cần Thơ|15082025||"
)


def test_chip_id_qr():
    qr = parse_cccd_qr(CCCD_2021)
    assert (qr.citizen_id, qr.old_id, qr.full_name, qr.sex) == (
        "001090012345",
        "012345678",
        "Nguyễn Văn An",
        1,
    )
    assert qr.birth_date == date(1990, 3, 15) and qr.issued_on == date(2021, 5, 10)


def test_can_cuoc_without_old_id_and_with_trailing_fields():
    assert parse_cccd_qr(CAN_CUOC).sex == 2
    qr = parse_cccd_qr(CAN_CUOC_TRAILING)
    assert qr.full_name == "Lê Minh Khang" and qr.issued_on == date(2025, 8, 15) and qr.old_id == ""


def test_six_field_variant_without_the_old_id_field():
    qr = parse_cccd_qr("001090012345|Nguyễn Văn An|15031990|Nam|Số 1 Phố Huế|10052021")
    assert qr.full_name == "Nguyễn Văn An" and qr.old_id == "" and qr.issued_on == date(2021, 5, 10)


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("00109001234|012345678|An|15031990|Nam|x|10052021", "qr_citizen_id"),
        ("001090012345|012345678|An|15131990|Nam|x|10052021", "date_invalid"),
        ("001090012345|012345678|An|15031990|Khác|x|10052021", "qr_sex"),
        ("001090012345|012345678|An", "qr_truncated"),
    ],
)
def test_bad_chip_id_payloads(payload, code):
    with pytest.raises(DomainError) as info:
        parse_cccd_qr(payload)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("payload", "kind"), [(LEGACY, "bhyt_card"), (CARD_2021, "bhyt_card"), (CCCD_2021, "cccd")]
)
def test_detect_qr_kind(payload, kind):
    assert detect_qr_kind(payload) == kind


def test_detect_rejects_unknown_payloads():
    with pytest.raises(DomainError):
        detect_qr_kind("https://example.com")


names = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "Zs")), min_size=1, max_size=40
).filter(lambda s: s.strip() and "|" not in s)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(
    name=names,
    birth=dates,
    sex=st.sampled_from([1, 2]),
    valid_from=dates,
    valid_to=st.none() | dates,
    area=st.sampled_from(["", "K1", "K2", "K3"]),
    five=st.none() | dates,
    place=st.text(max_size=60).filter(lambda s: "|" not in s and "$" not in s),
    year_only=st.booleans(),
)
def test_built_card_qr_parses_back(
    name, birth, sex, valid_from, valid_to, area, five, place, year_only
):
    payload = build_bhyt_qr(
        card_number="0198765432",
        full_name=name.strip(),
        birth_date=birth,
        sex=sex,
        facility_code="01001",
        valid_from=valid_from,
        valid_to=valid_to,
        issued_on=valid_from,
        management_code="01010198765432",
        check_value="0f1e2d3c4b5a6978-9001",
        area_code=area,
        five_year_date=five,
        issuing_place=place.strip(),
        birth_year_only=year_only,
    )
    qr = parse_bhyt_qr(payload)
    assert qr.full_name == nfc(name)  # read back normalised (NFC, spaces collapsed)
    assert qr.birth_year_only == year_only
    assert qr.birth_date == (date(birth.year, 1, 1) if year_only else birth)
    assert (qr.sex, qr.valid_from, qr.valid_to, qr.area_code, qr.five_year_date) == (
        sex,
        valid_from,
        valid_to,
        area,
        five,
    )
    assert qr.issuing_place == nfc(place)
    assert qr.layout == "2021"


@given(st.text(max_size=300))
def test_parsers_never_crash_on_arbitrary_text(text):
    for parse in (parse_bhyt_qr, parse_cccd_qr, detect_qr_kind):
        try:
            parse(text)
        except DomainError as exc:
            assert exc.code and exc.message
