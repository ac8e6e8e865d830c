"""The card's QR in the BHYT-card format (DOMAIN.md §3), as the app shows it."""

import hashlib
import hmac

from django.conf import settings

from openvss.domain.qr import build_bhyt_qr

# Field [13]'s real algorithm is not public: ours is an HMAC in the same shape, with a
# suffix no BHXH card uses, so nobody mistakes it for an official check value.
CHECK_SUFFIX = "9001"


def check_value(card) -> str:
    key = f"openvss.card-qr:{settings.SECRET_KEY}".encode()
    digest = hmac.new(
        key, f"{card.code}|{card.valid_from}|{card.valid_to}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{digest[:16]}-{CHECK_SUFFIX}"


def bhyt_qr_text(card) -> str:
    person = card.person
    return build_bhyt_qr(
        card_number=card.number,
        full_name=person.full_name,
        birth_date=person.birth_date,
        birth_year_only=person.birth_year_only,
        sex=person.sex,
        facility_code=card.registered_facility.code,
        valid_from=card.valid_from,
        valid_to=card.valid_to,
        issued_on=card.issued_on,
        management_code=card.management_code,
        check_value=check_value(card),
        area_code=card.area_code,
        five_year_date=card.five_year_date,
        issuing_place=card.issuing_place,
    )


# The signed QR (a signature over the card, valid a few minutes) needs the signing keys, which
# clinics keeps and publishes to facilities: clinics registers its signer in AppConfig.ready(),
# so people, below clinics (pyproject.toml, import contracts), does not name it.
_signer = None


def signed_payload_provider_set(signer) -> None:
    """``signer(card) -> str``: the signed QR text for a card."""
    global _signer
    _signer = signer


def signed_payload(card) -> str:
    if _signer is None:
        raise RuntimeError("No card signer: openvss.clinics is not installed.")
    return _signer(card)
