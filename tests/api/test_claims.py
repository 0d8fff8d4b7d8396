import json

import pytest
from django.db import connection

from claims.graph import MAX_DEPTH
from claims.models import Actor, Claim, ClaimRelation, Stance
from claims.serializers import RELATIONS_SHOWN
from infkb.provenance import ReviewStatus
from tests.api.conftest import all_pages, results
from tests.factories import ClaimFactory, ClaimRelationFactory

URL = "/api/v1/claims/"


def slugs(records: list[dict]) -> set[str]:
    return {record["slug"] for record in records}


def test_it_lists_the_claims_about_the_mk_41(api, corpus):
    found = all_pages(api, URL, weapon_system="mk41-vls")

    assert slugs(found) == {"us-violates-inf-treaty", "mk41-can-fire-tomahawk", "us-glcm-test-used-mk41"}
    assert slugs(found) == set(
        Claim.objects.published().filter(weapon_systems__slug="mk41-vls").values_list("slug", flat=True)
    )


def test_it_lists_the_counter_claims_of_a_claim(api, corpus):
    found = all_pages(
        api, URL, related_to="russia-violates-inf-treaty", relation="counters", direction="from"
    )

    assert slugs(found) == {
        "russia-complies-inf-treaty",
        "us-develops-inf-range-missiles",
        "us-accusations-unsubstantiated",
        "us-accusations-pretext",
    }


def test_each_mk_41_claim_embeds_its_relations_in_the_graph(api, corpus):
    for record in all_pages(api, URL, weapon_system="mk41-vls"):
        claim = Claim.objects.get(pk=record["id"])
        expected = set(ClaimRelation.objects.filter(source=claim).values_list("pk", flat=True)) | set(
            ClaimRelation.objects.filter(target=claim).values_list("pk", flat=True)
        )
        assert {relation["relation"] for relation in record["relations"]} == expected


def test_related_to_follows_the_chosen_direction(api, corpus):
    to_it = all_pages(api, URL, related_to="mk41-can-fire-tomahawk", direction="from")
    from_it = all_pages(api, URL, related_to="mk41-can-fire-tomahawk", direction="to")

    assert slugs(to_it) == {"tomahawk-range-within-inf-limits", "us-glcm-test-used-mk41"}
    assert slugs(from_it) == {"us-violates-inf-treaty"}
    assert slugs(all_pages(api, URL, related_to="mk41-can-fire-tomahawk")) == slugs(to_it) | slugs(from_it)


@pytest.mark.parametrize("alias", ["nikolai-patrushev", "Patrushev"])
def test_it_lists_the_claims_an_actor_asserts_or_denies(api, corpus, alias):
    patrushev = Actor.objects.get(slug="nikolai-patrushev")
    stances = Stance.objects.filter(
        statement__speaker=patrushev, status="published", statement__status="published"
    )

    asserted = all_pages(api, URL, asserted_by=alias)
    denied = all_pages(api, URL, denied_by=alias)

    assert slugs(asserted) == set(stances.filter(stance="asserts").values_list("claim__slug", flat=True))
    assert slugs(denied) == set(stances.filter(stance="denies").values_list("claim__slug", flat=True))
    assert "russia-violates-inf-treaty" in slugs(denied)
    assert "us-violates-inf-treaty" in slugs(asserted)


def test_a_claim_carries_its_counts_of_asserting_and_denying_statements(api, corpus):
    claim = Claim.objects.with_stance_counts().get(slug="russia-violates-inf-treaty")

    record = api.get(f"{URL}{claim.pk}/").json()

    assert (record["n_asserting"], record["n_denying"]) == (claim.n_asserting, claim.n_denying)
    assert record["n_denying"] > 0


@pytest.mark.parametrize(
    "value", [("weapon_system", "death-ray"), ("asserted_by", "nobody"), ("relation", "hates")]
)
def test_unknown_filter_values_are_a_400(api, corpus, value):
    response = api.get(URL, dict([value]))

    assert response.status_code == 400
    assert value[0] in response.json()


