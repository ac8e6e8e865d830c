"""GET /api/v1/me/estimates/{kind}: the same estimate as the page, with its breakdown."""

from datetime import date

from ninja import Router, Schema

from openvss.accounts.api import bearer
from openvss.errors import NotFound
from openvss.legal.display import breakdown_display
from openvss.people.selectors import person_visible_to

from .selectors import Inputs, estimate

router = Router(tags=["Ước tính chế độ"], auth=bearer)


class EstimateStepOut(Schema):
    label: str
    formula: str
    amount: int | None
    cite: str


class EstimateOut(Schema):
    kind: str
    total: int
    facts: dict
    steps: list[EstimateStepOut]


@router.get("/me/estimates/{kind}", response=EstimateOut, summary="Ước tính chế độ, kèm cách tính")
def my_estimate(request, kind: str, day: date | None = None, extra_months: int = 0, wage: int | None = None,
                region: int = 1, children: int = 1, days: int = 5, heavy_work: bool = False,
                early_years: int = 0, days_used: int = 0, pregnancy_leave: bool = False,
                category: str = "other", serious_illness: bool = False):  # fmt: skip
    """kind: bhxh-mot-lan | luong-huu | that-nghiep | thai-san | om-dau. Without parameters the
    estimate uses the signed-in person's own history and today's figures. For bhxh-mot-lan,
    the State's support taken off is the one recorded when the voluntary months were paid
    through the app; for the months not recorded, ``category`` (poor | near_poor | ethnic |
    other) sets it; ``serious_illness`` keeps it in (Law 41/2024 Art. 70 cl. 4)."""
    person = person_visible_to(user=request.user)
    if person is None:
        raise NotFound()
    inputs = Inputs(day=day, extra_months=max(0, min(extra_months, 600)), wage=wage, region=region,
                    children=max(1, min(children, 10)), days=max(1, min(days, 365)), heavy_work=heavy_work,
                    early_years=max(0, min(early_years, 10)), days_used=max(0, min(days_used, 365)),
                    pregnancy_leave=pregnancy_leave, category=category,
                    serious_illness=serious_illness)  # fmt: skip
    result = breakdown_display(estimate(kind=kind, person=person, inputs=inputs))
    return {"kind": kind, **result}
