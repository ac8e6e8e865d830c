"""The two QR codes a citizen shows: the BHYT card QR and the chip-ID (CCCD) QR.

Both are parsed by position and tolerate what scanners meet in the wild (DOMAIN.md §3–§4):
short payloads, upper- or lower-case hex, ``-`` for empty, a leading space in field [12],
an en dash in the facility field, Căn cước cards with trailing empty fields.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import format_vn_date, is_year_only, parse_compact_date, parse_vn_date
from .errors import N_, DomainError
from .ids import CardNumber, parse_card_number, parse_facility_code
from .text import nfc

AREA_CODES = {"4": "", "5": "K1", "6": "K2", "7": "K3"}
AREA_DIGITS = {v: k for k, v in AREA_CODES.items()}
_HEX = re.compile(r"^(?:[0-9a-fA-F]{2})+$")
_OLD_ID = re.compile(r"\d{9}|\d{12}|")


@dataclass(frozen=True, slots=True)
class BhytCardQR:
    """Fields of a BHYT card QR. Dates are ``None`` where the card prints ``-``."""

    raw: str
    layout: str  # "legacy" (15 fields), "2021" (17 fields) or "truncated"
    card: CardNumber
    full_name: str
    birth_date: date
    birth_year_only: bool
    sex: int  # 1 = Nam, 2 = Nữ
    address: str = ""
    facility_code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    issued_on: date | None = None
    management_code: str = ""
    guardian_names: str = ""
    area_code: str = ""  # "", "K1", "K2", "K3"
    five_year_date: date | None = None
    check_value: str = ""
    issuing_place: str = ""
    extra: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CccdQR:
    """Fields of the chip-ID card QR (CCCD 2021, Căn cước 2024)."""

    raw: str
    citizen_id: str
    old_id: str
    full_name: str
    birth_date: date
    sex: int  # 1 = Nam, 2 = Nữ
    address: str
    issued_on: date | None


def _empty(value: str) -> bool:
    return value.strip() in ("", "-")


def decode_hex_text(value: str) -> str:
    """Names and addresses are the hex of their UTF-8 bytes; fall back to the raw text."""
    value = value.strip()
    if _empty(value):
        return ""
    if _HEX.match(value):
        try:
            return nfc(bytes.fromhex(value).decode("utf-8"))
        except UnicodeDecodeError:
            pass
    return nfc(value)


def encode_hex_text(value: str) -> str:
    return value.encode("utf-8").hex() if value else "-"


def _optional_date(value: str, name: str) -> date | None:
    return None if _empty(value) else parse_vn_date(value, field=name)


def parse_bhyt_qr(text: str) -> BhytCardQR:
    """Parse the text of a BHYT card QR; raise ``DomainError`` saying what is wrong."""
    raw = (text or "").strip()
    if not raw:
        raise DomainError(N_("Mã QR trống."), code="qr_empty", field="qr")
    body = raw.split("$", 1)[0]
    fields = body.split("|")
    if fields and fields[-1] == "":
        fields.pop()  # the "|" before the "$" terminator
    if len(fields) < 9:
        raise DomainError(
            N_("Mã QR thẻ BHYT bị thiếu thông tin (cần ít nhất 9 trường)."),
            code="qr_truncated",
            field="qr",
        )
    try:
        card = parse_card_number(fields[0], strict=False, field="qr")
    except DomainError:
        raise DomainError(
            N_("Mã QR không chứa mã thẻ BHYT hợp lệ ở trường đầu tiên."),
            code="qr_card_number",
            field="qr",
        ) from None
    full_name = decode_hex_text(fields[1])
    if not full_name:
        raise DomainError(N_("Mã QR thẻ BHYT thiếu họ tên."), code="qr_name", field="qr")
    sex = fields[3].strip()
    if sex not in ("1", "2"):
        raise DomainError(
            N_("Giới tính trong mã QR phải là 1 (Nam) hoặc 2 (Nữ)."), code="qr_sex", field="qr"
        )
    facility = None
    if not _empty(fields[5]):
        facility = parse_facility_code(fields[5], field="qr")

    def at(i: int) -> str:
        return fields[i] if i < len(fields) else "-"

    if len(fields) >= 16:
        layout = "2021"
    elif len(fields) >= 14:
        layout = "legacy"
    else:
        layout = "truncated"
    area_digit = at(11).strip()
    return BhytCardQR(
        raw=raw,
        layout=layout,
        card=card,
        full_name=full_name,
        birth_date=parse_vn_date(fields[2], field="birth_date", allow_year_only=True),
        birth_year_only=is_year_only(fields[2]),
        sex=int(sex),
        address=decode_hex_text(fields[4]),
        facility_code=facility,
        valid_from=_optional_date(fields[6], "valid_from"),
        valid_to=_optional_date(fields[7], "valid_to"),
        issued_on=_optional_date(fields[8], "issued_on"),
        management_code="" if _empty(at(9)) else at(9).strip(),
        guardian_names=decode_hex_text(at(10)),
        # Unknown digits (one 2013 card has "1", an older scheme) mean no area code.
        area_code=AREA_CODES.get(area_digit, ""),
        five_year_date=_optional_date(at(12), "five_year_date"),
        # Field [13] is never validated: its algorithm is not public.
        check_value="" if _empty(at(13)) else at(13).strip(),
        issuing_place=decode_hex_text(at(15)),
        extra=tuple(fields[16:]),
    )


def build_bhyt_qr(
    *,
    card_number: str,
    full_name: str,
    birth_date: date,
    sex: int,
    facility_code: str,
    valid_from: date,
    valid_to: date | None,
    issued_on: date,
    management_code: str,
    check_value: str,
    address: str = "",
    birth_year_only: bool = False,
    guardian_names: str = "",
    area_code: str = "",
    five_year_date: date | None = None,
    issuing_place: str = "",
) -> str:
    """Compose a BHYT card QR in the 2021+ (17-field) layout that ``parse_bhyt_qr`` reads."""
    fields = [
        card_number,
        encode_hex_text(full_name),
        str(birth_date.year) if birth_year_only else format_vn_date(birth_date),
        str(sex),
        encode_hex_text(address),
        f"{facility_code[:2]} - {facility_code[2:]}",
        format_vn_date(valid_from),
        format_vn_date(valid_to) if valid_to else "-",
        format_vn_date(issued_on),
        management_code or "-",
        encode_hex_text(guardian_names),
        AREA_DIGITS.get(area_code, "4"),
        f" {format_vn_date(five_year_date)}" if five_year_date else "-",
        check_value,
        "4",
        encode_hex_text(issuing_place),
        "$",
    ]
    return "|".join(fields)


def parse_cccd_qr(text: str) -> CccdQR:
    """Parse the chip-ID card QR: ``soCCCD|soCMNDcu|hoTen|ngaySinh|gioiTinh|diaChi|ngayCap``."""
    raw = (text or "").strip()
    if not raw:
        raise DomainError(N_("Mã QR trống."), code="qr_empty", field="qr")
    fields = raw.split("|")
    # One documented variant omits the old-ID field: then [1] is the name, not digits.
    if len(fields) >= 2 and not _OLD_ID.fullmatch(fields[1].strip()):
        fields.insert(1, "")
    if len(fields) < 6:
        raise DomainError(
            N_("Mã QR căn cước bị thiếu thông tin (cần ít nhất 6 trường)."),
            code="qr_truncated",
            field="qr",
        )
    number = fields[0].strip()
    if len(number) != 12 or not number.isdigit():
        raise DomainError(
            N_("Mã QR căn cước phải bắt đầu bằng số định danh 12 chữ số."),
            code="qr_citizen_id",
            field="qr",
        )
    name = nfc(fields[2])
    if not name:
        raise DomainError(N_("Mã QR căn cước thiếu họ tên."), code="qr_name", field="qr")
    sex_text = fields[4].strip().casefold()
    if sex_text not in ("nam", "nữ", "nu"):
        raise DomainError(
            N_("Giới tính trong mã QR căn cước phải là Nam hoặc Nữ."), code="qr_sex", field="qr"
        )
    issued = fields[6].strip() if len(fields) > 6 else ""
    return CccdQR(
        raw=raw,
        citizen_id=number,
        old_id=fields[1].strip(),
        full_name=name,
        birth_date=parse_compact_date(fields[3], field="birth_date"),
        sex=1 if sex_text == "nam" else 2,
        address=nfc(fields[5]),
        issued_on=parse_compact_date(issued, field="issued_on") if issued else None,
    )


def detect_qr_kind(text: str) -> str:
    """Tell the BHYT-card QR from the chip-ID QR: the card's first field is a card number."""
    first = (text or "").strip().split("|", 1)[0].strip()
    if len(first) == 12 and first.isdigit():
        return "cccd"
    if len(first) in (10, 15):
        return "bhyt_card"
    raise DomainError(
        N_("Không nhận ra mã QR: không phải thẻ BHYT hay thẻ căn cước."),
        code="qr_unknown",
        field="qr",
    )
