from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "openvss.messaging"
    verbose_name = "Tin nhắn và thư điện tử"
