"""`migrate` creates the database cache's table: with `migrate` alone every API request was a 500."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

cache_table_migration = importlib.import_module("claims.migrations.0027_cache_table")


@pytest.mark.django_db
def test_migrate_creates_the_cache_table_the_rate_limit_counts_in():
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE infkb_cache")  # rolled back with the test's transaction
    assert "infkb_cache" not in connection.introspection.table_names()

    # All the operation reads of its schema editor is the connection (SQLite refuses a real one
    # inside the test's transaction).
    cache_table_migration.create_cache_table(None, SimpleNamespace(connection=connection))

    assert "infkb_cache" in connection.introspection.table_names()
