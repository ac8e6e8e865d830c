"""The look-up forms: searches read GET parameters, the BHXH-code form posts with a captcha."""

from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from openvss.domain.text import nfc
from openvss.places.models import MedicalFacility
from openvss.places.selectors import MAX_QUERY_LENGTH, commune_list, province_list


def _provinces():
    return [("", _("Tất cả tỉnh, thành phố"))] + [
        (code, name) for code, name in province_list().values_list("code", "name")
    ]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tên hoặc mã"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), required=False, choices=())
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = _provinces()

    def clean_q(self):
        return nfc(self.cleaned_data["q"] or "")


class AgencySearchForm(SearchForm):
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)


class FacilitySearchForm(SearchForm):
    LISTS = {
        "": _("Tất cả cơ sở KCB"),
        "hop-dong-bhyt": _("Ký hợp đồng KCB BHYT"),
        "cap-giay-nghi-viec": _("Cấp giấy nghỉ việc hưởng BHXH"),
    }
    danh_sach = forms.ChoiceField(label=_("Danh sách"), required=False, choices=list(LISTS.items()))
    level = forms.ChoiceField(
        label=_("Cấp chuyên môn"),
        required=False,
        choices=[("", _("Tất cả các cấp"))] + list(MedicalFacility.Level.choices),
    )
    commune = forms.ChoiceField(label=_("Xã, phường"), required=False, choices=())
    ban_dau = forms.BooleanField(label=_("Chỉ nơi nhận đăng ký KCB ban đầu"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        province = self.data.get("province") if self.is_bound else None
        choices = [("", _("Tất cả xã, phường"))]
        if province:
            choices += list(commune_list(province_code=province).values_list("code", "name"))
        self.fields["commune"].choices = choices


class CodeLookupForm(forms.Form):
    """Tra cứu mã số BHXH (guide 004 §2)."""

    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=120,
        help_text=_("Viết đầy đủ họ và tên tiếng Việt có dấu."),
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    province = forms.ChoiceField(label=_("Tỉnh, thành phố nơi cư trú"), choices=())
    id_number = forms.CharField(
        label=_("Số CCCD/CMND (nếu có)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    captcha = CaptchaField(label=_("Nhập mã kiểm tra"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Chọn tỉnh, thành phố"))] + _provinces()[1:]
