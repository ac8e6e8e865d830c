"""The officers' queue: dossiers of their own agency, photos beside the declared data,
and the decisions (start review at the counter, approve, reject with a reason)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from openvss.audit.admin import AccessLoggedAdmin
from openvss.domain.text import fold
from openvss.errors import OpenvssError

from . import engine
from .models import Dossier, DossierEvent


def _shown(value) -> str:
    """A declared value as the officer reads it (nested changes as "key: value" lines)."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


class EventInline(admin.TabularInline):
    model = DossierEvent
    extra = 0
    fields = ["at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    logged_what = "Hồ sơ và ảnh giấy tờ"
    area_scoped = False  # each agency works the queue of dossiers it received (get_queryset)

    list_display = [
        "number",
        "kind",
        "status",
        "declared_name",
        "bhxh_code",
        "agency",
        "submitted_at",
        "expires_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["=number", "=person__bhxh_code", "name_folded__contains"]
    list_select_related = ["person", "agency"]
    readonly_fields = [
        "number",
        "kind",
        "status",
        "agency",
        "person",
        "applicant",
        "declared_fields",
        "photos",
        "contact_phone",
        "contact_email",
        "submitted_at",
        "expires_at",
        "decided_at",
        "decided_by",
        "decision_note",
    ]
    exclude = ["data"]
    inlines = [EventInline]
    change_form_template = "dossiers/admin_change_form.html"
    show_full_result_count = False

    def get_queryset(self, request):
        # Each agency works its own queue (engine.queue), drafts awaiting their OTP excluded.
        queue = engine.queue(request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=queue)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset, fold(search_term) if not search_term.isdigit() else search_term
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("họ và tên"))
    def declared_name(self, obj):
        return (
            obj.data.get("full_name")
            or obj.data.get("child_full_name")
            or obj.data.get("employer_name", "")
        )

    @admin.display(description=_("mã số BHXH"))
    def bhxh_code(self, obj):
        return obj.person.bhxh_code if obj.person_id else ""

    @admin.display(description=_("nội dung kê khai"))
    def declared_fields(self, obj):
        labels = engine.kind_for(obj.kind).declared_labels
        rows = [(label, _shown(obj.data[key])) for key, label in labels if key in obj.data]
        check = obj.data.get("population_check")
        tick = {
            "matched": _("✅ Khớp CSDL quốc gia về dân cư"),
            "not_found": _("⚠️ Chưa xác thực được với CSDL dân cư"),
        }.get(check, "")
        table = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
        return format_html("<table>{}</table><p>{}</p>", table, tick)

    @admin.display(description=_("ảnh"))
    def photos(self, obj):
        items = [
            (
                reverse("admin:dossiers_dossier_file", args=[obj.pk, f.kind]),
                f.get_kind_display(),
                f.get_kind_display(),
            )
            for f in obj.files.all()
        ]
        if not items:
            return "—"
        return format_html_join(
            "",
            '<figure class="dossier-photo"><img src="{}" alt="{}"><figcaption>{}</figcaption></figure>',
            items,
        )

    def get_urls(self):
        own = [
            path(
                "<int:pk>/file/<str:kind>/",
                self.admin_site.admin_view(self.file_view),
                name="dossiers_dossier_file",
            ),
            path(
                "<int:pk>/decide/<str:action>/",
                self.admin_site.admin_view(require_POST(self.decide_view)),
                name="dossiers_dossier_decide",
            ),
        ]
        return own + super().get_urls()

    def _dossier(self, request, pk) -> Dossier:
        dossier = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, dossier):
            raise PermissionDenied
        return dossier

    def file_view(self, request, pk, kind):
        dossier = self._dossier(request, pk)
        attached = dossier.files.filter(kind=kind).first()
        if attached is None:
            raise Http404
        self._log(
            request,
            [dossier.person_id],
            why=self.WHY_OPEN,
            what=f"{self._what()}: {attached.get_kind_display()}",
        )
        response = FileResponse(attached.file.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        dossier = self.get_queryset(request).filter(pk=object_id).first()
        extra = {}
        if dossier is not None:
            kind = engine.kind_for(dossier.kind)
            extra = {
                "allowed": engine.TRANSITIONS.get(dossier.status, frozenset()),
                "kind_actions": [a for a in kind.officer_actions if dossier.status in a.statuses],
                "approval_note_label": kind.approval_note_label,
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def decide_view(self, request, pk, action):
        dossier = self._dossier(request, pk)
        if not self.has_change_permission(request, dossier):
            raise PermissionDenied
        officer, text = request.user, request.POST.get("text", "")
        actions = {
            "start-review": lambda: engine.start_review(dossier_id=dossier.pk, officer=officer),
            "approve": lambda: engine.approve(
                dossier_id=dossier.pk, officer=officer, note=request.POST.get("note", "")
            ),
            "reject": lambda: engine.reject(
                dossier_id=dossier.pk, officer=officer, reason=request.POST.get("reason", "")
            ),
        }
        for step in engine.kind_for(dossier.kind).officer_actions:
            actions[step.code] = lambda step=step: step.run(
                dossier_id=dossier.pk, officer=officer, text=text
            )
        if action not in actions:
            raise Http404
        try:
            actions[action]()
        except OpenvssError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, _("Đã cập nhật hồ sơ."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:dossiers_dossier_change", args=[dossier.pk]))
