"""The working life at a glance: one lane per scheme, a bar per participation row, drawn
as an SVG on the server (no script, prints well, works offline)."""

from django.utils.html import escape

from openvss.domain.months import Month

COLOURS = {"BHXH": "#0b5aa2", "BHTN": "#2e7d32", "BHTNLD": "#8e44ad", "BHYT": "#00838f"}
OWED = "#c62828"
# Drawn at phone size: the 360-unit width shows about 1:1 on a phone, so the text stays legible.
WIDTH, LANE, LEFT, TOP = 360, 30, 54, 22


def timeline_svg(histories) -> str:
    rows = [(h, r) for h in histories for r in h.rows]
    if not rows:
        return ""
    first = min(Month.of(r.period.from_month) for _h, r in rows)
    last = max(Month.of(r.period.to_month) for _h, r in rows)
    start, end = first.year, last.year + 1
    span = max((end - start) * 12, 12)

    def x(month: Month) -> float:
        return LEFT + (month.index - start * 12) / span * (WIDTH - LEFT - 10)

    height = TOP + LANE * len(histories) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Quá trình tham gia từ {start} đến {end - 1}" class="timeline">'
    ]
    years = end - start
    step = 1 if years <= 5 else 2 if years <= 10 else 5 if years <= 25 else 10
    for year in range(start - start % step, end + 1, step):
        if year < start:
            continue
        px = x(Month(year, 1))
        parts.append(
            f'<line x1="{px:.1f}" y1="{TOP - 4}" x2="{px:.1f}" y2="{height - 8}" stroke="#d5dde8"/>'
        )
        parts.append(
            f'<text x="{px:.1f}" y="{TOP - 8}" font-size="12" text-anchor="middle" fill="#5a6877">{year}</text>'
        )
    for lane, history in enumerate(histories):
        y = TOP + lane * LANE
        parts.append(
            f'<text x="4" y="{y + 17}" font-size="13" font-weight="600" fill="#1b2733">{escape(history.scheme)}</text>'
        )
        for row in history.rows:
            a, b = x(Month.of(row.period.from_month)), x(Month.of(row.period.to_month) + 1)
            colour = OWED if row.owed else COLOURS.get(history.scheme, "#555")
            title = (
                f"{row.period.from_month:%m/%Y}–{row.period.to_month:%m/%Y} "
                f"{row.period.employer.name if row.period.employer else ''}"
                + (" (đơn vị chưa đóng)" if row.owed else "")
                + (" (trùng tháng)" if row.overlaps else "")
            )
            stroke = ' stroke="#f9a825" stroke-width="2"' if row.overlaps else ""
            parts.append(
                f'<rect x="{a:.1f}" y="{y + 5}" width="{max(b - a, 1.5):.1f}" height="{LANE - 12}" rx="3" '
                f'fill="{colour}" fill-opacity="0.85"{stroke}><title>{escape(title)}</title></rect>'
            )
    parts.append("</svg>")
    return "".join(parts)
