from django import forms
from django.utils.translation import gettext_lazy as _

from openvss.core.normalise import NormalisedTextMixin
from openvss.places.models import Commune, Province


class RegistrationForm(NormalisedTextMixin, forms.Form):
    """Declaration form 01, with the labels of the app (seed 000/004)."""

    bhxh_code = forms.CharField(
        label=_("Mã số BHXH"),
        max_length=20,
        help_text=_("Mã số BHXH là 10 số cuối của mã thẻ BHYT."),
    )
    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=120, help_text=_("Họ tên nhập tiếng Việt có dấu.")
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    citizen_id = forms.CharField(label=_("Số CCCD/Hộ chiếu/CMND"), max_length=20)
    province = forms.ChoiceField(label=_("Tỉnh/thành phố"))
    commune = forms.ChoiceField(label=_("Xã/phường"))
    address_line = forms.CharField(
        label=_("Số nhà, tên đường, tổ/xóm, khu phố/thôn"), max_length=255
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        help_text=_("Lưu ý: Mỗi số điện thoại chỉ được đăng ký cho 1 mã số BHXH."),
    )
    portrait = forms.FileField(label=_("Ảnh chân dung 4x6"), required=False)
    id_front = forms.FileField(label=_("Ảnh CCCD/CMND/Hộ chiếu mặt trước"), required=False)
    id_back = forms.FileField(label=_("Ảnh CCCD/CMND/Hộ chiếu mặt sau"), required=False)
    agency = forms.ChoiceField(label=_("Cơ quan BHXH tiếp nhận"))
    email = forms.EmailField(
        label=_("Nhận tờ khai qua email"),
        required=False,
        help_text=_(
            "Email của bạn cũng được dùng để nhận thông tin từ cơ quan BHXH. Lưu ý: Mỗi email chỉ được đăng ký cho 1 mã số BHXH."
        ),
    )

    org_code = forms.CharField(
        label=_("Mã đơn vị (nếu nộp qua đơn vị)"),
        max_length=10,
        required=False,
        help_text=_(
            "Nhập mã đơn vị nơi bạn làm việc nếu muốn bộ phận nhân sự của đơn vị xác nhận và chuyển tờ khai đến cơ quan BHXH."
        ),
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "—")] + list(
            Province.objects.values_list("code", "name")
        )
        province = self.data.get("province") or self.initial.get("province")
        communes = (
            Commune.objects.filter(province_id=province).values_list("code", "name")
            if province
            else []
        )
        self.fields["commune"].choices = [("", "—"), *communes]
        self.fields["agency"].choices = [(a.code, a.name) for a in agencies]
        for name in ("portrait", "id_front", "id_back"):
            self.fields[name].widget.attrs.update(
                accept="image/jpeg,image/png,image/webp", capture="environment"
            )


class OtpForm(NormalisedTextMixin, forms.Form):
    otp = forms.CharField(
        label=_("Nhập mã OTP"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )


class ChildAccountForm(NormalisedTextMixin, forms.Form):
    child_bhxh_code = forms.CharField(label=_("Mã số BHXH của con"), max_length=20)
    child_full_name = forms.CharField(label=_("Họ và tên của con"), max_length=120)
    birth_certificate = forms.FileField(label=_("Ảnh giấy khai sinh"), required=False)
    agency = forms.ChoiceField(label=_("Cơ quan BHXH tiếp nhận"))

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.code, a.name) for a in agencies]
