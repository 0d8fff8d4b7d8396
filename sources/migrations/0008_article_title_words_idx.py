"""A GIN index of the words of article titles (PostgreSQL), for the admin's statement search.

claims/admin_search.py finds the statements whose article's title holds a searched word; a
LIKE over the titles reads the whole article table (400 ms at 100,000 articles), this index
answers in a few milliseconds. Its expression is claims.admin_search.TITLE_WORDS's.
SQLite keeps Django's plain search.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS article_title_words_idx ON sources_article "
        "USING GIN (to_tsvector('english'::regconfig, COALESCE(title, '')))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_title_words_idx")


class Migration(migrations.Migration):
    dependencies = [("sources", "0007_article_list_idx")]

    operations = [migrations.RunPython(create, drop)]
