"""PDF helpers shared by form 01 (dossiers) and payment receipts (payments): the Vietnamese
serif font (DejaVu, with every diacritic), registered once per process with reportlab."""

from functools import cache
from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fonts"


@cache
def pdf_fonts_register() -> None:
    """Registers the family "Serif" (normal, bold, italic) for reportlab's paragraph styles."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Serif", FONTS / "DejaVuSerif.ttf"))
    pdfmetrics.registerFont(TTFont("Serif-Bold", FONTS / "DejaVuSerif-Bold.ttf"))
    pdfmetrics.registerFont(TTFont("Serif-Italic", FONTS / "DejaVuSerif-Italic.ttf"))
    pdfmetrics.registerFontFamily(
        "Serif", normal="Serif", bold="Serif-Bold", italic="Serif-Italic", boldItalic="Serif-Bold"
    )
