"""Queue and deliver SMS and email through the outbox."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openvss.core.observability import enqueue

from .backends.sms import get_sms_backend
from .demo_mailbox import mailbox_keep
from .models import Message

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def message_queue(
    *,
    channel: str,
    recipient: str,
    purpose: str,
    body: str,
    subject: str = "",
    secret: str = "",
    person=None,
    attachment: tuple[str, bytes, str] | None = None,
) -> Message:
    """Write a message to the outbox and send it once the surrounding transaction commits.

    Call it inside the transaction of the change it reports: if that change rolls back, no
    message is sent; if it commits, the message is on record even if the send fails.
    """
    message = Message.objects.create(
        channel=channel,
        recipient=recipient,
        purpose=purpose,
        subject=subject,
        body=body,
        secret=secret,
        person=person,
        attachment_name=attachment[0] if attachment else "",
        attachment=attachment[1] if attachment else None,
        attachment_type=attachment[2] if attachment else "",
    )
    transaction.on_commit(lambda: message_enqueue(message.pk))
    return message


def destination_mask(destination: str) -> str:
    """Show where a code went without showing all of it: an***@example.vn, 091****678."""
    if "@" in destination:
        name, _at, domain = destination.partition("@")
        return f"{name[:2]}***@{domain}"
    return f"{destination[:3]}****{destination[-3:]}"


def notice_queue(
    *,
    phone: str,
    email: str,
    purpose: str,
    sms: str,
    subject: str,
    email_body: str,
    secret: str = "",
    person=None,
    attachment: tuple[str, bytes, str] | None = None,
) -> None:
    """Queue one notice to a phone and an email, whichever of the two is given."""
    if phone:
        message_queue(
            channel="sms", recipient=phone, purpose=purpose, body=sms, secret=secret, person=person
        )
    if email:
        message_queue(
            channel="email",
            recipient=email,
            purpose=purpose,
            subject=subject,
            body=email_body,
            secret=secret,
            person=person,
            attachment=attachment,
        )


def notices_queue_many(notices, *, purpose: str) -> int:
    """Queue many notices at once: ``notices`` yields ``(phone, email, sms, subject,
    email_body, person_id)``, each sent to whichever of phone and email it has. The rows
    are bulk-inserted (one INSERT per 1,000) in the surrounding transaction and handed to
    the task queue in batches once it commits (``notice_queue`` does one row at a time).
    Returns how many messages were queued."""
    messages = []
    for phone, email, sms, subject, email_body, person_id in notices:
        if phone:
            messages.append(
                Message(
                    channel="sms", recipient=phone, purpose=purpose, body=sms, person_id=person_id
                )
            )
        if email:
            messages.append(
                Message(
                    channel="email",
                    recipient=email,
                    purpose=purpose,
                    subject=subject[:200],
                    body=email_body,
                    person_id=person_id,
                )
            )
    if not messages:
        return 0
    created = Message.objects.bulk_create(messages, batch_size=1000)
    # Rows whose id the database did not return are sent by the outbox's sweep.
    ids = [m.pk for m in created if m.pk is not None]
    transaction.on_commit(lambda: messages_enqueue(ids))
    return len(messages)


def message_enqueue(message_id: int, run_after: datetime | None = None) -> None:
    """Hand a message to the task queue, to run now or at ``run_after``."""
    from .tasks import deliver_message

    task = deliver_message.using(run_after=run_after) if run_after else deliver_message
    try:
        enqueue(task, message_id)  # with the request id, for the worker's log lines
    except Exception:  # the sweep (openvss send_pending_messages) will pick it up
        logger.exception("could not enqueue message %s", message_id)


def messages_enqueue(message_ids: list[int], *, batch: int = 200) -> None:
    """Hand many messages to the task queue in batches (one task per ``batch``): queueing a
    task is a database write, so a bulk job's thousands of notices take seconds, not minutes."""
    from .tasks import deliver_messages

    for start in range(0, len(message_ids), batch):
        try:
            deliver_messages.enqueue(message_ids[start : start + batch])
        except Exception:  # the sweep (openvss send_pending_messages) will pick them up
            logger.exception(
                "could not enqueue %s messages", len(message_ids[start : start + batch])
            )