def test_the_graph_returns_nodes_and_edges_to_the_requested_depth(api, corpus):
    claim = Claim.objects.get(slug="mk41-can-fire-tomahawk")

    one = api.get(f"{URL}{claim.pk}/graph/", {"depth": 1}).json()
    two = api.get(f"{URL}{claim.pk}/graph/", {"depth": 2}).json()

    node_ids = {node["id"] for node in one["nodes"]}
    assert {node["slug"] for node in one["nodes"]} == {
        "mk41-can-fire-tomahawk",
        "tomahawk-range-within-inf-limits",
        "us-glcm-test-used-mk41",
        "us-violates-inf-treaty",
    }
    assert all(edge["source"] in node_ids and edge["target"] in node_ids for edge in one["edges"])
    assert len(two["nodes"]) > len(one["nodes"])
    root = next(node for node in one["nodes"] if node["is_root"])
    assert root["id"] == claim.pk and "n_asserting" in root and "n_denying" in root
    assert {"id", "source", "target", "kind", "label"} <= set(one["edges"][0])


def test_the_graph_depth_is_capped_and_cycles_are_walked_once(api, corpus):
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    ClaimRelationFactory(source=a, target=b)
    ClaimRelationFactory(source=b, target=c)
    ClaimRelationFactory(source=c, target=a)

    graph = api.get(f"{URL}{a.pk}/graph/", {"depth": 99}).json()

    assert graph["depth"] == MAX_DEPTH
    assert sorted(node["id"] for node in graph["nodes"]) == sorted([a.pk, b.pk, c.pk])
    assert len(graph["edges"]) == 3
    assert api.get(f"{URL}{a.pk}/graph/", {"depth": "deep"}).status_code == 400


def test_the_graph_hides_draft_claims_from_anonymous_users(api, editor_api, corpus):
    root, draft = ClaimFactory(), ClaimFactory(status=ReviewStatus.DRAFT)
    ClaimRelationFactory(source=draft, target=root)

    assert [node["id"] for node in api.get(f"{URL}{root.pk}/graph/").json()["nodes"]] == [root.pk]
    assert api.get(f"{URL}{draft.pk}/graph/").status_code == 404
    assert len(editor_api.get(f"{URL}{root.pk}/graph/").json()["nodes"]) == 2


def test_anonymous_users_never_see_draft_claims_or_relations(api, corpus):
    draft = ClaimFactory(status=ReviewStatus.DRAFT)
    published = ClaimFactory()
    ClaimRelationFactory(
        source=published, target=Claim.objects.get(slug="russia-violates-inf-treaty"), status="draft"
    )

    assert api.get(f"{URL}{draft.pk}/").status_code == 404
    assert api.get(f"{URL}{published.pk}/").json()["relations"] == []
    assert draft.pk not in {r["id"] for r in all_pages(api, URL)}


def test_the_list_shows_a_published_relation_only_when_its_other_claim_is_published(api, editor_api, db):
    listed, published, draft = ClaimFactory(), ClaimFactory(), ClaimFactory(status=ReviewStatus.DRAFT)
    ClaimRelationFactory(source=listed, target=published)
    ClaimRelationFactory(source=listed, target=draft)  # published edges, each way, to a draft claim
    ClaimRelationFactory(source=draft, target=listed)

    def related(client) -> set[tuple[str, int]]:
        row = next(row for row in all_pages(client, URL) if row["id"] == listed.pk)
        return {(relation["direction"], relation["claim"]) for relation in row["relations"]}

    assert related(api) == {("outgoing", published.pk)}
    assert related(editor_api) == {("outgoing", published.pk), ("outgoing", draft.pk), ("incoming", draft.pk)}


def test_editors_create_claims_and_duplicates_are_refused_with_a_field_message(editor_api, corpus):
    payload = {
        "text": "The 9M729 is a sea-launched missile",
        "slug": "9m729-sea-launched",
        "weapon_systems": [1],
    }

    created = editor_api.post(URL, payload, format="json")
    duplicate = editor_api.post(URL, {**payload, "slug": "another-slug"}, format="json")

    assert created.status_code == 201, created.content
    assert created.json()["status"] == "draft"
    assert created.json()["weapon_systems"] == [1]
    assert created.json()["n_asserting"] == 0
    assert duplicate.status_code == 400
    assert "text" in duplicate.json()
    assert Claim.objects.filter(text=payload["text"]).count() == 1


