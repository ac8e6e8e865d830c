from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "openvss.accounts"
    verbose_name = _("Tài khoản giao dịch điện tử")


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the site that asks officers for a second factor (admin_site.py)."""

    default = False  # named explicitly in INSTALLED_APPS; AccountsConfig stays this app's
    default_site = "openvss.accounts.admin_site.StaffAdminSite"
