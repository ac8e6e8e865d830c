"""Where things are: provinces and communes, BHXH agencies, medical facilities, employers,
collection points. All are searchable without diacritics through ``name_folded``."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openvss.core.fields import SearchableNameMixin


class Province(SearchableNameMixin):
    """One of the 34 provinces after Resolution 202/2025/QH15 (NSO code)."""

    code = models.CharField(_("mã tỉnh"), max_length=2, primary_key=True)
    division_type = models.CharField(_("loại đơn vị"), max_length=40)
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")

    def __str__(self):
        return self.name


class LegacyProvince(SearchableNameMixin):
    """One of the 63 provinces before 1/7/2025; their codes stay in card and CCCD numbers."""

    code = models.CharField(_("mã tỉnh cũ"), max_length=2, primary_key=True)
    merged_into = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="legacy_provinces",
        verbose_name=_("nhập vào tỉnh"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("tỉnh cũ (trước 1/7/2025)")
        verbose_name_plural = _("tỉnh cũ (trước 1/7/2025)")

    def __str__(self):
        return f"{self.code} {self.name}"


class Commune(SearchableNameMixin):
    """A commune-level unit (xã, phường, đặc khu) of the two-tier system."""

    code = models.CharField(_("mã xã"), max_length=5, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("tỉnh")
    )
    division_type = models.CharField(_("loại đơn vị"), max_length=20)

    class Meta:
        ordering = ["province_id", "name_folded"]
        indexes = [models.Index(fields=["province", "name_folded"])]
        verbose_name = _("xã, phường")
        verbose_name_plural = _("xã, phường")

    def __str__(self):
        return self.name


class Agency(SearchableNameMixin):
    """A BHXH agency that receives dossiers and serves citizens."""

    class Level(models.TextChoices):
        CENTRAL = "central", _("Trung ương")
        PROVINCIAL = "provincial", _("Tỉnh, thành phố / khu vực")
        LOCAL = "local", _("Cơ sở")

    code = models.CharField(_("mã cơ quan"), max_length=10, unique=True)
    level = models.CharField(_("cấp"), max_length=12, choices=Level.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("tỉnh")
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("xã, phường"),
    )
    address = models.CharField(_("địa chỉ"), max_length=255)
    phone = models.CharField(_("số điện thoại"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accepts_dossiers = models.BooleanField(_("tiếp nhận hồ sơ"), default=True)
    working_hours = models.CharField(
        _("giờ làm việc"),
        max_length=160,
        default="Thứ Hai – Thứ Sáu: 7h30 – 11h30, 13h30 – 17h00",
    )

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["province", "level"])]
        verbose_name = _("cơ quan BHXH")
        verbose_name_plural = _("cơ quan BHXH")

    def __str__(self):
        return self.name


class MedicalFacility(SearchableNameMixin):
    """A medical facility (cơ sở KCB) with its 5-character code (MA_CSKCB)."""

    class Level(models.TextChoices):
        # Since 1/1/2025 facilities have levels, no longer "tuyến" (DOMAIN.md §5).
        PRIMARY = "primary", _("Khám bệnh, chữa bệnh ban đầu")
        BASIC = "basic", _("Khám bệnh, chữa bệnh cơ bản")
        SPECIALISED = "specialised", _("Khám bệnh, chữa bệnh chuyên sâu")

    code = models.CharField(_("mã cơ sở KCB"), max_length=5, unique=True)
    level = models.CharField(_("cấp chuyên môn"), max_length=12, choices=Level.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("tỉnh")
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("xã, phường"),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=32, blank=True)
    bhyt_contracted = models.BooleanField(_("ký hợp đồng KCB BHYT"), default=True)
    issues_sick_leave = models.BooleanField(_("cấp giấy nghỉ việc hưởng BHXH"), default=False)
    accepts_initial_registration = models.BooleanField(_("nhận đăng ký KCB ban đầu"), default=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        indexes = [
            models.Index(fields=["province", "level"]),
            models.Index(fields=["bhyt_contracted", "province"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="facility_validity_order",
            )
        ]
        verbose_name = _("cơ sở khám chữa bệnh")
        verbose_name_plural = _("cơ sở khám chữa bệnh")

    def __str__(self):
        return f"{self.code} – {self.name}"


class Employer(SearchableNameMixin):
    """An employer (đơn vị tham gia BHXH) with its unit code (mã đơn vị)."""

    code = models.CharField(_("mã đơn vị"), max_length=10, unique=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True, db_index=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="employers", verbose_name=_("tỉnh")
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employers",
        verbose_name=_("cơ quan BHXH quản lý"),
    )
    sector = models.CharField(_("loại hình"), max_length=60, blank=True)
    is_active = models.BooleanField(_("đang tham gia"), default=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["province", "name_folded"])]
        verbose_name = _("đơn vị tham gia BHXH")
        verbose_name_plural = _("đơn vị tham gia BHXH")

    def __str__(self):
        return self.name


class CollectionPoint(SearchableNameMixin):
    """A collection point or agent (điểm thu, đại lý thu) for voluntary BHXH and household BHYT."""

    code = models.CharField(_("mã điểm thu"), max_length=12, unique=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="collection_points",
        verbose_name=_("xã, phường"),
    )
    address = models.CharField(_("địa chỉ"), max_length=255)
    phone = models.CharField(_("số điện thoại"), max_length=32, blank=True)
    operator = models.CharField(_("tổ chức dịch vụ thu"), max_length=120, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("điểm thu, đại lý thu")
        verbose_name_plural = _("điểm thu, đại lý thu")

    def __str__(self):
        return self.name
