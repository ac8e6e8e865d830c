"""Fixed-window rate limits kept in the cache (Redis in production, shared by every server).

Used for everything that sends an OTP or checks a secret: per IP, per account, per phone.
"""

import hashlib

from django.core.cache import cache
from django.utils.translation import gettext as _

from openvss.errors import RateLimited


def _key(scope: str, subject: str) -> str:
    # Hash the subject: keys then hold no phone numbers or codes in clear.
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}"


def rate_limit_hit(scope: str, subject: str, *, limit: int, window: int) -> int:
    """Count one attempt; raise ``RateLimited`` once more than ``limit`` fall in ``window`` s."""
    count = _count(_key(scope, subject), window)
    if count > limit:
        raise RateLimited(
            _("Bạn thao tác quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.")
            % {"minutes": max(1, window // 60)},
            retry_after=window,
        )
    return count


def _count(key: str, window: int) -> int:
    """Count one event in the key's window. The counter usually exists already: increment
    first (one cache operation on the hot path, e.g. every card check), create it if not."""
    try:
        return cache.incr(key)  # keeps the window's expiry
    except ValueError:  # no counter, or it expired
        if cache.add(key, 1, timeout=window):
            return 1
        try:
            return cache.incr(key)  # another request created it meanwhile
        except ValueError:
            cache.add(key, 1, timeout=window)
            return 1


def rate_limit_reset(scope: str, subject: str) -> None:
    cache.delete(_key(scope, subject))


def client_ip(request) -> str:
    """The caller's address; behind the proxy configured for HTTPS, its X-Forwarded-For."""
    from django.conf import settings

    if settings.SECURE_PROXY_SSL_HEADER and (forwarded := request.META.get("HTTP_X_FORWARDED_FOR")):
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_count(scope: str, subject: str, *, window: int) -> int:
    """Count one event in the window and return the count, without refusing anything."""
    return _count(_key(scope, subject), window)


def rate_limit_peek(scope: str, subject: str) -> int:
    """How many events the window holds now (0 when none)."""
    return int(cache.get(_key(scope, subject)) or 0)
