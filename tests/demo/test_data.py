from openvss.accounts.models import User
from openvss.demo.data import (
    CHILD_CODE,
    CITIZEN_CODE,
    OFFICERS,
    PENDING_PER_AGENCY,
    PENSIONER_CODE,
    demo_ensure,
)
from openvss.dossiers.models import Dossier
from openvss.people.models import BenefitPayment, HealthCard, ParticipationPeriod, Person


def test_the_demo_citizen_has_a_record_for_every_screen(demo_logins):
    an = Person.objects.get(bhxh_code=CITIZEN_CODE)
    assert an.full_name == "Nguyễn Văn An"
    card = an.cards.get(status=HealthCard.Status.ACTIVE)
    assert card.code == "DN4010123456789" and card.registered_facility.code == "01001"
    first = an.periods.order_by("from_month").first().from_month
    assert first.year == 2008  # a long history
    regimes = set(an.benefits.values_list("regime", flat=True))
    assert {"one_time", "sickness", "maternity", "convalescence", "unemployment"} <= regimes
    assert an.periods.filter(payment=ParticipationPeriod.Payment.OWED).exists()  # arrears
    assert an.visits.filter(kind="inpatient").exists() and an.visits.count() >= 4
    child = Person.objects.get(bhxh_code=CHILD_CODE)
    assert child.guardian == an and child.cards.get().group_code == "TE"
    pensioner = Person.objects.get(bhxh_code=PENSIONER_CODE)
    assert pensioner.benefits.filter(regime=BenefitPayment.Regime.PENSION).count() > 12


def test_the_logins_are_the_same_on_every_run(demo_logins, client):
    again = {login.username: login for login in demo_ensure()}
    assert again == demo_logins
    assert Person.objects.filter(bhxh_code=CITIZEN_CODE).count() == 1
    assert {CITIZEN_CODE, PENSIONER_CODE, "canbo.hanoi", "canbo.hcm", "quantri"} <= set(again)
    for login in again.values():
        assert client.login(username=login.username, password=login.password), login.username
        client.logout()


def test_each_officer_sees_the_waiting_dossiers_of_their_own_agency(demo_logins, client):
    for username, agency_code in OFFICERS:
        waiting = Dossier.objects.filter(agency__code=agency_code, status__in=Dossier.OPEN_STATUSES)
        assert waiting.count() == PENDING_PER_AGENCY
        client.force_login(User.objects.get(username=username))
        assert client.get("/quan-tri/people/person/").status_code == 200  # they work records
        assert client.get("/quan-tri/auth/group/").status_code == 403  # not accounts
        page = client.get("/quan-tri/dossiers/dossier/").content.decode()
        for dossier in Dossier.objects.filter(status__in=Dossier.OPEN_STATUSES):
            assert (dossier.number in page) == (dossier.agency.code == agency_code)
    again = demo_ensure()
    assert (
        again
        and Dossier.objects.filter(status__in=Dossier.OPEN_STATUSES).count()
        == 2 * PENDING_PER_AGENCY
    )


def test_a_newcomer_can_register_as_the_printed_applicant(demo_logins):
    from openvss.demo.data import _photo, demo_applicant
    from openvss.dossiers.services import registration_submit

    hoa = demo_applicant()
    assert hoa is not None and hoa.full_name == "Lê Thị Hoa"
    submitted = registration_submit(
        bhxh_code=hoa.bhxh_code,
        full_name="lê thị hoa",
        birth_date=hoa.birth_date,
        citizen_id=hoa.citizen_id,
        commune_code=hoa.commune_id,
        address_line=hoa.address_line,
        phone=hoa.phone,
        email="",
        agency_code="01000",
        portrait=_photo("a.jpg", (300, 400)),
        id_front=_photo("b.jpg", (640, 400)),
        id_back=_photo("c.jpg", (640, 400)),
    )
    assert submitted.dossier.status == Dossier.Status.AWAITING_OTP
