"""Tin tức: sanitised HTML, scheduled publication, categories, the feed and the API."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from openvss.support.models import Article
from openvss.support.services import article_save

pytestmark = pytest.mark.django_db


def make(slug="tin-moi", *, when=None, category=Article.Category.SECTOR, body="<p>Nội dung</p>"):
    return article_save(
        article=Article(
            slug=slug,
            title="Tin mới",
            category=category,
            body_html=body,
            is_published=True,
            published_at=when or timezone.now() - timedelta(hours=1),
        )
    )


def test_the_body_is_sanitised_on_save():
    article = make(
        body='<p onclick="x()">Chào<script>alert(1)</script></p><a href="javascript:alert(1)">a</a>'
        '<img src="/tin-tuc/anh/1/" onerror="x()"><style>p{}</style><h2>Mục</h2>'
    )
    assert "script" not in article.body_html and "onclick" not in article.body_html
    assert "javascript:" not in article.body_html and "onerror" not in article.body_html
    assert "<style>" not in article.body_html and "<h2>Mục</h2>" in article.body_html
    assert article.body_text.startswith("Chào")


def test_a_scheduled_article_waits_for_its_time(client):
    make("da-dang")
    make("hen-gio", when=timezone.now() + timedelta(days=1))
    page = client.get("/tin-tuc/").content.decode()
    assert "/tin-tuc/da-dang/" in page and "/tin-tuc/hen-gio/" not in page
    assert client.get("/tin-tuc/hen-gio/").status_code == 404
    assert client.get("/api/v1/support/news/hen-gio").status_code == 404


def test_categories_filter_the_list(client):
    make("chinh-sach", category=Article.Category.POLICY)
    make("hoat-dong")
    page = client.get("/tin-tuc/", {"chuyen-muc": "che-do-chinh-sach"}).content.decode()
    assert "/tin-tuc/chinh-sach/" in page and "/tin-tuc/hoat-dong/" not in page
    assert client.get("/tin-tuc/", {"chuyen-muc": "khong-co"}).status_code == 404
    api = client.get("/api/v1/support/news", {"category": "khong-co"})
    assert api.status_code == 422


def test_the_demo_content_loads_once_with_the_user_guide(client):
    call_command("load_support_content", verbosity=0)
    call_command("load_support_content", verbosity=0)
    assert Article.objects.filter(slug="huong-dan-su-dung-vssid").count() == 1
    guide = client.get("/tin-tuc/huong-dan-su-dung-vssid/").content.decode()
    assert "Hướng dẫn sử dụng" in guide and "Đổi mật khẩu" in guide
    faq = client.get("/ho-tro/cau-hoi-thuong-gap/").content.decode()
    assert 'id="quen-mat-khau-sms"' in faq and "8079" in faq


def test_the_feed_lists_published_news(client):
    make("tin-rss")
    response = client.get("/tin-tuc/rss/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss")
    assert b"/tin-tuc/tin-rss/" in response.content
    atom = client.get("/tin-tuc/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert b"/tin-tuc/tin-rss/" in atom.content


def test_the_news_api_pages_and_shows_an_article(client):
    make("tin-api", body="<p>Đoạn <strong>một</strong></p>")
    listing = client.get("/api/v1/support/news").json()
    assert listing["items"][0]["slug"] == "tin-api" and listing["count"] == 1
    detail = client.get("/api/v1/support/news/tin-api").json()
    assert detail["body_html"] == "<p>Đoạn <strong>một</strong></p>"


def test_help_pages_render_for_a_guest_with_tappable_contacts(client, settings):
    page = client.get("/ho-tro/").content.decode()
    assert 'href="tel:19009068"' in page and f'href="mailto:{settings.SUPPORT_EMAIL}"' in page
    for url in [
        "/ho-tro/cau-hoi-thuong-gap/",
        "/ho-tro/hoi-dap/",
        "/ho-tro/phan-anh/",
        "/tin-tuc/",
    ]:
        assert client.get(url).status_code == 200, url


def test_the_home_shows_the_new_tiles(client):
    page = client.get("/").content.decode()
    assert 'href="/tra-cuu/"' in page and 'href="/tin-tuc/"' in page and 'href="/ho-tro/"' in page


def test_an_article_image_is_cleaned_and_served(client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from openvss.support.services import article_image_add

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buffer, format="PNG")
    article = make("co-anh")
    image = article_image_add(
        article=article, upload=SimpleUploadedFile("a.png", buffer.getvalue()), caption="Ảnh"
    )
    response = client.get(f"/tin-tuc/anh/{image.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert f'src="/tin-tuc/anh/{image.pk}/"' in client.get("/tin-tuc/co-anh/").content.decode()


def test_support_pages_speak_english_when_chosen(client):
    client.cookies["django_language"] = "en"
    assert "Frequently asked questions" in client.get("/ho-tro/").content.decode()
    assert "Find your social insurance number" in client.get("/tra-cuu/").content.decode()
