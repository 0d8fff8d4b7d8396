"""Counter columns: stances per claim, statements per actor, and stances per actor and claim
(the ActorClaim table), kept right as the data changes.

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

from django.db import connection, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from claims.models import Actor, ActorClaim, Claim, Stance, Statement
from infkb.provenance import published_q

COUNTED_KINDS = {
    Stance.Kind.ASSERTS: "asserting_count",
    Stance.Kind.DENIES: "denying_count",
    Stance.Kind.MENTIONS: "mentioning_count",
}


def _count(queryset, group: str) -> Coalesce:  # noqa: ANN001 - a QuerySet filtered on OuterRef
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _stances(kind: str) -> Coalesce:
    # The claim is the row counted for: whether it is public is its own status, read with the counts.
    visible = published_q(Stance, joined_from="claim")
    stances = Stance.objects.filter(visible, claim=OuterRef("pk"), stance=kind)
    return _count(stances, "claim")


def recount_claims(claims: Iterable[int] | None = None) -> None:
    """Recount the given claims' stances (all claims when None), and copy their denials to ActorClaim."""
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
    _copy_claim_denials(claims)


def _copy_claim_denials(claims: set[int] | None) -> None:
    """ActorClaim.claim_denying_count := its claim's denying_count, on the rows where it changed.

    A denial of the biggest claim rewrites its 7,600 rows (one per speaker on it): one UPDATE
    with the claim's count as a constant, through the claim_id index.
    """
    if claims is None:
        denials = Subquery(Claim.objects.filter(pk=OuterRef("claim_id")).values("denying_count"))
        ActorClaim.objects.exclude(claim_denying_count=denials).update(claim_denying_count=denials)
        return
    for claim, n in Claim.objects.filter(pk__in=claims).values_list("pk", "denying_count"):
        ActorClaim.objects.filter(claim_id=claim).exclude(claim_denying_count=n).update(claim_denying_count=n)


def recount_actors(actors: Iterable[int] | None = None) -> None:
    """Recount the given actors' statements, those not linked to a claim, their articles and their
    claims (all when None).

    A statement is linked while it has a published stance on a published claim, as readers see it.
    The claims are the actor's ActorClaim rows on published claims: recount those rows first.
    """
    queryset = Actor.objects.all()
    if actors is not None:
        actors = {pk for pk in actors if pk is not None}
        if not actors:
            return
        queryset = queryset.filter(pk__in=actors)
    statements = Statement.objects.published().filter(speaker=OuterRef("pk"))
    visible = Stance.objects.filter(published_q(Stance, joined_from="statement"), statement=OuterRef("pk"))
    articles = statements.order_by().values("speaker").annotate(n=Count("article", distinct=True))
    claims = ActorClaim.objects.filter(published_q(Claim, "claim__"), actor=OuterRef("pk"))
    queryset.update(
        statement_count=_count(statements, "speaker"),
        unlinked_count=_count(statements.exclude(Exists(visible)), "speaker"),
        article_count=Coalesce(Subquery(articles.values("n"), output_field=IntegerField()), Value(0)),
        claim_count=_count(claims, "actor"),
    )


RECOUNT_ALL_SQL = f"""
INSERT INTO {ActorClaim._meta.db_table}
    (actor_id, claim_id, asserting_count, denying_count, mentioning_count, claim_denying_count)
SELECT s.speaker_id, st.claim_id,
       SUM(CASE WHEN st.stance = 'asserts' THEN 1 ELSE 0 END),
       SUM(CASE WHEN st.stance = 'denies' THEN 1 ELSE 0 END),
       SUM(CASE WHEN st.stance = 'mentions' THEN 1 ELSE 0 END),
       MIN(c.denying_count)
FROM {Stance._meta.db_table} st JOIN {Statement._meta.db_table} s ON s.id = st.statement_id
JOIN {Claim._meta.db_table} c ON c.id = st.claim_id
WHERE st.status = 'published' AND s.status = 'published'  -- not a read: a bulk recount
GROUP BY s.speaker_id, st.claim_id
"""


def recount_actor_claims(pairs: Iterable[tuple[int | None, int | None]] | None = None) -> None:
    """Recount the ActorClaim rows of the given (actor, claim) pairs (all of them when None).

    Their copies of the claims' denials are read from the claims: recount those first.
    """
    rows = ActorClaim.objects.all()
    # As the claims' counters: a draft claim keeps the counts it will show when published.
    stances = Stance.objects.filter(published_q(Stance, joined_from="claim"))
    if pairs is None:
        rows.delete()
        with connection.cursor() as cursor:
            cursor.execute(RECOUNT_ALL_SQL)  # a million stances: one INSERT … SELECT, not a round trip
            if connection.vendor == "postgresql":
                # recount_actors reads these rows next, in this transaction: planned with the table's
                # statistics from before (a few rows), it scanned the whole table once per actor
                # (hours at a million statements) instead of reading each actor's rows by index.
                cursor.execute(f"ANALYZE {ActorClaim._meta.db_table}")
        return
    pairs = {(actor, claim) for actor, claim in pairs if actor is not None and claim is not None}
    if not pairs:
        return
    rows.filter(_any_pair(pairs, "actor_id", "claim_id")).delete()
    stances = stances.filter(_any_pair(pairs, "statement__speaker_id", "claim_id"))
    counted = (
        stances.order_by().values_list("statement__speaker_id", "claim_id", "stance").annotate(n=Count("pk"))
    )
    claims = Claim.objects.filter(pk__in={claim for _, claim in pairs})
    denials = dict(claims.values_list("pk", "denying_count"))
    recounted: dict[tuple[int, int], ActorClaim] = {}
    for actor, claim, kind, n in counted.iterator(chunk_size=10_000):
        row = recounted.setdefault(
            (actor, claim), ActorClaim(actor_id=actor, claim_id=claim, claim_denying_count=denials[claim])
        )
        setattr(row, COUNTED_KINDS[kind], n)
    ActorClaim.objects.bulk_create(recounted.values(), batch_size=5_000)


