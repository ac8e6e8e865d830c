"""A sandbox VNPAY gateway on this site (/sandbox-vnpay/), for the demo and the tests.

It speaks the real protocol (vnpay.py): it checks the merchant's signed redirect, lets the
tester pay, cancel, run out of time or be refused, then signs the result, sends the IPN to
the merchant (optionally twice, as VNPAY retries) and redirects the buyer to the return URL.
``/sandbox-vnpay/merchant_webapi/api/transaction`` answers querydr from its own ledger.
Everything answers 404 unless ``PAYMENTS_SANDBOX`` is on.
"""

import json
import logging
import secrets
import urllib.request
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import vnpay
from .models import SandboxTransaction

logger = logging.getLogger(__name__)

OUTCOMES = {
    "pay": (vnpay.RESPONSE_SUCCESS, vnpay.TRANSACTION_SUCCESS),
    "cancel": (vnpay.RESPONSE_CANCELLED, "02"),
    "timeout": (vnpay.RESPONSE_TIMEOUT, "02"),
    "refuse": (vnpay.RESPONSE_INSUFFICIENT_FUNDS, "02"),
}


def _enabled():
    if not settings.PAYMENTS_SANDBOX:
        raise Http404


def _secret_for(tmn_code: str) -> str | None:
    return settings.VNPAY_HASH_SECRET if tmn_code == settings.VNPAY_TMN_CODE else None


def _checked(params: dict) -> tuple[dict, str | None]:
    """The redirect's parameters if signed by a known terminal, else an error text."""
    secret = _secret_for(params.get("vnp_TmnCode", ""))
    if secret is None:
        return params, "Website không tồn tại hoặc chưa được cấu hình (mã lỗi 02)"
    if not vnpay.verify(params, secret):
        return params, "Sai chữ ký (mã lỗi 70)"
    if params.get("vnp_Command") != "pay" or params.get("vnp_CurrCode") != "VND":
        return params, "Dữ liệu không đúng định dạng (mã lỗi 03)"
    return params, None


def pay_page(request):
    """vpcpay.html: show the order, then pay / cancel / time out / refuse on POST."""
    _enabled()
    source = (
        request.POST.get("query")
        if request.method == "POST"
        else request.META.get("QUERY_STRING", "")
    )
    from urllib.parse import parse_qsl

    params, error = _checked(dict(parse_qsl(source or "", keep_blank_values=True)))
    if error:
        return render(request, "payments/sandbox_pay.html", {"error": error}, status=400)
    amount = int(params["vnp_Amount"]) // 100
    if request.method != "POST":
        return render(request, "payments/sandbox_pay.html",
                      {"params": params, "amount": amount, "query": source})  # fmt: skip
    action = request.POST.get("action", "")
    expires = vnpay.parse_vnp_date(params.get("vnp_ExpireDate", ""))
    if expires is not None and timezone.now() > expires:
        action = "timeout"
    if action not in OUTCOMES:
        return HttpResponseBadRequest("action")
    response_code, status = OUTCOMES[action]
    secret = _secret_for(params["vnp_TmnCode"])
    txn = SandboxTransaction.objects.create(
        tmn_code=params["vnp_TmnCode"], txn_ref=params["vnp_TxnRef"],
        transaction_no=str(14_000_000 + secrets.randbelow(9_000_000)), amount=int(params["vnp_Amount"]),
        order_info=params.get("vnp_OrderInfo", ""), response_code=response_code, transaction_status=status,
        pay_date=vnpay.vnp_date(timezone.now()),
        ipn_url=settings.VNPAY_SANDBOX_IPN_URL or request.build_absolute_uri(reverse("payments:vnpay_ipn")),
    )  # fmt: skip
    result = vnpay.sign(result_params(txn, params), secret)
    times = 2 if request.POST.get("ipn_twice") else 1
    answers = [ipn_send(txn.ipn_url, result) for _ in range(times)]
    SandboxTransaction.objects.filter(pk=txn.pk).update(ipn_answers=answers)
    return HttpResponseRedirect(f"{params['vnp_ReturnUrl']}?{urlencode(result)}")


def result_params(txn: SandboxTransaction, request_params: dict) -> dict:
    result = {
        "vnp_Amount": str(txn.amount), "vnp_BankCode": txn.bank_code, "vnp_CardType": "ATM",
        "vnp_OrderInfo": txn.order_info, "vnp_PayDate": txn.pay_date, "vnp_ResponseCode": txn.response_code,
        "vnp_TmnCode": txn.tmn_code, "vnp_TransactionNo": txn.transaction_no,
        "vnp_TransactionStatus": txn.transaction_status, "vnp_TxnRef": txn.txn_ref,
    }  # fmt: skip
    if txn.response_code == vnpay.RESPONSE_SUCCESS:
        result["vnp_BankTranNo"] = f"VNP{txn.transaction_no}"
    return result


def ipn_send(url: str, params: dict) -> str:
    """Call the merchant's IPN (GET, as VNPAY does) and return its RspCode."""
    try:
        with urllib.request.urlopen(f"{url}?{urlencode(params)}", timeout=15) as response:  # noqa: S310
            return json.loads(response.read().decode()).get("RspCode", "")
    except (OSError, ValueError) as exc:
        logger.warning("sandbox IPN to %s failed: %s", url, exc)
        return "unreachable"


def querydr_answer(body: dict) -> dict:
    """The merchant web API's querydr, from the sandbox's ledger."""
    secret = _secret_for(str(body.get("vnp_TmnCode", "")))
    base = {"vnp_ResponseId": secrets.token_hex(16), "vnp_Command": "querydr",
            "vnp_TmnCode": str(body.get("vnp_TmnCode", "")), "vnp_TxnRef": str(body.get("vnp_TxnRef", ""))}  # fmt: skip
    if secret is None:
        return {**base, "vnp_ResponseCode": "02", "vnp_Message": "Merchant is not valid"}
    if not vnpay.verify_query_request(body, secret):
        return vnpay.query_response({**base, "vnp_ResponseCode": vnpay.QUERY_BAD_SIGNATURE,
                                     "vnp_Message": "Checksum failed"}, secret)  # fmt: skip
    txn = (
        SandboxTransaction.objects.filter(tmn_code=base["vnp_TmnCode"], txn_ref=base["vnp_TxnRef"])
        .order_by("-created_at", "-pk")
        .first()
    )
    if txn is None:
        return vnpay.query_response({**base, "vnp_ResponseCode": vnpay.QUERY_NOT_FOUND,
                                     "vnp_Message": "Transaction not found"}, secret)  # fmt: skip
    return vnpay.query_response(
        {**base, "vnp_ResponseCode": vnpay.QUERY_OK, "vnp_Message": "QueryDR Success",
         "vnp_Amount": str(txn.amount), "vnp_BankCode": txn.bank_code, "vnp_PayDate": txn.pay_date,
         "vnp_TransactionNo": txn.transaction_no, "vnp_TransactionType": "01",
         "vnp_TransactionStatus": txn.transaction_status, "vnp_OrderInfo": txn.order_info,
         "vnp_PromotionCode": "", "vnp_PromotionAmount": ""},
        secret,
    )  # fmt: skip


@csrf_exempt
@require_POST
def querydr(request):
    _enabled()
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse(
            {"vnp_ResponseCode": "03", "vnp_Message": "Invalid request format"}, status=400
        )
    return JsonResponse(querydr_answer(body))
