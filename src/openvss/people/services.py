"""Writes to a person's records that other apps ask for: extending a BHYT card after a
household payment, recording a participation period after a voluntary payment, and issuing
a new card in place of an old one (cấp lại, sửa thông tin, đổi nơi KCB ban đầu) when a
dossier is approved. Each keeps history (django-simple-history) and runs inside the
caller's transaction."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openvss.domain.card_changes import ChangeWindow, facility_change_window
from openvss.domain.ids import format_card_code
from openvss.domain.text import fold, nfc, unaccent
from openvss.errors import Conflict, InvalidInput
from openvss.legal.selectors import parameter_on
from openvss.messaging.models import Message
from openvss.messaging.services import messages_enqueue
from openvss.places.models import MedicalFacility

from .models import ArrearsNotice, HealthCard, ParticipationPeriod, Person, Scheme
from .selectors import facilities_for_registration

HOUSEHOLD_GROUP = "GD"
HOUSEHOLD_LEVEL = 4
# Law on HI Art. 16: a first card (or one after a break) is valid 30 days after payment.
FIRST_CARD_DELAY = timedelta(days=30)


def add_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _province_of(person: Person, card: HealthCard | None) -> str:
    if card is not None:
        return card.province_code
    if person.commune_id:
        return person.commune.province_id
    return "01"


def _facility_for(person: Person, card: HealthCard | None, province: str) -> MedicalFacility:
    if card is not None:
        return card.registered_facility
    return (
        MedicalFacility.objects.filter(province_id=province).order_by("code").first()
        or MedicalFacility.objects.order_by("code").first()
    )


@transaction.atomic
def card_extend_household(*, person: Person, months: int, paid_on: date) -> tuple[HealthCard, date]:
    """Extend the person's household BHYT card by ``months``: continuing a card still valid
    on the payment date, or a new card valid 30 days after payment otherwise. Returns the
    card and the first day the payment covers."""
    card = (
        HealthCard.objects.select_for_update()
        .select_related("registered_facility")
        .filter(person=person, status=HealthCard.Status.ACTIVE)
        .first()
    )
    if (
        card is not None
        and card.group_code == HOUSEHOLD_GROUP
        and card.valid_to is not None
        and card.valid_to >= paid_on - timedelta(days=1)
    ):
        cover_from = card.valid_to + timedelta(days=1)
        card.valid_to = add_months(cover_from, months) - timedelta(days=1)
        card.save(update_fields=["valid_to"])
        return card, cover_from
    province = _province_of(person, card)
    facility = _facility_for(person, card, province)
    if card is not None:
        card.status = HealthCard.Status.REPLACED
        card.save(update_fields=["status"])
    start = paid_on + FIRST_CARD_DELAY
    new = HealthCard.objects.create(
        person=person,
        number=person.bhxh_code,
        code=format_card_code(HOUSEHOLD_GROUP, HOUSEHOLD_LEVEL, province, person.bhxh_code),
        group_code=HOUSEHOLD_GROUP,
        benefit_level=HOUSEHOLD_LEVEL,
        province_code=province,
        registered_facility=facility,
        valid_from=start,
        valid_to=add_months(start, months) - timedelta(days=1),
        five_year_date=card.five_year_date if card is not None else None,
        issued_on=paid_on,
        issuing_place=card.issuing_place if card is not None else "",
    )
    return new, start


@transaction.atomic
def participation_record(
    *, person: Person, scheme: str, from_month: date, months: int, wage: int, workplace: str,
    voluntary: bool = True, state_support: int | None = None,
) -> ParticipationPeriod:  # fmt: skip
    """Add a paid participation row (e.g. voluntary BHXH paid online), months from ``from_month``.
    ``state_support``: the State's support deducted for these months when they were paid
    (None when not known)."""
    start = from_month.replace(day=1)
    end = add_months(start, months - 1)
    return ParticipationPeriod.objects.create(
        person=person, scheme=Scheme(scheme), from_month=start, to_month=end, wage=wage,
        workplace=workplace, voluntary=voluntary, payment=ParticipationPeriod.Payment.PAID,
        state_support=state_support,
    )  # fmt: skip


# --- cấp lại, đổi thẻ BHYT -------------------------------------------------------------------
#
# Every change of a card issues a new card with a new issue date: the old card keeps its row
# and history, with status "replaced" and a link to its successor, and a clinic that checks
# the old card (its QR holds its issue date) gets 003/004 at once (clinics/services.py).

FACILITY_CHANGE_DAYS = "bhyt_facility_change_days"  # legal/data/legal.json


def _usable(card: HealthCard | None, today: date) -> HealthCard:
    if card is None:
        raise Conflict(
            _("Bạn không có thẻ BHYT đang sử dụng để cấp lại hoặc đổi."), code="no_active_card"
        )
    if card.valid_to is not None and card.valid_to < today:
        raise Conflict(
            _("Thẻ BHYT đã hết giá trị sử dụng: cần gia hạn thẻ, không cấp lại được."),
            code="card_expired",
        )
    return card


def _card_in_use(person: Person, today: date) -> HealthCard:
    """The person's active card, locked; refused when there is none or it has run out."""
    card = (
        HealthCard.objects.select_for_update(of=("self",))
        .select_related("registered_facility")
        .filter(person=person, status=HealthCard.Status.ACTIVE)
        .first()
    )
    return _usable(card, today)


