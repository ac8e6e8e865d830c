from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openvss.accounts"
    verbose_name = _("Tài khoản giao dịch điện tử")
