import re

import pytest

from .helpers import make_employees, make_member, make_org


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


@pytest.fixture
def lan(org_a):
    """Lê Thị Lan works for org A and registers for VssID herself."""
    person = make_employees(org_a, 1, start=77)[0]
    person.full_name = "Lê Thị Lan"
    person.sex = 2
    person.citizen_id = "001190000077"
    person.commune_id = "00070"
    person.save()
    return person


@pytest.fixture
def register(django_capture_on_commit_callbacks):
    """Form 01 submitted and confirmed with the OTP the SMS carried."""
    from openvss.dossiers import services as dossier_services
    from openvss.messaging.backends.sms import MemorySmsBackend

    def run(**declaration):
        with django_capture_on_commit_callbacks(execute=True):
            submitted = dossier_services.registration_submit(**declaration)
        code = re.search(r"\b(\d{6})\b", MemorySmsBackend.outbox[-1].text).group(1)
        with django_capture_on_commit_callbacks(execute=True):
            return dossier_services.dossier_confirm(dossier=submitted.dossier, otp=code)

    return run
