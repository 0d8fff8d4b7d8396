"""The API's JSON, written by orjson, is byte for byte what DRF writes (tiny floats and NaN aside)."""

import datetime
import decimal
import json
import uuid

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from infkb.renderers import FastJSONRenderer

AWKWARD = {
    "text": 'Рябков: «ракета 9М729» — “quoted”\u2028next line\u2029 and "escapes" \\ \t\x01',
    "when": datetime.datetime(2019, 2, 1, 12, 30, 15, 123456, tzinfo=datetime.UTC),
    "naive": datetime.datetime(2019, 2, 1, 12, 30, 15),
    "day": datetime.date(2019, 2, 1),
    "time": datetime.time(9, 5, 7, 250000),
    "amount": decimal.Decimal("500.25"),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "lazy": gettext_lazy("Not found."),
    "numbers": [0, -1, 2**63 - 1, 1.5, True, False, None],
    "nested": {"list": [{"a": []}, {}], "empty": ""},
}


@pytest.mark.parametrize(
    "data",
    [AWKWARD, [AWKWARD, AWKWARD], {"big": 2**70}, {1: "integer key"}, [], {}, "plain"],
    ids=["awkward", "list", "past-64-bits", "integer-key", "empty-list", "empty-dict", "string"],
)
def test_the_fast_renderer_writes_what_drf_writes(data):
    assert FastJSONRenderer().render(data, "application/json") == JSONRenderer().render(
        data, "application/json"
    )


def test_indented_json_asked_for_is_still_indented():
    rendered = FastJSONRenderer().render({"a": [1]}, "application/json; indent=2")

    assert rendered == JSONRenderer().render({"a": [1]}, "application/json; indent=2")
    assert b"\n  " in rendered


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/claims/", "/api/v1/statements/", "/api/v1/actors/", "/api/v1/search/?q=missile"]
)
def test_the_api_pages_are_the_bytes_drf_would_write(api, corpus, url):
    response = api.get(url)

    assert response.status_code == 200
    assert response.content == JSONRenderer().render(response.data, "application/json")


def test_what_the_fast_renderer_writes_otherwise_reads_back_the_same_or_as_null_where_drf_fails():
    small = {"score": 5e-05, "tiny": 1.2345e-07}

    assert FastJSONRenderer().render(small) == b'{"score":0.00005,"tiny":1.2345e-7}'
    assert json.loads(FastJSONRenderer().render(small)) == json.loads(JSONRenderer().render(small))
    assert FastJSONRenderer().render({"rank": float("nan")}) == b'{"rank":null}'
    with pytest.raises(ValueError):
        JSONRenderer().render({"rank": float("nan")})
