from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "openvss.places"
    verbose_name = _("Danh mục địa bàn và đơn vị")

    def reference_load(self) -> dict[str, int]:
        """Called by ``openvss load_reference`` (core), which finds every app that has one."""
        from .services import reference_load

        return reference_load()
