from django.contrib import admin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "person", "action", "officer", "facility", "what", "outcome"]
    list_filter = ["action"]
    search_fields = ["=person__bhxh_code"]
    raw_id_fields = ["person", "officer", "facility"]
    list_select_related = ["person", "officer", "facility"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
