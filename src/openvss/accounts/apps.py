from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openvss.accounts"
    verbose_name = "Tài khoản giao dịch điện tử"
