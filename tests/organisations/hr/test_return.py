"""HR returns an employee's declaration ("Trả lại") with a reason: it leaves the HR queue, the
employee is told why in their language, and it can no longer be forwarded."""

import unicodedata

import pytest
from django.urls import reverse
from django.utils import timezone

from openvss.accounts import signin
from openvss.audit.models import AccessLog
from openvss.dossiers.models import Dossier, DossierEvent
from openvss.dossiers.selectors import dossiers_of_citizen
from openvss.errors import Conflict
from openvss.messaging.models import Message
from openvss.organisations import hr_services
from openvss.organisations.models import Declaration, DeclarationBatch
from tests.factories import CitizenFactory

from .helpers import form01, held_declaration, make_employees, signed_in

pytestmark = pytest.mark.django_db

RETURNED = "declaration_returned"


def _bearer(member) -> dict:
    tokens = signin._issue_tokens(member.verified_device, timezone.now())
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


def _return_api(client, member, declaration_id, reason):
    return client.post(
        f"/api/v1/org/declarations/{declaration_id}/return",
        {"reason": reason},
        content_type="application/json",
        **_bearer(member),
    )


def test_hr_returns_a_declaration_and_the_employee_is_told_in_their_language(
    client, org_a, hr_a, lan, register
):
    dossier = register(**form01(lan, org_code="TZH490L"))
    # She used VssID in English, and gave an email too.
    Dossier.objects.filter(pk=dossier.pk).update(language="en", contact_email="lan@example.vn")
    declaration = Declaration.objects.get(dossier=dossier)
    signed_in(client, hr_a)
    form = client.get(reverse("org_hr:return", args=[declaration.pk]))
    assert form.status_code == 200 and "data-return-form" in form.content.decode()
    queue = client.get(reverse("org_hr:queue")).content.decode()
    assert f'data-return="{declaration.pk}"' in queue

    # Typed with decomposed accents and stray spaces: stored NFC, trimmed, collapsed.
    typed = unicodedata.normalize("NFD", "  Sai   số CCCD,  vui lòng kê khai lại ")
    answer = client.post(reverse("org_hr:return", args=[declaration.pk]), {"reason": typed})
    assert answer.status_code == 302 and answer.url == reverse("org_hr:queue")
    reason = "Sai số CCCD, vui lòng kê khai lại"

    declaration.refresh_from_db()
    dossier.refresh_from_db()
    assert declaration.hr_status == Declaration.HrStatus.RETURNED
    assert dossier.status == Dossier.Status.REJECTED and dossier.decision_note == reason
    assert dossier.decided_by == hr_a.user
    last = dossier.events.order_by("-at", "-pk").first()
    assert (last.from_status, last.to_status) == (Dossier.Status.RECEIVED, Dossier.Status.REJECTED)
    assert last.actor == hr_a.user and reason in last.note and "TZH490L" in last.note
    # Out of the HR queue.
    assert (
        f'data-declaration="{lan.bhxh_code}"'
        not in client.get(reverse("org_hr:queue")).content.decode()
    )

    # Told by SMS and email, in English, with the organisation and the reason.
    sms = Message.objects.get(purpose=RETURNED, channel="sms")
    email = Message.objects.get(purpose=RETURNED, channel="email")
    assert sms.recipient == "0912777077" and email.recipient == "lan@example.vn"
    assert "returned" in sms.body and "Sai so CCCD, vui long ke khai lai" in sms.body
    assert dossier.number in sms.body and "Thang Long" in sms.body
    assert "returned" in email.subject and reason in email.body
    assert sms.person_id == email.person_id == lan.pk

    # Her "Hồ sơ của tôi" shows it with the organisation's note.
    tracking = dossiers_of_citizen(user=CitizenFactory(person=lan))
    assert tracking[0].dossier.pk == dossier.pk and not tracking[0].is_open
    assert any(reason in entry.note for entry in tracking[0].timeline)

    # The act is in her access log, with the organisation and the HR member.
    log = AccessLog.objects.filter(person=lan, what__startswith="Trả lại").get()
    assert "TZH490L" in log.why and log.officer_id == hr_a.user_id


def test_the_reason_is_required_and_bounded(client, org_a, hr_a):
    person = make_employees(org_a, 1)[0]
    declaration = held_declaration(org_a, person, 1)
    for reason, code in (("", "reason_required"), ("  ok  ", "reason_required"),
                         ("x" * 301, "reason_too_long")):  # fmt: skip
        answer = _return_api(client, hr_a, declaration.pk, reason)
        assert answer.status_code == 422, reason
        error = answer.json()["error"]
        assert error["code"] == code and "reason" in error["fields"]
        assert "lý do" in error["message"].lower()
    signed_in(client, hr_a)
    page = client.post(reverse("org_hr:return", args=[declaration.pk]), {"reason": " "})
    assert page.status_code == 422 and "Vui lòng ghi rõ lý do trả lại" in page.content.decode()
    declaration.refresh_from_db()
    assert declaration.hr_status == Declaration.HrStatus.PENDING
    assert declaration.dossier.status == Dossier.Status.RECEIVED
    assert not Message.objects.filter(purpose=RETURNED).exists()
    # The API answers the declaration as it now stands.
    answer = _return_api(client, hr_a, declaration.pk, "Sai ngày sinh")
    assert answer.status_code == 200
    assert (
        answer.json()["hr_status"] == "returned" and answer.json()["dossier_status"] == "rejected"
    )


def test_returning_another_organisations_declaration_is_not_found_and_changes_nothing(
    client, org_a, org_b, hr_a, hr_b
):
    theirs = held_declaration(org_a, make_employees(org_a, 1)[0], 1)
    events = DossierEvent.objects.count()
    for declaration_id in (theirs.pk, 987654):
        answer = _return_api(client, hr_b, declaration_id, "Sai thông tin")
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"
    signed_in(client, hr_b)
    url = reverse("org_hr:return", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Sai thông tin"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.hr_status == Declaration.HrStatus.PENDING
    assert theirs.dossier.status == Dossier.Status.RECEIVED
    assert DossierEvent.objects.count() == events
    assert not Message.objects.exists()
    assert not AccessLog.objects.filter(person=theirs.dossier.person).exists()


def test_a_returned_declaration_cannot_be_forwarded_nor_returned_again(org_a, hr_a):
    people = make_employees(org_a, 2)
    returned, other = held_declaration(org_a, people[0], 1), held_declaration(org_a, people[1], 2)
    hr_services.declaration_return(member=hr_a, declaration_id=returned.pk, reason="Sai họ tên")
    with pytest.raises(Conflict):
        hr_services.declarations_forward(member=hr_a, declaration_ids=[returned.pk, other.pk])
    with pytest.raises(Conflict):
        hr_services.declaration_return(member=hr_a, declaration_id=returned.pk, reason="Lần nữa")
    assert not DeclarationBatch.objects.exists()
    other.refresh_from_db()
    assert other.hr_status == Declaration.HrStatus.PENDING
    assert Message.objects.filter(purpose=RETURNED).count() == 1  # one SMS (no email)
