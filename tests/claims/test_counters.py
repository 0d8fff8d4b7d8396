"""The counter columns (claims/counters.py) stay equal to a fresh count through every kind of write."""

import pytest
from django.db.models import Count, Q

from claims.counters import recount_all
from claims.models import Actor, ActorClaim, Claim, Stance, Statement
from infkb.provenance import ReviewStatus
from infkb.services import deleted_record_restore, records_publish, records_return_to_draft
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, StanceFactory, StatementFactory

PUBLISHED = ReviewStatus.PUBLISHED


def assert_counters_fresh() -> None:
    """Every claim's and every actor's counters equal a count made now, from the rows."""
    live = Q(stances__status=PUBLISHED, stances__statement__status=PUBLISHED)
    fresh_claims = Claim.objects.annotate(
        fresh_asserting=Count("stances", filter=live & Q(stances__stance=Stance.Kind.ASSERTS)),
        fresh_denying=Count("stances", filter=live & Q(stances__stance=Stance.Kind.DENIES)),
        fresh_mentioning=Count("stances", filter=live & Q(stances__stance=Stance.Kind.MENTIONS)),
    )
    fresh_denials = {}
    for claim in fresh_claims:
        stored = (claim.asserting_count, claim.denying_count, claim.mentioning_count)
        assert stored == (claim.fresh_asserting, claim.fresh_denying, claim.fresh_mentioning), claim.slug
        fresh_denials[claim.pk] = claim.fresh_denying
    fresh_pairs = fresh_actor_claim_counts()
    published_claims = set(Claim.objects.filter(status=PUBLISHED).values_list("pk", flat=True))
    fresh_actors = Actor.objects.annotate(fresh=Count("statements", filter=Q(statements__status=PUBLISHED)))
    for actor in fresh_actors:
        assert actor.statement_count == actor.fresh, actor.slug
        statements = Statement.objects.filter(speaker=actor, status=PUBLISHED)
        linked = Stance.objects.filter(status=PUBLISHED, claim__status=PUBLISHED).values("statement_id")
        assert actor.unlinked_count == statements.exclude(pk__in=linked).count(), actor.slug
        assert actor.article_count == statements.values("article").distinct().count(), actor.slug
        spoken_on = {claim for speaker, claim in fresh_pairs if speaker == actor.pk}
        assert actor.claim_count == len(spoken_on & published_claims), actor.slug
    assert actor_claim_counts() == fresh_pairs
    for row in ActorClaim.objects.all():
        assert row.claim_denying_count == fresh_denials[row.claim_id], row


def actor_claim_counts(claim: int | None = None) -> dict[tuple[int, int], tuple[int, int, int]]:
    """The ActorClaim rows (of `claim`, if given), as {(actor, claim): (asserting, denying, mentioning)}."""
    rows = ActorClaim.objects.filter(claim_id=claim) if claim else ActorClaim.objects.all()
    return {
        (row.actor_id, row.claim_id): (row.asserting_count, row.denying_count, row.mentioning_count)
        for row in rows
    }


def fresh_actor_claim_counts() -> dict[tuple[int, int], tuple[int, int, int]]:
    """The same, counted now from every published stance of a published statement."""
    fresh: dict[tuple[int, int], list[int]] = {}
    kinds = [Stance.Kind.ASSERTS, Stance.Kind.DENIES, Stance.Kind.MENTIONS]
    live = Stance.objects.filter(status=PUBLISHED, statement__status=PUBLISHED)
    for speaker, claim, kind in live.values_list("statement__speaker_id", "claim_id", "stance"):
        fresh.setdefault((speaker, claim), [0, 0, 0])[kinds.index(kind)] += 1
    return {pair: tuple(n) for pair, n in fresh.items()}


def counts(claim: Claim) -> tuple[int, int]:
    claim.refresh_from_db()
    return claim.asserting_count, claim.denying_count


def test_the_seed_corpus_is_counted(corpus):
    assert_counters_fresh()
    assert counts(Claim.objects.get(slug="russia-violates-inf-treaty")) != (0, 0)


