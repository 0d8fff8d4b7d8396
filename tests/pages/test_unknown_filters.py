"""A filter value a page does not know lists nothing and says which value it did not understand.

docs/pages.md, "Filters": never an unfiltered list passed off as a filtered one, never a 500.
"""

import html as html_lib

import pytest
from django.urls import reverse

from claims.models import Actor, WeaponSystem
from tests.factories import ActorFactory
from tests.pages.planner import PLANNER_QUERIES

pytestmark = pytest.mark.django_db

# (page, its filters, the notice's words, the link back without the value not understood)
UNKNOWN = [
    ("actor-list", {"kind": "robot"}, "No kind of actor “robot”", "/actors/"),
    ("actor-list", {"country": "atlantis"}, "No country “atlantis”", "/actors/"),
    (
        "actor-list",
        {"kind": "person", "country": "atlantis"},
        "No country “atlantis”",
        "/actors/?kind=person",
    ),
    ("claim-list", {"weapon": "nonexistent"}, "No weapon system “nonexistent”", "/claims/"),
    ("claim-list", {"actor": "nobody"}, "No actor “nobody”", "/claims/"),
    (
        "claim-list",
        {"stance": "maybe"},
        "No stance “maybe” (there are: asserts, denies, mentions)",
        "/claims/",
    ),
    ("claim-list", {"weapon": "9m729", "actor": "nobody"}, "No actor “nobody”", "/claims/?weapon=9m729"),
    ("timeline", {"actor": "nobody"}, "No actor “nobody”", "/timeline/"),
    ("timeline", {"weapon": "nonexistent"}, "No weapon system “nonexistent”", "/timeline/"),
    ("timeline", {"weapon": "nonexistent", "page": "3"}, "No weapon system “nonexistent”", "/timeline/"),
]


def get(client, name: str, params: dict):
    return client.get(reverse(name), params)


@pytest.mark.parametrize(("name", "params", "words", "back"), UNKNOWN)
def test_an_unknown_filter_value_lists_nothing_and_says_so(client, corpus, name, params, words, back):
    response = get(client, name, params)

    assert response.status_code == 200
    page = html_lib.unescape(response.content.decode())
    assert words in page
    assert "so nothing is listed" in page
    assert f'<a href="{back}">Show the list without this filter</a>' in page
    assert list(response.context["page"]) == []


@pytest.mark.parametrize(("name", "params", "words", "back"), UNKNOWN)
def test_the_link_back_lists_what_the_other_filters_match(client, corpus, name, params, words, back):
    path, _, query = back.partition("?")
    response = client.get(f"{path}?{query}")

    assert response.status_code == 200
    assert "so nothing is listed" not in response.content.decode()
    assert list(response.context["page"])


def test_an_actors_page_with_an_unknown_claim_says_so_instead_of_listing_every_claim(client, corpus):
    url = reverse("actor-detail", kwargs={"slug": "nikolai-patrushev"})

    response = client.get(url, {"claim": "no-such-claim"})

    assert response.status_code == 200
    page = html_lib.unescape(response.content.decode())
    assert "No claim “no-such-claim” among Nikolai Patrushev’s statements, so nothing is listed." in page
    assert f'<a href="{url}">Show the list without this filter</a>' in page
    assert list(response.context["page"]) == []
    assert "is linked to a claim" not in page  # not "he said nothing"


def test_a_drafts_slug_reads_as_an_unknown_one(client, corpus):
    """Readers may not learn that a draft exists: its slug is "not understood" like a typo."""
    draft = ActorFactory(status="draft", slug="draft-speaker")
    WeaponSystem.objects.filter(slug="9m729").update(status="draft")

    for name, params, words in [
        ("claim-list", {"actor": draft.slug}, "No actor “draft-speaker”"),
        ("timeline", {"actor": draft.slug}, "No actor “draft-speaker”"),
        ("claim-list", {"weapon": "9m729"}, "No weapon system “9m729”"),
        ("timeline", {"weapon": "9m729"}, "No weapon system “9m729”"),
    ]:
        response = get(client, name, params)
        assert words in html_lib.unescape(response.content.decode()), (name, params)
        assert list(response.context["page"]) == []


def test_a_country_without_nationals_lists_nothing_without_a_notice(client, corpus):
    """The filter was understood: the list is honestly empty."""
    ActorFactory(kind=Actor.Kind.STATE, slug="tuvalu", name="Tuvalu")

    response = get(client, "actor-list", {"country": "tuvalu"})

    assert list(response.context["page"]) == []
    assert "so nothing is listed" not in response.content.decode()


def test_the_value_not_understood_is_escaped_and_cut_short(client, corpus):
    pasted = "<script>alert(1)</script>" + "x" * 500

    response = get(client, "claim-list", {"actor": pasted})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" + "x" * 40 in page
    assert "x" * 100 not in page


@pytest.mark.parametrize(
    ("name", "params", "queries"),
    [
        ("actor-list", {"kind": "robot", "country": "atlantis"}, 3),
        ("claim-list", {"weapon": "nonexistent", "actor": "nobody", "stance": "maybe"}, 4),
        ("timeline", {"weapon": "nonexistent", "actor": "nobody"}, 4 + PLANNER_QUERIES),
    ],
)
def test_a_page_with_unknown_filters_runs_a_constant_number_of_queries(
    client, corpus, django_assert_max_num_queries, name, params, queries
):
    with django_assert_max_num_queries(queries):
        assert get(client, name, params).status_code == 200


def test_an_actors_page_with_an_unknown_claim_runs_a_constant_number_of_queries(
    client, corpus, django_assert_max_num_queries
):
    url = reverse("actor-detail", kwargs={"slug": "nikolai-patrushev"})
    with django_assert_max_num_queries(11 + PLANNER_QUERIES):
        assert client.get(url, {"claim": "no-such-claim"}).status_code == 200
