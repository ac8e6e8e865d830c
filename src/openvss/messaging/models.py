"""The outbox: every SMS and email is a row written in the same transaction as the change
it reports, then sent by a background task with retries. The rows are the delivery log."""

from django.db import models
from django.utils.translation import gettext_lazy as _

SECRET_PLACEHOLDER = "{secret}"


class Message(models.Model):
    class Channel(models.TextChoices):
        SMS = "sms", _("Tin nhắn SMS")
        EMAIL = "email", _("Thư điện tử")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Chờ gửi")
        # Handed to the provider and not yet answered. A message left here by a worker that
        # died mid-send is marked failed by the sweep, never sent blindly a second time.
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    channel = models.CharField(_("kênh"), max_length=5, choices=Channel.choices)
    purpose = models.CharField(_("mục đích"), max_length=40, db_index=True)
    recipient = models.CharField(_("người nhận"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    # The body may hold "{secret}" (an OTP, a new password): the secret is kept apart and
    # erased once sent, so the delivery log never shows it.
    body = models.TextField(_("nội dung"))
    secret = models.CharField(max_length=64, blank=True, editable=False)
    attachment_name = models.CharField(_("tệp đính kèm"), max_length=120, blank=True)
    attachment = models.BinaryField(null=True, blank=True, editable=False)
    attachment_type = models.CharField(max_length=60, blank=True, editable=False)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("người tham gia"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=7, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    provider_reference = models.CharField(_("mã nhà mạng"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("lần gửi gần nhất lúc"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["person", "-created_at"]),
        ]
        verbose_name = _("tin nhắn, thư")
        verbose_name_plural = _("nhật ký gửi tin nhắn, thư")

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient}"

    def rendered_body(self) -> str:
        return self.body.replace(SECRET_PLACEHOLDER, self.secret)

    def masked_body(self) -> str:
        return self.body.replace(SECRET_PLACEHOLDER, "••••••")


class InboundSms(models.Model):
    """A message the SMS gateway delivered to our short code (e.g. "BH MK 0123456789").
    The gateway's message id is unique: a replayed webhook call is refused."""

    message_id = models.CharField(_("mã tin"), max_length=100, unique=True)
    sender = models.CharField(_("số gửi"), max_length=20, db_index=True)
    text = models.CharField(_("nội dung"), max_length=500)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    reply = models.CharField(_("trả lời"), max_length=500, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("tin nhắn đến")
        verbose_name_plural = _("tin nhắn đến")

    def __str__(self):
        return f"{self.sender}: {self.text[:30]}"
