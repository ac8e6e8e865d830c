import io
import json

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from openvss.people.selectors import card_current

from .selectors import signing_keys_published
from .signing import active_key, card_signed_payload


def checkin(request):
    """The facility's check-in page: scans the signed QR and verifies it in the browser with
    the public keys embedded here, so it keeps working when the network drops."""
    active_key()
    keys = [{"key_id": k.key_id, "public_key": k.public_key} for k in signing_keys_published()]
    return render(request, "clinics/checkin.html", {"keys_json": json.dumps(keys)})


@login_required
def signed_qr(request):
    """The citizen's signed card QR as SVG; it expires in minutes, so it is never cached."""
    person = request.user.person
    card = card_current(person=person) if person else None
    if card is None:
        raise Http404
    # A standalone SVG document (with its namespace), not the inline fragment: an <img>
    # shows nothing without the xmlns.
    now = timezone.now()
    out = io.BytesIO()
    segno.make(card_signed_payload(card, now=now), error="m").save(
        out, kind="svg", scale=4, border=2
    )
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    # The card page renews the QR before this moment and shows how long it has left.
    expires = int(now.timestamp()) + settings.SIGNED_QR_LIFETIME
    response["X-QR-Expires-At"] = str(expires)
    response["X-QR-Lifetime"] = str(settings.SIGNED_QR_LIFETIME)
    return response
