"""The three card kinds through the engine: cấp lại (lost/damaged), sửa thông tin (with the
ID document and the population register), đổi nơi KCB ban đầu (quarter window)."""

from datetime import date

import pytest
import time_machine

from openvss.dossiers import engine
from openvss.dossiers.kinds.card_correction import card_correction_submit
from openvss.dossiers.kinds.card_reissue import card_reissue_submit
from openvss.dossiers.kinds.facility_change import facility_change_submit
from openvss.dossiers.models import Dossier
from openvss.errors import Conflict, Forbidden, InvalidInput
from openvss.messaging.models import Message
from openvss.people.models import HealthCard
from tests.dossiers.conftest import jpeg
from tests.factories import CitizenFactory, HealthCardFactory

pytestmark = pytest.mark.django_db
TODAY = "2026-11-24 03:00:00+00:00"  # 10:00 in Hà Nội
IN_WINDOW = "2027-01-05 03:00:00+00:00"


@pytest.fixture
def citizen(an):
    HealthCardFactory(person=an, valid_to=date(2027, 12, 31))
    return CitizenFactory(person=an, phone="0912345678", email="an@example.vn")


@pytest.fixture
def other_officer(officer_hcm):
    """An officer, in the officers' group, of another agency (TP. Hồ Chí Minh)."""
    return officer_hcm


@time_machine.travel(TODAY, tick=False)
def test_a_lost_card_is_received_numbered_and_approval_issues_the_new_card(citizen, officer):
    dossier = card_reissue_submit(user=citizen, reason="lost", note="Mất ví")
    assert dossier.status == Dossier.Status.RECEIVED and ".CL/2026/01000" in dossier.number
    assert dossier.data["reason"] == "lost" and dossier.data["card_issued_on"] == "2026-01-05"
    assert dossier.data["reason_text"] == "Mất thẻ"  # what the officer reads
    # 7 working days from Tuesday 24/11: the weekend of 28–29/11 does not count.
    assert engine.deadline_of(dossier) == (7, date(2026, 12, 3))
    old = HealthCard.objects.get(person=citizen.person)
    engine.approve(dossier_id=dossier.pk, officer=officer)
    old.refresh_from_db()
    assert old.status == "replaced"
    new = old.replaced_by
    assert new.status == "active" and new.issued_on == date(2026, 11, 24)
    assert new.history.first().history_user == officer  # who issued it is kept
    assert Message.objects.filter(purpose="dossier_decision").exists()


@time_machine.travel(TODAY, tick=False)
def test_only_an_officer_of_the_agency_approves(citizen, other_officer):
    dossier = card_reissue_submit(user=citizen, reason="damaged")
    with pytest.raises(Forbidden):
        engine.approve(dossier_id=dossier.pk, officer=other_officer)
    assert HealthCard.objects.get(person=citizen.person).status == "active"


@time_machine.travel(TODAY, tick=False)
def test_a_reissue_needs_a_reason_and_a_card_in_use(citizen):
    with pytest.raises(InvalidInput) as caught:
        card_reissue_submit(user=citizen, reason="stolen?")
    assert "reason" in caught.value.fields
    HealthCard.objects.filter(person=citizen.person).update(status="revoked")
    with pytest.raises(Conflict) as caught:
        card_reissue_submit(user=citizen, reason="lost")
    assert caught.value.code == "no_active_card"
    assert not Dossier.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_one_open_request_of_a_kind_at_a_time(citizen):
    card_reissue_submit(user=citizen, reason="lost")
    with pytest.raises(Conflict) as caught:
        card_reissue_submit(user=citizen, reason="lost")
    assert caught.value.code == "duplicate_open_dossier"


