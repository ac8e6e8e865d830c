import re
from datetime import date

import pytest
from django.core import mail

from openvss.dossiers import services
from openvss.dossiers.models import Dossier
from openvss.errors import Conflict, InvalidInput
from openvss.people.models import Person
from tests.factories import CitizenFactory

from .conftest import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(an):
    return CitizenFactory(person=an, phone="0912345678", email="an@example.vn")


@pytest.fixture
def child():
    return Person.objects.create(
        bhxh_code="0123400001",
        full_name="Nguyễn Minh Khang",
        name_folded="nguyen minh khang",
        birth_date=date(2022, 9, 2),
        sex=1,
    )


def test_a_parent_registers_a_child_and_is_linked_after_approval(
    client, parent, child, officer, django_capture_on_commit_callbacks
):
    client.force_login(parent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/tai-khoan/dang-ky-cho-con/",
            {
                "child_bhxh_code": "0123400001",
                "child_full_name": "nguyen minh khang",
                "birth_certificate": jpeg(),
                "portrait": jpeg("face.jpg"),
                "agency": "01000",
            },
        )
    assert response.status_code == 302 and response["Location"] == "/dang-ky/xac-thuc/"
    code = re.search(r"OTP - (\d{6})", mail.outbox[-1].body).group(1)
    assert mail.outbox[-1].to == ["an@example.vn"]  # the parent's registered email
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dang-ky/xac-thuc/", {"otp": code})
    dossier = Dossier.objects.get(kind=Dossier.Kind.CHILD_ACCOUNT)
    assert dossier.status == Dossier.Status.RECEIVED and ".TC/" in dossier.number
    # Like a registration, it must be completed at the agency within 10 days (item 5).
    assert (dossier.expires_at - dossier.submitted_at).days == 10
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_approve(dossier_id=dossier.pk, officer=officer)
    child.refresh_from_db()
    assert child.guardian == parent.person
    change = child.history.first()
    assert change.history_user == officer  # the link is in the record's history


def test_the_childs_name_must_match(parent, child):
    with pytest.raises(InvalidInput) as info:
        services.child_account_submit(
            parent=parent,
            child_bhxh_code="0123400001",
            child_full_name="Lê Văn Tám",
            birth_certificate=jpeg(),
            portrait=jpeg(),
            agency_code="01000",
        )
    assert info.value.code == "person_mismatch"


def test_a_parent_cannot_register_themselves_as_a_child(parent):
    with pytest.raises(InvalidInput):
        services.child_account_submit(
            parent=parent,
            child_bhxh_code="0123456789",
            child_full_name="Nguyễn Văn An",
            birth_certificate=jpeg(),
            portrait=jpeg(),
            agency_code="01000",
        )


def test_a_linked_child_is_not_registered_twice(parent, child):
    child.guardian = parent.person
    child.save()
    with pytest.raises(Conflict):
        services.child_account_submit(
            parent=parent,
            child_bhxh_code="0123400001",
            child_full_name="Nguyễn Minh Khang",
            birth_certificate=jpeg(),
            portrait=jpeg(),
            agency_code="01000",
        )


def test_the_page_needs_a_signed_in_parent(client):
    response = client.get("/tai-khoan/dang-ky-cho-con/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_the_birth_certificate_photo_is_required(parent, child):
    with pytest.raises(InvalidInput) as info:
        services.child_account_submit(
            parent=parent,
            child_bhxh_code="0123400001",
            child_full_name="Nguyễn Minh Khang",
            birth_certificate=None,
            portrait=None,
            agency_code="01000",
        )
    assert "birth_certificate" in info.value.fields and "portrait" in info.value.fields
