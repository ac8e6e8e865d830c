from django.contrib import admin

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
    """Officers search names without diacritics: the folded column is searched too."""

    def get_search_results(self, request, queryset, search_term):
        from openvss.domain.text import fold

        queryset, distinct = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset |= self.model.objects.filter(name_folded__contains=fold(search_term))
        return queryset, distinct

    def save_model(self, request, obj, form, change):
        obj.set_name(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Province)
class ProvinceAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "division_type"]
    search_fields = ["code", "name"]


@admin.register(LegacyProvince)
class LegacyProvinceAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "merged_into"]
    search_fields = ["code", "name"]
    list_select_related = ["merged_into"]


@admin.register(Commune)
class CommuneAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "division_type", "province"]
    list_filter = ["province"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]


@admin.register(Agency)
class AgencyAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "level", "province", "phone", "accepts_dossiers"]
    list_filter = ["level", "province", "accepts_dossiers"]
    search_fields = ["code", "name", "address"]
    list_select_related = ["province"]
    raw_id_fields = ["commune"]


@admin.register(MedicalFacility)
class MedicalFacilityAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "level", "province", "bhyt_contracted", "issues_sick_leave"]
    list_filter = ["level", "bhyt_contracted", "issues_sick_leave", "province"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]
    raw_id_fields = ["commune"]


@admin.register(Employer)
class EmployerAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "tax_code", "province", "is_active"]
    list_filter = ["is_active", "province"]
    search_fields = ["code", "tax_code", "name"]
    list_select_related = ["province"]
    raw_id_fields = ["agency"]


@admin.register(CollectionPoint)
class CollectionPointAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "commune", "operator"]
    search_fields = ["code", "name"]
    list_select_related = ["commune"]
    raw_id_fields = ["commune"]
