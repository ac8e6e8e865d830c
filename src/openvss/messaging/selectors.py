"""Reads of the outbox for the citizen's inbox."""

from .models import Message

# Messages that are codes or replies, not notices: they stay out of the inbox.
_NOT_NOTICES = ("otp", "password_reset_otp", "device_switch", "password_change", "sms_reply")


def inbox(*, person):
    """Notices sent to the person, newest first: dossier decisions, security notices, arrears.

    Where the account has an email, the SMS copy of a notice is left out (the email is enough).
    """
    return (
        Message.objects.filter(person=person)
        .exclude(purpose__in=_NOT_NOTICES)
        .exclude(channel=Message.Channel.SMS, person__account__email__gt="")
        .order_by("-created_at")
    )


def inbox_unread_count(*, user) -> int:
    """Notices that arrived since the person last opened the inbox (one query)."""
    notices = inbox(person=user.person)
    if user.inbox_seen_at:
        notices = notices.filter(created_at__gt=user.inbox_seen_at)
    return notices.count()


def outbox_backlog():
    """(channel, status) → messages not yet sent or given up: the /metrics outbox gauge.
    One grouped count on the (status, created_at) index."""
    from django.db.models import Count

    rows = (
        Message.objects.filter(
            status__in=[Message.Status.QUEUED, Message.Status.SENDING, Message.Status.FAILED]
        )
        .values("channel", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [((row["channel"], row["status"]), row["n"]) for row in rows]
