"""One dossier workflow for every request an officer decides (dossiers/engine.py), whatever
its kind (one module per kind in dossiers/kinds/).

    awaiting_otp → received → in_review ⇄ facility_asked → approved | rejected
                           ↘ expired (registration/child account not completed in 10 days)
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from openvss.people.models import Person
from openvss.places.models import Agency


def applicant_language() -> str:
    """The language of the request that creates a dossier: its notices are written in it."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


_OPEN_REGISTRATION = Q(kind="registration", status__in=["received", "in_review", "facility_asked"])


class Dossier(models.Model):
    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Đăng ký giao dịch điện tử")
        CHILD_ACCOUNT = "child_account", _("Đăng ký tài khoản cho con")
        CARD_REISSUE = "card_reissue", _("Cấp lại thẻ BHYT")
        INFO_CHANGE = "info_change", _("Điều chỉnh thông tin cá nhân")
        VISIT_DISPUTE = "visit_dispute", _("Phản ánh lượt KCB không sử dụng")
        ADJUSTMENT = "form01_adjust", _("Điều chỉnh thông tin giao dịch điện tử")
        STOP = "form01_stop", _("Ngừng sử dụng giao dịch điện tử")
        # Written by the cards' kinds (h12c); named here so that one migration adds them.
        CARD_CORRECTION = "card_correction", _("Điều chỉnh thông tin trên thẻ BHYT")
        FACILITY_CHANGE = "facility_change", _("Đổi nơi đăng ký KCB ban đầu")
        # An employer's registration for e-transactions (organisations app; max 16 chars).
        ORG_REGISTRATION = "org_registration", _("Đăng ký giao dịch điện tử của đơn vị")

    class Status(models.TextChoices):
        AWAITING_OTP = "awaiting_otp", _("Chờ xác thực OTP")
        RECEIVED = "received", _("Đã tiếp nhận")
        IN_REVIEW = "in_review", _("Đang xử lý")
        FACILITY_ASKED = "facility_asked", _("Chờ cơ sở KCB trả lời")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Từ chối")
        EXPIRED = "expired", _("Hết hạn, đã xóa")

    # Statuses an officer still has to act on (the engine's transitions table is the rule).
    OPEN_STATUSES = (Status.RECEIVED, Status.IN_REVIEW, Status.FACILITY_ASKED)

    kind = models.CharField(_("loại hồ sơ"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=14, choices=Status.choices, default=Status.AWAITING_OTP
    )
    number = models.CharField(_("số hồ sơ"), max_length=32, unique=True, null=True, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("cơ quan BHXH tiếp nhận"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="dossiers",
        null=True,
        blank=True,
        verbose_name=_("người tham gia"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("người nộp (tài khoản)"),
    )
    # What the applicant declared, as entered (NFC), e.g. the fields of form 01.
    data = models.JSONField(_("nội dung kê khai"), default=dict)
    # The declared name, folded, so that officers find a dossier by name without diacritics.
    name_folded = models.CharField(max_length=120, blank=True, db_index=True, editable=False)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=10, blank=True)
    contact_email = models.EmailField(_("email liên hệ"), blank=True)
    # The anonymous applicant proves it is theirs with a key given at submission (hashed).
    access_key_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ quyết định"),
    )
    decision_note = models.TextField(_("lý do từ chối / ghi chú"), blank=True)
    language = models.CharField(
        _("ngôn ngữ của người nộp"), max_length=8, default=applicant_language, editable=False
    )

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["agency", "status", "submitted_at"]),
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["person", "kind", "status"]),
            # One mobile number and one email per BHXH code across open registrations: the
            # check at each form 01 and each row of HR's upload (bench/README.md). Partial,
            # so they hold only the dossiers still open.
            models.Index(
                fields=["contact_phone"], condition=_OPEN_REGISTRATION, name="open_reg_phone"
            ),
            models.Index(
                fields=["contact_email"], condition=_OPEN_REGISTRATION, name="open_reg_email"
            ),
            models.Index(
                Upper("contact_email"), condition=_OPEN_REGISTRATION, name="open_reg_email_upper"
            ),
        ]
        constraints = [
            # One open dossier of a kind per person: no duplicate registrations in the queue.
            # Visit disputes are one per visit instead (a citizen may dispute several).
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(status__in=["received", "in_review", "facility_asked"])
                & ~Q(kind="visit_dispute"),
                name="one_open_dossier_per_person_and_kind",
            )
        ]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")

    def __str__(self):
        return self.number or f"#{self.pk}"

    @property
    def full_name(self) -> str:
        return self.data.get("full_name", "")


class DossierFile(models.Model):
    """A photo attached to a dossier, stored outside the web root and served only to the
    applicant and officers."""

    class Kind(models.TextChoices):
        PORTRAIT = "portrait", _("Ảnh chân dung 4x6")
        ID_FRONT = "id_front", _("Ảnh CCCD/CMND/Hộ chiếu mặt trước")
        ID_BACK = "id_back", _("Ảnh CCCD/CMND/Hộ chiếu mặt sau")
        BIRTH_CERTIFICATE = "birth_cert", _("Ảnh giấy khai sinh")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("loại ảnh"), max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to="dossiers/%Y/%m/", max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "kind"], name="one_file_per_kind")
        ]
        verbose_name = _("ảnh hồ sơ")
        verbose_name_plural = _("ảnh hồ sơ")

    def __str__(self):
        return f"{self.dossier_id}:{self.kind}"


class DossierEvent(models.Model):
    """The dossier's history: every change of status, who made it and why."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="events", verbose_name=_("hồ sơ")
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    # The choices give the admin and __str__ the statuses' labels, not their keys.
    from_status = models.CharField(
        _("từ trạng thái"), max_length=14, blank=True, choices=Dossier.Status.choices
    )
    to_status = models.CharField(
        _("sang trạng thái"), max_length=14, choices=Dossier.Status.choices
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("lịch sử hồ sơ")
        verbose_name_plural = _("lịch sử hồ sơ")

    def __str__(self):
        if not self.from_status:
            return str(self.get_to_status_display())
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class DossierCounter(models.Model):
    """Per-agency, per-year sequence for dossier numbers (locked row, no gaps from races)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="counter_agency_year")
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.year}: {self.last}"
