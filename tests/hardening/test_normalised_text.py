"""Item 9: text is NFC-normalised, trimmed and collapsed wherever it enters."""

import unicodedata

import pytest
from django import forms

from openvss.core.normalise import NormalisedTextMixin, normalise
from openvss.domain.qr import build_bhyt_qr, parse_bhyt_qr, parse_cccd_qr

NFD = unicodedata.normalize("NFD", "Nguyễn  Văn   An ")
NFC = "Nguyễn Văn An"


def test_the_shared_helper_normalises_every_string_but_secrets():
    body = {"full_name": NFD, "items": [NFD], "nested": {"x": NFD}, "new_password": " a  b "}
    assert normalise(body) == {
        "full_name": NFC,
        "items": [NFC],
        "nested": {"x": NFC},
        "new_password": " a  b ",
    }


class _Form(NormalisedTextMixin, forms.Form):
    name = forms.CharField()
    secret = forms.CharField(widget=forms.PasswordInput)


def test_forms_see_normalised_text_but_raw_passwords():
    form = _Form(data={"name": NFD, "secret": " x  y "})
    assert form.is_valid()
    assert form.cleaned_data["name"] == NFC
    assert form.cleaned_data["secret"] == "x  y"  # Django's own strip only


@pytest.mark.django_db
def test_the_api_receives_normalised_text(client):
    # The scan endpoint echoes what it read: a decomposed name comes back composed.
    cccd = f"001090012345|123456789|{NFD}|15031990|Nam|Số 1  Phố Huế|01012021"
    response = client.post("/api/v1/scan", {"text": cccd}, content_type="application/json")
    assert response.status_code == 200
    fields = response.json()["fields"]
    assert fields["full_name"] == NFC and fields["address"] == "Số 1 Phố Huế"


@pytest.mark.django_db
def test_api_query_strings_are_normalised(client):
    decomposed = unicodedata.normalize("NFD", "  Hà   Nội ")
    a = client.get("/api/v1/agencies", {"q": decomposed}).json()
    b = client.get("/api/v1/agencies", {"q": "Hà Nội"}).json()
    assert a == b and a["count"] > 0


def test_qr_texts_are_normalised_where_they_are_decoded():
    assert parse_cccd_qr(f"001090012345||{NFD}|15031990|Nam|x|01012021").full_name == NFC
    from datetime import date

    text = build_bhyt_qr(
        card_number="DN4010123456789", full_name=NFD, birth_date=date(1990, 3, 15), sex=1,
        facility_code="01001", valid_from=date(2026, 1, 1), valid_to=None,
        issued_on=date(2026, 1, 1), management_code="01010123456789", check_value="x",
    )  # fmt: skip
    assert parse_bhyt_qr(text).full_name == NFC