def test_a_new_published_stance_counts_and_a_draft_one_does_not(db):
    claim = ClaimFactory()
    StanceFactory(claim=claim)
    StanceFactory(claim=claim, stance=Stance.Kind.DENIES)
    StanceFactory(claim=claim, status=ReviewStatus.DRAFT)
    StanceFactory(claim=claim, statement=StatementFactory(status=ReviewStatus.DRAFT))
    assert counts(claim) == (1, 1)
    assert_counters_fresh()


def test_publishing_and_unpublishing_a_statement_moves_its_stances_and_its_speaker(db, admin_user):
    claim = ClaimFactory()
    statement = StatementFactory(status=ReviewStatus.DRAFT)
    StanceFactory(statement=statement, claim=claim, status=ReviewStatus.DRAFT)
    assert counts(claim) == (0, 0)

    records_publish(records=Statement.objects.filter(pk=statement.pk), reviewer=admin_user)
    assert counts(claim) == (1, 0)
    assert Actor.objects.get(pk=statement.speaker_id).statement_count == 1
    assert_counters_fresh()

    records_return_to_draft(records=Statement.objects.filter(pk=statement.pk), reviewer=admin_user)
    assert counts(claim) == (0, 0)
    assert Actor.objects.get(pk=statement.speaker_id).statement_count == 0
    assert_counters_fresh()


def test_unpublishing_a_stance_alone(db, admin_user):
    stance = StanceFactory(stance=Stance.Kind.DENIES)
    assert counts(stance.claim) == (0, 1)
    records_return_to_draft(records=Stance.objects.filter(pk=stance.pk), reviewer=admin_user)
    assert counts(stance.claim) == (0, 0)
    assert_counters_fresh()


def test_deleting_a_stance_and_a_statement(db):
    claim = ClaimFactory()
    kept = StanceFactory(claim=claim)
    dropped = StanceFactory(claim=claim)
    dropped.delete()
    assert counts(claim) == (1, 0)
    kept.statement.delete()  # its stance goes with it
    assert counts(claim) == (0, 0)
    assert_counters_fresh()


def test_restoring_a_deleted_statement_brings_its_counts_back(db, admin_user):
    claim = ClaimFactory()
    stance = StanceFactory(claim=claim, stance=Stance.Kind.DENIES)
    statement, speaker = stance.statement, stance.statement.speaker
    statement_pk = statement.pk
    statement.delete()
    assert counts(claim) == (0, 0)

    deletion = Statement.history.get(id=statement_pk, history_type="-")
    deleted_record_restore(historical_record=deletion, user=admin_user)
    assert counts(claim) == (0, 1)
    speaker.refresh_from_db()
    assert speaker.statement_count == 1
    assert_counters_fresh()


def test_a_statement_is_unlinked_until_a_stance_on_a_published_claim_links_it(db, admin_user):
    statement = StatementFactory()
    speaker = statement.speaker
    speaker.refresh_from_db()
    assert (speaker.unlinked_count, speaker.article_count) == (1, 1)
    stance = StanceFactory(statement=statement)
    speaker.refresh_from_db()
    assert speaker.unlinked_count == 0
    claim = Claim.objects.get(pk=stance.claim_id)
    claim.status = ReviewStatus.DRAFT  # as a revert from its history would (the service refuses)
    claim.save()
    speaker.refresh_from_db()
    assert speaker.unlinked_count == 1  # a draft claim links nothing readers see
    assert_counters_fresh()
    records_publish(records=Claim.objects.filter(pk=claim.pk), reviewer=admin_user)
    speaker.refresh_from_db()
    assert speaker.unlinked_count == 0
    stance.delete()
    speaker.refresh_from_db()
    assert speaker.unlinked_count == 1
    StatementFactory(speaker=speaker)  # in another article
    speaker.refresh_from_db()
    assert (speaker.statement_count, speaker.article_count) == (2, 2)
    assert_counters_fresh()


def test_moving_a_stance_to_another_statement_moves_it_to_that_speaker(db):
    stance = StanceFactory()
    other = StatementFactory()
    stance.statement = other
    stance.save()
    assert actor_claim_counts(stance.claim_id) == {(other.speaker_id, stance.claim_id): (1, 0, 0)}
    assert_counters_fresh()


