"""SMS backends, chosen by ``settings.SMS_BACKEND``: console, file, memory (tests), http."""

import json
import logging
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway refused or could not be reached; the task will retry."""


@dataclass(frozen=True)
class SentSms:
    to: str
    text: str
    reference: str = ""


class ConsoleSmsBackend:
    def send(self, to: str, text: str) -> str:
        sys.stdout.write(f"[SMS {settings.SMS_SHORT_CODE} → {to}] {text}\n")
        sys.stdout.flush()
        return ""


class FileSmsBackend:
    """Appends one JSON line per SMS to ``var/sms.jsonl`` (useful for demos)."""

    def send(self, to: str, text: str) -> str:
        path = Path(settings.VAR_DIR) / "sms.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"at": datetime.now(UTC).isoformat(), "to": to, "text": text}
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return ""


class MemorySmsBackend:
    """Keeps sent messages in ``outbox`` (class-level) for tests."""

    outbox: list[SentSms] = []

    def send(self, to: str, text: str) -> str:
        MemorySmsBackend.outbox.append(SentSms(to, text))
        return str(len(MemorySmsBackend.outbox))


class HttpSmsBackend:
    """POSTs ``{"to", "text", "sender"}`` as JSON to ``SMS_GATEWAY_URL`` with a bearer key."""

    def send(self, to: str, text: str) -> str:
        if not settings.SMS_GATEWAY_URL:
            raise SmsError("SMS_GATEWAY_URL is not set")
        payload = json.dumps(
            {"to": to, "text": text, "sender": settings.SMS_SHORT_CODE}, ensure_ascii=False
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - URL from configuration
            settings.SMS_GATEWAY_URL,
            data=payload,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_KEY}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                body = response.read(4096).decode("utf-8", "replace")
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"gateway unreachable: {exc}") from exc
        try:
            return str(json.loads(body).get("id", ""))
        except (ValueError, AttributeError):
            return ""


BACKENDS = {
    "console": ConsoleSmsBackend,
    "file": FileSmsBackend,
    "memory": MemorySmsBackend,
    "http": HttpSmsBackend,
}


def get_sms_backend():
    return BACKENDS[settings.SMS_BACKEND]()
