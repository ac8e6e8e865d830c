from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "openvss.audit"
    verbose_name = "Nhật ký truy cập dữ liệu"
