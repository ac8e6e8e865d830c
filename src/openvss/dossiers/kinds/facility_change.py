"""Đổi nơi đăng ký KCB ban đầu: allowed only in the first days of each quarter (15 days from
1/7/2025 under Law 51/2024 amending Art. 26 of the Law on Health Insurance; 10 before; the
figure is dated legal data, see domain/card_changes.py). The window is checked on the day
the citizen asks, and again on that same day when the officer approves later."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.accounts.models import User
from openvss.domain.text import nfc
from openvss.people import services as people_services

from .. import engine
from ..models import Dossier
from . import _card


def facility_change_check(
    *, user: User, facility_code: str, note: str = "", today: date | None = None
) -> dict:
    card = _card.applicant_card(user, "facility")
    today = today or timezone.localdate()
    people_services.facility_change_check_window(today)
    if (facility_code or "").strip().upper() == card.registered_facility.code:
        message = _("Thẻ BHYT đã đăng ký KCB ban đầu tại cơ sở này.")
        raise engine.FieldErrors(message, code="same_facility", fields={"facility": [message]})
    facility = people_services.facility_for_registration(code=facility_code, on=today)
    return {"card": card, "facility": facility, "today": today, "note": nfc(note or "")[:500]}


def facility_change_submit(
    *, user: User, facility_code: str, note: str = "", today: date | None = None
) -> Dossier:
    checked = facility_change_check(user=user, facility_code=facility_code, note=note, today=today)
    facility = checked["facility"]
    return engine.open(
        Dossier.Kind.FACILITY_CHANGE,
        user=user,
        person=user.person,
        agency=_card.agency_for(user),
        data={
            "full_name": user.person.full_name,
            "facility_code": facility.code,
            "new_facility": f"{facility.code} – {facility.name}",
            "requested_on": checked["today"].isoformat(),
            "note": checked["note"],
            **_card.card_data(checked["card"]),
        },
    )


def _approve(dossier: Dossier, officer: User) -> None:
    requested_on = date.fromisoformat(dossier.data["requested_on"])
    facility = people_services.facility_for_registration(
        code=dossier.data["facility_code"], on=timezone.localdate()
    )
    people_services.card_change_facility(
        person=dossier.person, facility=facility, requested_on=requested_on, actor=officer
    )


KIND = engine.register(
    engine.DossierKind(
        code=Dossier.Kind.FACILITY_CHANGE,
        label=gettext_lazy("Đổi nơi đăng ký KCB ban đầu"),
        number_prefix="DN",
        check=facility_change_check,
        approve=_approve,
        expected_from_citizen=None,
        deadline_key=_card.DEADLINE_KEY,
        declared_labels=(
            ("full_name", gettext_lazy("Họ và tên")),
            ("facility", gettext_lazy("Nơi đăng ký KCB ban đầu hiện tại")),
            ("new_facility", gettext_lazy("Nơi đăng ký KCB ban đầu mới")),
            ("requested_on", gettext_lazy("Ngày đề nghị")),
            ("note", gettext_lazy("Ghi chú")),
            ("card_code", gettext_lazy("Mã thẻ")),
        ),
    )
)
