"""A record in a list is the record at its own address: the lists' hand-written rows
(claims/list_serializers.py) give the same fields and values as the full serializers."""

import csv
import io
import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from claims.models import Claim, ClaimRelation, Event, Statement, WeaponSystem
from infkb.provenance import ReviewStatus
from tests.api.conftest import THROTTLE_QUERIES, all_pages
from tests.factories import ActorFactory, ClaimFactory, ClaimRelationFactory, StanceFactory, StatementFactory

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


@pytest.fixture
def claim_graph(corpus) -> dict[str, Claim]:
    """Claims with weapon systems and subjects (listed by name, not in the order added), relations
    each way, and the drafts readers must not see: a draft relation, a relation to a draft claim."""
    hub, other, draft = ClaimFactory(), ClaimFactory(), ClaimFactory(status=ReviewStatus.DRAFT)
    for name in ["Zircon", "Avangard", "Kalibr"]:
        hub.weapon_systems.add(WeaponSystem.objects.create(name=name, slug=slugify(name), category="other"))
    hub.subjects.add(ActorFactory(name="Yury Borisov"), ActorFactory(name="Anatoly Antonov"))
    ClaimRelationFactory(source=other, target=hub, kind=ClaimRelation.Kind.COUNTERS)
    ClaimRelationFactory(source=hub, target=other, kind=ClaimRelation.Kind.SUPPORTS)
    ClaimRelationFactory(source=hub, target=draft, kind=ClaimRelation.Kind.RESPONDS_TO)
    ClaimRelationFactory(
        source=other, target=hub, kind=ClaimRelation.Kind.RESPONDS_TO, status=ReviewStatus.DRAFT
    )
    return {"hub": hub, "other": other, "draft": draft}


@pytest.mark.parametrize("client_name", ["api", "editor_api"])
def test_a_listed_claim_is_its_detail_byte_for_byte(request, claim_graph, client_name):
    """The list reads its rows and their relations, weapon systems and subjects as JSON lists in
    one query; the detail through the serializer and its prefetches: same keys, order and values."""
    client = request.getfixturevalue(client_name)

    listed = {record["id"]: record for record in all_pages(client, "/api/v1/claims/")}

    assert len(listed) > 20
    for record in listed.values():
        detail = client.get(record["url"])
        assert json.dumps(record) == json.dumps(detail.json())
    hub = listed[claim_graph["hub"].pk]
    assert hub["weapon_system_names"] == ["Avangard", "Kalibr", "Zircon"]
    assert hub["subject_names"] == ["Anatoly Antonov", "Yury Borisov"]


def test_readers_see_a_claims_relations_between_published_claims_only(api, editor_api, claim_graph):
    hub, other = claim_graph["hub"], claim_graph["other"]

    def relations(client) -> list[tuple]:
        listed = all_pages(client, "/api/v1/claims/")
        record = next(record for record in listed if record["id"] == hub.pk)
        return [
            (relation["kind"], relation["direction"], relation["claim"]) for relation in record["relations"]
        ]

    assert relations(api) == [("counters", "incoming", other.pk), ("supports", "outgoing", other.pk)]
    assert relations(editor_api) == [
        ("counters", "incoming", other.pk),
        ("supports", "outgoing", other.pk),
        ("responds_to", "outgoing", claim_graph["draft"].pk),
        ("responds_to", "incoming", other.pk),
    ]
    assert claim_graph["draft"].pk not in {record["id"] for record in all_pages(api, "/api/v1/claims/")}


@pytest.mark.parametrize("client_name", ["api", "editor_api"])
@pytest.mark.parametrize("page_size", [1, 50])
def test_a_claims_page_is_read_in_one_query(
    request, claim_graph, client_name, page_size, django_assert_max_num_queries
):
    """Rows, relations, weapon systems and subjects in one SELECT, whatever the page's size."""
    client = request.getfixturevalue(client_name)
    client.get("/api/v1/claims/")  # the user's permissions are cached on first use

    with django_assert_max_num_queries(1 + (THROTTLE_QUERIES if client_name == "api" else 0)) as queries:
        response = client.get("/api/v1/claims/", {"page_size": page_size})

    # (Read before the next request, which empties the log the captured queries are read from.)
    reads = [query["sql"] for query in queries if '"claims_' in query["sql"]]
    assert len(reads) == 1, reads
    assert len(response.json()["results"]) == min(page_size, len(all_pages(client, "/api/v1/claims/")))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_claims_exports_hold_every_claim_as_the_list_shows_it(api, claim_graph, fmt):
    listed = all_pages(api, "/api/v1/claims/")

    response = api.get(f"/api/v1/claims/export/{fmt}/")

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    if fmt == "json":
        assert json.loads(body) == listed
        return
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["id"] for row in rows] == [str(record["id"]) for record in listed]
    hub = next(row for row in rows if row["id"] == str(claim_graph["hub"].pk))
    assert hub["weapon_system_names"] == "Avangard | Kalibr | Zircon"
    assert hub["relations.direction"] == "incoming | outgoing"


@pytest.mark.parametrize("ordering", ["-n_asserting", "text", "-slug"])
def test_the_claims_cursor_walks_every_claim_in_order_whatever_the_ordering(api, corpus, ordering):
    """The cursor reads its position from each row (a dict): small pages must still chain."""
    everything = all_pages(api, "/api/v1/claims/")
    walked, response = [], api.get("/api/v1/claims/", {"ordering": ordering, "page_size": 7})
    while True:
        walked.extend(response.json()["results"])
        if not response.json()["next"]:
            break
        response = api.get(response.json()["next"])

    field = ordering.lstrip("-")
    assert sorted(record["id"] for record in walked) == sorted(record["id"] for record in everything)
    keys = [record[field] for record in walked]
    assert keys == sorted(keys, reverse=ordering.startswith("-"))
