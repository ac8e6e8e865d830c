"""Load the dated legal figures shipped in legal/data/legal.json (idempotent)."""

import json
from datetime import date
from decimal import Decimal
from importlib import resources

from django.core.cache import cache
from django.db import transaction

from .models import BeneficiaryGroup, BenefitLevel, LegalParameter
from .selectors import BENEFIT_PERCENTS_KEY, MANAGED_ELSEWHERE_KEY


@transaction.atomic
def legal_reference_load() -> dict[str, int]:
    data = json.loads((resources.files("openvss.legal") / "data" / "legal.json").read_text("utf-8"))
    BenefitLevel.objects.bulk_create(
        [
            BenefitLevel(level=lv, fund_percent=pct, description=text)
            for lv, pct, text in data["benefit_levels"]
        ],
        update_conflicts=True,
        unique_fields=["level"],
        update_fields=["fund_percent", "description"],
    )
    BeneficiaryGroup.objects.bulk_create(
        [
            BeneficiaryGroup(
                code=code,
                benefit_level_id=level,
                payer=payer,
                name=name,
                valid_from=date.fromisoformat(start),
                source=data["groups_source"],
                managed_by=data["managed_elsewhere"].get(code, ""),
            )
            for code, level, payer, name, start in data["groups"]
        ],
        update_conflicts=True,
        unique_fields=["code", "valid_from"],
        update_fields=["benefit_level", "payer", "name", "source", "managed_by"],
    )
    transaction.on_commit(lambda: cache.delete_many([BENEFIT_PERCENTS_KEY, MANAGED_ELSEWHERE_KEY]))
    LegalParameter.objects.bulk_create(
        [
            LegalParameter(
                key=key,
                valid_from=date.fromisoformat(start),
                value=Decimal(value),
                unit=unit,
                description=description,
                source=source,
            )
            for key, start, value, unit, description, source in data["parameters"]
        ],
        update_conflicts=True,
        unique_fields=["key", "valid_from"],
        update_fields=["value", "unit", "description", "source"],
    )
    return {
        "benefit_levels": len(data["benefit_levels"]),
        "beneficiary_groups": len(data["groups"]),
        "legal_parameters": len(data["parameters"]),
    }
