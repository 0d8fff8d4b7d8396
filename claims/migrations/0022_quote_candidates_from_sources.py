"""QuoteCandidate comes from sources (sources 0006): a model of this app, on the same table.

Nothing in the database moves but the content type, so that the permissions on candidates
(and the groups holding them, the admin's log) are claims' from now on.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="sources", target="claims"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=target, model="quotecandidate").exists():
        return  # made already (by post_migrate after an earlier migrate): the old one is left stale
    ContentType.objects.filter(app_label=source, model="quotecandidate").update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="claims", target="sources")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0021_stance_speaker"),
        ("sources", "0006_quote_candidates_move_to_claims"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="QuoteCandidate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("start", models.PositiveIntegerField()),
                        ("end", models.PositiveIntegerField()),
                        ("text", models.TextField()),
                        (
                            "speaker_name",
                            models.CharField(
                                blank=True, help_text="As the article writes it.", max_length=200
                            ),
                        ),
                        ("speaker_role", models.CharField(blank=True, max_length=300)),
                        ("venue", models.CharField(blank=True, max_length=300)),
                        (
                            "cue",
                            models.CharField(
                                blank=True, help_text="The attribution words found.", max_length=300
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("accepted", "Accepted"),
                                    ("rejected", "Rejected"),
                                    ("duplicate", "Duplicate (pull-quote)"),
                                ],
                                db_index=True,
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="candidates",
                                to="sources.article",
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "duplicate_of",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="claims.quotecandidate",
                            ),
                        ),
                        (
                            "speaker",
                            models.ForeignKey(
                                blank=True,
                                help_text="The known actor the name resolves to, if any.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="claims.actor",
                            ),
                        ),
                        (
                            "statement",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="claims.statement",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "sources_quotecandidate",
                        "ordering": ["article", "start"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("article", "start", "end"), name="unique_candidate_span"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("end__gt", models.F("start"))),
                                name="candidate_offsets_in_order",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
