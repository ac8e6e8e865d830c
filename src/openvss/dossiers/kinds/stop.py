"""Form 01 §3, "Ngừng sử dụng phương thức giao dịch": a signed-in citizen stops using
electronic transactions, with the reason (lý do ngừng), confirmed by an OTP to the
registered contact. Approval closes the account: no more sign-in, every device signed out
and its tokens revoked, the passkeys removed; the records are kept as the law requires."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.accounts.models import User
from openvss.accounts.services import account_close
from openvss.core.ratelimit import rate_limit_hit
from openvss.domain.text import nfc
from openvss.errors import Forbidden

from .. import engine
from ..models import Dossier
from ._form01 import DECLARANT_LABELS, declarant, registration_agency

REASON_MIN = 5


def stop_check(*, user: User, reason: str = "", confirm: bool = False) -> dict:
    if user.person_id is None or not user.is_active:
        raise Forbidden()
    errors = engine.Errors()
    reason = nfc(reason or "")
    if len(reason) < REASON_MIN:
        errors.add("reason", _("Vui lòng ghi rõ lý do ngừng."))
    if not confirm:
        errors.add(
            "confirm",
            _("Vui lòng xác nhận bạn hiểu tài khoản sẽ bị đóng khi hồ sơ được duyệt."),
        )
    errors.raise_if_any()
    return {"reason": reason[:500]}


def stop_submit(*, user: User, reason: str = "", confirm: bool = False) -> Dossier:
    """Open the §3 dossier; it waits for the OTP sent to the registered contact."""
    if user.person_id is None or not user.is_active:
        raise Forbidden()
    rate_limit_hit("form01-stop", str(user.pk), limit=5, window=86400)
    checked = stop_check(user=user, reason=reason, confirm=confirm)
    person = user.person
    return engine.open(
        Dossier.Kind.STOP,
        user=user,
        person=person,
        agency=registration_agency(person),
        confirm_by_otp=True,
        data={
            **declarant(person, contact=user),
            "stop": {"reason": checked["reason"], "from": timezone.localdate().isoformat()},
        },
    )


def _approve(dossier: Dossier, officer: User) -> None:
    account_close(user=dossier.applicant)


def _expected(dossier: Dossier) -> str:
    if dossier.status == Dossier.Status.AWAITING_OTP:
        return _("Nhập mã OTP đã gửi đến số điện thoại hoặc email đã đăng ký.")
    return ""


KIND = engine.register(
    engine.DossierKind(
        code=Dossier.Kind.STOP,
        label=gettext_lazy("Ngừng sử dụng giao dịch điện tử"),
        number_prefix="NG",
        check=stop_check,
        approve=_approve,
        expected_from_citizen=_expected,
        form01_section=3,
        declared_labels=(*DECLARANT_LABELS, ("stop", gettext_lazy("Ngừng sử dụng"))),
    )
)
