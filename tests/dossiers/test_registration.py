import io
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image

from openvss.accounts.models import User
from openvss.dossiers import services
from openvss.dossiers.models import Dossier, DossierEvent
from openvss.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited
from openvss.messaging.backends.sms import MemorySmsBackend
from openvss.messaging.models import Message
from tests.factories import CitizenFactory, UserFactory

from .conftest import jpeg

pytestmark = pytest.mark.django_db


def submit(declaration, photos, **changes):
    return services.registration_submit(**{**declaration, **photos, **changes})


def otp_from_email() -> str:
    return re.search(r"OTP - (\d{6})", mail.outbox[-1].body).group(1)


@pytest.fixture
def submitted(declaration, photos, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return submit(declaration, photos)


def confirm(submitted, django_capture_on_commit_callbacks, code=None):
    with django_capture_on_commit_callbacks(execute=True):
        return services.dossier_confirm(dossier=submitted.dossier, otp=code or otp_from_email())


def test_the_declaration_waits_for_the_otp_sent_to_the_email(submitted):
    dossier = submitted.dossier
    assert dossier.status == Dossier.Status.AWAITING_OTP and dossier.number is None
    assert submitted.otp_sent_to == "an***@example.vn"
    assert mail.outbox[-1].subject == "Mã xác thực giao dịch"
    assert "chỉ có giá trị trong vòng 3 phút" in mail.outbox[-1].body
    assert dossier.data["population_check"] == "matched"  # the green tick
    assert dossier.files.count() == 3


def test_the_right_otp_numbers_the_dossier_and_emails_the_declaration(
    submitted, django_capture_on_commit_callbacks
):
    dossier = confirm(submitted, django_capture_on_commit_callbacks)
    assert dossier.status == Dossier.Status.RECEIVED
    assert re.fullmatch(r"\d{5}\.DK/\d{4}/01000", dossier.number)
    assert dossier.expires_at - dossier.submitted_at == timedelta(days=10)
    email = mail.outbox[-1]
    assert dossier.number in email.subject
    name, content, kind = email.attachments[0]
    assert kind == "application/pdf" and content.startswith(b"%PDF")
    assert any(dossier.number in sms.text for sms in MemorySmsBackend.outbox)
    assert [e.to_status for e in dossier.events.all()] == ["awaiting_otp", "received"]


def test_numbers_count_up_per_agency_and_year(
    declaration, photos, an, django_capture_on_commit_callbacks
):
    from openvss.people.models import Person

    Person.objects.create(
        bhxh_code="0198765432",
        full_name="Trần Thị Bình",
        name_folded="tran thi binh",
        birth_date=date(1985, 11, 20),
        sex=2,
        citizen_id="001185012345",
    )
    numbers = []
    for changes in (
        {},
        {
            "bhxh_code": "0198765432",
            "full_name": "Trần Thị Bình",
            "birth_date": date(1985, 11, 20),
            "citizen_id": "001185012345",
            "phone": "0987654321",
            "email": "binh@example.vn",
        },
    ):
        with django_capture_on_commit_callbacks(execute=True):
            first = submit(declaration, {k: jpeg() for k in photos}, **changes)
        with django_capture_on_commit_callbacks(execute=True):
            numbers.append(
                services.dossier_confirm(dossier=first.dossier, otp=otp_from_email()).number
            )
    year = timezone.localdate().year
    assert numbers == [f"00001.DK/{year}/01000", f"00002.DK/{year}/01000"]


def test_a_wrong_otp_is_refused_and_the_dossier_stays_waiting(submitted):
    with pytest.raises(InvalidInput) as info:
        services.dossier_confirm(
            dossier=submitted.dossier, otp="000000" if otp_from_email() != "000000" else "111111"
        )
    assert info.value.code == "otp_wrong"
    submitted.dossier.refresh_from_db()
    assert submitted.dossier.status == Dossier.Status.AWAITING_OTP


def test_an_expired_otp_is_refused(submitted):
    later = timezone.now() + timedelta(minutes=4)
    with pytest.raises(InvalidInput) as info:
        services.dossier_confirm(dossier=submitted.dossier, otp=otp_from_email(), now=later)
    assert info.value.code == "otp_expired"


def test_a_confirmed_dossier_cannot_be_confirmed_again(
    submitted, django_capture_on_commit_callbacks
):
    code = otp_from_email()
    confirm(submitted, django_capture_on_commit_callbacks, code)
    other = "000000" if code != "000000" else "111111"
    with pytest.raises(Conflict):
        services.dossier_confirm(dossier=Dossier.objects.get(pk=submitted.dossier.pk), otp=other)
    later = timezone.now() + timedelta(minutes=11)
    with pytest.raises(Conflict):
        services.dossier_confirm(
            dossier=Dossier.objects.get(pk=submitted.dossier.pk), otp=code, now=later
        )


def test_the_same_code_sent_again_after_the_confirmation_gets_the_same_answer(
    submitted, django_capture_on_commit_callbacks
):
    """A phone that lost the answer (connection dropped after the commit) sends the same
    request again: it gets its number, not "code already used"; nothing happens twice."""
    code = otp_from_email()
    first = confirm(submitted, django_capture_on_commit_callbacks, code)
    events, mails = DossierEvent.objects.count(), len(mail.outbox)

    again = confirm(submitted, django_capture_on_commit_callbacks, code)

    assert again.number == first.number and again.status == Dossier.Status.RECEIVED
    assert (DossierEvent.objects.count(), len(mail.outbox)) == (events, mails)


def test_a_failure_after_the_code_is_checked_leaves_the_code_usable(
    submitted, django_capture_on_commit_callbacks, monkeypatch
):
    """The code is spent in the transaction that receives the dossier: if that transaction
    fails (the database restarts), the citizen's code still works."""
    from openvss.dossiers import engine

    code = otp_from_email()

    def fail(dossier):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patched:
        patched.setattr(engine, "notify_received", fail)
        with pytest.raises(RuntimeError):
            services.dossier_confirm(dossier=submitted.dossier, otp=code)
    assert Dossier.objects.get(pk=submitted.dossier.pk).status == Dossier.Status.AWAITING_OTP

    done = confirm(submitted, django_capture_on_commit_callbacks, code)

    assert done.status == Dossier.Status.RECEIVED and done.number


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"bhxh_code": "01234"}, "bhxh_code"),
        ({"full_name": "An"}, "full_name"),
        ({"citizen_id": "12345"}, "citizen_id"),
        ({"phone": "0241234567"}, "phone"),
        ({"commune_code": "99999"}, "commune"),
        ({"address_line": " "}, "address_line"),
        ({"agency_code": "VN000"}, "agency"),  # the central office receives no dossiers
        ({"birth_date": None}, "birth_date"),
    ],
)
def test_bad_fields_get_clear_messages(declaration, photos, changes, field):
    with pytest.raises(InvalidInput) as info:
        submit(declaration, photos, **changes)
    assert field in info.value.fields and info.value.fields[field][0]
    assert not Dossier.objects.exists()


