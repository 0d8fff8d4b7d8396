"""Statement.objects.latest(): newest first, an article's quotes in reading order, its paraphrases after
them; on SQLite read from an index (migration 0017), not by sorting every published statement."""

import pytest
from django.db import connection

from claims.models import Statement
from tests.factories import ActorFactory, ArticleFactory, StatementFactory


def test_an_articles_quotes_come_in_reading_order_and_its_paraphrases_after_them(db):
    article = ArticleFactory(text="First words here. Second words there.")
    speaker = ActorFactory()
    summary = StatementFactory(
        article=article,
        speaker=speaker,
        kind=Statement.Kind.PARAPHRASE,
        text="A summary",
        start=None,
        end=None,
    )
    second = StatementFactory(article=article, speaker=speaker, text="Second words")
    first = StatementFactory(article=article, speaker=speaker, text="First words")
    older = StatementFactory(
        article=ArticleFactory(published_on=article.published_on.replace(year=article.published_on.year - 1)),
        speaker=speaker,
    )

    mine = Statement.objects.published().filter(article__in=[article, older.article])
    assert list(mine.latest()) == [first, second, summary, older]
    assert list(Statement.objects.published().by_actor(speaker).latest()) == [first, second, summary, older]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own indexes for latest()")
@pytest.mark.parametrize("name", ["statement_latest_sqlite_idx", "statement_speaker_latest_sqlite_idx"])
def test_sqlite_reads_the_latest_statements_from_an_index_without_sorting(db, name):
    statements = Statement.objects.published()
    if "speaker" in name:
        statements = statements.by_actor(ActorFactory())
    sql, params = statements.latest()[:8].query.sql_with_params()
    # Which index the planner picks depends on the table's statistics (ANALYZE); whatever they are,
    # this index must give the rows in latest()'s order: read through it, nothing is left to sort.
    # (The values are written into the SQL: with INDEXED BY, SQLite does not match a bound
    # parameter to the partial index's condition, though it does when it plans the query itself.)
    table = 'FROM "claims_statement"'
    with connection.cursor() as cursor:
        sql = connection.ops.last_executed_query(cursor, sql, params)
        cursor.execute(f"EXPLAIN QUERY PLAN {sql.replace(table, f'{table} INDEXED BY {name}', 1)}")
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert name in plan
    assert "TEMP B-TREE" not in plan, plan  # no sort
