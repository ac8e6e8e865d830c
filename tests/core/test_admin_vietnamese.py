"""The back office speaks Vietnamese: Django's screens, the history pages of
django-simple-history, the task queue, and the dossiers' status history (labels, not keys)."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from openvss.dossiers.models import Dossier, DossierEvent
from openvss.places.models import Agency
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Words of Django's and the apps' English that must not reach a Vietnamese page.
ENGLISH = [
    "Show counts",
    "Hide counts",
    "Toggle navigation",
    "Toggle theme",
    "Skip to main content",
    "Filter navigation items",
    "Changed by",
    "Change reason",
    "Date/time",
    "History",
    "Task name",
    "Run after",
    "Tasks Database Backend",
    "Latitude",
    "Longitude",
    "awaiting_otp",
    "in_review",
]


def english_in(page: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S))
    return [word for word in ENGLISH if word in text]


@pytest.fixture
def dossier(db):
    dossier = Dossier.objects.create(
        kind=Dossier.Kind.REGISTRATION,
        status=Dossier.Status.RECEIVED,
        number="00001.DK/2026/01000",
        agency=Agency.objects.get(code="01000"),
        person=PersonFactory(),
        data={"full_name": "Nguyễn Văn An", "bhxh_code": "0123456789"},
    )
    DossierEvent.objects.create(dossier=dossier, to_status="awaiting_otp")
    DossierEvent.objects.create(dossier=dossier, from_status="awaiting_otp", to_status="received")
    return dossier


def test_a_dossiers_history_shows_status_labels_not_keys(admin_client, dossier):
    page = admin_client.get(f"/quan-tri/dossiers/dossier/{dossier.pk}/change/").content.decode()
    assert "Chờ xác thực OTP → Đã tiếp nhận" in page
    assert "awaiting_otp" not in page and "→ received" not in page
    for header in ("Thời điểm", "Từ trạng thái", "Sang trạng thái", "Người thực hiện"):
        assert header in page, header
    assert not english_in(page), english_in(page)


def test_a_dossier_event_reads_as_labels_in_english_too():
    from django.utils import translation

    event = DossierEvent(from_status="in_review", to_status="approved")
    with translation.override("vi"):
        assert str(event) == "Đang xử lý → Đã duyệt"
    with translation.override("en"):
        assert "in_review" not in str(event) and "→" in str(event)


def test_the_history_page_of_a_record_is_vietnamese(admin_client):
    person = PersonFactory()
    person.full_name = "Nguyễn Văn Ân"
    person.save()
    page = admin_client.get(f"/quan-tri/people/person/{person.pk}/history/").content.decode()
    for header in ("Lịch sử", "Ngày/giờ", "Người thay đổi", "Lý do thay đổi"):
        assert header in page, header
    assert not english_in(page), english_in(page)


def test_every_admin_list_and_form_is_free_of_django_english(admin_client):
    """Every registered model's list and add or first change page (the crawl finds new ones)."""
    PersonFactory()
    checked = 0
    for model in admin.site._registry:
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        pages = [reverse(f"{base}_changelist")]
        first = model.objects.order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"{base}_change", args=[first.pk]))
        for url in pages:
            response = admin_client.get(url)
            assert response.status_code in (200, 302), url
            if response.status_code == 200:
                found = english_in(response.content.decode())
                assert not found, (url, found)
                checked += 1
    index = admin_client.get("/quan-tri/").content.decode()
    assert "Hàng đợi tác vụ" in index and not english_in(index), english_in(index)
    assert checked >= len(admin.site._registry)


def test_app_names_follow_the_chosen_language(admin_client):
    vietnamese = admin_client.get("/quan-tri/").content.decode()
    assert "Quy định và tham số pháp lý" in vietnamese
    admin_client.cookies["django_language"] = "en"
    english = admin_client.get("/quan-tri/").content.decode()
    assert "Rules and legal parameters" in english and "Task queue" in english
    assert "Quy định và tham số pháp lý" not in english
