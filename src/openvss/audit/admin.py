from django.contrib import admin

from .models import AccessLog
from .services import access_record


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


class AccessLoggedAdmin:
    """Admin mixin: an officer opening a record of a person's data leaves a line in that
    person's access log ("Ai đã xem dữ liệu của tôi"). ``logged_person_id(obj)`` names the
    person; ``logged_what`` what was read."""

    logged_what = ""

    def logged_person_id(self, obj) -> int | None:
        return getattr(obj, "person_id", None)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = (
            getattr(response, "context_data", {}).get("original")
            if hasattr(response, "context_data")
            else None
        )
        if obj is not None and response.status_code == 200:
            person_id = self.logged_person_id(obj)
            if person_id:
                access_record(
                    person_id=person_id,
                    action="officer_view",
                    officer_id=request.user.pk,
                    what=str(self.logged_what or obj._meta.verbose_name),
                    why="Nghiệp vụ tại cơ quan BHXH",
                )
        return response
