"""The HR desk: an employee's own form 01 through the HR queue to the agency, employees'
e-transaction status, arrears as the employee sees them, the batch's printed forms."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from openvss.audit.models import AccessLog
from openvss.dossiers import services as dossier_services
from openvss.dossiers.models import Dossier
from openvss.errors import InvalidInput
from openvss.organisations import hr_selectors, hr_services
from openvss.organisations.models import Declaration, DeclarationBatch, Organisation
from openvss.people.models import ParticipationPeriod
from openvss.people.selectors import participation_history
from tests.factories import CitizenFactory

from .helpers import form01, make_employees, row_of, sheet, signed_in, xlsx_upload

pytestmark = pytest.mark.django_db


def test_an_employees_own_declaration_goes_through_the_hr_queue_to_the_agency(
    client, admin_client, org_a, hr_a, lan, register
):
    dossier = register(**form01(lan, org_code="tzh490l"))
    assert dossier.data["org_code"] == "TZH490L"
    assert dossier.status == Dossier.Status.RECEIVED and dossier.number

    # Waiting for HR: in the organisation's queue, not in the agency's.
    declaration = Declaration.objects.get(dossier=dossier)
    assert declaration.hr_status == Declaration.HrStatus.PENDING
    agency_queue = reverse("admin:dossiers_dossier_changelist")
    assert admin_client.get(agency_queue).context["cl"].result_count == 0
    signed_in(client, hr_a)
    page = client.get(reverse("org_hr:queue"))
    assert f'data-declaration="{lan.bhxh_code}"' in page.content.decode()
    assert client.get(reverse("org_hr:declaration", args=[declaration.pk])).status_code == 200

    # HR confirms and forwards: one batch, the dossier reaches the agency's queue.
    answer = client.post(reverse("org_hr:queue"), {"declarations": [declaration.pk]})
    batch = DeclarationBatch.objects.get()
    assert answer.status_code == 302 and batch.source == DeclarationBatch.Source.FORWARDED
    declaration.refresh_from_db()
    assert declaration.hr_status == Declaration.HrStatus.FORWARDED and declaration.batch == batch
    assert declaration.confirmed_by == hr_a.user
    listed = admin_client.get(agency_queue, {"lo": batch.pk})
    assert [d.pk for d in listed.context["cl"].result_list] == [dossier.pk]
    assert batch.number in listed.content.decode()
    dossier.refresh_from_db()
    assert dossier.expires_at is None  # the organisation delivers the signed form
    # Forwarding twice is refused.
    with pytest.raises(Exception) as caught:
        hr_services.declarations_forward(member=hr_a, declaration_ids=[declaration.pk])
    assert caught.value.status == 409


def test_the_org_code_must_be_an_active_organisation_the_person_works_for(org_a, org_b, lan):
    for code in ("KHONGCO1", org_b.employer.code):
        with pytest.raises(InvalidInput) as caught:
            dossier_services.registration_check(**form01(lan, org_code=code))
        assert "org_code" in caught.value.fields
    Organisation.objects.filter(pk=org_a.pk).update(status=Organisation.Status.SUSPENDED)
    with pytest.raises(InvalidInput) as caught:
        dossier_services.registration_check(**form01(lan, org_code="TZH490L"))
    assert "org_code" in caught.value.fields


def test_without_org_code_the_registration_goes_straight_to_the_agency(admin_client, lan, register):
    dossier = register(**form01(lan))
    assert not Declaration.objects.filter(dossier=dossier).exists()
    queue = admin_client.get(reverse("admin:dossiers_dossier_changelist"))
    assert [d.pk for d in queue.context["cl"].result_list] == [dossier.pk]


def test_employees_with_their_e_transaction_status(
    client, org_a, org_b, hr_a, django_assert_num_queries, session_reads
):
    staff = make_employees(org_a, 3)
    others = make_employees(org_b, 2, prefix="08")
    CitizenFactory(person=staff[0])
    Dossier.objects.create(
        kind=Dossier.Kind.REGISTRATION,
        status=Dossier.Status.RECEIVED,
        agency_id=org_a.employer.agency_id,
        person=staff[1],
        number="00001.DK/2026/01000",
    )
    # A former employee (period ended last year) is not listed.
    former = make_employees(org_a, 1, start=50)[0]
    ParticipationPeriod.objects.filter(person=former).update(to_month=date(2024, 12, 1))
    signed_in(client, hr_a)
    client.get(reverse("org_hr:employees"))  # warm the session and the caches
    # (session,) user, member, TOTP, count, page, log + 1
    with django_assert_num_queries(7 + session_reads):
        page = client.get(reverse("org_hr:employees"))
    rows = {p.bhxh_code: p.e_status for p in page.context["result"].items}
    assert rows == {
        staff[0].bhxh_code: "active",
        staff[1].bhxh_code: "pending",
        staff[2].bhxh_code: "none",
    }
    assert others[0].bhxh_code not in page.content.decode()
    filtered = client.get(reverse("org_hr:employees"), {"status": "none"})
    assert [p.bhxh_code for p in filtered.context["result"].items] == [staff[2].bhxh_code]
    # Each listed employee has the read in their access log, with the organisation named.
    log = AccessLog.objects.filter(person=staff[2], action="org_view").first()
    assert log is not None and "TZH490L" in log.why and log.officer_id == hr_a.user_id
    assert not AccessLog.objects.filter(person__in=others).exists()
    assert client.get(reverse("org_hr:employees"), {"page": "5"}).status_code == 404
    assert client.get(reverse("org_hr:employees"), {"page": "x"}).status_code == 422
    assert client.get(reverse("org_hr:desk")).status_code == 200


def test_arrears_match_what_the_employee_sees(client, org_a, hr_a):
    person = make_employees(org_a, 1)[0]
    ParticipationPeriod.objects.bulk_create(
        [
            ParticipationPeriod(
                person=person, scheme="BHXH", from_month=date(2025, 1, 1),
                to_month=date(2025, 3, 1), employer=org_a.employer, wage=1,
                payment=ParticipationPeriod.Payment.OWED,
            ),
            ParticipationPeriod(
                person=person, scheme="BHXH", from_month=date(2025, 3, 1),
                to_month=date(2025, 4, 1), employer=org_a.employer, wage=1,
                payment=ParticipationPeriod.Payment.OWED,
            ),
            ParticipationPeriod(
                person=person, scheme="BHYT", from_month=date(2025, 1, 1),
                to_month=date(2025, 1, 1), employer=org_a.employer, wage=1,
                payment=ParticipationPeriod.Payment.OWED,
            ),
        ]
    )  # fmt: skip
    rows = hr_selectors.arrears(member=hr_a)
    seen_by_employee = {h.scheme: h.owed_months for h in participation_history(person=person)}
    assert [(s.scheme, s.months) for s in rows[0].schemes] == [("BHXH", 4), ("BHYT", 1)]
    assert {s.scheme: s.months for s in rows[0].schemes} == {
        k: v for k, v in seen_by_employee.items() if v
    }
    signed_in(client, hr_a)
    page = client.get(reverse("org_hr:arrears")).content.decode()
    assert 'data-scheme="BHXH" data-months="4"' in page and "01/2025–04/2025" in page


def test_the_batch_forms_print_as_one_pdf_one_page_each(client, org_a, hr_a):
    people = make_employees(org_a, 3)
    rows = [row_of(p, i) for i, p in enumerate(people, start=1)]
    batch = hr_services.batch_submit(member=hr_a, upload=xlsx_upload(sheet(rows)))
    signed_in(client, hr_a)
    answer = client.get(reverse("org_hr:batch_pdf", args=[batch.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF") and answer.content.count(b"/Type /Page\n") == 3
    page = client.get(reverse("org_hr:batch", args=[batch.pk]))
    assert page.context["view"].counts == {"received": 3}
    assert "data-row=" in page.content.decode()
    assert timezone.now() >= batch.submitted_at


def test_a_large_batch_prints_in_parts(client, org_a, hr_a, monkeypatch):
    monkeypatch.setattr(hr_selectors, "PDF_FORMS", 2)
    people = make_employees(org_a, 3)
    rows = [row_of(p, i) for i, p in enumerate(people, start=1)]
    batch = hr_services.batch_submit(member=hr_a, upload=xlsx_upload(sheet(rows)))
    signed_in(client, hr_a)
    page = client.get(reverse("org_hr:batch", args=[batch.pk]))
    assert page.context["view"].parts == [1, 2]
    url = reverse("org_hr:batch_pdf", args=[batch.pk])
    assert client.get(url, {"phan": "2"}).content.count(b"/Type /Page\n") == 1
    assert client.get(url, {"phan": "3"}).status_code == 404
    assert client.get(url, {"phan": "x"}).status_code == 404
