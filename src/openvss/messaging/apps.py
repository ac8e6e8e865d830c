from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "openvss.messaging"
    verbose_name = _("Tin nhắn và thư điện tử")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("sms")  # each app's sms.py registers its SMS keywords
        from openvss.core.metrics import gauge

        from .selectors import outbox_backlog

        gauge(
            "openvss_outbox_messages",
            "Messages not yet sent (queued, sending) or given up (failed), by channel",
            ["channel", "status"],
        )(outbox_backlog)
