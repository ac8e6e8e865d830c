from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openvss.domain.org_batch import COLUMNS, duplicates_check, row_check, rows_check

TODAY = date(2026, 11, 24)
GOOD = {
    "bhxh_code": "0123456791",
    "full_name": "Lê Thị Hoa",
    "birth_date": "02/06/1995",
    "citizen_id": "001195034567",
    "commune_code": "00004",
    "address_line": "12 Phố Huế",
    "phone": "0987654321",
    "email": "hoa@example.vn",
}


def test_a_good_row_is_clean():
    clean, errors = row_check(2, GOOD, today=TODAY)
    assert errors == []
    assert clean.bhxh_code == "0123456791"
    assert clean.birth_date == date(1995, 6, 2)
    assert clean.phone == "0987654321"


def test_every_error_of_a_row_at_once_with_its_column():
    bad = dict(GOOD, bhxh_code="12345", birth_date="31/02/1995", phone="123", email="x@")
    clean, errors = row_check(7, bad, today=TODAY)
    assert clean is None
    assert [(e.row, e.column, e.field) for e in errors] == [
        (7, "A", "bhxh_code"),
        (7, "C", "birth_date"),
        (7, "G", "phone"),
        (7, "H", "email"),
    ]
    assert errors[0].message == "Mã số BHXH phải gồm đúng 10 chữ số."
    assert errors[1].message == "Ngày không tồn tại trên lịch."


def test_required_cells():
    clean, errors = row_check(3, {"bhxh_code": "0123456791"}, today=TODAY)
    assert clean is None
    assert {e.column for e in errors} == {"B", "C", "D", "E", "F", "G"}  # email is optional
    assert all(e.header for e in errors)


def test_numbers_typed_into_cells_keep_their_leading_zeros():
    typed = dict(
        GOOD,
        bhxh_code=123456791,
        citizen_id=1195034567.0,
        commune_code=4,
        phone=987654321,
        birth_date=datetime(1995, 6, 2),
    )
    clean, errors = row_check(2, typed, today=TODAY)
    assert errors == []
    assert (clean.bhxh_code, clean.citizen_id, clean.commune_code, clean.phone) == (
        "0123456791",
        "001195034567",
        "00004",
        "0987654321",
    )


def test_cccd_birth_year_must_match_the_birth_date():
    _clean, errors = row_check(2, dict(GOOD, birth_date="02/06/1996"), today=TODAY)
    assert [(e.column, e.code) for e in errors] == [("D", "citizen_id_birth_year")]


def test_a_birth_date_in_the_future_is_refused():
    _clean, errors = row_check(2, dict(GOOD, birth_date="01/01/2027"), today=TODAY)
    assert [e.code for e in errors] == ["date_future"]


def test_duplicates_name_the_first_row():
    a, _ = row_check(2, GOOD, today=TODAY)
    b, _ = row_check(9, dict(GOOD, bhxh_code="0123456792", citizen_id="001195099999"), today=TODAY)
    errors = duplicates_check([a, b])
    assert [(e.row, e.column, e.params) for e in errors] == [
        (9, "G", (("other_row", 2),)),
        (9, "H", (("other_row", 2),)),
    ]


def test_rows_check_skips_blank_rows_and_sorts_errors():
    rows = [(2, GOOD), (3, {}), (4, dict(GOOD, bhxh_code="x")), (5, dict(GOOD, full_name="An"))]
    clean, errors = rows_check(rows, today=TODAY)
    assert [c.row for c in clean] == [2]
    assert [(e.row, e.column) for e in errors] == [(4, "A"), (5, "B")]


def test_the_template_has_form_01_columns_in_order():
    assert [c.letter for c in COLUMNS] == list("ABCDEFGH")
    assert COLUMNS[0].header == "Mã số BHXH"


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(st.sampled_from([c.field for c in COLUMNS]), st.one_of(
    st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.none(), st.dates(),
)))  # fmt: skip
def test_any_cell_values_give_a_clean_row_or_located_errors(values):
    clean, errors = row_check(2, values, today=TODAY)
    assert (clean is None) == bool(errors)
    for error in errors:
        assert error.row == 2 and error.column in "ABCDEFGH" and error.message
