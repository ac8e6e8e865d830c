from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "openvss.organisations"
    verbose_name = _("Đơn vị sử dụng lao động")

    def ready(self):
        # The organisation's registration is a dossier kind: dossiers offers the hooks
        # (numbering prefix, what approval does), this app fills them (DESIGN.md: a lower
        # layer never imports upwards). At merge with the dossier engine this becomes one
        # engine.register(DossierKind(...)) call (see organisations/services.py).
        from . import services

        services.dossier_kind_register()
        # An employee's form 01 naming the organisation waits in its HR queue (h14b).
        from . import hr_services

        hr_services.hold_register()
