"""Reads from a streaming replica, writes to the primary, and read-your-writes.

Runs when .ci/run has started a primary and its streaming replica (tools/pg_replica.py) and
points DATABASE_URL at the primary, DATABASE_REPLICA_URLS and OPENVSS_TEST_REPLICA at the
replica. The replica's replay is paused to tell the two apart: a page that shows the old
value was served by the replica; after the citizen's own write, the new one, from the primary.
"""

import os
import time

import pytest
from django.db import connections

from openvss.core.db_router import replica_aliases
from openvss.people.models import Person
from tests.factories import CitizenFactory, HealthCardFactory

REPLICA = os.environ.get("OPENVSS_TEST_REPLICA", "")

pytestmark = [
    pytest.mark.django_db(transaction=True, databases="__all__"),
    pytest.mark.skipif(not REPLICA, reason="no streaming replica (OPENVSS_TEST_REPLICA)"),
]


@pytest.fixture
def replica():
    assert replica_aliases() == ["replica_1"], "DATABASE_REPLICA_URLS must name the replica"
    connection = connections["replica_1"]
    mirrored = connection.settings_dict
    connection.close()
    host, port = REPLICA.split(":")
    connection.settings_dict = {**connections["default"].settings_dict, "HOST": host, "PORT": port}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True  # really a standby, not the primary again
    yield connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    connection.close()
    connection.settings_dict = mirrored


def _on_replica(connection, sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _replayed(connection, person_id: int, address: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = _on_replica(
            connection, "SELECT address_line FROM people_person WHERE id = %s", [person_id]
        )
        if row and row[0] == address:
            return
        time.sleep(0.1)
    raise AssertionError("the replica did not replay the primary's write in time")


@pytest.fixture
def citizen(client, reference_data):
    card = HealthCardFactory(person__address_line="Số 1 Phố Huế")
    user = CitizenFactory(person=card.person, phone="0912345678")
    client.force_login(user)
    return user


def test_a_page_is_read_from_the_replica_and_a_writer_reads_their_own_writes(
    client, citizen, replica
):
    person = citizen.person
    _replayed(replica, person.pk, "Số 1 Phố Huế")
    _on_replica(replica, "SELECT pg_wal_replay_pause()")
    # An officer changes the address on the primary; the paused replica does not have it.
    Person.objects.filter(pk=person.pk).update(address_line="Số 99 Đường Láng")

    page = client.get("/tai-khoan/ca-nhan/").content.decode()
    assert "Số 1 Phố Huế" in page and "Số 99 Đường Láng" not in page  # from the replica

    # The citizen's own write (opening the inbox marks it read) makes their next reads go
    # to the primary for READ_YOUR_WRITES_SECONDS.
    assert client.get("/tai-khoan/thong-bao/").status_code == 200
    page = client.get("/tai-khoan/ca-nhan/").content.decode()
    assert "Số 99 Đường Láng" in page  # from the primary

    # Another browser of the same citizen is covered by the server-side marker.
    client.cookies.pop("ryw", None)
    assert "Số 99 Đường Láng" in client.get("/tai-khoan/ca-nhan/").content.decode()


def test_writes_and_unlisted_pages_use_the_primary_and_replay_catches_up(
    client, citizen, replica, settings
):
    settings.READ_YOUR_WRITES_SECONDS = 1
    person = citizen.person
    _replayed(replica, person.pk, "Số 1 Phố Huế")
    _on_replica(replica, "SELECT pg_wal_replay_pause()")
    Person.objects.filter(pk=person.pk).update(address_line="Số 7 Tràng Tiền")
    # A page outside REPLICA_READ_PATHS reads the primary; none fails on the read-only
    # replica, as every write goes to the primary.
    assert client.get("/dich-vu-cong/").status_code == 200
    _on_replica(replica, "SELECT pg_wal_replay_resume()")
    _replayed(replica, person.pk, "Số 7 Tràng Tiền")
    assert "Số 7 Tràng Tiền" in client.get("/tai-khoan/ca-nhan/").content.decode()
