from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """Hỗ trợ: news of the sector, the FAQ, the chatbot and feedback cases."""

    name = "openvss.support"
    label = "support"
    verbose_name = _("Tin tức và hỗ trợ")
