"""Tra cứu mã số BHXH: the code on one exact match only, one neutral answer for nobody and
for several people, behind a captcha and a rate limit."""

import re

import pytest

from openvss.people.selectors import name_mask
from openvss.places.models import Commune
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hanoi_commune():
    return Commune.objects.filter(province_id="01").first()


@pytest.fixture
def an(hanoi_commune):
    return PersonFactory(commune=hanoi_commune)


def captcha(client) -> dict:
    from captcha.models import CaptchaStore

    body = client.get("/api/v1/lookups/captcha").json()
    return {
        "captcha_key": body["key"],
        "captcha_value": CaptchaStore.objects.get(hashkey=body["key"]).response,
    }


def ask(client, **fields):
    payload = {"full_name": "Nguyễn Văn An", "birth_date": "1990-03-15", "province": "01"}
    payload.update(fields)
    return client.post(
        "/api/v1/lookups/bhxh-code", {**payload, **captcha(client)}, content_type="application/json"
    )


def test_one_exact_match_gets_the_code_and_the_masked_name_only(client, an):
    response = ask(client, full_name="nguyen van an")  # typed without diacritics
    assert response.status_code == 200
    assert response.json() == {
        "found": True,
        "bhxh_code": "0123456789",
        "masked_name": "N***** V** An",
        "message": "Mã số BHXH của bạn là 0123456789.",
    }


def test_nobody_and_several_people_get_the_same_neutral_answer(client, an, hanoi_commune):
    nobody = ask(client, birth_date="1991-03-15").json()
    PersonFactory(bhxh_code="0123456788", citizen_id="001090099999", commune=hanoi_commune)
    several = ask(client).json()
    assert nobody == several
    assert nobody["found"] is False and nobody["bhxh_code"] is None
    assert nobody["masked_name"] is None and "0123456789" not in str(several)


def test_the_id_number_tells_two_namesakes_apart(client, an, hanoi_commune):
    PersonFactory(bhxh_code="0123456788", citizen_id="001090099999", commune=hanoi_commune)
    assert ask(client, id_number="001090099999").json()["bhxh_code"] == "0123456788"


def test_another_province_does_not_match(client, an):
    assert ask(client, province="79").json()["found"] is False


def test_a_wrong_captcha_is_refused_and_used_up(client, an):
    challenge = captcha(client)
    payload = {"full_name": "Nguyễn Văn An", "birth_date": "1990-03-15", "province": "01"}
    wrong = client.post(
        "/api/v1/lookups/bhxh-code",
        {**payload, "captcha_key": challenge["captcha_key"], "captcha_value": "zzzz"},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "captcha_invalid"
    right = client.post(
        "/api/v1/lookups/bhxh-code", {**payload, **challenge}, content_type="application/json"
    )
    assert right.status_code == 200  # the right answer still works once
    again = client.post(
        "/api/v1/lookups/bhxh-code", {**payload, **challenge}, content_type="application/json"
    )
    assert again.status_code == 422  # but not twice


def test_lookups_are_rate_limited(client, an):
    for _ in range(10):
        assert ask(client).status_code == 200
    response = ask(client)
    assert response.status_code == 429 and response["Retry-After"]


def test_bad_input_gets_a_clear_422(client, an):
    assert ask(client, id_number="12ab").json()["error"]["code"] == "id_number_invalid"
    assert ask(client, birth_date="15/13/1990").status_code == 422
    assert ask(client, full_name="An").json()["error"]["code"] == "full_name_invalid"


def solve_page_captcha(page: str) -> tuple[str, str]:
    from captcha.models import CaptchaStore

    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', page).group(1)
    return key, CaptchaStore.objects.get(hashkey=key).response


def test_the_page_shows_the_code_for_an_exact_match(client, an):
    key, answer = solve_page_captcha(client.get("/tra-cuu/ma-so-bhxh/").content.decode())
    response = client.post(
        "/tra-cuu/ma-so-bhxh/",
        {"full_name": "Nguyễn Văn An", "birth_date": "15/03/1990", "province": "01",
         "captcha_0": key, "captcha_1": answer},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and 'data-answer="found"' in page
    assert "0123456789" in page and "N***** V** An" in page


def test_the_page_gives_the_neutral_answer_and_refuses_a_wrong_captcha(client, an):
    key, answer = solve_page_captcha(client.get("/tra-cuu/ma-so-bhxh/").content.decode())
    data = {"full_name": "Trần Thị Bình", "birth_date": "15/03/1990", "province": "01",
            "captcha_0": key, "captcha_1": answer}  # fmt: skip
    page = client.post("/tra-cuu/ma-so-bhxh/", data).content.decode()
    assert 'data-answer="none"' in page and "0123456789" not in page
    wrong = client.post("/tra-cuu/ma-so-bhxh/", {**data, "captcha_1": "nope"})
    assert wrong.status_code == 422 and "data-answer" not in wrong.content.decode()


def test_names_are_masked_to_initials_and_the_given_name():
    assert name_mask("Nguyễn Văn An") == "N***** V** An"
    assert name_mask("Đặng Thị Ngọc Ánh") == "Đ*** T** N*** Ánh"
