"""Every list and detail runs the same few queries whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import THROTTLE_QUERIES

LISTS = [
    "actors",
    "outlets",
    "articles",
    "statements",
    "claims",
    "claim-relations",
    "weapon-systems",
    "events",
]
MAX_QUERIES = 5


def count(client, url: str, **params: object) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("who", ["api", "editor_api"])
def test_a_list_costs_the_same_queries_for_one_row_and_fifty(request, corpus, name, who):
    client = request.getfixturevalue(who)
    client.get(f"/api/v1/{name}/")  # the user's permissions are cached on first use

    one, _ = count(client, f"/api/v1/{name}/", page_size=1)
    fifty, body = count(client, f"/api/v1/{name}/", page_size=50)

    assert one == fifty <= MAX_QUERIES + (THROTTLE_QUERIES if who == "api" else 0)
    assert len(body["results"]) > 1


@pytest.mark.parametrize("name", LISTS)
def test_a_detail_costs_a_constant_few_queries(api, corpus, name, django_assert_max_num_queries):
    first = api.get(f"/api/v1/{name}/", {"page_size": 1}).json()["results"][0]

    with django_assert_max_num_queries(MAX_QUERIES + THROTTLE_QUERIES):
        assert api.get(first["url"]).status_code == 200
