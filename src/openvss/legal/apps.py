from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "openvss.legal"
    verbose_name = "Quy định và tham số pháp lý"
