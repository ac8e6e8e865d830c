from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "openvss.dossiers"
    verbose_name = _("Hồ sơ")

    def ready(self):
        from openvss.messaging.sms import sms_command_register

        from .sms import dossier_status_sms

        sms_command_register("HS", dossier_status_sms)
