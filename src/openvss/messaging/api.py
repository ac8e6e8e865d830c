from django.http import HttpRequest
from ninja import Field, Router, Schema

from . import inbound

router = Router(tags=["Tổng đài SMS"])


class InboundIn(Schema):
    message_id: str = Field(..., max_length=100)
    sender: str = Field(..., max_length=20, examples=["0912345678"])
    text: str = Field(..., max_length=500, examples=["BH MK 0123456789"])


class InboundOut(Schema):
    accepted: bool = True


@router.post(
    "/sms/inbound", response=InboundOut, summary="Tin nhắn đến từ tổng đài SMS (có chữ ký HMAC)"
)
def sms_inbound(request: HttpRequest, payload: InboundIn):
    inbound.signature_check(
        body=request.body,
        timestamp=request.headers.get("X-Timestamp", ""),
        signature=request.headers.get("X-Signature", ""),
    )
    inbound.inbound_handle(message_id=payload.message_id, sender=payload.sender, text=payload.text)
    return {"accepted": True}