def test_all_errors_are_reported_at_once(declaration, photos):
    with pytest.raises(InvalidInput) as info:
        submit(declaration, photos, bhxh_code="x", phone="1", portrait=None)
    assert {"bhxh_code", "phone", "portrait"} <= set(info.value.fields)


def test_unknown_code_and_wrong_name_get_the_same_answer(declaration, photos):
    with pytest.raises(InvalidInput) as unknown:
        submit(declaration, photos, bhxh_code="0999999999")
    with pytest.raises(InvalidInput) as wrong_name:
        submit(declaration, photos, full_name="Trần Văn Bình")
    with pytest.raises(InvalidInput) as wrong_birth:
        submit(declaration, photos, birth_date=date(1991, 3, 15))
    assert unknown.value.message == wrong_name.value.message == wrong_birth.value.message
    assert unknown.value.code == wrong_name.value.code == "person_mismatch"


def test_the_name_may_be_typed_without_diacritics_in_other_case(declaration, photos):
    assert submit(declaration, photos, full_name="NGUYỄN VĂN AN").dossier.pk


def test_a_citizen_id_that_disagrees_with_the_register_is_refused(declaration, photos, an):
    with pytest.raises(InvalidInput) as info:
        submit(declaration, photos, citizen_id="001190012345")  # encodes a woman
    assert info.value.code == "population_mismatch"


def test_an_unknown_citizen_id_passes_without_the_green_tick(declaration, photos, an):
    an.citizen_id = None
    an.save()
    assert submit(declaration, photos).dossier.data["population_check"] == "not_found"


def test_a_phone_or_email_of_another_code_gets_no_otp_and_its_owner_is_told(
    declaration, photos, an, django_capture_on_commit_callbacks
):
    UserFactory(username="0987654321", phone="0912345678", email="an@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(declaration, photos)  # the same answer as any registration
    assert submitted.otp_sent_to == "an***@example.vn"
    assert not any("OTP -" in m.body for m in mail.outbox)  # no code went out
    assert "đã được đăng ký cho một mã số BHXH khác" in mail.outbox[-1].body
    with pytest.raises(InvalidInput) as info:
        services.dossier_confirm(dossier=submitted.dossier, otp="000000")
    assert info.value.code == "otp_wrong"


def test_an_account_holder_cannot_register_again(
    declaration, photos, an, django_capture_on_commit_callbacks
):
    CitizenFactory(person=an, phone="0900000001", email="old@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(declaration, photos)
    assert submitted.otp_sent_to == "an***@example.vn"
    assert [m.to for m in mail.outbox] == [["old@example.vn"]]  # told on the registered email
    assert "đã có tài khoản" in mail.outbox[-1].body
    assert submitted.dossier.data["withheld"] == "account"


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (lambda: jpeg("big.jpg", size=(100, 100)), "file_too_small"),
        (
            lambda: __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
                "x.jpg", b"not an image at all", content_type="image/jpeg"
            ),
            "file_not_image",
        ),
        (
            lambda: __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
                "x.jpg", b"\xff\xd8" + b"0" * (6 * 1024 * 1024), content_type="image/jpeg"
            ),
            "file_too_large",
        ),
    ],
)
def test_uploads_are_checked_by_content(declaration, photos, upload, code):
    with pytest.raises(InvalidInput) as info:
        submit(declaration, {**photos, "portrait": upload()})
    assert "portrait" in info.value.fields


