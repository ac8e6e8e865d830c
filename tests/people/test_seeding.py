from datetime import date

import pytest
from django.db.models import Count

from openvss.domain.ids import parse_card_number, parse_citizen_id
from openvss.domain.months import Month, Span, union_months
from openvss.legal.selectors import benefit_percents
from openvss.people import demo_country as dc
from openvss.people.models import (
    BenefitPayment,
    HealthCard,
    MedicalVisit,
    ParticipationPeriod,
    Person,
)
from openvss.people.seeding import TABLES, load_places, seed_people
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


def test_generator_columns_are_model_fields():
    for model, columns, _ in TABLES:
        attnames = {f.attname for f in model._meta.concrete_fields}
        assert set(columns) <= attnames, set(columns) - attnames


def test_seed_creates_consistent_people_and_records():
    totals = seed_people(count=300, seed=7, today=TODAY, chunk=120)
    assert totals["people"] == Person.objects.count() == 300
    assert HealthCard.objects.count() == 300
    assert totals["periods"] == ParticipationPeriod.objects.count() > 300
    assert MedicalVisit.objects.exists() and BenefitPayment.objects.exists()
    for person in Person.objects.all():
        cid = parse_citizen_id(person.citizen_id)
        # CCCD numbers agree with birth year and sex.
        assert (cid.birth_year, cid.sex) == (person.birth_date.year, person.sex)
        assert person.full_name.split()[0] in dict(dc.FAMILY_NAMES)
    for card in HealthCard.objects.select_related("person"):
        parsed = parse_card_number(card.code)
        assert parsed.bhxh_code == card.number == card.person.bhxh_code
        assert parsed.benefit_level == card.benefit_level


def test_seed_is_deterministic_whatever_the_chunking():
    seed_people(count=120, seed=3, today=TODAY, chunk=50)
    first = list(
        Person.objects.order_by("id").values_list(
            "bhxh_code", "full_name", "birth_date", "citizen_id"
        )
    )
    periods = ParticipationPeriod.objects.count()
    places = load_places()
    employers = list(range(1, 10))
    a, b = dc.Batch(), dc.Batch()
    percents = benefit_percents()
    country_a = dc.DemoCountry(
        seed=3, places=places, employer_ids=employers, today=TODAY, fund_percents=percents
    )
    country_b = dc.DemoCountry(
        seed=3, places=places, employer_ids=employers, today=TODAY, fund_percents=percents
    )
    for i in range(40):
        country_a.person(i, i + 1, a)
    for i in range(40):
        country_b.person(i, i + 1, b)
    assert a.people == b.people and a.periods == b.periods and a.visits == b.visits
    assert [row[1:3] for row in a.people] == [row[:2] for row in first[:40]]
    assert periods > 0


def test_seeding_again_appends_new_people():
    seed_people(count=50, seed=1, today=TODAY)
    seed_people(count=30, seed=1, today=TODAY)
    assert Person.objects.count() == 80
    assert Person.objects.values("bhxh_code").distinct().count() == 80
    # New rows after a bulk load still get ids from the sequence.
    PersonFactory(
        bhxh_code="9999999999", full_name="Mới", birth_date=date(2000, 1, 1), citizen_id=None
    )


def test_some_histories_overlap_and_the_union_counts_each_month_once():
    seed_people(count=400, seed=11, today=TODAY)
    found_overlap = False
    for person_id in (
        ParticipationPeriod.objects.filter(scheme="BHXH")
        .values("person")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("person", flat=True)[:200]
    ):
        rows = ParticipationPeriod.objects.filter(person_id=person_id, scheme="BHXH")
        spans = [Span(Month.of(r.from_month), Month.of(r.to_month)) for r in rows]
        total = sum(s.months for s in spans)
        if union_months(spans) < total:
            found_overlap = True
    assert found_overlap
