"""Text input is normalised where it enters, in one place per channel: Unicode NFC, trimmed,
inner whitespace collapsed (DESIGN.md: "Store text NFC-normalised").

- the JSON API: ``NormalisingParser``, the parser of the one NinjaAPI (bodies, query strings
  and multipart fields), so every schema receives normalised strings;
- forms: ``NormalisedTextMixin``, the base of every form of the site;
- QR texts and inbound SMS reach their services through those two.

Secrets are kept exactly as typed: any field whose name contains "password", and password
inputs in forms. A "Nguyễn" typed on a phone that sends decomposed accents (NFD) and one
typed on a desktop then compare, search and store the same.
"""

import json
from typing import Any

from django import forms
from ninja.parser import Parser

from openvss.domain.text import nfc

RAW_MARKERS = ("password",)


def _is_raw(key: str) -> bool:
    return any(marker in key.lower() for marker in RAW_MARKERS)


def normalise(value: Any, key: str = "") -> Any:
    """``value`` with every string in it normalised (dicts and lists walked), secrets kept."""
    if isinstance(value, str):
        return value if _is_raw(key) else nfc(value)
    if isinstance(value, dict):
        return {k: normalise(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v, key) for v in value]
    return value


class NormalisingParser(Parser):
    def parse_body(self, request):
        return normalise(json.loads(request.body))

    def parse_querydict(self, data, list_fields, request):
        return normalise(super().parse_querydict(data, list_fields, request))


class NormalisedTextMixin:
    """Form mixin: bound text is normalised before any field sees it (password inputs
    and files excepted), so validation, look-ups and storage all see one form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        data = self.data.copy()
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.PasswordInput) or isinstance(field, forms.FileField):
                continue
            key = self.add_prefix(name)
            if _is_raw(key) or key not in data:
                continue
            if hasattr(data, "getlist"):
                data.setlist(key, [normalise(v) for v in data.getlist(key)])
            else:
                data[key] = normalise(data[key])
        self.data = data
