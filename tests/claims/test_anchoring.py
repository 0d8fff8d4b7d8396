import pytest
from django.core.exceptions import ValidationError

from claims.models import Statement
from sources.anchoring import Drift
from sources.models import Article
from tests.factories import ActorFactory, ArticleFactory, StatementFactory


def make_quote(article, text, occurrence=None) -> Statement:
    statement = Statement(article=article, speaker=ActorFactory(), kind=Statement.Kind.QUOTE, text=text)
    statement.occurrence = occurrence
    return statement


@pytest.mark.django_db
def test_a_quote_gets_its_offsets_found_automatically():
    article = ArticleFactory()
    statement = make_quote(article, "Nobody has asked us")
    statement.full_clean()
    statement.save()

    assert article.text[statement.start : statement.end] == "Nobody has asked us"


@pytest.mark.django_db
def test_quotation_marks_pasted_around_a_quote_are_dropped():
    article = ArticleFactory()
    statement = make_quote(article, "  “Nobody has asked us”  ")
    statement.full_clean()

    assert statement.text == "Nobody has asked us"
    assert article.text[statement.start : statement.end] == statement.text


@pytest.mark.django_db
def test_a_quote_that_is_not_in_the_article_is_refused_with_a_message():
    article = ArticleFactory()
    statement = make_quote(article, "We will never talk")

    with pytest.raises(ValidationError) as error:
        statement.full_clean()

    assert "does not occur verbatim in the article" in error.value.message_dict["text"][0]
    assert not Statement.objects.filter(text="We will never talk").exists()


@pytest.mark.django_db
def test_a_quote_that_occurs_twice_needs_the_editor_to_pick_one():
    article = ArticleFactory()
    statement = make_quote(article, "We are ready to talk")

    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "occurs 2 times" in error.value.message_dict["text"][0]

    statement.occurrence = 2
    statement.full_clean()
    first = article.text.index("We are ready to talk")
    assert statement.start == article.text.index("We are ready to talk", first + 1)


@pytest.mark.django_db
def test_a_paraphrase_in_the_editors_own_words_is_saved_without_an_anchor():
    article = ArticleFactory()
    statement = Statement(
        article=article, speaker=ActorFactory(), kind=Statement.Kind.PARAPHRASE, text="He wants talks."
    )
    statement.full_clean()
    statement.save()

    assert statement.start is None and statement.end is None


@pytest.mark.django_db
def test_editing_the_article_text_moves_anchors_that_still_match():
    statement = StatementFactory(text="Nobody has asked us")
    article = statement.article

    article.text = "A new first sentence. " + article.text
    article.full_clean()
    article.save()

    statement.refresh_from_db()
    assert article.text[statement.start : statement.end] == "Nobody has asked us"
    latest = statement.history.first()
    assert (latest.start, latest.history_change_reason) == (
        statement.start,
        "Anchor moved with an edit of the article text",
    )


@pytest.mark.django_db
def test_editing_the_article_text_cannot_break_an_anchor_silently():
    statement = StatementFactory(text="Nobody has asked us")
    article = statement.article
    original_text = article.text

    article.text = original_text.replace("Nobody has asked us", "Nobody asked")
    with pytest.raises(ValidationError) as error:
        article.full_clean()

    message = error.value.message_dict["text"][0]
    assert f"#{statement.pk}" in message and "Nobody has asked us" in message
    article.refresh_from_db()
    assert article.text == original_text


@pytest.mark.django_db
def test_the_content_hash_follows_the_text():
    article = ArticleFactory(text="One text.")
    first_hash = article.content_hash
    article.text = "Another text."
    article.save()

    assert len(first_hash) == 64 and article.content_hash != first_hash


# ---------------------------------------------------------------- corrections of a seed article


def seed_article_with(words: str) -> Article:
    return Article.objects.get(text__contains=words)


def anchored_words(article: Article) -> dict[int, str]:
    return {s.pk: article.text[s.start : s.end] for s in article.statements.filter(start__isnull=False)}


