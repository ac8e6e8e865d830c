import contextlib
import unicodedata

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "openvss.core"
    verbose_name = _("Hệ thống")

    def ready(self):
        from django.conf.locale import LANG_INFO

        # Django spells Vietnamese's own name decomposed (NFD); every page of ours is NFC,
        # so the language switch's "Tiếng Việt" would not match the same words elsewhere.
        for info in LANG_INFO.values():
            if "name_local" in info:
                info["name_local"] = unicodedata.normalize("NFC", info["name_local"])

        # Metrics (core/metrics.py): finished tasks counted whatever the backend; the
        # outbox and queue gauges read at scrape time, registered once per process.
        from django_tasks.signals import task_finished
        from prometheus_client import REGISTRY

        from .metrics import SCRAPE_TIME
        from .metrics import task_finished as count_task

        task_finished.connect(count_task, dispatch_uid="openvss-metrics-tasks")
        with contextlib.suppress(ValueError):  # already registered: ready() ran twice
            REGISTRY.register(SCRAPE_TIME)