def retry_delay(attempts: int) -> timedelta:
    """Back off 30 s, 1, 2, 4, 8 minutes after the 1st, 2nd, … failed attempt."""
    return timedelta(seconds=30 * 2 ** (attempts - 1))


def message_deliver(*, message_id: int) -> Message:
    """Send one queued message; on failure record the error and schedule a retry.

    The attempt is committed as "sending" before the provider is called, and the outcome
    after it answers. A worker killed in between leaves the message "sending": the sweep
    (``messages_resend_pending``) then marks it failed for officers to check and resend,
    rather than sending a second copy of a message that may already have arrived.
    """
    with transaction.atomic():
        # skip_locked: another worker holding the row is sending it right now.
        message = Message.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
        if message is None or message.status != Message.Status.QUEUED:
            return message or Message.objects.get(pk=message_id)  # sent, given up or in flight
        message.status = Message.Status.SENDING
        message.attempts += 1
        message.attempted_at = timezone.now()
        message.next_attempt_at = None
        message.save(update_fields=["status", "attempts", "attempted_at", "next_attempt_at"])
    in_flight = Message.objects.filter(pk=message.pk, status=Message.Status.SENDING)
    try:
        reference = _send(message)
    except Exception as exc:  # noqa: BLE001 - any failure of the provider is retried
        message.last_error = (str(exc) or type(exc).__name__)[:500]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = Message.Status.FAILED
        else:
            message.status = Message.Status.QUEUED
            message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        in_flight.update(
            status=message.status,
            last_error=message.last_error,
            next_attempt_at=message.next_attempt_at,
        )
        if message.status == Message.Status.QUEUED:
            at = message.next_attempt_at
            transaction.on_commit(lambda: message_enqueue(message.pk, at))
        logger.warning("message %s attempt %s failed: %s", message.pk, message.attempts, exc)
        return message
    # Demo tools only: the simulated phone keeps what the recipient read (demo_mailbox).
    mailbox_keep(message_id=message.pk, text=message.rendered_body())
    message.status = Message.Status.SENT
    message.sent_at = timezone.now()
    message.provider_reference = reference or ""
    message.secret = ""  # never kept once delivered
    message.last_error = ""
    in_flight.update(
        status=message.status,
        sent_at=message.sent_at,
        provider_reference=message.provider_reference,
        secret="",
        last_error="",
    )
    return message


def _send(message: Message) -> str:
    if message.channel == Message.Channel.SMS:
        return get_sms_backend().send(message.recipient, message.rendered_body())
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.rendered_body(), to=[message.recipient]
    )
    if message.attachment is not None:
        email.attach(message.attachment_name, bytes(message.attachment), message.attachment_type)
    email.send(fail_silently=False)
    return ""


def messages_resend_pending(*, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Re-enqueue queued messages whose task was lost, and close sends cut off mid-flight
    (run by the worker's schedule, at its start and every 5 minutes).

    A message is lost when it is still queued ``older_than`` after it was due (created, or
    its backoff elapsed), so a retry waiting out its backoff is left alone. A message still
    "sending" after ``MESSAGE_SEND_LEASE_SECONDS`` (well beyond the providers' 10 s timeout)
    belongs to a worker that died during the send: whether it reached the person is
    unknown, so it is marked failed with that reason, and officers see it in the delivery
    log with its "resend" action.
    """
    now = timezone.now()
    lease = timedelta(seconds=settings.MESSAGE_SEND_LEASE_SECONDS)
    Message.objects.filter(status=Message.Status.SENDING, attempted_at__lt=now - lease).update(
        status=Message.Status.FAILED,
        next_attempt_at=None,
        last_error=_(
            "Tiến trình gửi bị dừng khi đang gửi: không rõ tin đã đến người nhận hay chưa. "
            "Hãy kiểm tra và gửi lại nếu cần."
        ),
    )
    ids = list(
        Message.objects.filter(status=Message.Status.QUEUED)
        .filter(
            Q(next_attempt_at__isnull=True, created_at__lt=now - older_than)
            | Q(next_attempt_at__lt=now - older_than)
        )
        .values_list("pk", flat=True)[:1000]
    )
    for message_id in ids:
        message_enqueue(message_id)
    return len(ids)


def inbox_mark_seen(*, user) -> None:
    """The inbox was opened: what is in it now counts as read."""
    user.inbox_seen_at = timezone.now()
    user.save(update_fields=["inbox_seen_at"])
