from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "openvss.places"
    verbose_name = _("Danh mục địa bàn và đơn vị")
