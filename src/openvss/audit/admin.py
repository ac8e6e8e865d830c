from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .models import AccessLog
from .services import access_record_many


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


AREA_WIDE_PERMISSION = "people.view_all_people"
# The purpose an officer states for their reads (kept in their session, written in "why").
PURPOSES = {
    "ho-so": gettext_lazy("Giải quyết hồ sơ, yêu cầu của người tham gia"),
    "ho-tro": gettext_lazy("Trả lời hỗ trợ, khiếu nại của người tham gia"),
    "doi-soat": gettext_lazy("Kiểm tra, đối soát dữ liệu"),
    "xac-minh": gettext_lazy("Xác minh theo yêu cầu của cơ quan có thẩm quyền"),
}
PURPOSE_SESSION_KEY = "access_purpose"


def officer_area(user) -> str | None:
    """The province code an officer may read people of; None for no limit (administrators,
    and officers granted ``people.view_all_people``); "" for nobody (no agency)."""
    if user.is_superuser or user.has_perm(AREA_WIDE_PERMISSION):
        return None
    agency = getattr(user, "agency", None)
    return agency.province_id if agency is not None else ""


class AccessLoggedAdmin:
    """Admin mixin for every page that shows a person's data.

    - **Scope**: an officer sees only people of their agency's province (the person's
      commune), unless granted ``people.view_all_people``. ``person_path`` is the lookup
      from the model to the person ("" for Person itself); ``area_scoped = False`` for an
      admin that scopes otherwise (dossiers: by the agency that received them).
    - **Log**: every person the page shows leaves a line in their access log ("Ai đã xem
      dữ liệu của tôi"), with what was read and why: a record opened, each person on a list
      or search page (one insert for the page), a history page, an action run on selected
      rows (exports). ``logged_person_id(obj)`` names the person, ``logged_what`` the data.
    """

    logged_what = ""
    person_path = "person__"
    area_scoped = True
    change_list_template = "admin/access_logged_change_list.html"

    WHY_OPEN = gettext_lazy("Nghiệp vụ tại cơ quan BHXH: xem hồ sơ")
    WHY_LIST = gettext_lazy("Nghiệp vụ tại cơ quan BHXH: tra cứu, tìm kiếm")
    WHY_HISTORY = gettext_lazy("Nghiệp vụ tại cơ quan BHXH: xem lịch sử thay đổi")
    WHY_ACTION = gettext_lazy("Nghiệp vụ tại cơ quan BHXH: thao tác trên danh sách")

    def logged_person_id(self, obj) -> int | None:
        return getattr(obj, "person_id", None)

    def _what(self, obj=None) -> str:
        return str(self.logged_what or self.model._meta.verbose_name)

    def _log(self, request, person_ids, *, why, what=None) -> None:
        ids = [pk for pk in person_ids if pk]
        purpose = PURPOSES.get(request.session.get(PURPOSE_SESSION_KEY, ""))
        if purpose:
            why = f"{why} — {purpose}"
        if ids:
            access_record_many(
                person_ids=ids,
                action=AccessLog.Action.OFFICER_VIEW,
                officer_id=request.user.pk,
                what=what or self._what(),
                why=str(why),
            )

    def _url_name(self, view: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{view}"

    def get_urls(self):
        own = [
            path(
                "muc-dich/",
                self.admin_site.admin_view(require_POST(self.purpose_view)),
                name=self._url_name("purpose"),
            )
        ]
        return own + super().get_urls()

    def purpose_view(self, request):
        """Remember the purpose the officer states; every later read is logged with it."""
        purpose = request.POST.get("purpose", "")
        if purpose in PURPOSES:
            request.session[PURPOSE_SESSION_KEY] = purpose
        else:
            request.session.pop(PURPOSE_SESSION_KEY, None)
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse(
                f"admin:{self._url_name('changelist')}", current_app=self.admin_site.name
            )
        return HttpResponseRedirect(target)

    def changelist_view_context(self, request) -> dict:
        return {
            "access_purposes": [(key, str(label)) for key, label in PURPOSES.items()],
            "access_purpose": request.session.get(PURPOSE_SESSION_KEY, ""),
            "access_purpose_url": reverse(
                f"admin:{self._url_name('purpose')}", current_app=self.admin_site.name
            ),
        }

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not self.area_scoped:
            return qs
        area = officer_area(request.user)
        if area is None:
            return qs
        if not area:
            return qs.none()
        return qs.filter(**{f"{self.person_path}commune__province_id": area})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = (
            getattr(response, "context_data", {}).get("original")
            if hasattr(response, "context_data")
            else None
        )
        if obj is not None and response.status_code == 200:
            self._log(request, [self.logged_person_id(obj)], why=self.WHY_OPEN)
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), **self.changelist_view_context(request)}
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        changelist = context.get("cl")
        if changelist is not None and response.status_code == 200:
            shown = [self.logged_person_id(obj) for obj in changelist.result_list]
            what = _("%(what)s (danh sách, kết quả tìm kiếm)") % {"what": self._what()}
            self._log(request, shown, why=self.WHY_LIST, what=what)
        return response

    def history_view(self, request, object_id, extra_context=None):
        obj = self._scoped_object(request, object_id)
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            what = _("%(what)s (lịch sử thay đổi)") % {"what": self._what()}
            self._log(request, [self.logged_person_id(obj)], why=self.WHY_HISTORY, what=what)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._scoped_object(request, object_id)
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if response.status_code == 200:
            what = _("%(what)s (một phiên bản cũ)") % {"what": self._what()}
            self._log(request, [self.logged_person_id(obj)], why=self.WHY_HISTORY, what=what)
        return response

    def response_action(self, request, queryset):
        # Actions (exports, resends…) read the selected rows: log their people first.
        selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        if selected:
            rows = queryset.filter(pk__in=selected)
            what = _("%(what)s (thao tác: %(action)s)") % {
                "what": self._what(),
                "action": request.POST.get("action", "")[:60],
            }
            self._log(
                request, [self.logged_person_id(o) for o in rows], why=self.WHY_ACTION, what=what
            )
        return super().response_action(request, queryset)

    def _scoped_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj
