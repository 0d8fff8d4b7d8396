"""Statement.reported_on and Stance.reported_on (and Stance.speaker) stay equal to a fresh computation
through every write.

reported_on is a statement's said_on, or else its article's published_on; a stance holds its
statement's, and its speaker. The pages sort by them through indexes, so a stale value would misplace
a statement, or show it on the wrong actor's page.
"""

import datetime

import pytest

from bench.synthetic import add_synthetic_corpus
from claims.models import Stance, Statement
from infkb.services import deleted_record_restore, records_publish, records_return_to_draft
from tests.factories import ArticleFactory, StanceFactory, StatementFactory

SAID = datetime.date(2018, 10, 20)
PUBLISHED = datetime.date(2018, 10, 22)


def assert_reported_on_fresh() -> None:
    """Every statement's and every stance's reported_on equals one computed now from the rows."""
    for statement in Statement._base_manager.select_related("article"):
        assert statement.reported_on == (statement.said_on or statement.article.published_on), statement.pk
    for stance in Stance._base_manager.select_related("statement"):
        assert stance.reported_on == stance.statement.reported_on, stance.pk
        assert stance.speaker_id == stance.statement.speaker_id, stance.pk


def reported_on(statement: Statement) -> datetime.date:
    return Statement.objects.values_list("reported_on", flat=True).get(pk=statement.pk)


@pytest.fixture
def undated(db) -> Stance:
    """A stance of a statement with no date of its own, in an article of PUBLISHED."""
    return StanceFactory(statement=StatementFactory(article=ArticleFactory(published_on=PUBLISHED)))


def test_the_seed_corpus_is_dated(corpus):
    assert_reported_on_fresh()
    assert Statement.objects.filter(said_on__isnull=True).exists()  # some are dated by their article


def test_a_statement_is_reported_on_its_own_date_or_else_its_article_date(undated):
    dated = StatementFactory(said_on=SAID, article=ArticleFactory(published_on=PUBLISHED))
    assert reported_on(dated) == SAID
    assert reported_on(undated.statement) == PUBLISHED
    assert_reported_on_fresh()


def test_giving_and_removing_a_statement_date_moves_it_and_its_stances(undated):
    statement = undated.statement
    statement.said_on = SAID
    statement.save()
    assert reported_on(statement) == SAID
    assert Stance.objects.get(pk=undated.pk).reported_on == SAID
    statement.said_on = None
    statement.save()
    assert reported_on(statement) == PUBLISHED
    assert_reported_on_fresh()


def test_editing_the_article_date_moves_its_undated_statements_only(undated):
    article = undated.statement.article
    paraphrase = StatementFactory(
        article=article, said_on=SAID, kind=Statement.Kind.PARAPHRASE, text="No", start=None, end=None
    )
    dated = StanceFactory(statement=paraphrase)
    article.published_on = datetime.date(2019, 2, 1)
    article.save()
    assert reported_on(undated.statement) == datetime.date(2019, 2, 1)
    assert Stance.objects.get(pk=undated.pk).reported_on == datetime.date(2019, 2, 1)
    assert reported_on(dated.statement) == SAID
    assert_reported_on_fresh()


def test_moving_a_statement_to_another_article_takes_that_article_date(undated):
    statement = undated.statement
    statement.article = ArticleFactory(published_on=datetime.date(2020, 5, 5))
    statement.start = statement.end = None
    statement.kind = Statement.Kind.PARAPHRASE
    statement.save()
    assert reported_on(statement) == datetime.date(2020, 5, 5)
    assert Stance.objects.get(pk=undated.pk).reported_on == datetime.date(2020, 5, 5)
    assert_reported_on_fresh()


def test_a_stance_moved_to_another_statement_takes_its_date(undated):
    other = StatementFactory(said_on=SAID)
    undated.statement = other
    undated.save()
    assert Stance.objects.get(pk=undated.pk).reported_on == SAID
    assert_reported_on_fresh()


def test_a_new_speaker_of_a_statement_is_its_stances_speaker_too(undated):
    statement = undated.statement
    other = StatementFactory()
    statement.speaker = other.speaker
    statement.save()
    assert Stance.objects.get(pk=undated.pk).speaker_id == other.speaker_id
    moved = StanceFactory(statement=other)
    moved.statement = statement
    moved.save(update_fields=["statement"])
    assert Stance.objects.get(pk=moved.pk).speaker_id == statement.speaker_id
    assert_reported_on_fresh()


def test_publishing_unpublishing_deleting_and_restoring_keep_the_dates(undated, admin_user):
    statement = undated.statement
    records_return_to_draft(records=Statement.objects.filter(pk=statement.pk), reviewer=admin_user)
    records_publish(records=Statement.objects.filter(pk=statement.pk), reviewer=admin_user)
    assert_reported_on_fresh()
    statement_pk = statement.pk
    statement.delete()
    deletion = Statement.history.get(id=statement_pk, history_type="-")
    deleted_record_restore(historical_record=deletion, user=admin_user)
    assert reported_on(Statement.objects.get(pk=statement_pk)) == PUBLISHED
    assert Stance.objects.filter(statement_id=statement_pk).exists()
    assert_reported_on_fresh()


def test_the_bulk_loaded_corpus_is_dated(db):
    add_synthetic_corpus(statements=40)
    assert Stance.objects.exists()
    assert_reported_on_fresh()