def _any_pair(pairs: set[tuple[int, int]], first: str, second: str) -> Q:
    condition = Q()
    for one, other in pairs:
        condition |= Q(**{first: one, second: other})
    return condition


@transaction.atomic
def recount_all() -> None:
    # In this order: each reads the counts recounted before it.
    recount_claims()
    recount_actor_claims()
    recount_actors()


def _stored(model: type, pk: int | None, *fields: str) -> tuple | None:
    """The row as stored before this save (None for a new one)."""
    if pk is None:
        return None
    return model._base_manager.filter(pk=pk).values_list(*fields).first()


def _speaker_of(statement: int | None) -> int | None:
    if statement is None:
        return None
    return Statement._base_manager.filter(pk=statement).values_list("speaker_id", flat=True).first()


@receiver(pre_save, sender=Stance)
def _remember_stance(sender: type, instance: Stance, **kwargs: object) -> None:
    stored = _stored(Stance, instance.pk, "claim_id", "statement__speaker_id")
    instance._counted_before = stored


@receiver(post_save, sender=Stance)
def _stance_saved(sender: type, instance: Stance, **kwargs: object) -> None:
    before = getattr(instance, "_counted_before", None)
    recount_claims({instance.claim_id, before[0] if before else None})
    speaker = _speaker_of(instance.statement_id)
    pairs = {(speaker, instance.claim_id)} | ({(before[1], before[0])} if before else set())
    recount_actor_claims(pairs)
    recount_actors({actor for actor, _ in pairs})  # the statement may now be linked to a claim, or not


@receiver(post_delete, sender=Stance)
def _stance_deleted(sender: type, instance: Stance, **kwargs: object) -> None:
    recount_claims({instance.claim_id})
    speaker = _speaker_of(instance.statement_id)
    recount_actor_claims({(speaker, instance.claim_id)})
    recount_actors({speaker})


@receiver(pre_save, sender=Statement)
def _remember_statement(sender: type, instance: Statement, **kwargs: object) -> None:
    instance._counted_before = _stored(Statement, instance.pk, "speaker_id", "status", "article_id")


@receiver(post_save, sender=Statement)
def _statement_saved(sender: type, instance: Statement, created: bool, **kwargs: object) -> None:
    before = getattr(instance, "_counted_before", None)
    if before == (instance.speaker_id, instance.status, instance.article_id):
        return  # an edit of the text, the anchors, the date…: no count changes
    if before and before[:2] != (instance.speaker_id, instance.status):
        # Its stances count only while it is published, and for its speaker.
        claims = set(Stance.objects.filter(statement_id=instance.pk).values_list("claim_id", flat=True))
        if before[1] != instance.status:
            recount_claims(claims)
        recount_actor_claims(
            {(speaker, claim) for claim in claims for speaker in (instance.speaker_id, before[0])}
        )
    recount_actors({instance.speaker_id, before[0] if before else None})


@receiver(post_delete, sender=Statement)
def _statement_deleted(sender: type, instance: Statement, **kwargs: object) -> None:
    # Its stances were deleted before it (a cascade deletes them first), each recounting its claim
    # and its (speaker, claim) pair while the statement still told the speaker.
    recount_actors({instance.speaker_id})


@receiver(pre_save, sender=Claim)
def _remember_claim(sender: type, instance: Claim, **kwargs: object) -> None:
    instance._counted_before = _stored(Claim, instance.pk, "status")


@receiver(post_save, sender=Claim)
def _claim_saved(sender: type, instance: Claim, created: bool, **kwargs: object) -> None:
    # A form or a restore from history may write counts it read earlier: the stored counts win.
    if not created:
        recount_claims({instance.pk})
    before = getattr(instance, "_counted_before", None)
    if before and before[0] != instance.status:
        # Its stances link their statements to a claim only while it is published: a rare
        # editorial act, which recounts every speaker of the claim.
        speakers = Stance.objects.filter(claim=instance).values_list("statement__speaker_id", flat=True)
        recount_actors(set(speakers))


@receiver(post_save, sender=Actor)
def _actor_saved(sender: type, instance: Actor, created: bool, **kwargs: object) -> None:
    if not created:
        recount_actors({instance.pk})
