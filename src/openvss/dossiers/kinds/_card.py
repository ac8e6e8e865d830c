"""What the three card kinds (cấp lại, sửa thông tin, đổi nơi KCB ban đầu) share: who may
ask, the card the request would replace, the agency that decides, and the deadline."""

from django.utils import timezone
from django.utils.translation import gettext as _

from openvss.accounts.models import User
from openvss.core.ratelimit import rate_limit_hit
from openvss.errors import Forbidden
from openvss.people.models import HealthCard
from openvss.people.services import card_change_precheck

from .info_change import home_agency

# Law on Health Insurance Art. 18 cl. 3 (cấp lại) and Art. 19 cl. 3 (đổi thẻ): the agency
# issues the new card within 7 working days of a complete request (a dated legal figure).
DEADLINE_KEY = "card_issue_working_days"


def applicant_card(user: User, kind: str) -> HealthCard:
    """The signed-in citizen's card in use (refusals: no person, no usable card). Each
    request costs an officer's time and, with photos, CPU: 10 a day per account and kind."""
    if user is None or not user.is_authenticated or user.person_id is None:
        raise Forbidden(_("Chỉ người tham gia đã đăng nhập mới đề nghị cấp lại, đổi thẻ BHYT."))
    rate_limit_hit(f"card-{kind}", str(user.pk), limit=10, window=86400)
    return card_change_precheck(person=user.person, today=timezone.localdate())


def card_data(card: HealthCard) -> dict:
    """The card a request replaces, as the officer sees it in the declaration."""
    return {
        "card_code": card.code,
        "card_issued_on": card.issued_on.isoformat(),
        "facility": f"{card.registered_facility.code} – {card.registered_facility.name}",
    }


def agency_for(user: User):
    return home_agency(user.person)
