from django.contrib import admin

from .models import BeneficiaryGroup, BenefitLevel, LegalParameter


@admin.register(BenefitLevel)
class BenefitLevelAdmin(admin.ModelAdmin):
    list_display = ["level", "fund_percent", "description"]


@admin.register(BeneficiaryGroup)
class BeneficiaryGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "benefit_level", "payer", "valid_from", "valid_to"]
    list_filter = ["benefit_level", "payer"]
    search_fields = ["code", "name"]


@admin.register(LegalParameter)
class LegalParameterAdmin(admin.ModelAdmin):
    list_display = ["key", "valid_from", "value", "unit", "source"]
    list_filter = ["key"]
    search_fields = ["key", "description", "source"]
