from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvss.audit.models import AccessLog
from openvss.clinics.models import FacilityApiKey
from openvss.clinics.services import api_key_revoke
from openvss.people.models import HealthCard, Person
from tests.domain.test_qr import LEGACY
from tests.factories import FacilityKeyFactory, HealthCardFactory, PersonFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/clinic/card-checks"
TODAY = "2026-11-22"


def check(api, **body):
    body.setdefault("full_name", "Nguyễn Văn An")
    body.setdefault("birth_date", "15/03/1990")
    return api(URL, body)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("number", ["0123456789", "DN4010123456789", "dn401 0123456789"])
def test_a_valid_card_in_either_form_gets_000_with_its_coverage(api, an, number):
    response = check(api, card_number=number)
    assert response.status_code == 200
    body = response.json()
    assert body["result_code"] == "000" and body["message"] == "Thông tin thẻ chính xác"
    coverage = body["coverage"]
    assert coverage["benefit_level"] == 4 and coverage["benefit_percent"] == 80
    assert (
        coverage["registered_facility"]["code"] == "01001" and coverage["registered_here"] is True
    )
    assert coverage["valid_to"] == "2026-12-31" and coverage["five_year_date"] == "2025-01-01"


@time_machine.travel(TODAY, tick=False)
def test_lookup_by_citizen_id_and_diacritic_free_name(api, an):
    body = check(api, citizen_id="001090012345", full_name="NGUYEN VAN AN").json()
    assert body["result_code"] == "000"


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"card_number": "0999999999"}, "050"),
        ({"card_number": "DN4010999999999"}, "050"),
        ({"card_number": "HT4010123456789"}, "051"),  # right number, wrong group code
        ({"card_number": "DN4790123456789"}, "052"),  # wrong province
        ({"card_number": "DN3010123456789"}, "053"),  # wrong benefit digit
        ({"card_number": "0123456789", "full_name": "Trần Văn Bình"}, "060"),
        ({"card_number": "0123456789", "full_name": "Nguyễn Văn Ân Hai"}, "061"),
        ({"card_number": "0123456789", "birth_date": "16/03/1990"}, "070"),
        ({"card_number": "0123456789", "birth_date": "1991"}, "070"),
        ({"citizen_id": "079190012345"}, "050"),
    ],
)
def test_portal_result_codes(api, an, body, code):
    response = check(api, **body)
    assert response.status_code == 200
    result = response.json()
    assert result["result_code"] == code
    assert result["coverage"] is None  # nothing of the card is shown when identity fails


@time_machine.travel("2027-01-15", tick=False)
def test_an_expired_card_gets_010(api, an):
    assert check(api, card_number="0123456789").json()["result_code"] == "010"


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(("status", "code"), [("revoked", "110"), ("suspended", "120")])
def test_revoked_and_stopped_cards(api, an, status, code):
    HealthCard.objects.filter(person=an).update(status=status)
    assert check(api, card_number="0123456789").json()["result_code"] == code


@time_machine.travel(TODAY, tick=False)
def test_an_old_card_replaced_by_a_new_one(api, an, facility):
    HealthCard.objects.filter(person=an).update(status="replaced", valid_to=date(2026, 6, 30))
    HealthCardFactory(
        person=an,
        group_code="HC",
        registered_facility=facility,
        valid_from=date(2026, 7, 1),
        valid_to=None,
        issued_on=date(2026, 7, 1),
    )
    assert check(api, card_number="DN4010123456789").json()["result_code"] == "003"
    assert check(api, card_number="0123456789").json()["coverage"]["card_code"] == "HC4010123456789"


@time_machine.travel(TODAY, tick=False)
def test_military_cards_are_managed_elsewhere(api, an):
    HealthCard.objects.filter(person=an).update(
        group_code="QN", code="QN5010123456789", benefit_level=5
    )
    assert check(api, card_number="0123456789").json()["result_code"] == "001"


@time_machine.travel(TODAY, tick=False)
def test_a_child_under_six_without_a_card_gets_130(api, db):
    PersonFactory(
        bhxh_code="0123400001",
        full_name="Lê Minh Khang",
        birth_date=date(2022, 9, 2),
        citizen_id="092222001234",
    )
    body = check(
        api, citizen_id="092222001234", full_name="Lê Minh Khang", birth_date="02/09/2022"
    ).json()
    assert body["result_code"] == "130"


