"""people.services: a new card in place of the old one (cấp lại, sửa thông tin, đổi nơi KCB)."""

from datetime import date

import pytest

from openvss.errors import Conflict, InvalidInput
from openvss.people import selectors, services
from openvss.people.models import HealthCard
from openvss.places.models import MedicalFacility
from tests.factories import HealthCardFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


@pytest.fixture
def card():
    return HealthCardFactory(person=PersonFactory(), five_year_date=date(2025, 1, 1))


def test_reissue_issues_a_new_card_with_the_same_data_and_keeps_the_old_one(card):
    new = services.card_reissue(person=card.person, today=TODAY)
    card.refresh_from_db()
    assert card.status == HealthCard.Status.REPLACED and card.replaced_by == new
    assert new.status == HealthCard.Status.ACTIVE and new.replaces == card
    assert new.issued_on == TODAY and card.issued_on == date(2026, 1, 5)
    for field in ("number", "code", "registered_facility_id", "valid_from", "valid_to",
                  "five_year_date", "benefit_level"):  # fmt: skip
        assert getattr(new, field) == getattr(card, field)
    # The old card's history shows it went from active to replaced, and why.
    last = card.history.first()
    assert last.status == "replaced" and last.history_change_reason == "card_reissue"


def test_reissue_twice_on_one_day_is_refused(card):
    services.card_reissue(person=card.person, today=TODAY)
    with pytest.raises(Conflict) as caught:
        services.card_reissue(person=card.person, today=TODAY)
    assert caught.value.code == "card_issued_today"
    assert HealthCard.objects.filter(person=card.person).count() == 2


def test_an_expired_card_is_not_reissued(card):
    with pytest.raises(Conflict) as caught:
        services.card_reissue(person=card.person, today=date(2027, 1, 2))
    assert caught.value.code == "card_expired"


def test_correction_changes_the_person_with_history_and_issues_a_new_card(card):
    new = services.card_correct(
        person=card.person,
        changes={"full_name": "Nguyễn Văn Ân", "birth_date": "1990-03-16"},
        today=TODAY,
    )
    person = new.person
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Ân" and person.name_folded == "nguyen van an"
    assert person.birth_date == date(1990, 3, 16)
    assert person.history.first().history_change_reason == "card_correction"
    assert person.history.count() == 2  # created, corrected: the old name stays readable
    assert person.history.last().full_name == "Nguyễn Văn An"
    assert HealthCard.objects.get(pk=card.pk).status == "replaced"


@pytest.mark.parametrize(
    ("day", "allowed"),
    [(date(2026, 10, 15), True), (date(2026, 10, 16), False), (date(2025, 4, 10), True),
     (date(2025, 4, 11), False)],  # 10 days before Law 51/2024 (1/7/2025), 15 after
)  # fmt: skip
def test_the_facility_window_follows_the_dated_legal_figure(day, allowed):
    if allowed:
        assert services.facility_change_check_window(day).open
    else:
        with pytest.raises(InvalidInput) as caught:
            services.facility_change_check_window(day)
        assert caught.value.code == "outside_change_window"
        assert "ngày đầu của mỗi quý" in caught.value.message


def test_outside_the_window_the_message_says_when_to_come_back():
    with pytest.raises(InvalidInput) as caught:
        services.facility_change_check_window(TODAY)
    assert caught.value.message == (
        "Chỉ được đổi nơi đăng ký KCB ban đầu trong 15 ngày đầu của mỗi quý. "
        "Bạn có thể gửi đề nghị từ ngày 01/01/2027 đến hết ngày 15/01/2027."
    )


def test_change_facility_issues_a_card_naming_the_new_facility(card):
    other = selectors.facilities_for_registration(province_code="01", on=TODAY).exclude(
        pk=card.registered_facility_id
    )[0]
    new = services.card_change_facility(
        person=card.person, facility=other, requested_on=date(2026, 10, 2), today=TODAY
    )
    assert new.registered_facility == other and new.replaces_id == card.pk
    with pytest.raises(InvalidInput) as caught:
        services.card_change_facility(
            person=card.person, facility=other, requested_on=date(2026, 10, 2),
            today=date(2026, 11, 25),
        )  # fmt: skip
    assert caught.value.code == "same_facility"


def test_change_facility_requested_outside_the_window_is_refused(card):
    other = MedicalFacility.objects.exclude(pk=card.registered_facility_id).first()
    with pytest.raises(InvalidInput):
        services.card_change_facility(
            person=card.person, facility=other, requested_on=TODAY, today=TODAY
        )
    assert HealthCard.objects.get(pk=card.pk).status == "active"


def test_only_facilities_that_take_first_registrations_are_offered():
    codes = set(
        selectors.facilities_for_registration(province_code="01", on=TODAY).values_list(
            "level", "accepts_initial_registration"
        )
    )
    assert codes and all(level in ("primary", "basic") and ok for level, ok in codes)
    specialised = MedicalFacility.objects.filter(level="specialised").first()
    if specialised is not None:
        with pytest.raises(InvalidInput):
            services.facility_for_registration(code=specialised.code, on=TODAY)


def test_seeding_after_a_reissue_does_not_reuse_a_card_id(card):
    from openvss.people.seeding import seed_people

    services.card_reissue(person=card.person, today=TODAY)  # cards' ids now run ahead
    seed_people(count=3, seed=7)
    assert HealthCard.objects.filter(status="active").count() >= 4
