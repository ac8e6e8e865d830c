"""Queue and deliver SMS and email through the outbox."""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .backends.sms import SmsError, get_sms_backend
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


def message_enqueue(message_id: int, delay: timedelta | None = None) -> None:
    """Hand a message to the task queue, now or after ``delay``."""
    from .tasks import deliver_message

    task = deliver_message.using(run_after=timezone.now() + delay) if delay else deliver_message
    try:
        task.enqueue(message_id)
    except Exception:  # the sweep (openvss send_pending_messages) will pick it up
        logger.exception("could not enqueue message %s", message_id)


def message_deliver(*, message_id: int) -> Message:
    """Send one queued message; on failure record the error and schedule a retry."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.status != Message.Status.QUEUED:
            return message  # sent already, or given up
        message.attempts += 1
        try:
            reference = _send(message)
        except (SmsError, OSError) as exc:
            message.last_error = str(exc)[:500]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = Message.Status.FAILED
            message.save(update_fields=["attempts", "last_error", "status"])
            if message.status == Message.Status.QUEUED:
                backoff = timedelta(seconds=30 * 2 ** (message.attempts - 1))
                transaction.on_commit(lambda: message_enqueue(message.pk, backoff))
            logger.warning("message %s attempt %s failed: %s", message.pk, message.attempts, exc)
            return message
        # Demo tools only: the simulated phone keeps what the recipient read (demo_mailbox).
        mailbox_keep(message_id=message.pk, text=message.rendered_body())
        message.status = Message.Status.SENT
        message.sent_at = timezone.now()
        message.provider_reference = reference or ""
        message.secret = ""  # never kept once delivered
        message.last_error = ""
        message.save(
            update_fields=[
                "attempts",
                "status",
                "sent_at",
                "provider_reference",
                "secret",
                "last_error",
            ]
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
    """Re-enqueue queued messages whose task was lost (run by the worker's schedule)."""
    ids = list(
        Message.objects.filter(
            status=Message.Status.QUEUED, created_at__lt=timezone.now() - older_than
        ).values_list("pk", flat=True)[:1000]
    )
    for message_id in ids:
        message_enqueue(message_id)
    return len(ids)


def inbox_mark_seen(*, user) -> None:
    """The inbox was opened: what is in it now counts as read."""
    user.inbox_seen_at = timezone.now()
    user.save(update_fields=["inbox_seen_at"])
