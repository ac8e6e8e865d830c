from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicsConfig(AppConfig):
    name = "openvss.clinics"
    verbose_name = _("Cơ sở khám chữa bệnh")