def test_photo_metadata_is_stripped(declaration, photos):
    dossier = submit(declaration, {**photos, "portrait": jpeg(exif_gps=True)}).dossier
    stored = dossier.files.get(kind="portrait")
    with stored.file.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as image:
        assert image.format == "JPEG"
        assert not image.getexif()  # no camera, no GPS
    assert "private" in stored.file.path  # outside the web root (MEDIA_ROOT has no URL)


def test_the_applicants_key_is_needed_to_reach_the_dossier(submitted):
    assert services.dossier_for_applicant(
        dossier_id=submitted.dossier.pk, access_key=submitted.access_key
    )
    for key in ("", "wrong", submitted.access_key[:-1]):
        with pytest.raises(NotFound):
            services.dossier_for_applicant(dossier_id=submitted.dossier.pk, access_key=key)


def test_submissions_are_rate_limited_per_ip(declaration, photos):
    for _ in range(20):
        with pytest.raises(InvalidInput):
            submit(declaration, photos, bhxh_code="bad", client_ip="10.0.0.1")
    with pytest.raises(RateLimited):
        submit(declaration, photos, client_ip="10.0.0.1")


# --- the officer's decisions ---


@pytest.fixture
def received(submitted, django_capture_on_commit_callbacks):
    return confirm(submitted, django_capture_on_commit_callbacks)


def test_approval_issues_the_account_with_a_one_time_password(
    received, officer, django_capture_on_commit_callbacks
):
    MemorySmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_approve(dossier_id=received.pk, officer=officer)
    user = User.objects.get(username="0123456789")
    assert (
        user.must_change_password and user.phone == "0912345678" and user.email == "an@example.vn"
    )
    sms = MemorySmsBackend.outbox[-1].text
    password = re.search(r"Mat khau: (\S+)\.", sms).group(1)
    assert user.check_password(password)
    assert password in mail.outbox[-1].body
    # The password is not kept in the delivery log.
    assert not Message.objects.filter(purpose="account_issued").exclude(secret="").exists()
    received.refresh_from_db()
    assert received.status == Dossier.Status.APPROVED and received.decided_by == officer


def test_rejection_delivers_the_reason(received, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_reject(
            dossier_id=received.pk, officer=officer, reason="Ảnh CCCD bị mờ, không đọc được."
        )
    assert "Ảnh CCCD bị mờ" in mail.outbox[-1].body
    assert "Anh CCCD bi mo" in MemorySmsBackend.outbox[-1].text
    assert not User.objects.filter(username="0123456789").exists()
    with pytest.raises(InvalidInput):
        services.dossier_reject(dossier_id=received.pk, officer=officer, reason="")


def test_an_officer_of_another_agency_cannot_decide(received, officer_hcm):
    with pytest.raises(Forbidden):
        services.dossier_approve(dossier_id=received.pk, officer=officer_hcm)


def test_decisions_follow_the_workflow(received, officer):
    services.dossier_start_review(dossier_id=received.pk, officer=officer)
    services.dossier_approve(dossier_id=received.pk, officer=officer)
    with pytest.raises(Conflict):
        services.dossier_reject(dossier_id=received.pk, officer=officer, reason="quá muộn rồi")
    assert list(
        DossierEvent.objects.filter(dossier=received).values_list("to_status", flat=True)
    ) == [
        "awaiting_otp",
        "received",
        "in_review",
        "approved",
    ]


# --- expiry after 10 days ---


def test_registration_not_completed_in_ten_days_is_deleted_and_the_applicant_told(
    received, django_capture_on_commit_callbacks
):
    paths = [f.file.path for f in received.files.all()]
    assert services.dossiers_expire(now=received.expires_at - timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.dossiers_expire(now=received.expires_at + timedelta(minutes=1)) == 1
    received.refresh_from_db()
    assert received.status == Dossier.Status.EXPIRED
    assert received.data == {"erased": True} and not received.files.exists()
    assert not any(__import__("os").path.exists(p) for p in paths)
    assert "đã tự động bị xóa" in mail.outbox[-1].body
    assert "da bi xoa" in MemorySmsBackend.outbox[-1].text


def test_a_dossier_in_review_does_not_expire(received, officer):
    services.dossier_start_review(dossier_id=received.pk, officer=officer)
    assert services.dossiers_expire(now=timezone.now() + timedelta(days=30)) == 0


def test_drafts_without_otp_are_removed_after_a_day(submitted):
    services.dossiers_expire(now=timezone.now() + timedelta(days=2))
    assert not Dossier.objects.filter(pk=submitted.dossier.pk).exists()
