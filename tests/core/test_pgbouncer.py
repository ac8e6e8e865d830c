"""openvss behind PgBouncer in transaction mode (DESIGN.md: connection pooling).

The real server (granian, four processes) talks to PostgreSQL only through PgBouncer, whose
pool has two server connections (.ci/pgbouncer.ini). Concurrent clinic card checks (each
writes an access-log row), look-ups and news pages must all answer, while PgBouncer shows
more client connections than server connections: transactions from different app threads
took turns on the same server connections. (Django binds parameters on the client with
psycopg 3, so no prepared statement is left on a server connection; DATABASE_POOL=transaction
also turns off server-side cursors and pins prepare_threshold in case server-side binding is
ever switched on.)

Runs when .ci/run has started PgBouncer (OPENVSS_PGBOUNCER=host:port) on PostgreSQL.
"""

import json
import os
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from openvss.clinics.services import api_key_create
from openvss.places.models import MedicalFacility
from tests.factories import HealthCardFactory
from tests.processes import free_port, kill, openvss, wait_for

PGBOUNCER = os.environ.get("OPENVSS_PGBOUNCER", "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not PGBOUNCER, reason="PgBouncer not started (OPENVSS_PGBOUNCER)"),
]


def _pgbouncer(command: str) -> list[dict]:
    """A command on PgBouncer's admin console (which takes no parameters)."""
    import psycopg

    host, port = PGBOUNCER.split(":")
    with psycopg.connect(
        host=host, port=int(port), user="postgres", dbname="pgbouncer", autocommit=True,
        prepare_threshold=None,
    ) as admin:  # fmt: skip
        cursor = admin.execute(command)
        if cursor.description is None:
            return []
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _call(base: str, method: str, path: str, body: dict | None = None, key: str = ""):
    request = urllib.request.Request(  # noqa: S310 (127.0.0.1)
        base + path,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Content-Type": "application/json", "X-API-Key": key} if key else {},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:  # not listening yet
        return 0, b""


def test_the_server_works_through_pgbouncer_in_transaction_mode(tmp_path, reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("PgBouncer pools PostgreSQL connections")
    cards = [
        HealthCardFactory(
            person__bhxh_code=f"01234567{n:02d}", person__citizen_id=f"0010900123{n:02d}"
        )
        for n in range(5)
    ]
    facility = MedicalFacility.objects.get(code="01001")
    key = api_key_create(facility=facility, name="Tiếp đón", scopes=["verify"])[1]
    database = connection.settings_dict["NAME"]
    host, port = PGBOUNCER.split(":")
    env = {
        "DATABASE_URL": f"postgres://postgres@{host}:{port}/{database}",
        "DATABASE_POOL": "transaction",
        "REDIS_URL": "",
        "OPENVSS_VAR_DIR": str(tmp_path),
        "SMS_BACKEND": "console",
    }
    server_port = free_port()
    log = tmp_path / "server.log"
    server = openvss(
        "serve", "--host", "127.0.0.1", "--port", str(server_port), "--workers", "4",
        env=env, log=log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{server_port}"
    try:
        wait_for(
            lambda: _call(base, "GET", "/healthz")[0] == 200, timeout=90,
            what="the server behind PgBouncer", log=log,
        )  # fmt: skip

        def work(n: int):
            card = cards[n % len(cards)]
            if n % 3:
                return _call(base, "POST", "/api/v1/clinic/card-checks", {
                    "card_number": card.number, "full_name": "Nguyễn Văn An",
                    "birth_date": "15/03/1990",
                }, key=key)  # fmt: skip
            return _call(
                base, "GET", ("/api/v1/facilities?q=benh+vien", "/api/v1/support/news")[n % 2]
            )

        with ThreadPoolExecutor(max_workers=12) as pool:
            answers = list(pool.map(work, range(240)))
        statuses = [status for status, _body in answers]
        assert statuses.count(200) == 240, sorted(set(statuses))
        checks = [json.loads(body) for status, body in answers[1::3]]
        assert {answer["result_code"] for answer in checks} == {"000"}

        clients = [c for c in _pgbouncer("SHOW CLIENTS") if c["database"] == database]
        servers = [s for s in _pgbouncer("SHOW SERVERS") if s["database"] == database]
        # Four app processes (and their threads) keep their connections (CONN_MAX_AGE);
        # PgBouncer served them all with at most its two server connections.
        assert len(clients) >= 4
        assert 1 <= len(servers) <= 2 < len(clients)
    finally:
        kill(server)
        # Let the test database be dropped: PgBouncer closes its server connections to it.
        _pgbouncer(f"KILL {database}")
        _pgbouncer(f"RESUME {database}")
    log_text = log.read_text(errors="replace")
    assert "prepared statement" not in log_text
    assert "Traceback" not in log_text
