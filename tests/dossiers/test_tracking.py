"""Tracking (issue 12, item 3): "Hồ sơ của tôi" and GET /api/v1/me/dossiers, the guest's
look-up by number + mã số BHXH + captcha, SMS "BH HS" and "BH QT" to the owner's phone only."""

import hashlib
import hmac
import json
import re
import time
from datetime import date, timedelta

import pytest
from django.utils import timezone

from openvss.accounts import signin
from openvss.dossiers.models import Dossier, DossierEvent
from openvss.messaging.backends.sms import MemorySmsBackend
from openvss.people.models import ParticipationPeriod
from openvss.places.models import Agency
from tests.factories import PASSWORD, CitizenFactory, PersonFactory

pytestmark = pytest.mark.django_db
SECRET = "gateway-secret"
NUMBER = "00012.DK/2026/01000"


def dossier_with_history(person, *, number=NUMBER, kind="info_change", applicant=None, **extra):
    """A dossier received, then taken up by an officer, then rejected with a reason."""
    now = timezone.now()
    dossier = Dossier.objects.create(
        kind=kind,
        status=extra.pop("status", "rejected"),
        agency=Agency.objects.get(code="01000"),
        person=person,
        applicant=applicant,
        number=number,
        submitted_at=now - timedelta(days=3),
        **extra,
    )
    for i, (old, new, note) in enumerate(
        (
            ("", "awaiting_otp", ""),
            ("awaiting_otp", "received", ""),
            ("received", "in_review", ""),
            ("in_review", "rejected", "Ảnh CCCD bị mờ, vui lòng chụp lại."),
        )
    ):
        event = DossierEvent.objects.create(
            dossier=dossier, from_status=old, to_status=new, note=note
        )
        DossierEvent.objects.filter(pk=event.pk).update(at=now - timedelta(days=3 - i))
    return dossier


@pytest.fixture
def an():
    person = PersonFactory(phone="0912345678")
    return CitizenFactory(person=person, email="an@example.vn")


@pytest.fixture
def binh():
    person = PersonFactory(
        bhxh_code="7912345678", full_name="Trần Thị Bình", citizen_id="079190012345"
    )
    return CitizenFactory(person=person, phone="0987654321")


