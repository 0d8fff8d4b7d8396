from html import unescape

import pytest
from django.urls import reverse

from claims.models import Actor, Claim, Role, Statement
from claims.views import ACTOR_CLAIMS, GROUP_STATEMENTS
from infkb.provenance import ReviewStatus
from tests.factories import ActorFactory, ClaimFactory, StanceFactory, StatementFactory
from tests.pages.planner import PLANNER_QUERIES

pytestmark = pytest.mark.django_db


def patrushev_page(client):
    return client.get(reverse("actor-detail", kwargs={"slug": "nikolai-patrushev"}))


def test_patrushevs_page_lists_his_roles_and_every_statement(client, corpus):
    response = patrushev_page(client)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Nikolai Patrushev · INF KB</title>" in html
    assert "<h1>Nikolai Patrushev</h1>" in html
    assert "Secretary, <a" in html and "Security Council of the Russian Federation" in html
    patrushev = Actor.objects.get(slug="nikolai-patrushev")
    statements = Statement.objects.published().by_actor(patrushev)
    assert statements.count() >= 4
    for statement in statements:
        assert statement.text[:60] in unescape(html)


def test_patrushevs_page_groups_his_statements_by_claim_with_their_stance(client, corpus):
    response = patrushev_page(client)

    groups = {group.claim.slug: group for group in response.context["page"]}
    assert "us-violates-inf-treaty" in groups
    assert groups["us-violates-inf-treaty"].asserts
    assert groups["russia-violates-inf-treaty"].denies
    assert not groups["russia-violates-inf-treaty"].asserts
    html = response.content.decode()
    assert Claim.objects.get(slug="us-violates-inf-treaty").text in html


def test_actor_page_shows_who_denies_the_claims_they_assert(client, corpus):
    response = client.get(reverse("actor-detail", kwargs={"slug": "united-states"}))

    denied = {group.claim.slug: group for group in response.context["denied"]}
    assert "russia-violates-inf-treaty" in denied
    deniers = {statement.speaker.slug for statement in denied["russia-violates-inf-treaty"].denies}
    assert "nikolai-patrushev" in deniers
    assert "united-states" not in deniers
    assert (
        'denied by <a class="speaker" href="/actors/nikolai-patrushev/">Nikolai Patrushev</a>'
        in response.content.decode()
    )


def test_actor_page_links_to_its_sources(client, corpus):
    response = patrushev_page(client)

    html = response.content.decode()
    for article in response.context["articles"]:
        assert f'href="{article.get_absolute_url()}"' in html
    statement = Statement.objects.published().filter(speaker__slug="nikolai-patrushev").first()
    assert f'href="{statement.get_absolute_url()}"' in html


def test_actor_page_hides_draft_statements(client, corpus):
    patrushev = Actor.objects.get(slug="nikolai-patrushev")
    draft = StatementFactory(speaker=patrushev, status="draft")
    StanceFactory(statement=draft)

    assert draft.text not in patrushev_page(client).content.decode()


def test_an_unknown_actor_is_not_found(client, corpus):
    assert client.get(reverse("actor-detail", kwargs={"slug": "nobody"})).status_code == 404


def test_actor_page_runs_a_constant_number_of_queries(client, corpus, django_assert_max_num_queries):
    patrushev = Actor.objects.get(slug="nikolai-patrushev")
    for _ in range(5):
        StanceFactory(statement=StatementFactory(speaker=patrushev))

    # actor, its aliases, totals, claims (count + page), their statements, unlinked ones, the most
    # denied claims and their denials, sources, roles: eleven, whatever the number of statements.
    with django_assert_max_num_queries(11 + PLANNER_QUERIES):
        assert patrushev_page(client).status_code == 200


def test_the_office_held_and_the_reported_speaker_cost_no_query_per_statement(
    client, corpus, django_assert_max_num_queries
):
    patrushev = Actor.objects.get(slug="nikolai-patrushev")
    council = Actor.objects.create(name="Security Council of Russia", slug="sc-ru", kind="organisation")
    office = Role.objects.create(person=patrushev, organisation=council, title="Secretary")
    putin = Actor.objects.get(slug="vladimir-putin")
    for n in range(6):
        statement = StatementFactory(
            speaker=patrushev, role=office, reported_speaker=putin if n % 2 else None
        )
        StanceFactory(statement=statement)

    with django_assert_max_num_queries(11 + PLANNER_QUERIES):
        page = patrushev_page(client)

    assert "Secretary, Security Council of Russia" in unescape(page.content.decode())


def test_actor_page_shows_a_few_statements_per_claim_and_links_to_the_rest(
    client, corpus, django_assert_max_num_queries
):
    patrushev = Actor.objects.get(slug="nikolai-patrushev")
    claim = Claim.objects.get(slug="us-violates-inf-treaty")
    extra = [StatementFactory(speaker=patrushev) for _ in range(GROUP_STATEMENTS + 5)]
    for statement in extra:
        StanceFactory(statement=statement, claim=claim, stance="asserts")
    total = Statement.objects.published().by_actor(patrushev).on_claims([claim]).count()

    with django_assert_max_num_queries(11 + PLANNER_QUERIES):
        response = patrushev_page(client)

    group = next(group for group in response.context["page"] if group.claim == claim)
    n_asserting = (
        Statement.objects.published().by_actor(patrushev).on_claims([claim], stance="asserts").count()
    )
    assert len(group.asserts) == GROUP_STATEMENTS and group.n_asserts == n_asserting
    shown = len(group.asserts) + len(group.denies) + len(group.mentions)
    assert group.n_statements == total and group.n_more == total - shown > 0
    html = response.content.decode()
    assert f'href="?claim={claim.slug}"' in html
    assert f"and {total - shown} more statements on this claim" in html
    assert f"{n_asserting} in all" in html

    rest = client.get(reverse("actor-detail", kwargs={"slug": patrushev.slug}), {"claim": claim.slug})
    (focused,) = rest.context["page"]
    assert focused.claim == claim
    assert len(focused.asserts) + len(focused.denies) + len(focused.mentions) == total
    for statement in extra:
        assert f"#statement-{statement.pk}" in rest.content.decode()


def test_actor_page_pages_through_the_published_claims_they_spoke_on_in_text_order(
    client, db, django_assert_max_num_queries
):
    speaker = ActorFactory()
    claims = [ClaimFactory(text=f"Claim {n:02d} holds") for n in range(ACTOR_CLAIMS + 3)]
    hidden = ClaimFactory(text="Claim 00 in draft", status=ReviewStatus.DRAFT)
    for claim in [*claims, hidden]:
        StanceFactory(statement=StatementFactory(speaker=speaker), claim=claim)
    url = reverse("actor-detail", kwargs={"slug": speaker.slug})

    with django_assert_max_num_queries(11 + PLANNER_QUERIES):
        first = client.get(url)
    second = client.get(url, {"page": 2})

    assert [group.claim for group in first.context["page"]] == claims[:ACTOR_CLAIMS]
    assert [group.claim for group in second.context["page"]] == claims[ACTOR_CLAIMS:]
    assert f"Page 1 of 2 ({len(claims)} in all)" in first.content.decode()
    assert hidden.text not in first.content.decode() + second.content.decode()


def test_actor_page_says_how_else_the_name_is_written(client, corpus):
    """Search finds an actor by any alias; the page says which spellings those are."""
    html = client.get(reverse("actor-detail", kwargs={"slug": "sergey-ryabkov"})).content.decode()

    assert '<p class="aliases hint">Also written: Ryabkov, Sergei Ryabkov</p>' in html
