"""The card check's legal figures are legal data (legal.json), not constants: the fund's share
by benefit level and the groups whose cards another social-insurance body manages."""

import pytest
import time_machine
from django.core.cache import cache

from openvss.legal.models import BeneficiaryGroup, BenefitLevel
from openvss.people.models import HealthCard

pytestmark = pytest.mark.django_db
URL = "/api/v1/clinic/card-checks"


def check(api):
    return api(URL, {"card_number": "0123456789", "full_name": "Nguyễn Văn An",
                     "birth_date": "15/03/1990"}).json()  # fmt: skip


@time_machine.travel("2026-11-22", tick=False)
def test_the_benefit_percent_follows_the_benefit_level_rows(api, an):
    assert check(api)["coverage"]["benefit_percent"] == 80
    BenefitLevel.objects.filter(level=4).update(fund_percent=85)
    cache.clear()  # what legal_reference_load does after loading new figures
    assert check(api)["coverage"]["benefit_percent"] == 85


@time_machine.travel("2026-11-22", tick=False)
def test_which_groups_are_managed_elsewhere_is_data(api, an):
    HealthCard.objects.filter(person=an).update(group_code="CA", code="CA5010123456789")
    assert check(api)["result_code"] == "002"  # BHXH Bộ Công an, from legal.json
    BeneficiaryGroup.objects.filter(code="CA").update(managed_by="")
    cache.clear()
    assert check(api)["result_code"] == "000"
    BeneficiaryGroup.objects.filter(code="CA").update(managed_by=BeneficiaryGroup.ManagedBy.DEFENCE)
    cache.clear()
    assert check(api)["result_code"] == "001"
