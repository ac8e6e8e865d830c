from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvss.domain.errors import DomainError
from openvss.domain.ids import (
    citizen_id_mismatches,
    format_card_code,
    parse_bhxh_code,
    parse_card_number,
    parse_citizen_id,
    parse_facility_code,
    parse_mobile,
)
from openvss.domain.provinces import LEGACY_PROVINCES, MERGED_INTO, NEW_PROVINCE_OF

digits = st.text(alphabet="0123456789", min_size=10, max_size=10)


# --- mã số BHXH ---


@pytest.mark.parametrize("code", ["0123456789", "7912345678", "0198765432", " 0123 456 789 "])
def test_valid_bhxh_codes_are_accepted_and_compacted(code):
    assert parse_bhxh_code(code) == code.replace(" ", "")


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("012345678", "bhxh_code_length"),
        ("01234567890", "bhxh_code_length"),
        ("01234A6789", "bhxh_code_format"),
        ("", "required"),
        ("０１２３４５６７８９", "bhxh_code_format"),  # full-width digits are not ASCII digits
    ],
)
def test_invalid_bhxh_codes_are_rejected_with_a_reason(code, error):
    with pytest.raises(DomainError) as info:
        parse_bhxh_code(code)
    assert info.value.code == error
    assert info.value.field == "bhxh_code"
    assert info.value.message  # a Vietnamese sentence, never empty


@given(digits)
def test_every_ten_digit_string_is_a_bhxh_code(code):
    assert parse_bhxh_code(code) == code


@given(st.text(max_size=30))
def test_bhxh_parser_never_crashes(text):
    try:
        assert len(parse_bhxh_code(text)) == 10
    except DomainError as exc:
        assert exc.code


# --- BHYT card numbers ---


@pytest.mark.parametrize(
    ("raw", "group", "level", "province", "bhxh"),
    [
        ("DN4790123456789", "DN", 4, "79", "0123456789"),
        ("HS4010120000001", "HS", 4, "01", "0120000001"),
        ("TE1920123400001", "TE", 1, "92", "0123400001"),
        ("HT3010011223344", "HT", 3, "01", "0011223344"),
        ("QN5010000000017", "QN", 5, "01", "0000000017"),
        ("dn4790123456789", "DN", 4, "79", "0123456789"),  # typed in lower case: normalised
    ],
)
def test_domain_card_vectors_parse_strictly(raw, group, level, province, bhxh):
    card = parse_card_number(raw)
    assert (card.form, card.group_code, card.benefit_level, card.province_code, card.bhxh_code) == (
        "legacy15",
        group,
        level,
        province,
        bhxh,
    )


def test_the_ten_digit_card_number_is_the_bhxh_code():
    card = parse_card_number("0198765432")
    assert card.form == "bhxh10" and card.bhxh_code == "0198765432" and card.group_code is None


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("DN6790123456789", "card_benefit_level"),  # portal code 053
        ("DN4000123456789", "card_province"),  # 00 is no province: portal code 052
        ("DN47901234567", "card_number_length"),
        ("012345678", "card_number_length"),
        ("1N4790123456789", "card_number_format"),
        ("", "required"),
    ],
)
def test_invalid_card_numbers_are_rejected_with_a_reason(raw, error):
    with pytest.raises(DomainError) as info:
        parse_card_number(raw)
    assert info.value.code == error


def test_lenient_parsing_relaxes_only_the_group_code():
    groups = {"DN", "HT"}
    with pytest.raises(DomainError) as info:
        parse_card_number("ZZ4790123456789", groups=groups)
    assert info.value.code == "card_group"
    card = parse_card_number("ZZ4790123456789", strict=False, groups=groups)
    assert card.group_code == "ZZ" and card.benefit_level == 4 and card.bhxh_code == "0123456789"
    # Every other rule holds, lenient or not.
    for raw, code in [
        ("DN479GA78900007", "card_number_format"),  # letters in the mã số BHXH
        ("DN9790123456789", "card_benefit_level"),
        ("DN4000123456789", "card_province"),
    ]:
        with pytest.raises(DomainError) as info:
            parse_card_number(raw, strict=False)
        assert info.value.code == code


