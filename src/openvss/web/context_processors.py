"""What the shell needs on every page: the navigation for this visitor, the support contacts,
and (only where demo tools are on) the link to the simulated phone. No database query."""

from django.conf import settings

from . import tiles


def shell(request):
    user = request.user
    signed_in = user.is_authenticated and not user.is_staff
    if signed_in and not getattr(user, "person_id", None):
        nav = tiles.available(tiles.ORG_NAV)  # an organisation's user: no person of their own
    else:
        nav = tiles.available(tiles.CITIZEN_NAV if signed_in else tiles.GUEST_NAV)
    path = request.path
    # The item whose address is the longest start of the path: /to-chuc/nhan-su/nguoi-lao-dong/
    # is "Người lao động", not also the organisation's home /to-chuc/.
    matching = [
        item["url"]
        for item in nav
        if (path == "/" if item["url"] == "/" else path.startswith(item["url"]))
    ]
    current = max(matching, key=len, default=None)
    for item in nav:
        item["current"] = item["url"] == current
    return {
        "shell_nav": nav,
        "shell_support_email": settings.SUPPORT_EMAIL,
        # Each language named in itself (get_available_languages would translate the names).
        "shell_languages": settings.LANGUAGES,
        "shell_phone_sim": tiles.url(tiles.PHONE_SIM) if settings.DEMO_TOOLS else None,
    }
