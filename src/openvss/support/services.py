"""Writes of news and feedback cases. News bodies are sanitised with nh3 (Ammonia); every
change of a case's status is a history row, and the filer is notified through the outbox."""

import uuid

import nh3
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openvss.core.ratelimit import rate_limit_hit
from openvss.core.uploads import image_clean
from openvss.domain.text import nfc
from openvss.errors import Conflict, Forbidden, InvalidInput
from openvss.messaging.services import notice_queue

from . import chatbot
from .models import Article, ArticleImage, FeedbackAttachment, FeedbackCase, FeedbackEvent

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a",
    "blockquote", "figure", "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
FEEDBACK_LIMIT = 5  # cases per caller per hour
MAX_ATTACHMENTS = 3


def html_sanitise(body: str) -> str:
    """Officers' HTML with only safe tags and links (no script, style, event handler)."""
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


@transaction.atomic
def article_save(*, article: Article, author=None) -> Article:
    """Save an article with its body sanitised and its plain text kept for the chatbot."""
    article.title = nfc(article.title)
    article.summary = nfc(article.summary)
    article.body_html = html_sanitise(article.body_html)
    article.body_text = chatbot.html_to_text(article.body_html)
    if author is not None and article.author_id is None:
        article.author = author
    article.save()
    return article


def article_image_add(*, article: Article, upload, caption: str = "") -> ArticleImage:
    clean = image_clean(upload, field="image")
    return ArticleImage.objects.create(
        article=article,
        caption=nfc(caption),
        content=clean.content.read(),
        width=clean.width,
        height=clean.height,
        sha256=clean.sha256,
    )


# --- feedback cases ---------------------------------------------------------------------


def _event(case: FeedbackCase, to_status: str, *, actor=None, note: str = "", before: str = ""):
    FeedbackEvent.objects.create(
        case=case, from_status=before, to_status=to_status, actor=actor, note=note
    )


def feedback_link(case: FeedbackCase) -> str:
    return reverse("support:feedback_case", args=[case.number, case.token])


@transaction.atomic
def feedback_file(
    *,
    topic: str,
    text: str,
    contact_name: str,
    contact_phone: str = "",
    contact_email: str = "",
    agency,
    person=None,
    photos=(),
    ip: str,
    site: str = "",
    idempotency_key: str = "",
) -> FeedbackCase:
    """File a case: a number, a private link, a first history row and a receipt to the
    filer's phone or email through the outbox.

    A repeat with the same ``idempotency_key`` and the same content returns the first case;
    the same key with other content is a conflict (the key cannot be used to read a case).
    """
    text, contact_name = nfc(text), nfc(contact_name)
    contact_phone, contact_email = contact_phone.strip(), contact_email.strip().lower()
    if idempotency_key:
        earlier = FeedbackCase.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            same = (earlier.text, earlier.contact_phone, earlier.contact_email) == (
                text, contact_phone, contact_email,
            )  # fmt: skip
            if not same:
                raise Conflict(_("Idempotency-Key này đã được dùng cho một phản ánh khác."))
            return earlier
    rate_limit_hit("feedback_file", ip, limit=FEEDBACK_LIMIT, window=3600)
    fields = {}
    if len(text) < 10:
        fields["text"] = [_("Vui lòng mô tả nội dung phản ánh (ít nhất 10 ký tự).")]
    if not contact_phone and not contact_email:
        fields["contact_phone"] = [_("Vui lòng để lại số điện thoại hoặc email để nhận trả lời.")]
    if topic not in FeedbackCase.Topic.values:
        fields["topic"] = [_("Chủ đề không hợp lệ.")]
    if len(photos) > MAX_ATTACHMENTS:
        fields["photos"] = [_("Tối đa %(n)d ảnh.") % {"n": MAX_ATTACHMENTS}]
    if fields:
        first = next(iter(fields.values()))[0]
        raise InvalidInput(first, code="feedback_invalid", fields=fields)
    cleaned = [image_clean(photo, field="photos") for photo in photos]
    case = FeedbackCase.objects.create(
        number=f"t{uuid.uuid4().hex[:19]}",  # replaced by the dated number below
        topic=topic,
        text=text,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        agency=agency,
        person=person,
        idempotency_key=idempotency_key[:100],
    )
    case.number = f"PA{timezone.localdate():%Y%m%d}{case.pk:06d}"
    case.save(update_fields=["number"])
    for clean in cleaned:
        FeedbackAttachment.objects.create(
            case=case, content=clean.content.read(), sha256=clean.sha256
        )
    _event(case, FeedbackCase.Status.NEW)
    link = site + feedback_link(case)
    notice_queue(
        phone=contact_phone,
        email=contact_email,
        purpose="feedback_received",
        sms=_("BHXH da nhan phan anh so %(number)s. Xem tai %(link)s")
        % {"number": case.number, "link": link},
        subject=_("Đã nhận phản ánh số %(number)s") % {"number": case.number},
        email_body=_(
            "Cơ quan BHXH đã nhận phản ánh, kiến nghị số %(number)s của bạn.\n"
            "Theo dõi và xem trả lời tại: %(link)s"
        )
        % {"number": case.number, "link": link},
        person=person,
    )
    return case


