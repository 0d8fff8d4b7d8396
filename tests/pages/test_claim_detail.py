import json
import re
from html import unescape

import pytest
from django.urls import reverse

from claims.graph import claim_neighbourhood
from claims.models import Claim, ClaimRelation, Statement
from claims.views import SIDE_STATEMENTS, OpenEndedPage
from tests.factories import ClaimFactory, ClaimRelationFactory, StanceFactory
from tests.pages.planner import PLANNER_QUERIES

pytestmark = pytest.mark.django_db


def claim_page(client, slug: str = "russia-violates-inf-treaty"):
    return client.get(reverse("claim-detail", kwargs={"slug": slug}))


def column(html: str, heading_id: str) -> str:
    """The HTML of the <section> whose heading has this id."""
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_claim_page_shows_statements_for_and_against_side_by_side(client, corpus):
    response = claim_page(client)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Claim: Russia violates the INF Treaty · INF KB</title>" in html
    assert "Russia violates the INF Treaty</h1>" in html
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")
    asserting = Statement.objects.published().on_claims([claim], stance="asserts")
    denying = Statement.objects.published().on_claims([claim], stance="denies")
    assert asserting.exists() and denying.exists()
    for statement in asserting:
        assert statement.text[:50] in unescape(column(html, "for"))
    for statement in denying:
        assert statement.text[:50] in unescape(column(html, "against"))
        assert statement.text[:50] not in unescape(column(html, "for"))


def test_each_statement_shows_speaker_office_date_outlet_and_a_link_into_its_article(client, corpus):
    response = claim_page(client)

    html = response.content.decode()
    patrushev = response.context["stances"].denies
    statement = next(s for s in patrushev if s.speaker.slug == "nikolai-patrushev")
    assert 'href="/actors/nikolai-patrushev/"' in html
    assert "Secretary, Security Council of the Russian Federation" in unescape(html)  # the office held
    assert statement.article.outlet.name in html
    assert f'href="{statement.article.get_absolute_url()}#statement-{statement.pk}"' in html
    dated = next(s for s in response.context["stances"].asserts + patrushev if s.said_on)
    assert dated.said_display in html


def test_claim_page_lists_the_claims_it_supports_and_counters(client, corpus):
    response = claim_page(client, "mk41-can-fire-tomahawk")

    html = response.content.decode()
    outgoing = {(relation.kind, relation.target.slug) for relation in response.context["outgoing"]}
    incoming = {(relation.kind, relation.source.slug) for relation in response.context["incoming"]}
    assert ("supports", "us-violates-inf-treaty") in outgoing
    assert ("supports", "us-glcm-test-used-mk41") in incoming
    assert 'href="/claims/us-violates-inf-treaty/"' in html


def test_claim_page_embeds_its_neighbourhood_for_the_drawing_and_lists_it_without_javascript(client, corpus):
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")

    response = claim_page(client)

    html = response.content.decode()
    data = re.search(r'<script id="claim-graph-data" type="application/json">(.*?)</script>', html, re.S)
    graph = json.loads(data.group(1))
    expected = claim_neighbourhood(claim, depth=2)
    assert {node["id"] for node in graph["nodes"]} == {node["id"] for node in expected["nodes"]}
    assert len(graph["edges"]) == len(expected["edges"]) > 0
    assert all(node["url"] == f"/claims/{node['slug']}/" for node in graph["nodes"])
    assert "vendor/cytoscape/cytoscape.min.js" in html
    listed = column(html, "graph-heading")
    assert listed.count("<li>") == len(expected["edges"])


def test_claim_page_hides_draft_relations_and_stances(client, corpus):
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")
    draft_relation = ClaimRelationFactory(target=claim, status="draft")
    draft_stance = StanceFactory(claim=claim, stance="denies", status="draft")

    html = claim_page(client).content.decode()

    assert draft_relation.source.text not in html
    assert draft_stance.statement.text not in html


def test_a_draft_claim_has_no_page(client, corpus):
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")
    claim.status = "draft"
    claim.save()

    assert claim_page(client).status_code == 404


def test_claim_page_runs_a_constant_number_of_queries(client, corpus, django_assert_max_num_queries):
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")
    StanceFactory.create_batch(5, claim=claim)
    ClaimRelationFactory.create_batch(5, target=claim)

    # The claim and its weapons; the cutoff dates and the statements of its sides; a page of the
    # relations from it and one of those to it; who argued each relation; the graph (4).
    with django_assert_max_num_queries(11 + PLANNER_QUERIES):
        assert claim_page(client).status_code == 200


def test_claim_page_shows_a_page_of_statements_per_side_and_links_to_the_rest(
    client, corpus, django_assert_max_num_queries
):
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")
    StanceFactory.create_batch(SIDE_STATEMENTS + 3, claim=claim, stance="denies")
    denying = Statement.objects.published().on_claims([claim], stance="denies")
    n_denying = denying.count()
    n_asserting = Statement.objects.published().on_claims([claim], stance="asserts").count()
    assert n_denying > SIDE_STATEMENTS >= n_asserting

    with django_assert_max_num_queries(11 + PLANNER_QUERIES):  # as above
        response = claim_page(client)

    stances = response.context["stances"]
    assert len(stances.denies) == SIDE_STATEMENTS and stances.n_denies == n_denying
    assert len(stances.asserts) == stances.n_asserts == n_asserting
    html = response.content.decode()
    assert f"{n_denying} against" in html
    assert 'href="?against_page=2#against"' in column(html, "against")
    assert "against_page" not in column(html, "for")

    second = client.get(reverse("claim-detail", kwargs={"slug": claim.slug}), {"against_page": 2})
    rest = second.context["stances"].denies
    assert len(rest) == n_denying - SIDE_STATEMENTS
    assert len(second.context["stances"].asserts) == n_asserting
    shown = {statement.pk for statement in stances.denies + rest}
    assert shown == set(denying.values_list("pk", flat=True))


def test_claim_page_lists_a_hubs_relations_a_page_at_a_time_newest_first(client, corpus, monkeypatch):
    monkeypatch.setattr(OpenEndedPage, "per_page", 2)
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")
    ClaimRelationFactory.create_batch(3, target=claim)
    ClaimRelationFactory(target=claim, source=ClaimFactory(status="draft"))  # hidden: its source is a draft
    incoming = list(ClaimRelation.objects.published().filter(target=claim).order_by("-pk"))
    assert len(incoming) > 2

    first = client.get(claim.get_absolute_url())
    assert [r.pk for r in first.context["incoming"]] == [r.pk for r in incoming[:2]]
    assert "?in_page=2#relations" in first.content.decode()
    last_number = (len(incoming) + 1) // 2
    last = client.get(claim.get_absolute_url(), {"in_page": last_number})
    assert [r.pk for r in last.context["incoming"]] == [r.pk for r in incoming[(last_number - 1) * 2 :]]
    assert not last.context["incoming"].has_next
    assert client.get(claim.get_absolute_url(), {"in_page": "x"}).status_code == 200
