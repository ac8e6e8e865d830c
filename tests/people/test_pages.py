import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvss.dossiers.models import Dossier
from openvss.messaging.backends.sms import MemorySmsBackend
from openvss.people.models import ParticipationPeriod
from openvss.places.models import MedicalFacility
from tests.factories import (
    CitizenFactory,
    HealthCardFactory,
    MedicalVisitFactory,
    OfficerFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    settings.QR_SIGNING_KEY_DIR = tmp_path / "keys"


@pytest.fixture
def an(client):
    card = HealthCardFactory(valid_to=None)
    user = CitizenFactory(person=card.person, phone="0912345678", email="an@example.vn")
    client.force_login(user)
    return user, card


def test_the_card_is_drawn_as_a_card_with_its_qr(client, an):
    body = client.get("/tai-khoan/the-bhyt/").content.decode()
    assert "THẺ BẢO HIỂM Y TẾ" in body and "NGUYỄN VĂN AN" in body and "<svg" in body
    assert "Thời điểm đủ 05 năm liên tục" in body and "data-rotate" in body
    assert "/tai-khoan/the-bhyt/ma-qr-ky-so.svg" in body


def test_the_service_worker_keeps_the_card_for_offline_use(client, an):
    response = client.get("/tai-khoan/sw.js")
    assert (
        response["Content-Type"] == "application/javascript"
        and response["Service-Worker-Allowed"] == "/tai-khoan/"
    )
    assert "/tai-khoan/the-bhyt/" in response.content.decode()


def test_logout_clears_what_the_browser_kept(client, an):
    assert client.post("/dang-xuat/")["Clear-Site-Data"] == '"cache", "storage"'


def test_participation_page_shows_totals_timeline_and_arrears(client, an):
    _user, card = an
    for start, end, payment in (
        (date(2016, 10, 1), date(2017, 5, 1), "paid"),
        (date(2020, 2, 1), date(2020, 3, 1), "owed"),
    ):
        ParticipationPeriod.objects.create(
            person=card.person,
            scheme="BHXH",
            from_month=start,
            to_month=end,
            wage=5453400,
            payment=payment,
        )
    body = client.get("/tai-khoan/qua-trinh-tham-gia/").content.decode()
    assert "Tổng thời gian tham gia" in body and "8 tháng" in body
    assert "data-owed" in body and "<svg" in body and 'class="timeline"' in body
    assert (
        body.count("data-owed") == 1 and "Bảo hiểm xã hội: 2 tháng" in body
    )  # one notice, a line a scheme


@pytest.mark.parametrize(
    ("language", "total"), [("vi", "21 năm 6 tháng"), ("en", "21 years 6 months")]
)
def test_participation_total_reads_in_the_chosen_language(client, an, language, total):
    _user, card = an
    ParticipationPeriod.objects.create(
        person=card.person,
        scheme="BHXH",
        from_month=date(2000, 1, 1),
        to_month=date(2021, 6, 1),  # 21 years 6 months
        wage=5453400,
        payment="paid",
    )
    client.cookies["django_language"] = language
    body = client.get("/tai-khoan/qua-trinh-tham-gia/").content.decode()
    assert total in body


def test_english_durations_use_the_singular_for_one(client, an):
    from django.utils import translation

    from openvss.people.selectors import duration_text

    with translation.override("en"):
        assert duration_text(13) == "1 year 1 month"
        assert duration_text(0) == "0 months"
    with translation.override("vi"):
        assert duration_text(13) == "1 năm 1 tháng"


def test_pages_keep_a_fixed_number_of_queries(client, an):
    _user, card = an
    counts = []
    for extra in (1, 30):
        for n in range(extra):
            ParticipationPeriod.objects.create(
                person=card.person,
                scheme="BHXH",
                from_month=date(1995 + n, 1, 1),
                to_month=date(1995 + n, 6, 1),
                wage=1,
            )
        row = []
        for path in (
            "/tai-khoan/qua-trinh-tham-gia/",
            "/tai-khoan/thong-tin-huong/",
            "/tai-khoan/kham-chua-benh/",
            "/tai-khoan/ai-da-xem/",
        ):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path).status_code == 200
            row.append(len(ctx.captured_queries))
        counts.append(row)
    assert counts[0] == counts[1]


def test_i_did_not_receive_this_opens_a_case_for_officers(client, an):
    _user, card = an
    visit = MedicalVisitFactory(card=card, facility=MedicalFacility.objects.get(code="79002"))
    body = client.get("/tai-khoan/kham-chua-benh/?nam=2026").content.decode()
    assert "Tôi không sử dụng dịch vụ này" in body
    answers = {"reason": "not_visited", "confirm": "on"}  # a reason and a confirmation
    client.post(f"/tai-khoan/kham-chua-benh/{visit.pk}/phan-anh/", answers)
    case = Dossier.objects.get(kind="visit_dispute")
    assert (
        case.agency.code == "79000" and case.data["visit_id"] == visit.pk and ".PA/" in case.number
    )
    again = client.post(f"/tai-khoan/kham-chua-benh/{visit.pk}/phan-anh/", answers)
    assert "Bạn đã phản ánh lượt khám này." in again.content.decode()


