from django import forms
from django.utils.translation import gettext_lazy as _

from openvss.core.normalise import NormalisedTextMixin

from .models import Organisation, OrganisationMember

OTP_INPUT = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"})


class OrgRegistrationForm(NormalisedTextMixin, forms.Form):
    """Form 01 for an organisation (seed 004): who the unit is, who represents it, how it
    will transact (the portal itself or a named I-VAN provider), where to write to it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The service checks every field, with its own words, and answers all at once.
        for field in self.fields.values():
            field.required = False

    unit_code = forms.CharField(
        label=_("Mã đơn vị"),
        max_length=10,
        help_text=_("Mã đơn vị tham gia BHXH do cơ quan BHXH cấp, ví dụ TZH490L."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters"}),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế"), max_length=14, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    representative_name = forms.CharField(label=_("Họ và tên người đại diện"), max_length=120)
    representative_title = forms.CharField(label=_("Chức vụ"), max_length=80, required=False)
    representative_citizen_id = forms.CharField(
        label=_("Số CCCD/CMND/Hộ chiếu của người đại diện"), max_length=20, required=False
    )
    transaction_method = forms.ChoiceField(
        label=_("Phương thức đăng ký giao dịch"),
        choices=Organisation.Method.choices,
        initial=Organisation.Method.DIRECT,
        widget=forms.RadioSelect,
    )
    ivan_provider = forms.CharField(
        label=_("Tên tổ chức I-VAN"),
        max_length=160,
        required=False,
        help_text=_("Trong trường hợp giao dịch qua tổ chức I-VAN."),
    )
    certificate_serial = forms.CharField(
        label=_("Số chứng thư số của đơn vị"), max_length=64, required=False
    )
    certificate_issuer = forms.CharField(
        label=_("Tên tổ chức chứng thực chữ ký số"), max_length=120, required=False
    )
    certificate_valid_to = forms.DateField(
        label=_("Chứng thư số có hiệu lực đến"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    contact_name = forms.CharField(label=_("Người liên hệ"), max_length=120, required=False)
    # Plain text: the service checks every field and answers all errors at once.
    email = forms.CharField(
        label=_("Địa chỉ thư điện tử"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Mã OTP, thông báo chấp thuận và tài khoản của đơn vị được gửi đến địa chỉ này."
        ),
    )
    phone = forms.CharField(label=_("Điện thoại di động"), max_length=20)


class OtpForm(NormalisedTextMixin, forms.Form):
    otp = forms.CharField(label=_("Nhập mã OTP"), min_length=6, max_length=6, widget=OTP_INPUT)


class OrgLoginForm(NormalisedTextMixin, forms.Form):
    unit_code = forms.CharField(
        label=_("Mã đơn vị"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "organization", "autocapitalize": "characters"}
        ),
    )
    login = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TotpForm(NormalisedTextMixin, forms.Form):
    totp = forms.CharField(
        label=_("Mã xác thực"),
        min_length=6,
        max_length=7,
        widget=OTP_INPUT,
        help_text=_("Mã 6 số trên ứng dụng xác thực của bạn."),
    )


class PasswordForm(NormalisedTextMixin, forms.Form):
    old_password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("Hai mật khẩu mới không giống nhau."))
        return data


class MemberForm(NormalisedTextMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    login = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=30,
        help_text=_("3–30 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch."),
        widget=forms.TextInput(attrs={"autocapitalize": "none"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        help_text=_("Mật khẩu lần đầu được gửi đến địa chỉ này."),
        widget=forms.EmailInput(),
    )
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    role = forms.ChoiceField(
        label=_("Vai trò"),
        choices=OrganisationMember.Role.choices,
        initial=OrganisationMember.Role.HR,
        widget=forms.RadioSelect,
    )
