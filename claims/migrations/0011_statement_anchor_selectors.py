"""Anchors keep a W3C TextQuoteSelector and the hash of the text they were made on (sources/anchoring.py).

SQLite: adding the columns makes Django rebuild claims_statement, which drops
its FTS5 triggers (see 0004's caution); they are created again at the end.
"""

import importlib

from django.conf import settings
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Greatest, Substr

FULL_TEXT = importlib.import_module("claims.migrations.0004_full_text_search")
CONTEXT = 32  # sources.anchoring.SELECTOR_CONTEXT when this was written


# PostgreSQL: one UPDATE joined to the articles, which reads each article's text once per row
# (the portable form below reads it once per column).
PG_RECORD_SELECTORS = f"""
    UPDATE claims_statement s SET
        anchor_prefix = substr(a.text, greatest(s.start - {CONTEXT - 1}, 1), s.start - greatest(s.start - {CONTEXT}, 0)),
        anchor_suffix = substr(a.text, s."end" + 1, {CONTEXT}),
        anchor_text_hash = a.content_hash
    FROM sources_article a
    WHERE a.id = s.article_id AND s.start IS NOT NULL
"""


def record_selectors(apps, schema_editor):
    """Give every anchored statement the selector and text hash of the article it stands on.

    One UPDATE: offsets are in characters, as SUBSTR counts them (1-based) on both databases.
    """
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_RECORD_SELECTORS)
        return
    Statement = apps.get_model("claims", "Statement")
    Article = apps.get_model("sources", "Article")
    article = Article.objects.filter(pk=OuterRef("article_id"))
    text = Subquery(article.values("text"))
    prefix_start = Greatest(F("start") - CONTEXT, Value(0))
    Statement.objects.filter(start__isnull=False).update(
        anchor_prefix=Substr(text, prefix_start + 1, F("start") - prefix_start),
        anchor_suffix=Substr(text, F("end") + 1, CONTEXT),
        anchor_text_hash=Subquery(article.values("content_hash")),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0010_name_words_index'),
        ('sources', '0003_review_of_outlets_and_articles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalstatement',
            name='anchor_drift',
            field=models.CharField(blank=True, choices=[('', 'None'), ('moved', 'Moved with an edit of the text'), ('reanchored', 'Found again by its selector'), ('reworded', 'Its words in the article were corrected'), ('detached', 'Its words are gone from the article')], db_default='', default='', help_text='What the last edit of the article did to the anchor; cleared once reviewed.', max_length=10),
        ),
        migrations.AddField(
            model_name='historicalstatement',
            name='anchor_prefix',
            field=models.CharField(blank=True, db_default='', default='', editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name='historicalstatement',
            name='anchor_suffix',
            field=models.CharField(blank=True, db_default='', default='', editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name='historicalstatement',
            name='anchor_text_hash',
            field=models.CharField(blank=True, db_default='', default='', editable=False, help_text='SHA-256 of the article text the anchor was made on.', max_length=64),
        ),
        migrations.AddField(
            model_name='statement',
            name='anchor_drift',
            field=models.CharField(blank=True, choices=[('', 'None'), ('moved', 'Moved with an edit of the text'), ('reanchored', 'Found again by its selector'), ('reworded', 'Its words in the article were corrected'), ('detached', 'Its words are gone from the article')], db_default='', default='', help_text='What the last edit of the article did to the anchor; cleared once reviewed.', max_length=10),
        ),
        migrations.AddField(
            model_name='statement',
            name='anchor_prefix',
            field=models.CharField(blank=True, db_default='', default='', editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name='statement',
            name='anchor_suffix',
            field=models.CharField(blank=True, db_default='', default='', editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name='statement',
            name='anchor_text_hash',
            field=models.CharField(blank=True, db_default='', default='', editable=False, help_text='SHA-256 of the article text the anchor was made on.', max_length=64),
        ),
        migrations.AddIndex(
            model_name='statement',
            index=models.Index(condition=models.Q(('anchor_drift', ''), _negated=True), fields=['anchor_drift'], name='statement_anchor_drift_idx'),
        ),
        migrations.RunPython(record_selectors, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(FULL_TEXT.restore_triggers("claims_statement"), FULL_TEXT.restore_triggers("claims_statement")),
    ]
