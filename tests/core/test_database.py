import os

import pytest
from django.core.cache import cache
from django.db import connection


@pytest.mark.django_db
def test_the_suite_runs_on_the_required_database():
    # CI sets OPENVSS_REQUIRE_VENDOR=postgresql for its second run; .ci/run checks this
    # test ran, so a run that silently fell back to SQLite fails CI.
    required = os.environ.get("OPENVSS_REQUIRE_VENDOR")
    assert connection.vendor == (required or connection.vendor)
    if os.environ.get("REDIS_URL"):
        from django.core.cache import caches

        assert type(caches["default"]).__name__ == "RedisCache"
        cache.set("ci-probe", "ok", 5)
        assert cache.get("ci-probe") == "ok"
