"""Item 3: every step of every flow answers the same for a real and a made-up account.

Each flow is walked twice, once with a real account and once with a made-up one, and the
answers are compared step by step: status, body shape and messages. Values that are random
by design (challenge ids, dossier ids and keys) are masked; everything else must be equal.
"""

import pytest
from django.core import mail

from openvss.accounts.models import User
from tests.dossiers.conftest import jpeg
from tests.factories import CitizenFactory, PersonFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Mật khẩu của An 2026"
RANDOM = {"challenge", "access_key", "id", "declaration_url"}


def shape(value, key=""):
    """The answer with its random-by-design values masked."""
    if key in RANDOM:
        return f"<{type(value).__name__}>"
    if isinstance(value, dict):
        return {k: shape(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value]
    return value


def answer(response):
    kind = response.get("Content-Type", "")
    body = shape(response.json()) if kind.startswith("application/json") else None
    return response.status_code, body


@pytest.fixture
def real(db):
    person = PersonFactory(phone="0912345678", email="an@example.vn", commune_id="00070")
    return CitizenFactory(person=person, password=PASSWORD)


def post(client, path, body, **extra):
    return client.post(path, body, content_type="application/json", **extra)


def test_api_login_walk(client, real):
    def walk(code):
        steps = []
        for _ in range(6):  # wrong passwords up to and past the lock
            body = {"username": code, "password": "sai", "device_id": "d1"}
            steps.append(answer(post(client, "/api/v1/auth/login", body)))
        return steps

    assert walk(real.username) == walk("0999999999")


def test_api_password_reset_walk(client, real, django_capture_on_commit_callbacks):
    def walk(code, email):
        start = post(client, "/api/v1/auth/password-reset", {"bhxh_code": code, "email": email})
        challenge = start.json()["challenge"]
        steps = [answer(start)]
        for otp in ("000000", "111111"):
            confirm = post(
                client,
                "/api/v1/auth/password-reset/confirm",
                {"challenge": challenge, "otp": otp},
            )
            steps.append(answer(confirm))
        return steps

    with django_capture_on_commit_callbacks(execute=True):
        real_walk = walk(real.username, real.email)
    assert len(mail.outbox) == 1  # the real account got its code …
    assert real_walk == walk("0999999999", "nobody@example.vn")  # … and nothing else differs
    assert real_walk == walk(real.username, "wrong@example.vn")
    assert real_walk[1][1]["error"]["code"] == "otp_wrong"


def test_portal_forgot_password_walk(client, real):
    from tests.accounts.test_recovery import solved_captcha

    def walk(code, email):
        client.cookies.clear()
        key, solution = solved_captcha(client.get("/quen-mat-khau/").content.decode())
        first = client.post(
            "/quen-mat-khau/",
            {"bhxh_code": code, "email": email, "captcha_0": key, "captcha_1": solution},
        )
        steps = [(first.status_code, first.get("Location"))]
        assert first.status_code == 302, first.content.decode()[:3000]
        confirm = client.post("/quen-mat-khau/xac-thuc/", {"otp": "000000"})
        steps.append((confirm.status_code, _errors(confirm)))
        return steps

    assert walk(real.username, real.email) == walk("0999999999", "nobody@example.vn")


def _errors(response):
    form = response.context["form"]
    return {k: list(v) for k, v in form.errors.items()}


def _registration(**changes):
    data = {
        "full_name": "Nguyễn Văn An",
        "birth_date": "1990-03-15",
        "citizen_id": "001090012345",
        "commune_code": "00070",
        "address_line": "Số 1 Phố Huế",
        "agency_code": "01000",
        "portrait": jpeg(),
        "id_front": jpeg(),
        "id_back": jpeg(),
    }
    data.update(changes)
    return data


def test_registration_walk_with_a_phone_and_email_of_an_account_or_not(client, real):
    applicant = PersonFactory(
        bhxh_code="0198765432", full_name="Trần Thị Bình", citizen_id="001185012345",
        commune_id="00070", sex=2,
    )  # fmt: skip
    from datetime import date

    applicant.birth_date = date(1985, 11, 20)
    applicant.save()

    def walk(phone, email):
        created = client.post(
            "/api/v1/registrations",
            _registration(
                bhxh_code="0198765432", full_name="Trần Thị Bình", birth_date="1985-11-20",
                citizen_id="001185012345", phone=phone, email=email,
            ),
        )  # fmt: skip
        steps = [answer(created)]
        body = created.json()
        for otp in ("000000", "111111"):
            confirm = post(
                client,
                f"/api/v1/registrations/{body['id']}/confirm",
                {"otp": otp},
                HTTP_X_DOSSIER_KEY=body["access_key"],
            )
            steps.append(answer(confirm))
        # Masked contacts differ by design (they echo what was typed); compare the rest.
        steps[0][1].pop("otp_sent_to")
        return steps

    taken = walk(real.phone, real.email)  # both belong to An's account
    from openvss.dossiers.models import Dossier

    Dossier.objects.all().delete()
    fresh = walk("0987654321", "binh@example.vn")
    assert taken == fresh
    assert taken[0][0] == 201 and taken[1][1]["error"]["code"] == "otp_wrong"


def test_registration_walk_for_a_code_with_an_account_or_not(client, real):
    from openvss.dossiers.models import Dossier

    def walk(phone, email):
        created = client.post(
            "/api/v1/registrations",
            _registration(bhxh_code=real.username, full_name=real.person.full_name,
                          birth_date=real.person.birth_date.isoformat(),
                          citizen_id=real.person.citizen_id, phone=phone, email=email),
        )  # fmt: skip
        body = created.json()
        confirm = post(
            client,
            f"/api/v1/registrations/{body['id']}/confirm",
            {"otp": "000000"},
            HTTP_X_DOSSIER_KEY=body["access_key"],
        )
        return [answer(created)[0], answer(confirm)]

    with_account = walk("0987654321", "binh@example.vn")
    Dossier.objects.all().delete()
    User.objects.filter(pk=real.pk).delete()
    without = walk("0987654321", "binh@example.vn")
    assert with_account == without and with_account[0] == 201
