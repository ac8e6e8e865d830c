"""The facility side: API keys, card verification with the portal's result codes, visit
recording. Every check and every visit is written to the citizen's data-access log."""

import hashlib
import hmac
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from openvss.audit.models import AccessLog
from openvss.audit.services import access_record, access_record_expected
from openvss.core.ratelimit import rate_limit_hit
from openvss.domain.errors import DomainError
from openvss.domain.ids import parse_card_number, parse_citizen_id, parse_icd10
from openvss.domain.qr import parse_bhyt_qr
from openvss.domain.signed_qr import verify_card
from openvss.domain.text import fold
from openvss.errors import Forbidden, InvalidInput, NotAuthenticated
from openvss.legal.models import BeneficiaryGroup
from openvss.legal.selectors import benefit_percents, groups_managed_elsewhere
from openvss.people.models import HealthCard, MedicalVisit, Person

from . import selectors
from .models import FacilityApiKey, IdempotentRequest
from .selectors import CardRow
from .signing import published_keys

KEY_PREFIX = "ovk"
logger = logging.getLogger(__name__)


# --- API keys --------------------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_key_create(
    *, facility, name: str, scopes: list[str], created_by=None
) -> tuple[FacilityApiKey, str]:
    """Create a key and return it with its full text, which is shown once and never stored."""
    unknown = set(scopes) - set(FacilityApiKey.Scope.values)
    if unknown or not scopes:
        raise InvalidInput(_("Quyền của khóa API không hợp lệ."), code="invalid_scopes")
    prefix, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
    key = FacilityApiKey.objects.create(
        facility=facility,
        name=name,
        prefix=prefix,
        digest=_digest(secret),
        scopes=sorted(scopes),
        created_by=created_by,
    )
    return key, f"{KEY_PREFIX}_{prefix}_{secret}"


KEY_CACHE_SECONDS = 30
# Each server process also keeps the keys it verified for a few seconds, in its own memory:
# no cache round trip (and no unpickling) per check. A revoked key is refused at once by
# the process that revoked it and by every other within LOCAL_KEY_SECONDS once the shared
# cache (Redis) has dropped it.
LOCAL_KEY_SECONDS = 5
_local_keys: dict[str, tuple[float, FacilityApiKey]] = {}
_clock = time.monotonic


def _cache_key(prefix: str) -> str:
    return f"facility-key:{prefix}"


def api_key_revoke(*, key: FacilityApiKey) -> None:
    """Revoke now; servers sharing the cache (Redis) stop accepting it at once, a server
    with only local memory within KEY_CACHE_SECONDS."""
    FacilityApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    cache.delete(_cache_key(key.prefix))
    _local_keys.pop(key.prefix, None)


def api_keys_forget() -> None:
    """Drop the keys this process remembers (tests; the shared cache is cleared apart)."""
    _local_keys.clear()


def api_key_authenticate(text: str) -> FacilityApiKey:
    """The active key for this text, or NotAuthenticated (same answer for every failure).

    Keys are cached for KEY_CACHE_SECONDS (and LOCAL_KEY_SECONDS in this process): a card
    check is a hot path, and the key lookup would otherwise be a query on every request.
    The secret itself is checked against the key's digest on every request.
    """
    parts = (text or "").strip().split("_", 2)
    key = None
    if len(parts) == 3 and parts[0] == KEY_PREFIX and len(parts[1]) <= 12:
        now_tick = _clock()
        local = _local_keys.get(parts[1])
        if local is not None and local[0] > now_tick:
            key = local[1]
        else:
            key = cache.get(_cache_key(parts[1]))
            if key is not None:
                _local_keys[parts[1]] = (now_tick + LOCAL_KEY_SECONDS, key)
        if key is None:
            key = (
                FacilityApiKey.objects.select_related("facility")
                .only(
                    "prefix",
                    "digest",
                    "scopes",
                    "last_used_at",
                    "revoked_at",
                    "facility__code",
                    "facility__name",
                )
                .filter(prefix=parts[1], revoked_at__isnull=True)
                .first()
            )
            if key is not None:
                cache.set(_cache_key(parts[1]), key, KEY_CACHE_SECONDS)
                _local_keys[parts[1]] = (now_tick + LOCAL_KEY_SECONDS, key)
    if key is None or not hmac.compare_digest(key.digest, _digest(parts[2])):
        raise NotAuthenticated(
            _("Khóa API không hợp lệ hoặc đã bị thu hồi."), code="invalid_api_key"
        )
    rate_limit_hit("facility-key", key.prefix, limit=settings.FACILITY_KEY_RATE_LIMIT, window=60)
    now = timezone.now()
    # Record use at most once a minute: a write per request would cost more than the check.
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        FacilityApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
        cache.set(_cache_key(key.prefix), key, KEY_CACHE_SECONDS)
    return key


