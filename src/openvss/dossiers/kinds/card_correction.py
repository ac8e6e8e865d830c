"""Điều chỉnh thông tin trên thẻ BHYT (seed 004: "sai thẻ"): a wrong name, date of birth or
sex is corrected with the identity document as evidence. The CCCD number itself encodes the
birth year and sex, so a request that contradicts it is refused at once; the whole request
is then checked against the national population register (people/population.py) and its
answer is kept for the officer, who decides with the document's photos in front of them.
Approval corrects the person (history kept) and issues a new card."""

from datetime import date

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvss.accounts.models import User
from openvss.core.uploads import image_clean
from openvss.domain.card_changes import correction_changes
from openvss.domain.ids import citizen_id_mismatches, parse_citizen_id
from openvss.domain.text import nfc
from openvss.people import services as people_services
from openvss.people.models import Sex
from openvss.people.population import population_register

from .. import engine
from ..models import Dossier, DossierFile
from . import _card


def card_correction_check(
    *,
    user: User,
    citizen_id: str,
    full_name: str = "",
    birth_date: date | None = None,
    sex: int | str | None = None,
    id_front=None,
    id_back=None,
    note: str = "",
) -> dict:
    card = _card.applicant_card(user, "correction")
    person = user.person
    today = timezone.localdate()
    errors = engine.Errors()
    name = nfc(full_name or "")
    if name and len(name.split()) < 2:
        errors.add("full_name", _("Vui lòng nhập đầy đủ họ và tên tiếng Việt có dấu."))
    if birth_date is not None and not date(1900, 1, 1) <= birth_date <= today:
        errors.add("birth_date", _("Ngày sinh không hợp lệ."))
    wanted_sex = None
    if sex not in (None, ""):
        try:
            wanted_sex = int(sex)
        except (TypeError, ValueError):
            wanted_sex = 0
        if wanted_sex not in Sex.values:
            errors.add("sex", _("Vui lòng chọn giới tính."))
    document = errors.domain(parse_citizen_id, citizen_id, today=today)
    if document is not None and person.citizen_id and document.number != person.citizen_id:
        errors.add(
            "citizen_id", _("Số CCCD không khớp với số định danh đã đăng ký với cơ quan BHXH.")
        )
    front = errors.upload(image_clean, id_front, field="id_front")
    back = errors.upload(image_clean, id_back, field="id_back") if id_back else None
    current = {"full_name": person.full_name, "birth_date": person.birth_date, "sex": person.sex}
    wanted = {"full_name": name, "birth_date": birth_date, "sex": wanted_sex}
    changes = {}
    if not {"full_name", "birth_date", "sex"} & errors.fields.keys():
        changes = errors.domain(correction_changes, current, wanted) or {}
    after = {**current, **changes}
    if document is not None and changes:
        # The CCCD number encodes the century and sex, and the birth year: it must agree.
        for field in citizen_id_mismatches(
            document, birth_year=after["birth_date"].year, sex=after["sex"]
        ):
            if field == "birth_year":
                errors.add("birth_date", _("Năm sinh không khớp với số CCCD trên giấy tờ."))
            else:
                errors.add("sex", _("Giới tính không khớp với số CCCD trên giấy tờ."))
    # Every error at once, so that the citizen fixes everything in one round.
    errors.raise_if_any()
    register = population_register().verify(
        citizen_id=document.number,
        full_name=after["full_name"],
        birth_date=after["birth_date"],
        sex=after["sex"],
    )
    files = {DossierFile.Kind.ID_FRONT: front}
    if back is not None:
        files[DossierFile.Kind.ID_BACK] = back
    return {
        "card": card,
        "changes": changes,
        "old": {k: current[k] for k in changes},
        "citizen_id": document.number,
        "population_check": register.status,
        "population_mismatches": register.mismatches,
        "files": files,
        "note": nfc(note or "")[:500],
    }


FIELD_NAMES = {
    "full_name": gettext_lazy("họ tên"),
    "birth_date": gettext_lazy("ngày sinh"),
    "citizen_id": gettext_lazy("số CCCD"),
    "birth_year": gettext_lazy("năm sinh"),
    "sex": gettext_lazy("giới tính"),
}


def _population_text(status: str, mismatches: list[str]) -> str:
    """The register's answer for the officer, in the back office's language. With the local
    register (the agency's own records) the corrected fields always differ: the officer
    decides with the ID photos."""
    with translation.override(settings.LANGUAGE_CODE):
        if status == "matched":
            return _("Khớp với thông tin đề nghị")
        if status == "not_found":
            return _("Không tìm thấy số CCCD")
        fields = ", ".join(str(FIELD_NAMES.get(m, m)) for m in mismatches)
        return _("Không khớp: %(fields)s") % {"fields": fields}


def _wire(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def card_correction_submit(*, user: User, **fields) -> Dossier:
    """A signed-in citizen asks to correct the card, with photos of the ID document."""
    checked = card_correction_check(user=user, **fields)
    return engine.open(
        Dossier.Kind.CARD_CORRECTION,
        user=user,
        person=user.person,
        agency=_card.agency_for(user),
        files=checked["files"],
        data={
            "full_name": user.person.full_name,
            "changes": _wire(checked["changes"]),
            "old": _wire(checked["old"]),
            "citizen_id": checked["citizen_id"],
            "population_check": checked["population_check"],
            "population_mismatches": checked["population_mismatches"],
            "population_result": _population_text(
                checked["population_check"], checked["population_mismatches"]
            ),
            "note": checked["note"],
            **_card.card_data(checked["card"]),
        },
    )


def _approve(dossier: Dossier, officer: User) -> None:
    people_services.card_correct(
        person=dossier.person, changes=dossier.data["changes"], actor=officer
    )


KIND = engine.register(
    engine.DossierKind(
        code=Dossier.Kind.CARD_CORRECTION,
        label=gettext_lazy("Điều chỉnh thông tin trên thẻ BHYT"),
        number_prefix="ST",
        check=card_correction_check,
        approve=_approve,
        expected_from_citizen=None,
        deadline_key=_card.DEADLINE_KEY,
        declared_labels=(
            ("full_name", gettext_lazy("Họ và tên")),
            ("changes", gettext_lazy("Thông tin đề nghị sửa")),
            ("old", gettext_lazy("Thông tin trên thẻ hiện tại")),
            ("citizen_id", gettext_lazy("Số CCCD trên giấy tờ")),
            ("population_result", gettext_lazy("Đối chiếu CSDL quốc gia về dân cư")),
            ("note", gettext_lazy("Ghi chú")),
            ("card_code", gettext_lazy("Mã thẻ")),
        ),
    )
)
