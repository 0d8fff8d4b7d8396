import html as html_lib

import pytest
from django.urls import reverse

from claims.models import Actor, Statement
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


def search(client, query: str):
    return client.get(reverse("search"), {"q": query})


def test_search_without_a_query_shows_the_box(client, corpus):
    response = client.get(reverse("search"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Search · INF KB</title>" in html
    assert 'id="search-q"' in html


def test_search_finds_claims_statements_actors_and_articles(client, corpus):
    response = search(client, "Tomahawk")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Search: Tomahawk · INF KB</title>" in html
    kinds = {hit.kind for hit in response.context["page"]}
    assert {"claim", "statement", "article"} <= kinds
    assert "<mark>Tomahawk</mark>" in html


def test_search_finds_an_actor_by_name_and_links_to_their_page(client, corpus):
    response = search(client, "Patrushev")

    hits = list(response.context["page"])
    assert hits[0].kind == "actor"
    assert 'href="/actors/nikolai-patrushev/">Nikolai <mark>Patrushev</mark></a>' in response.content.decode()


def test_a_statement_hit_links_to_the_quote_in_its_article(client, corpus):
    response = search(client, "universal launchers")

    statement = next(hit.obj for hit in response.context["page"] if hit.kind == "statement")
    assert f'href="{statement.get_absolute_url()}"' in response.content.decode()


def test_search_results_escape_markup_in_quotes_and_in_the_query(client, corpus):
    StatementFactory(text="Nobody has asked us", speaker__name="<script>alert(1)</script>")

    response = search(client, "<script> nobody asked")

    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<script> nobody" not in html
    assert "&lt;script&gt; nobody asked" in html


def test_search_runs_a_constant_number_of_queries(client, corpus, django_assert_max_num_queries):
    # The actors named, the planner's estimates (PostgreSQL), one window per kind of record, one
    # per kind among the hits shown, and two for the weapon systems and their designations.
    with django_assert_max_num_queries(12):
        assert search(client, "missile range").status_code == 200


def test_a_search_too_long_says_so_and_keeps_the_box(client, corpus):
    response = search(client, " ".join(["missile"] * 1300))

    assert response.status_code == 400
    html = response.content.decode()
    assert "A search may have at most 500 characters" in html
    assert 'id="search-q"' in html and not response.context["page"].object_list


def test_a_search_of_too_many_words_names_the_limit(client, corpus):
    response = search(client, "Russia violates the treaty " * 5)

    assert response.status_code == 400
    assert "at most 16 words" in response.content.decode()


@pytest.mark.parametrize(
    "query, weapon",
    [
        ("SSC-8", "9m729"),
        ("9M729", "9m729"),
        ("9М729", "9m729"),  # a Cyrillic М
        ("Mk41", "mk41-vls"),
        ("Mk 41 VLS", "mk41-vls"),
        ("the mk-41 launchers", "mk41-vls"),
    ],
)
def test_search_finds_a_weapon_by_any_spelling_of_a_designation(client, corpus, query, weapon):
    response = search(client, query)

    weapons = [hit.obj.slug for hit in response.context["page"] if hit.kind == "weapon"]
    assert weapons == [weapon]
    assert f'href="/weapons/{weapon}/"' in response.content.decode()


@pytest.mark.parametrize("query, actor", [("Рябков", "sergey-ryabkov"), ("Лавров", "sergey-lavrov")])
def test_a_name_typed_in_cyrillic_finds_the_actor(client, corpus, query, actor):
    response = search(client, query)

    hits = list(response.context["page"])
    assert hits[0].kind == "actor" and hits[0].obj.slug == actor


def test_an_actors_name_finds_his_statements_too(client, corpus):
    ryabkov = Actor.objects.get(slug="sergey-ryabkov")
    said = set(Statement.objects.published().filter(speaker=ryabkov).values_list("pk", flat=True))

    response = search(client, "Ryabkov")

    hits = list(response.context["page"])
    assert hits[0].obj == ryabkov
    assert said and said <= {hit.obj.pk for hit in hits if hit.kind == "statement"}


def test_an_empty_result_says_nothing_was_found_without_a_number(client, corpus):
    response = search(client, "zzyzx")

    html = response.content.decode()
    assert '<p class="nothing-found">Nothing found.' in html
    assert "<li>Nothing found" not in html


@pytest.mark.parametrize("query", ["((((", "“", "-missile", "*"])
def test_a_query_without_a_word_to_look_for_says_so_rather_than_nothing_found(client, corpus, query):
    response = search(client, query)

    html = html_lib.unescape(response.content.decode())
    assert response.status_code == 200
    assert f"“{query}” holds no word to look for" in html
    assert "Nothing found." not in html