def test_anonymous_users_cannot_create_claims(api, corpus):
    response = api.post(URL, {"text": "Anything", "slug": "anything"}, format="json")

    assert response.status_code in {401, 403}
    assert not Claim.objects.filter(slug="anything").exists()


def test_a_relation_of_a_claim_to_itself_is_refused(editor_api, corpus):
    claim = Claim.objects.first()

    response = editor_api.post(
        "/api/v1/claim-relations/",
        {"source": claim.pk, "target": claim.pk, "kind": "supports"},
        format="json",
    )

    assert response.status_code == 400
    assert "target" in response.json() or "non_field_errors" in response.json()


def test_claim_relations_filter_by_claim_and_kind(api, corpus):
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")

    found = results(api.get("/api/v1/claim-relations/", {"target": claim.slug, "kind": "counters"}))

    assert len(found) == 4
    assert {record["target_text"] for record in found} == {claim.text}


def test_graph_of_a_hub_is_cut_at_the_node_limit_and_says_so(api, db, monkeypatch):
    from claims import graph

    monkeypatch.setattr(graph, "MAX_NODES", 4)
    hub = ClaimFactory()
    spokes = [ClaimFactory() for _ in range(6)]
    for spoke in spokes:
        ClaimRelationFactory(source=spoke, target=hub, kind=ClaimRelation.Kind.COUNTERS)
    found = api.get(f"{URL}{hub.pk}/graph/", {"depth": 1}).json()
    assert found["truncated"] is True
    assert [node["id"] for node in found["nodes"]] == [hub.pk, *[spoke.pk for spoke in spokes[:3]]]
    assert {edge["source"] for edge in found["edges"]} == {spoke.pk for spoke in spokes[:3]}

    monkeypatch.setattr(graph, "MAX_NODES", 7)
    assert api.get(f"{URL}{hub.pk}/graph/", {"depth": 1}).json()["truncated"] is False


def test_graph_of_a_hub_at_depth_2_stops_where_the_first_level_fills_it(api, db, monkeypatch):
    from claims import graph

    monkeypatch.setattr(graph, "MAX_NODES", 4)
    hub = ClaimFactory()
    spokes = [ClaimRelationFactory(source=ClaimFactory(), target=hub).source for _ in range(5)]
    beyond = ClaimRelationFactory(source=spokes[0], target=ClaimFactory()).target
    between = ClaimRelationFactory(source=spokes[0], target=spokes[1], kind=ClaimRelation.Kind.SUPPORTS)

    found = api.get(f"{URL}{hub.pk}/graph/", {"depth": 2}).json()

    assert found["truncated"] is True
    assert [node["id"] for node in found["nodes"]] == [hub.pk, *[spoke.pk for spoke in spokes[:3]]]
    assert beyond.pk not in {node["id"] for node in found["nodes"]}
    assert between.pk in {edge["id"] for edge in found["edges"]}


def test_graph_of_a_hub_takes_its_first_relations_by_id_whichever_way_they_point(api, db, monkeypatch):
    from claims import graph

    monkeypatch.setattr(graph, "MAX_NODES", 4)
    hub = ClaimFactory()
    ClaimRelationFactory(source=ClaimFactory(status="draft"), target=hub)  # the first by id, but hidden
    neighbours = []
    for n in range(6):  # alternately from the hub and to it, in the order they were made
        other = ClaimFactory()
        if n % 2:
            ClaimRelationFactory(source=other, target=hub)
        else:
            ClaimRelationFactory(source=hub, target=other)
        neighbours.append(other.pk)

    found = api.get(f"{URL}{hub.pk}/graph/", {"depth": 1}).json()

    assert found["truncated"] is True
    assert [node["id"] for node in found["nodes"]] == sorted([hub.pk, *neighbours[:3]])
    assert len(found["edges"]) == 3


