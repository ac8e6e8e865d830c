"""Cross-organisation matrix: HR of organisation A, on every HR page and every
``/api/v1/org/`` operation, with the ids of organisation B's rows, never sees B's data; its
lists hold only its own employees. Also the API's answers for rows of its own."""

import pytest
from django.urls import reverse
from django.utils import timezone

from openvss.accounts import signin
from openvss.audit.models import AccessLog
from openvss.dossiers.models import Dossier
from openvss.organisations import hr_services
from openvss.organisations.models import Declaration
from openvss.people.models import ParticipationPeriod

from .helpers import make_employees, row_of, sheet, signed_in, xlsx_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org_a, org_b, hr_a, hr_b):
    """Each organisation with employees, a batch, a pending declaration and arrears."""
    made = {}
    for key, org, hr, prefix in (("a", org_a, hr_a, "07"), ("b", org_b, hr_b, "08")):
        people = make_employees(org, 3, prefix=prefix)
        batch = hr_services.batch_submit(
            member=hr,
            upload=xlsx_upload(
                sheet(
                    [row_of(p, i + (0 if key == "a" else 50)) for i, p in enumerate(people[:2], 1)]
                )
            ),
        )
        held = Dossier.objects.create(
            kind=Dossier.Kind.REGISTRATION,
            status=Dossier.Status.RECEIVED,
            agency_id=batch.agency_id,
            person=people[2],
            number=f"9999{key}.DK/2026/x",
            data={"bhxh_code": people[2].bhxh_code, "full_name": people[2].full_name},
        )
        declaration = Declaration.objects.create(
            organisation=org, dossier=held, hr_status=Declaration.HrStatus.PENDING
        )
        ParticipationPeriod.objects.filter(person=people[0]).update(
            payment=ParticipationPeriod.Payment.OWED
        )
        made[key] = {"people": people, "batch": batch, "declaration": declaration}
    return made


def _page_urls(mine, theirs):
    """Every HR page, with this organisation's or the other's ids."""
    return {
        "desk": (reverse("org_hr:desk"), None),
        "employees": (reverse("org_hr:employees"), None),
        "queue": (reverse("org_hr:queue"), None),
        "batches": (reverse("org_hr:batches"), None),
        "upload": (reverse("org_hr:upload"), None),
        "arrears": (reverse("org_hr:arrears"), None),
        "declaration": (
            reverse("org_hr:declaration", args=[mine["declaration"].pk]),
            reverse("org_hr:declaration", args=[theirs["declaration"].pk]),
        ),
        "return": (
            reverse("org_hr:return", args=[mine["declaration"].pk]),
            reverse("org_hr:return", args=[theirs["declaration"].pk]),
        ),
        "batch": (
            reverse("org_hr:batch", args=[mine["batch"].pk]),
            reverse("org_hr:batch", args=[theirs["batch"].pk]),
        ),
        "batch_pdf": (
            reverse("org_hr:batch_pdf", args=[mine["batch"].pk]),
            reverse("org_hr:batch_pdf", args=[theirs["batch"].pk]),
        ),
    }


def _leaks(body: bytes, theirs) -> list[str]:
    text = body.decode("utf-8", "replace")
    found = [p.bhxh_code for p in theirs["people"] if p.bhxh_code in text]
    if theirs["batch"].number in text:
        found.append(theirs["batch"].number)
    return found


