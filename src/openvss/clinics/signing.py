"""Keys for the signed card QR: create, rotate, retire, and sign a card with the active key."""

import os
import secrets
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openvss.domain.signed_qr import public_key_from_text, public_key_to_text, sign_card

from .models import QrSigningKey


def _key_path(key_id: str) -> Path:
    return Path(settings.QR_SIGNING_KEY_DIR) / f"{key_id}.pem"


@transaction.atomic
def qr_key_create() -> QrSigningKey:
    """Create a key pair: the private key on disk (mode 0600), the public key published."""
    key_id = timezone.now().strftime("k%Y%m%d") + secrets.token_hex(2)
    private = Ed25519PrivateKey.generate()
    folder = Path(settings.QR_SIGNING_KEY_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = _key_path(key_id)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return QrSigningKey.objects.create(
        key_id=key_id, public_key=public_key_to_text(private.public_key())
    )


def qr_key_retire(*, key_id: str) -> None:
    """Stop signing and stop publishing this key; payloads signed with it stop verifying."""
    QrSigningKey.objects.filter(key_id=key_id, retired_at__isnull=True).update(
        retired_at=timezone.now()
    )
    _key_path(key_id).unlink(missing_ok=True)
    _private_key.cache_clear()


@lru_cache(maxsize=8)
def _private_key(key_id: str) -> Ed25519PrivateKey:
    return serialization.load_pem_private_key(_key_path(key_id).read_bytes(), password=None)


def active_key() -> tuple[str, Ed25519PrivateKey]:
    """The newest published key whose private half this server holds (created if none)."""
    for key in QrSigningKey.objects.filter(retired_at__isnull=True).order_by("-created_at"):
        if _key_path(key.key_id).exists():
            return key.key_id, _private_key(key.key_id)
    key = qr_key_create()
    return key.key_id, _private_key(key.key_id)


def published_keys() -> dict:
    """Public keys that facilities should trust, by key id."""
    return {
        k.key_id: public_key_from_text(k.public_key)
        for k in QrSigningKey.objects.filter(retired_at__isnull=True)
    }


def card_signed_payload(card, *, now: datetime | None = None) -> str:
    """The signed QR text for a card, valid for SIGNED_QR_LIFETIME seconds."""
    key_id, private = active_key()
    person = card.person
    birth = (
        str(person.birth_date.year)
        if person.birth_year_only
        else person.birth_date.strftime("%d/%m/%Y")
    )
    return sign_card(
        private_key=private,
        key_id=key_id,
        card_number=card.number,
        card_code=card.code,
        full_name=person.full_name,
        birth_date=birth,
        sex=person.sex,
        benefit_level=card.benefit_level,
        facility_code=card.registered_facility.code,
        valid_to=card.valid_to,
        issued_at=now or timezone.now(),
        lifetime_seconds=settings.SIGNED_QR_LIFETIME,
    )
