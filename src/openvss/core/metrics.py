"""Prometheus metrics at ``/metrics``, for the operators' scraper only.

Request rate and latency per route, and database queries, come from django-prometheus (its
middleware and database wrappers, settings.py). What is ours:

- ``openvss_card_checks_total{result}``: clinic card checks by the portal's result code
  (clinics/api.py);
- ``openvss_tasks_total{task,status}``: background tasks finished, failures included
  (django-tasks' ``task_finished`` signal, so every backend reports them);
- at scrape time, from the database and the queue (a few indexed counts, never per person):
  the task queue's depth and the monthly partitions' health here (months made ahead, rows
  waiting in the default partition: core/partitions.py), and what apps add with
  :func:`gauge` (the outbox backlog by channel and status, messaging/apps.py).

With several server processes (granian workers) each keeps its own counters;
``PROMETHEUS_MULTIPROC_DIR`` makes the scrape add them up (prometheus_client's multiprocess
mode). The scrape answers only with the ``METRICS_TOKEN`` bearer token; unset, ``/metrics``
does not exist (404).
"""

import hmac
import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import REGISTRY, CollectorRegistry, Counter, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

logger = logging.getLogger(__name__)

TASKS = Counter(
    "openvss_tasks", "Background tasks finished, by task and outcome", ["task", "status"]
)


def task_finished(sender, task_result, **kwargs) -> None:
    """django-tasks' signal: count every finished task with its outcome."""
    name = getattr(task_result.task, "name", None) or str(task_result.task)
    TASKS.labels(task=name, status=str(task_result.status.value).lower()).inc()


def queue_depth() -> dict[str, int]:
    """Tasks waiting per queue, from whichever backend runs them."""
    from django_tasks import task_backends

    backend = task_backends["default"]
    kind = backend.__class__.__name__
    if kind == "RQBackend":
        import django_rq

        return {name: django_rq.get_queue(name).count for name in sorted(backend.queues)}
    if kind == "DatabaseBackend":
        from django.db.models import Count
        from django_tasks_db.models import DBTaskResult

        rows = (
            DBTaskResult.objects.filter(status="READY")
            .values("queue_name")
            .annotate(n=Count("id"))
            .order_by()
        )
        depth = {name: 0 for name in sorted(backend.queues)}
        depth.update({row["queue_name"]: row["n"] for row in rows})
        return depth
    return {}


class ScrapeTimeCollector:
    """Gauges read when Prometheus scrapes. Apps add theirs with :func:`gauge` (the outbox
    in messaging/apps.py); the task queue's depth is core's own."""

    def __init__(self):
        self.sources: dict[str, tuple[str, list[str], object]] = {}

    def add(self, name: str, documentation: str, labels: list[str], read) -> None:
        self.sources[name] = (documentation, labels, read)

    def describe(self):
        # Names only, so registering does not touch the database.
        for name, (documentation, labels, _read) in self.sources.items():
            yield GaugeMetricFamily(name, documentation, labels=labels)

    def collect(self):
        for name, (documentation, labels, read) in self.sources.items():
            family = GaugeMetricFamily(name, documentation, labels=labels)
            try:
                for label_values, value in read():
                    family.add_metric(list(label_values), value)
            except Exception as exc:  # an unreachable source shows as no sample (and in /readyz)
                logger.warning("metrics: %s unavailable: %s", name, exc)
            yield family


SCRAPE_TIME = ScrapeTimeCollector()


def gauge(name: str, documentation: str, labels: list[str]):
    """Decorator: ``read()`` yields ``(label values, value)`` pairs at each scrape."""

    def register(read):
        SCRAPE_TIME.add(name, documentation, labels, read)
        return read

    return register


@gauge("openvss_task_queue_depth", "Tasks waiting to run, by queue", ["queue"])
def _queue_depth():
    return (((name,), count) for name, count in queue_depth().items())


@gauge(
    "openvss_partition_months_ahead",
    "Monthly partitions made beyond the current month (the worker keeps 3; at 0 next month's "
    "rows wait in the default partition)",
    ["table"],
)
def _partition_months_ahead():
    from .partitions import health

    return (((table,), ahead) for table, (ahead, _waiting) in health().items())


@gauge(
    "openvss_partition_default_rows",
    "Rows waiting in a partitioned table's default partition for their month to be made",
    ["table"],
)
def _partition_default_rows():
    from .partitions import health

    return (((table,), waiting) for table, (_ahead, waiting) in health().items())


def _registry():
    if settings.PROMETHEUS_MULTIPROC_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(SCRAPE_TIME)
        return registry
    return REGISTRY  # SCRAPE_TIME is registered there once (core/apps.py)


def _authorised(request) -> bool:
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode())


@never_cache
@require_GET
def metrics_view(request):
    if not settings.METRICS_TOKEN:
        raise Http404
    if not _authorised(request):
        response = HttpResponse("Cần mã truy cập (Authorization: Bearer …)\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
