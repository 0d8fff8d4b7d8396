import pytest
from django.core.exceptions import ValidationError

from claims.models import Statement
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
