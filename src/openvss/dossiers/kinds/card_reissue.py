"""Cấp lại thẻ BHYT (seed 004: "mất thẻ"): a lost or damaged card is reissued with the same
data and a new issue date; the old card answers 003/004 at clinics from the approval on."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.accounts.models import User
from openvss.domain.text import nfc
from openvss.people import services as people_services

from .. import engine
from ..models import Dossier
from . import _card

REASONS = {
    "lost": gettext_lazy("Mất thẻ"),
    "damaged": gettext_lazy("Thẻ bị hỏng, rách, mờ thông tin"),
}


def _officer_text(text) -> str:
    """A label stored for the officer, in the back office's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def card_reissue_check(*, user: User, reason: str, note: str = "") -> dict:
    card = _card.applicant_card(user, "reissue")
    errors = engine.Errors()
    if reason not in REASONS:
        errors.add("reason", _("Vui lòng chọn lý do cấp lại thẻ."))
    errors.raise_if_any()
    return {"card": card, "reason": reason, "note": nfc(note or "")[:500]}


def card_reissue_submit(*, user: User, reason: str, note: str = "") -> Dossier:
    """A signed-in citizen asks for a new card in place of a lost or damaged one."""
    checked = card_reissue_check(user=user, reason=reason, note=note)
    return engine.open(
        Dossier.Kind.CARD_REISSUE,
        user=user,
        person=user.person,
        agency=_card.agency_for(user),
        data={
            "full_name": user.person.full_name,
            "reason": checked["reason"],
            "reason_text": _officer_text(REASONS[checked["reason"]]),
            "note": checked["note"],
            **_card.card_data(checked["card"]),
        },
    )


def _approve(dossier: Dossier, officer: User) -> None:
    people_services.card_reissue(person=dossier.person, actor=officer)


KIND = engine.register(
    engine.DossierKind(
        code=Dossier.Kind.CARD_REISSUE,
        label=gettext_lazy("Cấp lại thẻ BHYT"),
        number_prefix="CL",
        check=card_reissue_check,
        approve=_approve,
        expected_from_citizen=None,
        deadline_key=_card.DEADLINE_KEY,
        declared_labels=(
            ("full_name", gettext_lazy("Họ và tên")),
            ("reason_text", gettext_lazy("Lý do")),
            ("note", gettext_lazy("Ghi chú")),
            ("card_code", gettext_lazy("Mã thẻ")),
            ("card_issued_on", gettext_lazy("Ngày cấp thẻ cũ")),
            ("facility", gettext_lazy("Nơi đăng ký KCB ban đầu")),
        ),
    )
)