def card_change_precheck(*, person: Person, today: date | None = None) -> HealthCard:
    """The card a request would replace (no lock), with the same refusals as the change
    itself, so that a citizen is told at once rather than by an officer days later."""
    card = (
        HealthCard.objects.select_related("registered_facility")
        .filter(person=person, status=HealthCard.Status.ACTIVE)
        .first()
    )
    return _usable(card, today or timezone.localdate())


def _card_successor(old: HealthCard, *, today: date, actor, reason: str, **changes) -> HealthCard:
    """Retire ``old`` (status replaced, history kept) and issue its successor dated today."""
    if old.issued_on >= today:
        # Two cards issued on one day could not be told apart by their issue date.
        raise Conflict(
            _("Thẻ BHYT vừa được cấp trong hôm nay; vui lòng đề nghị lại từ ngày mai."),
            code="card_issued_today",
        )
    old._history_user = actor
    old._change_reason = reason
    old.status = HealthCard.Status.REPLACED
    old.save(update_fields=["status"])
    kept = {
        name: getattr(old, name)
        for name in (
            "person_id", "number", "code", "group_code", "benefit_level", "province_code",
            "registered_facility_id", "valid_from", "valid_to", "five_year_date", "area_code",
            "issuing_place", "management_code",
        )
    }  # fmt: skip
    new = HealthCard(**{**kept, **changes}, issued_on=today, replaces=old)
    new._history_user = actor
    new._change_reason = reason
    new.save()
    return new


@transaction.atomic
def card_reissue(*, person: Person, actor=None, today: date | None = None) -> HealthCard:
    """Lost or damaged card (mất thẻ, hỏng thẻ): a new card with the same data."""
    today = today or timezone.localdate()
    old = _card_in_use(person, today)
    return _card_successor(old, today=today, actor=actor, reason="card_reissue")


@transaction.atomic
def card_correct(
    *, person: Person, changes: dict, actor=None, today: date | None = None
) -> HealthCard:
    """Wrong information on the card (sai thẻ): correct the person's name, date of birth or
    sex (kept in the person's history, with the officer as author), then issue a new card.
    ``changes`` holds only the corrected fields (domain.card_changes.correction_changes)."""
    today = today or timezone.localdate()
    old = _card_in_use(person, today)
    person = Person.objects.select_for_update().get(pk=person.pk)
    fields = []
    if "full_name" in changes:
        person.full_name = nfc(changes["full_name"])
        person.name_folded = fold(person.full_name)
        fields += ["full_name", "name_folded"]
    if "birth_date" in changes:
        birth = changes["birth_date"]
        person.birth_date = birth if isinstance(birth, date) else date.fromisoformat(birth)
        person.birth_year_only = False
        fields += ["birth_date", "birth_year_only"]
    if "sex" in changes:
        person.sex = int(changes["sex"])
        fields.append("sex")
    if not fields:
        raise InvalidInput(_("Không có thông tin nào thay đổi."), code="no_change")
    person._history_user = actor
    person._change_reason = "card_correction"
    person.save(update_fields=[*fields, "updated_at"])
    return _card_successor(old, today=today, actor=actor, reason="card_correction")


