"""Two IPNs for the same payment at the same moment: the order is paid once (the row lock,
or SQLite's immediate transactions, serialise them)."""

import threading

import pytest
from django.db import connection

from openvss.messaging.models import Message
from openvss.payments import services
from openvss.payments.models import Order
from openvss.people.models import HealthCard

from .conftest import gateway_result

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _reference(transactional_db):
    """Transactional tests run last and each flush ends with no reference data: reload it."""
    from openvss.legal.services import legal_reference_load
    from openvss.places.services import reference_load

    reference_load()
    legal_reference_load()


def test_simultaneous_ipns_pay_once(household, citizen):
    order = services.order_create_household(
        user=citizen, person=household["an"], months=12, member_codes=None
    )
    params = gateway_result(order)
    start = threading.Barrier(2)
    answers = []

    def deliver():
        try:
            start.wait()
            answers.append(services.ipn_handle(params=params)["RspCode"])
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == ["00", "02"]
    assert Order.objects.get().status == Order.Status.PAID
    assert HealthCard.objects.filter(person=household["wife"]).count() == 1
    assert Message.objects.filter(purpose="payment_receipt", channel="email").count() == 1
