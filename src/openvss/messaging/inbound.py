"""The SMS gateway's webhook: signed, fresh, never replayed.

The gateway signs ``"<timestamp>.<raw body>"`` with HMAC-SHA256 and the shared secret
``SMS_WEBHOOK_SECRET`` and sends ``X-Timestamp`` and ``X-Signature: sha256=<hex>``.
Calls older than 5 minutes, badly signed, or repeating a message id are refused.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from openvss.errors import Conflict, Forbidden

from .models import InboundSms
from .services import message_queue
from .sms import sms_command

MAX_AGE = 300


def signature_check(
    *, body: bytes, timestamp: str, signature: str, now: float | None = None
) -> None:
    secret = settings.SMS_WEBHOOK_SECRET
    if not secret:
        raise Forbidden(_("Chưa cấu hình khóa xác thực của tổng đài SMS."), code="webhook_disabled")
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        raise Forbidden(_("Thiếu hoặc sai chữ ký."), code="bad_signature") from None
    if abs((now or time.time()) - sent_at) > MAX_AGE:
        raise Forbidden(_("Yêu cầu đã quá hạn."), code="stale_request")
    expected = hmac.new(secret.encode(), f"{sent_at}.".encode() + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(f"sha256={expected}", signature or ""):
        raise Forbidden(_("Thiếu hoặc sai chữ ký."), code="bad_signature")


def inbound_handle(*, message_id: str, sender: str, text: str) -> InboundSms:
    """Record the message, run its command, queue the reply (once per message id)."""
    try:
        with transaction.atomic():
            inbound = InboundSms.objects.create(
                message_id=message_id[:100], sender=sender[:20], text=text[:500]
            )
    except IntegrityError:
        raise Conflict(_("Tin nhắn này đã được xử lý."), code="replayed") from None
    reply = sms_command(sender=sender, text=text)
    if reply:
        with transaction.atomic():
            message_queue(channel="sms", recipient=sender, purpose="sms_reply", body=reply)
            inbound.reply = reply
            inbound.save(update_fields=["reply"])
    return inbound