def require_scope(key: FacilityApiKey, scope: str) -> None:
    if scope not in key.scopes:
        raise Forbidden(_("Khóa API không có quyền thực hiện thao tác này."), code="scope_missing")


# --- card verification -----------------------------------------------------------------------

RESULT_MESSAGES = {
    "000": "Thông tin thẻ chính xác",
    "001": "Thẻ do BHXH Bộ Quốc phòng quản lý",
    "002": "Thẻ do BHXH Bộ Công an quản lý",
    "003": "Thẻ cũ hết giá trị sử dụng, đã được cấp thẻ mới",
    "004": "Thẻ cũ còn giá trị sử dụng, đã được cấp thẻ mới",
    "010": "Thẻ hết giá trị sử dụng",
    "050": "Không tìm thấy thông tin thẻ",
    "051": "Mã thẻ không đúng",
    "052": "Mã tỉnh cấp thẻ (ký tự thứ 4, 5 của mã thẻ) không đúng",
    "053": "Mã quyền lợi thẻ (ký tự thứ 3 của mã thẻ) không đúng",
    "060": "Họ tên không đúng",
    "061": "Họ tên không đúng (đúng ký tự đầu)",
    "070": "Ngày sinh không đúng",
    "100": "Lỗi khi lấy dữ liệu số thẻ",
    "101": "Lỗi server",
    "110": "Thẻ đã thu hồi",
    "120": "Thẻ đã báo giảm",
    "121": "Thẻ đã báo giảm. Giảm do chuyển ngoại tỉnh",
    "122": "Thẻ đã báo giảm. Giảm do chuyển nội tỉnh",
    "123": "Thẻ đã báo giảm. Giảm do tăng lại cùng đơn vị",
    "124": "Thẻ đã báo giảm. Giảm do ngừng tham gia",
    "130": "Trẻ em không xuất trình thẻ",
}
# The portal's answer for a card that another social-insurance body manages (DOMAIN.md §1.4);
# which groups those are is legal data (legal.selectors.groups_managed_elsewhere).
MANAGED_ELSEWHERE_CODES = {
    BeneficiaryGroup.ManagedBy.DEFENCE: "001",
    BeneficiaryGroup.ManagedBy.PUBLIC_SECURITY: "002",
}


def _managed_elsewhere() -> dict[str, str]:
    """``{group code: "001" | "002"}``."""
    return {group: MANAGED_ELSEWHERE_CODES[by] for group, by in groups_managed_elsewhere().items()}


# The portal tells why a card was reported as stopped; 120 when the reason is not recorded.
STOP_CODES = {
    HealthCard.StopReason.MOVED_OUT: "121",
    HealthCard.StopReason.MOVED_WITHIN: "122",
    HealthCard.StopReason.REENROLLED: "123",
    HealthCard.StopReason.STOPPED: "124",
}


@dataclass
class CardCheck:
    result_code: str
    card: CardRow | None = None
    person_id: int | None = None
    # Coverage is returned only when the caller proved it knows the person (name and date
    # of birth match): a card number alone must not reveal whose card it is.
    show_coverage: bool = False

    @property
    def message(self) -> str:
        return RESULT_MESSAGES[self.result_code]


def _bad(message: str, field_name: str, code: str = "205") -> InvalidInput:
    return InvalidInput(message, code=code, fields={field_name: [message]})


