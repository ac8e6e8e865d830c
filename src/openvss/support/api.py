"""/api/v1/support/…: news, FAQ, the chatbot and feedback cases."""

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema
from ninja.responses import Status

from openvss.accounts.api import bearer
from openvss.core.captcha import captcha_check
from openvss.core.ratelimit import client_ip, rate_limit_hit
from openvss.errors import InvalidInput, NotFound
from openvss.places.selectors import agency_by_code, page_of

from . import selectors, services
from .models import Article

router = Router(tags=["Tin tức và hỗ trợ"])


class ArticleOut(Schema):
    slug: str
    title: str
    category: str
    category_label: str
    summary: str
    published_at: datetime
    url: str

    @staticmethod
    def resolve_category_label(obj):
        return obj.get_category_display()

    @staticmethod
    def resolve_url(obj):
        return reverse("support:article", args=[obj.slug])


class ArticleDetailOut(ArticleOut):
    body_html: str


class ArticlePage(Schema):
    count: int
    page: int
    pages: int
    items: list[ArticleOut]


@router.get("/support/news", response=ArticlePage, summary="Tin tức")
def news_list(request, category: str | None = None, page: int = 1):
    if category and category not in Article.Category.values:
        message = _("Chuyên mục không hợp lệ.")
        raise InvalidInput(message, code="category_invalid", fields={"category": [message]})
    return page_of(selectors.article_published_list(category=category), page=page, page_size=10)


@router.get("/support/news/{slug}", response=ArticleDetailOut, summary="Một tin")
def news_detail(request, slug: str):
    item = selectors.article_published_get(slug=slug)
    if item is None:
        raise NotFound()
    return item


class FaqEntryOut(Schema):
    key: str
    question: str
    answer: str


class FaqTopicOut(Schema):
    slug: str
    name: str
    entries: list[FaqEntryOut]

    @staticmethod
    def resolve_entries(obj):
        return obj.shown


@router.get("/support/faq", response=list[FaqTopicOut], summary="Câu hỏi thường gặp")
def faq_list(request):
    return selectors.faq_topics()


class ChatIn(Schema):
    question: str = Field(..., max_length=500)


class SourceOut(Schema):
    title: str
    url: str


class ChatOut(Schema):
    answer: str
    sources: list[SourceOut]
    handoff: bool


@router.post("/support/chat", response=ChatOut, summary="Hỏi đáp tự động (chatbot)")
def chat(request, payload: ChatIn):
    """Answers from the FAQ, the guides and published news, citing its sources; when nothing
    matches well enough, ``handoff`` is true and the sources offer a feedback case."""
    rate_limit_hit("chat", client_ip(request), limit=60, window=60)
    return selectors.chat_answer(question=payload.question)


def _anyone(request):
    return True


class FeedbackIn(Schema):
    topic: str
    agency: str = Field(..., description="Mã cơ quan BHXH tiếp nhận")
    text: str = Field(..., max_length=4000)
    contact_name: str = Field(..., max_length=120)
    contact_phone: str = Field("", max_length=10)
    contact_email: str = Field("", max_length=254)
    captcha_key: str = ""
    captcha_value: str = ""


class EventOut(Schema):
    to_status: str
    at: datetime
    note: str


class FeedbackOut(Schema):
    number: str
    status: str
    status_label: str
    url: str
    answer: str
    events: list[EventOut]

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_url(obj):
        return services.feedback_link(obj)

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.all())


@router.post(
    "/support/feedback",
    response={201: FeedbackOut},
    auth=[bearer, _anyone],
    summary="Gửi phản ánh, kiến nghị (gửi kèm Idempotency-Key để gửi lại an toàn)",
)
def feedback_file(
    request,
    payload: FeedbackIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=100),
):
    """Guests send a captcha from ``/lookups/captcha``; signed-in citizens (bearer) need none
    and find the case among their own. The answer's ``url`` is the case's private link."""
    person = getattr(request.user, "person", None) if request.auth is not True else None
    if person is None:
        captcha_check(key=payload.captcha_key, value=payload.captcha_value)
    agency = agency_by_code(payload.agency)
    if agency is None:
        message = _("Cơ quan BHXH không tồn tại.")
        raise InvalidInput(message, code="agency_invalid", fields={"agency": [message]})
    case = services.feedback_file(
        topic=payload.topic,
        text=payload.text,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        contact_email=payload.contact_email,
        agency=agency,
        person=person,
        ip=client_ip(request),
        site=request.build_absolute_uri("/").rstrip("/"),
        idempotency_key=idempotency_key,
    )
    return Status(201, case)


@router.get("/support/feedback/{number}", response=FeedbackOut, summary="Xem một phản ánh")
def feedback_get(request, number: str, token: str):
    """Through the private link's token: no token, no case."""
    case = selectors.feedback_case_by_token(number=number, token=token)
    if case is None:
        raise NotFound()
    return case