@time_machine.travel(TODAY, tick=False)
def test_a_correction_keeps_the_id_photo_and_the_register_answer(citizen, officer):
    dossier = card_correction_submit(
        user=citizen, citizen_id="001090012345", full_name="Nguyễn Văn Anh",
        birth_date=date(1990, 3, 16), id_front=jpeg("front.jpg"), id_back=jpeg("back.jpg"),
    )  # fmt: skip
    assert ".ST/2026/" in dossier.number
    assert dossier.data["changes"] == {"full_name": "Nguyễn Văn Anh", "birth_date": "1990-03-16"}
    assert dossier.data["old"] == {"full_name": "Nguyễn Văn An", "birth_date": "1990-03-15"}
    # The local register holds the agency's records, which are the ones being corrected.
    assert dossier.data["population_check"] == "mismatch"
    assert set(dossier.data["population_mismatches"]) == {"full_name", "birth_date"}
    assert dossier.data["population_result"] == "Không khớp: họ tên, ngày sinh"
    assert set(dossier.files.values_list("kind", flat=True)) == {"id_front", "id_back"}
    engine.approve(dossier_id=dossier.pk, officer=officer)
    person = citizen.person
    person.refresh_from_db()
    assert (person.full_name, person.birth_date) == ("Nguyễn Văn Anh", date(1990, 3, 16))
    assert HealthCard.objects.get(person=person, status="active").issued_on == date(2026, 11, 24)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"sex": "2"}, "sex", "Giới tính không khớp với số CCCD trên giấy tờ."),
        ({"birth_date": date(1991, 3, 15)}, "birth_date",
         "Năm sinh không khớp với số CCCD trên giấy tờ."),
        ({"full_name": "Nguyễn Văn An"}, "form",
         "Thông tin đề nghị sửa giống thông tin trên thẻ hiện tại."),
        ({"full_name": "An"}, "full_name", "Vui lòng nhập đầy đủ họ và tên tiếng Việt có dấu."),
        ({"citizen_id": "079090012345", "full_name": "Nguyễn Văn Anh"}, "citizen_id",
         "Số CCCD không khớp với số định danh đã đăng ký với cơ quan BHXH."),
        ({"full_name": "Nguyễn Văn Anh", "id_front": None}, "id_front", None),
    ],
)  # fmt: skip
def test_a_correction_the_document_contradicts_is_refused(citizen, fields, field, message):
    body = {"citizen_id": "001090012345", "id_front": jpeg("front.jpg"), **fields}
    with pytest.raises(InvalidInput) as caught:
        card_correction_submit(user=citizen, **body)
    assert field in caught.value.fields
    if message:
        assert message in caught.value.fields[field]
    assert not Dossier.objects.exists()


def _other_facility(citizen):
    from openvss.people.selectors import facilities_for_registration

    card = HealthCard.objects.get(person=citizen.person)
    return facilities_for_registration(province_code="01", on=date(2027, 1, 5)).exclude(
        pk=card.registered_facility_id
    )[0]


@time_machine.travel(TODAY, tick=False)
def test_a_facility_change_outside_the_window_is_refused_in_vietnamese(citizen):
    with pytest.raises(InvalidInput) as caught:
        facility_change_submit(user=citizen, facility_code=_other_facility(citizen).code)
    assert caught.value.code == "outside_change_window"
    assert caught.value.fields["facility"] == [
        "Chỉ được đổi nơi đăng ký KCB ban đầu trong 15 ngày đầu của mỗi quý. "
        "Bạn có thể gửi đề nghị từ ngày 01/01/2027 đến hết ngày 15/01/2027."
    ]


def test_a_facility_change_in_the_window_is_approved_even_after_it_closes(citizen, officer):
    facility = _other_facility(citizen)
    with time_machine.travel(IN_WINDOW, tick=False):
        dossier = facility_change_submit(user=citizen, facility_code=facility.code)
    assert dossier.data["requested_on"] == "2027-01-05"
    with time_machine.travel("2027-01-20 03:00:00+00:00", tick=False):
        engine.approve(dossier_id=dossier.pk, officer=officer)
    card = HealthCard.objects.get(person=citizen.person, status="active")
    assert card.registered_facility == facility and card.issued_on == date(2027, 1, 20)


@time_machine.travel(IN_WINDOW, tick=False)
def test_the_same_or_an_unknown_facility_is_refused(citizen):
    card = HealthCard.objects.get(person=citizen.person)
    with pytest.raises(InvalidInput) as caught:
        facility_change_submit(user=citizen, facility_code=card.registered_facility.code)
    assert caught.value.code == "same_facility"
    with pytest.raises(InvalidInput) as caught:
        facility_change_submit(user=citizen, facility_code="ZZ999")
    assert caught.value.code == "facility_not_allowed"


def test_the_card_kinds_are_registered_with_their_own_prefixes():
    prefixes = {k.code: k.number_prefix for k in engine.kinds()}
    assert prefixes["card_reissue"] == "CL" and prefixes["card_correction"] == "ST"
    assert prefixes["facility_change"] == "DN"
    assert len(set(prefixes.values())) == len(prefixes)


@time_machine.travel(TODAY, tick=False)
def test_every_correction_error_comes_at_once(citizen):
    with pytest.raises(InvalidInput) as caught:
        card_correction_submit(user=citizen, citizen_id="001090012345", sex="2", id_front=None)
    assert {"sex", "id_front"} <= caught.value.fields.keys()
