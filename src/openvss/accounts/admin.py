from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "is_staff", "agency", "last_login"]
    list_select_related = ["agency"]
    raw_id_fields = ["person", "agency"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (
            _("BHXH"),
            {"fields": ["person", "agency", "must_change_password", "password_changed_at"]},
        ),
    ]
