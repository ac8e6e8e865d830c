"""Read a scanned QR text: the BHYT card QR or the chip-ID (CCCD) QR."""

from dataclasses import asdict
from datetime import date

from openvss.domain import qr
from openvss.places.models import LegacyProvince
from openvss.places.selectors import address_resolve


def scan_text(text: str) -> dict:
    """Detect the kind of QR and return its fields; raise DomainError for garbage."""
    kind = qr.detect_qr_kind(text)
    if kind == "cccd":
        parsed = qr.parse_cccd_qr(text)
        fields = asdict(parsed)
        # The chip writes one address line; forms want province, commune and street apart.
        place = address_resolve(parsed.address)
        fields["province_code"] = place.province_code
        fields["commune_code"] = place.commune_code
        fields["street"] = place.street
    else:
        card = qr.parse_bhyt_qr(text)
        fields = asdict(card)
        fields["card"] = asdict(card.card)
        fields["bhxh_code"] = card.card.bhxh_code
        # The province that issued the card (its pre-2025 code), as today's province: the
        # registration form starts its agency list there.
        if card.card.province_code:
            fields["province_code"] = (
                LegacyProvince.objects.filter(code=card.card.province_code)
                .values_list("merged_into_id", flat=True)
                .first()
            )
    fields.pop("raw", None)
    fields.pop("extra", None)
    return {"kind": kind, "fields": {k: _wire(v) for k, v in fields.items()}}


def _wire(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    return value


def scan_image(upload) -> dict:
    """Find a QR code in a photo (zxing-cpp) and read it like a scanned text."""
    import io

    import zxingcpp
    from django.utils.translation import gettext as _
    from PIL import Image

    from openvss.core.uploads import image_clean
    from openvss.errors import InvalidInput

    photo = image_clean(upload, field="image")
    with Image.open(io.BytesIO(photo.content.read())) as image:
        results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    texts = [r.text for r in results if r.text]
    if not texts:
        message = _("Không tìm thấy mã QR trong ảnh. Hãy chụp rõ, đủ sáng và đặt mã QR ở giữa.")
        raise InvalidInput(message, code="qr_not_found", fields={"image": [message]})
    return scan_text(texts[0])
