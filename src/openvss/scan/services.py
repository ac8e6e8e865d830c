"""Read a scanned QR text: the BHYT card QR or the chip-ID (CCCD) QR."""

from dataclasses import asdict
from datetime import date

from openvss.domain import qr
from openvss.errors import InvalidInput
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


# A QR code is read well from a picture whose long side is ~1,600 px; phone photos are
# larger. Pictures beyond the caps are refused from their header, before any pixel is
# decoded: a 52 KB PNG of 6300x6300 px used to cost 1.2-1.9 s of CPU (issue 11).
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4096
MAX_PIXELS = 12_000_000
WORK_SIDE = 1600
FORMATS = {"JPEG", "PNG", "WEBP"}


def scan_image(upload) -> dict:
    """Find a QR code in a photo (zxing-cpp) and read it like a scanned text.

    The work per request is bounded: size and pixel dimensions are checked from the header,
    JPEGs are decoded at a reduced scale (``draft``), and the decoder sees at most
    WORK_SIDE pixels a side, in grey.
    """
    import io

    import zxingcpp
    from django.utils.translation import gettext as _
    from PIL import Image, UnidentifiedImageError

    def fail(message: str, code: str) -> InvalidInput:
        return InvalidInput(message, code=code, fields={"image": [message]})

    if upload is None:
        raise fail(_("Vui lòng chụp hoặc tải ảnh lên."), "file_required")
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise fail(_("Ảnh quá lớn (tối đa 5 MB)."), "file_too_large")
    try:
        with Image.open(io.BytesIO(raw)) as image:  # reads the header only
            if image.format not in FORMATS:
                raise fail(_("Chỉ nhận ảnh JPEG, PNG hoặc WEBP."), "file_type")
            width, height = image.size
            if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
                raise fail(
                    _("Ảnh có kích thước quá lớn (tối đa %(side)d điểm ảnh mỗi cạnh).")
                    % {"side": MAX_SIDE},
                    "image_too_large",
                )
            image.draft("L", (WORK_SIDE, WORK_SIDE))  # JPEG: decode at 1/2, 1/4 or 1/8 scale
            image.thumbnail((WORK_SIDE, WORK_SIDE))
            grey = image.convert("L")
    except InvalidInput:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise fail(_("Tệp tải lên không phải là ảnh hợp lệ."), "file_not_image") from None
    results = zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)
    texts = [r.text for r in results if r.text]
    if not texts:
        message = _("Không tìm thấy mã QR trong ảnh. Hãy chụp rõ, đủ sáng và đặt mã QR ở giữa.")
        raise InvalidInput(message, code="qr_not_found", fields={"image": [message]})
    return scan_text(texts[0])
