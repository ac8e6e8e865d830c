from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "openvss.clinics"
    verbose_name = "Cơ sở khám chữa bệnh"
