"""The admin's lists, searches and change forms cost what they show, not what the database holds.

Their speed is measured by bench/admin_pages.py; here, what an editor notices of the means: the
statement search still finds a statement by a word of its text, its speaker's name or alias and
its article's title (through the full-text index on PostgreSQL), a list past the count's bound
says "more than", and the number of queries does not grow with the rows.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from claims.models import ActorAlias, Statement
from infkb.admin_paginator import BoundedCountPaginator
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "The ministry said the new Zarnitsa missiles violate the treaty. "
    "“Nobody has asked us,” he added. “We are ready to talk,” he repeated."
)


@pytest.fixture
def statements():
    """Kvasnikov (alias "Petr Kvasnikov") on missiles in an interview, and somebody else on talks."""
    speaker = ActorFactory(name="Pyotr Kvasnikov", slug="pyotr-kvasnikov")
    ActorAlias.objects.create(actor=speaker, name="Petr Kvasnikov")
    interview = ArticleFactory(title="Interview with Vedomostnik", text=f"{TEXT} One.")
    missiles = StatementFactory(article=interview, speaker=speaker, text="the new Zarnitsa missiles violate")
    briefing = ArticleFactory(title="Press briefing", text=f"{TEXT} Two.")
    talks = StatementFactory(article=briefing, text="ready to talk")
    return missiles, talks


def found(client, query: str, statements) -> set[int]:
    """Which of `statements` the changelist's search finds (the seed corpus has its own)."""
    response = client.get(reverse("admin:claims_statement_changelist"), {"q": query})
    assert response.status_code == 200
    return {statement.pk for statement in response.context["cl"].result_list} & {s.pk for s in statements}


@pytest.mark.parametrize(
    "query",
    ["zarnitsa", "Zarnitsa missiles", "missile zarnitsa", "Kvasnikov", "Petr", "petr kvasnikov"]
    + ["Vedomostnik", "kvasnikov violate"],
)
def test_the_statement_search_finds_a_statement_by_its_words_speaker_alias_and_article(
    editor_client, statements, query
):
    missiles, talks = statements
    assert found(editor_client, query, statements) == {missiles.pk}


def test_the_statement_search_needs_every_word_somewhere(editor_client, statements):
    assert found(editor_client, "zarnitsa briefing", statements) == set()
    assert found(editor_client, "ready briefing", statements) == {statements[1].pk}


def test_the_stance_inlines_statement_autocomplete_finds_a_word_being_typed(editor_client, statements):
    missiles, _ = statements
    url = reverse("admin:autocomplete")
    params = {"app_label": "claims", "model_name": "stance", "field_name": "statement"}
    typed = editor_client.get(url, {**params, "term": "zarni"}).json()
    by_alias = editor_client.get(url, {**params, "term": "Petr Kvas"}).json()

    assert [row["id"] for row in typed["results"]] == [str(missiles.pk)]
    assert [row["id"] for row in by_alias["results"]] == [str(missiles.pk)]


def test_a_list_longer_than_the_count_bound_says_more_than(editor_client, statements, monkeypatch):
    monkeypatch.setattr(BoundedCountPaginator, "bound", 1)
    monkeypatch.setattr(admin.site._registry[Statement], "list_per_page", 1)
    StatementFactory(text="We are ready to talk")

    listed = editor_client.get(reverse("admin:claims_statement_changelist"))
    searched = editor_client.get(reverse("admin:claims_statement_changelist"), {"q": "ready"})
    one = editor_client.get(reverse("admin:claims_statement_changelist"), {"q": "zarnitsa"})

    assert "more than 1 statement" in listed.text
    assert "more than 1 result" in searched.text
    assert "more than" not in one.text and "1 statement" in one.text


def test_the_actor_list_shows_the_published_statements_counter(editor_client, statements):
    missiles, _ = statements
    draft = {"text": "Nobody has asked us", "status": "draft"}
    StatementFactory(article=missiles.article, speaker=missiles.speaker, **draft)

    response = editor_client.get(reverse("admin:claims_actor_changelist"), {"q": "Kvasnikov"})

    assert '<td class="field-statement_count">1</td>' in response.text


def test_the_article_list_counts_each_articles_statements(editor_client, statements):
    missiles, _ = statements
    StatementFactory(article=missiles.article, text="Nobody has asked us")

    response = editor_client.get(reverse("admin:sources_article_changelist"))

    counts = {article.title: article.n_statements for article in response.context["cl"].result_list}
    assert counts["Interview with Vedomostnik"] == 2 and counts["Press briefing"] == 1


# Each shown inline row's statement and claim are looked up for their autocomplete widgets (at
# most max_inline_rows of them); each inline's rows are counted once, not at every ask for the
# inlines (the old code counted the claim's four inlines twice: 4 queries more).
@pytest.mark.parametrize("stances, queries", [(1, 20), (6, 29)])
def test_a_claims_change_form_counts_each_inline_once(
    editor_client, django_assert_max_num_queries, stances, queries
):
    claim = ClaimFactory(status="draft")
    for _ in range(stances):
        StanceFactory(claim=claim)

    with django_assert_max_num_queries(queries):
        response = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_the_statement_list_and_search_take_as_many_queries_whatever_the_rows(
    editor_client, django_assert_max_num_queries, rows
):
    speaker = ActorFactory(name="Pyotr Kvasnikov", slug="pyotr-kvasnikov")
    for _ in range(rows):
        StanceFactory(statement=StatementFactory(speaker=speaker), claim=ClaimFactory())

    with django_assert_max_num_queries(14):
        editor_client.get(reverse("admin:claims_statement_changelist"), {"q": "kvasnikov"})
    with django_assert_max_num_queries(14):
        editor_client.get(reverse("admin:claims_statement_changelist"))


@pytest.mark.parametrize(
    "query, both",
    [("Vedomostnik", False), ("zarnitsa", True), ("vedomostnik zarnitsa", False)]
    + [("example.org/article", True)],
)
def test_the_article_search_finds_an_article_by_its_title_text_or_url(editor_client, statements, query, both):
    missiles, talks = statements
    response = editor_client.get(reverse("admin:sources_article_changelist"), {"q": query})

    listed = {article.pk for article in response.context["cl"].result_list}
    assert missiles.article.pk in listed
    assert (talks.article.pk in listed) == both
