import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from openvss.core import schedule
from openvss.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def test_the_expiry_command_removes_overdue_registrations(capsys):
    from openvss.places.models import Agency

    overdue = Dossier.objects.create(
        kind=Dossier.Kind.REGISTRATION,
        status=Dossier.Status.RECEIVED,
        agency=Agency.objects.get(code="01000"),
        number="00001.DK/2026/01000",
        expires_at=timezone.now() - timedelta(hours=1),
        data={"full_name": "X"},
    )
    call_command("expire_dossiers")
    assert "Đã xóa 1 tờ khai" in capsys.readouterr().out
    overdue.refresh_from_db()
    assert overdue.status == Dossier.Status.EXPIRED and overdue.data == {"erased": True}


def test_the_schedule_runs_each_job_and_survives_a_failure(monkeypatch):
    ran = []

    def fake_call(name, **kwargs):
        ran.append(name)
        if name == "broken":
            raise RuntimeError("boom")
        stop.set()

    stop = threading.Event()
    monkeypatch.setattr(schedule, "call_command", fake_call)
    schedule.run_forever(stop, jobs=[("broken", 60), ("expire_dossiers", 60)])
    assert ran == ["broken", "expire_dossiers"]
