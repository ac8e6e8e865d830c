"""The officers' side of news, FAQ and feedback cases. Saves go through services: news bodies
are sanitised there; answers to cases notify the filer."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from openvss.errors import OpenvssError

from . import services
from .models import Article, ArticleImage, FaqEntry, FaqTopic, FeedbackCase


class ArticleImageForm(forms.ModelForm):
    upload = forms.ImageField(label=_("tệp ảnh"), required=False)

    class Meta:
        model = ArticleImage
        fields = ["caption"]


class ArticleImageInline(admin.TabularInline):
    model = ArticleImage
    form = ArticleImageForm
    extra = 1
    readonly_fields = ["preview"]

    @admin.display(description=_("địa chỉ ảnh"))
    def preview(self, obj):
        if not obj.pk:
            return ""
        from django.urls import reverse

        url = reverse("support:article_image", args=[obj.pk])
        return format_html('<a href="{}">{}</a> ({}×{})', url, url, obj.width, obj.height)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "is_published", "published_at", "author"]
    list_filter = ["category", "is_published"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    fields = ["title", "slug", "category", "summary", "body_html", "is_published", "published_at"]
    inlines = [ArticleImageInline]

    def save_model(self, request, obj, form, change):
        services.article_save(article=obj, author=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ArticleImage:
            return super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            upload = inline_form.cleaned_data.get("upload")
            if upload is not None and inline_form.instance.pk is None:
                try:
                    services.article_image_add(
                        article=form.instance,
                        upload=upload,
                        caption=inline_form.cleaned_data.get("caption", ""),
                    )
                except OpenvssError as exc:
                    messages.error(request, exc.message)
        for obj in formset.deleted_objects:
            obj.delete()


class FaqEntryInline(admin.StackedInline):
    model = FaqEntry
    extra = 0
    fields = ["key", "question", "answer", "keywords", "position", "is_published"]


@admin.register(FaqTopic)
class FaqTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    inlines = [FaqEntryInline]


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ["question", "topic", "is_published", "updated_at"]
    list_filter = ["topic", "is_published"]
    search_fields = ["question", "answer", "keywords"]


class FeedbackAnswerForm(forms.ModelForm):
    class Meta:
        model = FeedbackCase
        fields = ["answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 6})}


@admin.register(FeedbackCase)
class FeedbackCaseAdmin(admin.ModelAdmin):
    """Each agency answers its own cases; saving an answer notifies the filer."""

    form = FeedbackAnswerForm
    list_display = ["number", "topic", "status", "contact_name", "agency", "created_at"]
    list_filter = ["status", "topic"]
    search_fields = ["number", "contact_name", "contact_phone", "contact_email"]
    list_select_related = ["agency"]
    readonly_fields = [
        "number", "status", "topic", "text", "contact_name", "contact_phone", "contact_email",
        "agency", "person", "answered_by", "answered_at", "created_at", "photos", "history",
    ]  # fmt: skip
    fields = [*readonly_fields, "answer"]
    actions = ["take", "close"]
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

    @admin.display(description=_("lịch sử xử lý"))
    def history(self, obj):
        rows = obj.events.select_related("actor").order_by("at", "pk")
        return format_html_join(
            "",
            "<div>{} · {} → {} · {}</div>",
            (
                (
                    timezone.localtime(e.at).strftime("%H:%M %d/%m/%Y"),
                    FeedbackCase.Status(e.from_status).label if e.from_status else "",
                    e.to_label(),
                    e.actor or "",
                )
                for e in rows
            ),
        )

    @admin.display(description=_("ảnh đính kèm"))
    def photos(self, obj):
        from django.urls import reverse

        return format_html_join(
            " ",
            '<a href="{}"><img src="{}" alt="" width="96" height="96"></a>',
            (
                (url, url)
                for url in (
                    reverse("admin:support_feedbackcase_photo", args=[obj.pk, pk])
                    for pk in obj.attachments.values_list("pk", flat=True)
                )
            ),
        )

    def get_urls(self):
        from django.urls import path

        return [
            path(
                "<int:case_id>/anh/<int:photo_id>/",
                self.admin_site.admin_view(self.photo_view),
                name="support_feedbackcase_photo",
            ),
            *super().get_urls(),
        ]

    def photo_view(self, request, case_id: int, photo_id: int):
        """A photo of a case, for officers who may see that case."""
        from django.http import Http404, HttpResponse

        case = self.get_queryset(request).filter(pk=case_id).first()
        if case is None or not self.has_view_permission(request, case):
            raise Http404
        photo = case.attachments.filter(pk=photo_id).first()
        if photo is None:
            raise Http404
        response = HttpResponse(bytes(photo.content), content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
        return response

    def save_model(self, request, obj, form, change):
        if "answer" not in form.changed_data:
            return
        try:
            services.feedback_answer(
                case_id=obj.pk,
                officer=request.user,
                answer=form.cleaned_data["answer"],
                site=request.build_absolute_uri("/").rstrip("/"),
            )
        except OpenvssError as exc:
            if exc.status == 403:
                raise PermissionDenied(exc.message) from exc
            messages.error(request, exc.message)

    @admin.action(description=_("Tiếp nhận xử lý các phản ánh đã chọn"))
    def take(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda case: services.feedback_take(case_id=case.pk, officer=request.user),
        )

    @admin.action(description=_("Đóng các phản ánh đã chọn"))
    def close(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda case: services.feedback_close(case_id=case.pk, actor=request.user),
        )

    def _each(self, request, queryset, action):
        done = 0
        for case in queryset:
            try:
                action(case)
                done += 1
            except OpenvssError as exc:
                messages.error(request, f"{case.number}: {exc.message}")
        if done:
            messages.success(request, _("Đã cập nhật %(n)d phản ánh.") % {"n": done})
