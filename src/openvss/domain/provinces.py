"""The 63 pre-2025 province codes (GSO/NSO) and the 34 provinces that absorbed them.

Card numbers, facility codes and CCCD numbers keep the pre-2025 codes; addresses use the
new ones (Resolution 202/2025/QH15, in force 1/7/2025). Source: DOMAIN.md §6.2.
"""

LEGACY_PROVINCES: dict[str, str] = {
    "01": "Hà Nội", "02": "Hà Giang", "04": "Cao Bằng", "06": "Bắc Kạn", "08": "Tuyên Quang",
    "10": "Lào Cai", "11": "Điện Biên", "12": "Lai Châu", "14": "Sơn La", "15": "Yên Bái",
    "17": "Hòa Bình", "19": "Thái Nguyên", "20": "Lạng Sơn", "22": "Quảng Ninh",
    "24": "Bắc Giang", "25": "Phú Thọ", "26": "Vĩnh Phúc", "27": "Bắc Ninh", "30": "Hải Dương",
    "31": "Hải Phòng", "33": "Hưng Yên", "34": "Thái Bình", "35": "Hà Nam", "36": "Nam Định",
    "37": "Ninh Bình", "38": "Thanh Hóa", "40": "Nghệ An", "42": "Hà Tĩnh", "44": "Quảng Bình",
    "45": "Quảng Trị", "46": "Thừa Thiên Huế", "48": "Đà Nẵng", "49": "Quảng Nam",
    "51": "Quảng Ngãi", "52": "Bình Định", "54": "Phú Yên", "56": "Khánh Hòa",
    "58": "Ninh Thuận", "60": "Bình Thuận", "62": "Kon Tum", "64": "Gia Lai", "66": "Đắk Lắk",
    "67": "Đắk Nông", "68": "Lâm Đồng", "70": "Bình Phước", "72": "Tây Ninh",
    "74": "Bình Dương", "75": "Đồng Nai", "77": "Bà Rịa - Vũng Tàu", "79": "Hồ Chí Minh",
    "80": "Long An", "82": "Tiền Giang", "83": "Bến Tre", "84": "Trà Vinh", "86": "Vĩnh Long",
    "87": "Đồng Tháp", "89": "An Giang", "91": "Kiên Giang", "92": "Cần Thơ", "93": "Hậu Giang",
    "94": "Sóc Trăng", "95": "Bạc Liêu", "96": "Cà Mau",
}  # fmt: skip

# New province code -> the legacy codes it absorbed. Each new province kept one of the codes.
MERGED_INTO: dict[str, tuple[str, ...]] = {
    "01": ("01",), "04": ("04",), "08": ("02", "08"), "11": ("11",), "12": ("12",),
    "14": ("14",), "15": ("10", "15"), "19": ("06", "19"), "20": ("20",), "22": ("22",),
    "24": ("24", "27"), "25": ("17", "25", "26"), "31": ("30", "31"), "33": ("33", "34"),
    "37": ("35", "36", "37"), "38": ("38",), "40": ("40",), "42": ("42",), "44": ("44", "45"),
    "46": ("46",), "48": ("48", "49"), "51": ("51", "62"), "52": ("52", "64"),
    "56": ("56", "58"), "66": ("54", "66"), "68": ("60", "67", "68"), "75": ("70", "75"),
    "79": ("74", "77", "79"), "80": ("72", "80"), "82": ("82", "87"), "86": ("83", "84", "86"),
    "91": ("89", "91"), "92": ("92", "93", "94"), "96": ("95", "96"),
}  # fmt: skip

NEW_PROVINCE_OF: dict[str, str] = {
    legacy: new for new, olds in MERGED_INTO.items() for legacy in olds
}


def is_legacy_province(code: str) -> bool:
    return code in LEGACY_PROVINCES
