from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openvss.core"
    verbose_name = "Hệ thống"
