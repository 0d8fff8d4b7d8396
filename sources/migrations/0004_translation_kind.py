"""An article is an original, a machine translation or a human translation (issue 12).

The yes/no `is_translation` becomes `translation`. Every translation stored so far was
labelled "Machine translation" on its page, so a true `is_translation` becomes `machine`
(in the history too): nothing readers were told changes. An editor marks a human
translation as such.

SQLite: Django rebuilds sources_article for these columns, which drops the FTS5
triggers of claims 0004; they are created again at the end (as in claims 0008).
"""

import importlib

from django.db import migrations, models

FULL_TEXT = importlib.import_module("claims.migrations.0004_full_text_search")
RESTORE_FTS_TRIGGERS = FULL_TEXT.restore_triggers("sources_article")
TRANSLATION = models.CharField(
    choices=[("original", "Original"), ("machine", "Machine translation"), ("human", "Human translation")],
    db_default="original",
    default="original",
    help_text="Whether the text is the original or a translation, and by whom (machine or person).",
    max_length=8,
)


def translations_were_machine_translations(apps, schema_editor):
    for name in ("Article", "HistoricalArticle"):
        apps.get_model("sources", name).objects.filter(is_translation=True).update(translation="machine")


def back_to_yes_or_no(apps, schema_editor):
    for name in ("Article", "HistoricalArticle"):
        model = apps.get_model("sources", name)
        model.objects.exclude(translation="original").update(is_translation=True)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0003_review_of_outlets_and_articles"),
        ("claims", "0004_full_text_search"),
    ]

    operations = [
        migrations.AddField(model_name="article", name="translation", field=TRANSLATION),
        migrations.AddField(model_name="historicalarticle", name="translation", field=TRANSLATION),
        migrations.RunPython(translations_were_machine_translations, back_to_yes_or_no),
        migrations.RemoveField(model_name="article", name="is_translation"),
        migrations.RemoveField(model_name="historicalarticle", name="is_translation"),
        migrations.RunPython(RESTORE_FTS_TRIGGERS, RESTORE_FTS_TRIGGERS),
    ]
