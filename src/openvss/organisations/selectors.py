"""Reads of the organisations app."""

from .models import OrganisationMember


def members(member: OrganisationMember):
    """The users of the member's own organisation."""
    return list(
        OrganisationMember.objects.filter(organisation_id=member.organisation_id).order_by(
            "-is_active", "role", "login"
        )
    )
