"""Full-text search indexes (see claims/search.py), per database.

PostgreSQL: a GIN index over each searchable table's weighted tsvector; the
expressions are those of claims.search.pg_document_sql, written out here so
that this migration does not change when the code does.

SQLite: an FTS5 external-content table per searchable table (porter stemmer,
accents folded), kept in sync by triggers, and filled from the existing rows.
Caution: when a later migration makes Django rebuild one of these tables on
SQLite (ALTER of a column), its triggers are dropped with the old table; that
migration must recreate them, ending with
`migrations.RunPython(RESTORE, RESTORE)` where RESTORE = restore_triggers(table)
below (tests/api/test_search.py checks they exist, tests/claims/test_migrations.py
that search follows writes after migrating back and forth).
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


def sqlite_statements(table, columns):
    fts = f"{table}_fts"
    names = [column for column, _ in columns]
    listed = ", ".join(names)
    new = ", ".join(f"new.{name}" for name in names)
    old = ", ".join(f"old.{name}" for name in names)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({listed}, content='{table}', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {listed}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {listed}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {listed}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {listed}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def restore_triggers(*tables):
    """A RunPython function that recreates the FTS5 triggers of `tables` on SQLite (nothing elsewhere).

    For the later migrations that make Django rebuild one of these tables (see the caution
    above): the FTS5 table is still there; its triggers are created again and its index
    rebuilt from the rows. It runs both ways, as the rebuild happens both ways.
    """

    def restore(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for table in tables:
            for action in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{action}")
            for sql in sqlite_statements(table, DOCUMENTS[table])[1:]:  # all but CREATE VIRTUAL TABLE
                schema_editor.execute(sql)

    return restore


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, columns in DOCUMENTS.items():
        if vendor == "postgresql":
            document = pg_document(columns)
            schema_editor.execute(f"CREATE INDEX {table}_fts_idx ON {table} USING GIN ({document})")
        elif vendor == "sqlite":
            for sql in sqlite_statements(table, columns):
                schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in DOCUMENTS:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_fts_idx")
        elif vendor == "sqlite":
            for action in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{action}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_review_and_candidates"),
        ("sources", "0002_review_and_candidates"),
    ]

    operations = [migrations.RunPython(create, drop)]
