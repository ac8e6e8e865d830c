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
    failed_logins = models.PositiveSmallIntegerField(_("số lần sai mật khẩu liên tiếp"), default=0)
    locked_until = models.DateTimeField(_("tạm khóa đến"), null=True, blank=True)
    # Notices newer than this count as unread on the home screen's "Thông báo" tile.
    inbox_seen_at = models.DateTimeField(_("xem thông báo lúc"), null=True, blank=True)

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


class Device(models.Model):
    """A phone or browser an account signs in from. One device at a time: a new one must
    confirm an OTP, and the previous one is signed out (seed 004 §1.4)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="devices")
    device_id = models.CharField(_("mã thiết bị"), max_length=64)
    name = models.CharField(_("tên thiết bị"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("đăng nhập lần đầu"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("hoạt động gần nhất"), null=True, blank=True)
    signed_out_at = models.DateTimeField(_("đăng xuất lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(signed_out_at__isnull=True),
                name="one_active_device",
            )
        ]
        indexes = [models.Index(fields=["user", "device_id"])]
        verbose_name = _("thiết bị")
        verbose_name_plural = _("thiết bị")

    def __str__(self):
        return f"{self.user_id}:{self.name or self.device_id}"


class AuthToken(models.Model):
    """A bearer token bound to one device: short-lived access or long-lived refresh.
    Only its SHA-256 is stored; signing the device out revokes every token at once."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("truy cập")
        REFRESH = "refresh", _("làm mới")

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="tokens")
    kind = models.CharField(max_length=7, choices=Kind.choices)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập")
        verbose_name_plural = _("mã truy cập")

    def __str__(self):
        return f"{self.kind}:{self.device_id}"


class LoginEvent(models.Model):
    """The login history a citizen sees: when, from where, what happened."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Đăng nhập thành công")
        WRONG_PASSWORD = "wrong_password", _("Sai mật khẩu")
        LOCKED = "locked", _("Tạm khóa do nhập sai nhiều lần")
        DEVICE_SWITCH = "device_switch", _("Đăng nhập trên thiết bị mới, chờ xác thực OTP")
        DEVICE_SWITCHED = "device_switched", _("Đã chuyển sang thiết bị mới")
        SIGNED_OUT = "signed_out", _("Thiết bị bị đăng xuất")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_events")
    at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)
    device_name = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "-at"])]
        verbose_name = _("lịch sử đăng nhập")
        verbose_name_plural = _("lịch sử đăng nhập")

    def __str__(self):
        return f"{self.user_id} {self.outcome}"


class Passkey(models.Model):
    """A WebAuthn credential ("đăng nhập bằng vân tay") registered from one signed-in device."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="passkeys")
    credential_id = models.CharField(max_length=512, unique=True)  # base64url
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa đăng nhập (passkey)")
        verbose_name_plural = _("khóa đăng nhập (passkey)")

    def __str__(self):
        return f"{self.user_id}:{self.credential_id[:12]}"
