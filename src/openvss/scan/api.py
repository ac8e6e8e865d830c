from ninja import Field, Router, Schema

from . import services

router = Router(tags=["Quét mã QR"])


class ScanIn(Schema):
    text: str = Field(
        ...,
        max_length=4000,
        description="Nội dung mã QR đọc được (thẻ BHYT hoặc căn cước)",
        examples=[
            "0198765432|5472e1baa76e205468e1bb8b2042c3ac6e68|20/11/1985|2|-|01 - 001|01/01/2026|-|15/01/2026|01010198765432|-|4| 01/07/2030|0f1e2d3c4b5a6978-7102|4|-|$"
        ],
    )


class ScanOut(Schema):
    kind: str
    fields: dict


@router.post("/scan", response=ScanOut, summary="Đọc mã QR thẻ BHYT hoặc thẻ căn cước")
def scan(request, payload: ScanIn):
    return services.scan_text(payload.text)
