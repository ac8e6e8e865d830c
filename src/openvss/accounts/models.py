"""The user model. Citizens log in with their mã số BHXH as the username; officers have
staff accounts tied to the agency whose queue they work."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from openvss.people.models import Person
from openvss.places.models import Agency


class User(AbstractUser):
    person = models.OneToOneField(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("người tham gia"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("cơ quan BHXH (cán bộ)"),
    )
    # Accounts issued with a one-time password must change it at first login.
    # The phone and email registered for electronic transactions (form 01): one of each per
    # BHXH code. OTPs and recovered passwords go only to these.
    phone = models.CharField(_("số điện thoại đăng ký"), max_length=10, blank=True)
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)
    password_changed_at = models.DateTimeField(_("đổi mật khẩu lúc"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="one_account_per_phone"
            ),
            models.UniqueConstraint(
                fields=["email"], condition=~models.Q(email=""), name="one_account_per_email"
            ),
        ]
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    @property
    def is_citizen(self) -> bool:
        return self.person_id is not None


class OneTimeCode(models.Model):
    """An OTP, stored only as an HMAC. ``subject`` names what it authorises (a dossier, an
    account); ``purpose`` keeps codes for different actions apart."""

    purpose = models.CharField(max_length=40)
    subject = models.CharField(max_length=64)
    destination = models.CharField(max_length=254)
    salt = models.CharField(max_length=16)
    digest = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["purpose", "subject", "-created_at"])]
        verbose_name = _("mã OTP")
        verbose_name_plural = _("mã OTP")

    def __str__(self):
        return f"{self.purpose}:{self.subject}"
