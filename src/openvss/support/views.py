"""Tin tức and Hỗ trợ pages, readable without signing in (except a citizen's own cases)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openvss.core.ratelimit import client_ip, rate_limit_hit
from openvss.errors import OpenvssError

from . import selectors, services
from .forms import ChatForm, FeedbackForm
from .models import Article

NEWS_PAGE_SIZE = 10


def news(request):
    """Tin tức: by category, newest first, ten a page."""
    category = request.GET.get("chuyen-muc") or None
    if category and category not in Article.Category.values:
        raise Http404
    paginator = Paginator(selectors.article_published_list(category=category), NEWS_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "category": category,
        "categories": Article.Category.choices,
    }
    return render(request, "support/news.html", context)


def article(request, slug: str):
    item = selectors.article_published_get(slug=slug)
    if item is None:
        raise Http404
    return render(request, "support/article.html", {"article": item})


def article_image(request, image_id: int):
    image = selectors.article_image_published(image_id=image_id)
    if image is None:
        raise Http404
    response = HttpResponse(bytes(image.content), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    response["ETag"] = f'"{image.sha256}"'
    return response


def help_index(request):
    """Hỗ trợ (guide 004 §2): chatbot, hotline, email, FAQ, feedback."""
    return render(request, "support/help.html", {"support_email": settings.SUPPORT_EMAIL})


def faq(request):
    return render(request, "support/faq.html", {"topics": selectors.faq_topics()})


@require_http_methods(["GET", "POST"])
def chat(request):
    """The chatbot without JavaScript: each question posts, the conversation stays in the
    session (the last ten turns)."""
    history = request.session.get("chat", [])
    form = ChatForm(request.POST or None)
    status = 200
    if request.method == "POST" and request.POST.get("clear"):
        request.session.pop("chat", None)
        return redirect("support:chat")
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit_hit("chat", client_ip(request), limit=60, window=60)
            reply = selectors.chat_answer(question=form.cleaned_data["question"])
        except OpenvssError as exc:
            form.add_error("question", exc.message)
            status = 429 if exc.status == 429 else 400
        else:
            history = [
                *history,
                {
                    "question": form.cleaned_data["question"],
                    "answer": reply.answer,
                    "sources": reply.sources,
                    "handoff": reply.handoff,
                },
            ][-10:]
            request.session["chat"] = history
            return redirect(reverse("support:chat") + "#tra-loi")
    elif request.method == "POST":
        status = 400
    return TemplateResponse(
        request, "support/chat.html", {"form": form, "history": history}, status=status
    )


def feedback(request):
    """Phản ánh kiến nghị: anyone files; guests answer a captcha."""
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    guest = person is None
    initial = {}
    if person is not None:
        initial = {
            "contact_name": person.full_name,
            "contact_phone": request.user.phone or person.phone,
            "contact_email": request.user.email or person.email,
        }
    form = FeedbackForm(request.POST or None, request.FILES or None, guest=guest, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.feedback_file(
                topic=data["topic"],
                text=data["text"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_email=data["contact_email"],
                agency=data["agency"],
                person=person,
                photos=data["photos"],
                ip=client_ip(request),
                site=request.build_absolute_uri("/").rstrip("/"),
            )
        except OpenvssError as exc:
            field = next(iter(exc.fields), None)
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            return redirect(services.feedback_link(case))
    return TemplateResponse(
        request,
        "support/feedback.html",
        {"form": form},
        status=422 if form.errors else 200,
    )


def feedback_case(request, number: str, token: str):
    """A case through its private link: its status, history and the officer's answer."""
    case = selectors.feedback_case_by_token(number=number, token=token)
    if case is None:
        raise Http404
    if request.method == "POST" and request.POST.get("close"):
        try:
            rate_limit_hit("feedback_close", client_ip(request), limit=20, window=3600)
            services.feedback_close(case_id=case.pk, actor=None, note=_("Người gửi đóng phản ánh."))
        except OpenvssError as exc:
            from django.contrib import messages

            messages.error(request, exc.message)
        return redirect(services.feedback_link(case))
    return render(request, "support/feedback_case.html", {"case": case})


def feedback_photo(request, number: str, token: str, photo_id: int):
    """A photo the filer attached, through the case's private link only."""
    case = selectors.feedback_case_by_token(number=number, token=token)
    photo = selectors.feedback_photo(case=case, photo_id=photo_id)
    if photo is None:
        raise Http404
    response = HttpResponse(bytes(photo.content), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_feedback(request):
    person = request.user.person
    if person is None:
        raise Http404
    cases = selectors.feedback_cases_of(person=person)
    return render(request, "support/my_feedback.html", {"cases": cases})
