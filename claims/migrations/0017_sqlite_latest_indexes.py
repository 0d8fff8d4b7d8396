"""SQLite: indexes in the order of StatementQuerySet.latest(), which SQLite can read it from.

latest() ends with "start ASC NULLS LAST" (a paraphrase, with no offset, after the quotes of
its article). PostgreSQL reads that order from statement_latest_idx and
statement_speaker_latest_idx (0009, 0015). SQLite cannot: its indexes keep NULLs first and
cannot be told otherwise, so home's latest statements and an actor's sorted all the
published statements (200 ms at 100,000). On SQLite, latest() writes that term as
"(start IS NULL), start" (claims.models.statements_newest_first), the same order, and these
indexes hold it. Django does not know them (they are not in Statement's Meta, which cannot
hold an index for one database only): a later migration that makes SQLite rebuild
claims_statement drops them, and must create them again with `create` below, as it does the
FTS5 triggers (tests/claims/test_latest_order.py fails without them).
"""

from django.db import migrations

INDEXES = {
    "statement_latest_sqlite_idx": "",
    "statement_speaker_latest_sqlite_idx": '"speaker_id", ',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, leading in INDEXES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            f'CREATE INDEX {name} ON claims_statement ({leading}"reported_on" DESC, "article_id" DESC, '
            f'("start" IS NULL), "start", "id" DESC) WHERE "status" = \'published\''
        )
    schema_editor.execute("ANALYZE claims_statement")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0016_actor_unlinked_and_article_counts"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
