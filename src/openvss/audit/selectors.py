"""Reads of the access log: who looked at a person's data (the person's own page)."""

from .models import AccessLog


def access_log_of(*, person, limit: int = 200) -> list[AccessLog]:
    """The person's access log, newest first, with the facility and the officer's agency."""
    return list(
        AccessLog.objects.select_related("facility", "officer__agency")
        .filter(person=person)
        .order_by("-at")[:limit]
    )