def facility_change_window_on(day: date) -> ChangeWindow:
    """The quarter's window for changing the first-registration facility on ``day``."""
    return facility_change_window(day, days=int(parameter_on(FACILITY_CHANGE_DAYS, day)))


def facility_change_check_window(day: date) -> ChangeWindow:
    """The window if ``day`` is in it; otherwise a clear refusal saying when it opens."""
    window = facility_change_window_on(day)
    if not window.open:
        upcoming = facility_change_window_on(window.next_start)
        message = _(
            "Chỉ được đổi nơi đăng ký KCB ban đầu trong %(days)d ngày đầu của mỗi quý. "
            "Bạn có thể gửi đề nghị từ ngày %(start)s đến hết ngày %(end)s."
        ) % {
            "days": upcoming.end.day,
            "start": upcoming.start.strftime("%d/%m/%Y"),
            "end": upcoming.end.strftime("%d/%m/%Y"),
        }
        raise InvalidInput(message, code="outside_change_window", fields={"facility": [message]})
    return window


def facility_for_registration(*, code: str, on: date) -> MedicalFacility:
    facility = facilities_for_registration(on=on).filter(code=(code or "").strip().upper()).first()
    if facility is None:
        message = _("Cơ sở KCB này không nhận đăng ký KCB ban đầu thẻ BHYT.")
        raise InvalidInput(message, code="facility_not_allowed", fields={"facility": [message]})
    return facility


@transaction.atomic
def card_change_facility(
    *,
    person: Person,
    facility: MedicalFacility,
    requested_on: date,
    actor=None,
    today: date | None = None,
) -> HealthCard:
    """Change of the first-registration facility (đổi nơi đăng ký KCB ban đầu): allowed when
    it was requested within the quarter's window (the officer may decide a few days later);
    issues a new card naming the new facility."""
    today = today or timezone.localdate()
    facility_change_check_window(requested_on)
    old = _card_in_use(person, today)
    if old.registered_facility_id == facility.pk:
        message = _("Thẻ BHYT đã đăng ký KCB ban đầu tại cơ sở này.")
        raise InvalidInput(message, code="same_facility", fields={"facility": [message]})
    return _card_successor(
        old, today=today, actor=actor, reason="facility_change", registered_facility_id=facility.pk
    )


# --- Employer arrears notices (issue 12, item 8) ---------------------------------------

ARREARS_PURPOSE = "arrears"
ARREARS_CHUNK = 5000
# An owed period is the run of months an employer left unpaid for a person, named by its
# first month: every owed row (any scheme) of that person and employer starting that month.
# One statement inserts a notice for every such period that has none yet and returns the
# new ones; the unique constraint makes a re-run (or two workers at once) insert nothing.
_ARREARS_INSERT = """
INSERT INTO {notice} (person_id, employer_id, period_from, period_to, notified_at)
SELECT p.person_id, p.employer_id, p.from_month, MAX(p.to_month), %s
FROM {period} p
JOIN {person} pe ON pe.id = p.person_id
WHERE p.payment = 'owed' AND p.employer_id IS NOT NULL AND NOT pe.is_deceased
GROUP BY p.person_id, p.employer_id, p.from_month
ON CONFLICT (person_id, employer_id, period_from) DO NOTHING
RETURNING id
"""


