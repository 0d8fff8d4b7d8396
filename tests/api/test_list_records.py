"""A record in a list is the record at its own address: the lists' hand-written rows
(claims/list_serializers.py) give the same fields and values as the full serializers."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from claims.models import Claim, Event, Statement
from infkb.provenance import ReviewStatus
from tests.api.conftest import all_pages
from tests.factories import ClaimFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(corpus) -> None:
    """A draft stance on a published statement, and a draft statement: what readers must not see."""
    statement = Statement.objects.published().first()
    StanceFactory(statement=statement, claim=Claim.objects.published().last(), status=ReviewStatus.DRAFT)
    StanceFactory(statement__status=ReviewStatus.DRAFT)


@pytest.mark.parametrize("client_name", ["api", "editor_api"])
@pytest.mark.parametrize("path", ["/api/v1/statements/", "/api/v1/claims/"])
def test_every_listed_record_is_its_detail(request, drafts, client_name, path):
    client = request.getfixturevalue(client_name)

    listed = all_pages(client, path)

    assert len(listed) > 20
    for record in listed:
        detail = client.get(record["url"])
        assert detail.status_code == 200
        assert record == detail.json()


def test_the_list_shows_events_and_relations(api, corpus):
    statements = all_pages(api, "/api/v1/statements/")
    claims = all_pages(api, "/api/v1/claims/")

    assert any(record["events"] for record in statements)
    assert any(record["relations"] for record in claims)
    assert any(record["weapon_system_names"] for record in claims)


def test_a_listed_statement_orders_its_stances_and_events_as_its_detail(api, corpus):
    """The list reads a page's stances and events as JSON lists in one query, in no set order:
    it must show them as the detail does, stances by claim text, events by date then title."""
    statement = StatementFactory()
    for text in ["Zulu is the claim created first", "Alpha is the claim created last"]:
        StanceFactory(statement=statement, claim=ClaimFactory(text=text), stance="asserts")
    for title, day in [("Bravo, the later event", 20), ("Charlie, the earlier event", 10)]:
        statement.events.add(Event.objects.create(title=title, slug=slugify(title), date=date(2019, 2, day)))

    listed = next(record for record in all_pages(api, "/api/v1/statements/") if record["id"] == statement.pk)

    assert [stance["claim_text"] for stance in listed["stances"]] == [
        "Alpha is the claim created last",
        "Zulu is the claim created first",
    ]
    assert len(listed["events"]) == 2
    assert listed == api.get(listed["url"]).json()


def test_a_statements_page_is_read_in_one_query(api, corpus):
    """Rows, stances and events in one SELECT (PostgreSQL also sets and resets the join order)."""
    api.get("/api/v1/statements/")
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/statements/", {"page_size": 50})

    assert response.status_code == 200
    assert len(response.json()["results"]) > 20
    # (The anonymous rate limit's reads are of the cache table.)
    reads = [query["sql"] for query in queries if '"claims_st' in query["sql"]]
    assert len(reads) == 1, reads
