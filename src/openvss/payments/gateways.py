"""The payment-gateway interface and its VNPAY implementation.

A gateway builds the redirect for an order, reads (and verifies) what it sends back on the
return URL and the IPN, answers the IPN in its own format, and reports a transaction for
reconciliation. ``get_gateway()`` gives the configured one (settings ``VNPAY_*``).
"""

import json
import logging
import secrets
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.conf import settings

from . import vnpay

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Callback:
    """What the gateway said about one payment (return URL or IPN)."""

    valid: bool  # signature checked
    reference: str = ""
    amount: int | None = None  # đồng
    currency: str = ""
    response_code: str = ""
    transaction_status: str = ""
    transaction_no: str = ""
    bank_code: str = ""
    pay_date: datetime | None = None
    raw: dict = field(default_factory=dict)

    @property
    def success(self) -> bool:
        return (
            self.response_code == vnpay.RESPONSE_SUCCESS
            and self.transaction_status == vnpay.TRANSACTION_SUCCESS
        )


@dataclass(frozen=True)
class Report:
    """The gateway's record of a transaction (querydr)."""

    verified: bool
    found: bool
    paid: bool = False
    amount: int | None = None
    transaction_no: str = ""
    status: str = ""
    raw: dict = field(default_factory=dict)


class PaymentGateway(Protocol):
    name: str

    def redirect_url(self, *, reference: str, amount: int, info: str, return_url: str, client_ip: str,
                     created: datetime, expires: datetime, locale: str = "vn") -> str: ...  # fmt: skip

    def parse_callback(self, params: Mapping[str, str]) -> Callback: ...

    def ipn_answer(self, answer: tuple[str, str]) -> dict: ...

    def report(
        self, *, reference: str, info: str, created: datetime, client_ip: str, now: datetime
    ) -> Report: ...


Transport = Callable[[str, dict], dict]


def http_json(url: str, body: dict, timeout: float = 15) -> dict:
    request = urllib.request.Request(  # noqa: S310 - the configured gateway URL
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return json.loads(response.read().decode())


class VnpayGateway:
    name = "vnpay"

    def __init__(self, *, tmn_code: str, hash_secret: str, pay_url: str, api_url: str,
                 transport: Transport | None = None):  # fmt: skip
        self.tmn_code = tmn_code
        self.hash_secret = hash_secret
        self.pay_url = pay_url
        self.api_url = api_url
        self.transport = transport or http_json

    def redirect_url(
        self, *, reference, amount, info, return_url, client_ip, created, expires, locale="vn"
    ):
        request = vnpay.PayRequest(
            tmn_code=self.tmn_code, amount=amount, txn_ref=reference, order_info=vnpay.ascii_info(info),
            return_url=return_url, ip_addr=client_ip, created=created, expires=expires, locale=locale,
        )  # fmt: skip
        return f"{self.pay_url}?{vnpay.pay_query(request.params(), self.hash_secret)}"

    def parse_callback(self, params):
        params = {k: str(v) for k, v in params.items() if k.startswith("vnp_")}
        if not vnpay.verify(params, self.hash_secret) or params.get("vnp_TmnCode") != self.tmn_code:
            return Callback(valid=False, raw=params)
        try:
            amount = int(params.get("vnp_Amount", ""))
        except ValueError:
            amount = None
        return Callback(
            valid=True,
            reference=params.get("vnp_TxnRef", ""),
            # On the wire ×100; a fraction of a đồng is not a VND amount.
            amount=amount // 100 if amount is not None and amount % 100 == 0 else None,
            currency=params.get("vnp_CurrCode", "VND"),
            response_code=params.get("vnp_ResponseCode", ""),
            transaction_status=params.get("vnp_TransactionStatus", ""),
            transaction_no=params.get("vnp_TransactionNo", ""),
            bank_code=params.get("vnp_BankCode", ""),
            pay_date=vnpay.parse_vnp_date(params.get("vnp_PayDate", "")),
            raw=params,
        )

    def ipn_answer(self, answer):
        return {"RspCode": answer[0], "Message": answer[1]}

    def report(self, *, reference, info, created, client_ip, now):
        body = vnpay.query_request(
            {
                "vnp_RequestId": secrets.token_hex(16), "vnp_Version": vnpay.VERSION,
                "vnp_TmnCode": self.tmn_code, "vnp_TxnRef": reference, "vnp_OrderInfo": vnpay.ascii_info(info),
                "vnp_TransactionDate": vnpay.vnp_date(created), "vnp_CreateDate": vnpay.vnp_date(now),
                "vnp_IpAddr": client_ip,
            },
            self.hash_secret,
        )  # fmt: skip
        answer = {k: str(v) for k, v in self.transport(self.api_url, body).items()}
        verified = vnpay.verify_query_response(answer, self.hash_secret)
        code = answer.get("vnp_ResponseCode", "")
        if not verified or code != vnpay.QUERY_OK:
            return Report(
                verified=verified, found=code != vnpay.QUERY_NOT_FOUND and verified, raw=answer
            )
        try:
            amount = int(answer.get("vnp_Amount", "0")) // 100
        except ValueError:
            amount = None
        return Report(
            verified=True, found=True, amount=amount,
            paid=answer.get("vnp_TransactionStatus") == vnpay.TRANSACTION_SUCCESS,
            transaction_no=answer.get("vnp_TransactionNo", ""), status=answer.get("vnp_TransactionStatus", ""),
            raw=answer,
        )  # fmt: skip


def get_gateway(transport: Transport | None = None) -> VnpayGateway:
    """The configured VNPAY terminal. With no VNPAY_API_URL and the sandbox on, querydr goes
    to the sandbox in this process (the same JSON, signed the same way, without HTTP)."""
    if transport is None and not settings.VNPAY_API_URL and settings.PAYMENTS_SANDBOX:
        from .sandbox import querydr_answer

        def transport(url, body):
            return querydr_answer(body)

    return VnpayGateway(
        tmn_code=settings.VNPAY_TMN_CODE, hash_secret=settings.VNPAY_HASH_SECRET,
        pay_url=settings.VNPAY_PAY_URL, api_url=settings.VNPAY_API_URL, transport=transport,
    )  # fmt: skip
