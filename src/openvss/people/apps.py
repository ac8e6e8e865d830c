from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "openvss.people"
    verbose_name = _("Người tham gia và hồ sơ BHXH, BHYT")

    def ready(self):
        from openvss.core import partitions

        from .models import MedicalVisit

        partitions.register(MedicalVisit, "admitted_on")  # monthly partitions on PostgreSQL
