"""Writes for accounts."""

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Count

from openvss.people.models import Person
from openvss.places.models import Agency

from .models import User

OFFICER_GROUP = "Cán bộ BHXH"
# Officers read and correct people's records; changes are kept in each record's history.
OFFICER_PERMISSIONS = [
    ("people", "person", ("view", "change")),
    ("people", "healthcard", ("view", "change")),
    ("people", "participationperiod", ("view", "change", "add")),
    ("people", "benefitpayment", ("view",)),
    ("people", "medicalvisit", ("view",)),
    ("places", "agency", ("view",)),
    ("places", "medicalfacility", ("view",)),
    ("places", "employer", ("view",)),
    ("dossiers", "dossier", ("view", "change")),
    ("messaging", "message", ("view", "change")),
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str


DEMO_PASSWORD = "Demo@2026"


def officer_group_ensure() -> Group:
    group, _ = Group.objects.get_or_create(name=OFFICER_GROUP)
    codenames = [
        f"{action}_{model}" for _app, model, actions in OFFICER_PERMISSIONS for action in actions
    ]
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in={app for app, _m, _a in OFFICER_PERMISSIONS},
            codename__in=codenames,
        )
    )
    return group


@transaction.atomic
def demo_accounts_ensure() -> list[DemoLogin]:
    """Create (or reset) the demo citizen, officer and administrator; return their logins.

    Only for demo databases: the passwords are printed on purpose.
    """
    person = (
        Person.objects.filter(account__isnull=True, citizen_id__isnull=False)
        .exclude(phone="")
        .annotate(n=Count("periods"))
        .filter(n__gt=0)
        .order_by("id")
        .first()
    ) or User.objects.filter(person__isnull=False).first().person
    citizen = _user(
        person.bhxh_code,
        first_name=person.full_name,
        person=person,
        phone=person.phone,
        email=person.email,
    )
    hcm = Agency.objects.get(code="79000")
    officer = _user("canbo.hcm", first_name="Cán bộ BHXH TP.HCM", is_staff=True, agency=hcm)
    officer.groups.add(officer_group_ensure())
    _user("quantri", first_name="Quản trị hệ thống", is_staff=True, is_superuser=True)
    return [
        DemoLogin(f"Người dân ({person.full_name})", citizen.username, DEMO_PASSWORD),
        DemoLogin("Cán bộ BHXH", officer.username, DEMO_PASSWORD),
        DemoLogin("Quản trị", "quantri", DEMO_PASSWORD),
    ]


def _user(username: str, **fields) -> User:
    user, _ = User.objects.update_or_create(username=username, defaults=fields)
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def one_time_password() -> str:
    """10 characters without look-alikes (0/O, 1/l), with a digit and both cases."""
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(10))
        if (
            any(c.isdigit() for c in password)
            and any(c.islower() for c in password)
            and any(c.isupper() for c in password)
        ):
            return password


def account_issue(*, person: Person, phone: str, email: str) -> tuple[User, str]:
    """Create the citizen's account (username = mã số BHXH) with a one-time password that
    must be changed at first login. Returns the user and the password to deliver."""
    password = one_time_password()
    user = User(
        username=person.bhxh_code,
        person=person,
        phone=phone,
        email=email,
        first_name=person.full_name,
        must_change_password=True,
    )
    user.set_password(password)
    user.save()
    return user, password
