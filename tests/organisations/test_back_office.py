"""The agency's side: organisations of its own employers only; suspend; a new one-time
password for a user who lost access. And the organisation administrator's own reset."""

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from openvss.errors import Forbidden
from openvss.organisations import services
from openvss.places.models import Agency
from tests.factories import EmployerFactory, OfficerFactory, OrganisationMemberFactory

from .conftest import api_token, bearer, enrol, web_sign_in

pytestmark = pytest.mark.django_db


def test_each_agency_sees_its_own_employers_organisations(client, admin_member):
    hcm_employer = EmployerFactory(
        province_id="79", agency=Agency.objects.get(code="79000"), name="Công ty Sài Gòn"
    )
    OrganisationMemberFactory(organisation__employer=hcm_employer, role="admin")
    client.force_login(OfficerFactory())
    page = client.get("/quan-tri/organisations/organisation/").content.decode()
    assert admin_member.organisation.employer.code in page and hcm_employer.code not in page
    members = client.get("/quan-tri/organisations/organisationmember/").content.decode()
    assert "quantri" in members and hcm_employer.code not in members


def test_suspending_signs_every_user_out(client, admin_member, hr_member):
    token = api_token(Client(), hr_member)
    hn = OfficerFactory()
    client.force_login(hn)
    client.post(
        "/quan-tri/organisations/organisation/",
        {"action": "suspend", "_selected_action": [admin_member.organisation.pk]},
    )
    admin_member.organisation.refresh_from_db()
    assert admin_member.organisation.status == "suspended"
    assert Client().get("/api/v1/org/me", **bearer(token)).status_code == 401
    hcm = OfficerFactory(hcm=True)
    with pytest.raises(Forbidden):
        services.organisation_status_set(
            officer=hcm, organisation_id=admin_member.organisation.pk, status="active"
        )


def test_the_agency_resets_an_administrator_who_lost_the_phone(client, admin_member):
    enrol(admin_member)
    client.force_login(OfficerFactory())
    client.post(
        "/quan-tri/organisations/organisationmember/",
        {"action": "reset", "_selected_action": [admin_member.pk]},
    )
    admin_member.user.refresh_from_db()
    assert admin_member.user.must_change_password
    assert not TOTPDevice.objects.filter(user=admin_member.user).exists()
    assert mail.outbox[-1].to == [admin_member.email]
    with pytest.raises(Forbidden):
        services.member_reset_by_agency(officer=OfficerFactory(hcm=True), member_id=admin_member.pk)


def test_the_administrator_resets_a_user_of_their_own_organisation_only(
    client, admin_member, hr_member, other_admin
):
    enrol(hr_member)
    hr_token = api_token(Client(), hr_member, device_id="hr-phone")
    web_sign_in(client, admin_member)
    response = client.post(f"/to-chuc/nguoi-dung/{hr_member.pk}/cap-lai-mat-khau/")
    assert response.status_code == 302
    hr_member.user.refresh_from_db()
    assert hr_member.user.must_change_password
    assert not TOTPDevice.objects.filter(user=hr_member.user).exists()
    assert Client().get("/api/v1/org/me", **bearer(hr_token)).status_code == 401
    assert mail.outbox[-1].to == [hr_member.email] and hr_member.login in mail.outbox[-1].body
    theirs = OrganisationMemberFactory(organisation=other_admin.organisation, login="ho")
    client.post(f"/to-chuc/nguoi-dung/{theirs.pk}/cap-lai-mat-khau/")
    theirs.user.refresh_from_db()
    assert not theirs.user.must_change_password


def test_the_api_resets_within_the_organisation_only(admin_member, hr_member, other_admin):
    token = api_token(Client(), admin_member, device_id="admin-app")
    api = Client()
    ok = api.post(f"/api/v1/org/members/{hr_member.pk}/reset", **bearer(token))
    assert ok.status_code == 200 and ok.json()["login"] == hr_member.login
    theirs = OrganisationMemberFactory(organisation=other_admin.organisation, login="ho")
    assert api.post(f"/api/v1/org/members/{theirs.pk}/reset", **bearer(token)).status_code == 404
    itself = api.post(f"/api/v1/org/members/{admin_member.pk}/reset", **bearer(token))
    assert itself.status_code == 409
