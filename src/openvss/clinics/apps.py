from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicsConfig(AppConfig):
    name = "openvss.clinics"
    verbose_name = _("Cơ sở khám chữa bệnh")

    def ready(self):
        from openvss.people.cards import signed_payload_provider_set

        from .signing import card_signed_payload

        signed_payload_provider_set(card_signed_payload)
