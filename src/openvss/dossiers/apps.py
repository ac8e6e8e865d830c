from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "openvss.dossiers"
    verbose_name = "Hồ sơ"
