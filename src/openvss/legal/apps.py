from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "openvss.legal"
    verbose_name = _("Quy định và tham số pháp lý")
