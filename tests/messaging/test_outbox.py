import pytest
from django.core import mail
from django.db import transaction

from openvss.messaging.backends.sms import MemorySmsBackend, SmsError
from openvss.messaging.models import Message
from openvss.messaging.services import (
    MAX_ATTEMPTS,
    message_deliver,
    message_queue,
    messages_resend_pending,
)
from tests.factories import AdminFactory

pytestmark = pytest.mark.django_db


def test_a_message_is_sent_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue(
            channel="sms",
            recipient="0912345678",
            purpose="otp",
            body="Ma: {secret}",
            secret="123456",
        )
        assert MemorySmsBackend.outbox == []  # not before commit
    assert [(s.to, s.text) for s in MemorySmsBackend.outbox] == [("0912345678", "Ma: 123456")]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.attempts == 1
    assert message.secret == ""  # the OTP is not kept once delivered
    assert "123456" not in message.masked_body()


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                message_queue(channel="sms", recipient="0912345678", purpose="otp", body="x")
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert MemorySmsBackend.outbox == [] and not Message.objects.exists()


def test_email_with_attachment(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message_queue(
            channel="email",
            recipient="an@example.vn",
            purpose="dossier_received",
            subject="Tờ khai",
            body="Xin chào",
            attachment=("to-khai.pdf", b"%PDF-1.4", "application/pdf"),
        )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["an@example.vn"] and sent.subject == "Tờ khai"
    assert sent.attachments[0][0] == "to-khai.pdf"


def test_a_failed_send_is_retried_then_given_up(monkeypatch, django_capture_on_commit_callbacks):
    def broken(self, to, text):
        raise SmsError("gateway down")

    monkeypatch.setattr(MemorySmsBackend, "send", broken)
    message = message_queue(channel="sms", recipient="0912345678", purpose="otp", body="x")
    for attempt in range(1, MAX_ATTEMPTS + 1):
        message_deliver(message_id=message.pk)
        message.refresh_from_db()
        assert message.attempts == attempt and message.last_error == "gateway down"
    assert message.status == Message.Status.FAILED
    message_deliver(message_id=message.pk)  # given up: no more attempts
    message.refresh_from_db()
    assert message.attempts == MAX_ATTEMPTS


def test_the_sweep_re_enqueues_lost_messages():
    message = message_queue(channel="sms", recipient="0912345678", purpose="otp", body="x")
    Message.objects.filter(pk=message.pk).update(created_at=message.created_at.replace(year=2020))
    assert messages_resend_pending() == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_officers_search_the_delivery_log_and_never_see_secrets(client):
    message_queue(
        channel="sms",
        recipient="0912345678",
        purpose="otp",
        body="Ma OTP: {secret}",
        secret="654321",
    )
    client.force_login(AdminFactory())
    listing = client.get("/quan-tri/messaging/message/", {"q": "0912345678"}).content.decode()
    assert "0912345678" in listing
    message = Message.objects.get()
    detail = client.get(f"/quan-tri/messaging/message/{message.pk}/change/").content.decode()
    assert "654321" not in detail and "Ma OTP: ••••••" in detail
