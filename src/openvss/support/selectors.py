"""Reads of news, the FAQ and feedback cases, and the chatbot's retrieval."""

from django.db.models import Count, Max, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openvss.domain.text import nfc
from openvss.errors import InvalidInput

from . import chatbot
from .models import Article, ArticleImage, FaqEntry, FaqTopic, FeedbackAttachment, FeedbackCase


def article_published_list(*, category: str | None = None) -> QuerySet[Article]:
    """Published news whose time has come, newest first (scheduled ones wait)."""
    qs = Article.objects.filter(is_published=True, published_at__lte=timezone.now())
    if category:
        qs = qs.filter(category=category)
    return qs.defer("body_html", "body_text").order_by("-published_at", "-pk")


def article_published_get(*, slug: str) -> Article | None:
    return (
        Article.objects.filter(is_published=True, published_at__lte=timezone.now(), slug=slug)
        .prefetch_related("images")
        .first()
    )


def article_image_published(*, image_id: int) -> ArticleImage | None:
    """An image of a published article (its bytes and checksum only)."""
    return (
        ArticleImage.objects.filter(pk=image_id, article__is_published=True)
        .only("content", "sha256")
        .first()
    )


def faq_topics() -> list[FaqTopic]:
    """Topics with their published entries (two queries)."""
    entries = FaqEntry.objects.filter(is_published=True).order_by("position", "pk")
    return list(
        FaqTopic.objects.prefetch_related(
            Prefetch("entries", queryset=entries, to_attr="shown")
        ).order_by("position", "name")
    )


def feedback_case_by_token(*, number: str, token: str) -> FeedbackCase | None:
    """A case through its private link (number and secret token)."""
    return (
        FeedbackCase.objects.select_related("agency")
        .prefetch_related("events", "attachments")
        .filter(number=number, token=token)
        .first()
    )


def feedback_photo(*, case: FeedbackCase | None, photo_id: int) -> FeedbackAttachment | None:
    """A photo attached to this case (reached through the case's private link only)."""
    return case.attachments.filter(pk=photo_id).first() if case else None


def feedback_cases_of(*, person) -> QuerySet[FeedbackCase]:
    return FeedbackCase.objects.filter(person=person).select_related("agency")


# --- the chatbot ----------------------------------------------------------------------


def _chat_version() -> str:
    faq = FaqEntry.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    news = Article.objects.filter(is_published=True, published_at__lte=timezone.now()).aggregate(
        n=Count("pk"), at=Max("updated_at"), last=Max("published_at")
    )
    return f"{faq['n']}:{faq['at']}:{news['n']}:{news['at']}:{news['last']}"


def _chat_documents() -> list[chatbot.Document]:
    documents = []
    for entry in FaqEntry.objects.filter(is_published=True).select_related("topic").order_by("pk"):
        documents.append(
            chatbot.Document(
                kind="faq",
                key=entry.key,
                title=entry.question,
                url=reverse("support:faq") + f"#{entry.key}",
                text=f"{entry.keywords}\n{entry.answer}",
                answer=entry.answer,
            )
        )
    articles = Article.objects.filter(is_published=True, published_at__lte=timezone.now())
    for article in articles.order_by("pk"):
        url = reverse("support:article", args=[article.slug])
        for heading, text in chatbot.article_sections(article.body_html):
            title = f"{article.title} – {heading}" if heading else article.title
            documents.append(
                chatbot.Document(kind="news", key=article.slug, title=title, url=url, text=text)
            )
    return documents


def chat_answer(*, question: str) -> chatbot.Reply:
    """Answer a question from the FAQ and the published news, or hand off to a person."""
    question = nfc(question or "")
    if not question:
        message = _("Vui lòng nhập câu hỏi.")
        raise InvalidInput(message, code="question_required", fields={"question": [message]})
    if len(question) > chatbot.MAX_QUESTION:
        message = _("Câu hỏi quá dài (tối đa %(n)d ký tự).") % {"n": chatbot.MAX_QUESTION}
        raise InvalidInput(message, code="question_too_long", fields={"question": [message]})
    index = chatbot.index_for(_chat_version(), _chat_documents)
    best, score, coverage = index.search(question)
    if best is None:
        return chatbot.Reply(
            answer=_(
                "Xin lỗi, tôi chưa tìm được câu trả lời phù hợp. Bạn có thể gửi phản ánh, kiến "
                "nghị để cán bộ BHXH trả lời, hoặc gọi tổng đài 1900.9068."
            ),
            sources=[{"title": _("Gửi phản ánh, kiến nghị"), "url": reverse("support:feedback")}],
            handoff=True,
            coverage=coverage,
            score=score,
        )
    document = index.documents[best]
    return chatbot.Reply(
        answer=document.answer or chatbot.excerpt(document.text),
        sources=[{"title": document.title, "url": document.url}],
        handoff=False,
        matched=document.key,
        coverage=coverage,
        score=score,
    )
