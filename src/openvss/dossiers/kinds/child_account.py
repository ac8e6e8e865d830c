"""A parent registers a child without an ID card (seed 001): the child's mã số BHXH and name,
the birth certificate, confirmed by OTP to the parent's registered contact. Approval links
the child to the parent, who then sees the child's card."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.accounts.models import User
from openvss.core.ratelimit import rate_limit_hit
from openvss.core.uploads import image_clean
from openvss.domain.ids import parse_bhxh_code
from openvss.domain.text import fold, nfc
from openvss.errors import Conflict, Forbidden
from openvss.people.models import Person
from openvss.places.models import Agency

from .. import engine
from ..declaration import form01_attachment
from ..models import Dossier, DossierFile
from ._form01 import declarant


def child_account_check(
    *,
    parent: User,
    child_bhxh_code: str,
    child_full_name: str,
    birth_certificate,
    agency_code: str,
    portrait=None,
) -> dict:
    if parent.person is None:
        raise Forbidden(_("Chỉ tài khoản của người tham gia mới đăng ký được cho con."))
    rate_limit_hit("child-account", str(parent.pk), limit=10, window=3600)
    errors = engine.Errors()
    code = errors.domain(parse_bhxh_code, child_bhxh_code, field="child_bhxh_code")
    name = nfc(child_full_name or "")
    if not name:
        errors.add("child_full_name", _("Vui lòng nhập họ và tên của con."))
    agency = Agency.objects.filter(code=agency_code, accepts_dossiers=True).first()
    if agency is None:
        errors.add("agency", _("Vui lòng chọn cơ quan BHXH tiếp nhận hồ sơ."))
    photo = errors.upload(image_clean, birth_certificate, field="birth_certificate")
    face = errors.upload(image_clean, portrait, field="portrait")
    errors.raise_if_any()
    child = Person.objects.filter(bhxh_code=code).first()
    if child is None or fold(child.full_name) != fold(name) or child.pk == parent.person_id:
        raise engine.FieldErrors(
            _("Mã số BHXH và họ tên của con không khớp với dữ liệu của cơ quan BHXH."),
            code="person_mismatch",
            fields={"child_bhxh_code": [_("Không khớp.")]},
        )
    if child.guardian_id == parent.person_id:
        raise Conflict(_("Con đã được liên kết với tài khoản của bạn."), code="already_linked")
    return {
        "child": child,
        "agency": agency,
        "name": name,
        "code": code,
        "files": {DossierFile.Kind.BIRTH_CERTIFICATE: photo, DossierFile.Kind.PORTRAIT: face},
    }


def child_account_submit(*, parent: User, **declaration) -> engine.Submitted:
    """Check, keep the birth certificate and the child's portrait, send the OTP to the
    parent. Once confirmed, the parent has 10 days to complete it at the agency (form 01
    for the child, printed with the portrait), or it expires like a registration."""
    checked = child_account_check(parent=parent, **declaration)
    dossier = engine.open(
        Dossier.Kind.CHILD_ACCOUNT,
        applicant=parent,
        person=checked["child"],
        agency=checked["agency"],
        name=checked["name"],
        files=checked["files"],
        confirm_by_otp=True,
        data={
            **declarant(checked["child"], contact=parent),
            "child_bhxh_code": checked["code"],
            "child_full_name": checked["name"],
            "parent_bhxh_code": parent.username,
        },
    )
    return engine.submitted(dossier)


def _approve(dossier: Dossier, officer: User) -> None:
    child = dossier.person
    child._history_user = officer  # the change of guardian is kept in the record's history
    child.guardian = dossier.applicant.person
    child.save(update_fields=["guardian", "updated_at"])


def _expected(dossier: Dossier) -> str:
    if dossier.status == Dossier.Status.RECEIVED:
        return _(
            "Mang giấy khai sinh của con và CCCD của bạn đến %(agency)s trong 10 ngày kể từ "
            "ngày kê khai."
        ) % {"agency": dossier.agency.name}
    return ""


KIND = engine.register(
    engine.DossierKind(
        code=Dossier.Kind.CHILD_ACCOUNT,
        label=gettext_lazy("Đăng ký tài khoản cho con"),
        number_prefix="TC",
        check=child_account_check,
        approve=_approve,
        expires=True,
        received_attachment=form01_attachment,
        form01_section=1,
        expected_from_citizen=_expected,
        declared_labels=(
            ("child_bhxh_code", gettext_lazy("Mã số BHXH của con")),
            ("child_full_name", gettext_lazy("Họ tên của con")),
            ("parent_bhxh_code", gettext_lazy("Mã số BHXH của cha/mẹ")),
        ),
    )
)