def test_no_page_shows_another_persons_records(client, an):
    other = PersonFactory(
        bhxh_code="0198765432", full_name="Trần Thị Bình", citizen_id="001185012345"
    )
    other_card = HealthCardFactory(person=other, code="DN4010198765432")
    visit = MedicalVisitFactory(card=other_card, total_cost=1, fund_paid=0, patient_paid=1)
    assert client.get("/tai-khoan/the-bhyt/0198765432/").status_code == 404
    answers = {"reason": "not_visited", "confirm": "on"}
    assert (
        client.post(f"/tai-khoan/kham-chua-benh/{visit.pk}/phan-anh/", answers).status_code == 404
    )
    assert not Dossier.objects.filter(kind="visit_dispute").exists()
    assert "Trần Thị Bình" not in client.get("/tai-khoan/kham-chua-benh/?nam=2026").content.decode()


def test_a_parent_opens_a_linked_childs_card(client, an):
    _user, card = an
    child = PersonFactory(
        bhxh_code="0123400001", full_name="Nguyễn Minh Khang", citizen_id=None, guardian=card.person
    )
    HealthCardFactory(person=child, group_code="TE", benefit_level=1, code="TE1010123400001")
    assert "Nguyễn Minh Khang" in client.get("/tai-khoan/the-bhyt/").content.decode()
    assert "NGUYỄN MINH KHANG" in client.get("/tai-khoan/the-bhyt/0123400001/").content.decode()


def test_record_pages_need_a_signed_in_citizen(client):
    for path in ("/tai-khoan/the-bhyt/", "/tai-khoan/qua-trinh-tham-gia/", "/tai-khoan/ai-da-xem/"):
        assert client.get(path)["Location"].startswith("/dang-nhap/")


def test_the_inbox_shows_decisions_account_changes_and_arrears(
    client, an, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from openvss.accounts import signin

    user, card = an
    ParticipationPeriod.objects.create(
        person=card.person,
        scheme="BHXH",
        from_month=date(2026, 9, 1),
        to_month=date(2026, 10, 1),
        wage=1,
        payment="owed",
    )
    user.set_password("Mật khẩu cũ 2026!")
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        started = signin.password_change_start(
            user=user, old_password="Mật khẩu cũ 2026!", new_password="Mật khẩu mới 2026!"
        )
    import re

    from openvss.messaging.backends.sms import MemorySmsBackend

    code = re.search(r"la (\d{6})", MemorySmsBackend.outbox[-1].text).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        signin.password_change_confirm(user=user, challenge=started.challenge, otp=code)
    cache.clear()
    client.force_login(user)
    body = client.get("/tai-khoan/thong-bao/").content.decode()
    assert "Mật khẩu đã được thay đổi" in body and body.count("data-arrears") == 1
    assert "Mã OTP" not in body and code not in body  # codes never show in the inbox


def test_a_change_of_details_goes_to_the_officers_and_is_applied_with_history(
    client, an, django_user_model, django_capture_on_commit_callbacks
):
    from openvss.dossiers.services import dossier_approve

    user, card = an
    card.person.commune_id = "00070"
    card.person.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/tai-khoan/dieu-chinh/",
            {
                "phone": "0987 654 321",
                "address_line": "Số 9 Tràng Tiền",
                "reason": "Đổi số điện thoại",
            },
        )
    assert response.status_code == 302 and response["Location"] == "/dang-ky/xac-thuc/"
    # The new phone proves itself with the OTP sent to it.
    sms = [m for m in MemorySmsBackend.outbox if m.to == "0987654321"][-1]
    client.post("/dang-ky/xac-thuc/", {"otp": re.search(r"(\d{6})", sms.text)[1]})
    case = Dossier.objects.get(kind="info_change")
    assert case.status == "received"
    assert case.agency.code == "01000" and case.data["changes"] == {
        "phone": "0987654321",
        "address_line": "Số 9 Tràng Tiền",
    }
    user.refresh_from_db()
    assert user.phone == "0912345678"  # nothing changes before an officer approves
    officer = OfficerFactory()
    dossier_approve(dossier_id=case.pk, officer=officer)
    user.refresh_from_db()
    card.person.refresh_from_db()
    assert user.phone == "0987654321" and card.person.address_line == "Số 9 Tràng Tiền"
    assert card.person.history.first().history_user == officer


def test_a_change_request_with_nothing_new_is_refused(client, an):
    response = client.post("/tai-khoan/dieu-chinh/", {"phone": "0912345678", "reason": "x"})
    assert (
        response.status_code == 422
        and "Không có thông tin nào thay đổi." in response.content.decode()
    )


def test_participation_shows_one_scheme_at_a_time_with_all_totals(client, an):
    from openvss.people.models import ParticipationPeriod

    for scheme in ("BHXH", "BHTN"):
        ParticipationPeriod.objects.create(
            person=an[1].person, scheme=scheme, from_month=date(2020, 1, 1),
            to_month=date(2020, 6, 1), wage=5453400,
        )  # fmt: skip
    schemes = {"BHXH", "BHTN"}
    other = "BHTN"
    body = client.get("/tai-khoan/qua-trinh-tham-gia/", {"che-do": other}).content.decode()
    assert f'data-scheme="{other}"' in body and body.count("data-scheme=") == 1
    assert body.count("data-total-") == len(schemes)  # every scheme's total stays on top
    assert f'href="?che-do={other}" aria-current="page"' in body
