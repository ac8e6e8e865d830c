from datetime import date

import pytest

from openvss.payments import vnpay
from openvss.places.models import Commune
from tests.factories import CitizenFactory, HealthCardFactory, PersonFactory


@pytest.fixture
def household(db):
    """Nguyễn Văn An, his wife and his son at one address (cards expired or none), and his
    mother, a retiree whose card (HT) the fund pays: covered elsewhere."""
    commune = Commune.objects.filter(province_id="01").order_by("code").first()
    address = {"commune": commune, "address_line": "Số 12 ngõ 5 phố Huế"}
    an = PersonFactory(**address)
    wife = PersonFactory(bhxh_code="0123456790", full_name="Trần Thị Bình", sex=2, citizen_id="001190012346",
                         birth_date=date(1992, 5, 1), **address)  # fmt: skip
    son = PersonFactory(bhxh_code="0123456791", full_name="Nguyễn Minh Khang", citizen_id=None,
                        birth_date=date(2015, 9, 2), guardian=an)  # fmt: skip
    mother = PersonFactory(bhxh_code="0123456792", full_name="Lê Thị Cúc", sex=2, citizen_id="001160012347",
                           birth_date=date(1960, 1, 1), **address)  # fmt: skip
    HealthCardFactory(
        person=an, group_code="GD", valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31)
    )
    HealthCardFactory(person=mother, group_code="HT", benefit_level=3, valid_to=None)
    return {"an": an, "wife": wife, "son": son, "mother": mother}


@pytest.fixture
def citizen(household):
    return CitizenFactory(person=household["an"], phone="0912345678", email="an@example.vn")


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


def gateway_result(
    order, *, code="00", status="00", amount=None, transaction_no="14226112", secret=None, tmn=None
):
    """What VNPAY sends back (return URL and IPN) for ``order``, signed."""
    from django.conf import settings

    params = {
        "vnp_Amount": str((order.amount if amount is None else amount) * 100), "vnp_BankCode": "NCB",
        "vnp_CardType": "ATM", "vnp_OrderInfo": order.details["info"], "vnp_PayDate": "20261124101500",
        "vnp_ResponseCode": code, "vnp_TmnCode": tmn or settings.VNPAY_TMN_CODE,
        "vnp_TransactionNo": transaction_no, "vnp_TransactionStatus": status, "vnp_TxnRef": order.reference,
    }  # fmt: skip
    return vnpay.sign(params, secret or settings.VNPAY_HASH_SECRET)
