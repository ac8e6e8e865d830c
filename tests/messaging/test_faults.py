"""Faults on the way out: a worker killed while sending, an SMTP server or an SMS gateway
down. Nothing may be lost, nothing sent twice blindly, and the delivery log must say what
happened. Real processes and servers on 127.0.0.1; every wait is bounded."""

import signal
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openvss.messaging.models import Message
from openvss.messaging.services import (
    MAX_ATTEMPTS,
    message_deliver,
    message_queue,
    messages_resend_pending,
)
from tests.processes import database_url, free_port, kill, openvss, wait_for

from .gateways import SmsGateway, SmtpServer

DB_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "messaging"],
    }
}


@pytest.fixture
def officer_client(client, administrator):
    client.force_login(administrator)
    return client


def delivery_log(client, **query) -> str:
    return client.get("/quan-tri/messaging/message/", query).content.decode()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_sending_never_sends_twice_and_officers_see_it(
    settings, tmp_path, officer_client
):
    settings.TASKS = DB_TASKS
    gateway = SmsGateway(hang=True)  # takes the message, then never answers
    env = {
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": DB_TASKS["default"]["BACKEND"],  # also when CI sets REDIS_URL
        "SMS_BACKEND": "http",
        "SMS_GATEWAY_URL": gateway.url,
        "MESSAGE_SEND_LEASE_SECONDS": "1",
        "OPENVSS_VAR_DIR": str(tmp_path),
    }
    log = tmp_path / "worker.log"
    workers = []
    try:
        message = message_queue(
            channel="sms", recipient="0912345678", purpose="otp", body="Ma OTP: {secret}",
            secret="246810",
        )  # fmt: skip
        workers.append(openvss("worker", env=env, log=log))
        wait_for(
            lambda: gateway.received, timeout=60, what="the worker to call the gateway", log=log
        )
        message.refresh_from_db()
        assert message.status == Message.Status.SENDING and message.attempts == 1

        kill(workers[0], signal.SIGKILL)  # mid-send: the gateway has it, we have no answer
        gateway.release()
        time.sleep(1.2)  # past the (shortened) send lease

        workers.append(openvss("worker", env=env, log=log))  # its schedule sweeps at start
        wait_for(
            lambda: Message.objects.filter(pk=message.pk, status=Message.Status.FAILED).exists(),
            timeout=60,
            what="the restarted worker to close the interrupted send",
            log=log,
        )
        time.sleep(1.5)  # give a wrong retry time to happen
        assert len(gateway.received) == 1, "sent a second copy without knowing"
        assert gateway.received[0]["text"] == "Ma OTP: 246810"
        message.refresh_from_db()
        assert message.attempts == 1 and message.sent_at is None
        assert "không rõ tin đã đến người nhận hay chưa" in message.last_error

        listing = delivery_log(officer_client, status="failed")
        assert "0912345678" in listing and "Gửi lỗi" in listing
        assert "không rõ tin đã đến người nhận hay chưa" in listing
        assert "246810" not in listing
    finally:
        for worker in workers:
            kill(worker, signal.SIGTERM)
        gateway.close()


