from django.contrib import admin

from .models import Discrepancy, GatewayEvent, Order, OrderLine


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    readonly_fields = ["person", "position", "amount", "cover_from", "cover_to"]
    can_delete = False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["reference", "kind", "status", "amount", "payer", "created_at", "paid_at"]
    list_filter = ["status", "kind"]
    search_fields = ["reference", "payer__bhxh_code", "gateway_transaction_no"]
    raw_id_fields = ["payer", "user"]
    readonly_fields = [f.name for f in Order._meta.fields]
    inlines = [OrderLineInline]


@admin.register(Discrepancy)
class DiscrepancyAdmin(admin.ModelAdmin):
    list_display = ["order", "kind", "detail", "business_day", "resolved"]
    list_filter = ["kind", "resolved", "business_day"]
    raw_id_fields = ["order"]


@admin.register(GatewayEvent)
class GatewayEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "order", "answer"]
    list_filter = ["kind"]
    raw_id_fields = ["order"]
