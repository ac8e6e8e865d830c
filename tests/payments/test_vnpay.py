"""The VNPAY 2.1.0 protocol: signing the redirect, verifying callbacks, querydr hashes."""

from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

from openvss.payments import vnpay
from openvss.payments.gateways import VnpayGateway

SECRET = "SECRETKEY123"


def gateway(transport=None):
    return VnpayGateway(tmn_code="TMN01", hash_secret=SECRET, pay_url="https://pay.example/vpcpay.html",
                        api_url="https://api.example/transaction", transport=transport)  # fmt: skip


def test_the_signed_string_is_the_sorted_url_encoded_query():
    params = {
        "vnp_TxnRef": "A 1",
        "vnp_Amount": "1000000",
        "vnp_OrderInfo": "Dong BHYT: 3/3",
        "vnp_SecureHash": "x",
    }
    assert (
        vnpay.hash_data(params)
        == "vnp_Amount=1000000&vnp_OrderInfo=Dong+BHYT%3A+3%2F3&vnp_TxnRef=A+1"
    )
    signed = vnpay.sign(params, SECRET)
    assert signed["vnp_SecureHash"] == vnpay.hmac_sha512(SECRET, vnpay.hash_data(params))
    assert len(signed["vnp_SecureHash"]) == 128 and vnpay.verify(signed, SECRET)


def test_redirect_url_carries_every_parameter_and_a_valid_signature():
    created = datetime(2026, 11, 24, 3, 0, tzinfo=vnpay.TZ)
    url = gateway().redirect_url(reference="BH261124ABC", amount=3_142_260, info="Đóng BHYT hộ gia đình",
                                 return_url="https://site/ket-qua/", client_ip="10.0.0.1", created=created,
                                 expires=created + timedelta(minutes=15))  # fmt: skip
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    assert parts.netloc == "pay.example"
    assert params["vnp_Amount"] == "314226000" and params["vnp_CurrCode"] == "VND"
    assert params["vnp_Command"] == "pay" and params["vnp_Version"] == "2.1.0"
    assert params["vnp_OrderInfo"] == "Dong BHYT ho gia dinh"  # no diacritics, as VNPAY requires
    assert (
        params["vnp_CreateDate"] == "20261124030000"
        and params["vnp_ExpireDate"] == "20261124031500"
    )
    assert vnpay.verify(params, SECRET)
    params["vnp_Amount"] = "100"
    assert not vnpay.verify(params, SECRET)


def test_a_callback_with_a_forged_signature_or_another_terminal_is_invalid():
    good = vnpay.sign({"vnp_TxnRef": "R1", "vnp_Amount": "500000", "vnp_TmnCode": "TMN01",
                       "vnp_ResponseCode": "00", "vnp_TransactionStatus": "00"}, SECRET)  # fmt: skip
    callback = gateway().parse_callback(good)
    assert callback.valid and callback.success and callback.amount == 5000
    assert not gateway().parse_callback({**good, "vnp_ResponseCode": "24"}).valid
    other = vnpay.sign({**good, "vnp_TmnCode": "OTHER"}, SECRET)
    assert not gateway().parse_callback(other).valid
    assert (
        not gateway().parse_callback({k: v for k, v in good.items() if k != "vnp_SecureHash"}).valid
    )


def test_querydr_request_and_answer_are_signed_with_the_pipe_joined_fields():
    sent = {}

    def transport(url, body):
        sent.update(body)
        assert vnpay.verify_query_request(body, SECRET)
        return vnpay.query_response({"vnp_ResponseId": "1", "vnp_Command": "querydr", "vnp_ResponseCode": "00",
                                     "vnp_Message": "ok", "vnp_TmnCode": "TMN01", "vnp_TxnRef": body["vnp_TxnRef"],
                                     "vnp_Amount": "500000", "vnp_BankCode": "NCB", "vnp_PayDate": "20261124101500",
                                     "vnp_TransactionNo": "77", "vnp_TransactionType": "01",
                                     "vnp_TransactionStatus": "00", "vnp_OrderInfo": "x"}, SECRET)  # fmt: skip

    now = datetime(2026, 11, 25, 1, 0, tzinfo=vnpay.TZ)
    report = gateway(transport).report(reference="R1", info="x", created=now - timedelta(days=1),
                                       client_ip="127.0.0.1", now=now)  # fmt: skip
    assert sent["vnp_Command"] == "querydr" and sent["vnp_TransactionDate"] == "20261124010000"
    data = "|".join(sent[f] for f in vnpay.QUERY_REQUEST_FIELDS)
    assert sent["vnp_SecureHash"] == vnpay.hmac_sha512(SECRET, data)
    assert (
        report.verified and report.paid and report.amount == 5000 and report.transaction_no == "77"
    )

    def tampered(url, body):
        answer = transport(url, body)
        answer["vnp_TransactionStatus"] = "02"
        return answer

    forged = gateway(tampered).report(
        reference="R1", info="x", created=now, client_ip="127.0.0.1", now=now
    )
    assert not forged.verified and not forged.paid
