"""The agency's side of organisations' batches (h14b; imported by ``admin.py``): the
dossier queue shows each dossier's batch (column, filter, search by batch number) through
the reverse relation ``Dossier.org_declaration``, and leaves out employees' declarations
still waiting for their organisation's HR. The dossiers app's admin is extended here, not
edited: dossiers does not know organisations (DESIGN.md)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from openvss.dossiers.admin import DossierAdmin
from openvss.dossiers.models import Dossier

from .hr_services import held_dossiers
from .models import DeclarationBatch


class BatchFilter(admin.SimpleListFilter):
    title = _("lô của đơn vị")
    parameter_name = "lo"

    def lookups(self, request, model_admin):
        batches = DeclarationBatch.objects.order_by("-submitted_at")
        if not request.user.is_superuser:
            batches = batches.filter(agency_id=request.user.agency_id)
        return [("any", _("Mọi lô"))] + [(str(b.pk), b.number) for b in batches[:20]]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.filter(org_declaration__batch__isnull=False)
        if value and value.isdigit():
            return queryset.filter(org_declaration__batch_id=int(value))
        return queryset


class OrganisationDossierAdmin(DossierAdmin):
    list_display = [*DossierAdmin.list_display, "batch_number"]
    list_filter = [*DossierAdmin.list_filter, BatchFilter]
    list_select_related = [*DossierAdmin.list_select_related, "org_declaration__batch"]
    search_fields = [*DossierAdmin.search_fields, "=org_declaration__batch__number"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(held_dossiers())

    @admin.display(description=_("lô"))
    def batch_number(self, obj):
        declaration = getattr(obj, "org_declaration", None)
        if declaration is None or declaration.batch_id is None:
            return ""
        return f"{declaration.batch.number} · {declaration.row}"


admin.site.unregister(Dossier)
admin.site.register(Dossier, OrganisationDossierAdmin)


@admin.register(DeclarationBatch)
class DeclarationBatchAdmin(admin.ModelAdmin):
    list_display = ["number", "organisation", "source", "row_count", "agency", "submitted_at"]
    list_filter = ["source"]
    search_fields = ["=number", "=organisation__employer__code"]
    list_select_related = ["organisation__employer", "agency"]
    readonly_fields = [
        "number",
        "organisation",
        "source",
        "agency",
        "file_name",
        "row_count",
        "submitted_by",
        "submitted_at",
    ]
    show_full_result_count = False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not request.user.is_superuser:
            qs = qs.filter(agency_id=request.user.agency_id)
        return qs

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
