"""Regenerate src/openvss/places/data/divisions.json from the vietnam-provinces package.

The data are the NSO's list of administrative units (danhmuchanhchinh.nso.gov.vn) as
compiled by the VietnamProvinces project (GPL-3.0-or-later; openvss is AGPL-3.0-or-later,
which may include it). Run: pip install 'vietnam-provinces==2025.10.1' && python tools/make_divisions.py
"""

import json
import unicodedata
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/openvss/places/data/divisions.json"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def main() -> None:
    source = resources.files("vietnam_provinces") / "data" / "nested-divisions.json"
    provinces = json.loads(source.read_text(encoding="utf-8"))
    out = {
        "source": "NSO danh mục hành chính via vietnam-provinces 2025.10.1 (GPL-3.0-or-later)",
        "provinces": [
            {
                "code": f"{p['code']:02d}",
                "name": nfc(p["name"]),
                "division_type": nfc(p["division_type"]),
                "phone_code": p.get("phone_code"),
                "communes": [
                    [f"{w['code']:05d}", nfc(w["name"]), nfc(w["division_type"])]
                    for w in p["wards"]
                ],
            }
            for p in provinces
        ],
    }
    OUT.write_text(
        json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(
        f"{len(out['provinces'])} provinces, {sum(len(p['communes']) for p in out['provinces'])} communes -> {OUT}"
    )


if __name__ == "__main__":
    main()