@time_machine.travel(TODAY, tick=False)
def test_the_card_qr_payload_is_accepted(api, an):
    payload = LEGACY.replace("DN4790123456789", "DN4010123456789")
    body = api(URL, {"qr": payload}).json()  # name and birth date come from the QR
    assert body["result_code"] == "000"


@pytest.mark.parametrize(
    "body",
    [
        {"card_number": "12"},
        {"card_number": "0123456789", "citizen_id": "001090012345"},
        {},
        {"qr": "garbage"},
        {"card_number": "0123456789", "full_name": ""},
    ],
)
def test_malformed_requests_get_a_422(api, an, body):
    response = api(URL, {"full_name": "Nguyễn Văn An", "birth_date": "15/03/1990", **body})
    assert response.status_code == 422
    assert response.json()["error"]["code"] in ("205", "invalid", "qr_unknown")


@time_machine.travel(TODAY, tick=False)
def test_a_facility_sees_no_more_than_the_check(api, an):
    body = check(api, card_number="0123456789").json()
    assert set(body) == {"result_code", "message", "coverage"}
    text = str(body)
    for private in ("0912345678", "an@example.vn", "Phố Huế", "001090012345"):
        assert private not in text


@time_machine.travel(TODAY, tick=False)
def test_every_check_is_in_the_citizens_access_log(api, an, facility):
    check(api, card_number="0123456789")
    check(api, card_number="0123456789", birth_date="01/01/2000")
    logs = list(
        AccessLog.objects.filter(person=an)
        .order_by("pk")
        .values_list("action", "facility_id", "outcome")
    )
    assert logs == [("card_check", facility.pk, "000"), ("card_check", facility.pk, "070")]


def test_missing_wrong_and_revoked_keys_get_401(api, an, key_text, client):
    assert (
        client.post(URL, {"card_number": "0123456789"}, content_type="application/json").status_code
        == 401
    )
    assert api(URL, {"card_number": "0123456789"}, key="ovk_0000_guess").status_code == 401
    assert api(URL, {"card_number": "0123456789"}, key=key_text + "x").status_code == 401
    api_key_revoke(key=FacilityApiKey.objects.get())
    response = api(URL, {"card_number": "0123456789"}, key=key_text)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Khóa API không hợp lệ hoặc đã bị thu hồi."


def test_a_key_revoked_by_another_server_is_refused_within_seconds(api, an, monkeypatch):
    from django.core.cache import cache
    from django.utils import timezone

    from openvss.clinics import services

    assert check(api, card_number="0123456789").status_code == 200  # now remembered here
    # Another server revokes it: the database and the shared cache (Redis) drop it at once,
    # this process's own memory of it lasts LOCAL_KEY_SECONDS (5 s) at most.
    key = FacilityApiKey.objects.get()
    FacilityApiKey.objects.filter(pk=key.pk).update(revoked_at=timezone.now())
    cache.delete(services._cache_key(key.prefix))
    assert services.LOCAL_KEY_SECONDS <= 5
    later = services._clock() + services.LOCAL_KEY_SECONDS + 0.01
    monkeypatch.setattr(services, "_clock", lambda: later)
    response = check(api, card_number="0123456789")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"


def test_keys_are_stored_hashed(key_text):
    stored = FacilityApiKey.objects.get()
    secret = key_text.split("_", 2)[2]
    assert secret not in stored.digest and len(stored.digest) == 64


@time_machine.travel(TODAY, tick=False)
def test_a_check_does_a_fixed_small_number_of_queries(api, an):
    check(api, card_number="0123456789")  # warm: last_used_at written once a minute
    with CaptureQueriesContext(connection) as ctx:
        assert check(api, card_number="0123456789").json()["result_code"] == "000"
    assert len(ctx.captured_queries) <= 4, [q["sql"] for q in ctx.captured_queries]


