from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstimatesConfig(AppConfig):
    name = "openvss.estimates"
    verbose_name = _("Ước tính chế độ")
