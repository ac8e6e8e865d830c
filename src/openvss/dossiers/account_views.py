"""Pages under /tai-khoan/ that open a dossier from the citizen's own records: dispute a
visit (from the visits page), ask to change one's contact details. They live here, not in
people/, because people sits below dossiers (pyproject.toml, import contracts)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openvss.core.normalise import NormalisedTextMixin
from openvss.errors import OpenvssError
from openvss.places.models import Commune, Province

from .services import info_change_submit, visit_dispute_open


@login_required
@require_POST
def visit_dispute(request, visit_id: int):
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
def info_change(request):
    """Ask to change phone, email or address; an officer checks and applies it."""
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
        request, "dossiers/info_change.html", {"form": form}, status=422 if form.errors else 200
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
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "—"), *Province.objects.values_list("code", "name")]
        province = self.data.get("province")
        communes = (
            Commune.objects.filter(province_id=province) if province else Commune.objects.none()
        )
        self.fields["commune_code"].choices = [("", "—"), *communes.values_list("code", "name")]
