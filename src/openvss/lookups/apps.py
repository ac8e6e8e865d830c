from django.apps import AppConfig


class LookupsConfig(AppConfig):
    """Tra cứu: the public look-ups (mã số BHXH, agencies with a map, facilities, employers,
    collection points). No models: it reads places and people."""

    name = "openvss.lookups"
    label = "lookups"
    verbose_name = "Tra cứu"
