import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Actor, Claim
from tests.factories import ActorFactory, ClaimFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def slugs(response) -> set[str]:
    return {claim.slug for claim in response.context["page"]}


def test_claim_index_lists_published_claims_with_their_counts(client, corpus):
    draft = ClaimFactory(status="draft", text="A draft proposition nobody may see")

    response = client.get(reverse("claim-list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Claims · INF KB</title>" in html
    assert response.context["page"].paginator.count == Claim.objects.published().count()
    assert draft.text not in html


def test_claim_index_filters_by_weapon_system(client, corpus):
    response = client.get(reverse("claim-list"), {"weapon": "9m729"})

    assert "9m729-range-over-500km" in slugs(response)
    assert "mk41-can-fire-tomahawk" not in slugs(response)
    assert "<h1>Claims about 9M729</h1>" in response.content.decode()


def test_claim_index_filters_by_actor_and_stance(client, corpus):
    denied = client.get(reverse("claim-list"), {"actor": "nikolai-patrushev", "stance": "denies"})
    asserted = client.get(reverse("claim-list"), {"actor": "nikolai-patrushev", "stance": "asserts"})

    assert slugs(denied) == {"russia-violates-inf-treaty"}
    assert {"us-violates-inf-treaty", "russia-complies-inf-treaty"} <= slugs(asserted)
    assert "russia-violates-inf-treaty" not in slugs(asserted)


def test_claim_index_with_an_unknown_actor_lists_nothing(client, corpus):
    response = client.get(reverse("claim-list"), {"actor": "nobody"})

    assert response.status_code == 200
    assert slugs(response) == set()


def test_claim_index_paginates(client, corpus):
    ClaimFactory.create_batch(30)

    first = client.get(reverse("claim-list"))
    second = client.get(reverse("claim-list"), {"page": 2})

    assert len(first.context["page"]) == 25
    assert slugs(first).isdisjoint(slugs(second))
    assert 'href="?page=2"' in first.content.decode()


def test_claim_index_of_an_actor_pages_through_their_claims_without_counting(client, corpus):
    """Counting the claims an actor took a stance on read all their stances (0.4 s at 1M)."""
    speaker = ActorFactory()
    for _ in range(27):
        StanceFactory(statement=StatementFactory(speaker=speaker))

    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("claim-list"), {"actor": speaker.slug})
    second = client.get(reverse("claim-list"), {"actor": speaker.slug, "page": 2})

    assert not any("COUNT(" in query["sql"].upper() for query in queries)
    assert len(first.context["page"]) == 25 and len(second.context["page"]) == 2
    assert slugs(first).isdisjoint(slugs(second))
    assert f"?actor={speaker.slug}&amp;page=2" in first.content.decode()
    assert "1–25" in first.content.decode() and "26–27" in second.content.decode()
    assert not second.context["page"].has_next


def test_claim_index_runs_a_constant_number_of_queries(client, corpus, django_assert_max_num_queries):
    ClaimFactory.create_batch(30)

    with django_assert_max_num_queries(7):
        response = client.get(
            reverse("claim-list"), {"weapon": "9m729", "actor": "united-states", "stance": "asserts"}
        )
        assert response.status_code == 200


def test_claim_index_filters_by_anyones_stance(client, corpus):
    contested = ClaimFactory(text="Only ever mentioned")
    StanceFactory(claim=contested, stance="mentions")
    StanceFactory(claim=contested, stance="denies", status="draft")

    denied = client.get(reverse("claim-list"), {"stance": "denies"})
    mentioned = client.get(reverse("claim-list"), {"stance": "mentions", "page": 1})

    expected = Claim.objects.published().filter(
        stances__stance="denies", stances__status="published", stances__statement__status="published"
    )
    assert denied.context["page"].paginator.count == expected.distinct().count()
    assert contested.slug not in slugs(denied)
    assert contested.slug in {claim.slug for claim in mentioned.context["page"].paginator.object_list}


def test_claim_index_offers_the_most_quoted_speakers_and_the_one_selected(client, corpus, monkeypatch):
    monkeypatch.setattr("claims.views.SPEAKER_CHOICES", 2)
    busiest = ActorFactory(name="Aaa Busiest Speaker")
    StatementFactory.create_batch(50, speaker=busiest)
    quiet = StatementFactory(speaker=ActorFactory(name="Zzz Quiet Speaker")).speaker
    silent = ActorFactory(name="Nobody Quoted")

    unfiltered = client.get(reverse("claim-list")).context["actors"]
    filtered = client.get(reverse("claim-list"), {"actor": quiet.slug}).context["actors"]

    most_quoted = list(Actor.objects.filter(statement_count__gt=0).order_by("-statement_count", "name")[:2])
    assert busiest in unfiltered and unfiltered == sorted(most_quoted, key=lambda actor: actor.name)
    assert quiet not in unfiltered and quiet in filtered and silent not in filtered
    assert len(filtered) == 3


def test_an_empty_claim_list_says_so_in_a_line_that_is_not_numbered_as_a_claim(client, corpus):
    html = client.get(reverse("claim-list"), {"actor": "nobody"}).content.decode()

    assert '<li class="empty">No claim matches these filters.</li>' in html