def test_checks_are_rate_limited_per_key(api, an, settings, monkeypatch):
    from openvss.clinics import services

    real = services.rate_limit_hit
    monkeypatch.setattr(services, "rate_limit_hit", lambda *a, **k: real(*a, **{**k, "limit": 3}))
    codes = [check(api, card_number="0123456789").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429


@pytest.mark.django_db(transaction=True)
def test_the_access_log_is_written_outside_a_transaction_too(client, settings):
    # No ``facility`` fixture: an earlier transactional test may have flushed the reference
    # data, which this test loads itself.
    # Outside any transaction (as in production, autocommit) the row commits on its own,
    # synchronously: never an asynchronous commit that a crash could undo.
    from openvss.legal.services import legal_reference_load
    from openvss.places.services import reference_load

    reference_load()
    legal_reference_load()
    person = PersonFactory()
    HealthCardFactory(person=person, valid_to=None)  # valid whatever the date the suite runs
    text = FacilityKeyFactory(name="x", scopes=["verify"]).text
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            URL,
            {"card_number": "0123456789", "full_name": "Nguyễn Văn An", "birth_date": "15/03/1990"},
            content_type="application/json",
            HTTP_X_API_KEY=text,
        )
    assert response.json()["result_code"] == "000"
    assert AccessLog.objects.filter(person=person, action="card_check", outcome="000").count() == 1
    assert not any("synchronous_commit" in q["sql"].lower() for q in ctx.captured_queries)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
    # The connection is back in autocommit, with no transaction left open.
    assert connection.get_autocommit() and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@time_machine.travel(TODAY, tick=False)
def test_a_year_alone_does_not_match_a_card_with_a_full_birth_date(api, an):
    body = check(api, card_number="0123456789", birth_date="1990").json()
    assert body["result_code"] == "070" and body["coverage"] is None
    assert check(api, card_number="0123456789").json()["result_code"] == "000"


@time_machine.travel(TODAY, tick=False)
def test_a_year_is_enough_where_the_card_holds_only_the_year(api, an):
    Person.objects.filter(pk=an.pk).update(birth_year_only=True)
    assert check(api, card_number="0123456789", birth_date="1990").json()["result_code"] == "000"


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("reason", "code"),
    [("", "120"), ("moved_out", "121"), ("moved_within", "122"), ("reenrolled", "123"),
     ("stopped", "124")],
)  # fmt: skip
def test_each_reason_for_a_stopped_card_keeps_its_own_code(api, an, reason, code):
    HealthCard.objects.filter(person=an).update(status="suspended", stop_reason=reason)
    body = check(api, card_number="0123456789").json()
    assert body["result_code"] == code
    assert body["message"].startswith("Thẻ đã báo giảm")


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(("error", "code"), [("OperationalError", "101"), ("DataError", "100")])
def test_database_failures_answer_the_portals_100_and_101(api, an, monkeypatch, error, code):
    from django import db

    from openvss.clinics import services

    def broken(*args, **kwargs):
        raise getattr(db, error)("the database could not answer")

    # The card lookup itself fails (on PostgreSQL it is one statement with the log row).
    monkeypatch.setattr(services, "_find_card", broken)
    response = check(api, card_number="0123456789")
    assert response.status_code == 503
    body = response.json()
    assert body["result_code"] == code and body["coverage"] is None


@time_machine.travel(TODAY, tick=False)
def test_the_signed_card_qr_is_accepted(api, an):
    from openvss.clinics.signing import card_signed_payload

    card = HealthCard.objects.get(person=an)
    body = api(URL, {"qr": card_signed_payload(card)}).json()
    assert body["result_code"] == "000" and body["coverage"]["card_number"] == "0123456789"


@time_machine.travel(TODAY, tick=False)
def test_a_tampered_or_expired_signed_qr_is_refused(api, an):
    from openvss.clinics.signing import card_signed_payload

    card = HealthCard.objects.get(person=an)
    payload = card_signed_payload(card)
    tampered = payload[:-3] + ("AAA" if not payload.endswith("AAA") else "BBB")
    response = api(URL, {"qr": tampered})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "205"
    with time_machine.travel("2026-11-22 01:00", tick=False):
        assert api(URL, {"qr": payload}).status_code == 422
