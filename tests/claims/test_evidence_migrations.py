"""Issue 12's migrations keep every seeded record: from the schema before them and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.models import Statement
from sources.models import Article

BEFORE = [("claims", "0012_claim_relation_evidence"), ("sources", "0003_review_of_outlets_and_articles")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


def latest() -> list[tuple[str, str]]:
    graph = MigrationExecutor(connection).loader.graph
    return [node for node in graph.leaf_nodes() if node[0] in ("claims", "sources")]


def snapshot(apps) -> dict:
    statements = apps.get_model("claims", "Statement").objects.order_by("pk")
    return {
        "statements": list(
            statements.values_list(
                "pk", "article_id", "speaker_id", "text", "start", "end", "speaker_role", "venue"
            )
        ),
        "stances": list(
            apps.get_model("claims", "Stance").objects.order_by("pk").values_list("pk", "stance")
        ),
        "articles": list(
            apps.get_model("sources", "Article").objects.order_by("pk").values_list("pk", "text")
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_seeded_data_survives_the_schema_before_issue_12_and_comes_back_intact(corpus):
    after = latest()
    characterisations = set(
        Statement.objects.filter(kind=Statement.Kind.CHARACTERISATION).values_list("pk", flat=True)
    )
    assert characterisations

    old = migrate(BEFORE)
    old_apps = old.loader.project_state(BEFORE).apps
    before = snapshot(old_apps)
    # Today's schema: a yes/no translation flag, two kinds of statement, free-text roles.
    assert set(old_apps.get_model("sources", "Article").objects.values_list("is_translation", flat=True)) == {
        True
    }
    old_kinds = dict(old_apps.get_model("claims", "Statement").objects.values_list("pk", "kind"))
    assert {old_kinds[pk] for pk in characterisations} == {"paraphrase"}

    new = migrate(after)
    new_apps = new.loader.project_state(after).apps

    assert snapshot(new_apps) == before
    assert set(Article.objects.values_list("translation", flat=True)) == {Article.Translation.MACHINE}
    kinds = dict(Statement.objects.values_list("pk", "kind"))
    assert {kinds[pk] for pk in characterisations} == {Statement.Kind.PARAPHRASE}  # the editor's to redo
    assert not Statement.objects.filter(role__isnull=False).exists()  # suggested when next saved
    # The search index still follows the statements (SQLite rebuilds the table and its triggers).
    from claims.top_hits import search_everything

    assert search_everything("Healy Likely")
