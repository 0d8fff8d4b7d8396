"""The evidence model's migrations keep existing data: the seed, loaded under today's schema, migrates."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.models import Actor, ClaimRelation, Statement
from claims.search import search_queryset
from sources.anchoring import selector_at
from sources.models import Article
from tests.factories import ActorFactory, StatementFactory

# The schema before anchors kept their selectors and relations their evidence.
BEFORE = [("claims", "0010_name_words_index")]


def snapshot() -> dict:
    # Going back before 0011 also undoes 0013, whose older schema has no "characterisation": it
    # turns them into paraphrases (tests/claims/test_evidence_migrations.py covers that layer).
    statements = Statement.objects.values_list(
        "pk", "article_id", "speaker_id", "kind", "text", "start", "end", "status"
    )
    return {
        "statements": sorted(
            (pk, article, speaker, "paraphrase" if kind == "characterisation" else kind, *rest)
            for pk, article, speaker, kind, *rest in statements
        ),
        "relations": sorted(
            ClaimRelation.objects.values_list("pk", "source_id", "kind", "target_id", "status")
        ),
        "articles": sorted(Article.objects.values_list("pk", "text", "content_hash")),
    }


@pytest.mark.django_db(transaction=True)
def test_the_seed_under_the_old_schema_migrates_without_loss_and_gets_its_selectors(corpus):
    before = snapshot()
    call_command("migrate", *BEFORE[0], verbosity=0)
    assert "anchor_prefix" not in {
        column.name
        for column in connection.introspection.get_table_description(connection.cursor(), "claims_statement")
    }
    try:
        call_command("migrate", verbosity=0)
    finally:
        # Whatever happened, leave the test database at the latest schema for the tests after this one.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert snapshot() == before
    texts = dict(Article.objects.values_list("pk", "text"))
    hashes = dict(Article.objects.values_list("pk", "content_hash"))
    anchored = Statement.objects.filter(start__isnull=False)
    assert anchored.count() > 50
    for statement in anchored:
        selector = selector_at(texts[statement.article_id], statement.start, statement.end)
        assert (statement.anchor_prefix, statement.anchor_suffix) == (selector.prefix, selector.suffix), (
            statement.pk
        )
        assert statement.anchor_text_hash == hashes[statement.article_id]
        assert statement.anchor_drift == ""
    assert not ClaimRelation.evidence.through.objects.exists()  # the old schema had no evidence to keep

    # On SQLite, 0011–0016 rebuild claims_statement and claims_actor, which drops their FTS5 triggers;
    # each restores them (0004's restore_triggers): search still finds the old rows and follows writes.
    assert list(search_queryset(Actor.objects.all(), "Lavrov").values_list("slug", flat=True)) == [
        "sergey-lavrov"
    ]
    actor = ActorFactory(name="Zorbulat Quibbleton")
    statement = StatementFactory(
        speaker=actor, article__text="They said zorbulating missiles were fine.", text="zorbulating missiles"
    )
    assert list(search_queryset(Actor.objects.all(), "Zorbulat")) == [actor]
    assert list(search_queryset(Statement.objects.all(), "zorbulating")) == [statement]
    actor.name = "Quibbleton"
    actor.save()
    assert list(search_queryset(Actor.objects.all(), "Zorbulat")) == []
