"""Tracking pages (issue 12, item 3): "Hồ sơ của tôi" for the signed-in citizen and "Tra cứu
hồ sơ" for guests, by dossier number + mã số BHXH + captcha."""

from captcha.fields import CaptchaField
from django import forms
from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from openvss.core.normalise import NormalisedTextMixin
from openvss.core.ratelimit import client_ip
from openvss.errors import OpenvssError

from . import selectors, tracking


@login_required
def my_dossiers(request):
    context = {"dossiers": selectors.dossiers_of_citizen(user=request.user)}
    return TemplateResponse(request, "dossiers/my_dossiers.html", context)


class TrackForm(NormalisedTextMixin, forms.Form):
    number = forms.CharField(
        label=_("Số hồ sơ"),
        max_length=40,
        help_text=_("Có trong tin nhắn, email báo đã tiếp nhận, ví dụ 00012.DK/2026/01000."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    bhxh_code = forms.CharField(
        label=_("Mã số BHXH"),
        max_length=10,
        min_length=10,
        help_text=_("Mã số BHXH của người có hồ sơ (10 chữ số)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    captcha = CaptchaField(label=_("Nhập mã kiểm tra"))


def track(request):
    """Tra cứu hồ sơ: one answer for a wrong number and a wrong code; status and dates only."""
    form = TrackForm(request.POST or None)
    found, not_found, status = None, False, 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = tracking.dossier_guest_track(
                number=data["number"], bhxh_code=data["bhxh_code"], ip=client_ip(request)
            )
        except OpenvssError as exc:
            status = exc.status
            for field, messages in (exc.fields or {None: [exc.message]}).items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            not_found = found is None
            form = TrackForm()  # a fresh captcha for the next look-up
    if form.errors and status == 200:
        status = 422
    context = {"form": form, "found": found, "not_found": not_found}
    context["not_found_text"] = tracking.NOT_FOUND
    return TemplateResponse(request, "dossiers/track.html", context, status=status)
