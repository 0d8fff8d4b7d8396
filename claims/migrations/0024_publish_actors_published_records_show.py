"""Publish the draft actors that published records already show: claims/review.py's rule, for the past.

Statements published before "a statement publishes the speaker it reports" may report a draft
speaker, and people published before "a person publishes the organisations of their roles" may
hold a role in a draft organisation: readers meet their names. Each such actor is published as the
rule would have published it, and in turn what it shows (its country, its roles' organisations):
`reviewed_by`/`reviewed_at` of the record that shows it, the version moved on, and a version in its
history saying why. Going back changes nothing: the records were reviewed with what shows them.
"""

from django.db import migrations
from django.db.models import Min
from django.utils import timezone

PUBLISHED, DRAFT = "published", "draft"
HISTORY_OWN = {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}


def shown_drafts(apps) -> dict[int, tuple]:
    """Draft actors a published record shows: {actor pk: (reviewer id, reviewed at, reason)}."""
    Actor = apps.get_model("claims", "Actor")
    Statement = apps.get_model("claims", "Statement")
    Role = apps.get_model("claims", "Role")
    found = {}
    reporting = (
        Statement.objects.filter(status=PUBLISHED, reported_speaker__status=DRAFT)
        .values("reported_speaker_id")
        .annotate(first=Min("pk"))
    )
    for row in reporting:
        statement = Statement.objects.get(pk=row["first"])
        found[row["reported_speaker_id"]] = (
            statement.reviewed_by_id,
            statement.reviewed_at,
            f"Published with statement #{statement.pk}, which reports it (migration)",
        )
    roles = Role.objects.filter(person__status=PUBLISHED, organisation__status=DRAFT).select_related("person")
    for role in roles.order_by("pk"):
        found.setdefault(
            role.organisation_id,
            (
                role.person.reviewed_by_id,
                role.person.reviewed_at,
                f"Published with role #{role.pk} (migration)",
            ),
        )
    countries = Actor.objects.filter(status=PUBLISHED, country__status=DRAFT).order_by("pk")
    for actor in countries:
        found.setdefault(
            actor.country_id,
            (actor.reviewed_by_id, actor.reviewed_at, f"Published with actor #{actor.pk} (migration)"),
        )
    return found


def publish_actors_published_records_show(apps, schema_editor) -> int:
    """Publish them, and what they show in turn, until nothing published shows a draft actor."""
    Actor = apps.get_model("claims", "Actor")
    HistoricalActor = apps.get_model("claims", "HistoricalActor")
    tracked = [f.attname for f in HistoricalActor._meta.fields if f.attname not in HISTORY_OWN]
    published = 0
    while found := shown_drafts(apps):
        for actor in Actor.objects.filter(pk__in=found):
            reviewer_id, reviewed_at, reason = found[actor.pk]
            actor.status = PUBLISHED
            actor.reviewed_by_id = reviewer_id
            actor.reviewed_at = reviewed_at or timezone.now()
            actor.version += 1
            actor.save()
            HistoricalActor.objects.create(
                **{name: getattr(actor, name) for name in tracked},
                history_date=timezone.now(),
                history_type="~",
                history_change_reason=reason,
                history_user_id=reviewer_id,
            )
            published += 1
    return published


class Migration(migrations.Migration):
    dependencies = [("claims", "0023_stance_claim_side_stmt_idx")]

    operations = [
        migrations.RunPython(publish_actors_published_records_show, migrations.RunPython.noop),
    ]
