from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from openvss.places.models import Agency

from .models import FeedbackCase


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleImageInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


class FeedbackForm(forms.Form):
    """Phản ánh kiến nghị; a captcha for guests (signed-in citizens are known)."""

    topic = forms.ChoiceField(label=_("Chủ đề"), choices=FeedbackCase.Topic.choices)
    agency = forms.ModelChoiceField(
        label=_("Gửi đến cơ quan BHXH"),
        queryset=Agency.objects.filter(level__in=["central", "provincial"]).order_by("code"),
        empty_label=None,
    )
    text = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    photos = MultipleImageField(
        label=_("Ảnh đính kèm (không bắt buộc, tối đa 3 ảnh)"),
        required=False,
        widget=MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    contact_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    contact_phone = forms.RegexField(
        label=_("Số điện thoại"),
        regex=r"^0[0-9]{9}$",
        required=False,
        error_messages={"invalid": _("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(label=_("Email"), required=False)
    captcha = CaptchaField(label=_("Nhập mã kiểm tra"))

    def __init__(self, *args, guest: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not guest:
            del self.fields["captcha"]

    def clean(self):
        data = super().clean()
        if not data.get("contact_phone") and not data.get("contact_email"):
            self.add_error(
                "contact_phone", _("Vui lòng để lại số điện thoại hoặc email để nhận trả lời.")
            )
        return data


class ChatForm(forms.Form):
    question = forms.CharField(
        label=_("Câu hỏi của bạn"),
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "enterkeyhint": "send"}),
    )
