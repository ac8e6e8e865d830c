"""The declaration as the official form "Mẫu số 01" (layout of seed 004), in HTML and PDF.

One context feeds both; the PDF is drawn with reportlab and the DejaVu Serif fonts shipped
in ``core/fonts`` (free licence), which cover Vietnamese.
"""

import io
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from openvss.core.pdf import pdf_fonts_register

from . import engine
from .models import Dossier, DossierFile

TITLE = (
    "Đăng ký sử dụng, điều chỉnh thông tin và ngừng sử dụng phương thức giao dịch điện tử "
    "trong lĩnh vực bảo hiểm xã hội"
)
LEGAL_BASIS = (
    "Theo Nghị định số 166/2016/NĐ-CP ngày 24 tháng 12 năm 2016 của Chính phủ, cơ quan/tổ "
    "chức/cá nhân tôi có đủ các điều kiện sử dụng phương thức giao dịch điện tử. Cơ quan/tổ "
    "chức/cá nhân tôi đăng ký, điều chỉnh thông tin và ngừng sử dụng phương thức giao dịch điện "
    "tử trong lĩnh vực bảo hiểm xã hội với cơ quan Bảo hiểm xã hội như sau:"
)
NO_CERTIFICATE = (
    "Cá nhân tôi không có chứng thư số (không điền nội dung tại mục (*)), đề nghị cơ quan Bảo "
    "hiểm xã hội cấp mã xác thực giao dịch điện tử theo địa chỉ thư điện tử hoặc số điện thoại "
    "di động dưới đây:"
)
COMMITMENT = (
    "Cơ quan/tổ chức/cá nhân tôi cam kết hoàn toàn chịu trách nhiệm trước pháp luật về tính "
    "chính xác, trung thực của nội dung nêu trên và thực hiện giao dịch điện tử trong lĩnh vực "
    "bảo hiểm xã hội theo đúng quy định của pháp luật./."
)


@dataclass(frozen=True)
class Declaration:
    number: str
    place_and_date: str
    full_name: str
    bhxh_code: str
    citizen_id: str
    address: str
    contact_name: str
    email: str
    phone: str
    start: str  # "ngày dd tháng mm năm yyyy"
    agency_name: str
    agency_address: str
    has_portrait: bool
    section: int  # which section of the form this dossier uses: 1, 2 or 3
    # §2, only what changes ("" where nothing does).
    cert_serial: str = ""
    cert_issuer: str = ""
    cert_period: str = ""
    new_email: str = ""
    new_phone: str = ""
    # §3
    stop_from: str = ""
    stop_reason: str = ""
    org_code: str = ""  # sent through this employer (organisations' HR desk)
    org_name: str = ""


def _long_date(day: date) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _iso_long(value: str) -> str:
    return _long_date(date.fromisoformat(value)) if value else ""


