"""The VNPAY payment-gateway protocol, version 2.1.0 (sandbox.vnpayment.vn/apis/docs):
pure functions, no Django, shared by the real gateway client and by our sandbox.

- **Pay**: the merchant redirects the buyer to ``vpcpay.html`` with ``vnp_*`` query
  parameters; ``vnp_SecureHash`` is HMAC-SHA512 (hex) over the parameters sorted by name
  and joined as ``key=quote_plus(value)`` with ``&``.
- **Return URL / IPN**: VNPAY sends the result as ``vnp_*`` query parameters signed the
  same way. The IPN (server to server, GET) is answered with JSON ``{"RspCode", "Message"}``;
  VNPAY retries until it gets ``00`` or ``02``.
- **querydr** (merchant web API, JSON POST): the request hash is HMAC-SHA512 over the fields
  joined by ``|`` in a fixed order; the answer is signed the same way.
"""

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import quote_plus, urlencode

VERSION = "2.1.0"
TZ = timezone(timedelta(hours=7))  # VNPAY dates are GMT+7, yyyyMMddHHmmss

# Answers to an IPN call.
IPN_CONFIRMED = ("00", "Confirm Success")
IPN_ORDER_NOT_FOUND = ("01", "Order not found")
IPN_ALREADY_CONFIRMED = ("02", "Order already confirmed")
IPN_INVALID_AMOUNT = ("04", "Invalid amount")
IPN_INVALID_SIGNATURE = ("97", "Invalid signature")
IPN_UNKNOWN_ERROR = ("99", "Unknown error")

# vnp_ResponseCode of a payment (the ones a citizen meets; others are "refused").
RESPONSE_SUCCESS = "00"
RESPONSE_TIMEOUT = "11"  # the buyer did not pay before vnp_ExpireDate
RESPONSE_CANCELLED = "24"  # the buyer cancelled
RESPONSE_INSUFFICIENT_FUNDS = "51"
TRANSACTION_SUCCESS = "00"

# querydr answers.
QUERY_OK = "00"
QUERY_NOT_FOUND = "91"
QUERY_BAD_SIGNATURE = "97"

QUERY_REQUEST_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
QUERY_RESPONSE_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
    "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount",
)  # fmt: skip


def vnp_date(moment: datetime) -> str:
    return moment.astimezone(TZ).strftime("%Y%m%d%H%M%S")


def parse_vnp_date(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=TZ)
    except (TypeError, ValueError):
        return None


def hmac_sha512(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode("utf-8"), hashlib.sha512).hexdigest()


def hash_data(params: Mapping[str, str]) -> str:
    """The signed string: vnp_* parameters (except the hash itself) sorted, URL-encoded."""
    items = sorted(
        (k, str(v))
        for k, v in params.items()
        if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType") and v != ""
    )
    return "&".join(f"{k}={quote_plus(v)}" for k, v in items)


def sign(params: Mapping[str, str], secret: str) -> dict[str, str]:
    signed = {k: str(v) for k, v in params.items() if str(v) != ""}
    signed["vnp_SecureHash"] = hmac_sha512(secret, hash_data(signed))
    return signed


def verify(params: Mapping[str, str], secret: str) -> bool:
    received = str(params.get("vnp_SecureHash", ""))
    if not received:
        return False
    return hmac.compare_digest(hmac_sha512(secret, hash_data(params)), received.lower())


def pay_query(params: Mapping[str, str], secret: str) -> str:
    """The query string of the redirect: sorted parameters, then vnp_SecureHash."""
    signed = sign(params, secret)
    digest = signed.pop("vnp_SecureHash")
    return urlencode(sorted(signed.items())) + "&vnp_SecureHash=" + digest


@dataclass(frozen=True)
class PayRequest:
    tmn_code: str
    amount: int  # đồng; sent ×100 as VNPAY wants
    txn_ref: str
    order_info: str  # ASCII, no diacritics (VNPAY's rule)
    return_url: str
    ip_addr: str
    created: datetime
    expires: datetime
    locale: str = "vn"
    order_type: str = "billpayment"

    def params(self) -> dict[str, str]:
        return {
            "vnp_Version": VERSION, "vnp_Command": "pay", "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(self.amount * 100), "vnp_CurrCode": "VND", "vnp_TxnRef": self.txn_ref,
            "vnp_OrderInfo": self.order_info, "vnp_OrderType": self.order_type, "vnp_Locale": self.locale,
            "vnp_ReturnUrl": self.return_url, "vnp_IpAddr": self.ip_addr,
            "vnp_CreateDate": vnp_date(self.created), "vnp_ExpireDate": vnp_date(self.expires),
        }  # fmt: skip


def query_request(fields: Mapping[str, str], secret: str) -> dict[str, str]:
    body = {k: str(v) for k, v in fields.items()}
    body["vnp_Command"] = "querydr"
    body.setdefault("vnp_Version", VERSION)
    data = "|".join(body.get(f, "") for f in QUERY_REQUEST_FIELDS)
    body["vnp_SecureHash"] = hmac_sha512(secret, data)
    return body


def verify_query_request(body: Mapping[str, str], secret: str) -> bool:
    data = "|".join(str(body.get(f, "")) for f in QUERY_REQUEST_FIELDS)
    return hmac.compare_digest(
        hmac_sha512(secret, data), str(body.get("vnp_SecureHash", "")).lower()
    )


def query_response(fields: Mapping[str, str], secret: str) -> dict[str, str]:
    body = {k: str(v) for k, v in fields.items()}
    data = "|".join(body.get(f, "") for f in QUERY_RESPONSE_FIELDS)
    body["vnp_SecureHash"] = hmac_sha512(secret, data)
    return body


def verify_query_response(body: Mapping[str, str], secret: str) -> bool:
    data = "|".join(str(body.get(f, "")) for f in QUERY_RESPONSE_FIELDS)
    return hmac.compare_digest(
        hmac_sha512(secret, data), str(body.get("vnp_SecureHash", "")).lower()
    )


def ascii_info(text: str) -> str:
    """VNPAY's vnp_OrderInfo: Vietnamese without diacritics, letters, digits and spaces."""
    import unicodedata

    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return "".join(c if c.isascii() and (c.isalnum() or c == " ") else " " for c in plain)[
        :255
    ].strip()
