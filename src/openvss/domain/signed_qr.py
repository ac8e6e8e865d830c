"""The signed card QR: a compact payload signed with the agency's Ed25519 key, valid for a
few minutes, that a facility verifies offline with only the public key.

Format (ASCII, fits a QR comfortably)::

    VSS1.<key id>.<body>.<signature>

``body`` is base64url (no padding) of the UTF-8 text ``field=value`` pairs joined by ``|``;
``signature`` is base64url of Ed25519 over the bytes ``VSS1.<key id>.<body>``. The key id
lets the agency rotate keys: facilities keep every published public key until it retires.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import N_, DomainError

PREFIX = "VSS1"
_KID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
# Fields in the payload, in this order. Names are one letter to keep the QR small.
FIELDS = {
    "n": "card_number",
    "c": "card_code",
    "h": "full_name",
    "b": "birth_date",
    "s": "sex",
    "l": "benefit_level",
    "f": "facility_code",
    "v": "valid_to",
    "i": "issued_at",
    "e": "expires_at",
}
CLOCK_SKEW = 60  # seconds a facility's clock may run ahead of or behind the agency's


@dataclass(frozen=True, slots=True)
class SignedCard:
    key_id: str
    card_number: str
    card_code: str
    full_name: str
    birth_date: str  # dd/mm/yyyy or yyyy, as printed on the card
    sex: int
    benefit_level: int
    facility_code: str
    valid_to: date | None
    issued_at: datetime
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _fail(message: str, code: str) -> DomainError:
    return DomainError(message, code=code, field="qr")


def sign_card(
    *,
    private_key: Ed25519PrivateKey,
    key_id: str,
    card_number: str,
    card_code: str,
    full_name: str,
    birth_date: str,
    sex: int,
    benefit_level: int,
    facility_code: str,
    valid_to: date | None,
    issued_at: datetime,
    lifetime_seconds: int,
) -> str:
    """Sign a card for ``lifetime_seconds`` from ``issued_at`` and return the QR text."""
    if not _KID.match(key_id):
        raise ValueError("key id must be 1-32 URL-safe characters")
    issued = int(issued_at.timestamp())
    values = {
        "n": card_number, "c": card_code, "h": full_name.replace("|", " "), "b": birth_date,
        "s": str(sex), "l": str(benefit_level), "f": facility_code,
        "v": valid_to.strftime("%Y%m%d") if valid_to else "-",
        "i": str(issued), "e": str(issued + lifetime_seconds),
    }  # fmt: skip
    body = _b64("|".join(f"{k}={values[k]}" for k in FIELDS).encode("utf-8"))
    signed = f"{PREFIX}.{key_id}.{body}".encode("ascii")
    return f"{PREFIX}.{key_id}.{body}.{_b64(private_key.sign(signed))}"


def key_id_of(text: str) -> str:
    """The key id a payload names (to pick the public key), or a DomainError."""
    parts = (text or "").strip().split(".")
    if len(parts) != 4 or parts[0] != PREFIX:
        raise _fail(N_("Không phải mã QR thẻ BHYT có chữ ký số."), "signed_qr_format")
    if not _KID.match(parts[1]):
        raise _fail(N_("Mã khóa trong mã QR không hợp lệ."), "signed_qr_format")
    return parts[1]


def verify_card(
    text: str, public_keys: dict[str, Ed25519PublicKey], *, now: datetime
) -> SignedCard:
    """Check the signature and the validity window; return the card or say what is wrong."""
    key_id = key_id_of(text)
    _prefix, _kid, body, signature = text.strip().split(".")
    key = public_keys.get(key_id)
    if key is None:
        raise _fail(
            N_(
                "Mã QR được ký bằng khóa không có trong danh sách khóa công khai (đã thu hồi hoặc chưa cập nhật)."
            ),
            "signed_qr_unknown_key",
        )
    try:
        raw_signature = _unb64(signature)
        key.verify(raw_signature, f"{PREFIX}.{key_id}.{body}".encode("ascii"))
    except (InvalidSignature, binascii.Error, ValueError, UnicodeEncodeError):
        raise _fail(
            N_("Chữ ký số không hợp lệ: mã QR đã bị sửa hoặc không do cơ quan BHXH cấp."),
            "signed_qr_bad_signature",
        ) from None
    try:
        pairs = dict(item.split("=", 1) for item in _unb64(body).decode("utf-8").split("|"))
        issued = datetime.fromtimestamp(int(pairs["i"]), UTC)
        expires = datetime.fromtimestamp(int(pairs["e"]), UTC)
        valid_to = None if pairs["v"] == "-" else datetime.strptime(pairs["v"], "%Y%m%d").date()
        card = SignedCard(
            key_id=key_id, card_number=pairs["n"], card_code=pairs["c"], full_name=pairs["h"],
            birth_date=pairs["b"], sex=int(pairs["s"]), benefit_level=int(pairs["l"]),
            facility_code=pairs["f"], valid_to=valid_to, issued_at=issued, expires_at=expires,
        )  # fmt: skip
    except (KeyError, ValueError, UnicodeDecodeError, binascii.Error, OverflowError, OSError):
        # A valid signature over a body we cannot read: a key was misused. Refuse it.
        raise _fail(N_("Nội dung mã QR không đọc được."), "signed_qr_format") from None
    if (now - card.issued_at).total_seconds() < -CLOCK_SKEW:
        raise _fail(
            N_("Mã QR có thời điểm cấp trong tương lai: kiểm tra đồng hồ của thiết bị."),
            "signed_qr_not_yet_valid",
        )
    if (now - card.expires_at).total_seconds() > CLOCK_SKEW:
        raise _fail(
            N_("Mã QR đã hết hạn. Đề nghị người bệnh mở lại thẻ trên ứng dụng để lấy mã mới."),
            "signed_qr_expired",
        )
    return card


def public_key_from_raw(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)


def public_key_to_text(key: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives import serialization

    return _b64(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def public_key_from_text(text: str) -> Ed25519PublicKey:
    try:
        return public_key_from_raw(_unb64(text))
    except (ValueError, binascii.Error):
        raise _fail(N_("Khóa công khai không hợp lệ."), "signed_qr_bad_key") from None
