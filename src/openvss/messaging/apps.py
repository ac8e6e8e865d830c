from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "openvss.messaging"
    verbose_name = _("Tin nhắn và thư điện tử")