def token_for(user) -> dict:
    tokens = signin.login(username=user.username, password=PASSWORD, device_id="t", device_name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


# --- Hồ sơ của tôi -------------------------------------------------------------------


def test_my_dossiers_page_shows_status_timeline_and_what_to_do(client, an, binh):
    dossier_with_history(an.person, applicant=an)
    dossier_with_history(binh.person, number="00013.DK/2026/01000", applicant=binh)
    client.force_login(an)
    body = client.get("/tai-khoan/ho-so/").content.decode()
    assert NUMBER in body and "Từ chối" in body and "Ảnh CCCD bị mờ" in body
    assert "data-expected" in body and "nộp hồ sơ mới" in body
    assert body.count('<li><p class="vt-when">') == 3  # received, in review, rejected
    assert "00013.DK/2026/01000" not in body  # Bình's dossier is not An's


def test_my_dossiers_page_without_dossiers_says_so(client, an):
    client.force_login(an)
    body = client.get("/tai-khoan/ho-so/").content.decode()
    assert 'class="empty"' in body and "Bạn chưa có hồ sơ nào." in body


def test_my_dossiers_page_needs_a_sign_in(client):
    assert client.get("/tai-khoan/ho-so/").status_code == 302


def test_a_registration_waiting_at_the_agency_shows_what_to_bring_and_by_when(client, an):
    expires = timezone.now() + timedelta(days=7)
    dossier_with_history(an.person, kind="registration", status="received", expires_at=expires)
    body = client.get("/api/v1/me/dossiers", **token_for(an)).json()
    (d,) = body
    assert d["status"] == "received" and d["is_open"] is True
    # Bring the ID document to the agency (the kind's own wording once the engine declares it).
    assert d["expected_from_citizen"].startswith("Mang") and "CCCD" in d["expected_from_citizen"]
    assert d["deadline"] == timezone.localtime(expires).date().isoformat()


def test_api_lists_my_dossiers_with_their_timeline(client, an, binh):
    dossier_with_history(an.person, applicant=an)
    dossier_with_history(binh.person, number="00013.DK/2026/01000", applicant=binh)
    body = client.get("/api/v1/me/dossiers", **token_for(an)).json()
    assert [d["number"] for d in body] == [NUMBER]
    (d,) = body
    assert d["kind"] == "info_change" and d["status_label"] == "Từ chối"
    assert [e["status"] for e in d["timeline"]] == ["received", "in_review", "rejected"]
    assert d["timeline"][-1]["note"] == "Ảnh CCCD bị mờ, vui lòng chụp lại."
    assert d["deadline"] is None and d["is_open"] is False
    assert client.get("/api/v1/me/dossiers").status_code == 401


def test_a_parent_sees_the_child_account_dossier_they_filed(client, an):
    child = PersonFactory(bhxh_code="0123456790", full_name="Nguyễn Văn Bé", citizen_id=None)
    dossier_with_history(child, kind="child_account", applicant=an)
    body = client.get("/api/v1/me/dossiers", **token_for(an)).json()
    assert [d["kind"] for d in body] == ["child_account"]


def test_my_dossiers_take_a_fixed_number_of_queries(client, an, django_assert_num_queries):
    headers = token_for(an)
    client.get("/api/v1/me/dossiers", **headers)  # warm the per-process caches
    dossier_with_history(an.person, applicant=an)
    with django_assert_num_queries(3) as one:  # the token, the dossiers, their events
        client.get("/api/v1/me/dossiers", **headers)
    for i in range(5):
        dossier_with_history(
            an.person,
            number=f"0010{i}.DK/2026/01000",
            kind="visit_dispute" if i % 2 else "card_reissue",
            applicant=an,
        )
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/me/dossiers", **headers).json()) == 6


def test_the_citizen_home_has_a_tile_to_my_dossiers(client, an):
    client.force_login(an)
    assert 'href="/tai-khoan/ho-so/"' in client.get("/", follow=True).content.decode()


# --- The guest's look-up ---------------------------------------------------------------


def api_captcha(client) -> dict:
    from captcha.models import CaptchaStore

    key = client.get("/api/v1/lookups/captcha").json()["key"]
    return {"captcha_key": key, "captcha_value": CaptchaStore.objects.get(hashkey=key).response}


def guest_track(client, number, code, **captcha):
    payload = {"number": number, "bhxh_code": code, **(captcha or api_captcha(client))}
    return client.post("/api/v1/dossiers/track", payload, content_type="application/json")


def test_a_guest_tracks_a_dossier_by_number_and_code_and_sees_no_personal_data(client, an):
    dossier_with_history(an.person, applicant=an)
    response = guest_track(client, " 00012.dk/2026/01000 ", "0123456789")
    assert response.status_code == 200
    body = response.json()
    assert body["found"] is True and body["dossier"]["status"] == "rejected"
    assert [e["status"] for e in body["dossier"]["timeline"]] == [
        "received",
        "in_review",
        "rejected",
    ]
    text = response.content.decode()
    assert "Nguyễn" not in text and "CCCD bị mờ" not in text and "an@example.vn" not in text


def test_wrong_number_and_wrong_code_get_the_same_answer(client, an):
    dossier_with_history(an.person, applicant=an)
    wrong_code = guest_track(client, NUMBER, "7912345678")
    wrong_number = guest_track(client, "00099.DK/2026/01000", "0123456789")
    assert wrong_code.status_code == wrong_number.status_code == 200
    assert wrong_code.json() == wrong_number.json()
    assert wrong_code.json()["found"] is False and wrong_code.json()["dossier"] is None


def test_the_guest_look_up_wants_a_captcha_and_is_rate_limited(client, an):
    dossier_with_history(an.person, applicant=an)
    bad = guest_track(client, NUMBER, "0123456789", captcha_key="x", captcha_value="y")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "captcha_invalid"
    malformed = guest_track(client, NUMBER, "12AB")
    assert malformed.status_code == 422 and "bhxh_code" in malformed.json()["error"]["fields"]
    answers = [guest_track(client, NUMBER, "0123456789").status_code for _ in range(10)]
    assert answers[-1] == 429 and 200 in answers


def solve_page_captcha(page: str) -> tuple[str, str]:
    from captcha.models import CaptchaStore

    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', page).group(1)
    return key, CaptchaStore.objects.get(hashkey=key).response


def test_the_guest_page_tracks_by_number_and_answers_the_same_when_wrong(client, an):
    dossier_with_history(an.person, applicant=an)
    key, answer = solve_page_captcha(client.get("/tra-cuu/ho-so/").content.decode())
    found = client.post(
        "/tra-cuu/ho-so/",
        {"number": NUMBER, "bhxh_code": "0123456789", "captcha_0": key, "captcha_1": answer},
    ).content.decode()
    assert 'data-dossier="00012.DK/2026/01000"' in found and "Từ chối" in found
    assert "CCCD bị mờ" not in found and "Nguyễn" not in found
    key, answer = solve_page_captcha(found)  # a fresh captcha for the next look-up
    wrong = client.post(
        "/tra-cuu/ho-so/",
        {"number": NUMBER, "bhxh_code": "7912345678", "captcha_0": key, "captcha_1": answer},
    ).content.decode()
    assert 'data-answer="none"' in wrong and "data-dossier" not in wrong
    key, _answer = solve_page_captcha(wrong)
    refused = client.post(
        "/tra-cuu/ho-so/",
        {"number": NUMBER, "bhxh_code": "0123456789", "captcha_0": key, "captcha_1": "zzzz"},
    )
    assert refused.status_code == 422 and "data-dossier" not in refused.content.decode()


# --- SMS to 8079 ------------------------------------------------------------------------


def signed(client, text, sender, message_id):
    body = json.dumps({"message_id": message_id, "sender": sender, "text": text}).encode()
    ts = str(int(time.time()))
    sig = hmac.new(SECRET.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return client.post(
        "/api/v1/sms/inbound",
        body,
        content_type="application/json",
        HTTP_X_TIMESTAMP=ts,
        HTTP_X_SIGNATURE=f"sha256={sig}",
    )


@pytest.fixture
def gateway(settings):
    settings.SMS_WEBHOOK_SECRET = SECRET


def sms_reply(client, text, sender, message_id, capture) -> str:
    with capture(execute=True):
        assert signed(client, text, sender, message_id).status_code in (200, 202, 204)
    (sms,) = [m for m in MemorySmsBackend.outbox if m.to == sender][-1:]
    return sms.text


def test_bh_hs_answers_the_account_that_filed_it_and_nobody_else(
    client, an, binh, gateway, django_capture_on_commit_callbacks
):
    # Filed signed in (no contact phone on the dossier): the account's phone owns it.
    dossier_with_history(an.person, applicant=an, status="in_review")
    mine = sms_reply(
        client, f"BH HS {NUMBER}", "0912345678", "1", django_capture_on_commit_callbacks
    )
    assert mine == f"BHXH: Ho so so {NUMBER}: Dang xu ly."
    other = sms_reply(
        client, f"BH HS {NUMBER}", "0987654321", "2", django_capture_on_commit_callbacks
    )
    assert other == f"BHXH: Khong tim thay ho so so {NUMBER}."


def test_bh_qt_sends_the_summary_to_the_registered_phone_only(
    client, an, gateway, django_capture_on_commit_callbacks
):
    for scheme, start, end, payment in (
        ("BHXH", date(2008, 1, 1), date(2025, 12, 1), "paid"),
        ("BHXH", date(2026, 1, 1), date(2026, 2, 1), "owed"),
        ("BHTN", date(2010, 1, 1), date(2025, 12, 1), "paid"),
    ):
        ParticipationPeriod.objects.create(
            person=an.person,
            scheme=scheme,
            from_month=start,
            to_month=end,
            wage=9000000,
            payment=payment,
        )
    mine = sms_reply(
        client, "bh qt 0123456789", "0912345678", "1", django_capture_on_commit_callbacks
    )
    assert mine.startswith("BHXH: Ma so 0123456789 da tham gia: BHXH 18 nam; BHTN 16 nam.")
    assert "Den thang 02/2026" in mine and "Don vi chua dong: 2 thang" in mine
    assert "Nguyen" not in mine
    sent_before = len(MemorySmsBackend.outbox)
    other = sms_reply(
        client, "BH QT 0123456789", "0987654321", "2", django_capture_on_commit_callbacks
    )
    assert other.startswith("So dien thoai va ma so BHXH khong khop")
    assert len(MemorySmsBackend.outbox) == sent_before + 1  # the refusal only, to the asker
    assert not [m for m in MemorySmsBackend.outbox[sent_before:] if m.to == "0912345678"]
    nobody = sms_reply(
        client, "BH QT 0999999999", "0987654321", "3", django_capture_on_commit_callbacks
    )
    assert nobody == other  # an unknown code answers like someone else's


def test_my_dossiers_page_takes_a_fixed_number_of_queries(client, an, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(an)
    client.get("/tai-khoan/ho-so/")
    dossier_with_history(an.person, applicant=an)
    with CaptureQueriesContext(connection) as one:
        client.get("/tai-khoan/ho-so/")
    for i in range(5):
        dossier_with_history(an.person, number=f"0020{i}.DK/2026/01000", applicant=an)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get("/tai-khoan/ho-so/").content.decode().count("data-dossier=") == 6
