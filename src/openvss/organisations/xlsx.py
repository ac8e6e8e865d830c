"""HR's spreadsheet: the template to fill (form 01, one employee a row) and its reader.

openpyxl is the maintained pure-Python reader/writer of .xlsx; with defusedxml installed it
refuses XML entity tricks. Before openpyxl sees a file we check it is a zip whose parts
unpack to a sane size (a "zip bomb" is refused), and we read at most ``MAX_ROWS`` rows in
read-only mode (streamed, not the whole sheet in memory). A file that is not a readable
.xlsx gives a clear Vietnamese 4xx, never a 500.
"""

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from openvss.domain.errors import N_
from openvss.domain.org_batch import COLUMNS, FIRST_ROW, HEADER_ROW, MAX_ROWS, RowError
from openvss.domain.text import fold
from openvss.errors import InvalidInput

MAX_UPLOAD_BYTES = 8 * 1024 * 1024  # 10,000 rows of form 01 weigh about 0.7 MB
MAX_UNPACKED_BYTES = 120 * 1024 * 1024
SHEET_TITLE = "Tờ khai"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Sheet:
    rows: list[tuple[int, dict]]  # (spreadsheet row number, {field: raw cell value})
    header_errors: list[RowError]


def _refuse(message: str, code: str) -> InvalidInput:
    return InvalidInput(message, code=code, fields={"file": [message]})


def sheet_read(upload) -> Sheet:
    """The data rows of an uploaded .xlsx (first sheet), keyed by the template's fields.

    Raises InvalidInput (422) for anything that is not a readable spreadsheet of this form.
    """
    if upload is None:
        raise _refuse(_("Vui lòng chọn tệp Excel (.xlsx) theo mẫu."), "file_required")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _refuse(_("Tệp quá lớn (tối đa 8 MB)."), "file_too_large")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refuse(_("Tệp quá lớn (tối đa 8 MB)."), "file_too_large")
    not_xlsx = _("Tệp không phải bảng tính Excel (.xlsx) đọc được. Vui lòng dùng tệp mẫu.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise _refuse(not_xlsx, "file_unreadable")
            if "xl/workbook.xml" not in archive.namelist():
                raise _refuse(not_xlsx, "file_unreadable")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise _refuse(not_xlsx, "file_unreadable") from None
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise _refuse(not_xlsx, "file_unreadable") from None
    try:
        if not book.worksheets:
            _refuse_empty()
        return _rows(book.worksheets[0])
    except InvalidInput:
        raise
    except Exception:  # noqa: BLE001 - a damaged part found while streaming the rows
        raise _refuse(not_xlsx, "file_unreadable") from None
    finally:
        book.close()


def _refuse_empty():
    raise _refuse(_("Tệp không có dòng kê khai nào."), "file_empty")


def _rows(sheet) -> Sheet:
    width = len(COLUMNS)
    rows: list[tuple[int, dict]] = []
    header_errors: list[RowError] = []
    header_seen = False
    for number, cells in enumerate(
        sheet.iter_rows(min_row=HEADER_ROW, max_col=width, values_only=True), start=HEADER_ROW
    ):
        cells = tuple(cells) + (None,) * (width - len(cells))
        if number == HEADER_ROW:
            header_seen = True
            header_errors = _header_check(cells)
            if header_errors:
                break
            continue
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise _refuse(
                _("Tệp có quá %(max)s dòng kê khai; vui lòng chia thành nhiều tệp.")
                % {"max": f"{MAX_ROWS:,}".replace(",", ".")},
                "too_many_rows",
            )
        rows.append((number, {c.field: v for c, v in zip(COLUMNS, cells, strict=True)}))
    if not header_seen:
        _refuse_empty()
    if not rows and not header_errors:
        _refuse_empty()
    return Sheet(rows=rows, header_errors=header_errors)


def _header_check(cells: Iterable) -> list[RowError]:
    """The first row must name the template's columns (diacritics and case ignored)."""
    errors = []
    for column, cell in zip(COLUMNS, cells, strict=False):
        if fold(str(cell or "")) != fold(column.header):
            errors.append(
                RowError(
                    HEADER_ROW,
                    column.letter,
                    column.field,
                    N_("Tiêu đề cột phải là “%(header)s”: vui lòng dùng tệp mẫu."),
                    "header_mismatch",
                    (("header", column.header),),
                )
            )
    return errors


def template_xlsx(*, communes: Iterable[tuple[str, str, str]] = ()) -> bytes:
    """The empty template: the form-01 columns with Vietnamese headers, code columns kept
    as text (leading zeros), a sheet of instructions and the list of commune codes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[column.letter].width = column.width
        # Text format for the whole column: 0123456789 stays 0123456789 instead of
        # becoming a number (the reader restores lost zeros anyway).
        sheet.column_dimensions[column.letter].number_format = "@"
    sheet.freeze_panes = f"A{FIRST_ROW}"
    email = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="254")
    sheet.add_data_validation(email)
    email.add(f"H{FIRST_ROW}:H{MAX_ROWS + 1}")

    guide = book.create_sheet("Hướng dẫn")
    lines = [
        "Tờ khai đăng ký sử dụng phương thức giao dịch điện tử (Mẫu số 01) — kê khai theo lô",
        "Mỗi dòng của trang “Tờ khai” là một người lao động của đơn vị; không sửa dòng tiêu đề.",
        "Mã số BHXH: 10 chữ số (là 10 số cuối của mã thẻ BHYT).",
        "Họ và tên: tiếng Việt có dấu, đúng như trên sổ BHXH.",
        "Ngày sinh: dd/mm/yyyy, ví dụ 15/03/1990.",
        "Số CCCD: 12 chữ số (CMND cũ: 9 chữ số).",
        "Mã xã/phường: 5 chữ số, tra trong trang “Danh mục xã, phường”.",
        "Số điện thoại: số di động 10 chữ số; mỗi số điện thoại chỉ đăng ký cho 1 mã số BHXH.",
        "Email: không bắt buộc; mỗi email chỉ đăng ký cho 1 mã số BHXH.",
        "Tối đa 10.000 dòng mỗi tệp. Mọi lỗi được báo theo dòng và cột trước khi lưu.",
    ]
    guide.column_dimensions["A"].width = 100
    for row, line in enumerate(lines, start=1):
        guide.cell(row=row, column=1, value=line).font = bold if row == 1 else Font()

    places = book.create_sheet("Danh mục xã, phường")
    for index, header in enumerate(("Mã xã/phường", "Tên xã/phường", "Tỉnh/thành phố"), start=1):
        places.cell(row=1, column=index, value=header).font = bold
    places.column_dimensions["A"].width = 14
    places.column_dimensions["B"].width = 30
    places.column_dimensions["C"].width = 30
    for row, (code, name, province) in enumerate(communes, start=2):
        places.cell(row=row, column=1, value=code).number_format = "@"
        places.cell(row=row, column=2, value=name)
        places.cell(row=row, column=3, value=province)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_xlsx(rows: Iterable[Iterable]) -> bytes:
    """A filled spreadsheet in the template's layout (tests, the bench, HR's corrected
    file): ``rows`` are the cell values of each data row, in column order."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    sheet.append([c.header for c in COLUMNS])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
