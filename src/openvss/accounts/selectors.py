"""Reads of accounts: one's own devices and sign-in history (views and API read through here).
Every read takes the user: nobody reaches another account's device by its number."""

from .models import Device, LoginEvent


def device_of(*, user, pk, signed_in_only: bool = False) -> Device | None:
    """The user's own device with this primary key (None if another's, unknown or not a number)."""
    if not pk or not str(pk).isdigit():
        return None
    rows = Device.objects.filter(pk=pk, user=user)
    if signed_in_only:
        rows = rows.filter(signed_out_at__isnull=True)
    return rows.first()


def devices_of(*, user, limit: int) -> list[Device]:
    """The user's devices, newest first."""
    return list(Device.objects.filter(user=user).order_by("-created_at")[:limit])


def login_events_of(*, user, limit: int) -> list[LoginEvent]:
    """The user's sign-in history, newest first (the model's ordering)."""
    return list(LoginEvent.objects.filter(user=user)[:limit])
