"""Legal figures as dated data: beneficiary groups with their benefit levels, and parameters
such as the base salary. Nothing here is a constant in code (DESIGN.md, rules of the house)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class BenefitLevel(models.Model):
    """Mức hưởng 1–5 printed as character 3 of the legacy card code."""

    level = models.PositiveSmallIntegerField(_("mức hưởng"), primary_key=True)
    fund_percent = models.PositiveSmallIntegerField(_("quỹ chi trả (%)"))
    description = models.TextField(_("mô tả"))

    class Meta:
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="level_1_to_5"),
            models.CheckConstraint(condition=Q(fund_percent__lte=100), name="percent_max_100"),
        ]
        verbose_name = _("mức hưởng BHYT")
        verbose_name_plural = _("mức hưởng BHYT")

    def __str__(self):
        return f"{self.level} ({self.fund_percent}%)"


class BeneficiaryGroup(models.Model):
    """A beneficiary-group code (mã đối tượng) with its benefit level over a period."""

    class Payer(models.TextChoices):
        EMPLOYMENT = "employment", _("Người lao động và người sử dụng lao động đóng")
        SOCIAL_INSURANCE = "social_insurance", _("Tổ chức BHXH đóng")
        STATE_BUDGET = "state_budget", _("Ngân sách nhà nước đóng")
        SUBSIDISED = "subsidised", _("Ngân sách nhà nước hỗ trợ mức đóng")
        HOUSEHOLD = "household", _("Tham gia theo hộ gia đình")
        OTHER = "other", _("Khác")

    class ManagedBy(models.TextChoices):
        """Who manages the group's cards: a clinic check of a card of the armed forces or the
        police is answered "managed elsewhere" (portal codes 001/002)."""

        VSS = "", _("BHXH Việt Nam")
        DEFENCE = "defence", _("BHXH Bộ Quốc phòng")
        PUBLIC_SECURITY = "public_security", _("BHXH Bộ Công an")

    code = models.CharField(_("mã đối tượng"), max_length=2)
    name = models.CharField(_("đối tượng"), max_length=255)
    payer = models.CharField(_("nhóm đóng"), max_length=20, choices=Payer.choices)
    benefit_level = models.ForeignKey(
        BenefitLevel, on_delete=models.PROTECT, related_name="groups", verbose_name=_("mức hưởng")
    )
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)
    managed_by = models.CharField(
        _("cơ quan quản lý thẻ"), max_length=20, choices=ManagedBy.choices, default="", blank=True
    )

    class Meta:
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="group_code_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="group_validity_order",
            ),
        ]
        verbose_name = _("mã đối tượng BHYT")
        verbose_name_plural = _("mã đối tượng BHYT")

    def __str__(self):
        return f"{self.code} – {self.name}"


class LegalParameter(models.Model):
    """A dated legal figure, e.g. ``base_salary`` = 2,530,000 from 1/7/2026 (Decree 161/2026)."""

    key = models.SlugField(_("khóa"), max_length=60)
    valid_from = models.DateField(_("áp dụng từ"))
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=4)
    unit = models.CharField(_("đơn vị"), max_length=20, blank=True)
    description = models.CharField(_("mô tả"), max_length=255)
    source = models.CharField(_("căn cứ"), max_length=255)

    class Meta:
        ordering = ["key", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="parameter_key_from_unique")
        ]
        verbose_name = _("tham số pháp lý")
        verbose_name_plural = _("tham số pháp lý")

    def __str__(self):
        return _("%(key)s từ %(date)s: %(value)s") % {
            "key": self.key,
            "date": f"{self.valid_from:%d/%m/%Y}",
            "value": self.value,
        }
