"""Vietnamese text: NFC storage form and the diacritic-free folded form used for search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not a d with a combining mark, so NFD does not strip them.
_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """Store text NFC-normalised with collapsed whitespace."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def unaccent(text: str) -> str:
    """The text without diacritics, case kept: ``"Đông Á" -> "Dong A"`` (for SMS)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, diacritic-free form: ``fold("Nguyễn Văn Đông") == "nguyen van dong"``."""
    return _SPACES.sub(" ", unaccent(text).casefold()).strip()


def names_match(a: str, b: str) -> bool:
    """Names compare equal ignoring case, diacritics and spacing, as the BHYT portal does."""
    return fold(a) == fold(b)
