"""A person's records: identity, BHYT cards, participation, benefits and medical visits.

Every change keeps its history (who, when, old → new) through django-simple-history. The
large tables are keyed and indexed by person first, so they can be partitioned or
distributed by person (DESIGN.md, scaling).
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openvss.places.models import Agency, Commune, Employer, MedicalFacility


class Sex(models.IntegerChoices):
    # The card and its QR code sex as 1/2.
    MALE = 1, _("Nam")
    FEMALE = 2, _("Nữ")


class Person(models.Model):
    """A participant (người tham gia), identified for life by the mã số BHXH."""

    bhxh_code = models.CharField(_("mã số BHXH"), max_length=10, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    birth_date = models.DateField(_("ngày sinh"))
    # Some records only know the year (the QR then prints "yyyy").
    birth_year_only = models.BooleanField(_("chỉ có năm sinh"), default=False)
    sex = models.PositiveSmallIntegerField(_("giới tính"), choices=Sex.choices)
    citizen_id = models.CharField(
        _("số CCCD/định danh"), max_length=12, unique=True, null=True, blank=True
    )
    old_id_number = models.CharField(_("số CMND cũ"), max_length=12, blank=True)
    passport_number = models.CharField(_("số hộ chiếu"), max_length=20, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=10, blank=True)
    email = models.EmailField(_("email"), blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("xã, phường"),
    )
    address_line = models.CharField(_("số nhà, đường, tổ/thôn"), max_length=255, blank=True)
    guardian = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wards",
        verbose_name=_("cha, mẹ hoặc người giám hộ"),
    )
    is_deceased = models.BooleanField(_("đã mất"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(bhxh_code__regex=r"^[0-9]{10}$"), name="bhxh_code_10_digits"
            ),
            models.CheckConstraint(
                condition=Q(citizen_id__isnull=True) | Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="citizen_id_12_digits",
            ),
            models.CheckConstraint(condition=Q(sex__in=[1, 2]), name="person_sex_1_or_2"),
        ]
        indexes = [models.Index(fields=["phone"]), models.Index(fields=["email"])]
        # Officers read people of their own agency's province; this widens it to everyone.
        permissions = [("view_all_people", _("Xem dữ liệu người tham gia mọi tỉnh"))]
        verbose_name = _("người tham gia")
        verbose_name_plural = _("người tham gia")

    def __str__(self):
        return f"{self.full_name} ({self.bhxh_code})"


class HealthCard(models.Model):
    """A BHYT card. The 10-digit number is the mã số BHXH; the 15-character code adds the
    group, the benefit level and the issuing province (DOMAIN.md §1)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang sử dụng")
        REPLACED = "replaced", _("Đã cấp thẻ mới")
        REVOKED = "revoked", _("Đã thu hồi")
        SUSPENDED = "suspended", _("Báo giảm, tạm dừng")

    class AreaCode(models.TextChoices):
        NONE = "", _("Không")
        K1 = "K1", "K1"
        K2 = "K2", "K2"
        K3 = "K3", "K3"

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        db_index=False,  # served by the (person, valid_from) index below
        related_name="cards",
        verbose_name=_("người tham gia"),
    )
    number = models.CharField(_("mã số"), max_length=10)
    code = models.CharField(_("mã thẻ"), max_length=15)
    group_code = models.CharField(_("mã đối tượng"), max_length=2)
    benefit_level = models.PositiveSmallIntegerField(_("mức hưởng"))
    province_code = models.CharField(_("mã tỉnh cấp thẻ"), max_length=2)
    registered_facility = models.ForeignKey(
        MedicalFacility,
        on_delete=models.PROTECT,
        related_name="registered_cards",
        verbose_name=_("nơi đăng ký KCB ban đầu"),
    )
    valid_from = models.DateField(_("giá trị sử dụng từ"))
    valid_to = models.DateField(_("giá trị sử dụng đến"), null=True, blank=True)
    five_year_date = models.DateField(_("thời điểm đủ 05 năm liên tục"), null=True, blank=True)
    area_code = models.CharField(
        _("nơi sinh sống"), max_length=2, choices=AreaCode.choices, blank=True, default=""
    )
    issued_on = models.DateField(_("ngày cấp"))
    issuing_place = models.CharField(_("nơi cấp, đổi thẻ"), max_length=255, blank=True)
    management_code = models.CharField(_("mã quản lý"), max_length=14, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    class StopReason(models.TextChoices):
        # Why a card was reported as stopped (báo giảm): the portal answers 121–124 for these
        # and 120 when no reason is recorded (DOMAIN.md, card-check result codes).
        NONE = "", _("Không rõ")
        MOVED_OUT = "moved_out", _("Chuyển ngoại tỉnh")
        MOVED_WITHIN = "moved_within", _("Chuyển nội tỉnh")
        REENROLLED = "reenrolled", _("Tăng lại cùng đơn vị")
        STOPPED = "stopped", _("Ngừng tham gia")

    stop_reason = models.CharField(
        _("lý do báo giảm"),
        max_length=12,
        choices=StopReason.choices,
        blank=True,
        default="",
        db_default="",  # bulk loads (demo_country) that name no value get the empty reason
    )
    # Cấp lại, đổi thẻ: the new card names the card it replaced. The old card keeps its row
    # and its history with status "replaced"; ``old.replaced_by`` is its successor.
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("cấp thay cho thẻ"),
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(benefit_level__gte=1, benefit_level__lte=5), name="card_level_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="card_validity_order",
            ),
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{10}$"), name="card_number_10_digits"
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}[0-9A-Z]{13}$"), name="card_code_15_chars"
            ),
            # At most one card in use per person; replaced and revoked cards stay as history.
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="one_active_card_per_person"
            ),
        ]
        indexes = [
            models.Index(fields=["number"]),
            models.Index(fields=["code"]),
            models.Index(fields=["person", "valid_from"]),
        ]
        verbose_name = _("thẻ BHYT")
        verbose_name_plural = _("thẻ BHYT")

    def __str__(self):
        return self.code


