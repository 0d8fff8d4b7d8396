"""Attribution layers and the role at the time (issue 12).

A statement's kind gains "characterisation" (the outlet's own wording of a position),
which, like a quote, must be anchored in its article; a statement may report another
actor's words (reported_speaker); and it links to the speaker's Role held that day,
beside the free-text role as the article words it. Existing rows keep their kind, text
and role text; the new links start empty (the role is suggested when a statement is next
saved, and by `manage.py suggest_roles`).

SQLite: Django rebuilds claims_statement for these changes, which drops its FTS5
triggers (see 0004's caution); they are created again at the end, as in 0008.
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


FULL_TEXT = importlib.import_module("claims.migrations.0004_full_text_search")
RESTORE_FTS_TRIGGERS = FULL_TEXT.restore_triggers("claims_statement")


def characterisations_back_to_paraphrases(apps, schema_editor):
    """Backwards only: the schema before this migration knows no characterisation (nor its length)."""
    for name in ("Statement", "HistoricalStatement"):
        apps.get_model("claims", name).objects.filter(kind="characterisation").update(kind="paraphrase")


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0012_claim_relation_evidence'),
        ('sources', '0003_review_of_outlets_and_articles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='statement',
            name='statement_quote_is_anchored',
        ),
        migrations.AddField(
            model_name='historicalstatement',
            name='reported_speaker',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Whose words the speaker reports: Putin, when Lavrov says that Putin pledged something.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.actor'),
        ),
        migrations.AddField(
            model_name='historicalstatement',
            name='role',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The office the speaker held that day; suggested from the date when left empty.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.role'),
        ),
        migrations.AddField(
            model_name='statement',
            name='reported_speaker',
            field=models.ForeignKey(blank=True, help_text='Whose words the speaker reports: Putin, when Lavrov says that Putin pledged something.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reported_statements', to='claims.actor'),
        ),
        migrations.AddField(
            model_name='statement',
            name='role',
            field=models.ForeignKey(blank=True, help_text='The office the speaker held that day; suggested from the date when left empty.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='statements', to='claims.role'),
        ),
        migrations.AlterField(
            model_name='historicalstatement',
            name='kind',
            field=models.CharField(choices=[('quote', 'Verbatim quote'), ('paraphrase', 'Paraphrase'), ('characterisation', 'The outlet’s characterisation')], db_index=True, default='quote', help_text='A quote is the speaker’s words; a characterisation is the outlet’s own wording.', max_length=16),
        ),
        migrations.AlterField(
            model_name='historicalstatement',
            name='speaker_role',
            field=models.CharField(blank=True, help_text='The role as the article words it (kept even when it is wrong).', max_length=300),
        ),
        migrations.AlterField(
            model_name='historicalstatement',
            name='text',
            field=models.TextField(help_text='For a quote: the words exactly as in the article, without the quotation marks. For a characterisation: the outlet’s words, exactly as in the article.'),
        ),
        migrations.AlterField(
            model_name='statement',
            name='kind',
            field=models.CharField(choices=[('quote', 'Verbatim quote'), ('paraphrase', 'Paraphrase'), ('characterisation', 'The outlet’s characterisation')], db_index=True, default='quote', help_text='A quote is the speaker’s words; a characterisation is the outlet’s own wording.', max_length=16),
        ),
        migrations.AlterField(
            model_name='statement',
            name='speaker_role',
            field=models.CharField(blank=True, help_text='The role as the article words it (kept even when it is wrong).', max_length=300),
        ),
        migrations.AlterField(
            model_name='statement',
            name='text',
            field=models.TextField(help_text='For a quote: the words exactly as in the article, without the quotation marks. For a characterisation: the outlet’s words, exactly as in the article.'),
        ),
        migrations.AddConstraint(
            model_name='statement',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'paraphrase'), ('start__isnull', False), _connector='OR'), name='statement_quote_is_anchored'),
        ),
        migrations.AddConstraint(
            model_name='statement',
            constraint=models.CheckConstraint(condition=models.Q(('reported_speaker', models.F('speaker')), _negated=True), name='statement_reports_someone_else'),
        ),
        migrations.RunPython(migrations.RunPython.noop, characterisations_back_to_paraphrases),
        migrations.RunPython(RESTORE_FTS_TRIGGERS, RESTORE_FTS_TRIGGERS),
    ]
