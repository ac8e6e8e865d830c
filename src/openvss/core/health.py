"""Liveness (``/healthz``) and readiness (``/readyz``) for the orchestrator's probes.

``/healthz`` answers whether this process can do its job at all: it reaches the database.
A failing liveness probe restarts the process, so it checks nothing a restart cannot fix.
``/readyz`` answers whether to send it traffic: the database, every replica and how far it
lags behind the primary, Redis (cache, sessions, queue) and the task queue (reachable, and
not so deep that the workers are plainly not keeping up). Each check reports ok / error /
"not configured"; any error makes the answer 503. Failures are logged, never shown in
detail (the probe is unauthenticated).
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

NOT_CONFIGURED = "not configured"


class NotReady(Exception):
    pass


def _check_database() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_replicas() -> str:
    """Every database alias other than the primary is a streaming replica: it must answer
    and have replayed the primary's writes within READY_MAX_REPLICA_LAG seconds."""
    aliases = [alias for alias in settings.DATABASES if alias != "default"]
    if not aliases:
        return NOT_CONFIGURED
    for alias in aliases:
        with connections[alias].cursor() as cursor:
            if connections[alias].vendor != "postgresql":
                cursor.execute("SELECT 1")
                continue
            # Replay lag; 0 when the replica has replayed everything it received (an idle
            # primary writes nothing, so the last replay time alone would look "late").
            cursor.execute(
                "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
                "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) "
                "END, pg_is_in_recovery()"
            )
            lag, in_recovery = cursor.fetchone()
        if not in_recovery:
            raise NotReady(f"{alias} is not a replica")
        if float(lag) > settings.READY_MAX_REPLICA_LAG:
            raise NotReady(f"{alias} lags {float(lag):.1f} s")
    return "ok"


def _check_cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 5)
    if cache.get(key) != "1":
        raise NotReady("the cache did not return the value it stored")
    cache.delete(key)
    return "ok"


def _check_redis() -> str:
    if not settings.REDIS_URL:
        return NOT_CONFIGURED
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        if not client.ping():
            raise NotReady("Redis did not answer PING")
    finally:
        client.close()
    return "ok"


def _check_queue() -> str:
    from .metrics import queue_depth

    depth = queue_depth()
    deepest = max(depth.values(), default=0)
    if deepest > settings.READY_MAX_QUEUE_DEPTH:
        raise NotReady(f"{deepest} tasks waiting")
    return "ok"


LIVENESS = {"database": _check_database}
READINESS = {
    "database": _check_database,
    "replicas": _check_replicas,
    "cache": _check_cache,
    "redis": _check_redis,
    "queue": _check_queue,
}


def _probe(checks: dict) -> JsonResponse:
    results, healthy = {}, True
    for name, check in checks.items():
        try:
            results[name] = check()
        except Exception as exc:  # a probe reports every failure, whatever its kind
            logger.warning("probe: %s failed: %s", name, exc)
            results[name] = "error"
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503
    )


@never_cache
@require_GET
def healthz(request):
    return _probe(LIVENESS)


@never_cache
@require_GET
def readyz(request):
    return _probe(READINESS)
