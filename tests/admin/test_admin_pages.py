"""The editors' admin: every page opens, and a quote goes from paste to anchored statement."""

from html import unescape

import pytest
from django.contrib import admin
from django.urls import reverse

from claims.models import Actor, Statement
from sources.models import Article, Outlet

REGISTERED = sorted(
    (m for m in admin.site._registry if m._meta.app_label in ("claims", "sources")),
    key=lambda m: m._meta.label,
)


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_every_admin_page_of_every_model_opens_for_an_editor(editor_client, corpus, model):
    opts = model._meta
    changelist = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    add = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    first = model.objects.first()
    change = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
    history = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[first.pk]))

    assert (changelist.status_code, add.status_code, change.status_code, history.status_code) == (200,) * 4


@pytest.mark.django_db
def test_the_changelist_search_finds_an_actor_by_a_spelling_that_is_only_an_alias(editor_client, corpus):
    response = editor_client.get(reverse("admin:claims_actor_changelist"), {"q": "Ermakov"})
    assert "Vladimir Yermakov" in response.text


def inline_management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


NEW_ARTICLE_TEXT = (
    "Kremlin spokesman Dmitry Peskov said on Monday that Moscow had not received any proposal. "
    "“We have seen nothing on paper,” Peskov told reporters."
)


def new_article_post(quote: str, speaker: Actor, outlet: Outlet) -> dict[str, str]:
    return {
        "title": "Peskov: nothing on paper",
        "slug": "peskov-nothing-on-paper",
        "outlet": str(outlet.pk),
        "url": "https://example.org/peskov",
        "published_on": "2019-08-05",
        "published_precision": "day",
        "language": "en",
        "original_language": "",
        "translation": "original",
        "translation_note": "",
        "text": NEW_ARTICLE_TEXT,
        **inline_management("statements", 1),
        "statements-0-speaker": str(speaker.pk),
        "statements-0-kind": "quote",
        "statements-0-status": "draft",
        "statements-0-text": quote,
        "statements-0-occurrence": "",
        "statements-0-speaker_role": "Kremlin spokesman",
        "statements-0-venue": "told reporters",
        "statements-0-said_on": "",
        "statements-0-said_precision": "day",
    }


@pytest.mark.django_db
def test_an_editor_adds_a_new_article_and_a_pasted_quote_in_one_save(editor_client, editor, corpus):
    peskov = Actor.objects.create(name="Dmitry Peskov", slug="dmitry-peskov", kind=Actor.Kind.PERSON)
    outlet = Outlet.objects.first()

    response = editor_client.post(
        reverse("admin:sources_article_add"),
        new_article_post("“We have seen nothing on paper,”", peskov, outlet),
    )

    assert response.status_code == 302, response.context["errors"] if response.context else response
    article = Article.objects.get(slug="peskov-nothing-on-paper")
    statement = article.statements.get()
    assert statement.text == "We have seen nothing on paper,"
    assert article.text[statement.start : statement.end] == statement.text
    assert statement.speaker == peskov and statement.created_by == editor
    assert article.created_by == editor


@pytest.mark.django_db
def test_a_pasted_quote_that_is_not_in_the_text_is_a_form_error_and_nothing_is_saved(editor_client, corpus):
    peskov = Actor.objects.create(name="Dmitry Peskov", slug="dmitry-peskov", kind=Actor.Kind.PERSON)

    response = editor_client.post(
        reverse("admin:sources_article_add"),
        new_article_post("We have seen nothing at all", peskov, Outlet.objects.first()),
    )

    assert response.status_code == 200
    assert "does not occur verbatim in the article" in response.text
    assert not Article.objects.filter(slug="peskov-nothing-on-paper").exists()


@pytest.mark.django_db
def test_an_editor_adds_a_statement_to_an_existing_article_from_the_statement_page(editor_client, corpus):
    article = Article.objects.get(text__contains="Westdeutsche Allgemeine Zeitung")
    stoltenberg = Actor.objects.by_alias("Stoltenberg").get()
    quote = "NATO countries do not intend to deploy new ground-based nuclear missiles in Europe"
    Statement.objects.filter(article=article, text=quote).delete()

    response = editor_client.post(
        reverse("admin:claims_statement_add"),
        {
            "article": str(article.pk),
            "speaker": str(stoltenberg.pk),
            "speaker_role": "NATO Secretary General",
            "kind": "paraphrase",
            "status": "draft",
            "text": quote,
            "occurrence": "",
            "said_on": "2019-08-01",
            "said_precision": "month",
            "venue": "",
            **inline_management("stances", 0),
        },
    )

    assert response.status_code == 302
    statement = Statement.objects.get(article=article, text=quote)
    assert article.text[statement.start : statement.end] == quote


@pytest.mark.django_db
def test_the_statement_list_names_its_filters_apart_and_shows_each_articles_outlet_and_date(
    editor_client, corpus
):
    response = editor_client.get(reverse("admin:claims_statement_changelist"))

    html = unescape(response.content.decode())
    assert html.count("By kind") == 1
    assert "By speaker's kind" in html
    statement = Statement.objects.select_related("article__outlet").first()
    article = statement.article
    assert f'<span title="{article.title}">{article.outlet.name}, {article.published_display}</span>' in html
