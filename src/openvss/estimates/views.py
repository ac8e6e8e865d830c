"""/tai-khoan/uoc-tinh/: estimates prefilled from the citizen's history, editable."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openvss.domain.errors import DomainError
from openvss.errors import InvalidInput
from openvss.legal.display import breakdown_display
from openvss.people.selectors import person_visible_to, voluntary_periods

from .selectors import KINDS, Inputs, estimate


class EstimateForm(forms.Form):
    day = forms.DateField(label=_("Ngày tính (nghỉ hưu, sinh con, nghỉ ốm…)"), required=False,
                          input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                          # dd/mm/yyyy as typed in Vietnam, whatever the browser's own locale
                          widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"},
                                                 format="%d/%m/%Y"))  # fmt: skip
    extra_months = forms.IntegerField(label=_("Số tháng đóng thêm đến ngày đó"), required=False, min_value=0,
                                      max_value=600)  # fmt: skip
    wage = forms.IntegerField(
        label=_("Mức tiền lương (đồng)"), required=False, min_value=0, max_value=10**10
    )
    region = forms.TypedChoiceField(label=_("Vùng lương tối thiểu"), choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")],
                                    coerce=int, required=False)  # fmt: skip
    children = forms.IntegerField(label=_("Số con"), required=False, min_value=1, max_value=10)
    days = forms.IntegerField(
        label=_("Số ngày nghỉ ốm"), required=False, min_value=1, max_value=365
    )
    days_used = forms.IntegerField(
        label=_("Số ngày đã hưởng ốm đau trong năm"), required=False, min_value=0, max_value=365
    )
    heavy_work = forms.BooleanField(label=_("Nghề nặng nhọc, độc hại"), required=False)
    pregnancy_leave = forms.BooleanField(label=_("Phải nghỉ việc dưỡng thai theo chỉ định của cơ sở y tế"),
                                         required=False)  # fmt: skip
    early_years = forms.IntegerField(
        label=_("Số năm nghỉ hưu trước tuổi"), required=False, min_value=0, max_value=10
    )
    # BHXH một lần leaves out what the State paid towards voluntary BHXH: as recorded for the
    # months paid through the app, by the person's category for the months not recorded.
    category = forms.ChoiceField(
        label=_("Đối tượng khi đóng BHXH tự nguyện (để trừ số tiền Nhà nước hỗ trợ)"),
        choices=[("other", _("Đối tượng khác")), ("poor", _("Người thuộc hộ nghèo")),
                 ("near_poor", _("Người thuộc hộ cận nghèo")), ("ethnic", _("Người dân tộc thiểu số"))],
        required=False,
        help_text=_("Dùng cho các tháng chưa ghi nhận số tiền hỗ trợ; các tháng đóng qua ứng dụng dùng số "
                    "tiền đã ghi nhận khi đóng."),
    )  # fmt: skip
    serious_illness = forms.BooleanField(
        label=_("Hưởng vì mắc bệnh ung thư, bại liệt, xơ gan mất bù, lao nặng, AIDS hoặc suy giảm khả năng "
                "lao động từ 81% trở lên"),
        required=False,
    )  # fmt: skip

    FIELDS = {
        "bhxh-mot-lan": ["day", "extra_months", "wage", "category", "serious_illness"],
        "luong-huu": ["day", "extra_months", "wage", "early_years"],
        "that-nghiep": ["day", "wage", "region"],
        "thai-san": ["day", "wage", "children", "pregnancy_leave"],
        "om-dau": ["day", "wage", "days", "days_used", "heavy_work"],
    }

    def __init__(self, *args, kind: str, voluntary: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in self.FIELDS[kind]:
                del self.fields[name]
        if not voluntary:  # never paid voluntary BHXH: no State support to ask about
            self.fields.pop("category", None)

    def inputs(self) -> Inputs:
        c = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return Inputs(**c)


@login_required
def estimate_page(request, kind: str = "bhxh-mot-lan"):
    if kind not in KINDS:
        raise Http404
    person = person_visible_to(user=request.user)
    if person is None:
        raise Http404
    form = EstimateForm(
        request.GET or None,
        kind=kind,
        # The category matters only for voluntary months whose support was not recorded.
        voluntary=kind != "bhxh-mot-lan"
        or any(support is None for *_months, support in voluntary_periods(person=person)),
        initial={"day": timezone.localdate(), "region": 1, "category": "other"},
    )
    result, error = None, None
    if not form.is_bound or form.is_valid():
        try:
            result = breakdown_display(
                estimate(
                    kind=kind, person=person, inputs=form.inputs() if form.is_bound else Inputs()
                )
            )
        except DomainError as exc:
            error = InvalidInput.from_domain(exc).message
    kinds = [(slug, gettext(label)) for slug, label in KINDS.items()]
    context = {"form": form, "kind": kind, "kinds": kinds, "title": gettext(KINDS[kind]), "result": result,
               "error": error}  # fmt: skip
    return render(request, "estimates/estimate.html", context, status=422 if form.errors else 200)
