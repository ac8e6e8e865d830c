"""The citizen's pages (seed 004 §1.3–1.7): card, participation, benefits, visits, who
looked at my data, notifications. Only one's own records, or a linked child's card."""

from datetime import date

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from openvss.core.params import query_year
from openvss.legal.selectors import benefit_percents
from openvss.messaging import selectors as messaging_selectors
from openvss.messaging.services import inbox_mark_seen

from . import selectors
from .cards import bhyt_qr_text
from .timeline import timeline_svg


def _person(request, bhxh_code=None):
    person = selectors.person_visible_to(user=request.user, bhxh_code=bhxh_code)
    if person is None:
        raise Http404
    return person


@login_required
def card(request, bhxh_code=None):
    person = _person(request, bhxh_code)
    current = selectors.card_current(person=person)
    if current is None:
        raise Http404
    qr = segno.make(bhyt_qr_text(current), error="m").svg_inline(scale=3, border=1, omitsize=True)
    context = {
        "person": person, "card": current, "percent": benefit_percents()[current.benefit_level],
        "qr": mark_safe(qr),  # noqa: S308 - segno's own SVG of our own text
        # Tabs to switch between one's own card and the linked children's.
        "family": selectors.family(user=request.user),
    }  # fmt: skip
    return render(request, "people/card.html", context)


@login_required
def participation(request):
    histories = selectors.participation_history(person=_person(request))
    owed = [h for h in histories if h.owed_months]
    # One scheme's rows at a time (tabs), the overview and totals for all.
    wanted = request.GET.get("che-do", "")
    shown = next((h for h in histories if h.scheme == wanted), histories[0] if histories else None)
    context = {
        "histories": histories, "shown": shown, "owed": owed,
        "timeline": mark_safe(timeline_svg(histories)),  # noqa: S308 - our own SVG, escaped inside
    }  # fmt: skip
    return render(request, "people/participation.html", context)


@login_required
def benefits(request):
    """Thông tin hưởng in the guide's four tabs, one tab's payments at a time (?che-do=)."""
    person = _person(request)
    tab = selectors.benefit_tab(request.GET.get("che-do", ""))
    counts = selectors.benefit_tab_counts(person=person)
    context = {
        "tabs": [{"tab": t, "count": counts[t.slug]} for t in selectors.BENEFIT_TABS], "tab": tab,
        "benefits": selectors.benefits_in_tab(person=person, tab=tab),
    }  # fmt: skip
    return render(request, "people/benefits.html", context)


@login_required
def visits(request, bhxh_code=None):
    """One's own visits, or a linked child's (a parent sees them; only the person disputes)."""
    person = _person(request, bhxh_code)
    years = selectors.visit_years(person=person)
    year = query_year(request, "nam", default=years[0] if years else date.today().year)
    context = {
        "years": years, "year": year, "visits": selectors.visits(person=person, year=year),
        "person": person, "family": [request.user.person, *request.user.person.wards.all()],
    }  # fmt: skip
    return render(request, "people/visits.html", context)


@login_required
def access_log(request):
    return render(
        request, "people/access_log.html", {"logs": selectors.access_log(person=_person(request))}
    )


@login_required
def inbox(request):
    """Notices sent to me: dossier decisions, password changes, new devices, arrears."""
    person = _person(request)
    notices = messaging_selectors.inbox(person=person)[:100]
    inbox_mark_seen(user=request.user)
    arrears = [h for h in selectors.participation_history(person=person) if h.owed_months]
    return render(request, "people/inbox.html", {"notices": notices, "arrears": arrears})


def service_worker(request):
    """Keeps the card page for when the clinic has no signal (scope: /tai-khoan/)."""
    response = HttpResponse(
        render(request, "people/sw.js").content, content_type="application/javascript"
    )
    response["Service-Worker-Allowed"] = "/tai-khoan/"
    response["Cache-Control"] = "no-cache"
    return response