def card_check(
    *,
    key: FacilityApiKey,
    qr: str | None = None,
    card_number: str | None = None,
    citizen_id: str | None = None,
    full_name: str | None = None,
    birth_date: str | None = None,
    issued_on: str | date | None = None,
    today: date | None = None,
) -> CardCheck:
    """Verify a card the way the national portal does and answer with its result code.

    ``issued_on`` (ngày cấp printed on the card; read from the card's QR when a QR is sent)
    tells which card the patient holds: a card replaced by a newer one (cấp lại, đổi thẻ)
    keeps its number and often its code, and answers 003/004 only by its issue date.
    """
    require_scope(key, FacilityApiKey.Scope.VERIFY)
    today = today or timezone.localdate()
    issued_on = _issue_date(issued_on)
    given = [v for v in (qr, card_number, citizen_id) if v]
    if len(given) != 1:
        raise _bad(
            _("Gửi đúng một trong các thông tin: qr, card_number hoặc citizen_id."), "card_number"
        )
    parsed = None
    try:
        if qr and qr.strip().startswith(SIGNED_PREFIX):
            signed = _signed_card(qr)
            parsed = parse_card_number(signed.card_number, strict=False)
            full_name = full_name or signed.full_name
            birth_date = birth_date or signed.birth_date
        elif qr:
            scanned = parse_bhyt_qr(qr)
            parsed = scanned.card
            full_name = full_name or scanned.full_name
            birth_date = birth_date or (
                str(scanned.birth_date.year)
                if scanned.birth_year_only
                else scanned.birth_date.strftime("%d/%m/%Y")
            )
            issued_on = issued_on or scanned.issued_on
        elif card_number:
            parsed = parse_card_number(card_number, strict=False)
        else:
            citizen_id = parse_citizen_id(citizen_id).number
    except DomainError as exc:
        if exc.code in LAYOUT_CODES:  # a well-formed code with an impossible level or province
            return CardCheck(LAYOUT_CODES[exc.code])
        raise _bad(_(exc.message), exc.field or "card_number") from None
    if not full_name or not birth_date:
        raise _bad(_("Vui lòng gửi họ tên và ngày sinh của người bệnh."), "full_name")

    with access_record_expected():  # the row this check will write is on its way
        return _checked(key, parsed, citizen_id, full_name, birth_date, today, issued_on)


def _checked(
    key, parsed, citizen_id, full_name: str, birth_date: str, today: date, issued_on
) -> CardCheck:
    result = None
    if issued_on is not None and parsed is not None:
        result = _find_presented_card(parsed, issued_on, today)
    if result is None:
        result = _find_card(parsed, citizen_id, today)
    if result.result_code in REPLACED_CODES:
        # The old card's answer stands whoever asks; the new card is shown only to a
        # caller who knows the person (the old card may carry a name since corrected).
        result.person_id = result.card.person_id
        result.show_coverage = _identity_code(result.card, full_name, birth_date.strip()) is None
    elif result.card is not None:
        result.person_id = result.card.person_id
        if result.card.benefit_level not in benefit_percents():
            result.result_code = "100"  # a record we cannot answer for: the portal's data error
        elif result.result_code == "000":
            result.result_code = _identity_code(
                result.card, full_name, birth_date.strip()
            ) or _status_code(result.card, today)
        result.show_coverage = result.result_code not in (
            "050",
            "051",
            "052",
            "053",
            "060",
            "061",
            "070",
            "100",
        )
    if result.person_id is not None:
        # Durable before the answer leaves: outside a transaction the row goes through the
        # process's group commit writer and this waits for its commit (audit/writer.py).
        access_record(
            person_id=result.person_id,
            action=AccessLog.Action.CARD_CHECK,
            facility_id=key.facility_id,
            what=_(CHECK_WHAT),
            why=_(CHECK_WHY),
            outcome=result.result_code,
        )
    return result


SIGNED_PREFIX = "VSS1."
# The portal's answers for a card code whose benefit digit or province cannot exist.
LAYOUT_CODES = {"card_benefit_level": "053", "card_province": "052"}


def _signed_card(text: str):
    """The card in a signed card QR, checked against the agency's published keys."""
    return verify_card(text.strip(), published_keys(), now=timezone.now())


CHECK_WHAT = gettext_noop("Thông tin thẻ BHYT")
CHECK_WHY = gettext_noop("Tiếp đón khám chữa bệnh")
REPLACED_CODES = ("003", "004")


def _issue_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for layout in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise _bad(_("Ngày cấp thẻ không hợp lệ (dd/mm/yyyy)."), "issued_on")


def _replaced(card: CardRow, today: date) -> CardCheck | None:
    """003/004 for a card that a newer card replaced, answering with the newer card (whose
    coverage the facility needs); None if no newer card is in use."""
    if card.status != HealthCard.Status.REPLACED:
        return None
    newer = selectors.card_find(by="number", value=card.number, active_only=True)
    if newer is None:
        return None
    still_valid = card.valid_to is None or card.valid_to >= today
    return CardCheck("004" if still_valid else "003", card=newer)


