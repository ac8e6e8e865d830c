"""Who looked at a person's data: every read by an officer or a facility is recorded here,
and the citizen sees the list ("Ai đã xem dữ liệu của tôi")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    class Action(models.TextChoices):
        CARD_CHECK = "card_check", _("Kiểm tra thẻ BHYT")
        VISIT_RECORD = "visit_record", _("Ghi nhận lượt khám chữa bệnh")
        OFFICER_VIEW = "officer_view", _("Cán bộ BHXH xem hồ sơ")
        ORG_VIEW = "org_view", _("Đơn vị sử dụng lao động xem")

    # No database-level foreign keys to the person or the facility: PostgreSQL checks one by
    # locking the referenced row (FOR KEY SHARE), so every card check would write to a
    # random page of the people table (13.4 instead of 3.9 KiB of WAL per row, measured)
    # and every check of one facility would lock the same facility row. The ids come from
    # the row the same statement just read and from the authenticated key; deleting a
    # person through Django still deletes their log (Django cascades, not the database).
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,  # the (person, -at) index below serves every read by person
        related_name="access_logs",
        verbose_name=_("người tham gia"),
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ"),
    )
    facility = models.ForeignKey(
        "places.MedicalFacility",
        on_delete=models.PROTECT,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ sở KCB"),
    )
    what = models.CharField(_("dữ liệu"), max_length=200)
    why = models.CharField(_("mục đích"), max_length=200, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=40, blank=True)

    class Meta:
        ordering = ["-at"]
        # The citizen's list reads by person, newest first; the table is keyed to be
        # partitioned by person like the other large tables.
        indexes = [models.Index(fields=["person", "-at"])]
        verbose_name = _("lượt truy cập dữ liệu")
        verbose_name_plural = _("nhật ký truy cập dữ liệu")

    def __str__(self):
        return f"{self.person_id} {self.action} {self.at:%d/%m/%Y %H:%M}"
