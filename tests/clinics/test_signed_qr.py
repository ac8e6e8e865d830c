import json
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from openvss.clinics.models import QrSigningKey
from openvss.clinics.signing import active_key, card_signed_payload, qr_key_create, qr_key_retire
from openvss.people.models import HealthCard
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(an):
    return HealthCard.objects.select_related("person", "registered_facility").get(person=an)


def test_the_private_key_is_on_disk_with_owner_only_access(settings):
    key_id, _private = active_key()
    path = settings.QR_SIGNING_KEY_DIR / f"{key_id}.pem"
    assert path.stat().st_mode & 0o777 == 0o600
    assert QrSigningKey.objects.get(
        key_id=key_id
    ).public_key  # only the public half in the database


def test_published_keys_are_served_for_facilities(client):
    keys = client.get("/api/v1/clinic/qr-keys").json()
    assert keys and keys[0]["algorithm"] == "Ed25519" and len(keys[0]["public_key"]) == 43


def test_verify_qr_command_accepts_a_fresh_payload_with_exported_keys(card, tmp_path, capsys):
    payload = card_signed_payload(card)
    call_command("qr_keys", "export")
    keys_file = tmp_path / "keys.json"
    keys_file.write_text(capsys.readouterr().out)
    call_command("verify-qr", payload, keys=str(keys_file))
    out = capsys.readouterr().out
    assert "HỢP LỆ" in out and "Nguyễn Văn An" in out and "DN4010123456789" in out


def test_verify_qr_command_refuses_tampered_and_expired_payloads(card):
    from django.core.management.base import CommandError

    payload = card_signed_payload(card)
    prefix, kid, body, sig = payload.split(".")
    with pytest.raises(CommandError, match="Chữ ký số không hợp lệ"):
        flipped = sig[:10] + ("B" if sig[10] == "A" else "A") + sig[11:]  # one changed bit group
        call_command("verify-qr", f"{prefix}.{kid}.{body}.{flipped}")
    old = card_signed_payload(card, now=timezone.now() - timedelta(hours=1))
    with pytest.raises(CommandError, match="hết hạn"):
        call_command("verify-qr", old)


def test_rotation_keeps_old_payloads_valid_until_the_old_key_retires(card):
    from django.core.management.base import CommandError

    old_payload = card_signed_payload(card)
    old_kid = old_payload.split(".")[1]
    new = qr_key_create()
    new_payload = card_signed_payload(card)
    assert new_payload.split(".")[1] == new.key_id  # the newest key signs
    call_command("verify-qr", old_payload)
    qr_key_retire(key_id=old_kid)
    with pytest.raises(CommandError, match="khóa không có trong danh sách"):
        call_command("verify-qr", old_payload)
    call_command("verify-qr", new_payload)


def test_a_citizen_gets_their_own_signed_qr_never_cached(client, an):
    user = CitizenFactory(person=an)
    client.force_login(user)
    response = client.get("/tai-khoan/the-bhyt/ma-qr-ky-so.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "private, no-store"
    assert b'xmlns="http://www.w3.org/2000/svg"' in response.content  # renders as an <img>
    client.logout()
    assert client.get("/tai-khoan/the-bhyt/ma-qr-ky-so.svg").status_code == 302


def test_the_command_line_tool_reads_stdin(card, tmp_path):
    payload = card_signed_payload(card)
    keys = [{"key_id": k.key_id, "public_key": k.public_key} for k in QrSigningKey.objects.all()]
    (tmp_path / "k.json").write_text(json.dumps(keys))
    result = subprocess.run(
        [sys.executable, "-m", "openvss.cli", "verify-qr", "--keys", str(tmp_path / "k.json")],
        input=payload,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "HỢP LỆ" in result.stdout, result.stderr
