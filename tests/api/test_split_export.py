"""On PostgreSQL a whole-corpus export is copied in parts by two connections at once
(infkb.copy_stream.split_copy_chunks): the researcher must get the rows one COPY gives, in the
same order, from one view of the data, and a client that goes away must leave nothing running.

These tests commit their data (transaction=True): the parts' connections are not the test's,
and see only what is committed.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from psycopg2.errors import DivisionByZero

from claims.models import Statement
from infkb import copy_stream
from infkb.provenance import ReviewStatus
from tests.api.test_statement_copy import STATEMENTS, by_python, records, rows
from tests.formats.conftest import streamed

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="COPY is PostgreSQL's"),
]


@pytest.fixture
def small_parts(monkeypatch, awkward_statements) -> None:
    """Parts of three ids: the seed corpus and the awkward statements make a dozen parts or more."""
    monkeypatch.setattr(copy_stream, "PART_IDS", 3)
    assert Statement.objects.count() > 10 * copy_stream.PART_IDS


def copied_in_parts(client, monkeypatch, params: dict) -> bytes:
    """The export, checked to have gone the split way (it opens connections of its own)."""
    calls = []
    original = copy_stream.split_copy_chunks

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(copy_stream, "split_copy_chunks", counted)
        body = streamed(client.get(STATEMENTS, params))
    assert calls, "the whole list was copied in parts"
    return body


@pytest.mark.parametrize("ordering", [None, "id"])
@pytest.mark.parametrize("client_name", ["api", "editor_api"])
def test_the_parts_make_the_csv_python_writes(request, small_parts, monkeypatch, client_name, ordering):
    client = request.getfixturevalue(client_name)
    params = {"format": "csv", **({"ordering": ordering} if ordering else {})}

    copied = rows(copied_in_parts(client, monkeypatch, params))

    assert copied == rows(by_python(client, monkeypatch, params))
    assert len(copied) > 1 + 3 * copy_stream.PART_IDS


def test_the_parts_make_the_json_lines_python_writes(editor_api, small_parts, monkeypatch):
    params = {"format": "jsonl"}

    copied = records(copied_in_parts(editor_api, monkeypatch, params))

    assert copied == records(by_python(editor_api, monkeypatch, params))
    assert "draft" in {record["status"] for record in copied}


def test_the_parts_are_read_in_one_snapshot(api, small_parts, monkeypatch):
    # One row a chunk and the parts read as they are sent: most parts start after the change below.
    monkeypatch.setattr(copy_stream, "CHUNK_BYTES", 1)
    before = rows(by_python(api, monkeypatch, {"format": "csv", "ordering": "id"}))
    response = api.get(STATEMENTS, {"format": "csv", "ordering": "id"})
    body = iter(response.streaming_content)
    first = [next(body), next(body)]

    last = Statement.objects.published().order_by("id").last()
    Statement.objects.filter(pk=last.pk).update(status=ReviewStatus.DRAFT, text=last.text + " (withdrawn)")

    assert rows(b"".join([*first, *body])) == before


def test_a_client_that_goes_away_leaves_no_thread_nor_connection(api, small_parts, monkeypatch):
    monkeypatch.setattr(copy_stream, "CHUNK_BYTES", 1)
    threads = threading.active_count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        (connections,) = cursor.fetchone()
    response = api.get(STATEMENTS, {"format": "csv"})
    body = iter(response.streaming_content)
    next(body), next(body), next(body)

    response.close()  # what the server does when the client goes away

    assert threading.active_count() == threads
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        assert cursor.fetchone()[0] == connections
    again = rows(streamed(api.get(STATEMENTS, {"format": "csv"})))
    assert len(again) == 1 + Statement.objects.published().count()


def test_a_part_that_fails_ends_the_export_with_its_error_not_a_short_file(api, small_parts, monkeypatch):
    part = copy_stream.SplitSelect.part
    calls = []

    def third_fails(select, low, high):
        calls.append(low)
        return part(select, low, high) if len(calls) != 3 else "SELECT 1/0"

    monkeypatch.setattr(copy_stream.SplitSelect, "part", third_fails)
    threads = threading.active_count()

    with pytest.raises(DivisionByZero):
        streamed(api.get(STATEMENTS, {"format": "csv"}))
    assert threading.active_count() == threads


def other_connections() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


def connections_become(expected: list[int]) -> bool:
    """Whether the other connections are soon `expected` (a closed one's backend takes a moment to exit)."""
    for _ in range(50):
        if other_connections() == expected:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def ends_what_is_left():
    """Ends connections a failed test left behind: an open transaction would block the flush after it."""
    yield
    with connection.cursor() as cursor:
        for pid in other_connections():
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_thread_that_cannot_start_leaves_no_thread_nor_connection(
    api, small_parts, monkeypatch, ends_what_is_left
):
    # Under load (too many threads for the process) the second copier may not start: the first
    # must not wait forever for parts nobody sends, in a transaction that holds back VACUUM.
    start = threading.Thread.start

    def second_fails(thread):
        if thread.name == "copy-export-1":
            raise RuntimeError("can't start new thread")
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", second_fails)
    threads, connections = threading.active_count(), other_connections()

    with pytest.raises(RuntimeError, match="can't start new thread"):
        streamed(api.get(STATEMENTS, {"format": "csv"}))

    assert threading.active_count() == threads
    assert connections_become(connections)


def test_a_slow_client_is_no_idle_transaction_for_the_server_to_end(api, small_parts, monkeypatch):
    # A server set to end sessions idle in a transaction (a common safeguard) must not end the
    # parts' connections while they wait for a slow client: one COPY is never idle, it is sending.
    before = rows(by_python(api, monkeypatch, {"format": "csv"}))
    options = {**connection.settings_dict["OPTIONS"], "options": "-c idle_in_transaction_session_timeout=200"}
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)
    body = iter(api.get(STATEMENTS, {"format": "csv"}).streaming_content)
    first = [next(body), next(body)]

    time.sleep(1)  # the client reads slowly: the parts read ahead wait, and so do their connections

    assert rows(b"".join([*first, *body])) == before
