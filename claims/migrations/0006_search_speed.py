"""Full-text search that stays fast as the tables grow (see claims/search.py).

PostgreSQL: each searchable table gets a stored generated column
`search_document`, the weighted tsvector of migration 0004's expression index,
so that ranking (ts_rank) reads the stored vector instead of re-parsing the text
of every matching row. The GIN index moves from the expression to the column
(same index name). The column is not a model field: Django never writes it.
Caution: PostgreSQL refuses to change the type of a column a generated column
reads; a later migration altering one of these text columns must drop
`search_document` first and add it back afterwards (as done here).

SQLite: nothing to do (the FTS5 tables of 0004 are queried differently).
"""

from django.db import migrations

# table -> ((column, weight), ...), as claims.search.DOCUMENTS
DOCUMENTS = {
    "claims_statement": (("text", "A"), ("speaker_role", "B"), ("venue", "B")),
    "claims_claim": (("text", "A"), ("description", "B")),
    "claims_actor": (("name", "A"), ("description", "B")),
    "sources_article": (("title", "A"), ("text", "B")),
}


def pg_document(columns):
    parts = [
        f"setweight(to_tsvector('english'::regconfig, COALESCE(\"{column}\", '')), '{weight}')"
        for column, weight in columns
    ]
    return "(" + " || ".join(parts) + ")"


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in DOCUMENTS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({pg_document(columns)}) STORED"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_fts_idx")
        schema_editor.execute(f"CREATE INDEX {table}_fts_idx ON {table} USING GIN (search_document)")


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in DOCUMENTS.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_fts_idx")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")
        schema_editor.execute(f"CREATE INDEX {table}_fts_idx ON {table} USING GIN ({pg_document(columns)})")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0005_history_of_links"),
        ("sources", "0002_review_and_candidates"),
    ]

    operations = [migrations.RunPython(add_columns, drop_columns)]
