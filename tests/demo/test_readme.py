"""The README's card check, as printed, against the demo's data: the README cannot drift."""

import json
import re
from pathlib import Path

from openvss.clinics.services import api_key_create
from openvss.places.models import MedicalFacility

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_card_check() -> dict:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## A card check") :]
    section = section[: section.index("\n## ", 4)]
    create = re.search(r"openvss facility_key create (\S+) --scopes (\S+)\)", section)
    curl = re.search(r"curl -s http://127\.0\.0\.1:\d+(\S+) ", section)
    body = re.search(r"-d '(\{.*?\})'", section, re.S)
    assert create and curl and body, "the README's card-check example changed shape"
    return {
        "facility": create.group(1),
        "scopes": create.group(2).split(","),
        "path": curl.group(1),
        "body": json.loads(body.group(1)),
        "answer": section[body.end() :],
    }


def test_the_readme_card_check_returns_000_against_the_demo(demo_logins, client):
    example = readme_card_check()
    facility = MedicalFacility.objects.get(code=example["facility"])
    _key, key_text = api_key_create(facility=facility, name="README", scopes=example["scopes"])
    response = client.post(
        example["path"],
        example["body"],
        content_type="application/json",
        HTTP_X_API_KEY=key_text,
    )
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["result_code"] == "000"
    print(json.dumps(answer, ensure_ascii=False))
    # What the README shows of the answer is what the demo answers.
    coverage = answer["coverage"]
    for value in (
        coverage["card_code"],
        f'"benefit_level": {coverage["benefit_level"]}',
        f'"benefit_percent": {coverage["benefit_percent"]}',
        coverage["registered_facility"]["code"],
        f'"valid_to": {json.dumps(coverage["valid_to"])}',
    ):
        assert value in example["answer"], value
