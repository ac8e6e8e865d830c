from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import APIKeyHeader

from . import inbound

router = Router(tags=["Tổng đài SMS"])


class GatewaySignature(APIKeyHeader):
    """The gateway's HMAC over the raw body, checked as the call's authentication: ninja
    runs it before it parses the body, so nothing of an unsigned call is read."""

    param_name = "X-Signature"

    def authenticate(self, request, key):
        inbound.signature_check(
            body=request.body,
            timestamp=request.headers.get("X-Timestamp", ""),
            signature=key or "",
        )
        return True


gateway_signature = GatewaySignature()


class InboundIn(Schema):
    message_id: str = Field(..., max_length=100)
    sender: str = Field(..., max_length=20, examples=["0912345678"])
    text: str = Field(..., max_length=500, examples=["BH MK 0123456789"])


class InboundOut(Schema):
    accepted: bool = True


@router.post(
    "/sms/inbound",
    response=InboundOut,
    auth=gateway_signature,
    summary="Tin nhắn đến từ tổng đài SMS (có chữ ký HMAC)",
)
def sms_inbound(request: HttpRequest, payload: InboundIn):
    inbound.inbound_handle(message_id=payload.message_id, sender=payload.sender, text=payload.text)
    return {"accepted": True}