@pytest.mark.django_db
def test_correcting_inf_committee_is_accepted_and_every_quote_keeps_its_words(corpus):
    article = seed_article_with("INF Committee")
    quotes_before = {
        s.pk: s.text for s in article.statements.filter(kind=Statement.Kind.QUOTE, start__isnull=False)
    }

    article.text = article.text.replace("INF Committee", "INF Treaty")
    article.full_clean()
    article.save()

    article.refresh_from_db()
    words = anchored_words(article)
    assert {pk: words[pk] for pk in quotes_before} == quotes_before
    # Both quotes of "Russian violations" are still two different places.
    violations = article.statements.filter(text="Russian violations")
    assert violations.count() == 2 and len({s.start for s in violations}) == 2


@pytest.mark.django_db
def test_a_paraphrase_anchored_on_corrected_words_follows_them_and_is_listed_for_review(corpus):
    article = seed_article_with("INF Committee")
    paraphrase = article.statements.get(text__contains="INF Committee")

    article.text = article.text.replace("INF Committee", "INF Treaty")
    article.full_clean()
    article.save()

    paraphrase.refresh_from_db()
    assert paraphrase.text.endswith("implementation of the INF Treaty was held twice")
    assert article.text[paraphrase.start : paraphrase.end] == paraphrase.text
    assert paraphrase.anchor_drift == Drift.REWORDED
    assert paraphrase.history.first().history_change_reason == "Words follow a correction of the article text"


@pytest.mark.django_db
def test_anchors_that_moved_are_recorded_in_history_with_the_new_selector(corpus):
    article = seed_article_with("INF Committee")
    later_quote = article.statements.get(text__startswith="There should be facts")

    article.text = article.text.replace("INF Committee", "INF Treaty")
    article.full_clean()
    article.save()

    later_quote.refresh_from_db()
    assert later_quote.anchor_drift == Drift.MOVED
    assert later_quote.anchor_text_hash == article.content_hash
    assert article.text[: later_quote.start].endswith(later_quote.anchor_prefix)
    assert article.text[later_quote.end :].startswith(later_quote.anchor_suffix)
    assert later_quote.history.first().start == later_quote.start


@pytest.mark.django_db
def test_an_edit_inside_a_quote_is_refused_naming_that_statement_only(corpus):
    article = seed_article_with("INF Committee")
    original = article.text
    # The second "Russian violations" is a quote of its own (Bolton's words).
    second = original.index("Russian violations", original.index("Russian violations") + 1)
    quote = article.statements.get(text="Russian violations", start=second)
    article.text = original[:second] + "Russian breaches" + original[second + len("Russian violations") :]

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    message = error.value.message_dict["text"][0]
    assert f"#{quote.pk} " in message and "1 statement(s)" in message
    article.refresh_from_db()
    assert article.text == original


@pytest.mark.django_db
def test_an_anchor_loaded_without_its_hash_is_found_again_by_its_words():
    statement = StatementFactory(text="Nobody has asked us")
    Statement.objects.filter(pk=statement.pk).update(anchor_text_hash="0" * 64)
    article = statement.article

    article.text = article.text.replace("The minister said on Monday", "On Monday the minister said")
    article.full_clean()
    article.save()

    statement.refresh_from_db()
    assert article.text[statement.start : statement.end] == "Nobody has asked us"
    assert statement.anchor_text_hash == article.content_hash


@pytest.mark.django_db
def test_drifted_anchors_are_listed_for_review_and_an_editor_marks_them_checked(editor_client, corpus):
    from django.urls import reverse

    article = seed_article_with("INF Committee")
    article.text = article.text.replace("INF Committee", "INF Treaty")
    article.full_clean()
    article.save()
    reworded = article.statements.get(anchor_drift=Drift.REWORDED)
    url = reverse("admin:claims_statement_changelist")

    listed = editor_client.get(url, {"anchor_drift__exact": Drift.REWORDED})
    assert [s.pk for s in listed.context["cl"].result_list] == [reworded.pk]

    response = editor_client.post(
        url, {"action": "mark_anchors_checked", "_selected_action": [reworded.pk]}, follow=True
    )
    assert "1 anchor(s) marked as checked." in response.content.decode()
    reworded.refresh_from_db()
    assert reworded.anchor_drift == Drift.NONE
    assert (
        reworded.history.first().history_change_reason == "Anchor checked after an edit of the article text"
    )
