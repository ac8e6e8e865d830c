import json

from django.utils.translation import gettext as _
from ninja import Router, Schema

from openvss.core.ratelimit import client_ip, rate_limit_hit
from openvss.errors import InvalidInput

from . import services

router = Router(tags=["Quét mã QR"])
MAX_TEXT = 4000
SCANS_PER_MINUTE = 60
PHOTOS_PER_MINUTE = 10

SCAN_BODY = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {"type": "object", "required": ["text"], "properties": {"text": {
                    "type": "string", "maxLength": MAX_TEXT,
                    "description": "Nội dung mã QR đã đọc (thẻ BHYT hoặc thẻ căn cước)",
                    "example": "0198765432|5472e1baa76e205468e1bb8b2042c3ac6e68|20/11/1985|2|-|01 - 001|01/01/2026|-|15/01/2026|01010198765432|-|4| 01/07/2030|0f1e2d3c4b5a6978-7102|4|-|$",
                }}},
            },
            "multipart/form-data": {
                "schema": {"type": "object", "required": ["image"], "properties": {
                    "image": {"type": "string", "format": "binary", "description": "Ảnh chụp mã QR"}
                }},
            },
        }
    }
}  # fmt: skip


class ScanOut(Schema):
    kind: str
    fields: dict


@router.post(
    "/scan",
    response=ScanOut,
    summary="Đọc mã QR thẻ BHYT hoặc thẻ căn cước (văn bản hoặc ảnh)",
    openapi_extra=SCAN_BODY,
)
def scan(request):
    # Unauthenticated: bounded per caller. Photos cost far more than texts, so they count
    # against a smaller allowance of their own.
    ip = client_ip(request) or "-"
    rate_limit_hit("scan-ip", ip, limit=SCANS_PER_MINUTE, window=60)
    if request.content_type == "multipart/form-data":
        rate_limit_hit("scan-photo-ip", ip, limit=PHOTOS_PER_MINUTE, window=60)
        return services.scan_image(request.FILES.get("image"))
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        payload = None
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str):
        message = _("Vui lòng gửi nội dung mã QR (trường text) hoặc ảnh mã QR (trường image).")
        raise InvalidInput(message, code="invalid", fields={"text": [message]})
    if len(text) > MAX_TEXT:
        message = _("Nội dung mã QR quá dài.")
        raise InvalidInput(message, code="invalid", fields={"text": [message]})
    return services.scan_text(text)
