from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "openvss.legal"
    verbose_name = _("Quy định và tham số pháp lý")

    def reference_load(self) -> dict[str, int]:
        """Called by ``openvss load_reference`` (core), which finds every app that has one."""
        from .services import legal_reference_load

        return legal_reference_load()
