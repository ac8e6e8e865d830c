"""Organisations (đơn vị sử dụng lao động) that transact electronically with the agency,
and their HR users.

An organisation is the e-transaction account of an employer of the reference data
(places.Employer: mã đơn vị, tax code, name, address, managing agency). It comes into being
when an officer approves its registration dossier (form 01 for an organisation: legal
representative, transaction method directly on the portal or through a named I-VAN
provider). Its users sign in with the unit code, their own login name and password, and a
TOTP code; each is an accounts.User (devices, tokens, lock-out are accounts') with one
OrganisationMember row saying which organisation and which role.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openvss.dossiers.models import Dossier
from openvss.places.models import Employer


class Organisation(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang giao dịch điện tử")
        SUSPENDED = "suspended", _("Tạm ngừng giao dịch điện tử")

    class Method(models.TextChoices):
        # Form 01 §1: "Đăng ký giao dịch tại: Cổng thông tin điện tử của BHXH Việt Nam /
        # Tổ chức I-VAN" (seed 004).
        DIRECT = "direct", _("Cổng thông tin điện tử của Bảo hiểm xã hội Việt Nam")
        IVAN = "ivan", _("Tổ chức I-VAN")

    employer = models.OneToOneField(
        Employer,
        on_delete=models.PROTECT,
        related_name="organisation",
        verbose_name=_("đơn vị tham gia BHXH"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    transaction_method = models.CharField(
        _("phương thức đăng ký giao dịch"), max_length=6, choices=Method.choices
    )
    ivan_provider = models.CharField(_("tên tổ chức I-VAN"), max_length=160, blank=True)
    representative_name = models.CharField(_("người đại diện theo pháp luật"), max_length=120)
    representative_title = models.CharField(_("chức vụ"), max_length=80, blank=True)
    representative_citizen_id = models.CharField(
        _("số CCCD/CMND/hộ chiếu của người đại diện"), max_length=12, blank=True
    )
    # Where the agency writes to the organisation (approval, security notices).
    contact_name = models.CharField(_("người liên hệ"), max_length=120, blank=True)
    contact_phone = models.CharField(_("điện thoại di động liên hệ"), max_length=10)
    contact_email = models.EmailField(_("địa chỉ thư điện tử liên hệ"))
    certificate_serial = models.CharField(_("số chứng thư số"), max_length=64, blank=True)
    certificate_issuer = models.CharField(
        _("tên tổ chức chứng thực chữ ký số"), max_length=120, blank=True
    )
    certificate_valid_to = models.DateField(
        _("chứng thư số có hiệu lực đến"), null=True, blank=True
    )
    dossier = models.OneToOneField(
        Dossier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        verbose_name=_("hồ sơ đăng ký"),
    )
    registered_at = models.DateTimeField(_("đăng ký giao dịch điện tử từ"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ duyệt"),
    )

    class Meta:
        ordering = ["employer__code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(transaction_method="ivan") | ~Q(ivan_provider=""),
                name="organisation_ivan_named",
            )
        ]
        verbose_name = _("tổ chức giao dịch điện tử")
        verbose_name_plural = _("tổ chức giao dịch điện tử")

    def __str__(self):
        return f"{self.employer.code} – {self.employer.name}"

    @property
    def code(self) -> str:
        return self.employer.code

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class OrganisationMember(models.Model):
    """A user of an organisation: its administrator(s) and HR officers. The User row holds
    the password, devices and tokens (accounts); this row the organisation and the role.
    Its username is ``<mã đơn vị>.<login>``, never typed by anyone: the login page asks for
    the unit code and the login name apart."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Quản trị của đơn vị")
        HR = "hr", _("Cán bộ nhân sự")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="org_membership",
        verbose_name=_("tài khoản"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("tổ chức"),
    )
    role = models.CharField(_("vai trò"), max_length=5, choices=Role.choices)
    login = models.CharField(_("tên đăng nhập"), max_length=30)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    # The member's own contact, kept here rather than on User: accounts allows one account
    # per phone and per email, and an HR officer's phone is often their citizen account's.
    phone = models.CharField(_("số điện thoại"), max_length=10, blank=True)
    email = models.EmailField(_("email"))
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # The device that passed the second factor (TOTP) at sign-in: the organisation's pages
    # and API answer only on it. One device at a time, like citizens.
    verified_device = models.ForeignKey(
        "accounts.Device",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thiết bị đã xác thực hai bước"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )

    class Meta:
        ordering = ["organisation_id", "login"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "login"], name="org_member_login")
        ]
        indexes = [models.Index(fields=["organisation", "role", "is_active"])]
        verbose_name = _("người dùng của tổ chức")
        verbose_name_plural = _("người dùng của tổ chức")

    def __str__(self):
        return f"{self.login} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


# --- The HR desk (h14b): employees' declarations collected and sent in batches ---------


class DeclarationBatch(models.Model):
    """One batch of declarations (form 01) the organisation sends to its agency: a
    spreadsheet HR uploaded, or employees' own declarations HR confirmed ("ký xác nhận")
    and forwarded. One batch number; each row is one registration dossier."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Đơn vị kê khai theo bảng tính")
        FORWARDED = "forwarded", _("Tờ khai của người lao động, đơn vị xác nhận")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="batches", verbose_name=_("tổ chức")
    )
    number = models.CharField(_("số lô"), max_length=40, unique=True)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    agency = models.ForeignKey(
        "places.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan BHXH tiếp nhận"),
    )
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    row_count = models.PositiveIntegerField(_("số dòng"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người gửi"),
    )
    submitted_at = models.DateTimeField(_("gửi lúc"))

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-submitted_at"])]
        verbose_name = _("lô tờ khai")
        verbose_name_plural = _("lô tờ khai")

    def __str__(self):
        return self.number


class Declaration(models.Model):
    """An employee's declaration as the organisation handles it: the dossier is the
    agency's (dossiers app); this row says which organisation, which batch and row, and
    where HR stands with it. Nothing is added to the dossier itself."""

    class HrStatus(models.TextChoices):
        PENDING = "pending", _("Chờ đơn vị xác nhận")
        FORWARDED = "forwarded", _("Đơn vị đã xác nhận, chuyển cơ quan BHXH")
        # HR sent it back to the employee (wrong data): the dossier is decided (rejected,
        # with HR's reason) and never reaches the agency.
        RETURNED = "returned", _("Đơn vị đã trả lại người lao động")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("tổ chức"),
    )
    batch = models.ForeignKey(
        DeclarationBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declarations",
        verbose_name=_("lô"),
    )
    row = models.PositiveIntegerField(_("dòng"), null=True, blank=True)
    dossier = models.OneToOneField(
        Dossier,
        on_delete=models.CASCADE,
        related_name="org_declaration",
        verbose_name=_("hồ sơ"),
    )
    hr_status = models.CharField(
        _("trạng thái tại đơn vị"), max_length=10, choices=HrStatus.choices
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xác nhận"),
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["batch_id", "row", "pk"]
        indexes = [
            # The HR queue: the organisation's declarations waiting, oldest first.
            models.Index(fields=["organisation", "hr_status", "created_at"]),
            # A batch's rows in order (tracking, the PDF).
            models.Index(fields=["batch", "row"]),
        ]
        verbose_name = _("tờ khai qua đơn vị")
        verbose_name_plural = _("tờ khai qua đơn vị")

    def __str__(self):
        return f"{self.batch_id or '-'}:{self.row or self.pk}"
