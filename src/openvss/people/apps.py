from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "openvss.people"
    verbose_name = "Người tham gia và hồ sơ BHXH, BHYT"
