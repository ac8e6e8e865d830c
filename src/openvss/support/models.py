"""News, FAQ and feedback cases (phản ánh kiến nghị). Bodies of news are sanitised HTML,
written by officers in the back office; feedback cases keep every status change."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Article(models.Model):
    """A news article, shown once published and its publication time has come."""

    class Category(models.TextChoices):
        SECTOR = "hoat-dong-nganh", _("Hoạt động ngành")
        POLICY = "che-do-chinh-sach", _("Chế độ chính sách")
        GUIDE = "huong-dan-su-dung", _("Hướng dẫn sử dụng")

    title = models.CharField(_("tiêu đề"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True, allow_unicode=False)
    category = models.CharField(_("chuyên mục"), max_length=20, choices=Category.choices)
    summary = models.CharField(_("tóm tắt"), max_length=400, blank=True)
    body_html = models.TextField(_("nội dung (HTML)"))
    body_text = models.TextField(editable=False, blank=True)  # for the chatbot's index
    is_published = models.BooleanField(_("xuất bản"), default=False)
    published_at = models.DateTimeField(_("thời điểm đăng"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người viết"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["is_published", "category", "-published_at"])]
        verbose_name = _("tin tức")
        verbose_name_plural = _("tin tức")

    def __str__(self):
        return self.title


class ArticleImage(models.Model):
    """An image of an article, re-encoded without metadata and served from the database,
    so news images need no public media folder."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="images", verbose_name=_("tin")
    )
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    content = models.BinaryField(editable=False)
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    sha256 = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")

    def __str__(self):
        return self.caption or f"#{self.pk}"


class FaqTopic(models.Model):
    name = models.CharField(_("chủ đề"), max_length=120)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("chủ đề câu hỏi")
        verbose_name_plural = _("chủ đề câu hỏi")

    def __str__(self):
        return self.name


class FaqEntry(models.Model):
    """A frequently asked question, managed by officers; the chatbot answers from these."""

    topic = models.ForeignKey(
        FaqTopic, on_delete=models.PROTECT, related_name="entries", verbose_name=_("chủ đề")
    )
    key = models.SlugField(_("mã câu hỏi"), max_length=80, unique=True)
    question = models.CharField(_("câu hỏi"), max_length=300)
    answer = models.TextField(_("trả lời"))
    # Other ways people ask the same thing: indexed with the question, never shown.
    keywords = models.TextField(_("cách hỏi khác, từ khóa"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_published = models.BooleanField(_("hiển thị"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic__position", "position", "pk"]
        verbose_name = _("câu hỏi thường gặp")
        verbose_name_plural = _("câu hỏi thường gặp")

    def __str__(self):
        return self.question


def _case_token() -> str:
    return secrets.token_urlsafe(24)


class FeedbackCase(models.Model):
    """Phản ánh kiến nghị: filed by anyone, answered by an officer of the chosen agency."""

    class Topic(models.TextChoices):
        ACCOUNT = "tai-khoan", _("Tài khoản, đăng nhập VssID")
        CARD = "the-bhyt", _("Thẻ BHYT, khám chữa bệnh")
        PARTICIPATION = "qua-trinh", _("Quá trình tham gia BHXH")
        BENEFITS = "che-do", _("Hưởng chế độ BHXH, BHTN")
        CONTRIBUTIONS = "dong-bhxh", _("Đóng BHXH, BHYT")
        OTHER = "khac", _("Khác")

    class Status(models.TextChoices):
        NEW = "new", _("Mới")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        ANSWERED = "answered", _("Đã trả lời")
        CLOSED = "closed", _("Đóng")

    number = models.CharField(_("số phản ánh"), max_length=20, unique=True)
    token = models.CharField(max_length=64, unique=True, default=_case_token, editable=False)
    topic = models.CharField(_("chủ đề"), max_length=20, choices=Topic.choices)
    text = models.TextField(_("nội dung"))
    contact_name = models.CharField(_("họ và tên"), max_length=120)
    contact_phone = models.CharField(_("số điện thoại"), max_length=10, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    agency = models.ForeignKey(
        "places.Agency",
        on_delete=models.PROTECT,
        related_name="feedback_cases",
        verbose_name=_("cơ quan BHXH tiếp nhận"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_cases",
        verbose_name=_("người tham gia"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ trả lời"),
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    # The API's Idempotency-Key: a repeated POST returns this case instead of a copy.
    idempotency_key = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["agency", "status", "-created_at"]),
            models.Index(fields=["person", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(contact_phone="", contact_email=""),
                name="feedback_has_a_contact",
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="feedback_idempotency_key",
            ),
        ]
        verbose_name = _("phản ánh kiến nghị")
        verbose_name_plural = _("phản ánh kiến nghị")

    def __str__(self):
        return self.number


class FeedbackEvent(models.Model):
    """One step of a case's history: who moved it from which status to which, and why."""

    case = models.ForeignKey(
        FeedbackCase, on_delete=models.CASCADE, related_name="events", verbose_name=_("phản ánh")
    )
    from_status = models.CharField(_("từ"), max_length=12, blank=True)
    to_status = models.CharField(_("sang"), max_length=12)
    note = models.TextField(_("ghi chú"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")

    def __str__(self):
        return f"{self.case_id}: {self.from_status} → {self.to_status}"

    def to_label(self):
        return FeedbackCase.Status(self.to_status).label


class FeedbackAttachment(models.Model):
    """A photo attached to a case (re-encoded, no metadata), seen by the filer and officers."""

    case = models.ForeignKey(
        FeedbackCase,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("phản ánh"),
    )
    content = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("ảnh đính kèm")
        verbose_name_plural = _("ảnh đính kèm")

    def __str__(self):
        return f"{self.case_id}/{self.pk}"
