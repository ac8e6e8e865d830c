from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openvss.places.models import MedicalFacility


class FacilityApiKey(models.Model):
    """An API key of one facility. Only a hash is stored; the key is shown once at creation.

    The key reads ``ovk_<prefix>_<secret>``; the prefix finds the row, the secret is checked
    against its SHA-256 in constant time.
    """

    class Scope(models.TextChoices):
        VERIFY = "verify", _("Kiểm tra thẻ BHYT")
        VISITS = "visits", _("Ghi nhận lượt khám chữa bệnh")

    facility = models.ForeignKey(
        MedicalFacility,
        on_delete=models.PROTECT,
        related_name="api_keys",
        verbose_name=_("cơ sở KCB"),
    )
    name = models.CharField(_("tên khóa"), max_length=100)
    prefix = models.CharField(_("mã nhận diện"), max_length=12, unique=True)
    digest = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("quyền"), default=list)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API của cơ sở KCB")
        verbose_name_plural = _("khóa API của cơ sở KCB")

    def __str__(self):
        return f"{self.facility.code} – {self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class QrSigningKey(models.Model):
    """A public key for the signed card QR. The private half lives on disk, in
    ``QR_SIGNING_KEY_DIR/<key_id>.pem``, readable only by the service."""

    key_id = models.CharField(_("mã khóa"), max_length=32, unique=True)
    public_key = models.CharField(_("khóa công khai (base64url)"), max_length=64)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    retired_at = models.DateTimeField(_("ngừng dùng lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("khóa ký mã QR")
        verbose_name_plural = _("khóa ký mã QR")

    def __str__(self):
        return self.key_id


class IdempotentRequest(models.Model):
    """The answer to a POST made with an ``Idempotency-Key``, replayed for repeats."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    # SHA-256 of the request body: the same key with another body is refused, not replayed.
    fingerprint = models.CharField(max_length=64, blank=True)
    response = models.JSONField()
    status = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_scope_key")
        ]

    def __str__(self):
        return f"{self.scope}:{self.key}"
