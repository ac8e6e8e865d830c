from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo's data, simulated phone and its commands (``openvss demo``, ``screenshots``).
    No models: an app only so that its commands are found."""

    name = "openvss.demo"
    verbose_name = _("Dữ liệu trình diễn")
