import pytest

from .helpers import make_member, make_org


@pytest.fixture
def org_a(db):
    return make_org("TZH490L", "Công ty TNHH Thăng Long")


@pytest.fixture
def org_b(db):
    return make_org("YBC123K", "Công ty CP Bình Minh", agency_code="79000", province="79")


@pytest.fixture
def hr_a(org_a):
    return make_member(org_a)


@pytest.fixture
def hr_b(org_b):
    return make_member(org_b)
