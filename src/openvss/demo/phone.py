"""The simulated phone: what the system sent, and an SMS gateway that texts 8079.

Sent messages come from the outbox (``messaging.Message``), newest first. The outbox erases
an OTP once it is delivered; the demo mailbox (``messaging.demo_mailbox``) kept the text as the
recipient read it, so the phone shows that copy; a message still waiting for the worker still
has its secret and is shown rendered.

Texting 8079 goes through the real webhook, signed as the operator's gateway signs it
(``messaging.inbound``: HMAC-SHA256 of ``"<timestamp>.<body>"`` with SMS_WEBHOOK_SECRET): the
request is dispatched in-process through Django's full handler (middleware, URL conf, the
django-ninja route, the signature and replay checks). In-process rather than an HTTP call to
our own address, which would deadlock a single-threaded server and needs the public host name.
"""

import hashlib
import hmac
import io
import json
import sys
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from openvss.dossiers.models import Dossier
from openvss.messaging.demo_mailbox import mailbox_texts
from openvss.messaging.models import InboundSms, Message
from openvss.people.models import Person

from .data import CITIZEN_CODE, DEMO_TOTP_NAME, PENSIONER_CODE

SHOWN = 30


def phone_suggestions() -> tuple[list[str], list[str]]:
    """Numbers to text from (the demo citizens' phones) and commands worth trying."""
    people = Person.objects.filter(bhxh_code__in=(CITIZEN_CODE, PENSIONER_CODE)).exclude(phone="")
    senders = list(people.order_by("bhxh_code").values_list("phone", flat=True))
    commands = [f"BH MK {code}" for code in (CITIZEN_CODE, PENSIONER_CODE)]
    commands += [f"BH QT {code}" for code in (CITIZEN_CODE, PENSIONER_CODE)]
    numbers = Dossier.objects.exclude(number=None).order_by("-submitted_at")
    commands += [f"BH HS {number}" for number in numbers.values_list("number", flat=True)[:3]]
    return senders, commands


@dataclass(frozen=True)
class PhoneMessage:
    message: Message
    text: str


def phone_messages(*, recipient: str = "", limit: int = SHOWN) -> list[PhoneMessage]:
    """The newest messages the system sent (to one phone or email if given), readable."""
    rows = Message.objects.order_by("-created_at", "-pk")
    if recipient:
        rows = rows.filter(recipient__iexact=recipient)
    rows = list(rows.defer("attachment")[:limit])
    kept = mailbox_texts() if rows else {}
    shown = []
    for message in rows:
        if message.pk in kept:
            text = kept[message.pk]
        elif message.secret:
            text = message.rendered_body()  # not delivered yet: the secret is still there
        else:
            text = message.masked_body()
        shown.append(PhoneMessage(message, text))
    return shown


@dataclass(frozen=True)
class StaffCode:
    username: str
    code: str
    seconds_left: int


def staff_codes(*, now: float | None = None) -> list[StaffCode]:
    """The current back-office TOTP code of each demo staff account (its simulated app)."""
    now = time.time() if now is None else now
    devices = TOTPDevice.objects.filter(name=DEMO_TOTP_NAME, confirmed=True)
    codes = []
    for device in devices.select_related("user").order_by("user__username"):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = now
        left = device.step - int(now - device.t0) % device.step
        codes.append(StaffCode(device.user.username, f"{totp.token():0{device.digits}d}", left))
    return codes


@dataclass(frozen=True)
class GatewayResult:
    status: int
    error: str  # the API's error message, if the webhook refused the call
    inbound: InboundSms | None

    @property
    def reply(self) -> str:
        return self.inbound.reply if self.inbound else ""


def gateway_sign(*, body: bytes, timestamp: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def gateway_send(*, sender: str, text: str, host: str, secure: bool = False) -> GatewayResult:
    """Deliver ``text`` from ``sender`` to the short code as the gateway does."""
    message_id = f"demo-{uuid.uuid4().hex}"
    body = json.dumps(
        {"message_id": message_id, "sender": sender, "text": text}, ensure_ascii=False
    ).encode()
    timestamp = str(int(time.time()))
    headers = {"HTTP_X_TIMESTAMP": timestamp}
    if settings.SMS_WEBHOOK_SECRET:
        headers["HTTP_X_SIGNATURE"] = gateway_sign(
            body=body, timestamp=timestamp, secret=settings.SMS_WEBHOOK_SECRET
        )
    response = _dispatch("POST", reverse("api:sms_inbound"), body, host, secure, headers)
    error = ""
    if response.status_code >= 400:
        try:
            error = json.loads(response.content)["error"]["message"]
        except (ValueError, KeyError, TypeError):
            error = f"HTTP {response.status_code}"
    return GatewayResult(
        status=response.status_code,
        error=error,
        inbound=InboundSms.objects.filter(message_id=message_id).first(),
    )


def _dispatch(method: str, path: str, body: bytes, host: str, secure: bool, headers: dict):
    name, _, port = host.partition(":")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": name,
        "SERVER_PORT": port or ("443" if secure else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https" if secure else "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **headers,
    }
    if secure and settings.SECURE_PROXY_SSL_HEADER:
        environ[settings.SECURE_PROXY_SSL_HEADER[0]] = settings.SECURE_PROXY_SSL_HEADER[1]
    handler = BaseHandler()
    handler.load_middleware()
    # get_response, not the WSGI entry point: no request_started/finished signals, which would
    # close the database connection of the page that is still answering.
    return handler.get_response(WSGIRequest(environ))