class _ArrearsTexts:
    """The notice's wording, translated once per run (gettext and unaccent cost ~1 ms a row
    on a busy machine, seconds on a big day); each row then only fills in its values."""

    def __init__(self):
        self.sms = unaccent(
            _(
                "BHXH: Đơn vị %(employer)s chưa đóng bảo hiểm cho bạn từ tháng %(since)s. Thời "
                "gian này chưa được tính cho đến khi đơn vị đóng đủ. Xem trên VssID hoặc liên "
                "hệ cơ quan BHXH."
            )
        )
        self.subject = _("Đơn vị chưa đóng bảo hiểm cho bạn")
        self.email = _(
            "Cơ quan BHXH thông báo: đơn vị %(employer)s chưa đóng bảo hiểm xã hội, bảo hiểm "
            "thất nghiệp, bảo hiểm y tế cho bạn từ tháng %(since)s (đã ghi nhận đến tháng "
            "%(until)s).\n\nThời gian chưa đóng chưa được tính vào quá trình tham gia cho đến "
            "khi đơn vị đóng đủ. Bạn có thể xem chi tiết trong mục Quá trình tham gia của ứng "
            "dụng VssID, đề nghị đơn vị đóng bù, hoặc liên hệ cơ quan BHXH nơi đơn vị đóng "
            "bảo hiểm.\n\nThông báo này chỉ gửi một lần cho mỗi đợt đơn vị chưa đóng."
        )
        self._unaccented: dict[str, str] = {}

    def __call__(self, row: dict) -> tuple[str, str]:
        name = row["employer__name"]
        if name not in self._unaccented:
            self._unaccented[name] = unaccent(name)
        since, until = f"{row['period_from']:%m/%Y}", f"{row['period_to']:%m/%Y}"
        sms = self.sms % {"employer": self._unaccented[name], "since": since, "until": until}
        email = self.email % {"employer": name, "since": since, "until": until}
        return sms, email


def _arrears_contacts(row: dict) -> tuple[str, str]:
    """The account's phone and email when the person has an active account (what form 01
    registered), else the phone and email on the person's record."""
    if row["person__account__is_active"]:
        return row["person__account__phone"] or "", row["person__account__email"] or ""
    return row["person__phone"] or "", row["person__email"] or ""


def arrears_notices_send(*, now=None) -> dict:
    """The daily job: find every new owed period in one set-based statement, record its
    notice, and queue one SMS and/or email for it through the outbox (so it also shows in
    the person's Thông báo), all in one transaction. Returns counts for the command."""
    now = now or timezone.now()
    sql = _ARREARS_INSERT.format(
        notice=connection.ops.quote_name(ArrearsNotice._meta.db_table),
        period=connection.ops.quote_name(ParticipationPeriod._meta.db_table),
        person=connection.ops.quote_name(Person._meta.db_table),
    )
    queued: list[int] = []
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        texts = _ArrearsTexts()
        with connection.cursor() as cursor:
            cursor.execute(sql, [now])
            new_ids = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(new_ids), ARREARS_CHUNK):
            rows = ArrearsNotice.objects.filter(pk__in=new_ids[start : start + ARREARS_CHUNK])
            messages = []
            for row in rows.values(
                "person_id", "period_from", "period_to", "employer__name",
                "person__phone", "person__email", "person__account__phone",
                "person__account__email", "person__account__is_active",
            ):  # fmt: skip
                phone, email = _arrears_contacts(row)
                sms, body = texts(row)
                if phone:
                    messages.append(Message(channel="sms", recipient=phone, body=sms,
                                            purpose=ARREARS_PURPOSE, person_id=row["person_id"]))  # fmt: skip
                if email:
                    messages.append(Message(channel="email", recipient=email, subject=texts.subject,
                                            body=body, purpose=ARREARS_PURPOSE, person_id=row["person_id"]))  # fmt: skip
            created = Message.objects.bulk_create(messages, batch_size=1000)
            queued += [m.pk for m in created if m.pk is not None]
        # Handed to the task queue once committed; any not handed over (no pk returned, a
        # queue outage) are picked up by the outbox's sweep (send_pending_messages).
        transaction.on_commit(lambda: messages_enqueue(queued))
    return {"notices": len(new_ids), "messages": len(queued)}
