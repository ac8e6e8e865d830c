import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_is_liveness_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_readyz_checks_database_replicas_cache_redis_and_queue(client, settings):
    settings.REDIS_URL = None
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "replicas": "not configured",
            "cache": "ok",
            "redis": "not configured",
            "queue": "ok",
        },
    }


def test_readyz_answers_503_when_a_dependency_fails(client, monkeypatch):
    from openvss.core import health

    def broken():
        raise OSError("cache down")

    monkeypatch.setitem(health.READINESS, "cache", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"
    assert "cache down" not in response.content.decode()  # details go to the log only
    assert client.get("/healthz").status_code == 200  # not a reason to restart the process


def test_readyz_fails_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "error"


def test_readyz_fails_when_the_queue_is_too_deep(client, settings, monkeypatch):
    from openvss.core import metrics

    monkeypatch.setattr(metrics, "queue_depth", lambda: {"default": 3, "messaging": 12})
    settings.READY_MAX_QUEUE_DEPTH = 10
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"] == "error"


def test_pages_send_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Bảo hiểm xã hội số" in response.content.decode()


def test_login_page_asks_for_the_bhxh_code(client):
    body = client.get("/dang-nhap/").content.decode()
    assert "Mã số BHXH" in body and "csrfmiddlewaretoken" in body


def test_unknown_api_paths_get_the_error_shape_in_vietnamese(client):
    response = client.get("/api/v1/provinces/99/communes")
    assert response.status_code == 200 and response.json()["count"] == 0
    response = client.post("/api/v1/scan", data="not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert "error" in response.json()


def test_openapi_schema_is_published(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/scan" in schema["paths"] and "/api/v1/facilities" in schema["paths"]


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "REDIS_URL")}
    env.update(
        OPENVSS_ENV="production",
        SECRET_KEY="x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="bhxh.example.vn",
        **extra,
    )
    return env


def test_production_settings_pass_check_deploy(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "openvss.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(OPENVSS_VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(OPENVSS_VAR_DIR=str(tmp_path))
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-m", "openvss.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_the_openvss_command_lists_its_own_commands():
    result = subprocess.run(
        [sys.executable, "-m", "openvss.cli", "help"], capture_output=True, text=True, timeout=120
    )
    for command in ("demo", "serve", "worker", "seed", "load_reference"):
        assert command in result.stdout
