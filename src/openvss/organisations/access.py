"""Who may do what in an organisation: every organisation page and API operation goes
through these helpers, and nothing else decides it.

- ``member_for_request(request)`` (pages) and ``OrgBearer`` (API) give the request's
  OrganisationMember, or refuse: signed in, member active, organisation active, the
  one-time password changed, and the request comes from the device that passed the second
  factor (TOTP) at the organisation's sign-in. A session or token of the same user obtained
  any other way (the citizens' login form, a passkey) reaches nothing here.
- ``require_role(member, ...)`` refuses a role that may not do the operation.
- ``employees(organisation)`` is the only way to reach people: those whose current
  participation is with the organisation's employer. ``employee_get`` answers 404 for
  anybody else (another organisation's employee looks like nobody), and
  ``employee_reads_log`` writes each read into the person's access log.
- Querysets of the organisation's own rows are scoped with ``own(queryset, member)``; an id
  of another organisation's row is then simply not found.
"""

from functools import wraps

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from openvss.audit.services import access_record, access_record_many
from openvss.errors import Forbidden, NotAuthenticated, NotFound
from openvss.people.models import ParticipationPeriod, Person

from .models import Organisation, OrganisationMember

ORG_ACCESS_ACTION = "org_view"  # audit.AccessLog.Action.ORG_VIEW


class Step:
    """Where a signed-in organisation user must go before anything else."""

    PASSWORD = "password"  # noqa: S105 - a step name: change the one-time password
    TOTP_ENROL = "totp_enrol"
    SIGN_IN = "sign_in"


def _member_of(user) -> OrganisationMember | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    member = (
        OrganisationMember.objects.select_related("organisation__employer", "user")
        .filter(user=user, is_active=True, organisation__status=Organisation.Status.ACTIVE)
        .first()
    )
    return member


def pending_step(member: OrganisationMember, device_pk: int | None) -> str:
    """What stands between a password-checked member and the organisation's pages."""
    if member.user.must_change_password:
        return Step.PASSWORD
    if not totp_confirmed(member.user):
        return Step.TOTP_ENROL
    if not device_pk or member.verified_device_id != device_pk:
        return Step.SIGN_IN
    return ""


def totp_confirmed(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def member_for_request(request) -> OrganisationMember:
    """The request's member, fully signed in (password changed, TOTP passed on this
    device), or NotAuthenticated / Forbidden."""
    member = _member_of(getattr(request, "user", None))
    if member is None:
        raise NotAuthenticated(_("Vui lòng đăng nhập bằng tài khoản của tổ chức."))
    step = pending_step(member, request.session.get("device_pk"))
    if step:
        raise NotAuthenticated(_("Vui lòng hoàn tất đăng nhập của tổ chức."), code=step)
    return member


def onboarding_member(request) -> OrganisationMember | None:
    """The member of a session still on its first steps (password change, TOTP enrolment),
    for those pages only."""
    return _member_of(getattr(request, "user", None))


def org_page(*roles: str):
    """Decorator for organisation pages: ``view(request, member, ...)``. Sends a user who is
    not (yet) fully signed in to the step they are at; a role not listed gets 403."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            member = _member_of(getattr(request, "user", None))
            if member is None:
                return redirect(f"{_login_url()}?next={request.get_full_path()}")
            step = pending_step(member, request.session.get("device_pk"))
            if step == Step.PASSWORD:
                return redirect("organisations:password")
            if step == Step.TOTP_ENROL:
                return redirect("organisations:totp_enrol")
            if step:
                return redirect(f"{_login_url()}?next={request.get_full_path()}")
            require_role(member, *roles)
            request.org_member = member
            return view(request, member, *args, **kwargs)

        return wrapper

    return decorate


def _login_url() -> str:
    from django.urls import reverse

    return reverse("organisations:login")


def require_role(member: OrganisationMember, *roles: str) -> None:
    """No roles: any member. Otherwise the member's role must be one of them."""
    if roles and member.role not in roles:
        raise Forbidden(_("Vai trò của bạn trong đơn vị không được thực hiện thao tác này."))


class OrgBearer(HttpBearer):
    """The API's organisation users: a device token (accounts) of a device that passed
    the organisation's second factor. Sets ``request.org_member``."""

    def __init__(self, *roles: str):
        super().__init__()
        self.roles = roles

    def authenticate(self, request, token):
        from openvss.accounts import signin

        row = signin.token_authenticate(token)
        member = _member_of(row.device.user)
        if member is None:
            raise Forbidden(_("Tài khoản không thuộc tổ chức nào đang giao dịch điện tử."))
        step = pending_step(member, row.device_id)
        if step:
            raise Forbidden(
                _("Vui lòng đổi mật khẩu và xác thực hai bước trước khi sử dụng dịch vụ."),
                code=step,
            )
        require_role(member, *self.roles)
        request.user = member.user
        request.device = row.device
        request.org_member = member
        return row


org_bearer = OrgBearer()
org_admin_bearer = OrgBearer(OrganisationMember.Role.ADMIN)


def own(queryset: QuerySet, member: OrganisationMember, field: str = "organisation") -> QuerySet:
    """The rows of ``queryset`` that belong to the member's organisation."""
    return queryset.filter(**{field: member.organisation_id})


# Participation is recorded a month behind (the employer declares and pays for last month):
# a period that reaches last month is current.
CURRENT_LAG_MONTHS = 1


def current_month_floor(on=None):
    """The first day of the earliest month that still counts as "now" for participation."""
    today = on or timezone.localdate()
    year, month = today.year, today.month - CURRENT_LAG_MONTHS
    while month < 1:
        year, month = year - 1, month + 12
    return today.replace(year=year, month=month, day=1)


def employees(organisation: Organisation, *, on=None) -> QuerySet:
    """People whose current participation (a period reaching last month or later) is with
    the organisation's employer: the only people an organisation may see. One EXISTS on
    the periods' employer index."""
    current = ParticipationPeriod.objects.filter(
        person=OuterRef("pk"),
        employer_id=organisation.employer_id,
        to_month__gte=current_month_floor(on),
    )
    return Person.objects.filter(Exists(current))


def employee_get(member: OrganisationMember, person_id: int) -> Person:
    """One employee of the member's organisation; anybody else is "not found"."""
    person = employees(member.organisation).filter(pk=person_id).first()
    if person is None:
        raise NotFound(_("Không tìm thấy người lao động trong đơn vị."))
    return person


def employee_by_code(member: OrganisationMember, bhxh_code: str) -> Person | None:
    return employees(member.organisation).filter(bhxh_code=bhxh_code).first()


def _who(member: OrganisationMember) -> str:
    employer = member.organisation.employer
    return f"{employer.code} – {employer.name}"[:200]


def employee_read_log(member: OrganisationMember, person_id: int, *, what: str) -> None:
    """One read of a person's data by the organisation, in that person's access log."""
    access_record(
        person_id=person_id,
        action=ORG_ACCESS_ACTION,
        what=what,
        why=_who(member),
        officer_id=member.user_id,
    )


def employee_reads_log(member: OrganisationMember, person_ids, *, what: str) -> int:
    """The same for a page or answer that shows many people at once (one insert)."""
    return access_record_many(
        person_ids=person_ids,
        action=ORG_ACCESS_ACTION,
        what=what,
        why=_who(member),
        officer_id=member.user_id,
    )