def _account_email(person) -> str:
    account = getattr(person, "account", None) if person is not None else None
    return account.email if account is not None else ""


def _check_officer(case: FeedbackCase, officer) -> None:
    if not officer.is_staff or not (officer.is_superuser or officer.agency_id == case.agency_id):
        raise Forbidden(_("Phản ánh này thuộc cơ quan BHXH khác."))


@transaction.atomic
def feedback_take(*, case_id: int, officer) -> FeedbackCase:
    """Mới → Đang xử lý: an officer of the case's agency takes it."""
    case = FeedbackCase.objects.select_for_update().get(pk=case_id)
    _check_officer(case, officer)
    if case.status != FeedbackCase.Status.NEW:
        raise Conflict(_("Phản ánh không còn ở trạng thái Mới."))
    before, case.status = case.status, FeedbackCase.Status.IN_PROGRESS
    case.save(update_fields=["status"])
    _event(case, case.status, actor=officer, before=before)
    return case


@transaction.atomic
def feedback_answer(*, case_id: int, officer, answer: str, site: str = "") -> FeedbackCase:
    """→ Đã trả lời: the officer's answer, and a notice to the filer (inbox, SMS or email)."""
    case = FeedbackCase.objects.select_for_update().get(pk=case_id)
    _check_officer(case, officer)
    answer = (answer or "").strip()
    if not answer:
        message = _("Vui lòng nhập nội dung trả lời.")
        raise InvalidInput(message, code="answer_required", fields={"answer": [message]})
    if case.status == FeedbackCase.Status.CLOSED:
        raise Conflict(_("Phản ánh đã đóng."))
    before = case.status
    case.status = FeedbackCase.Status.ANSWERED
    case.answer = answer
    case.answered_by = officer
    case.answered_at = timezone.now()
    case.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    _event(case, case.status, actor=officer, before=before, note=answer)
    link = site + feedback_link(case)
    notice_queue(
        phone=case.contact_phone,
        # A citizen's own case also reaches their account's email, which the inbox shows.
        email=case.contact_email or _account_email(case.person),
        purpose="feedback_answered",
        sms=_("BHXH da tra loi phan anh so %(number)s. Xem tai %(link)s")
        % {"number": case.number, "link": link},
        subject=_("Trả lời phản ánh số %(number)s") % {"number": case.number},
        email_body=_("Cơ quan BHXH đã trả lời phản ánh số %(number)s:\n\n%(answer)s\n\n%(link)s")
        % {"number": case.number, "answer": answer, "link": link},
        person=case.person,
    )
    return case


@transaction.atomic
def feedback_close(*, case_id: int, actor, note: str = "") -> FeedbackCase:
    """→ Đóng: by the officer, or by the filer once answered."""
    case = FeedbackCase.objects.select_for_update().get(pk=case_id)
    if actor is not None and actor.is_staff:
        _check_officer(case, actor)
    if case.status == FeedbackCase.Status.CLOSED:
        raise Conflict(_("Phản ánh đã đóng."))
    before, case.status = case.status, FeedbackCase.Status.CLOSED
    case.save(update_fields=["status"])
    _event(case, case.status, actor=actor, before=before, note=nfc(note))
    return case
