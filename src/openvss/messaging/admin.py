"""The delivery log: "I did not receive the OTP" is the commonest support question."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from openvss.audit.admin import AccessLoggedAdmin

from .models import InboundSms, Message
from .services import message_enqueue


@admin.register(Message)
class MessageAdmin(AccessLoggedAdmin, admin.ModelAdmin):
    # A message to a person is their data too: scoped to the officer's area and logged.
    logged_what = "Tin nhắn, email đã gửi"
    list_display = [
        "created_at",
        "channel",
        "recipient",
        "purpose",
        "status",
        "attempts",
        "sent_at",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["status", "channel", "purpose"]
    search_fields = ["=recipient", "=person__bhxh_code"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "channel",
        "purpose",
        "recipient",
        "subject",
        "shown_body",
        "attachment_name",
        "person",
        "status",
        "attempts",
        "last_error",
        "provider_reference",
        "created_at",
        "attempted_at",
        "sent_at",
        "next_attempt_at",
    ]
    exclude = ["body"]
    actions = ["resend"]
    show_full_result_count = False

    @admin.display(description=_("nội dung"))
    def shown_body(self, obj):
        return obj.masked_body()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Gửi lại các tin đã chọn"))
    def resend(self, request, queryset):
        count = 0
        # A message in flight is left to its worker (or to the sweep if that worker died).
        for message in queryset.exclude(status__in=[Message.Status.SENT, Message.Status.SENDING]):
            Message.objects.filter(pk=message.pk).update(
                status=Message.Status.QUEUED, attempts=0, next_attempt_at=None
            )
            message_enqueue(message.pk)
            count += 1
        self.message_user(request, _("Đã xếp %(n)d tin vào hàng đợi gửi lại.") % {"n": count})


@admin.register(InboundSms)
class InboundSmsAdmin(admin.ModelAdmin):
    list_display = ["received_at", "sender", "text", "reply"]
    search_fields = ["=sender", "=message_id"]
    readonly_fields = ["message_id", "sender", "text", "received_at", "reply"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
