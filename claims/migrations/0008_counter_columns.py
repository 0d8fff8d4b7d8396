"""Counter columns (claims/counters.py): stances per claim, statements per actor, filled here once.

SQLite: adding a NOT NULL column makes Django rebuild claims_claim and
claims_actor, which drops their FTS5 triggers (see 0004's caution); they are
created again at the end.
"""

import importlib

import django.db.models.expressions
from django.db import migrations, models

FULL_TEXT = importlib.import_module("claims.migrations.0004_full_text_search")
REBUILT = ("claims_claim", "claims_actor")

COUNT_STANCES = """
    (SELECT COUNT(*) FROM claims_stance st JOIN claims_statement s ON s.id = st.statement_id
     WHERE st.claim_id = claims_claim.id AND st.stance = %s
     AND st.status = 'published' AND s.status = 'published')"""


def fill_counters(apps, schema_editor):
    schema_editor.execute(
        f"UPDATE claims_claim SET asserting_count = {COUNT_STANCES}, denying_count = {COUNT_STANCES}, "
        f"mentioning_count = {COUNT_STANCES}",
        params=["asserts", "denies", "mentions"],
    )
    schema_editor.execute(
        "UPDATE claims_actor SET statement_count = (SELECT COUNT(*) FROM claims_statement s "
        "WHERE s.speaker_id = claims_actor.id AND s.status = 'published')"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0007_review_of_actors_events_weapons"),
    ]

    operations = [
        migrations.AddField(
            model_name="actor",
            name="statement_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="asserting_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="denying_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="mentioning_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                models.OrderBy(
                    django.db.models.expressions.CombinedExpression(
                        models.F("asserting_count"), "+", models.F("denying_count")
                    ),
                    descending=True,
                ),
                models.F("text"),
                condition=models.Q(("asserting_count__gt", 0), ("denying_count__gt", 0)),
                name="claim_most_contested_idx",
            ),
        ),
        migrations.RunPython(fill_counters, migrations.RunPython.noop),
        migrations.RunPython(FULL_TEXT.restore_triggers(*REBUILT), migrations.RunPython.noop),
    ]
