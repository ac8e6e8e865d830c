import subprocess
import sys

import pytest
from django.core import mail

from openvss.demo.data import CITIZEN_CODE, demo_accounts_ensure, demo_people_ensure
from openvss.messaging.backends.sms import MemorySmsBackend
from openvss.messaging.models import InboundSms, Message
from openvss.messaging.services import message_queue
from tests.core.test_service import production_env

PHONE = "/dien-thoai-mo-phong/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def an(db):
    demo_people_ensure()
    demo_accounts_ensure()
    return CITIZEN_CODE


def test_the_phone_shows_what_was_sent_newest_first_with_the_otp_readable(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message_queue(channel="sms", recipient="0912345678", purpose="otp",
                      body="BHXH: Ma OTP cua ban la {secret}", secret="482915")  # fmt: skip
    delivered = Message.objects.get()
    assert delivered.status == "sent" and delivered.secret == ""  # the outbox forgot it
    waiting = message_queue(channel="email", recipient="an@example.vn", purpose="otp",
                            subject="Mã OTP", body="Mã của bạn: {secret}", secret="730164")  # fmt: skip
    page = client.get(PHONE).content.decode()
    assert "482915" in page  # delivered: the demo mailbox kept what the phone received
    assert "730164" in page  # still waiting for the worker: shown as it will be sent
    assert page.index(f'data-message="{waiting.pk}"') < page.index(f'data-message="{delivered.pk}"')
    only_sms = client.get(PHONE, {"so": "0912345678"}).content.decode()
    assert "482915" in only_sms and "730164" not in only_sms


def test_without_demo_tools_the_outbox_keeps_no_secret_anywhere(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DEMO_MAILBOX = ""
    with django_capture_on_commit_callbacks(execute=True):
        message_queue(channel="sms", recipient="0912345678", purpose="otp",
                      body="OTP {secret}", secret="482915")  # fmt: skip
    assert Message.objects.get().secret == ""
    assert not any(tmp_path.glob("*.jsonl"))


def test_texting_8079_goes_through_the_signed_webhook(
    an, client, settings, django_capture_on_commit_callbacks
):
    settings.SMS_WEBHOOK_SECRET = "demo-secret"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PHONE, {"sender": "0912345678", "text": "BH MK 0123456789"})
    assert response.status_code == 302 and "so=0912345678" in response["Location"]
    inbound = InboundSms.objects.get()
    assert inbound.sender == "0912345678" and inbound.text == "BH MK 0123456789"
    new_password = MemorySmsBackend.outbox[-1]
    assert new_password.to == "0912345678"
    page = client.get(response["Location"]).content.decode()
    assert "8079 đã nhận tin nhắn" in page
    sent = Message.objects.filter(recipient="0912345678").latest("created_at")
    assert sent.secret == "" and new_password.text in page  # the new password, readable


def test_the_reply_of_8079_is_shown(an, client, settings):
    settings.SMS_WEBHOOK_SECRET = "demo-secret"
    response = client.post(
        PHONE, {"sender": "0912345678", "text": "BH HS 00009.DK/2026/01000"}, follow=True
    )
    assert (
        "8079 trả lời: BHXH: Khong tim thay ho so so 00009.DK/2026/01000."
        in response.content.decode()
    )


def test_an_unsigned_gateway_is_refused_on_the_real_path(an, client, settings):
    settings.SMS_WEBHOOK_SECRET = ""  # the webhook is closed: the phone's message is refused
    response = client.post(PHONE, {"sender": "0912345678", "text": "BH MK 0123456789"}, follow=True)
    assert "Tổng đài SMS từ chối tin nhắn" in response.content.decode()
    assert not InboundSms.objects.exists()


def test_a_message_without_sender_or_text_shows_the_field_errors(client):
    response = client.post(PHONE, {"sender": "", "text": ""})
    assert response.status_code == 200 and "has-error" in response.content.decode()


def test_the_phone_is_linked_from_the_footer_in_the_demo(client):
    assert f'href="{PHONE}"' in client.get("/").content.decode()


def test_the_phone_answers_404_when_demo_tools_are_off(client, settings):
    settings.DEMO_TOOLS = False
    assert client.get(PHONE).status_code == 404
    assert (
        client.post(PHONE, {"sender": "0912345678", "text": "BH MK 0123456789"}).status_code == 404
    )


def test_production_does_not_route_the_phone(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.urls import NoReverseMatch, reverse\n"
        "try:\n    print(reverse('web:phone'))\n"
        "except NoReverseMatch:\n    print('absent')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=production_env(OPENVSS_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="openvss.settings"),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.stdout.strip() == "absent", result.stderr


def test_emails_on_the_console_name_their_attachments_instead_of_dumping_them():
    import io

    from django.core.mail import EmailMessage

    from openvss.messaging.backends.email import ConsoleEmailBackend

    stream = io.StringIO()
    email = EmailMessage("Tờ khai", "Hồ sơ của bạn đã được tiếp nhận.", to=["an@example.vn"])
    email.attach("to-khai-1.pdf", b"%PDF-1.4 " + b"x" * 5000, "application/pdf")
    ConsoleEmailBackend(stream=stream).send_messages([email])
    out = stream.getvalue()
    assert "Hồ sơ của bạn đã được tiếp nhận." in out
    assert "to-khai-1.pdf, 5,009 byte" in out and "JVBERi" not in out  # no base64
    assert len(out) < 500
    assert not mail.outbox


def test_production_refuses_to_start_with_demo_tools_on(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "openvss.cli", "check"],
        env=production_env(OPENVSS_VAR_DIR=str(tmp_path), DEMO_TOOLS="1"),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0 and "openvss.E001" in result.stderr


def test_an_officer_signs_in_with_the_code_the_simulated_phone_shows(client):
    import re

    from openvss.accounts.models import User

    demo_people_ensure()
    logins = {login.username: login for login in demo_accounts_ensure()}
    page = client.get(PHONE).content.decode()
    code = re.search(r'data-staff-code="canbo.hanoi">(\d{6})<', page).group(1)
    response = client.post(
        "/quan-tri/login/?next=/quan-tri/",
        {"username": "canbo.hanoi", "password": logins["canbo.hanoi"].password},
    )
    assert response.status_code == 302 and "xac-thuc-hai-buoc" in response["Location"]
    response = client.post(response["Location"], {"otp_token": code})
    assert response.status_code == 302
    assert client.get("/quan-tri/dossiers/dossier/").status_code == 200  # the queue
    officer = User.objects.get(username="canbo.hanoi")
    assert officer.totpdevice_set.filter(confirmed=True).count() == 1
