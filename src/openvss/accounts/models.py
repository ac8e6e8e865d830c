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
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)
    password_changed_at = models.DateTimeField(_("đổi mật khẩu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    @property
    def is_citizen(self) -> bool:
        return self.person_id is not None