def declaration_context(dossier: Dossier) -> Declaration:
    data = dossier.data
    day = timezone.localdate(dossier.submitted_at or dossier.created_at)
    address = ", ".join(
        part
        for part in (data.get("address_line"), data.get("commune_name"), data.get("province_name"))
        if part
    )
    province = data.get("province_name", "").replace("Thành phố ", "")
    adjust = data.get("adjust", {})
    stop = data.get("stop", {})
    cert_period = ""
    if adjust.get("cert_valid_from"):
        cert_period = (
            f"Từ {_iso_long(adjust['cert_valid_from'])} đến {_iso_long(adjust['cert_valid_to'])}"
        )
    return Declaration(
        number=dossier.number or "",
        place_and_date=f"{province or '.....'}, {_long_date(day)}",
        full_name=data.get("full_name", ""),
        bhxh_code=data.get("bhxh_code", ""),
        citizen_id=data.get("citizen_id", ""),
        address=address,
        contact_name=data.get("contact_name") or data.get("full_name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        start=_long_date(day),
        agency_name=dossier.agency.name,
        agency_address=dossier.agency.address,
        has_portrait=_portrait(dossier) is not None,
        section=engine.kind_for(dossier.kind).form01_section or 1,
        cert_serial=adjust.get("cert_serial", ""),
        cert_issuer=adjust.get("cert_issuer", ""),
        cert_period=cert_period,
        new_email=adjust.get("email", ""),
        new_phone=adjust.get("phone", ""),
        stop_from=_iso_long(stop.get("from", "")),
        stop_reason=stop.get("reason", ""),
        org_code=data.get("org_code", ""),
        org_name=data.get("org_name", ""),
    )


def form01_attachment(dossier: Dossier) -> tuple[str, bytes, str] | None:
    """Form 01 as a PDF for the "received" email (when there is an email to send it to)."""
    if not dossier.contact_email:
        return None
    return (f"to-khai-{dossier.pk}.pdf", declaration_pdf(dossier), "application/pdf")


def _portrait(dossier: Dossier) -> DossierFile | None:
    # files.all(): a prefetched batch of dossiers asks nothing more of the database.
    return next((f for f in dossier.files.all() if f.kind == DossierFile.Kind.PORTRAIT), None)


def _sections(d: Declaration, p, field) -> list:
    """The section of the form this dossier uses, filled; the others as the blank form
    prints them, ticked off as not used."""
    if d.section == 1:
        one = [
            p("<b>1. Đăng ký sử dụng:</b>"),
            p(
                f"- Đăng ký sử dụng phương thức giao dịch điện tử trong lĩnh vực Bảo hiểm xã hội từ {d.start}"
            ),
            p("- Đăng ký giao dịch tại:"),
            p("+ Cổng thông tin điện tử của Bảo hiểm xã hội Việt Nam ☒"),
            p("+ Tổ chức I-VAN ☐ &nbsp; Tên Tổ chức I-VAN: (không)"),
        ]
    else:
        one = [p("<b>1. Đăng ký sử dụng:</b> (không kê khai)")]
    if d.section == 2:
        two = [p("<b>2. Điều chỉnh thông tin:</b>")]
        if d.cert_serial:
            two += [
                field("- Số chứng thư số của cơ quan, tổ chức, cá nhân", d.cert_serial),
                field("Tên tổ chức chứng thực chữ ký số", d.cert_issuer),
                field("Thời hạn sử dụng chứng thư số", d.cert_period),
            ]
        if d.new_email:
            two.append(field("- Địa chỉ thư điện tử", d.new_email))
        if d.new_phone:
            two.append(field("- Số điện thoại di động", d.new_phone))
        two.append(p("<i>(Chỉ ghi những nội dung có thay đổi, bổ sung)</i>"))
    else:
        two = [p("<b>2. Điều chỉnh thông tin:</b> (không kê khai)")]
    if d.section == 3:
        three = [
            p("<b>3. Ngừng sử dụng phương thức giao dịch:</b>"),
            p(f"- Ngừng giao dịch điện tử trong lĩnh vực bảo hiểm xã hội từ {d.stop_from}"),
            field("- Lý do ngừng", d.stop_reason),
        ]
    else:
        three = [p("<b>3. Ngừng sử dụng phương thức giao dịch:</b> (không kê khai)")]
    return [*one, *two, *three]  # fmt: skip


def declaration_pdf(dossier: Dossier) -> bytes:
    """Form 01 as an A4 PDF, with the applicant's portrait in the top-left box."""
    return declarations_pdf([dossier], title=f"Tờ khai {dossier.number or ''}")


def declarations_pdf(dossiers, *, title: str) -> bytes:
    """Several forms 01 in one A4 PDF, one form a page (an organisation's batch, printed
    for signature): one document, so the fonts are embedded once."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    pdf_fonts_register()
    story = []
    for index, dossier in enumerate(dossiers):
        if index:
            story.append(PageBreak())
        story.extend(_declaration_story(dossier))
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=title,
        author="Bảo hiểm xã hội Việt Nam",
    ).build(story)
    return out.getvalue()


def _declaration_story(dossier: Dossier) -> list:
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, Paragraph, Spacer, Table, TableStyle

    d = declaration_context(dossier)
    base = ParagraphStyle(
        "base", fontName="Serif", fontSize=10.5, leading=14.5, alignment=TA_JUSTIFY
    )
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    title = ParagraphStyle("title", parent=center, fontName="Serif-Bold", fontSize=14, leading=18)

    def p(text: str, style=base) -> Paragraph:
        return Paragraph(text, style)

    def field(label: str, value: str) -> Paragraph:
        return p(f"{label}: <b>{escape(value) or '.....'}</b>")

    portrait = p("Ảnh cá nhân", center)
    photo = _portrait(dossier)
    if photo is not None:
        with photo.file.open("rb") as handle:
            portrait = Image(
                io.BytesIO(handle.read()), width=3 * cm, height=4 * cm, kind="proportional"
            )
    header = Table(
        [[portrait, [
            p("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", center),
            p("<b>Độc lập - Tự do - Hạnh phúc</b>", center),
            Spacer(1, 6),
            p(f"<i>{escape(d.place_and_date)}</i>", center),
            Spacer(1, 6),
            p("<b>Mẫu số 01</b>", right),
        ]]],
        colWidths=[3.6 * cm, 13.4 * cm],
    )  # fmt: skip
    header.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (0, 0), 0.5, "#555555")])
    )
    declarant = [
        p("<b>NGƯỜI KÊ KHAI</b>", center),
        p("<i>(Ký, ghi rõ họ tên)</i>", center),
        Spacer(1, 36),
        p(f"<b>{escape(d.full_name)}</b>", center),
    ]
    if d.org_code:
        # Sent through the employer (guide 003: "nhân sự đơn vị in, ký xác nhận").
        signatures = Table(
            [[[
                p("<b>XÁC NHẬN CỦA ĐƠN VỊ</b>", center),
                p("<i>(Ký, ghi rõ họ tên, đóng dấu)</i>", center),
                Spacer(1, 36),
                p(f"{escape(d.org_code)} – {escape(d.org_name)}", center),
            ], declarant]],
            colWidths=[8.5 * cm, 8.5 * cm],
        )  # fmt: skip
    else:
        signatures = Table([["", declarant]], colWidths=[8.5 * cm, 8.5 * cm])
    story = [
        header,
        Spacer(1, 10),
        p("TỜ KHAI", title),
        p(f"<b>{TITLE}</b>", center),
        Spacer(1, 6),
        p("<i>Kính gửi: Bảo hiểm xã hội Việt Nam.</i>", center),
        Spacer(1, 8),
        field("Tên cơ quan/tổ chức/cá nhân", d.full_name),
        field("Mã số bảo hiểm xã hội", d.bhxh_code),
        field("Số CMND/HC/CC", d.citizen_id),
        field("Địa chỉ liên hệ", d.address),
        p("Số chứng thư số của cơ quan, tổ chức, cá nhân: ....."),
        p("Tên tổ chức chứng thực chữ ký số: ....."),
        p("Thời hạn sử dụng chứng thư số: Từ ngày ... tháng ... năm ... đến ngày ... tháng ... năm ... (*)"),
        p(NO_CERTIFICATE),
        field("Người liên hệ", d.contact_name),
        field("Địa chỉ thư điện tử", d.email),
        field("Điện thoại di động", d.phone),
        p(LEGAL_BASIS),
        *_sections(d, p, field),
        p(COMMITMENT),
        Spacer(1, 12),
        signatures,
        Spacer(1, 14),
        p(f"Số hồ sơ: <b>{escape(d.number)}</b> — Cơ quan BHXH tiếp nhận: {escape(d.agency_name)}, {escape(d.agency_address)}"),
    ]  # fmt: skip
    return story