class Scheme(models.TextChoices):
    BHXH = "BHXH", _("Bảo hiểm xã hội")
    BHTN = "BHTN", _("Bảo hiểm thất nghiệp")
    BHTNLD_BNN = "BHTNLD", _("Bảo hiểm tai nạn lao động, bệnh nghề nghiệp")
    BHYT = "BHYT", _("Bảo hiểm y tế")


class ParticipationPeriod(models.Model):
    """One row of the participation history (quá trình tham gia) for one scheme."""

    class Payment(models.TextChoices):
        PAID = "paid", _("Đã đóng")
        OWED = "owed", _("Đơn vị chưa đóng")

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        db_index=False,  # served by the (person, scheme, from_month) index below
        related_name="periods",
        verbose_name=_("người tham gia"),
    )
    scheme = models.CharField(_("loại bảo hiểm"), max_length=6, choices=Scheme.choices)
    # First day of the month; the history shows "mm/yyyy".
    from_month = models.DateField(_("từ tháng"))
    to_month = models.DateField(_("đến tháng"))
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="periods",
        verbose_name=_("đơn vị"),
    )
    occupation = models.CharField(_("nghề nghiệp, chức vụ"), max_length=160, blank=True)
    workplace = models.CharField(_("nơi làm việc"), max_length=255, blank=True)
    wage = models.DecimalField(_("tiền lương đóng"), max_digits=14, decimal_places=2)
    wage_coefficient = models.DecimalField(
        _("hệ số lương"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("loại tiền"), max_length=3, default="VND")
    payment = models.CharField(
        _("tình trạng đóng"), max_length=4, choices=Payment.choices, default=Payment.PAID
    )
    voluntary = models.BooleanField(_("tự nguyện"), default=False)
    # The State's support for these voluntary months as it was deducted when they were paid
    # (an order paid through the app; 0 for months paid once for the missing years, which get
    # none, Law 41/2024 Art. 36 cl. 2(e)). Null: not known (imported history, compulsory
    # months), and BHXH một lần then estimates it. Nullable without a default, so adding it
    # is a catalog-only change on PostgreSQL.
    state_support = models.DecimalField(
        _("số tiền Nhà nước hỗ trợ đóng"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(to_month__gte=F("from_month")), name="period_order"),
            models.CheckConstraint(condition=Q(wage__gte=0), name="period_wage_not_negative"),
        ]
        indexes = [
            models.Index(fields=["person", "scheme", "from_month"]),
            # The daily arrears job reads only the owed rows (a few % of 15 M): a partial index.
            models.Index(
                fields=["person", "employer", "from_month"],
                condition=Q(payment="owed"),
                name="period_owed",
            ),
        ]
        verbose_name = _("quá trình tham gia")
        verbose_name_plural = _("quá trình tham gia")

    def __str__(self):
        return f"{self.scheme} {self.from_month:%m/%Y}–{self.to_month:%m/%Y}"


class BenefitPayment(models.Model):
    """A benefit paid to the person (thông tin hưởng)."""

    class Regime(models.TextChoices):
        ONE_TIME = "one_time", _("BHXH một lần")
        SICKNESS = "sickness", _("Ốm đau")
        MATERNITY = "maternity", _("Thai sản")
        CONVALESCENCE = "convalescence", _("Dưỡng sức phục hồi sức khỏe")
        PENSION = "pension", _("Lương hưu hằng tháng")
        MONTHLY_ALLOWANCE = "monthly", _("Trợ cấp BHXH hằng tháng")
        WORK_ACCIDENT = "work_accident", _("Tai nạn lao động, bệnh nghề nghiệp")
        UNEMPLOYMENT = "unemployment", _("Trợ cấp thất nghiệp")
        SURVIVOR = "survivor", _("Tử tuất")

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        db_index=False,  # served by the (person, period_from) index below
        related_name="benefits",
        verbose_name=_("người hưởng"),
    )
    regime = models.CharField(_("chế độ"), max_length=16, choices=Regime.choices)
    period_from = models.DateField(_("từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    amount = models.DecimalField(_("số tiền"), max_digits=14, decimal_places=0)
    paid_on = models.DateField(_("ngày chi trả"), null=True, blank=True)
    paying_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan chi trả"),
    )
    decision_number = models.CharField(_("số quyết định"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")), name="benefit_order"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="benefit_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["person", "period_from"])]
        verbose_name = _("chế độ đã hưởng")
        verbose_name_plural = _("chế độ đã hưởng")

    def __str__(self):
        return f"{self.get_regime_display()} {self.period_from:%d/%m/%Y}"


class MedicalVisit(models.Model):
    """A BHYT-paid visit (lượt khám chữa bệnh) in the person's medical-visit book."""

    class Dispute(models.TextChoices):
        OPEN = "open", _("Đã phản ánh, đang xác minh")
        UPHELD = "upheld", _("Đã phản ánh: phản ánh đúng")
        DISMISSED = "dismissed", _("Đã phản ánh: không có cơ sở")

    class Kind(models.TextChoices):
        OUTPATIENT = "outpatient", _("Ngoại trú")
        INPATIENT = "inpatient", _("Nội trú")
        DAY = "day", _("Điều trị ban ngày")

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        db_index=False,  # the (person, admitted_on) index below serves every read by person
        related_name="visits",
        verbose_name=_("người bệnh"),
    )
    card = models.ForeignKey(
        HealthCard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("thẻ BHYT"),
    )
    facility = models.ForeignKey(
        MedicalFacility,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("cơ sở KCB"),
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices)
    admitted_on = models.DateField(_("ngày vào"))
    discharged_on = models.DateField(_("ngày ra"))
    icd10 = models.CharField(_("mã bệnh ICD-10"), max_length=8)
    diagnosis = models.CharField(_("chẩn đoán"), max_length=255)
    total_cost = models.DecimalField(_("tổng chi phí"), max_digits=14, decimal_places=0)
    fund_paid = models.DecimalField(_("quỹ BHYT chi trả"), max_digits=14, decimal_places=0)
    patient_paid = models.DecimalField(_("người bệnh chi trả"), max_digits=14, decimal_places=0)
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    # "Đã phản ánh": the person said the visit was not theirs (a visit dispute dossier sets
    # these; the outcome is what the agency concluded, shown to the person).
    dispute = models.CharField(
        _("phản ánh"), max_length=10, choices=Dispute.choices, blank=True, db_default=""
    )
    # Defaults in the database too: visits are also written by bulk SQL (loaders, clinics).
    dispute_outcome = models.TextField(_("kết quả xử lý phản ánh"), blank=True, db_default="")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_on__gte=F("admitted_on")), name="visit_order"
            ),
            models.CheckConstraint(
                condition=Q(fund_paid__gte=0, patient_paid__gte=0)
                & Q(total_cost__gte=F("fund_paid") + F("patient_paid")),
                name="visit_costs_add_up",
            ),
            models.CheckConstraint(
                condition=Q(icd10__regex=r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$"),
                name="visit_icd10_format",
            ),
        ]
        indexes = [models.Index(fields=["person", "admitted_on"])]
        verbose_name = _("lượt khám chữa bệnh")
        verbose_name_plural = _("lượt khám chữa bệnh")

    def __str__(self):
        return f"{self.facility_id} {self.admitted_on:%d/%m/%Y} {self.icd10}"


class ArrearsNotice(models.Model):
    """A notice sent because an employer has not paid a person's months (issue 12, item 8):
    one per person, employer and owed period, whose first owed month is ``period_from``.
    The daily job (``openvss notify_arrears``) inserts these in bulk and sends a notice only
    for the rows it inserted, so a re-run sends nothing and a new owed period sends one."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("người tham gia")
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị")
    )
    period_from = models.DateField(_("nợ từ tháng"))
    period_to = models.DateField(_("nợ đến tháng (khi báo)"))
    notified_at = models.DateTimeField(_("báo lúc"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "employer", "period_from"], name="one_arrears_notice_per_period"
            )
        ]
        verbose_name = _("thông báo đơn vị chưa đóng")
        verbose_name_plural = _("thông báo đơn vị chưa đóng")

    def __str__(self):
        return f"{self.person_id}/{self.employer_id} {self.period_from:%m/%Y}"
