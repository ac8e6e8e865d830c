"""Reads of dated legal figures."""

from datetime import date
from decimal import Decimal

from openvss.domain.legal import Dated, value_on

from .models import BeneficiaryGroup, LegalParameter


def parameter_on(key: str, day: date) -> Decimal:
    """The value of a legal parameter in force on ``day`` (one indexed query)."""
    rows = LegalParameter.objects.filter(key=key, valid_from__lte=day).order_by("-valid_from")[:1]
    return value_on([Dated(r.valid_from, r.value) for r in rows], day, key=key)


def group_on(code: str, day: date) -> BeneficiaryGroup | None:
    """The beneficiary group row in force on ``day`` for a code, or None if unknown."""
    return (
        BeneficiaryGroup.objects.select_related("benefit_level")
        .filter(code=code, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .order_by("-valid_from")
        .first()
    )
