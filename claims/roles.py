"""The role at the time, filled in for statements saved before statements had one (issue 12)."""

from django.db import transaction

from claims.models import Actor, Statement

BATCH = 2_000


def roles_suggest(*, batch: int = BATCH) -> int:
    """Give every statement without a role the one role its speaker held that day; return how many.

    Statements whose date fits none or several of the speaker's roles are left for an editor.
    Reads each speaker's roles once and the statements a batch at a time.
    """
    filled = 0
    for speaker in Actor.objects.filter(roles__isnull=False).distinct().prefetch_related("roles"):
        roles = list(speaker.roles.all())
        pending = (
            Statement.objects.filter(speaker=speaker, role__isnull=True)
            .select_related("article")
            .only(
                "pk",
                "speaker_id",
                "said_on",
                "said_precision",
                "article__published_on",
                "article__published_precision",
            )
            .order_by("pk")
        )
        last_pk = 0
        while chunk := list(pending.filter(pk__gt=last_pk)[:batch]):
            last_pk = chunk[-1].pk
            suggested = []
            for statement in chunk:
                statement.speaker = speaker
                statement.role = statement.suggested_role(statement.article, roles)
                if statement.role is not None:
                    suggested.append(statement)
            with transaction.atomic():
                # bulk_update bypasses save(): the statements' own history and counters are not concerned.
                Statement.objects.bulk_update(suggested, ["role"], batch_size=batch)
            filled += len(suggested)
    return filled
