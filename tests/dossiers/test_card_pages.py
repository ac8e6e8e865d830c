"""The citizen's pages for cấp lại, đổi thẻ BHYT, and what the card page shows afterwards."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from openvss.dossiers import engine
from openvss.dossiers.models import Dossier
from openvss.people.models import HealthCard
from openvss.people.selectors import facilities_for_registration
from tests.dossiers.conftest import jpeg
from tests.factories import CitizenFactory, HealthCardFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = "2026-11-24 03:00:00+00:00"
IN_WINDOW = "2027-01-05 03:00:00+00:00"
INDEX = "/tai-khoan/cap-lai-the-bhyt/"


@pytest.fixture
def citizen(client, an):
    HealthCardFactory(person=an, valid_to=date(2027, 12, 31))
    user = CitizenFactory(person=an, phone="0912345678", email="an@example.vn")
    client.force_login(user)
    return user


def test_the_tile_and_the_card_page_lead_here(client, citizen):
    assert reverse("dossiers:card_reissue") == INDEX
    assert INDEX in client.get("/tai-khoan/the-bhyt/").content.decode()
    assert INDEX in client.get("/dich-vu-cong/").content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_index_shows_the_card_the_options_and_the_window(
    client, citizen, django_assert_num_queries, session_reads
):
    client.get(INDEX)  # warm the session
    with django_assert_num_queries(6 + session_reads):
        page = client.get(INDEX).content.decode()
    assert "DN4010123456789" in page and "05/01/2026" in page
    for path in ("mat-hong/", "sai-thong-tin/", "doi-noi-kcb/"):
        assert f"{INDEX}{path}" in page
    assert "lần tới từ 01/01/2027 đến 15/01/2027" in page
    assert "Chưa có đề nghị nào." in page


def test_pages_need_a_citizen(client):
    assert client.get(INDEX).status_code == 302  # to the login page
    client.force_login(UserFactory(username="nobody"))  # an account without a person
    for path in ("", "mat-hong/", "sai-thong-tin/", "doi-noi-kcb/"):
        assert client.get(f"{INDEX}{path}").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_a_lost_card_request_is_sent_and_listed(client, citizen):
    response = client.post(f"{INDEX}mat-hong/", {"reason": "lost", "note": "Mất ví"}, follow=True)
    dossier = Dossier.objects.get(kind="card_reissue")
    page = response.content.decode()
    assert f"số hồ sơ {dossier.number}" in page
    assert 'data-status="received"' in page and "Cấp lại thẻ BHYT" in page


@time_machine.travel(TODAY, tick=False)
def test_a_request_without_a_reason_is_a_422_with_the_error(client, citizen):
    response = client.post(f"{INDEX}mat-hong/", {"note": "x"})
    assert response.status_code == 422
    assert "error-summary" in response.content.decode()
    assert not Dossier.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_after_approval_the_card_page_shows_the_new_card(client, citizen, officer):
    client.post(f"{INDEX}mat-hong/", {"reason": "damaged"})
    engine.approve(dossier_id=Dossier.objects.get().pk, officer=officer)
    page = client.get("/tai-khoan/the-bhyt/").content.decode()
    assert "24/11/2026" in page and "05/01/2026" not in page
    listed = client.get(INDEX).content.decode()
    assert 'data-status="approved"' in listed and "24/11/2026" in listed


@time_machine.travel(TODAY, tick=False)
def test_a_correction_keeps_the_photo_when_the_form_comes_back(client, citizen):
    first = client.post(
        f"{INDEX}sai-thong-tin/",
        {"citizen_id": "001090012345", "full_name": "Anh", "id_front": jpeg("front.jpg")},
    )
    assert first.status_code == 422
    assert "Đã có ảnh. Chọn ảnh khác nếu muốn thay." in first.content.decode()
    second = client.post(
        f"{INDEX}sai-thong-tin/", {"citizen_id": "001090012345", "full_name": "Nguyễn Văn Anh"}
    )
    assert second.status_code == 302
    dossier = Dossier.objects.get(kind="card_correction")
    assert dossier.files.get().kind == "id_front"
    assert dossier.data["changes"] == {"full_name": "Nguyễn Văn Anh"}


@time_machine.travel(TODAY, tick=False)
def test_a_correction_the_cccd_contradicts_is_refused_beside_the_field(client, citizen):
    response = client.post(
        f"{INDEX}sai-thong-tin/",
        {"citizen_id": "001090012345", "sex": "2", "id_front": jpeg("front.jpg")},
    )
    assert response.status_code == 422
    assert "Giới tính không khớp với số CCCD trên giấy tờ." in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_facility_change_outside_the_window_says_when_in_vietnamese(client, citizen):
    page = client.get(f"{INDEX}doi-noi-kcb/").content.decode()
    message = (
        "Chỉ được đổi nơi đăng ký KCB ban đầu trong 15 ngày đầu của mỗi quý. "
        "Bạn có thể gửi đề nghị từ ngày 01/01/2027 đến hết ngày 15/01/2027."
    )
    assert message in page and "<form" not in page.split("<main", 1)[-1].split("</main>")[0]
    code = facilities_for_registration(province_code="01", on=date(2026, 11, 24))[0].code
    response = client.post(f"{INDEX}doi-noi-kcb/", {"facility": code})
    assert response.status_code == 422 and message in response.content.decode()
    assert not Dossier.objects.exists()


@time_machine.travel(IN_WINDOW, tick=False)
def test_the_facility_change_in_the_window_is_sent(client, citizen):
    client.force_login(citizen)  # a session from before the trip in time has expired
    page = client.get(f"{INDEX}doi-noi-kcb/").content.decode()
    assert "đến hết ngày 15/01/2027" in page
    code = facilities_for_registration(province_code="01", on=date(2027, 1, 5))[0].code
    assert f'value="{code}"' in page
    assert client.post(f"{INDEX}doi-noi-kcb/", {"facility": code}).status_code == 302
    assert Dossier.objects.get(kind="facility_change").data["facility_code"] == code
    assert HealthCard.objects.get(person=citizen.person).status == "active"  # until approved
