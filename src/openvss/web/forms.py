from django import forms
from django.utils.translation import gettext_lazy as _

from openvss.domain.text import nfc


class PhoneSmsForm(forms.Form):
    """The simulated phone's message to the short code (demo tools only)."""

    sender = forms.CharField(
        label=_("Gửi từ số điện thoại"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "list": "phone-senders"}),
    )
    text = forms.CharField(
        label=_("Nội dung tin nhắn"),
        max_length=160,
        help_text=_("Ví dụ: BH MK <mã số BHXH> (lấy lại mật khẩu), BH HS <số hồ sơ>."),
        widget=forms.TextInput(attrs={"list": "phone-commands", "autocomplete": "off"}),
    )

    def clean_sender(self):
        return nfc(self.cleaned_data["sender"]).replace(" ", "")

    def clean_text(self):
        return nfc(self.cleaned_data["text"])
