import itertools

import pytest
from django.db import connection

from claims.models import Actor, Claim, Statement
from claims.search import SearchHit, parse_query, query_terms, search_queryset
from claims.top_hits import search_everything
from infkb.provenance import ReviewStatus
from tests.factories import ClaimFactory, StatementFactory

URL = "/api/v1/search/"


def test_query_terms_are_the_positive_words_and_phrases():
    assert query_terms('"Mk 41" launchers -Tomahawk OR missiles') == ["mk 41", "launchers", "missiles"]
    assert query_terms("-only -negative") == []
    assert parse_query("a OR b c").required == ((("a",), ("b",)), (("c",),))


def test_search_everything_finds_every_kind_with_plain_text_snippets(corpus):
    hits = list(search_everything("Tomahawk", limit=50))

    assert {hit.kind for hit in hits} >= {"claim", "statement", "article"}
    assert all(isinstance(hit, SearchHit) and "<" not in hit.snippet for hit in hits)
    assert all("tomahawk" in hit.snippet.lower() for hit in hits if hit.kind in {"claim", "statement"})
    assert hits == sorted(hits, key=lambda hit: -hit.score)
    statement = next(hit for hit in hits if hit.kind == "statement")
    assert statement.title.startswith(f"{statement.obj.speaker}: ")


def test_search_is_stemmed_and_understands_phrases_negation_and_or(corpus):
    claims = Claim.objects.published()

    violates = {c.slug for c in search_queryset(claims, "violation")}
    assert {"russia-violates-inf-treaty", "us-violates-inf-treaty"} <= violates
    assert "us-violates-inf-treaty" not in {c.slug for c in search_queryset(claims, "violation -United")}
    phrase = {c.slug for c in search_queryset(claims, '"Mk 41 launcher"')}
    assert phrase == {"us-glcm-test-used-mk41", "mk41-can-fire-tomahawk"}
    either = {c.slug for c in search_queryset(claims, "Tomahawk OR 9M729")}
    assert either == {c.slug for c in search_queryset(claims, "Tomahawk")} | {
        c.slug for c in search_queryset(claims, "9M729")
    }
    assert list(search_queryset(claims, "-Tomahawk")) == []


def test_actor_search_finds_romanisation_variants(corpus):
    for spelling in ("Yermakov", "Ermakov", "Jermakov", "Sergei Lavrov", "Sergey Lavrov"):
        assert search_queryset(Actor.objects.all(), spelling).first().slug in {
            "vladimir-yermakov",
            "sergey-lavrov",
        }


def test_the_index_follows_inserts_updates_and_deletes(db, corpus):
    claim = ClaimFactory(text="Zorbulating missiles are banned")
    assert list(search_queryset(Claim.objects.all(), "zorbulating")) == [claim]

    claim.text = "Quibbling missiles are banned"
    claim.save()
    assert list(search_queryset(Claim.objects.all(), "zorbulating")) == []
    assert list(search_queryset(Claim.objects.all(), "quibbling")) == [claim]

    claim.delete()
    assert list(search_queryset(Claim.objects.all(), "quibbling")) == []


def test_drafts_are_not_searched_unless_asked(corpus):
    draft = StatementFactory(status=ReviewStatus.DRAFT)

    assert draft not in [hit.obj for hit in search_everything("Nobody asked", kinds=["statement"])]
    found = search_everything("Nobody asked", kinds=["statement"], published_only=False)
    assert draft in [hit.obj for hit in found]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 tables")
def test_sqlite_keeps_the_fts5_triggers_after_all_migrations(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_fts_%'")
        triggers = {row[0] for row in cursor.fetchall()}
    tables = ["claims_statement", "claims_claim", "claims_actor", "sources_article"]
    assert triggers == {
        f"{table}_fts_{action}" for table in tables for action in ("insert", "update", "delete")
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN indexes")
def test_postgresql_searches_through_the_gin_index(db, corpus):
    queryset = search_queryset(Statement.objects.all(), "Tomahawk")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "claims_statement_fts_idx" in plan


def test_the_search_endpoint_returns_hits_with_links(api, corpus):
    response = api.get(URL, {"q": "Ermakov", "kind": ["actor", "statement"]})

    body = response.json()
    assert response.status_code == 200
    assert body["results"][0]["kind"] == "actor"
    assert body["results"][0]["url"].endswith(f"/api/v1/actors/{body['results'][0]['id']}/")
    assert {hit["kind"] for hit in body["results"]} <= {"actor", "statement"}


@pytest.mark.parametrize(
    "params", [{}, {"q": "x", "kind": "poem"}, {"q": "x", "limit": "0"}, {"q": "x", "typo": "1"}]
)
def test_the_search_endpoint_refuses_bad_parameters_by_name(api, corpus, params):
    response = api.get(URL, params)

    assert response.status_code == 400
    assert set(response.json()) <= {"q", "kind", "limit", "typo"}


def test_search_queryset_works_as_a_subquery_and_ranks_best_first(corpus):
    claims = Claim.objects.published()
    found = search_queryset(claims, "violation")
    ranks = [claim.search_rank for claim in found]

    assert ranks == sorted(ranks, reverse=True) and ranks[-1] > 0
    nested = Claim.objects.filter(pk__in=found.values("pk")).exclude(pk__in=search_queryset(claims, "United"))
    assert {claim.slug for claim in nested} == {
        claim.slug for claim in search_queryset(claims, "violation -United")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Mk-41", "Mk 41", "MK 41"])
def test_a_designation_is_found_however_it_is_hyphenated_on_either_database(corpus, query):
    from claims.top_hits import search_everything

    hits = search_everything(query, kinds=["claim"])
    assert any("Mk 41" in hit.title for hit in hits)


def words(count: int) -> str:
    """`count` words of the seed corpus, repeated as an attacker's query repeats them."""
    return " ".join(itertools.islice(itertools.cycle(["missile", "treaty", "russia", "launcher"]), count))


LONG_QUERIES = {
    "10 kB": words(1300),
    "17 words": words(17),
    "17 terms, 16 excluded": "treaty " + " ".join(f"-w{n}" for n in range(16)),
}


@pytest.mark.parametrize("path", ["/api/v1/search/", "/api/v1/actors/", "/api/v1/statements/"])
@pytest.mark.parametrize("query", LONG_QUERIES.values(), ids=LONG_QUERIES.keys())
def test_a_query_too_long_to_search_is_a_400_naming_q(api, corpus, path, query):
    response = api.get(path, {"q": query})

    assert response.status_code == 400
    assert list(response.json()) == ["q"] and "at most" in response.json()["q"][0]


def test_an_export_refuses_a_query_too_long_as_its_list_does(api, corpus):
    response = api.get("/api/v1/claims/export/csv/", {"q": words(20)})

    assert response.status_code == 400 and "q" in response.json()


def test_sixteen_words_or_a_long_quoted_phrase_are_still_searched(api, corpus):
    statement = Statement.objects.published().filter(text__regex=r"(\w+\W+){20}").first()
    phrase = '"' + " ".join(statement.text.split()[:20]) + '"'

    assert api.get("/api/v1/statements/", {"q": words(16)}).status_code == 200
    found = api.get("/api/v1/statements/", {"q": phrase})
    assert found.status_code == 200 and statement.pk in {hit["id"] for hit in found.json()["results"]}


def test_a_format_search_does_not_offer_is_a_400_naming_it(api, corpus):
    response = api.get(URL, {"q": "Tomahawk", "format": "csv"})  # was a bare 404, as if no search existed

    assert response.status_code == 400
    assert list(response.json()) == ["format"] and "json" in response.json()["format"][0]
