"""Background tasks on Redis: RQ workers (django-tasks-rq) send the outbox, several at once,
each message exactly once. Real `openvss worker` processes on 127.0.0.1; bounded waits."""

import json
import os
from datetime import timedelta

import pytest
from django.utils import timezone

from openvss.messaging.models import Message
from openvss.messaging.services import message_enqueue, message_queue
from tests.processes import database_url, kill, openvss, wait_for

# Its own Redis database, emptied before and after, so no other run's jobs interfere.
REDIS = os.environ.get("OPENVSS_TEST_RQ_URL", "redis://127.0.0.1:6379/13")
QUEUES = ["default", "messaging"]

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_queue(settings):
    import redis

    client = redis.Redis.from_url(REDIS, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("OPENVSS_REQUIRE_VENDOR"):
            raise
        pytest.skip(f"Redis not reachable at {REDIS}")
    client.flushdb()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": QUEUES}}
    settings.RQ_QUEUES = {name: {"URL": REDIS} for name in QUEUES}
    yield client
    client.flushdb()
    client.close()


def _worker_env(tmp_path) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS,  # RQ is the backend whenever Redis is configured
        "SMS_BACKEND": "file",
        "OPENVSS_VAR_DIR": str(tmp_path),
    }


def _sent(tmp_path) -> list[dict]:
    path = tmp_path / "sms.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_two_rq_workers_send_every_message_exactly_once(redis_queue, tmp_path):
    from rq import Queue

    messages = [
        message_queue(
            channel="sms", recipient=f"09123450{n:02d}", purpose="otp", body=f"Tin số {n}"
        )
        for n in range(20)
    ]  # queued on commit: this test commits for real, so they are on Redis now
    assert Queue("messaging", connection=redis_queue).count == 20
    # A retry racing the first send (the sweep, or a duplicate enqueue) must not send twice.
    for message in messages[:5]:
        message_enqueue(message.pk)
    assert Queue("messaging", connection=redis_queue).count == 25

    env = _worker_env(tmp_path)
    log = tmp_path / "worker.log"
    pool = openvss("worker", "--workers", "2", "--burst", "--no-schedule", env=env, log=log)
    try:
        wait_for(
            lambda: pool.poll() is not None, timeout=120, what="the burst workers to finish",
            log=log,
        )  # fmt: skip
    finally:
        kill(pool)
    assert pool.returncode == 0, log.read_text(errors="replace")[-2000:]

    sent = _sent(tmp_path)
    assert sorted(line["to"] for line in sent) == sorted(m.recipient for m in messages)
    assert Message.objects.filter(status=Message.Status.SENT).count() == 20
    assert Queue("messaging", connection=redis_queue).count == 0
    worker_lines = log.read_text(errors="replace")
    assert "Worker" in worker_lines or "worker" in worker_lines  # RQ's own log, not db_worker


def test_a_retry_scheduled_for_later_runs_when_due(redis_queue, tmp_path):
    """Back-off retries (run_after) wait in RQ's scheduled registry; the worker's scheduler
    moves them onto the queue when due."""
    from rq import Queue
    from rq.registry import ScheduledJobRegistry

    message = message_queue(channel="sms", recipient="0912345678", purpose="otp", body="Sau")
    Queue("messaging", connection=redis_queue).empty()  # drop the immediate send
    message_enqueue(message.pk, run_after=timezone.now() + timedelta(seconds=2))
    assert ScheduledJobRegistry("messaging", connection=redis_queue).count == 1

    log = tmp_path / "worker.log"
    worker = openvss("worker", "--no-schedule", env=_worker_env(tmp_path), log=log)
    try:
        wait_for(
            lambda: Message.objects.filter(pk=message.pk, status=Message.Status.SENT).exists(),
            timeout=90, what="the scheduled retry to be sent", log=log,
        )  # fmt: skip
    finally:
        kill(worker)
    assert [line["to"] for line in _sent(tmp_path)] == ["0912345678"]
