"""Load the demo's news and FAQ (support/content): idempotent, keyed by slug and key; an
officer's later edits to a loaded entry are overwritten only with --force."""

import json
from datetime import datetime
from importlib import resources

from django.core.management.base import BaseCommand
from django.db import transaction

from openvss.support import services
from openvss.support.models import Article, FaqEntry, FaqTopic

CONTENT = resources.files("openvss.support") / "content"


class Command(BaseCommand):
    help = "Nạp tin tức và câu hỏi thường gặp mẫu (chạy lại không tạo bản trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="ghi đè nội dung đã sửa")

    @transaction.atomic
    def handle(self, *args, force: bool = False, **options):
        faq = json.loads((CONTENT / "faq.json").read_text(encoding="utf-8"))
        created = 0
        for position, topic_data in enumerate(faq["topics"]):
            topic, _ = FaqTopic.objects.update_or_create(
                slug=topic_data["slug"],
                defaults={"name": topic_data["name"], "position": position},
            )
            for entry_position, entry in enumerate(topic_data["entries"]):
                values = {
                    "topic": topic,
                    "question": entry["question"],
                    "answer": entry["answer"],
                    "keywords": entry.get("keywords", ""),
                    "position": entry_position,
                }
                obj, made = FaqEntry.objects.get_or_create(key=entry["key"], defaults=values)
                created += made
                if not made and force:
                    FaqEntry.objects.filter(pk=obj.pk).update(**values)
        news = json.loads((CONTENT / "news.json").read_text(encoding="utf-8"))
        for item in news["articles"]:
            if Article.objects.filter(slug=item["slug"]).exists() and not force:
                continue
            body = item.get("body_html") or (CONTENT / item["body_file"]).read_text(
                encoding="utf-8"
            )
            article = Article.objects.filter(slug=item["slug"]).first() or Article(
                slug=item["slug"]
            )
            article.title = item["title"]
            article.category = item["category"]
            article.summary = item["summary"]
            article.body_html = body
            article.is_published = True
            article.published_at = datetime.fromisoformat(item["published"])
            services.article_save(article=article)
            created += 1
        self.stdout.write(
            f"Tin tức: {Article.objects.count()}, câu hỏi thường gặp: {FaqEntry.objects.count()}"
            f" (mới: {created})."
        )
