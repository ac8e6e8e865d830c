"""The citizen's pages (seed 004 §1.3–1.7): card, participation, benefits, visits, who
looked at my data, notifications. Only one's own records, or a linked child's card."""

from datetime import date

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openvss.clinics.services import LEVEL_PERCENT
from openvss.core.normalise import NormalisedTextMixin
from openvss.core.params import query_year
from openvss.errors import OpenvssError
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
        "person": person, "card": current, "percent": LEVEL_PERCENT[current.benefit_level],
        "qr": mark_safe(qr),  # noqa: S308 - segno's own SVG of our own text
        # Tabs to switch between one's own card and the linked children's.
        "family": [request.user.person, *request.user.person.wards.all()],
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
def visits(request):
    person = _person(request)
    years = selectors.visit_years(person=person)
    year = query_year(request, "nam", default=years[0] if years else date.today().year)
    context = {"years": years, "year": year, "visits": selectors.visits(person=person, year=year)}
    return render(request, "people/visits.html", context)


@login_required
@require_POST
def visit_dispute(request, visit_id: int):
    from openvss.dossiers.services import visit_dispute_open

    try:
        dossier = visit_dispute_open(
            user=request.user, visit_id=visit_id, note=request.POST.get("note", "")
        )
    except OpenvssError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã gửi phản ánh, số hồ sơ %(number)s. Cơ quan BHXH sẽ xác minh.")
            % {"number": dossier.number},
        )
    return redirect(f"{reverse('people:visits')}?nam={request.POST.get('nam', '')}")


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


@login_required
def info_change(request):
    """Ask to change phone, email or address; an officer checks and applies it."""
    from openvss.dossiers.services import info_change_submit

    form = InfoChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k != "province"}
            dossier = info_change_submit(user=request.user, **data)
        except OpenvssError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Đã gửi yêu cầu điều chỉnh, số hồ sơ %(number)s.") % {"number": dossier.number},
            )
            return redirect("web:citizen")
    return render(
        request, "people/info_change.html", {"form": form}, status=422 if form.errors else 200
    )


class InfoChangeForm(NormalisedTextMixin, forms.Form):
    phone = forms.CharField(label=_("Số điện thoại mới"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email mới"), required=False)
    address_line = forms.CharField(
        label=_("Số nhà, tên đường, tổ/xóm, khu phố/thôn"), max_length=255, required=False
    )
    province = forms.ChoiceField(label=_("Tỉnh/thành phố mới"), required=False)
    commune_code = forms.ChoiceField(label=_("Xã/phường mới"), required=False)
    reason = forms.CharField(
        label=_("Lý do"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        from openvss.places.models import Commune, Province

        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "—"), *Province.objects.values_list("code", "name")]
        province = self.data.get("province")
        communes = (
            Commune.objects.filter(province_id=province) if province else Commune.objects.none()
        )
        self.fields["commune_code"].choices = [("", "—"), *communes.values_list("code", "name")]
