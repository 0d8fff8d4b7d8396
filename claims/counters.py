"""Counter columns: stances per claim and statements per actor, kept right as the data changes.

Pages and the API read `Claim.asserting_count`/`denying_count`/`mentioning_count`
(the stances readers see on the claim, by infkb/provenance.py's rule) and `Actor.statement_count`
(published statements) instead of counting a claim's or an actor's rows at every request. They are
recounted for just the claims and actors a write touches, by the signals below,
in the transaction of that write (a recount, not ±1, so it is right whatever
the write did: publish, return to draft, delete, restore, move to another claim
or speaker). Writes that bypass save() and delete() (bulk loads, raw SQL) call
`recount_all()` afterwards.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from claims.models import Actor, Claim, Stance, Statement
from infkb.provenance import published_q


def _count(queryset, group: str) -> Coalesce:  # noqa: ANN001 - a QuerySet filtered on OuterRef
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _stances(kind: str) -> Coalesce:
    # The claim is the row counted for: whether it is public is its own status, read with the counts.
    visible = published_q(Stance, joined_from="claim")
    stances = Stance.objects.filter(visible, claim=OuterRef("pk"), stance=kind)
    return _count(stances, "claim")


def recount_claims(claims: Iterable[int] | None = None) -> None:
    """Recount the given claims' stances (all claims when None)."""
    queryset = Claim.objects.all()
    if claims is not None:
        claims = {pk for pk in claims if pk is not None}
        if not claims:
            return
        queryset = queryset.filter(pk__in=claims)
    queryset.update(
        asserting_count=_stances(Stance.Kind.ASSERTS),
        denying_count=_stances(Stance.Kind.DENIES),
        mentioning_count=_stances(Stance.Kind.MENTIONS),
    )


def recount_actors(actors: Iterable[int] | None = None) -> None:
    """Recount the given actors' statements (all actors when None)."""
    queryset = Actor.objects.all()
    if actors is not None:
        actors = {pk for pk in actors if pk is not None}
        if not actors:
            return
        queryset = queryset.filter(pk__in=actors)
    statements = Statement.objects.published().filter(speaker=OuterRef("pk"))
    queryset.update(statement_count=_count(statements, "speaker"))


@transaction.atomic
def recount_all() -> None:
    recount_claims()
    recount_actors()


def _stored(model: type, pk: int | None, *fields: str) -> tuple | None:
    """The row as stored before this save (None for a new one)."""
    if pk is None:
        return None
    return model._base_manager.filter(pk=pk).values_list(*fields).first()


@receiver(pre_save, sender=Stance)
def _remember_stance(sender: type, instance: Stance, **kwargs: object) -> None:
    instance._counted_before = _stored(Stance, instance.pk, "claim_id")


@receiver(post_save, sender=Stance)
def _stance_saved(sender: type, instance: Stance, **kwargs: object) -> None:
    before = getattr(instance, "_counted_before", None)
    recount_claims({instance.claim_id, *(before or ())})


@receiver(post_delete, sender=Stance)
def _stance_deleted(sender: type, instance: Stance, **kwargs: object) -> None:
    recount_claims({instance.claim_id})


@receiver(pre_save, sender=Statement)
def _remember_statement(sender: type, instance: Statement, **kwargs: object) -> None:
    instance._counted_before = _stored(Statement, instance.pk, "speaker_id", "status")


@receiver(post_save, sender=Statement)
def _statement_saved(sender: type, instance: Statement, created: bool, **kwargs: object) -> None:
    before = getattr(instance, "_counted_before", None)
    if before == (instance.speaker_id, instance.status):
        return  # an edit of the text, the anchors, the date…: no count changes
    recount_actors({instance.speaker_id, before[0] if before else None})
    if before and before[1] != instance.status:
        # Its stances count only while it is published.
        recount_claims(Stance.objects.filter(statement_id=instance.pk).values_list("claim_id", flat=True))


@receiver(post_delete, sender=Statement)
def _statement_deleted(sender: type, instance: Statement, **kwargs: object) -> None:
    recount_actors({instance.speaker_id})  # its stances were deleted with it, each recounting its claim


@receiver(post_save, sender=Claim)
def _claim_saved(sender: type, instance: Claim, created: bool, **kwargs: object) -> None:
    # A form or a restore from history may write counts it read earlier: the stored counts win.
    if not created:
        recount_claims({instance.pk})


@receiver(post_save, sender=Actor)
def _actor_saved(sender: type, instance: Actor, created: bool, **kwargs: object) -> None:
    if not created:
        recount_actors({instance.pk})
