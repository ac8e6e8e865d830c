from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from openvss.domain.errors import DomainError
from openvss.domain.signed_qr import (
    key_id_of,
    public_key_from_text,
    public_key_to_text,
    sign_card,
    verify_card,
)

KEY = Ed25519PrivateKey.generate()
OTHER = Ed25519PrivateKey.generate()
NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)


def payload(key=KEY, kid="k1", issued=NOW, lifetime=300, name="Nguyễn Văn An"):
    return sign_card(
        private_key=key,
        key_id=kid,
        card_number="0123456789",
        card_code="DN4010123456789",
        full_name=name,
        birth_date="15/03/1990",
        sex=1,
        benefit_level=4,
        facility_code="01001",
        valid_to=date(2026, 12, 31),
        issued_at=issued,
        lifetime_seconds=lifetime,
    )


def keys(**extra):
    return {"k1": KEY.public_key(), **extra}


def test_a_signed_card_verifies_with_the_public_key_only():
    card = verify_card(payload(), keys(), now=NOW + timedelta(minutes=2))
    assert (card.card_number, card.full_name, card.benefit_level, card.valid_to) == (
        "0123456789",
        "Nguyễn Văn An",
        4,
        date(2026, 12, 31),
    )
    assert card.expires_at - card.issued_at == timedelta(seconds=300)
    assert payload().isascii() and len(payload()) < 400  # fits a small QR


def test_an_expired_payload_is_refused():
    with pytest.raises(DomainError) as info:
        verify_card(payload(), keys(), now=NOW + timedelta(minutes=7))
    assert info.value.code == "signed_qr_expired"


def test_a_payload_from_the_future_is_refused():
    with pytest.raises(DomainError) as info:
        verify_card(payload(issued=NOW + timedelta(hours=1)), keys(), now=NOW)
    assert info.value.code == "signed_qr_not_yet_valid"


def test_tampering_with_the_body_breaks_the_signature():
    import base64

    prefix, kid, body, sig = payload().split(".")
    text = base64.urlsafe_b64decode(body + "==").decode().replace("l=4", "l=1")
    forged_body = base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()
    with pytest.raises(DomainError) as info:
        verify_card(f"{prefix}.{kid}.{forged_body}.{sig}", keys(), now=NOW)
    assert info.value.code == "signed_qr_bad_signature"


def test_a_payload_signed_by_another_key_is_refused():
    with pytest.raises(DomainError) as info:
        verify_card(payload(key=OTHER), keys(), now=NOW)
    assert info.value.code == "signed_qr_bad_signature"


def test_an_unknown_key_id_is_refused():
    with pytest.raises(DomainError) as info:
        verify_card(payload(kid="k9"), keys(), now=NOW)
    assert info.value.code == "signed_qr_unknown_key"


def test_rotation_old_and_new_keys_both_verify_until_the_old_retires():
    both = keys(k2=OTHER.public_key())
    assert verify_card(payload(kid="k1"), both, now=NOW).key_id == "k1"
    assert verify_card(payload(key=OTHER, kid="k2"), both, now=NOW).key_id == "k2"
    with pytest.raises(DomainError):
        verify_card(payload(kid="k1"), {"k2": OTHER.public_key()}, now=NOW)


def test_public_keys_round_trip_as_text():
    text = public_key_to_text(KEY.public_key())
    assert len(text) == 43
    assert verify_card(payload(), {"k1": public_key_from_text(text)}, now=NOW)


@pytest.mark.parametrize(
    "text", ["", "VSS1.k1.abc", "VSS2.k1.a.b", "VSS1.k#1.a.b", "0123456789|x|$"]
)
def test_malformed_payloads(text):
    with pytest.raises(DomainError):
        key_id_of(text)


@given(st.text(max_size=200))
def test_verification_never_crashes_on_garbage(text):
    try:
        verify_card(text, keys(), now=NOW)
    except DomainError as exc:
        assert exc.code.startswith("signed_qr")


@given(st.text(min_size=1, max_size=60).filter(lambda s: s.strip()))
def test_any_name_survives_signing(name):
    card = verify_card(payload(name=name), keys(), now=NOW)
    assert card.full_name == name.replace("|", " ")
