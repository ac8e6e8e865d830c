from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import FacilityApiKey, QrSigningKey


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("quyền"), choices=FacilityApiKey.Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = FacilityApiKey
        fields = ["facility", "name", "scopes"]


@admin.register(FacilityApiKey)
class FacilityApiKeyAdmin(admin.ModelAdmin):
    """Keys are created here (the full key is shown once) and revoked, never edited."""

    form = ApiKeyForm
    list_display = [
        "prefix",
        "facility",
        "name",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["=prefix", "=facility__code", "name"]
    raw_id_fields = ["facility"]
    list_select_related = ["facility"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        return (
            ["facility", "name", "scopes", "prefix", "created_at", "last_used_at", "revoked_at"]
            if obj
            else []
        )

    def save_model(self, request, obj, form, change):
        if change:
            return
        key, text = services.api_key_create(
            facility=form.cleaned_data["facility"],
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            created_by=request.user,
        )
        obj.pk = key.pk
        self.message_user(
            request,
            _("Khóa API (chỉ hiện một lần, hãy gửi an toàn cho cơ sở KCB): %(key)s")
            % {"key": text},
            messages.WARNING,
        )

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Thu hồi các khóa đã chọn"))
    def revoke(self, request, queryset):
        for key in queryset:
            services.api_key_revoke(key=key)
        self.message_user(request, _("Đã thu hồi khóa."))


@admin.register(QrSigningKey)
class QrSigningKeyAdmin(admin.ModelAdmin):
    list_display = ["key_id", "created_at", "retired_at"]
    readonly_fields = ["key_id", "public_key", "created_at", "retired_at"]

    def has_add_permission(self, request):
        return False  # created with `openvss qr_keys rotate`, which also writes the private key

    def has_delete_permission(self, request, obj=None):
        return False
