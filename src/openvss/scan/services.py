"""Read a scanned QR text: the BHYT card QR or the chip-ID (CCCD) QR."""

from dataclasses import asdict
from datetime import date

from openvss.domain import qr


def scan_text(text: str) -> dict:
    """Detect the kind of QR and return its fields; raise DomainError for garbage."""
    kind = qr.detect_qr_kind(text)
    if kind == "cccd":
        parsed = qr.parse_cccd_qr(text)
        fields = asdict(parsed)
    else:
        card = qr.parse_bhyt_qr(text)
        fields = asdict(card)
        fields["card"] = asdict(card.card)
        fields["bhxh_code"] = card.card.bhxh_code
    fields.pop("raw", None)
    fields.pop("extra", None)
    return {"kind": kind, "fields": {k: _wire(v) for k, v in fields.items()}}


def _wire(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    return value
