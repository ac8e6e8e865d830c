from datetime import date

import pytest

from openvss.legal.models import BeneficiaryGroup, LegalParameter
from openvss.legal.selectors import group_on, parameter_on
from openvss.legal.services import legal_reference_load

pytestmark = pytest.mark.django_db


def test_base_salary_is_dated_data():
    assert parameter_on("base_salary", date(2026, 6, 30)) == 2_340_000
    assert parameter_on("base_salary", date(2026, 7, 1)) == 2_530_000
    assert parameter_on("regional_min_wage_1", date(2026, 1, 1)) == 5_310_000


def test_group_codes_carry_their_benefit_level_over_time():
    assert group_on("DN", date(2026, 1, 1)).benefit_level.fund_percent == 80
    assert group_on("QN", date(2026, 1, 1)).benefit_level_id == 5
    assert group_on("CT", date(2017, 1, 1)) is None  # added by Decree 146/2018 from 1/12/2018
    assert group_on("CT", date(2019, 1, 1)).benefit_level_id == 2
    assert group_on("XX", date(2026, 1, 1)) is None


def test_loading_legal_figures_is_idempotent():
    before = (LegalParameter.objects.count(), BeneficiaryGroup.objects.count())
    legal_reference_load()
    assert (LegalParameter.objects.count(), BeneficiaryGroup.objects.count()) == before
