"""The dossier engine: kinds registered, states and transitions as data, an event for every
transition, numbering by the kind's prefix, the officer queue scoped by agency, and no
branching on kind anywhere in the app."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils import timezone
from django.utils.translation import gettext_lazy

from openvss.core.uploads import image_clean
from openvss.dossiers import engine
from openvss.dossiers.admin import DossierAdmin
from openvss.dossiers.models import Dossier, DossierFile
from openvss.errors import Conflict, Forbidden
from openvss.places.models import Agency
from tests.factories import CitizenFactory, PersonFactory

from .conftest import jpeg

pytestmark = pytest.mark.django_db
SRC = Path(engine.__file__).resolve().parents[1]


def test_every_kind_in_use_is_registered_with_its_own_prefix():
    kinds = {k.code: k for k in engine.kinds()}
    for code in ("registration", "child_account", "info_change", "visit_dispute",
                 "form01_adjust", "form01_stop"):  # fmt: skip
        assert code in kinds
    prefixes = [k.number_prefix for k in kinds.values()]
    assert len(prefixes) == len(set(prefixes))
    assert {kinds[c].form01_section for c in ("registration", "form01_adjust", "form01_stop")} == {
        1, 2, 3,
    }  # fmt: skip


def test_a_kind_is_registered_once_and_must_be_a_dossier_kind():
    with pytest.raises(ValueError):
        engine.register(
            engine.DossierKind(
                code="nonsense", label=gettext_lazy("x"), number_prefix="ZZ",
                check=dict, approve=lambda d, u: None,
            )
        )  # fmt: skip
    registration = engine.kind_for("registration")
    with pytest.raises(ValueError):  # a second, different declaration of the same kind
        engine.register(engine.DossierKind(**{**registration.__dict__, "number_prefix": "XX"}))


def test_transitions_are_a_table():
    assert engine.may_transition("received", "in_review")
    assert engine.may_transition("facility_asked", "in_review")
    assert not engine.may_transition("approved", "rejected")
    assert not engine.may_transition("awaiting_otp", "approved")
    assert not engine.may_transition("expired", "received")


@pytest.fixture
def citizen():
    person = PersonFactory(commune_id="00070")
    return CitizenFactory(person=person, phone="0912345678", email="an@example.vn")


@pytest.fixture
def hcm_officer(officer_hcm):
    return officer_hcm


def _open(citizen):
    return engine.open(
        "info_change",
        user=citizen,
        person=citizen.person,
        agency=Agency.objects.get(code="01000"),
        data={"changes": {"address_line": "Số 2 Phố Huế"}, "old": {}, "reason": "chuyển nhà"},
    )


def test_open_numbers_with_the_kinds_prefix_and_records_the_first_event(citizen):
    dossier = _open(citizen)
    assert re.fullmatch(r"\d{5}\.DC/\d{4}/01000", dossier.number)
    event = dossier.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", "received", citizen)


def test_every_transition_writes_an_event_with_actor_and_note(citizen, officer):
    dossier = _open(citizen)
    engine.start_review(dossier_id=dossier.pk, officer=officer)
    engine.reject(dossier_id=dossier.pk, officer=officer, reason="Thiếu giấy tờ chứng minh")
    events = list(dossier.events.values_list("from_status", "to_status", "actor", "note"))
    assert events[1:] == [
        ("received", "in_review", officer.pk, ""),
        ("in_review", "rejected", officer.pk, "Thiếu giấy tờ chứng minh"),
    ]


def test_a_decided_dossier_cannot_move_again(citizen, officer):
    dossier = _open(citizen)
    engine.approve(dossier_id=dossier.pk, officer=officer)
    with pytest.raises(Conflict) as info:
        engine.reject(dossier_id=dossier.pk, officer=officer, reason="Đổi ý sau khi duyệt")
    assert info.value.code == "bad_transition"
    assert dossier.events.count() == 2  # received, approved: the refusal wrote nothing


def test_the_queue_and_the_decisions_are_the_agencys_own(citizen, officer, hcm_officer):
    dossier = _open(citizen)
    assert engine.queue(officer).filter(pk=dossier.pk).exists()
    assert not engine.queue(hcm_officer).filter(pk=dossier.pk).exists()
    with pytest.raises(Forbidden):
        engine.approve(dossier_id=dossier.pk, officer=hcm_officer)
    assert Dossier.objects.get(pk=dossier.pk).status == "received"


def test_the_admin_queue_is_scoped_by_agency(citizen, officer, hcm_officer):
    dossier = _open(citizen)
    admin = DossierAdmin(Dossier, site)
    for user, seen in ((officer, True), (hcm_officer, False)):
        request = RequestFactory().get("/")
        request.user = user
        assert admin.get_queryset(request).filter(pk=dossier.pk).exists() is seen


def test_no_branching_on_kind_is_left():
    """The kinds declare what differs: nothing compares a dossier's kind to choose a path."""
    pattern = re.compile(r"(if|elif)\s+[\w.]*kind\s*(==|!=|in\b)|\.kind\s*(==|!=)\s*[\"'A-Z]")
    offenders = []
    for path in [*(SRC / "dossiers").rglob("*.py"), *(SRC / "dossiers").rglob("*.html")]:
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line) or re.search(r"kind\s*==\s*['\"]", line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_photos_of_decided_dossiers_are_erased_after_the_retention_period(
    settings, citizen, officer, django_capture_on_commit_callbacks
):
    settings.DOSSIER_PHOTOS_KEPT_DAYS = 30
    dossier = engine.open(
        "info_change", user=citizen, person=citizen.person,
        agency=Agency.objects.get(code="01000"), data={"changes": {}, "old": {}},
        files={DossierFile.Kind.ID_FRONT: image_clean(jpeg(), field="id_front")},
    )  # fmt: skip
    stored = dossier.files.get().file.name
    engine.approve(dossier_id=dossier.pk, officer=officer)
    engine.expire(now=timezone.now() + timedelta(days=29))
    assert dossier.files.exists()
    with django_capture_on_commit_callbacks(execute=True):
        engine.expire(now=timezone.now() + timedelta(days=31))
    assert not dossier.files.exists()
    assert not DossierFile.objects.filter(file=stored).exists()
    dossier.refresh_from_db()
    assert dossier.status == "approved" and dossier.data  # the decision and its data stay
