"""HR's batch of declarations (form 01, one employee a row), checked row by row.

Pure: the spreadsheet reader (``organisations/xlsx.py``) hands over each row's raw cell
values; this module says, for every row, what is wrong and in which column, with a
Vietnamese message, or gives the row's clean values. Checks that need the agency's records
(the employee, the commune, accounts) are the service's (``organisations/services.py``);
they report in the same shape.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from .dates import parse_vn_date
from .errors import N_, DomainError
from .ids import citizen_id_mismatches, parse_bhxh_code, parse_citizen_id, parse_mobile
from .text import nfc


@dataclass(frozen=True)
class Column:
    field: str
    letter: str
    header: str  # Vietnamese header of the template (the guide's labels)
    required: bool = True
    width: int = 18


# The columns of the template, in order. The header texts are those of form 01 (seed 004).
COLUMNS: tuple[Column, ...] = (
    Column("bhxh_code", "A", "Mã số BHXH", width=14),
    Column("full_name", "B", "Họ và tên", width=26),
    Column("birth_date", "C", "Ngày sinh (dd/mm/yyyy)", width=14),
    Column("citizen_id", "D", "Số CCCD/Hộ chiếu/CMND", width=16),
    Column("commune_code", "E", "Mã xã/phường", width=12),
    Column("address_line", "F", "Số nhà, tên đường, tổ/xóm, khu phố/thôn", width=34),
    Column("phone", "G", "Số điện thoại", width=14),
    Column("email", "H", "Email", required=False, width=26),
)
BY_FIELD = {c.field: c for c in COLUMNS}
HEADER_ROW = 1
FIRST_ROW = 2  # rows are numbered as the spreadsheet shows them
MAX_ROWS = 10_000
MAX_EMAIL = 254


@dataclass(frozen=True, order=True)
class RowError:
    """One problem: the spreadsheet row and column, and a Vietnamese message (a msgid)."""

    row: int
    column: str  # the column letter, "" when the row as a whole is at fault
    field: str
    message: str
    code: str = "invalid"
    params: tuple = ()  # %-params of the message, e.g. (("other_row", 7),)

    @property
    def header(self) -> str:
        column = BY_FIELD.get(self.field)
        return column.header if column else ""


@dataclass(frozen=True)
class CleanRow:
    row: int
    bhxh_code: str
    full_name: str
    birth_date: date
    citizen_id: str
    commune_code: str
    address_line: str
    phone: str
    email: str
    # What the CCCD number encodes, for the check against the person's record.
    cid_birth_year: int | None = None
    cid_sex: int | None = None


def _text(value) -> str:
    """A cell as text. Whole numbers typed into a cell not formatted as text come back as
    int or float: keep their digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


