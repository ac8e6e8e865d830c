from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "openvss.dossiers"
    verbose_name = _("Hồ sơ")

    def ready(self):
        from . import kinds  # noqa: F401 - every kind registers with the engine
