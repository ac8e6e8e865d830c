"""Writes for accounts."""

import secrets

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from openvss.people.models import Person

from .models import AuthToken, Device, Passkey, User

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
    # Employers' e-transaction accounts of the agency (issue 14): suspend, resume, reset.
    ("organisations", "organisation", ("view", "change")),
    ("organisations", "organisationmember", ("view", "change")),
]


# The password of every demo login (openvss.demo.data); demo databases only.
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
    # An account closed on request (form 01 §3) is kept, as the law requires: registering
    # again reopens it with the new contacts and password.
    user = User.objects.filter(username=person.bhxh_code, is_active=False).first() or User(
        username=person.bhxh_code
    )
    user.person = person
    user.phone, user.email = phone, email
    user.first_name = person.full_name
    user.must_change_password = True
    user.is_active = True
    user.set_password(password)
    user.save()
    return user, password


def account_close(*, user: User, now=None) -> None:
    """Stop using electronic transactions (form 01 §3): the account can no longer sign in,
    every device is signed out and its tokens revoked, the passkeys removed. The account
    row, the person's records and the dossiers are kept, as the law requires."""
    now = now or timezone.now()
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    AuthToken.objects.filter(device__user=user, revoked_at__isnull=True).update(revoked_at=now)
    Device.objects.filter(user=user, signed_out_at__isnull=True).update(signed_out_at=now)
    Passkey.objects.filter(user=user).delete()
