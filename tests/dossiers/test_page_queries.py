"""A fixed number of queries for each new page of the dossier kinds, whatever the data."""

import pytest

from openvss.people.models import Person
from tests.factories import CitizenFactory, HealthCardFactory, MedicalVisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    settings.QR_SIGNING_KEY_DIR = tmp_path / "keys"


@pytest.fixture
def parent(an):
    HealthCardFactory(person=an)
    for _ in range(3):
        MedicalVisitFactory(card=an.cards.get())
    child = Person.objects.create(
        bhxh_code="0123400001", full_name="Nguyễn Minh Khang", name_folded="nguyen minh khang",
        birth_date="2022-09-02", sex=1, guardian=an,
    )  # fmt: skip
    HealthCardFactory(person=child, code="TE1010123400001")
    for _ in range(4):
        MedicalVisitFactory(card=child.cards.get())
    return CitizenFactory(person=an, phone="0912345678", email="an@example.vn")


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/tai-khoan/giao-dich-dien-tu/dieu-chinh/", 2),
        ("/tai-khoan/giao-dich-dien-tu/ngung/", 1),
        ("/tai-khoan/kham-chua-benh/con/0123400001/?nam=2026", 6),
        ("/tai-khoan/kham-chua-benh/?nam=2026", 6),
    ],
)
def test_pages_run_a_fixed_number_of_queries(
    client, parent, path, queries, django_assert_num_queries, session_reads
):
    client.force_login(parent)
    client.get(path)  # warm the session and caches
    with django_assert_num_queries(queries + session_reads):
        assert client.get(path).status_code == 200


def test_the_dispute_form_runs_a_fixed_number_of_queries(
    client, parent, django_assert_num_queries, session_reads
):
    client.force_login(parent)
    visit = parent.person.visits.first()
    client.get(f"/tai-khoan/kham-chua-benh/{visit.pk}/phan-anh/")
    with django_assert_num_queries(2 + session_reads):
        assert client.get(f"/tai-khoan/kham-chua-benh/{visit.pk}/phan-anh/").status_code == 200
