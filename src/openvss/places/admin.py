from django.contrib import admin

from openvss.domain.text import fold

from .models import (
    Agency,
    CollectionPoint,
    Commune,
    Employer,
    LegacyProvince,
    MedicalFacility,
    Province,
)


class FoldedSearchAdmin(admin.ModelAdmin):
    """Officers search names without diacritics: the term is folded and matched against
    ``name_folded`` (codes are digits and capitals, which folding leaves comparable)."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    def save_model(self, request, obj, form, change):
        obj.set_name(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Province)
class ProvinceAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "division_type"]
    search_fields = ["code__iexact", "name_folded__contains"]


@admin.register(LegacyProvince)
class LegacyProvinceAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "merged_into"]
    search_fields = ["code__iexact", "name_folded__contains"]
    list_select_related = ["merged_into"]


@admin.register(Commune)
class CommuneAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "division_type", "province"]
    list_filter = ["province"]
    search_fields = ["code__iexact", "name_folded__contains"]
    list_select_related = ["province"]


@admin.register(Agency)
class AgencyAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "level", "province", "phone", "accepts_dossiers"]
    list_filter = ["level", "province", "accepts_dossiers"]
    search_fields = ["code__iexact", "name_folded__contains"]
    list_select_related = ["province"]
    raw_id_fields = ["commune"]


@admin.register(MedicalFacility)
class MedicalFacilityAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "level", "province", "bhyt_contracted", "issues_sick_leave"]
    list_filter = ["level", "bhyt_contracted", "issues_sick_leave", "province"]
    search_fields = ["code__iexact", "name_folded__contains"]
    list_select_related = ["province"]
    raw_id_fields = ["commune"]


@admin.register(Employer)
class EmployerAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "tax_code", "province", "is_active"]
    list_filter = ["is_active", "province"]
    search_fields = ["code__iexact", "tax_code__iexact", "name_folded__contains"]
    list_select_related = ["province"]
    raw_id_fields = ["agency"]


@admin.register(CollectionPoint)
class CollectionPointAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "commune", "operator"]
    search_fields = ["code__iexact", "name_folded__contains"]
    list_select_related = ["commune"]
    raw_id_fields = ["commune"]