def test_pages_matrix(client, world, hr_a, hr_b):
    for who, member, mine, theirs in (
        ("a", hr_a, world["a"], world["b"]),
        ("b", hr_b, world["b"], world["a"]),
    ):
        client.logout()
        signed_in(client, member)
        for name, (own_url, other_url) in _page_urls(mine, theirs).items():
            answer = client.get(own_url)
            assert answer.status_code == 200, (who, name)
            assert _leaks(answer.content, theirs) == [], (who, name)
            if other_url:
                answer = client.get(other_url)
                assert answer.status_code == 404, (who, name, answer.status_code)
                assert _leaks(answer.content, theirs) == [], (who, name)
        # Forwarding the other organisation's declaration: not found, nothing changes.
        answer = client.post(reverse("org_hr:queue"), {"declarations": [theirs["declaration"].pk]})
        assert answer.status_code == 302
        # Returning it: not found, nothing changes.
        answer = client.post(
            reverse("org_hr:return", args=[theirs["declaration"].pk]), {"reason": "Sai thông tin"}
        )
        assert answer.status_code == 404 and _leaks(answer.content, theirs) == []
        theirs["declaration"].refresh_from_db()
        assert theirs["declaration"].hr_status == Declaration.HrStatus.PENDING
    # No organisation's read ever landed in another's employees' access log.
    for key, org in (("a", hr_a.organisation), ("b", hr_b.organisation)):
        people = [p.pk for p in world[key]["people"]]
        whys = set(AccessLog.objects.filter(person_id__in=people).values_list("why", flat=True))
        assert whys and all(org.employer.code in why for why in whys), (key, whys)


def _bearer(member) -> dict:
    tokens = signin._issue_tokens(member.verified_device, timezone.now())
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.access}"}


def test_api_matrix(client, world, hr_a, hr_b):
    for member, mine, theirs in ((hr_a, world["a"], world["b"]), (hr_b, world["b"], world["a"])):
        auth = _bearer(member)
        own = {
            "/api/v1/org/employees": 200,
            "/api/v1/org/declarations": 200,
            f"/api/v1/org/declarations/{mine['declaration'].pk}": 200,
            "/api/v1/org/batches": 200,
            f"/api/v1/org/batches/{mine['batch'].pk}": 200,
            f"/api/v1/org/batches/{mine['batch'].pk}/forms.pdf": 200,
            "/api/v1/org/arrears": 200,
        }
        for url, status in own.items():
            answer = client.get(url, **auth)
            assert answer.status_code == status, (url, answer.content[:200])
            assert _leaks(answer.content, theirs) == [], url
        for url in (
            f"/api/v1/org/declarations/{theirs['declaration'].pk}",
            f"/api/v1/org/batches/{theirs['batch'].pk}",
            f"/api/v1/org/batches/{theirs['batch'].pk}/forms.pdf",
        ):
            answer = client.get(url, **auth)
            assert answer.status_code == 404, url
            assert answer.json()["error"]["code"] == "not_found"
        answer = client.post(
            "/api/v1/org/forwards",
            {"declarations": [theirs["declaration"].pk]},
            content_type="application/json",
            **auth,
        )
        assert answer.status_code == 404
        answer = client.post(
            f"/api/v1/org/declarations/{theirs['declaration'].pk}/return",
            {"reason": "Sai thông tin"},
            content_type="application/json",
            **auth,
        )
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"
        theirs["declaration"].refresh_from_db()
        assert theirs["declaration"].hr_status == Declaration.HrStatus.PENDING
    # Without a token, or with a citizen's, nothing.
    assert client.get("/api/v1/org/employees").status_code == 401


def test_api_batch_upload_answers_cells(client, world, hr_a):
    auth = _bearer(hr_a)
    template = client.get("/api/v1/org/batches/template.xlsx", **auth)
    assert template.status_code == 200 and template.content.startswith(b"PK")
    people = make_employees(hr_a.organisation, 2, start=20)
    rows = [row_of(p, 20 + i) for i, p in enumerate(people)]
    rows[1][6] = "12"
    checked = client.post("/api/v1/org/batches/check", {"file": xlsx_upload(sheet(rows))}, **auth)
    assert checked.status_code == 200
    assert checked.json()["errors"][0]["column"] == "G" and checked.json()["valid"] == 1
    refused = client.post("/api/v1/org/batches", {"file": xlsx_upload(sheet(rows))}, **auth)
    assert refused.status_code == 422
    assert list(refused.json()["error"]["fields"]) == ["G3"]
    rows[1][6] = "0987000021"
    made = client.post("/api/v1/org/batches", {"file": xlsx_upload(sheet(rows))}, **auth)
    assert made.status_code == 201 and made.json()["row_count"] == 2
    detail = client.get(f"/api/v1/org/batches/{made.json()['id']}", **auth).json()
    assert [r["row"] for r in detail["rows"]] == [2, 3]
    assert detail["counts"] == {"received": 2}
