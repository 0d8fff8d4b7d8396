"""On PostgreSQL the statements' CSV and JSON Lines are written by the database (COPY): they must be
what Python writes.

Same header, rows, order and cells (lists joined by " | " in the same order,
spreadsheet-safe text, fuzzy dates, empty cells), for readers and for editors,
filtered, searched and reordered; only the line ends may differ. The same
records in JSON Lines.
"""

import csv
import io
import json
import threading

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from claims.models import Statement
from infkb import copy_stream
from tests.api.conftest import all_pages
from tests.formats.conftest import streamed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.IS_POSTGRES, reason="COPY is PostgreSQL's; elsewhere Python writes the CSV"
    ),
]

STATEMENTS = "/api/v1/statements/"


def rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode(), newline="")))


def by_python(client, monkeypatch, params: dict) -> bytes:
    """The export as Python writes it (the path SQLite takes), for the same request."""
    with monkeypatch.context() as patch:
        patch.setattr("claims.api.StatementViewSet.csv_copy_select", None)
        patch.setattr("claims.api.StatementViewSet.jsonl_copy_select", None)
        return streamed(client.get(STATEMENTS, params))


def records(body: bytes) -> list[dict]:
    return [json.loads(line) for line in body.decode().splitlines()]


@pytest.mark.parametrize(
    "params",
    [
        {"format": "csv"},
        {"format": "csv", "speaker": "=HYPERLINK(1)"},
        {"format": "csv", "ordering": "-date"},
        {"format": "csv", "ordering": "id"},  # the stances merged in ascending statement order
        {"format": "csv", "ordering": "speaker_name"},
        {"format": "csv", "q": "nobody asked"},
        {"format": "csv", "said_after": "1980-01-01", "said_before": "2019-01-01"},
    ],
)
def test_the_databases_csv_is_the_csv_python_writes(api, awkward_statements, monkeypatch, params):
    copied = streamed(api.get(STATEMENTS, params))

    assert rows(copied) == rows(by_python(api, monkeypatch, params))
    assert len(rows(copied)) > 1


@pytest.mark.parametrize(
    "params",
    [
        {"format": "jsonl"},
        {"format": "jsonl", "ordering": "id", "speaker": "=HYPERLINK(1)"},
        {"format": "jsonl", "ordering": "-date", "speaker_country": "russia"},
    ],
)
@pytest.mark.parametrize("client_name", ["api", "editor_api"])
def test_the_databases_json_lines_are_the_records_python_writes(
    request, awkward_statements, monkeypatch, client_name, params
):
    client = request.getfixturevalue(client_name)

    copied = records(streamed(client.get(STATEMENTS, params)))

    assert copied == records(by_python(client, monkeypatch, params))
    assert any(record["stances"] for record in copied)
    assert len(params) > 1 or any(record["events"] for record in copied)  # all of them: some have events


def test_editors_get_the_drafts_in_the_databases_csv_too(editor_api, awkward_statements, monkeypatch):
    copied = rows(streamed(editor_api.get(f"{STATEMENTS}export/csv/")))

    assert copied == rows(by_python(editor_api, monkeypatch, {"format": "csv"}))
    assert "draft" in {row[-1] for row in copied[1:]}


def test_the_awkward_cells_are_as_a_researcher_reads_them(api, awkward_statements):
    header, *body = rows(streamed(api.get(STATEMENTS, {"format": "csv", "speaker": "=HYPERLINK(1)"})))
    found = {row[header.index("text")]: dict(zip(header, row, strict=True)) for row in body}

    first = found["Nobody has asked us"]
    assert first["speaker_name"] == "'=HYPERLINK(1)"
    assert first["article_title"] == "'@SUM(1)"
    assert first["venue"] == "'-press, conference"
    assert first["said"] == "2018-10"
    assert first["stances.claim_text"] == "Alpha, | holds | Zeta holds"
    assert first["stances.stance"] == "asserts | denies"
    assert found["-12"]["said"] == "1987"  # and "-12", a plain number, is no formula
    assert found["-12"]["stances.claim"] == ""
    assert "+go, “quoted” on" not in found  # a draft


@pytest.mark.django_db(transaction=True)
def test_a_reader_who_stops_reading_leaves_no_thread_and_a_working_api(corpus, monkeypatch):
    # A chunk per row and room for one: the COPY waits on the reader after the first rows.
    monkeypatch.setattr(copy_stream, "CHUNK_BYTES", 1)
    monkeypatch.setattr(copy_stream, "QUEUED_CHUNKS", 1)
    client = APIClient()
    threads = threading.active_count()
    response = client.get(STATEMENTS, {"format": "csv"})
    body = iter(response.streaming_content)
    next(body), next(body)

    response.close()  # what the server does when the client goes away

    assert threading.active_count() == threads
    again = rows(streamed(client.get(STATEMENTS, {"format": "csv"})))
    assert len(again) == Statement.objects.published().count() + 1


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "date"},
        {"ordering": "-id"},
        {"speaker": "sergey-ryabkov"},
        {"speaker": "sergey-ryabkov", "ordering": "-date"},
        {"claim": "russia-violates-inf-treaty", "stance": "denies"},
        {"said_after": "2018-01-01"},
        {"q": "treaty"},
    ],
)
def test_filtered_and_reordered_exports_hold_the_lists_rows_and_stances(api, corpus, params):
    def stances(record: dict) -> tuple:
        return tuple((stance["claim"], stance["stance"]) for stance in record["stances"])

    listed = [(record["id"], stances(record)) for record in all_pages(api, STATEMENTS, **params)]
    copied = records(streamed(api.get(STATEMENTS, {**params, "format": "jsonl"})))
    header, *body = rows(streamed(api.get(STATEMENTS, {**params, "format": "csv"})))

    assert [(record["id"], stances(record)) for record in copied] == listed
    cells = [dict(zip(header, row, strict=True)) for row in body]
    assert [int(row["id"]) for row in cells] == [id_ for id_, _ in listed]
    assert [row["stances.stance"] for row in cells] == [" | ".join(s for _, s in st) for _, st in listed]
    assert listed, "the filter finds statements in the seed corpus"
