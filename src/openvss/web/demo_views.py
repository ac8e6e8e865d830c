"""Demo-only pages (settings.DEMO_TOOLS): the simulated phone. Absent in production: the URL
is not even routed there (urls.py), and the view refuses if the setting is off."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from openvss.demo import phone as simulated
from openvss.messaging.models import Message

from .forms import PhoneSmsForm


def phone(request):
    """Điện thoại mô phỏng: the SMS and emails the system sent, newest first, OTPs readable;
    and a message to 8079 through the signed SMS webhook, with the answer."""
    if not settings.DEMO_TOOLS:
        raise Http404
    senders, commands = simulated.phone_suggestions()
    recipient = request.GET.get("so", "").strip()
    form = PhoneSmsForm(
        request.POST or None, initial={"sender": recipient or (senders[0] if senders else "")}
    )
    if request.method == "POST" and form.is_valid():
        sender = form.cleaned_data["sender"]
        result = simulated.gateway_send(
            sender=sender,
            text=form.cleaned_data["text"],
            host=request.get_host(),
            secure=request.is_secure(),
        )
        if result.error:
            messages.error(
                request, _("Tổng đài SMS từ chối tin nhắn: %(error)s") % {"error": result.error}
            )
        elif result.reply:
            messages.success(request, _("8079 trả lời: %(reply)s") % {"reply": result.reply})
        else:
            # BH MK answers with the new password itself, an SMS queued to the sender.
            messages.info(
                request,
                _("8079 đã nhận tin nhắn; tin trả lời gửi về số %(sender)s, xem bên dưới.")
                % {"sender": sender},
            )
        return redirect(f"{reverse('web:phone')}?{urlencode({'so': sender})}")
    shown = simulated.phone_messages(recipient=recipient)
    context = {
        "form": form,
        "recipient": recipient,
        "shown": shown,
        "staff_codes": simulated.staff_codes(),
        "senders": senders,
        "commands": commands,
        "waiting": any(item.message.status == Message.Status.QUEUED for item in shown),
        "webhook_open": bool(settings.SMS_WEBHOOK_SECRET),
        "short_code": settings.SMS_SHORT_CODE,
    }
    return render(request, "web/phone.html", context)
