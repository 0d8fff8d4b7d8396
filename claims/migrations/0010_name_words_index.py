"""GIN indexes of the words of actors' names and aliases (PostgreSQL), for search by name.

claims.search._word_in finds an actor whose name holds the query's words, in any
romanisation, with LIKEs that read every name; these indexes (on the expression of
claims.search.name_words) narrow the names to those holding all the words first.
SQLite keeps reading the names: its tables are small enough.
"""

from django.db import migrations

INDEXES = {
    "claims_actor": ("actor_name_words_idx", "name_key"),
    "claims_actoralias": ("actor_alias_words_idx", "key"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (name, column) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON {table} USING GIN (string_to_array({column}, ' '))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in INDEXES.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_actor_most_quoted_idx")]

    operations = [migrations.RunPython(create, drop)]
