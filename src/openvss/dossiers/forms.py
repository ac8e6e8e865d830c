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
    portrait = forms.FileField(label=_("Ảnh chân dung 4x6 của con"), required=False)
    agency = forms.ChoiceField(label=_("Cơ quan BHXH tiếp nhận"))

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.code, a.name) for a in agencies]
        for name in ("birth_certificate", "portrait"):
            self.fields[name].widget.attrs.update(
                accept="image/jpeg,image/png,image/webp", capture="environment"
            )


DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )


class AdjustmentForm(NormalisedTextMixin, forms.Form):
    """Form 01 §2: only what changes (seed 004)."""

    phone = forms.CharField(
        label=_("Số điện thoại di động mới"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("Địa chỉ thư điện tử mới"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    cert_serial = forms.CharField(
        label=_("Số chứng thư số"),
        max_length=60,
        required=False,
        help_text=_("Số sê-ri của chứng thư số, in trên giấy chứng nhận của tổ chức chứng thực."),
    )
    cert_issuer = forms.CharField(
        label=_("Tên tổ chức chứng thực chữ ký số"), max_length=120, required=False
    )
    cert_valid_from = _date_field(_("Chứng thư số có hiệu lực từ ngày"))
    cert_valid_to = _date_field(_("Đến ngày"))


class StopForm(NormalisedTextMixin, forms.Form):
    """Form 01 §3."""

    reason = forms.CharField(
        label=_("Lý do ngừng"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_(
            "Tôi hiểu rằng khi hồ sơ được duyệt, tài khoản giao dịch điện tử sẽ bị đóng và mọi "
            "thiết bị bị đăng xuất."
        ),
        required=False,
    )


class VisitDisputeForm(NormalisedTextMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Nội dung phản ánh"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Mô tả thêm"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận nội dung phản ánh là đúng sự thật."), required=False
    )

    def __init__(self, *args, reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = list(reasons)


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