@pytest.mark.parametrize("counter", ["n_asserting", "n_denying"])
def test_the_most_asserted_or_denied_claims_come_first_across_pages(api, corpus, counter):
    rows = all_pages(api, URL, ordering=f"-{counter}", page_size=4)

    keys = [(row[counter], row["id"]) for row in rows]
    assert keys == sorted(keys, reverse=True)
    assert len(rows) == Claim.objects.published().count()
    assert rows[0][counter] > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
@pytest.mark.parametrize(
    ("column", "index"), [("asserting_count", "claim_asserting_idx"), ("denying_count", "claim_denying_idx")]
)
def test_postgresql_reads_the_most_asserted_claims_in_index_order_without_sorting(db, column, index):
    """Sorting every claim by its counter took 1.5 s at 1M."""
    page = Claim.objects.published().order_by(f"-{column}", "-id")[:51]
    with connection.cursor() as cursor:
        # On a test's few claims every plan costs about the same (with the table's statistics of the
        # moment, another counter's index scan and a sort could tie): scans and sorts are priced out,
        # so the plan reads an index in the page's order if there is one, and sorts if there is none.
        cursor.execute("SET enable_seqscan = off; SET enable_sort = off")
        plan = page.explain()
        cursor.execute("RESET enable_seqscan; RESET enable_sort")

    assert index in plan
    assert "Sort" not in plan


def test_a_hub_claims_record_shows_its_first_relations_and_links_to_them_all(api, db):
    """A hub's thousands of relations were all embedded (the 50 most asserted claims: a 10 MB page)."""
    hub = ClaimFactory()
    ClaimRelationFactory(source=ClaimFactory(status=ReviewStatus.DRAFT), target=hub)  # first by id, hidden
    relations = []
    for n in range(RELATIONS_SHOWN + 2):  # alternately from the hub and to it
        other = ClaimFactory()
        ends = {"source": other, "target": hub} if n % 2 else {"source": hub, "target": other}
        relations.append(ClaimRelationFactory(**ends).pk)
    first = relations[:RELATIONS_SHOWN]

    row = next(row for row in all_pages(api, URL) if row["id"] == hub.pk)
    detail = api.get(f"{URL}{hub.pk}/").json()

    for record in (row, detail):
        assert [relation["relation"] for relation in record["relations"]] == first
        assert record["relations_truncated"] is True
        every = results(api.get(f"{record['relations_url']}&page_size={RELATIONS_SHOWN + 10}"))
        assert {relation["id"] for relation in every} == set(relations)
    exported = json.loads(b"".join(api.get(f"{URL}export/json/").streaming_content))
    whole = next(record for record in exported if record["id"] == hub.pk)
    assert [relation["relation"] for relation in whole["relations"]] == relations
    assert whole["relations_truncated"] is False


def test_a_claim_with_no_more_relations_than_shown_is_not_truncated(api, db):
    claim = ClaimFactory()
    relations = [ClaimRelationFactory(source=claim).pk for _ in range(RELATIONS_SHOWN)]

    row = next(row for row in all_pages(api, URL) if row["id"] == claim.pk)
    detail = api.get(f"{URL}{claim.pk}/").json()

    for record in (row, detail):
        assert [relation["relation"] for relation in record["relations"]] == relations
        assert record["relations_truncated"] is False


@pytest.mark.parametrize("asked", [{}, {"format": "json"}], ids=["plain", "format-json"])
def test_a_claims_relations_url_lists_its_relations_whatever_the_format_asked(api, db, asked):
    """Asked with ?format=json, DRF's reverse() keeps it: the link was `…/?format=json?claim=7`."""
    claim = ClaimFactory()
    relation = ClaimRelationFactory(source=claim)
    ClaimRelationFactory()  # another claim's

    row = next(row for row in all_pages(api, URL, **asked) if row["id"] == claim.pk)
    detail = api.get(f"{URL}{claim.pk}/", asked).json()

    for record in (row, detail):
        assert [listed["id"] for listed in results(api.get(record["relations_url"]))] == [relation.pk]
