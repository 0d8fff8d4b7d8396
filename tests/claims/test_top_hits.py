"""The search box ranks a bounded window per kind: the newest records holding the query's words."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from claims import match_window, top_hits
from claims.top_hits import search_everything
from tests.factories import ActorFactory, ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db


def said(text: str, **kwargs) -> object:
    """A published statement quoting `text` from an article of its own."""
    article = ArticleFactory(text=f"Reported today. {text}. More later.")
    return StatementFactory(article=article, text=text, **kwargs)


@pytest.fixture
def window_of_three(monkeypatch):
    monkeypatch.setattr(top_hits, "SEARCH_WINDOW", 3)


def test_only_the_newest_matches_are_ranked_and_the_results_say_there_were_more(window_of_three):
    statements = [said(f"Zorbulating launchers, report {n}") for n in range(5)]

    results = search_everything("zorbulating", kinds=["statement"])

    assert {hit.obj for hit in results} == set(statements[-3:])
    assert results.crowded == ("statement",)


def test_a_window_that_holds_every_match_is_not_crowded(window_of_three):
    said("Zorbulating launchers")

    results = search_everything("zorbulating", kinds=["statement"])

    assert len(results) == 1 and results.crowded == ()


def test_a_phrase_and_an_exclusion_are_checked_on_the_newest_records_holding_the_words(window_of_three):
    phrase = said("The zorbulating launchers were seen")
    said("Launchers, zorbulating ones")  # both words, not the phrase
    excluded = said("The zorbulating launchers of Romania")

    found = search_everything('"zorbulating launchers"', kinds=["statement"])
    assert {hit.obj for hit in found} == {phrase, excluded}
    found = search_everything('"zorbulating launchers" -Romania', kinds=["statement"])
    assert [hit.obj for hit in found] == [phrase]


def test_the_statements_of_a_named_actor_are_candidates_ranked_below_their_own_words(window_of_three):
    speaker = ActorFactory(name="Quentin Zorbulov")
    own_words = said("Zorbulov is right")
    of_the_speaker = said("We never agreed", speaker=speaker)

    hits = search_everything("Zorbulov", kinds=["statement", "actor"])

    assert [hit.obj for hit in hits] == [speaker, own_words, of_the_speaker]


def test_the_search_page_says_older_matches_were_not_ranked(client, window_of_three):
    for n in range(5):
        said(f"Zorbulating launchers, report {n}")

    html = client.get("/search/", {"q": "zorbulating"}).content.decode()

    assert (
        "6+ results: each kind ranks its newest 3 records with these words, "
        "and older statements and articles were not ranked." in html
    )


def test_the_search_endpoint_names_the_kinds_whose_window_was_full(window_of_three):
    for n in range(5):
        said(f"Zorbulating launchers, report {n}")

    body = APIClient().get("/api/v1/search/", {"q": "zorbulating", "kind": "statement"}).json()

    assert body["window"] == 3 and body["truncated"] == ["statement"]
    assert len(body["results"]) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL chooses how to find the newest")
def test_walking_the_newest_records_and_sorting_the_index_matches_find_the_same(monkeypatch, corpus):
    def found(few_candidates: int) -> list:
        monkeypatch.setattr(match_window, "FEW_CANDIDATES", few_candidates)
        results = search_everything('missile OR launcher -Tomahawk "the treaty"', limit=100)
        return [(hit.kind, hit.obj.pk, round(hit.score, 6)) for hit in results]

    assert found(0) == found(10**9) != []
