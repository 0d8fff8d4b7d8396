"""What a list request does besides reading its rows stays what the reader is owed.

The statement list builds its page query once per process and kind of reader, builds only the
filters a request names, and on PostgreSQL sends its planner setting with the page's query
(docs/performance.md, "The API lists' fixed cost"): none of that may change what anyone sees.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Subquery
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from infkb.provenance import ReviewStatus
from tests.api.conftest import results
from tests.factories import StanceFactory, StatementFactory

LIST = "/api/v1/statements/"


@pytest.fixture
def draft_statement(corpus):
    statement = StatementFactory(status=ReviewStatus.DRAFT)
    StanceFactory(statement=statement, status=ReviewStatus.DRAFT)
    return statement


def test_readers_and_editors_served_in_turn_each_see_their_own_statements(api, editor_api, draft_statement):
    seen_by_reader = {row["id"] for row in results(api.get(LIST, {"page_size": 500}))}
    seen_by_editor = results(editor_api.get(LIST, {"page_size": 500}))
    seen_by_reader_again = {row["id"] for row in results(api.get(LIST, {"page_size": 500}))}

    assert draft_statement.pk not in seen_by_reader
    assert draft_statement.pk in {row["id"] for row in seen_by_editor}
    drafted = next(row for row in seen_by_editor if row["id"] == draft_statement.pk)
    assert [stance["status"] for stance in drafted["stances"]] == ["draft"]
    assert seen_by_reader_again == seen_by_reader


def test_a_filter_is_applied_and_checked_whichever_others_are_left_out(api, corpus):
    everything = results(api.get(LIST, {"page_size": 500}))
    speaker = everything[0]["speaker"]

    by_speaker = results(api.get(LIST, {"speaker": speaker, "page_size": 500}))
    refused = api.get(LIST, {"speaker": speaker, "said_after": "yesterday"})

    assert {row["speaker"] for row in by_speaker} == {speaker}
    assert len(by_speaker) < len(everything)
    assert refused.status_code == 400
    assert list(refused.json()) == ["said_after"]


def test_the_browsable_api_still_offers_every_filter(api, corpus):
    page = api.get(LIST, {"kind": "quote"}, HTTP_ACCEPT="text/html")

    assert page.status_code == 200
    for name in ("speaker", "claim", "stance", "said_after", "said_before", "kind"):
        assert f'name="{name}"' in page.content.decode()


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="the join order is PostgreSQL's planner setting")
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_page_brings_its_planner_setting_along(corpus):
    client = APIClient()
    client.force_authenticate(None)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, {"page_size": 5}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        after = cursor.fetchone()[0]

    statements = [query["sql"] for query in queries]
    assert not any(sql.startswith(("SET join_collapse_limit", "RESET")) for sql in statements)
    assert after == "8"  # PostgreSQL's default: the setting held for the page's query alone


def test_the_claims_list_compiles_its_related_lists_once(api, corpus, monkeypatch):
    """Compiling four JSON subqueries was a millisecond of every request (docs/performance.md)."""
    compiled = []
    compile_subquery = Subquery.as_sql

    def counting(self, *args, **kwargs):
        compiled.append(self)
        return compile_subquery(self, *args, **kwargs)

    first = api.get("/api/v1/claims/", {"page_size": 5})
    monkeypatch.setattr(Subquery, "as_sql", counting)
    second = api.get(first.json()["next"])

    assert second.status_code == 200
    assert second.json()["results"][0]["id"] < first.json()["results"][-1]["id"]
    assert compiled == []


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="the join order is PostgreSQL's planner setting")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("ordering", ["speaker_name", "-speaker_name", "speaker_name,-date"])
def test_in_speaker_name_order_the_planner_may_start_from_the_actors(corpus, ordering):
    """Planned as written, the page sorted every statement by its speaker's name (6.3 s at 1M)."""
    client = APIClient()
    client.force_authenticate(None)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(LIST, {"page_size": 5, "ordering": ordering}).json()["results"]
    with CaptureQueriesContext(connection) as default_order:
        client.get(LIST, {"page_size": 5})

    names = [row["speaker_name"] for row in page]
    assert names == sorted(names, reverse=ordering.startswith("-"))
    assert not any("join_collapse_limit" in query["sql"] for query in queries)
    assert any("join_collapse_limit" in query["sql"] for query in default_order)
