from .models import AccessLog


def access_record(
    *,
    person_id: int,
    action: str,
    what: str,
    why: str = "",
    outcome: str = "",
    officer=None,
    facility=None,
) -> AccessLog:
    """Record one read of a person's data (call it in the request that reads)."""
    return AccessLog.objects.create(
        person_id=person_id,
        action=action,
        what=what,
        why=why,
        outcome=outcome,
        officer=officer,
        facility=facility,
    )
