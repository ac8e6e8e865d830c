"""Reads from streaming replicas, writes to the primary (DESIGN.md: scaling out).

With ``DATABASE_REPLICA_URLS`` set (settings.py makes aliases ``replica_1`` …), the
:class:`ReplicaReadsMiddleware` marks GET/HEAD requests to the read-only pages and API in
``REPLICA_READ_PATHS`` — citizens' own records, look-ups, news and FAQ — and the
:class:`PrimaryReplicaRouter` sends their reads to one replica, chosen per request.
Everything else reads from the primary:

- every write, and every read after a write in the same request or inside a transaction;
- credentials and security state (sessions, accounts and their tokens, lock-outs, second
  factors): a token or session just issued must work on the very next request;
- read-your-writes: for ``READ_YOUR_WRITES_SECONDS`` after a request that wrote, the same
  user (or browser, by a cookie) reads from the primary, so a citizen who just changed a
  detail sees it even where the replica has not replayed it yet.

Migrations run on the primary only; replicas receive them through replication.
"""

import random
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connections

# Apps whose rows are read from the primary, always.
PRIMARY_ONLY_APPS = frozenset({"sessions", "accounts", "auth", "axes", "otp_totp", "django_otp"})
COOKIE = "ryw"


@dataclass
class _Request:
    replica: str | None  # the alias this request may read from; None: primary only
    wrote: bool = False
    user_ids: set = field(default_factory=set)


_current: ContextVar[_Request | None] = ContextVar("replica_request", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def _marker(user_id) -> str:
    return f"ryw:{user_id}"


def _recent_writer(request) -> bool:
    if request.COOKIES.get(COOKIE):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and cache.get(_marker(user.pk)))


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _current.get()
        if state is None or state.replica is None or state.wrote:
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        if connections["default"].in_atomic_block:
            return None  # a transaction reads what it is about to change: the primary
        return state.replica

    def db_for_write(self, model, **hints):
        state = _current.get()
        if state is not None:
            state.wrote = True  # later reads of this request go to the primary
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same rows

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Sets up routing for each request, and remembers writers for read-your-writes.

    After the session and authentication middleware (it asks who the user is)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        aliases = replica_aliases()
        replica = None
        if (
            aliases
            and request.method in ("GET", "HEAD")
            and request.path.startswith(tuple(settings.REPLICA_READ_PATHS))
            and not _recent_writer(request)  # (credentials are read from the primary)
        ):
            replica = random.choice(aliases)  # noqa: S311 (load spreading, not security)
        state = _Request(replica=replica)
        token = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if state.wrote and aliases:
            seconds = settings.READ_YOUR_WRITES_SECONDS
            user = getattr(request, "user", None)  # the API's bearer auth sets it too
            if user is not None and user.is_authenticated:
                cache.set(_marker(user.pk), 1, seconds)
            response.set_cookie(
                COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )  # fmt: skip
        return response


def served_by() -> str:
    """The alias this request's reads go to now (for tests and the debug log)."""
    state = _current.get()
    return state.replica if state and state.replica and not state.wrote else "default"