def test_editing_a_stance_its_kind_or_its_claim(db):
    first, second = ClaimFactory(), ClaimFactory()
    stance = StanceFactory(claim=first)
    stance.stance = Stance.Kind.DENIES
    stance.save()
    assert counts(first) == (0, 1)
    stance.claim = second
    stance.save()
    assert counts(first) == (0, 0)
    assert counts(second) == (0, 1)
    stance.stance = Stance.Kind.MENTIONS
    stance.save()
    assert counts(second) == (0, 0)
    assert Claim.objects.get(pk=second.pk).mentioning_count == 1
    assert_counters_fresh()


def test_editing_a_statement_its_speaker_or_its_text(db):
    before, after = ActorFactory(), ActorFactory()
    statement = StatementFactory(speaker=before)
    stance = StanceFactory(statement=statement)
    assert set(actor_claim_counts(stance.claim_id)) == {(before.pk, stance.claim_id)}
    statement.speaker = after
    statement.save()
    before.refresh_from_db()
    after.refresh_from_db()
    assert (before.statement_count, after.statement_count) == (0, 1)
    assert actor_claim_counts(stance.claim_id) == {(after.pk, stance.claim_id): (1, 0, 0)}
    statement.venue = "told RIA Novosti"
    statement.save()
    assert_counters_fresh()


def test_saving_a_claim_or_actor_read_before_a_change_keeps_the_right_counts(db):
    claim = ClaimFactory()
    stale_claim = Claim.objects.get(pk=claim.pk)  # as an admin form loaded it, counts 0
    stance = StanceFactory(claim=claim)
    stale_actor = Actor.objects.get(pk=stance.statement.speaker_id)
    StatementFactory(speaker=stale_actor, article=ArticleFactory(), text="We are ready to talk")
    stale_claim.description = "edited"
    stale_claim.save()
    stale_actor.description = "edited"
    stale_actor.save()
    assert counts(claim) == (1, 0)
    assert_counters_fresh()


def test_a_denial_by_someone_else_reaches_the_rows_of_those_who_assert_the_claim(db, admin_user):
    claim = ClaimFactory()
    speaker = Actor.objects.get(pk=StanceFactory(claim=claim).statement.speaker_id)
    denial = StanceFactory(claim=claim, stance=Stance.Kind.DENIES)
    row = ActorClaim.objects.get(actor=speaker, claim=claim)
    assert (row.claim_denying_count, row.denying_count) == (1, 0)
    assert list(ActorClaim.objects.filter(actor=speaker).most_denied().values_list("claim", "n")) == [
        (claim.pk, 1)
    ]
    records_return_to_draft(records=Stance.objects.filter(pk=denial.pk), reviewer=admin_user)
    row.refresh_from_db()
    assert row.claim_denying_count == 0
    assert not ActorClaim.objects.filter(actor=speaker).most_denied().exists()
    assert_counters_fresh()


def test_an_actor_counts_the_published_claims_it_took_a_stance_on(db, admin_user):
    first, second = ClaimFactory(), ClaimFactory()
    statement = StatementFactory()
    StanceFactory(statement=statement, claim=first)
    for kind in (Stance.Kind.DENIES, Stance.Kind.ASSERTS):
        StanceFactory(statement=StatementFactory(speaker=statement.speaker), claim=second, stance=kind)
    speaker = Actor.objects.get(pk=statement.speaker_id)
    assert speaker.claim_count == 2
    second.status = ReviewStatus.DRAFT  # as a revert from its history would
    second.save()
    speaker.refresh_from_db()
    assert speaker.claim_count == 1
    records_return_to_draft(records=Statement.objects.filter(pk=statement.pk), reviewer=admin_user)
    speaker.refresh_from_db()
    assert speaker.claim_count == 0
    assert_counters_fresh()


@pytest.mark.django_db
def test_recount_all_repairs_counts_written_around_the_signals():
    stance = StanceFactory()
    Claim.objects.filter(pk=stance.claim_id).update(asserting_count=99, denying_count=7)
    Actor.objects.update(statement_count=42, claim_count=3)
    ActorClaim.objects.update(asserting_count=5, claim_denying_count=8)
    ActorClaim.objects.create(actor=ActorFactory(), claim=stance.claim, denying_count=3)
    recount_all()
    assert counts(stance.claim) == (1, 0)
    assert_counters_fresh()