@given(
    st.sampled_from(["DN", "HT", "TE", "QN", "GD"]),
    st.integers(1, 5),
    st.sampled_from(sorted(LEGACY_PROVINCES)),
    digits,
)
def test_composed_card_codes_round_trip(group, level, province, bhxh):
    code = format_card_code(group, level, province, bhxh)
    card = parse_card_number(code)
    assert (card.group_code, card.benefit_level, card.province_code, card.bhxh_code) == (
        group,
        level,
        province,
        bhxh,
    )


@given(st.text(max_size=40))
def test_card_parser_never_crashes(text):
    for strict in (True, False):
        try:
            card = parse_card_number(text, strict=strict)
        except DomainError as exc:
            assert exc.message
        else:
            assert len(card.raw) in (10, 15)


# --- CCCD / CMND ---


def test_cccd_decodes_birth_province_sex_and_year():
    cid = parse_citizen_id("001090012345")
    assert (cid.kind, cid.birth_province_code, cid.sex, cid.birth_year) == ("cccd", "01", 1, 1990)
    assert LEGACY_PROVINCES[cid.birth_province_code] == "Hà Nội"


@pytest.mark.parametrize(
    ("number", "sex", "year"),
    [
        ("079190012345", 2, 1990),
        ("092205001234", 1, 2005),
        ("001301000001", 2, 2001),
        ("048400000001", 1, 2100),
    ],
)
def test_cccd_century_digit(number, sex, year):
    cid = parse_citizen_id(number)
    assert (cid.sex, cid.birth_year) == (sex, year)


def test_nine_digit_cmnd_is_accepted_without_decoding():
    cid = parse_citizen_id("012345678")
    assert cid.kind == "cmnd" and cid.birth_year is None


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("00109001234", "citizen_id_length"),
        ("001O90012345", "citizen_id_format"),
        ("003090012345", "citizen_id_province"),  # 03 is no province
        ("101090012345", "citizen_id_province"),
    ],
)
def test_invalid_citizen_ids(number, error):
    with pytest.raises(DomainError) as info:
        parse_citizen_id(number)
    assert info.value.code == error


def test_cccd_birth_year_in_the_future_is_rejected_when_today_is_given():
    with pytest.raises(DomainError) as info:
        parse_citizen_id("001230012345", today=date(2026, 11, 22))  # 2030
    assert info.value.code == "citizen_id_birth_year"


@given(
    st.sampled_from(sorted(LEGACY_PROVINCES)),
    st.integers(1900, 2099),
    st.sampled_from([1, 2]),
    st.integers(0, 999_999),
)
def test_cccd_encoding_round_trips(province, year, sex, serial):
    digit = (year - 1900) // 100 * 2 + (sex - 1)
    number = f"0{province}{digit}{year % 100:02d}{serial:06d}"
    cid = parse_citizen_id(number)
    assert (cid.birth_province_code, cid.birth_year, cid.sex) == (province, year, sex)
    assert citizen_id_mismatches(cid, birth_year=year, sex=sex) == []
    assert citizen_id_mismatches(cid, birth_year=year + 1, sex=3 - sex) == ["birth_year", "sex"]


# --- mobile numbers and facility codes ---


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84388123456", "0388123456"),
        ("091.234.5678", "0912345678"),
    ],
)
def test_mobile_numbers_are_normalised(raw, normal):
    assert parse_mobile(raw) == normal


@pytest.mark.parametrize(
    "raw", ["", "0241234567", "091234567", "01234567890", "+1 202 555 0100", "abc"]
)
def test_non_mobile_numbers_are_rejected(raw):
    with pytest.raises(DomainError):
        parse_mobile(raw)


@pytest.mark.parametrize(
    ("raw", "code"), [("79024", "79024"), ("79 - 024", "79024"), ("01 – C54", "01C54")]
)
def test_facility_codes(raw, code):
    assert parse_facility_code(raw) == code


@pytest.mark.parametrize("raw", ["7902", "AB024", "790245", ""])
def test_bad_facility_codes(raw):
    with pytest.raises(DomainError):
        parse_facility_code(raw)


def test_province_merger_table_covers_all_63_legacy_provinces():
    assert len(LEGACY_PROVINCES) == 63
    assert len(MERGED_INTO) == 34
    assert sorted(NEW_PROVINCE_OF) == sorted(LEGACY_PROVINCES)
    for new, olds in MERGED_INTO.items():
        assert new in olds  # each new province kept one of its predecessors' codes
