"""Operability: /metrics for the scraper, request ids on answers, logs and tasks."""

import json
import re

import pytest

from openvss.clinics.services import api_key_create
from openvss.core.observability import request_id_var
from openvss.messaging.services import message_queue
from openvss.places.models import MedicalFacility
from tests.factories import HealthCardFactory

pytestmark = pytest.mark.django_db

TOKEN = "scrape-token-for-tests"


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def get():
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        return response.content.decode()

    return get


def _sample(text: str, name: str, **labels) -> float:
    """The value of one sample in Prometheus' text format (0 when absent)."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if all(found.get(key) == value for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_do_not_exist_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404


def test_metrics_refuse_a_wrong_or_missing_token(client, settings):
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer guess").status_code == 401


def test_metrics_count_requests_per_route_with_latency_and_queries(client, scrape):
    before = _sample(scrape(), "django_http_requests_total_by_view_transport_method_total",
                     view="home", method="GET")  # fmt: skip
    client.get("/")
    client.get("/")
    text = scrape()
    after = _sample(text, "django_http_requests_total_by_view_transport_method_total",
                    view="home", method="GET")  # fmt: skip
    assert after - before == 2
    assert _sample(text, "django_http_requests_latency_seconds_by_view_method_count",
                   view="home", method="GET") >= 2  # fmt: skip
    assert _sample(text, "django_db_execute_total", alias="default") > 0


def test_metrics_count_card_checks_by_result_code(client, scrape):
    card = HealthCardFactory()
    facility = MedicalFacility.objects.get(code="01001")
    key = api_key_create(facility=facility, name="Tiếp đón", scopes=["verify"])[1]
    before = scrape()
    codes = []
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        response = client.post(
            "/api/v1/clinic/card-checks",
            {"card_number": card.number, "full_name": name, "birth_date": "15/03/1990"},
            content_type="application/json",
            HTTP_X_API_KEY=key,
        )
        assert response.status_code == 200
        codes.append(response.json()["result_code"])
    assert codes[0] == "000" and codes[1] != "000"
    after = scrape()
    for code in codes:
        counted = _sample(after, "openvss_card_checks_total", result=code)
        assert counted - _sample(before, "openvss_card_checks_total", result=code) == 1


def test_metrics_show_the_outbox_backlog_and_queue_depth(scrape):
    # Outside a committed transaction the message stays queued (it is sent on commit).
    for _ in range(3):
        message_queue(channel="sms", recipient="0912345678", purpose="otp", body="Mã 123456")
    text = scrape()
    assert _sample(text, "openvss_outbox_messages", channel="sms", status="queued") == 3
    assert "openvss_task_queue_depth" in text


def test_answers_carry_a_request_id_and_keep_a_sane_one_from_the_proxy(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/healthz")["X-Request-ID"] != made
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c21")["X-Request-ID"]
    assert kept == "lb-7f3a9c21"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\r\nX-Evil: 1")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)


def test_json_log_lines_carry_the_request_id(settings):
    """The production logging configuration, as settings.py writes it, through dictConfig."""
    import copy
    import io
    import logging.config

    buffer = io.StringIO()
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["stderr"] = {
        "()": lambda: logging.StreamHandler(buffer),
        "formatter": "json",
        "filters": ["request_id"],
    }
    logging.config.dictConfig(config)
    try:
        token = request_id_var.set("req-12345678")
        try:
            logging.getLogger("openvss.test").warning("đã gửi tin nhắn")
        finally:
            request_id_var.reset(token)
    finally:
        logging.config.dictConfig(settings.LOGGING)
    line = json.loads(buffer.getvalue().splitlines()[-1])
    assert line["request_id"] == "req-12345678"
    assert line["message"] == "đã gửi tin nhắn"
    assert line["level"] == "WARNING" and line["logger"] == "openvss.test"
    assert "đã gửi" in buffer.getvalue()  # not \u-escaped


def test_a_task_runs_under_the_request_id_that_enqueued_it(
    monkeypatch, django_capture_on_commit_callbacks
):
    from openvss.messaging import tasks

    seen = []
    monkeypatch.setattr(
        tasks, "message_deliver", lambda message_id: seen.append(request_id_var.get())
    )
    token = request_id_var.set("req-abcdef12")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            message_queue(channel="sms", recipient="0912345678", purpose="otp", body="Mã 1")
    finally:
        request_id_var.reset(token)
    assert seen == ["req-abcdef12"]
    assert request_id_var.get() == "-"  # and it does not leak past the task
