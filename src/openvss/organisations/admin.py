"""The back office's view of organisations: each agency sees the employers it manages,
can suspend or resume their e-transactions, and issue a new one-time password to a user
(an administrator who lost access asks the agency). The registrations themselves are
dossiers, decided in the dossiers' queue."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from openvss.errors import OpenvssError

from . import services
from .models import Organisation, OrganisationMember


def _scoped(queryset, request, employer_path: str):
    if request.user.is_superuser:
        return queryset
    return queryset.filter(**{f"{employer_path}__agency_id": request.user.agency_id})


class MemberInline(admin.StackedInline):  # stacked: a table of users scrolls sideways on a phone
    model = OrganisationMember
    extra = 0
    fields = ["login", "full_name", "role", "email", "is_active", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["unit_code", "employer_name", "transaction_method", "status", "registered_at"]
    list_filter = ["status", "transaction_method"]
    search_fields = ["=employer__code", "=employer__tax_code", "employer__name_folded"]
    list_select_related = ["employer"]
    readonly_fields = [
        "employer", "status", "transaction_method", "ivan_provider", "representative_name",
        "representative_title", "representative_citizen_id", "contact_name", "contact_phone",
        "contact_email", "certificate_serial", "certificate_issuer", "certificate_valid_to",
        "dossier", "registered_at", "approved_by",
    ]  # fmt: skip
    inlines = [MemberInline]
    actions = ["suspend", "resume"]
    show_full_result_count = False

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request), request, "employer")

    def has_add_permission(self, request):
        return False  # an organisation comes from an approved registration

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("mã đơn vị"), ordering="employer__code")
    def unit_code(self, obj):
        return obj.employer.code

    @admin.display(description=_("tên đơn vị"))
    def employer_name(self, obj):
        return obj.employer.name

    def _set_status(self, request, queryset, status):
        for organisation in queryset:
            try:
                services.organisation_status_set(
                    officer=request.user, organisation_id=organisation.pk, status=status
                )
            except OpenvssError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return
        self.message_user(request, _("Đã cập nhật trạng thái."), messages.SUCCESS)

    @admin.action(description=_("Tạm ngừng giao dịch điện tử"), permissions=["change"])
    def suspend(self, request, queryset):
        self._set_status(request, queryset, Organisation.Status.SUSPENDED)

    @admin.action(description=_("Cho giao dịch điện tử trở lại"), permissions=["change"])
    def resume(self, request, queryset):
        self._set_status(request, queryset, Organisation.Status.ACTIVE)


@admin.register(OrganisationMember)
class OrganisationMemberAdmin(admin.ModelAdmin):
    list_display = ["login", "full_name", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["=organisation__employer__code", "login", "email"]
    list_select_related = ["organisation__employer"]
    readonly_fields = [
        "organisation", "login", "full_name", "role", "email", "phone", "is_active",
        "created_at", "created_by",
    ]  # fmt: skip
    exclude = ["user", "verified_device"]
    actions = ["reset"]
    show_full_result_count = False

    def get_queryset(self, request):
        return _scoped(super().get_queryset(request), request, "organisation__employer")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Cấp lại mật khẩu (và cài lại ứng dụng xác thực)"), permissions=["change"]
    )
    def reset(self, request, queryset):
        for member in queryset:
            try:
                services.member_reset_by_agency(officer=request.user, member_id=member.pk)
            except OpenvssError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return
        self.message_user(
            request, _("Đã gửi mật khẩu mới đến email của người dùng."), messages.SUCCESS
        )


# The HR desk's part (h14b): batches in the agency's dossier queue.
from . import hr_admin  # noqa: E402, F401
