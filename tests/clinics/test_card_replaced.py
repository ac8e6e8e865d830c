"""A card replaced by a reissue, a correction or a change of facility answers 003/004 at a
clinic at once, by the QR on the old card or its number with its issue date; the new card
answers 000. The same on SQLite (rules in Python) and PostgreSQL (the SQL mirror)."""

from datetime import date

import pytest
import time_machine

from openvss.audit.models import AccessLog
from openvss.people import services
from openvss.people.cards import bhyt_qr_text
from openvss.people.models import HealthCard

pytestmark = pytest.mark.django_db
URL = "/api/v1/clinic/card-checks"
TODAY = date(2026, 11, 22)
WHO = {"full_name": "Nguyễn Văn An", "birth_date": "15/03/1990"}


@pytest.fixture
def reissued(an):
    old = HealthCard.objects.get(person=an)
    old_qr = bhyt_qr_text(old)  # what the lost paper card carries
    new = services.card_reissue(person=an, today=TODAY)
    return old, old_qr, new


@time_machine.travel(TODAY, tick=False)
def test_the_lost_cards_qr_answers_replaced_and_shows_the_new_card(api, reissued):
    old, old_qr, new = reissued
    body = api(URL, {"qr": old_qr}).json()
    assert body["result_code"] == "004"
    assert body["message"] == "Thẻ cũ còn giá trị sử dụng, đã được cấp thẻ mới"
    assert (
        body["coverage"]["card_code"] == new.code and body["coverage"]["valid_to"] == "2026-12-31"
    )


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("number", ["0123456789", "DN4010123456789"])
def test_the_old_number_with_its_issue_date_answers_replaced(api, reissued, number):
    assert (
        api(URL, {"card_number": number, "issued_on": "05/01/2026", **WHO}).json()["result_code"]
        == "004"
    )


@time_machine.travel(TODAY, tick=False)
def test_the_new_card_answers_000(api, reissued):
    _old, _qr, new = reissued
    assert api(URL, {"qr": bhyt_qr_text(new)}).json()["result_code"] == "000"
    body = api(URL, {"card_number": "0123456789", "issued_on": "22/11/2026", **WHO}).json()
    assert body["result_code"] == "000"
    assert api(URL, {"card_number": "0123456789", **WHO}).json()["result_code"] == "000"


@time_machine.travel("2027-01-10", tick=False)
def test_an_old_card_past_its_validity_answers_003(api, an):
    old = HealthCard.objects.get(person=an)
    HealthCard.objects.filter(pk=old.pk).update(valid_to=date(2026, 12, 31))
    new = services.card_reissue(person=an, today=date(2026, 12, 1))
    HealthCard.objects.filter(pk=new.pk).update(valid_to=date(2027, 12, 31))
    body = {"card_number": "0123456789", "issued_on": "2026-01-05", **WHO}
    assert api(URL, body).json()["result_code"] == "003"


@time_machine.travel(TODAY, tick=False)
def test_replaced_shows_no_coverage_to_a_caller_who_does_not_know_the_person(api, reissued):
    body = api(
        URL,
        {"card_number": "0123456789", "issued_on": "05/01/2026", "full_name": "Trần Văn Bình",
         "birth_date": "01/01/1980"},
    ).json()  # fmt: skip
    assert body["result_code"] == "004" and body["coverage"] is None


@time_machine.travel(TODAY, tick=False)
def test_a_corrected_card_answers_replaced_with_the_old_name_on_it(api, an):
    old_qr = bhyt_qr_text(HealthCard.objects.get(person=an))
    services.card_correct(person=an, changes={"full_name": "Nguyễn Văn Anh"}, today=TODAY)
    body = api(URL, {"qr": old_qr}).json()  # the old card still says "Nguyễn Văn An"
    assert body["result_code"] == "004" and body["coverage"] is None
    assert api(URL, {"qr": old_qr, "full_name": "Nguyễn Văn Anh"}).json()["coverage"]


@time_machine.travel(TODAY, tick=False)
def test_every_check_of_the_old_card_is_in_the_access_log(api, an, reissued):
    _old, old_qr, _new = reissued
    api(URL, {"qr": old_qr})
    assert list(AccessLog.objects.filter(person=an).values_list("outcome", flat=True)) == ["004"]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("issued_on", ["31/02/2026", "hôm qua", "2026/01/05"])
def test_a_bad_issue_date_is_a_clear_422(api, an, issued_on):
    response = api(URL, {"card_number": "0123456789", "issued_on": issued_on, **WHO})
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["issued_on"] == [
        "Ngày cấp thẻ không hợp lệ (dd/mm/yyyy)."
    ]


@time_machine.travel(TODAY, tick=False)
def test_an_issue_date_no_card_has_falls_back_to_the_card_in_use(api, an):
    body = {"card_number": "0123456789", "issued_on": "01/02/2020", **WHO}
    assert api(URL, body).json()["result_code"] == "000"


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("name", ["Nguyễn Văn An", "Trần Văn Bình"])
def test_the_presented_card_checks_are_logged_with_their_outcomes(an, key_text, name):
    from openvss.clinics.models import FacilityApiKey
    from openvss.clinics.services import card_check

    old = HealthCard.objects.get(person=an)
    new = services.card_reissue(person=an, today=TODAY)
    key = FacilityApiKey.objects.get()
    current = card_check(key=key, card_number=new.code, issued_on=TODAY, full_name=name,
                         birth_date="15/03/1990")  # fmt: skip
    replaced = card_check(key=key, card_number=old.code, issued_on=old.issued_on,
                          full_name=name, birth_date="15/03/1990")  # fmt: skip
    assert replaced.result_code == "004"
    outcomes = AccessLog.objects.filter(person=an).order_by("at", "pk")
    assert list(outcomes.values_list("outcome", flat=True)) == [current.result_code, "004"]
