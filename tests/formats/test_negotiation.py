"""Every API list answers ?format=csv, Accept: text/csv and ?format=jsonl, streamed, like its export."""

import csv
import io
import json

import pytest
import yaml
from django.urls import reverse

from claims.models import Statement
from tests.api.conftest import (
    THROTTLE_QUERIES,  # the anonymous rate limit's own queries
    all_pages,
)
from tests.formats.conftest import streamed

LISTS = ["actor", "outlet", "article", "statement", "claim", "claimrelation", "weaponsystem", "event"]
STATEMENTS = "/api/v1/statements/"
FILTERED = {"speaker_country": "russia", "ordering": "-date"}


@pytest.mark.parametrize("name", LISTS)
def test_format_csv_on_a_list_is_its_csv_export(api, corpus, name):
    url = reverse(f"api:{name}-list")

    by_format = api.get(url, {"format": "csv"})
    by_accept = api.get(url, HTTP_ACCEPT="text/csv")
    export = api.get(reverse(f"api:{name}-export", args=["csv"]))

    assert by_format["Content-Type"].startswith("text/csv")
    assert by_accept["Content-Type"].startswith("text/csv")
    body = streamed(export)
    assert streamed(by_format) == body == streamed(by_accept)
    assert body.count(b"\n") > 1  # a header and rows


def test_the_csv_of_a_filtered_list_has_the_lists_rows_in_its_order(api, corpus):
    listed = all_pages(api, STATEMENTS, **FILTERED)

    response = api.get(STATEMENTS, {**FILTERED, "format": "csv"})

    rows = list(csv.DictReader(io.StringIO(streamed(response).decode())))
    assert [int(row["id"]) for row in rows] == [record["id"] for record in listed]
    assert len(rows) < Statement.objects.published().count()  # the filter applied


def test_csv_cells_are_written_by_the_export_code(api, corpus, monkeypatch):
    # The list and the export share infkb.api.stream_csv, so a change to its cells (such as
    # neutralising spreadsheet formulas) reaches both routes.
    import infkb.viewsets

    calls = []
    original = infkb.viewsets.stream_csv
    monkeypatch.setattr(infkb.viewsets, "stream_csv", lambda *a, **k: calls.append(1) or original(*a, **k))

    streamed(api.get(STATEMENTS, {"format": "csv"}))
    streamed(api.get(f"{STATEMENTS}export/csv/"))

    assert calls == [1, 1]


def test_format_jsonl_is_one_record_a_line_as_the_list_shows_it(api, corpus):
    listed = all_pages(api, STATEMENTS, **FILTERED)

    response = api.get(STATEMENTS, {**FILTERED, "format": "jsonl"})

    assert response["Content-Type"].startswith("application/jsonl")
    lines = streamed(response).decode().splitlines()
    assert [json.loads(line) for line in lines] == listed


def test_accept_jsonl_is_json_lines(api, corpus):
    response = api.get("/api/v1/claims/", HTTP_ACCEPT="application/jsonl")

    lines = streamed(response).decode().splitlines()
    assert len(lines) == len(all_pages(api, "/api/v1/claims/"))


def test_json_stays_the_default_and_paginated(api, corpus):
    response = api.get(STATEMENTS, HTTP_ACCEPT="*/*")

    assert response["Content-Type"] == "application/json"
    assert "results" in response.json()


def test_a_bad_filter_asked_for_as_csv_is_a_400_in_json(api, corpus):
    response = api.get(STATEMENTS, {"format": "csv", "speaker": "nobody"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "speaker" in response.json()


def test_an_unknown_format_is_refused(api, corpus):
    response = api.get(STATEMENTS, {"format": "xml"})

    assert response.status_code == 400
    assert "csv, jsonl" in response.json()["format"][0]


def test_csv_and_jsonl_read_in_a_constant_number_of_queries(api, corpus, django_assert_max_num_queries):
    for fmt in ("csv", "jsonl"):
        with django_assert_max_num_queries(4 + THROTTLE_QUERIES):
            body = streamed(api.get(STATEMENTS, {"format": fmt}))
        assert body.count(b"\n") >= Statement.objects.published().count()


def test_the_schema_documents_csv_and_jsonl_on_every_list(api, corpus):
    paths = yaml.safe_load(api.get("/api/v1/schema/").content)["paths"]

    for name in LISTS:
        operation = paths[reverse(f"api:{name}-list")]["get"]
        content = operation["responses"]["200"]["content"]
        assert {"application/json", "text/csv", "application/jsonl"} <= set(content)
        assert content["text/csv"]["schema"]["type"] == "string"
        formats = [p for p in operation["parameters"] if p["name"] == "format"]
        assert formats and {"csv", "jsonl"} <= set(formats[0]["schema"]["enum"])