def _find_presented_card(parsed, issued_on: date, today: date) -> CardCheck | None:
    """The very card the patient holds (number or code, and issue date), or None when no
    card of that number was issued that day (then the newest card answers, as before)."""
    by, value = ("number", parsed.bhxh_code) if parsed.form == "bhxh10" else ("code", parsed.raw)
    card = selectors.card_find(by=by, value=value, active_only=False, issued_on=issued_on)
    if card is None:
        return None
    return _replaced(card, today) or CardCheck("000", card=card)


def _find_card(parsed, citizen_id: str | None, today: date) -> CardCheck:
    if citizen_id:
        card = selectors.card_find(by="person__citizen_id", value=citizen_id, active_only=True)
        if card is not None:
            return CardCheck("000", card=card)
        person = (
            Person.objects.filter(citizen_id=citizen_id).values_list("pk", "birth_date").first()
        )
        if person is None:
            return CardCheck("050")
        under_six = (today - person[1]).days < 6 * 365 + 1
        return CardCheck("130" if under_six else "050", person_id=person[0])
    if parsed.form == "bhxh10":
        for active_only in (True, False):
            card = selectors.card_find(by="number", value=parsed.bhxh_code, active_only=active_only)
            if card is not None:
                return CardCheck("000", card=card)
        return CardCheck("050")
    card = selectors.card_find(by="code", value=parsed.raw, active_only=False)
    if card is not None:
        return _replaced(card, today) or CardCheck("000", card=card)
    # No card with this code: is it the right number with a wrong group, level or province?
    actual = selectors.card_find(by="number", value=parsed.bhxh_code, active_only=True)
    if actual is None:
        return CardCheck("050")
    if parsed.benefit_level != actual.benefit_level:
        return CardCheck("053", card=actual)
    if parsed.province_code != actual.province_code:
        return CardCheck("052", card=actual)
    return CardCheck("051", card=actual)


def _identity_code(card: CardRow, full_name: str, birth_text: str) -> str | None:
    if fold(card.full_name) != fold(full_name):
        first_given = fold(full_name)[:1]
        return "061" if first_given and first_given == fold(card.full_name)[:1] else "060"
    if len(birth_text) == 4 and birth_text.isdigit():
        # A year alone proves little: it is enough only where the card itself holds no more.
        if not card.birth_year_only or int(birth_text) != card.birth_date.year:
            return "070"
    elif card.birth_year_only:
        if birth_text[-4:] != str(card.birth_date.year):
            return "070"
    elif birth_text not in (card.birth_date.strftime("%d/%m/%Y"), card.birth_date.isoformat()):
        return "070"
    return None


def _status_code(card: CardRow, today: date) -> str:
    if card.status == HealthCard.Status.REVOKED:
        return "110"
    if card.status == HealthCard.Status.SUSPENDED:
        return STOP_CODES.get(card.stop_reason, "120")
    if card.valid_to is not None and card.valid_to < today:
        return "010"
    return _managed_elsewhere().get(card.group_code, "000")


# --- visits ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitIn:
    card_number: str
    kind: str
    admitted_on: date
    discharged_on: date
    icd10: str
    diagnosis: str
    total_cost: Decimal
    fund_paid: Decimal
    patient_paid: Decimal


