from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "openvss.people"
    verbose_name = _("Người tham gia và hồ sơ BHXH, BHYT")

    def ready(self):
        # SMS "BH QT <mã số BHXH>" (people/sms.py), on messaging's SMS command registry once
        # that is merged (h12l); until then accounts/recovery.py dispatches it.
        try:
            from openvss.messaging.sms import sms_command_register
        except ImportError:
            return
        from .sms import participation_summary_sms

        sms_command_register("QT", participation_summary_sms)
