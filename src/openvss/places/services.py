"""Writes for places. ``reference_load`` is idempotent: it inserts or updates by code."""

from django.db import transaction

from openvss.domain.text import fold, nfc

from . import reference
from .models import Agency, CollectionPoint, Commune, LegacyProvince, MedicalFacility, Province


def _upsert(model, rows: list[dict], unique: str = "code") -> int:
    objs = [model(**row) for row in rows]
    update = [f for f in rows[0] if f != unique] if rows else []
    model.objects.bulk_create(
        objs,
        batch_size=1000,
        update_conflicts=bool(update),
        unique_fields=[unique],
        update_fields=update or None,
    )
    return len(objs)


@transaction.atomic
def reference_load() -> dict[str, int]:
    """Load the administrative units and the generated directory; return counts per table."""
    divisions = reference.load_divisions()
    centres = reference.province_centres()
    counts: dict[str, int] = {}

    counts["provinces"] = _upsert(
        Province,
        [
            {
                "code": d.code,
                "name": d.name,
                "name_folded": fold(d.name),
                "division_type": d.division_type,
                "latitude": centres[d.code][0],
                "longitude": centres[d.code][1],
            }
            for d in divisions
        ],
    )
    counts["legacy_provinces"] = _upsert(LegacyProvince, reference.legacy_rows())
    counts["communes"] = _upsert(
        Commune,
        [
            {
                "code": code,
                "province_id": d.code,
                "name": name,
                "name_folded": fold(name),
                "division_type": kind,
            }
            for d in divisions
            for code, name, kind in d.communes
        ],
    )

    agencies, facilities, points = [], [], []
    hq_address, hq_phone = reference.KNOWN_AGENCY_ADDRESSES["VN000"]
    agencies.append(
        {
            "code": "VN000",
            "name": "Bảo hiểm xã hội Việt Nam",
            "level": Agency.Level.CENTRAL,
            "province_id": "01",
            "address": hq_address,
            "phone": hq_phone,
            "latitude": centres["01"][0],
            "longitude": centres["01"][1],
            "accepts_dossiers": False,
        }
    )
    for d in divisions:
        lat, lon = centres[d.code]
        place = reference.display_province(d.name)
        area = f"0{d.phone_code}" if d.phone_code else "0"
        code = f"{d.code}000"
        address, phone = reference.KNOWN_AGENCY_ADDRESSES.get(
            code, (f"Trung tâm hành chính {place}", f"({area}) 3.8{d.code}.{d.code}0")
        )
        agencies.append(
            {
                "code": code,
                "name": f"Bảo hiểm xã hội {place}",
                "level": Agency.Level.PROVINCIAL,
                "province_id": d.code,
                "address": address,
                "phone": phone,
                "latitude": lat,
                "longitude": lon,
                "accepts_dossiers": True,
            }
        )
        facilities.append(
            {
                "code": f"{d.code}001",
                "name": f"Bệnh viện Đa khoa {place}",
                "level": MedicalFacility.Level.SPECIALISED,
                "province_id": d.code,
                "address": f"Trung tâm {place}",
                "issues_sick_leave": True,
                "latitude": lat,
                "longitude": lon,
            }
        )
        # Every eighth commune hosts a local BHXH office and a regional health centre.
        for i, (commune_code, commune_name, _kind) in enumerate(d.communes):
            site_lat, site_lon = reference.offset(lat, lon, i)
            full_address = f"{commune_name}, {d.name}"
            if i % 8 == 0:
                local = i // 8 + 1
                agencies.append(
                    {
                        "code": f"{d.code}{local:03d}",
                        "name": f"Bảo hiểm xã hội cơ sở {commune_name}",
                        "level": Agency.Level.LOCAL,
                        "province_id": d.code,
                        "commune_id": commune_code,
                        "address": full_address,
                        "phone": f"({area}) 3.{commune_code[-3:]}.{local:03d}",
                        "latitude": site_lat,
                        "longitude": site_lon,
                        "accepts_dossiers": True,
                    }
                )
                facilities.append(
                    {
                        "code": f"{d.code}{900 - local:03d}",
                        "name": f"Trung tâm Y tế khu vực {commune_name}",
                        "level": MedicalFacility.Level.BASIC,
                        "province_id": d.code,
                        "commune_id": commune_code,
                        "address": full_address,
                        "issues_sick_leave": True,
                        "latitude": site_lat,
                        "longitude": site_lon,
                    }
                )
            facilities.append(
                {
                    "code": f"{d.code}{i + 2:03d}",
                    "name": f"Trạm Y tế {commune_name}",
                    "level": MedicalFacility.Level.PRIMARY,
                    "province_id": d.code,
                    "commune_id": commune_code,
                    "address": full_address,
                    "issues_sick_leave": False,
                    "latitude": site_lat,
                    "longitude": site_lon,
                }
            )
            points.append(
                {
                    "code": f"BD{commune_code}",
                    "name": f"Bưu điện {commune_name}",
                    "commune_id": commune_code,
                    "address": full_address,
                    "operator": "Bưu điện Việt Nam",
                }
            )

    for rows in (agencies, facilities, points):
        for row in rows:
            row["name"] = nfc(row["name"])
            row["name_folded"] = fold(row["name"])
    # Every row of a bulk upsert must carry the same fields.
    for row in agencies:
        row.setdefault("commune_id", None)
    for row in facilities:
        row.setdefault("commune_id", None)
    counts["agencies"] = _upsert(Agency, agencies)
    counts["facilities"] = _upsert(MedicalFacility, facilities)
    counts["collection_points"] = _upsert(CollectionPoint, points)
    return counts