def visit_record(
    *, key: FacilityApiKey, visit: VisitIn, idempotency_key: str = ""
) -> tuple[MedicalVisit, bool]:
    """Record a visit at the key's facility; return it and whether it was created now.

    The ``Idempotency-Key`` is required (1–100 characters): a repeat with the same key and
    the same visit returns the first visit instead of a copy; the same key with another
    visit is refused (422), never answered with the earlier visit.
    """
    require_scope(key, FacilityApiKey.Scope.VISITS)
    idempotency_key = idempotency_key_check(idempotency_key)
    scope = f"visit:{key.facility_id}"
    fingerprint = _fingerprint(visit)
    earlier = IdempotentRequest.objects.filter(scope=scope, key=idempotency_key).first()
    if earlier is not None:
        return _replay(earlier, fingerprint), False
    errors: dict[str, list[str]] = {}
    try:
        parsed = parse_card_number(visit.card_number, strict=False)
    except DomainError as exc:
        errors["card_number"] = [_(exc.message)]
        parsed = None
    try:
        icd = parse_icd10(visit.icd10)
    except DomainError as exc:
        errors["icd10"] = [_(exc.message)]
        icd = ""
    if visit.kind not in MedicalVisit.Kind.values:
        errors["kind"] = [_("Hình thức phải là outpatient, inpatient hoặc day.")]
    if visit.discharged_on < visit.admitted_on:
        errors["discharged_on"] = [_("Ngày ra phải sau hoặc bằng ngày vào.")]
    if visit.admitted_on > timezone.localdate():
        errors["admitted_on"] = [_("Ngày vào không được ở tương lai.")]
    if min(visit.total_cost, visit.fund_paid, visit.patient_paid) < 0:
        errors["total_cost"] = [_("Chi phí không được âm.")]
    elif visit.fund_paid + visit.patient_paid > visit.total_cost:
        errors["total_cost"] = [_("Quỹ BHYT chi trả cộng người bệnh chi trả vượt tổng chi phí.")]
    if not (visit.diagnosis or "").strip():
        errors["diagnosis"] = [_("Vui lòng nhập chẩn đoán.")]
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], code="invalid", fields=errors)
    lookup = {"number": parsed.bhxh_code} if parsed.form == "bhxh10" else {"code": parsed.raw}
    card = (
        HealthCard.objects.select_related("person")
        .filter(**lookup, valid_from__lte=visit.admitted_on)
        .exclude(status=HealthCard.Status.REVOKED)
        .order_by("-valid_from")
        .first()
    )
    if card is None or (card.valid_to is not None and card.valid_to < visit.admitted_on):
        message = _("Không có thẻ BHYT còn giá trị vào ngày vào viện với mã thẻ này.")
        raise InvalidInput(message, code="card_not_valid", fields={"card_number": [message]})
    try:
        with transaction.atomic():
            created = MedicalVisit.objects.create(
                person=card.person,
                card=card,
                facility=key.facility,
                kind=visit.kind,
                admitted_on=visit.admitted_on,
                discharged_on=visit.discharged_on,
                icd10=icd,
                diagnosis=visit.diagnosis.strip()[:255],
                total_cost=visit.total_cost,
                fund_paid=visit.fund_paid,
                patient_paid=visit.patient_paid,
            )
            IdempotentRequest.objects.create(
                scope=scope,
                key=idempotency_key,
                fingerprint=fingerprint,
                response={"id": created.pk},
                status=201,
            )
            access_record(
                person_id=card.person_id,
                action=AccessLog.Action.VISIT_RECORD,
                facility_id=key.facility_id,
                what=_("Ghi nhận lượt khám chữa bệnh"),
                why=_("Thanh toán chi phí KCB BHYT"),
                outcome=icd,
            )
    except IntegrityError:
        # Two requests with the same key raced: the other one won; answer with its visit.
        earlier = IdempotentRequest.objects.get(scope=scope, key=idempotency_key)
        return _replay(earlier, fingerprint), False
    return created, True


IDEMPOTENCY_KEY_MAX = 100


def idempotency_key_check(text: str | None) -> str:
    """The key as sent, or InvalidInput: required, at most 100 visible ASCII characters.
    Never cut: two keys that differ after the 100th character must not collide."""
    text = (text or "").strip()
    field = "Idempotency-Key"
    if not text:
        message = _("Thiếu tiêu đề Idempotency-Key (bắt buộc khi ghi nhận lượt khám).")
        raise InvalidInput(message, code="idempotency_key_required", fields={field: [message]})
    if len(text) > IDEMPOTENCY_KEY_MAX or not (text.isascii() and text.isprintable()):
        message = _("Idempotency-Key phải gồm tối đa 100 ký tự ASCII.")
        raise InvalidInput(message, code="idempotency_key_invalid", fields={field: [message]})
    return text


def _fingerprint(visit: VisitIn) -> str:
    import json
    from dataclasses import asdict

    canonical = json.dumps(asdict(visit), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(earlier: IdempotentRequest, fingerprint: str) -> MedicalVisit:
    if earlier.fingerprint and not hmac.compare_digest(earlier.fingerprint, fingerprint):
        message = _("Idempotency-Key này đã được dùng cho một lượt khám khác.")
        raise InvalidInput(
            message, code="idempotency_key_reused", fields={"Idempotency-Key": [message]}
        )
    return MedicalVisit.objects.get(pk=earlier.response["id"])
