"""Orders for household BHYT and voluntary BHXH, what the gateway told us about them, and
the differences the daily reconciliation finds.

An order is written before the buyer is sent to the gateway; only a verified IPN marks it
paid (services.ipn_handle). Amounts are integer đồng.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Order(models.Model):
    class Kind(models.TextChoices):
        HOUSEHOLD_BHYT = "household_bhyt", _("BHYT hộ gia đình")
        VOLUNTARY_BHXH = "voluntary_bhxh", _("BHXH tự nguyện")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        FAILED = "failed", _("Không thành công")
        EXPIRED = "expired", _("Hết hạn")

    reference = models.CharField(_("mã giao dịch"), max_length=34, unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    payer = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("người nộp"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    currency = models.CharField(_("loại tiền"), max_length=3, default="VND")
    months = models.PositiveSmallIntegerField(_("số tháng"))
    # What the amount was computed from, and its worked breakdown, as shown to the payer.
    details = models.JSONField(_("chi tiết"), default=dict)
    breakdown = models.JSONField(_("cách tính"), default=dict)
    gateway = models.CharField(_("cổng thanh toán"), max_length=20, default="vnpay")
    idempotency_key = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    gateway_transaction_no = models.CharField(_("mã giao dịch tại cổng"), max_length=40, blank=True)
    gateway_response_code = models.CharField(_("mã phản hồi"), max_length=4, blank=True)
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    receipt_number = models.CharField(_("số biên lai"), max_length=30, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="order_amount_positive"),
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="order_idempotency_key_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["payer", "-created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")

    def __str__(self):
        return f"{self.reference} ({self.get_status_display()})"


class OrderLine(models.Model):
    """One insured person of an order: who, the amount, and the cover it bought once paid."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tham gia"),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    cover_from = models.DateField(_("từ ngày"), null=True, blank=True)
    cover_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["order", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "position"], name="order_line_position_unique"
            ),
            models.UniqueConstraint(fields=["order", "person"], name="order_line_person_unique"),
        ]
        verbose_name = _("người trong giao dịch")
        verbose_name_plural = _("người trong giao dịch")

    def __str__(self):
        return f"{self.order_id}/{self.position}"


class GatewayEvent(models.Model):
    """Every call from or to the gateway (IPN, return, querydr) and what we answered."""

    class Kind(models.TextChoices):
        IPN = "ipn", "IPN"
        RETURN = "return", _("Trở về từ cổng")
        QUERY = "querydr", _("Tra cứu giao dịch")

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    payload = models.JSONField(default=dict)
    answer = models.CharField(max_length=120, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("nhật ký cổng thanh toán")
        verbose_name_plural = _("nhật ký cổng thanh toán")

    def __str__(self):
        return f"{self.kind} {self.answer}"


class Discrepancy(models.Model):
    """A difference the daily reconciliation found between an order and the gateway."""

    class Kind(models.TextChoices):
        PAID_NOT_RECORDED = "paid_not_recorded", _("Cổng báo đã thanh toán, hệ thống chưa ghi nhận")
        RECORDED_NOT_PAID = (
            "recorded_not_paid",
            _("Hệ thống ghi đã thanh toán, cổng không xác nhận"),
        )
        AMOUNT_MISMATCH = "amount_mismatch", _("Số tiền không khớp")
        UNKNOWN_AT_GATEWAY = "unknown_at_gateway", _("Cổng không tìm thấy giao dịch đã ghi nhận")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="discrepancies")
    kind = models.CharField(_("loại chênh lệch"), max_length=20, choices=Kind.choices)
    detail = models.CharField(_("chi tiết"), max_length=255)
    business_day = models.DateField(_("ngày đối soát"))
    found_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(_("đã xử lý"), default=False)

    class Meta:
        ordering = ["-found_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "kind", "business_day"], name="discrepancy_once_a_day"
            )
        ]
        verbose_name = _("chênh lệch đối soát")
        verbose_name_plural = _("chênh lệch đối soát")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.business_day:%d/%m/%Y})"


class SandboxTransaction(models.Model):
    """The sandbox gateway's own ledger (only used when PAYMENTS_SANDBOX is on), so that
    querydr answers from what the "bank" did, not from our orders."""

    tmn_code = models.CharField(max_length=20)
    txn_ref = models.CharField(max_length=100)
    transaction_no = models.CharField(max_length=20, unique=True)
    amount = models.BigIntegerField()  # ×100, as on the wire
    order_info = models.CharField(max_length=255)
    response_code = models.CharField(max_length=4)
    transaction_status = models.CharField(max_length=4)
    bank_code = models.CharField(max_length=20, default="NCB")
    pay_date = models.CharField(max_length=14)
    ipn_url = models.CharField(max_length=500, blank=True)
    ipn_answers = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["tmn_code", "txn_ref"])]

    def __str__(self):
        return f"{self.txn_ref} {self.response_code}"
