from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "openvss.audit"
    verbose_name = _("Nhật ký truy cập dữ liệu")

    def ready(self):
        from openvss.core import partitions

        from .models import AccessLog

        partitions.register(AccessLog, "at")  # monthly partitions on PostgreSQL
