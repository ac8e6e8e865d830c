"""Reference data for places: the 2025 administrative units (NSO), the 63 legacy provinces,
and a directory of agencies, medical facilities and collection points.

The administrative units are the official list. No public machine-readable directory of
BHXH agencies, facilities or collection points could be obtained here, so those are
generated deterministically from the unit list, in the real formats (5-character facility
codes, levels since 2025, one health station per commune, one post office collection point
per commune). Replace them with an import of the agency's own directory in production.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from openvss.domain.provinces import LEGACY_PROVINCES, NEW_PROVINCE_OF
from openvss.domain.text import fold, nfc

DATA = resources.files("openvss.places") / "data"

# Two agency addresses that the guides themselves print (seed 002, seed 004).
KNOWN_AGENCY_ADDRESSES = {
    "VN000": ("Số 7 Tràng Thi, Phường Hoàn Kiếm, Thành phố Hà Nội", "1900 9068"),
    "79000": (
        "117C Nguyễn Đình Chính, Phường Phú Nhuận, Thành phố Hồ Chí Minh",
        "(028) 39.979.039",
    ),
}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    division_type: str
    phone_code: int | None
    communes: list[tuple[str, str, str]]


def load_divisions() -> list[Division]:
    raw = json.loads((DATA / "divisions.json").read_text(encoding="utf-8"))
    return [
        Division(
            code=p["code"],
            name=p["name"],
            division_type=p["division_type"],
            phone_code=p.get("phone_code"),
            communes=[tuple(c) for c in p["communes"]],
        )
        for p in raw["provinces"]
    ]


def province_centres() -> dict[str, tuple[Decimal, Decimal]]:
    raw = json.loads((DATA / "province_centres.json").read_text(encoding="utf-8"))
    return {
        code: (Decimal(str(lat)), Decimal(str(lon)))
        for code, (lat, lon) in ((k, v) for k, v in raw.items() if not k.startswith("_"))
    }


def display_province(name: str) -> str:
    """'Thành phố Hà Nội' already carries its type; plain names get 'tỉnh'."""
    return name if name.startswith("Thành phố") else f"tỉnh {name}"


def offset(lat: Decimal, lon: Decimal, index: int) -> tuple[Decimal, Decimal]:
    """Spread generated sites deterministically around a province centre (±0.25°)."""
    step_lat = Decimal(((index * 37) % 51) - 25) / 100
    step_lon = Decimal(((index * 53) % 51) - 25) / 100
    return (lat + step_lat).quantize(Decimal("0.000001")), (lon + step_lon).quantize(
        Decimal("0.000001")
    )


def legacy_rows() -> list[dict]:
    return [
        {
            "code": code,
            "name": nfc(name),
            "name_folded": fold(name),
            "merged_into_id": NEW_PROVINCE_OF[code],
        }
        for code, name in LEGACY_PROVINCES.items()
    ]
