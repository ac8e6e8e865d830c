"""Notices reach people in their language: the one the applicant used, whoever triggers the
notice (an officer working in English, the worker); SMS without diacritics."""

import re

import pytest
from django.core import mail
from django.utils import translation

from openvss.dossiers import services
from openvss.dossiers.models import Dossier
from openvss.messaging.backends.sms import MemorySmsBackend

pytestmark = pytest.mark.django_db


def _register(declaration, photos, capture, language):
    with translation.override(language), capture(execute=True):
        submitted = services.registration_submit(**declaration, **photos)
    code = re.search(r"OTP - (\d{6})", mail.outbox[-1].body).group(1)
    with translation.override(language), capture(execute=True):
        return services.dossier_confirm(dossier=submitted.dossier, otp=code)


def test_an_english_applicant_gets_english_notices_from_a_vietnamese_officer(
    declaration, photos, officer, django_capture_on_commit_callbacks
):
    dossier = _register(declaration, photos, django_capture_on_commit_callbacks, "en")
    assert dossier.language == "en"
    assert mail.outbox[0].subject == "Transaction code"
    assert "TRANSACTION VERIFICATION" in mail.outbox[0].body
    assert mail.outbox[-1].subject.startswith("Electronic-transaction registration – dossier ")
    assert "The social-insurance agency has received your declaration." in mail.outbox[-1].body

    MemorySmsBackend.outbox.clear()
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        services.dossier_approve(dossier_id=dossier.pk, officer=officer)
    email = mail.outbox[-1]
    assert (
        email.subject
        == "Your electronic-transaction account with the social-insurance agency has been issued"
    )
    assert f"Dossier {dossier.number} has been approved." in email.body
    sms = MemorySmsBackend.outbox[-1].text
    assert sms.startswith("BHXH: Your electronic-transaction account has been issued.")
    assert re.search(r"Password: \S+\.", sms)


def test_a_vietnamese_applicant_gets_vietnamese_notices_from_an_english_officer(
    declaration, photos, officer, django_capture_on_commit_callbacks
):
    dossier = _register(declaration, photos, django_capture_on_commit_callbacks, "vi")
    assert dossier.language == "vi"
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.dossier_reject(
            dossier_id=dossier.pk, officer=officer, reason="Ảnh CCCD bị mờ, không đọc được."
        )
    email = mail.outbox[-1]
    assert email.subject == f"Hồ sơ số {dossier.number} không được chấp nhận"
    assert "Lý do: Ảnh CCCD bị mờ, không đọc được." in email.body
    assert MemorySmsBackend.outbox[-1].text == (
        f"BHXH: Ho so so {dossier.number} khong duoc chap nhan. "
        "Ly do: Anh CCCD bi mo, khong doc duoc."
    )


def test_the_worker_writes_the_expiry_notice_in_the_applicants_language(
    declaration, photos, django_capture_on_commit_callbacks
):
    dossier = _register(declaration, photos, django_capture_on_commit_callbacks, "en")
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.dossiers_expire(
                now=dossier.expires_at.replace(year=dossier.expires_at.year + 1)
            )
            == 1
        )
    assert "was deleted automatically" in mail.outbox[-1].body
    assert Dossier.objects.get(pk=dossier.pk).status == Dossier.Status.EXPIRED


@pytest.mark.parametrize(
    ("language", "login"), [("vi", "Ten dang nhap: 0123456789."), ("en", "Username: 0123456789.")]
)
def test_sms_notices_have_no_diacritics_in_either_language(
    declaration, photos, officer, django_capture_on_commit_callbacks, language, login
):
    dossier = _register(declaration, photos, django_capture_on_commit_callbacks, language)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_approve(dossier_id=dossier.pk, officer=officer)
    text = MemorySmsBackend.outbox[-1].text
    assert text.isascii() and login in text, text
