"""The officer's view of a person's records, with the change history of each."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from openvss.audit.admin import AccessLoggedAdmin
from openvss.domain.text import fold, nfc

from .models import BenefitPayment, HealthCard, MedicalVisit, ParticipationPeriod, Person


class CardInline(admin.StackedInline):
    model = HealthCard
    extra = 0
    fields = [
        "code",
        "number",
        "benefit_level",
        "registered_facility",
        "valid_from",
        "valid_to",
        "status",
    ]
    raw_id_fields = ["registered_facility"]
    show_change_link = True


@admin.register(Person)
class PersonAdmin(AccessLoggedAdmin, SimpleHistoryAdmin):
    logged_what = "Thông tin cá nhân và thẻ BHYT"
    person_path = ""

    def logged_person_id(self, obj):
        return obj.pk

    list_display = ["bhxh_code", "full_name", "birth_date", "sex", "citizen_id", "phone"]
    search_fields = ["=bhxh_code", "=citizen_id", "=phone", "name_folded__contains"]
    list_filter = ["sex"]
    raw_id_fields = ["commune", "guardian"]
    inlines = [CardInline]
    show_full_result_count = False  # COUNT(*) over tens of millions of rows is slow

    def get_search_results(self, request, queryset, search_term):
        # Names are searched on their folded form, so "nguyen van an" finds "Nguyễn Văn An".
        return super().get_search_results(
            request, queryset, fold(search_term) if not search_term.isdigit() else search_term
        )

    def save_model(self, request, obj, form, change):
        obj.full_name = nfc(obj.full_name)
        obj.name_folded = fold(obj.full_name)
        super().save_model(request, obj, form, change)


@admin.register(HealthCard)
class HealthCardAdmin(AccessLoggedAdmin, SimpleHistoryAdmin):
    logged_what = "Thẻ BHYT"

    list_display = [
        "code",
        "number",
        "person",
        "benefit_level",
        "registered_facility",
        "valid_to",
        "status",
    ]
    list_filter = ["status", "benefit_level", "group_code"]
    search_fields = ["=code", "=number"]
    raw_id_fields = ["person", "registered_facility"]
    list_select_related = ["person", "registered_facility"]
    show_full_result_count = False


@admin.register(ParticipationPeriod)
class ParticipationPeriodAdmin(AccessLoggedAdmin, SimpleHistoryAdmin):
    logged_what = "Quá trình tham gia"

    list_display = ["person", "scheme", "from_month", "to_month", "employer", "wage", "payment"]
    list_filter = ["scheme", "payment"]
    search_fields = ["=person__bhxh_code"]
    raw_id_fields = ["person", "employer"]
    list_select_related = ["person", "employer"]
    show_full_result_count = False


@admin.register(BenefitPayment)
class BenefitPaymentAdmin(AccessLoggedAdmin, SimpleHistoryAdmin):
    logged_what = "Thông tin hưởng"

    list_display = ["person", "regime", "period_from", "period_to", "amount", "paying_agency"]
    list_filter = ["regime"]
    search_fields = ["=person__bhxh_code"]
    raw_id_fields = ["person", "paying_agency"]
    list_select_related = ["person", "paying_agency"]
    show_full_result_count = False


@admin.register(MedicalVisit)
class MedicalVisitAdmin(AccessLoggedAdmin, SimpleHistoryAdmin):
    logged_what = "Lượt khám chữa bệnh"

    list_display = [
        "person",
        "facility",
        "admitted_on",
        "discharged_on",
        "icd10",
        "total_cost",
        "fund_paid",
    ]
    list_filter = ["kind"]
    search_fields = ["=person__bhxh_code"]
    raw_id_fields = ["person", "card", "facility"]
    list_select_related = ["person", "facility"]
    show_full_result_count = False
