"""Access (issue 14, item 4, h14a's part): roles within an organisation, nothing of another
organisation, only the organisation's current employees, every read in the person's log."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from openvss.audit.models import AccessLog
from openvss.errors import Forbidden, NotFound
from openvss.organisations import access, services
from openvss.organisations.models import OrganisationMember
from openvss.people.models import ParticipationPeriod, Person
from tests.factories import (
    CitizenFactory,
    EmployerFactory,
    OrganisationMemberFactory,
    PersonFactory,
)

from .conftest import api_token, bearer, web_sign_in

pytestmark = pytest.mark.django_db


def period(person, employer, start, end):
    return ParticipationPeriod.objects.create(
        person=person, scheme="BHXH", from_month=start, to_month=end, employer=employer,
        wage=Decimal("9000000"),
    )  # fmt: skip


def test_an_hr_officer_cannot_manage_users(client, hr_member):
    web_sign_in(client, hr_member)
    assert client.get("/to-chuc/").status_code == 200
    assert client.get("/to-chuc/nguoi-dung/").status_code == 403
    token = api_token(Client(), hr_member, device_id="app-hr")
    api = Client()
    assert api.get("/api/v1/org/members", **bearer(token)).status_code == 403
    refused = api.post(
        "/api/v1/org/members",
        {"login": "moi", "full_name": "Ngô Văn Mới", "email": "moi@x.vn", "role": "admin"},
        content_type="application/json",
        **bearer(token),
    )
    assert refused.status_code == 403
    assert not OrganisationMember.objects.filter(login="moi").exists()


def test_the_home_page_shows_the_admin_tile_only_to_admins(client, admin_member, hr_member):
    web_sign_in(client, hr_member)
    assert 'data-tile="organisations:members"' not in client.get("/to-chuc/").content.decode()
    admin = Client()
    web_sign_in(admin, admin_member, device_id="admin-pc")
    assert 'data-tile="organisations:members"' in admin.get("/to-chuc/").content.decode()


def test_an_admin_adds_an_hr_officer_who_gets_a_one_time_password(client, admin_member):
    from django.core import mail

    web_sign_in(client, admin_member)
    response = client.post(
        "/to-chuc/nguoi-dung/",
        {
            "full_name": "Phạm Thu Trang",
            "login": "Trang.PT",
            "email": "trang@minhphat.vn",
            "phone": "",
            "role": "hr",
        },
    )
    assert response.status_code == 302
    added = OrganisationMember.objects.get(login="trang.pt")
    assert added.organisation == admin_member.organisation and added.role == "hr"
    assert added.created_by == admin_member.user and added.user.must_change_password
    assert mail.outbox[-1].to == ["trang@minhphat.vn"]
    assert "trang.pt" in mail.outbox[-1].body
    page = client.get("/to-chuc/nguoi-dung/").content.decode()
    assert 'data-member="trang.pt"' in page
    # The same login twice in one organisation is refused, with every error at once.
    again = client.post(
        "/to-chuc/nguoi-dung/",
        {"full_name": "X", "login": "trang.pt", "email": "sai", "role": "hr"},
    )
    text = again.content.decode()
    assert again.status_code == 422
    assert "Tên đăng nhập này đã được dùng trong đơn vị." in text
    assert "Vui lòng nhập đầy đủ họ và tên." in text and "thư điện tử hợp lệ" in text


def test_a_login_of_another_organisation_is_free_here(admin_member, other_admin):
    added = services.member_add(
        by=other_admin, login="nhansu", full_name="Hồ Văn Khác", email="k@x.vn", role="hr"
    )
    assert added.user.username == f"{other_admin.organisation.employer.code}.nhansu"


def test_nothing_of_another_organisation_is_reachable(client, admin_member, other_admin):
    theirs = OrganisationMemberFactory(organisation=other_admin.organisation, login="ho")
    web_sign_in(client, admin_member)
    page = client.get("/to-chuc/nguoi-dung/").content.decode()
    assert other_admin.organisation.employer.code not in page and 'data-member="ho"' not in page
    # Deactivating their user by id: "not found", and nothing changes.
    client.post(f"/to-chuc/nguoi-dung/{theirs.pk}/khoa/")
    theirs.refresh_from_db()
    assert theirs.is_active
    token = api_token(Client(), admin_member, device_id="app")
    api = Client()
    answer = api.post(f"/api/v1/org/members/{theirs.pk}/deactivate", **bearer(token))
    assert answer.status_code == 404
    members = api.get("/api/v1/org/members", **bearer(token)).json()
    assert {m["login"] for m in members} == {"quantri"}
    with pytest.raises(NotFound):
        services.member_deactivate(by=admin_member, member_id=theirs.pk)


def test_an_admin_cannot_stop_themselves(admin_member):
    from openvss.errors import Conflict

    with pytest.raises(Conflict):
        services.member_deactivate(by=admin_member, member_id=admin_member.pk)


def test_require_role(hr_member):
    access.require_role(hr_member)
    access.require_role(hr_member, "hr", "admin")
    with pytest.raises(Forbidden):
        access.require_role(hr_member, "admin")


def test_employees_are_those_currently_participating_with_the_employer(admin_member, other_admin):
    employer = admin_member.organisation.employer
    today = date(2026, 11, 24)
    current = PersonFactory(bhxh_code="0100000001", citizen_id="001090000001")
    period(current, employer, date(2020, 1, 1), date(2026, 10, 1))  # declared to last month
    left = PersonFactory(bhxh_code="0100000002", citizen_id="001090000002")
    period(left, employer, date(2015, 1, 1), date(2019, 12, 1))
    period(left, other_admin.organisation.employer, date(2020, 1, 1), date(2026, 11, 1))
    elsewhere = PersonFactory(bhxh_code="0100000003", citizen_id="001090000003")
    period(elsewhere, EmployerFactory(), date(2020, 1, 1), date(2026, 11, 1))
    mine = set(access.employees(admin_member.organisation, on=today))
    assert mine == {current}
    theirs = set(access.employees(other_admin.organisation, on=today))
    assert theirs == {left}


def test_a_read_goes_into_the_persons_access_log(client, admin_member):
    employer = admin_member.organisation.employer
    person = PersonFactory()
    period(person, employer, date(2020, 1, 1), date(2099, 12, 1))
    assert access.employee_get(admin_member, person.pk) == person
    access.employee_read_log(admin_member, person.pk, what="Tờ khai đăng ký giao dịch")
    row = AccessLog.objects.get(person=person)
    assert row.action == "org_view" and row.officer_id == admin_member.user_id
    assert employer.code in row.why
    # The citizen sees who it was, in Vietnamese.
    citizen = CitizenFactory(person=person)
    citizen_client = Client()
    citizen_client.force_login(citizen)
    page = citizen_client.get("/tai-khoan/ai-da-xem/")
    text = page.content.decode()
    assert "Đơn vị sử dụng lao động" in text and employer.code in text


def test_another_organisations_employee_is_not_found(admin_member, other_admin):
    person = PersonFactory()
    period(person, other_admin.organisation.employer, date(2020, 1, 1), date(2099, 12, 1))
    with pytest.raises(NotFound):
        access.employee_get(admin_member, person.pk)
    assert access.employee_by_code(admin_member, person.bhxh_code) is None
    assert access.employee_by_code(other_admin, person.bhxh_code) == person


def test_many_reads_are_one_insert(admin_member, django_assert_num_queries):
    people = [
        Person.objects.create(
            bhxh_code=f"01000001{i:02d}", full_name="Người Lao Động", birth_date=date(1990, 1, 1),
            sex=1, name_folded="nguoi lao dong",
        )
        for i in range(5)
    ]  # fmt: skip
    with django_assert_num_queries(1):
        access.employee_reads_log(admin_member, [p.pk for p in people], what="Danh sách")
    assert AccessLog.objects.filter(action="org_view").count() == 5


def test_pages_take_a_fixed_number_of_queries(
    client, admin_member, django_assert_num_queries, session_reads
):
    for n in range(3):
        OrganisationMemberFactory(organisation=admin_member.organisation, login=f"ns{n}")
    web_sign_in(client, admin_member)
    client.get("/to-chuc/")  # warm the session and caches
    # (session,) user, device, member, authenticator
    with django_assert_num_queries(4 + session_reads):
        assert client.get("/to-chuc/").status_code == 200
    for n in range(3, 13):
        OrganisationMemberFactory(organisation=admin_member.organisation, login=f"ns{n}")
    with django_assert_num_queries(5 + session_reads):  # and the members, however many
        assert client.get("/to-chuc/nguoi-dung/").status_code == 200
