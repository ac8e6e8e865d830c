"""Phản ánh kiến nghị: a guest files, an officer of the right agency answers in the back
office, the filer is notified; statuses and their history."""

import re

import pytest

from openvss.errors import Forbidden
from openvss.messaging.models import Message
from openvss.messaging.selectors import inbox
from openvss.places.models import Agency
from openvss.support import services
from openvss.support.models import FeedbackCase
from tests.factories import CitizenFactory, OfficerFactory, PersonFactory

pytestmark = pytest.mark.django_db


def solve(page: str) -> dict:
    from captcha.models import CaptchaStore

    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', page).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


@pytest.fixture
def hanoi():
    return Agency.objects.get(code="01000")


@pytest.fixture
def officer(hanoi):
    return OfficerFactory(username="canbo.hn", is_superuser=True, agency=hanoi)


def test_a_case_goes_from_a_guest_to_an_officer_answer_to_the_notice(
    client, hanoi, officer, django_capture_on_commit_callbacks
):
    from django.core import mail

    from openvss.messaging.backends.sms import MemorySmsBackend

    form = client.get("/ho-tro/phan-anh/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ho-tro/phan-anh/",
            {"topic": "the-bhyt", "agency": hanoi.pk, "text": "Thẻ BHYT của tôi sai ngày sinh.",
             "contact_name": "Trần Thị Bình", "contact_phone": "0912345678",
             "contact_email": "binh@example.vn", **solve(form)},
        )  # fmt: skip
    assert response.status_code == 302
    case = FeedbackCase.objects.get()
    assert response["Location"] == f"/ho-tro/phan-anh/{case.number}/{case.token}/"
    assert re.fullmatch(r"PA\d{8}\d{6}", case.number) and case.status == "new"
    assert "Đã nhận phản ánh số" in mail.outbox[0].subject
    assert case.number in MemorySmsBackend.outbox[0].text

    # The officer answers in the back office.
    client.force_login(officer)
    change = f"/quan-tri/support/feedbackcase/{case.pk}/change/"
    assert client.get(change).status_code == 200
    client.post(
        "/quan-tri/support/feedbackcase/",
        {"action": "take", "_selected_action": [case.pk]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change, {"answer": "Đã điều chỉnh ngày sinh trên thẻ."})
    case.refresh_from_db()
    assert case.status == "answered" and case.answered_by == officer
    assert [e.to_status for e in case.events.all()] == ["new", "in_progress", "answered"]
    assert mail.outbox[-1].subject == f"Trả lời phản ánh số {case.number}"
    assert "Đã điều chỉnh ngày sinh" in mail.outbox[-1].body
    assert len(MemorySmsBackend.outbox) == 2

    # The guest reads the answer and the history through the private link.
    client.logout()
    page = client.get(f"/ho-tro/phan-anh/{case.number}/{case.token}/").content.decode()
    assert "Đã điều chỉnh ngày sinh trên thẻ." in page
    history = page[page.index("Lịch sử xử lý") :]
    assert history.index("Mới") < history.index("Đang xử lý") < history.index("Đã trả lời")
    assert client.get(f"/ho-tro/phan-anh/{case.number}/sai-ma/").status_code == 404
    client.post(f"/ho-tro/phan-anh/{case.number}/{case.token}/", {"close": "1"})
    case.refresh_from_db()
    assert case.status == "closed"


def test_a_guest_without_a_captcha_is_refused(client, hanoi):
    response = client.post(
        "/ho-tro/phan-anh/",
        {"topic": "khac", "agency": hanoi.pk, "text": "Nội dung đủ dài để gửi.",
         "contact_name": "A B", "contact_phone": "0912345678"},
    )  # fmt: skip
    assert response.status_code == 422 and not FeedbackCase.objects.exists()


def test_a_contact_is_required(client, hanoi):
    form = client.get("/ho-tro/phan-anh/").content.decode()
    response = client.post(
        "/ho-tro/phan-anh/",
        {"topic": "khac", "agency": hanoi.pk, "text": "Nội dung đủ dài để gửi.",
         "contact_name": "A B", **solve(form)},
    )  # fmt: skip
    assert response.status_code == 422
    assert "số điện thoại hoặc email" in response.content.decode()


def test_a_signed_in_citizen_needs_no_captcha_and_sees_the_case_and_its_notice(
    client, hanoi, officer, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    user = CitizenFactory(person=person, phone="0912345678", email="an@example.vn")
    client.force_login(user)
    form = client.get("/ho-tro/phan-anh/").content.decode()
    assert "captcha_0" not in form and 'value="Nguyễn Văn An"' in form
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/ho-tro/phan-anh/",
            {"topic": "qua-trinh", "agency": hanoi.pk, "text": "Quá trình tham gia thiếu 3 tháng.",
             "contact_name": "Nguyễn Văn An", "contact_phone": "0912345678"},
        )  # fmt: skip
    case = FeedbackCase.objects.get(person=person)
    assert case.number in client.get("/ho-tro/phan-anh/cua-toi/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_answer(case_id=case.pk, officer=officer, answer="Đã bổ sung.")
    purposes = [m.purpose for m in inbox(person=person)]
    assert "feedback_answered" in purposes  # the citizen's inbox


def test_an_officer_of_another_agency_cannot_answer(hanoi):
    case = services.feedback_file(
        topic="khac", text="Một phản ánh đủ dài.", contact_name="A B",
        contact_email="a@example.vn", agency=hanoi, ip="1.2.3.4",
    )  # fmt: skip
    other = OfficerFactory(hcm=True, officer_group=False)
    with pytest.raises(Forbidden):
        services.feedback_answer(case_id=case.pk, officer=other, answer="Không phải việc của tôi")
    case.refresh_from_db()
    assert case.status == "new" and not Message.objects.filter(purpose="feedback_answered")


def test_my_cases_need_sign_in(client):
    assert client.get("/ho-tro/phan-anh/cua-toi/").status_code == 302


def test_filing_is_rate_limited(hanoi):
    from openvss.errors import RateLimited

    for _ in range(services.FEEDBACK_LIMIT):
        services.feedback_file(
            topic="khac", text="Một phản ánh đủ dài.", contact_name="A B",
            contact_email="a@example.vn", agency=hanoi, ip="5.6.7.8",
        )  # fmt: skip
    with pytest.raises(RateLimited):
        services.feedback_file(
            topic="khac", text="Một phản ánh đủ dài.", contact_name="A B",
            contact_email="a@example.vn", agency=hanoi, ip="5.6.7.8",
        )  # fmt: skip


def test_the_api_files_a_case_with_a_captcha_and_shows_it_by_token(client, hanoi):
    from captcha.models import CaptchaStore

    key = client.get("/api/v1/lookups/captcha").json()["key"]
    payload = {"topic": "tai-khoan", "agency": "01000", "text": "Không đăng nhập được ứng dụng.",
               "contact_name": "Lê Văn C", "contact_email": "c@example.vn",
               "captcha_key": key, "captcha_value": CaptchaStore.objects.get(hashkey=key).response}  # fmt: skip
    response = client.post("/api/v1/support/feedback", payload, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    number, token = body["url"].strip("/").split("/")[-2:]
    assert body["status"] == "new" and body["number"] == number
    shown = client.get(f"/api/v1/support/feedback/{number}", {"token": token}).json()
    assert shown["events"][0]["to_status"] == "new"
    assert client.get(f"/api/v1/support/feedback/{number}", {"token": "x"}).status_code == 404
    no_captcha = client.post(
        "/api/v1/support/feedback", {**payload, "captcha_key": ""}, content_type="application/json"
    )
    assert no_captcha.status_code == 422


@pytest.mark.parametrize(
    "url",
    [
        "/quan-tri/support/article/",
        "/quan-tri/support/article/add/",
        "/quan-tri/support/faqtopic/",
        "/quan-tri/support/faqentry/",
        "/quan-tri/support/feedbackcase/",
    ],
)
def test_the_back_office_pages_render(client, officer, url):
    client.force_login(officer)
    assert client.get(url).status_code == 200


def test_an_officer_sees_only_the_cases_of_their_agency(client, hanoi, django_user_model):
    services.feedback_file(
        topic="khac", text="Một phản ánh đủ dài.", contact_name="A B",
        contact_email="a@example.vn", agency=hanoi, ip="1.2.3.4",
    )  # fmt: skip
    from django.contrib.auth.models import Permission

    other = OfficerFactory(hcm=True, username="canbo.hcm2", officer_group=False)
    other.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="support", codename__endswith="feedbackcase"
        )
    )
    client.force_login(other)
    page = client.get("/quan-tri/support/feedbackcase/").content.decode()
    assert FeedbackCase.objects.get().number not in page


def test_a_repeated_post_with_the_same_idempotency_key_files_one_case(client, hanoi):
    from captcha.models import CaptchaStore

    def post(text, key="lan-gui-1"):
        captcha_key = client.get("/api/v1/lookups/captcha").json()["key"]
        payload = {"topic": "khac", "agency": "01000", "text": text, "contact_name": "Lê Văn C",
                   "contact_email": "c@example.vn", "captcha_key": captcha_key,
                   "captcha_value": CaptchaStore.objects.get(hashkey=captcha_key).response}  # fmt: skip
        return client.post(
            "/api/v1/support/feedback", payload, content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=key,
        )  # fmt: skip

    first, again = post("Nội dung phản ánh lần một."), post("Nội dung phản ánh lần một.")
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"]
    assert FeedbackCase.objects.count() == 1
    other = post("Một nội dung khác hẳn.")
    assert other.status_code == 409 and FeedbackCase.objects.count() == 1


def test_officers_see_the_attached_photos(client, hanoi, officer):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), "red").save(buffer, format="JPEG")
    case = services.feedback_file(
        topic="the-bhyt", text="Ảnh thẻ bị sai tên.", contact_name="A B",
        contact_email="a@example.vn", agency=hanoi, ip="1.2.3.4",
        photos=[SimpleUploadedFile("the.jpg", buffer.getvalue())],
    )  # fmt: skip
    photo = case.attachments.get()
    client.force_login(officer)
    page = client.get(f"/quan-tri/support/feedbackcase/{case.pk}/change/").content.decode()
    url = f"/quan-tri/support/feedbackcase/{case.pk}/anh/{photo.pk}/"
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(url).status_code == 302  # to the back office's sign-in
    own = f"/ho-tro/phan-anh/{case.number}/{case.token}/anh/{photo.pk}/"
    assert own in client.get(f"/ho-tro/phan-anh/{case.number}/{case.token}/").content.decode()
    assert client.get(own).status_code == 200
    assert client.get(f"/ho-tro/phan-anh/{case.number}/sai/anh/{photo.pk}/").status_code == 404
