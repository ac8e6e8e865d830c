"""An employer registers for e-transactions (form 01 for an organisation), an officer
approves it in the back office, and the organisation's first administrator gets an
account (issue 14, item 1)."""

import re

import pytest
from django.core import mail

from openvss.dossiers.models import Dossier
from openvss.messaging.backends.sms import MemorySmsBackend
from openvss.organisations.models import Organisation, OrganisationMember
from tests.factories import EmployerFactory, OfficerFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer():
    return EmployerFactory(code="TZH490L", tax_code="0101234567", name="Công ty TNHH Minh Phát")


def form(**changes):
    data = {
        "unit_code": "tzh490l",  # typed in lower case: the code is compared upper-cased
        "tax_code": "0101234567",
        "representative_name": "Trần Văn Minh",
        "representative_title": "Giám đốc",
        "representative_citizen_id": "001080012345",
        "transaction_method": "direct",
        "ivan_provider": "",
        "contact_name": "Lê Thị Hạnh",
        "email": "nhansu@minhphat.vn",
        "phone": "0987111222",
    }
    return {**data, **changes}


def otp_from_mail() -> str:
    return re.search(r"OTP - (\d{6})", mail.outbox[-1].body).group(1)


def register(client, **changes):
    response = client.post("/to-chuc/dang-ky/", form(**changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/to-chuc/dang-ky/xac-thuc/"
    return client.post("/to-chuc/dang-ky/xac-thuc/", {"otp": otp_from_mail(), "confirm": "1"})


def test_registration_reaches_the_agency_queue_and_approval_creates_the_account(
    client, employer, officer_hanoi
):
    response = register(client, transaction_method="ivan", ivan_provider="Công ty CP BKAV")
    assert response.status_code == 302 and response["Location"] == "/to-chuc/dang-ky/hoan-tat/"
    dossier = Dossier.objects.get(kind=Dossier.Kind.ORG_REGISTRATION)
    assert dossier.status == Dossier.Status.RECEIVED and dossier.agency.code == "01000"
    assert re.fullmatch(r"\d{5}\.DV/\d{4}/01000", dossier.number)
    assert dossier.data["employer_name"] == "Công ty TNHH Minh Phát"
    assert dossier.data["ivan_provider"] == "Công ty CP BKAV"
    done = client.get("/to-chuc/dang-ky/hoan-tat/").content.decode()
    assert dossier.number in done and "Tổ chức I-VAN: Công ty CP BKAV" in done

    # The officer's queue shows it with the declared organisation, and approves it.
    client.force_login(officer_hanoi)
    page = client.get(f"/quan-tri/dossiers/dossier/{dossier.pk}/change/").content.decode()
    assert "Mã đơn vị" in page and "TZH490L" in page and "Công ty CP BKAV" in page
    listing = client.get("/quan-tri/dossiers/dossier/").content.decode()
    assert "Công ty TNHH Minh Phát" in listing
    client.post(f"/quan-tri/dossiers/dossier/{dossier.pk}/decide/approve/")
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.APPROVED and dossier.decided_by == officer_hanoi

    organisation = Organisation.objects.get(employer=employer)
    assert organisation.transaction_method == "ivan"
    assert organisation.ivan_provider == "Công ty CP BKAV"
    assert organisation.representative_name == "Trần Văn Minh"
    assert organisation.dossier == dossier and organisation.approved_by == officer_hanoi
    admin = OrganisationMember.objects.get(organisation=organisation)
    assert admin.role == "admin" and admin.login == "quantri"
    assert admin.user.username == "TZH490L.quantri" and admin.user.must_change_password
    assert admin.user.phone == "" and admin.user.email == ""  # contacts kept on the member
    sms = MemorySmsBackend.outbox[-1]
    assert sms.to == "0987111222" and "TZH490L" in sms.text and "quantri" in sms.text
    password = re.search(r"Mat khau: (\S+)\.", sms.text).group(1)
    assert admin.user.check_password(password)
    assert mail.outbox[-1].to == ["nhansu@minhphat.vn"] and password in mail.outbox[-1].body


def test_a_unit_code_and_tax_code_that_do_not_match_get_one_answer(client, employer):
    unknown = client.post("/to-chuc/dang-ky/", form(unit_code="ZZZ999Z"))
    wrong_tax = client.post("/to-chuc/dang-ky/", form(tax_code="0109999999"))
    assert unknown.status_code == wrong_tax.status_code == 422
    message = "Mã đơn vị hoặc mã số thuế không khớp với dữ liệu của cơ quan BHXH."
    assert message in unknown.content.decode() and message in wrong_tax.content.decode()
    assert not Dossier.objects.exists() and not mail.outbox


def test_every_field_error_comes_at_once(client, employer):
    response = client.post(
        "/to-chuc/dang-ky/",
        form(transaction_method="ivan", phone="0912", email="khong-phai-email", tax_code="12"),
    )
    page = response.content.decode()
    assert response.status_code == 422
    for text in ("Vui lòng nhập tên tổ chức I-VAN.", "Mã số thuế gồm 10 chữ số"):
        assert text in page
    assert page.count('class="field has-error"') >= 4  # provider, tax code, phone, email


def test_an_employer_already_registered_gets_the_same_answer_but_no_code(client, employer):
    OrganisationFactory(employer=employer, contact_email="ketoan@minhphat.vn")
    response = client.post("/to-chuc/dang-ky/", form(email="ke.gian@example.vn"))
    assert response.status_code == 302 and response["Location"] == "/to-chuc/dang-ky/xac-thuc/"
    page = client.get("/to-chuc/dang-ky/xac-thuc/").content.decode()
    assert "ke***@example.vn" in page  # looks like any registration
    # The registrant got nothing; the organisation's own contact was told.
    assert [m.to for m in mail.outbox] == [["ketoan@minhphat.vn"]]
    assert "TZH490L" in mail.outbox[0].body
    for guess in ("000000", "123456"):
        answer = client.post("/to-chuc/dang-ky/xac-thuc/", {"otp": guess, "confirm": "1"})
        assert answer.status_code == 422
    assert Dossier.objects.get().status == Dossier.Status.AWAITING_OTP


def test_a_second_registration_while_one_is_open_is_withheld(client, employer):
    register(client)
    mail.outbox.clear()
    client.post("/to-chuc/dang-ky/", form(email="khac@example.vn"))
    assert [m.to for m in mail.outbox] == [["nhansu@minhphat.vn"]]  # the open one's contact


def test_rejection_tells_the_registrant_why(client, employer, officer_hanoi):
    register(client)
    dossier = Dossier.objects.get()
    client.force_login(officer_hanoi)
    client.post(
        f"/quan-tri/dossiers/dossier/{dossier.pk}/decide/reject/",
        {"reason": "Mã số thuế không đúng với đăng ký kinh doanh."},
    )
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.REJECTED
    assert not Organisation.objects.exists()
    assert "Mã số thuế không đúng" in mail.outbox[-1].body


def test_an_officer_of_another_agency_cannot_approve(client, employer):
    register(client)
    dossier = Dossier.objects.get()
    stranger = OfficerFactory(hcm=True)  # BHXH TP. Hồ Chí Minh, not the employer's agency
    from openvss.dossiers.services import dossier_approve
    from openvss.errors import Forbidden

    with pytest.raises(Forbidden):
        dossier_approve(dossier_id=dossier.pk, officer=stranger)
    assert not Organisation.objects.exists()


def test_approving_twice_for_one_employer_is_refused(client, employer, officer_hanoi):
    register(client)
    first = Dossier.objects.get()
    OrganisationFactory(employer=employer)  # registered meanwhile (e.g. at the counter)
    from openvss.dossiers.services import dossier_approve
    from openvss.errors import Conflict

    with pytest.raises(Conflict):
        dossier_approve(dossier_id=first.pk, officer=officer_hanoi)
    first.refresh_from_db()
    assert first.status == Dossier.Status.RECEIVED


def test_registration_attempts_per_unit_code_are_limited(client, employer):
    statuses = [
        client.post("/to-chuc/dang-ky/", form(tax_code="0109999999")).status_code for _ in range(6)
    ]
    assert statuses == [422] * 5 + [429]


def test_the_api_registers_and_confirms(client, employer):
    body = {k: v for k, v in form(transaction_method="direct").items()}
    response = client.post("/api/v1/org/registrations", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["otp_sent_to"] == "nh***@minhphat.vn"
    wrong_key = client.post(
        f"/api/v1/org/registrations/{created['dossier_id']}/confirm",
        {"access_key": "x" * 20, "otp": otp_from_mail()},
        content_type="application/json",
    )
    assert wrong_key.status_code == 404
    confirmed = client.post(
        f"/api/v1/org/registrations/{created['dossier_id']}/confirm",
        {"access_key": created["access_key"], "otp": otp_from_mail()},
        content_type="application/json",
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "received"
    assert re.fullmatch(r"\d{5}\.DV/\d{4}/01000", confirmed.json()["number"])


def test_the_api_refuses_a_bad_method_with_a_vietnamese_422(client, employer):
    body = form(transaction_method="fax")
    response = client.post("/api/v1/org/registrations", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
