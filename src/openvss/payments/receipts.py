"""The electronic receipt (biên lai điện tử) of a paid order, as an A4 PDF (reportlab, the
DejaVu fonts vendored with the dossiers)."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from openvss.core.pdf import pdf_fonts_register
from openvss.domain.breakdown import money

from .models import Order


def receipt_pdf(order: Order, *, lines=None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdf_fonts_register()
    lines = lines if lines is not None else list(order.lines.select_related("person"))
    base = ParagraphStyle("base", fontName="Serif", fontSize=10, leading=14)
    title = ParagraphStyle(
        "title", parent=base, fontName="Serif-Bold", fontSize=15, leading=20, alignment=1
    )
    centre = ParagraphStyle("centre", parent=base, alignment=1)
    paid = timezone.localtime(order.paid_at) if order.paid_at else None

    def p(text, style=base):
        return Paragraph(escape(str(text)), style)

    story = [
        p(settings.OPENVSS_AGENCY_NAME.upper(), centre),
        Spacer(1, 4 * mm),
        p(_("BIÊN LAI ĐIỆN TỬ"), title),
        p(_("Số: %(number)s") % {"number": order.receipt_number or "—"}, centre),
        Spacer(1, 6 * mm),
        p(_("Nội dung: %(kind)s, %(months)s tháng") % {"kind": order.get_kind_display(), "months": order.months}),
        p(_("Người nộp: %(name)s – mã số BHXH %(code)s") % {"name": order.payer.full_name, "code": order.payer.bhxh_code}),
        p(_("Mã giao dịch: %(ref)s; mã giao dịch tại cổng VNPAY: %(no)s")
          % {"ref": order.reference, "no": order.gateway_transaction_no or "—"}),
        p(_("Thời gian thanh toán: %(at)s") % {"at": paid.strftime("%H:%M %d/%m/%Y") if paid else "—"}),
        Spacer(1, 4 * mm),
    ]  # fmt: skip
    rows = [[p(_("STT")), p(_("Họ và tên")), p(_("Mã số BHXH")), p(_("Thời hạn")), p(_("Số tiền"))]]
    for line in lines:
        # Voluntary BHXH covers whole months (11/2026 – 10/2027); household BHYT, a card's days.
        shape = "%m/%Y" if order.kind == order.Kind.VOLUNTARY_BHXH else "%d/%m/%Y"
        span = (
            f"{line.cover_from:{shape}} – {line.cover_to:{shape}}"
            if line.cover_from and line.cover_to
            else ""
        )
        rows.append(
            [
                p(line.position),
                p(line.person.full_name),
                p(line.person.bhxh_code),
                p(span),
                p(money(line.amount)),
            ]
        )
    rows.append(["", p(_("Tổng cộng")), "", "", p(money(order.amount))])
    table = Table(rows, colWidths=[12 * mm, 55 * mm, 30 * mm, 45 * mm, 30 * mm])
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.4, "#777777"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    story += [table, Spacer(1, 6 * mm)]
    story.append(p(_("Cách tính:")))
    for step in order.breakdown.get("steps", []):
        story.append(
            p(
                f"• {step['label']}: {step['formula']}"
                + (f" ({step['cite']})" if step.get("cite") else "")
            )
        )
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"Biên lai {order.reference}", author=settings.OPENVSS_AGENCY_NAME)  # fmt: skip
    doc.build(story)
    return buffer.getvalue()
