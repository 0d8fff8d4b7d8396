"""A claim relation cites the statements that argue it (ClaimRelation.evidence)."""

import pytest
from django.urls import reverse

from claims.graph import claim_neighbourhood, with_evidence
from claims.models import Claim, ClaimRelation, Statement
from infkb.provenance import ReviewStatus

pytestmark = pytest.mark.django_db

LAVROV_MIRROR = "Let me remind you that, despite the destruction"


def mirror_relation() -> ClaimRelation:
    return ClaimRelation.objects.get(
        source__slug="russia-mirror-deployment", kind="supports", target__slug="russia-moratorium-proposal"
    )


def test_the_seed_cites_lavrov_as_arguing_the_mirror_pledge_supports_the_moratorium(corpus):
    assert [s.speaker.name for s in mirror_relation().evidence.all()] == ["Sergey Lavrov"]


def test_the_graph_gives_each_edge_who_argued_it(corpus):
    graph = claim_neighbourhood(Claim.objects.get(slug="russia-moratorium-proposal"), depth=1)
    with_evidence(graph["edges"])

    edge = next(e for e in graph["edges"] if e["id"] == mirror_relation().pk)
    lavrov = Statement.objects.get(text__startswith=LAVROV_MIRROR)
    assert edge["evidence"] == [
        {
            "statement": lavrov.pk,
            "speaker": "Sergey Lavrov",
            "date": "2019-09",
            "reported": False,
            "url": lavrov.get_absolute_url(),
        }
    ]
    assert edge["argued_by"] == "argued by Sergey Lavrov, 2019-09"
    uncited = [e for e in graph["edges"] if e["id"] != edge["id"]]
    assert uncited and all(e["evidence"] == [] and e["argued_by"] == "" for e in uncited)


def test_a_statement_dated_by_its_article_is_cited_as_reported(corpus):
    relation = ClaimRelation.objects.get(
        source__slug="us-develops-inf-range-missiles", kind="supports", target__slug="us-violates-inf-treaty"
    )
    graph = claim_neighbourhood(relation.target, depth=1)
    with_evidence(graph["edges"])

    edge = next(e for e in graph["edges"] if e["id"] == relation.pk)
    assert edge["argued_by"] == "argued by Nikolai Patrushev, reported 2018-11-23"


def test_a_draft_statement_is_never_cited_to_readers(corpus):
    lavrov = Statement.objects.get(text__startswith=LAVROV_MIRROR)
    Statement.objects.filter(pk=lavrov.pk).update(status=ReviewStatus.DRAFT)
    claim = Claim.objects.get(slug="russia-moratorium-proposal")

    published = claim_neighbourhood(claim, depth=1)
    everything = claim_neighbourhood(claim, depth=1, published_only=False)
    with_evidence(published["edges"])
    with_evidence(everything["edges"], published_only=False)

    relation = mirror_relation().pk
    assert next(e for e in published["edges"] if e["id"] == relation)["evidence"] == []
    assert len(next(e for e in everything["edges"] if e["id"] == relation)["evidence"]) == 1


def test_the_evidence_of_any_number_of_edges_is_read_in_one_query(corpus, django_assert_num_queries):
    edges = [{"id": pk} for pk in ClaimRelation.objects.values_list("pk", flat=True)]
    assert len(edges) > 20

    with django_assert_num_queries(1):
        with_evidence(edges)
    assert sum(len(edge["evidence"]) for edge in edges) == 2


def test_the_claim_page_says_who_argued_a_relation_in_its_list(client, corpus):
    html = client.get(reverse("claim-detail", kwargs={"slug": "russia-moratorium-proposal"})).content.decode()

    relations = html[html.index('id="relations"') : html.index('id="graph-heading"')]
    assert (
        'argued by <a href="' in relations
        and '>Sergey Lavrov</a>, <time datetime="2019-09">2019-09</time>' in (relations)
    )
    # The drawing's data carries it for the edge's label too.
    assert '"argued_by": "argued by Sergey Lavrov, 2019-09"' in html


def test_the_graph_api_returns_the_evidence_with_api_links(client, corpus):
    claim = Claim.objects.get(slug="russia-moratorium-proposal")
    graph = client.get(f"/api/v1/claims/{claim.pk}/graph/").json()

    edge = next(e for e in graph["edges"] if e["id"] == mirror_relation().pk)
    lavrov = Statement.objects.get(text__startswith=LAVROV_MIRROR)
    assert edge["argued_by"] == "argued by Sergey Lavrov, 2019-09"
    assert edge["evidence"][0]["url"].endswith(f"/api/v1/statements/{lavrov.pk}/")


def test_the_relations_api_lists_the_cited_statements_and_hides_drafts(client, corpus):
    relation = mirror_relation()
    lavrov = Statement.objects.get(text__startswith=LAVROV_MIRROR)
    assert client.get(f"/api/v1/claim-relations/{relation.pk}/").json()["evidence"] == [lavrov.pk]

    Statement.objects.filter(pk=lavrov.pk).update(status=ReviewStatus.DRAFT)
    assert client.get(f"/api/v1/claim-relations/{relation.pk}/").json()["evidence"] == []


def test_an_editor_cites_a_statement_through_the_api_and_history_records_it(editor, corpus):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    relation = ClaimRelation.objects.get(
        source__slug="us-glcm-prohibited-by-inf",
        kind="supports",
        target__slug="us-develops-inf-range-missiles",
    )
    statement = Statement.objects.filter(stances__claim__slug="us-develops-inf-range-missiles").first()

    response = api.patch(
        f"/api/v1/claim-relations/{relation.pk}/", {"evidence": [statement.pk]}, format="json"
    )

    assert response.status_code == 200, response.content
    assert list(relation.evidence.all()) == [statement]
    assert list(relation.history.first().evidence.values_list("statement_id", flat=True)) == [statement.pk]
