from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "openvss.places"
    verbose_name = "Danh mục địa bàn và đơn vị"