@pytest.mark.django_db
def test_smtp_down_is_retried_with_backoff_and_the_delivery_log_shows_it(
    settings, officer_client, django_capture_on_commit_callbacks
):
    port = free_port()
    settings.TASKS = DB_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue(
            channel="email", recipient="an@example.vn", purpose="dossier_received",
            subject="Tờ khai đã nhận", body="Hồ sơ của bạn đã được tiếp nhận.",
        )  # fmt: skip

    def attempt() -> Message:
        with django_capture_on_commit_callbacks(execute=True):
            message_deliver(message_id=message.pk)
        message.refresh_from_db()
        return message

    def retry_scheduled_at():
        task = DBTaskResult.objects.filter(run_after__isnull=False).order_by("-enqueued_at")[0]
        return task.run_after

    # 1. Nothing listens on the port: connection refused.
    attempt()
    assert (message.status, message.attempts) == (Message.Status.QUEUED, 1)
    assert "refused" in message.last_error.lower()
    assert (
        timedelta(seconds=30)
        <= message.next_attempt_at - message.attempted_at
        < timedelta(seconds=31)
    )
    assert retry_scheduled_at() == message.next_attempt_at
    listing = delivery_log(officer_client)
    assert "Chờ gửi" in listing and "refused" in listing.lower()

    # 2. The server is up but refuses for now (451): still retried, later and later.
    server = SmtpServer(port)
    server.refuse = True
    server.start()
    try:
        attempt()
        assert (message.status, message.attempts) == (Message.Status.QUEUED, 2)
        assert "451" in message.last_error
        assert (
            timedelta(seconds=60)
            <= message.next_attempt_at - message.attempted_at
            < timedelta(seconds=61)
        )
        assert retry_scheduled_at() == message.next_attempt_at

        # 3. Back to normal: delivered once, the log says so.
        server.refuse = False
        attempt()
    finally:
        server.stop()
    assert (message.status, message.attempts) == (Message.Status.SENT, 3)
    assert message.last_error == "" and message.next_attempt_at is None
    assert len(server.received) == 1 and server.received[0].rcpt_tos == ["an@example.vn"]
    assert "Hồ sơ của bạn đã được tiếp nhận." in server.received[0].content.decode()
    assert "Đã gửi" in delivery_log(officer_client, status="sent")


@pytest.mark.django_db
def test_an_sms_gateway_down_or_failing_is_retried_until_it_answers(settings):
    gateway = SmsGateway(statuses=[503, 502])
    settings.SMS_BACKEND, settings.SMS_GATEWAY_URL = "http", gateway.url
    try:
        message = message_queue(channel="sms", recipient="0912345678", purpose="otp", body="x")
        for status in (503, 502):
            message_deliver(message_id=message.pk)
            message.refresh_from_db()
            assert message.status == Message.Status.QUEUED and str(status) in message.last_error
        message_deliver(message_id=message.pk)
        message.refresh_from_db()
    finally:
        gateway.close()
    assert message.status == Message.Status.SENT and message.provider_reference == "gw-3"
    assert len(gateway.received) == 3 and message.attempts == 3


@pytest.mark.django_db
def test_a_closed_gateway_port_gives_up_after_the_last_attempt(settings):
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/sms"
    message = message_queue(channel="sms", recipient="0912345678", purpose="otp", body="x")
    delays = []
    for _ in range(MAX_ATTEMPTS):
        message_deliver(message_id=message.pk)
        message.refresh_from_db()
        if message.next_attempt_at:
            delays.append(int((message.next_attempt_at - message.attempted_at).total_seconds()))
    assert delays == [30, 60, 120, 240, 480]
    assert message.status == Message.Status.FAILED and "unreachable" in message.last_error


@pytest.mark.django_db
def test_the_sweep_leaves_a_retry_alone_while_it_waits_out_its_backoff():
    message = message_queue(channel="sms", recipient="0912345678", purpose="otp", body="x")
    now = timezone.now()
    Message.objects.filter(pk=message.pk).update(
        created_at=now - timedelta(minutes=20),
        attempts=5,
        attempted_at=now - timedelta(minutes=6),
        next_attempt_at=now + timedelta(minutes=2),
    )
    assert messages_resend_pending() == 0
    Message.objects.filter(pk=message.pk).update(next_attempt_at=now - timedelta(minutes=6))
    assert messages_resend_pending() == 1


@pytest.mark.django_db
def test_a_send_in_flight_is_not_closed_before_its_lease_ends(settings):
    settings.MESSAGE_SEND_LEASE_SECONDS = 120
    message = message_queue(channel="sms", recipient="0912345678", purpose="otp", body="x")
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING, attempts=1, attempted_at=timezone.now()
    )
    messages_resend_pending()
    assert Message.objects.get(pk=message.pk).status == Message.Status.SENDING
    Message.objects.filter(pk=message.pk).update(attempted_at=timezone.now() - timedelta(minutes=3))
    messages_resend_pending()
    assert Message.objects.get(pk=message.pk).status == Message.Status.FAILED
