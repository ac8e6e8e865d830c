"""A worked breakdown: the steps of a calculation as a citizen reads them, each with the
legal text it rests on ("4,5% × 2.530.000 đ × 12 tháng = 1.366.200 đ — Luật BHYT Điều 13").

Amounts are integer đồng; rates are Decimals. Labels are Vietnamese msgids (translated where
shown); formulas are numbers in the Vietnamese notation and read the same in both languages.
"""

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal


@dataclass(frozen=True, slots=True)
class Step:
    label: str  # msgid, e.g. "Người thứ %(n)s"
    formula: str  # "4,5% × 2.530.000 đ × 12 tháng = 1.366.200 đ"
    amount: int | None = None
    cite: str = ""
    params: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Breakdown:
    total: int
    steps: tuple[Step, ...]
    facts: dict = field(default_factory=dict)  # figures a screen may show apart (rate, months…)

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "facts": {k: (str(v) if isinstance(v, Decimal) else v) for k, v in self.facts.items()},
            "steps": [
                {"label": s.label % s.params if s.params else s.label, "formula": s.formula,
                 "amount": s.amount, "cite": s.cite}
                for s in self.steps
            ],
        }  # fmt: skip


def money(amount: int | Decimal) -> str:
    """5453400 → "5.453.400 đ" (DESIGN.md: money with dots and đ)."""
    value = int(amount)
    sign = "−" if value < 0 else ""
    return f"{sign}{abs(value):,} đ".replace(",", ".")


def number(value: Decimal | int) -> str:
    """Decimal in Vietnamese notation: 1.5 → "1,5", 12 → "12"."""
    text = format(Decimal(value).normalize(), "f")
    whole, _dot, frac = text.partition(".")
    whole = f"{int(whole):,}".replace(",", ".") if whole.lstrip("-").isdigit() else whole
    return f"{whole},{frac}" if frac else whole


def percent(rate: Decimal) -> str:
    """Decimal("0.045") → "4,5%"."""
    return f"{number(Decimal(rate) * 100)}%"


def round_dong(value: Decimal) -> int:
    """Half-up to the đồng, as the agency's published tables round."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def floor_dong(value: Decimal) -> int:
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_FLOOR))
