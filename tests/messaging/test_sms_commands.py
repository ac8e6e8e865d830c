"""SMS to 8079 go through messaging's registry; each app answers its own keyword (accounts:
MK, dossiers: HS), found by autodiscovery of their sms.py."""

import pytest

from openvss.messaging.inbound import inbound_handle
from openvss.messaging.sms import _handlers
from tests.factories import PersonFactory, RegistrationDossierFactory

pytestmark = pytest.mark.django_db


def reply(text, sender="0912345678", message_id="m1"):
    return inbound_handle(message_id=message_id, sender=sender, text=text).reply


def test_every_app_registered_its_keyword():
    assert {"MK", "HS"} <= set(_handlers)
    assert _handlers["MK"].__module__ == "openvss.accounts.recovery"
    assert _handlers["HS"].__module__ == "openvss.dossiers.sms"


def test_bh_hs_answers_the_phone_the_dossier_was_filed_with_only():
    dossier = RegistrationDossierFactory(person=PersonFactory(phone="0912345678"))
    mine = reply(f"BH HS {dossier.number}")
    assert dossier.number in mine and "Da tiep nhan" in mine  # unaccented for SMS
    theirs = reply(f"BH HS {dossier.number}", sender="0987654321", message_id="m2")
    assert "Khong tim thay" in theirs and "tiep nhan" not in theirs


def test_an_unknown_keyword_or_a_bare_hs_gets_the_help_text():
    assert reply("BH XY 123").startswith("Sai cu phap")
    assert reply("BH HS", message_id="m2").startswith("Sai cu phap")