def _digits(value, length: int) -> str:
    """Codes typed as numbers lose their leading zeros (0123456789 → 123456789): a cell
    that holds a number is given its zeros back up to the code's length."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value).zfill(length)
    return _text(value)


def _date(value, field: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_vn_date(_text(value), field=field)


def is_blank(values: Mapping) -> bool:
    return all(_text(values.get(c.field)) == "" for c in COLUMNS)


def row_check(row: int, values: Mapping, *, today: date) -> tuple[CleanRow | None, list[RowError]]:
    """One row's own checks (formats, required cells); every error of the row at once."""
    errors: list[RowError] = []

    def fail(field: str, message: str, code: str = "invalid") -> None:
        errors.append(RowError(row, BY_FIELD[field].letter, field, message, code))

    def domain(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DomainError as exc:
            fail(exc.field, exc.message, exc.code)
            return None

    code = domain(parse_bhxh_code, _digits(values.get("bhxh_code"), 10), field="bhxh_code")
    name = " ".join(_text(values.get("full_name")).split())
    if len(name.split()) < 2:
        fail("full_name", N_("Vui lòng nhập đầy đủ họ và tên tiếng Việt có dấu."), "required")
    elif len(name) > 120:
        fail("full_name", N_("Họ và tên dài quá 120 ký tự."), "too_long")
    birth = None
    if _text(values.get("birth_date")) == "":
        fail("birth_date", N_("Vui lòng nhập ngày sinh (dd/mm/yyyy)."), "required")
    else:
        birth = domain(_date, values.get("birth_date"), "birth_date")
        if birth is not None and birth > today:
            fail("birth_date", N_("Ngày sinh nằm trong tương lai."), "date_future")
            birth = None
    raw_cid = values.get("citizen_id")
    if isinstance(raw_cid, (int, float)) and 10 <= len(_text(raw_cid)) <= 11:
        raw_cid = _digits(raw_cid, 12)  # a CCCD (0 + province 01–96) typed as a number
    cid = domain(parse_citizen_id, _text(raw_cid), today=today, field="citizen_id")
    commune = _digits(values.get("commune_code"), 5)
    if commune == "":
        fail("commune_code", N_("Vui lòng nhập mã xã/phường."), "required")
    elif not (commune.isascii() and commune.isdigit() and len(commune) == 5):
        fail("commune_code", N_("Mã xã/phường gồm 5 chữ số."), "commune_format")
    address = " ".join(_text(values.get("address_line")).split())
    if not address:
        fail(
            "address_line",
            N_("Vui lòng nhập số nhà, tên đường, tổ/xóm, khu phố/thôn."),
            "required",
        )
    elif len(address) > 255:
        fail("address_line", N_("Địa chỉ dài quá 255 ký tự."), "too_long")
    raw_phone = values.get("phone")
    if isinstance(raw_phone, (int, float)) and not isinstance(raw_phone, bool):
        raw_phone = "0" + _text(raw_phone)  # 0912345678 typed as a number is 912345678
    phone = domain(parse_mobile, _text(raw_phone), field="phone")
    email = _text(values.get("email")).lower()
    if email and (len(email) > MAX_EMAIL or not _looks_like_email(email)):
        fail("email", N_("Địa chỉ email không hợp lệ."), "email_invalid")
    if (
        cid is not None
        and birth is not None
        and "birth_year" in citizen_id_mismatches(cid, birth_year=birth.year, sex=cid.sex)
    ):
        fail(
            "citizen_id",
            N_("Năm sinh mã hóa trong số CCCD không khớp với ngày sinh."),
            "citizen_id_birth_year",
        )
    if errors:
        return None, errors
    return (
        CleanRow(
            row=row,
            bhxh_code=code,
            full_name=name,
            birth_date=birth,
            citizen_id=cid.number,
            commune_code=commune,
            address_line=address,
            phone=phone,
            email=email,
            cid_birth_year=cid.birth_year,
            cid_sex=cid.sex,
        ),
        [],
    )


def _looks_like_email(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(at and local and "." in domain and " " not in text and not domain.endswith("."))


def duplicates_check(rows: Iterable[CleanRow]) -> list[RowError]:
    """The same employee, CCCD, phone or email twice in one file: the later row is at
    fault and names the earlier one (one mobile number and one email per mã số BHXH)."""
    errors = []
    seen: dict[str, dict[str, int]] = {f: {} for f in ("bhxh_code", "citizen_id", "phone", "email")}
    for clean in rows:
        for field, first in seen.items():
            value = getattr(clean, field)
            if not value:
                continue
            if value in first:
                errors.append(
                    RowError(
                        clean.row,
                        BY_FIELD[field].letter,
                        field,
                        N_("Trùng với dòng %(other_row)s."),
                        "duplicate_in_file",
                        (("other_row", first[value]),),
                    )
                )
            else:
                first[value] = clean.row
    return errors


def rows_check(
    rows: Iterable[tuple[int, Mapping]], *, today: date
) -> tuple[list[CleanRow], list[RowError]]:
    """Every row's own checks, then the duplicates across rows. Blank rows are skipped."""
    clean: list[CleanRow] = []
    errors: list[RowError] = []
    for number, values in rows:
        if is_blank(values):
            continue
        ok, problems = row_check(number, values, today=today)
        if ok is not None:
            clean.append(ok)
        errors.extend(problems)
    errors.extend(duplicates_check(clean))
    return clean, sorted(errors)
