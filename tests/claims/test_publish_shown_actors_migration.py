"""claims 0024: draft actors that published records showed before the rule are published, and only those."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.models import Actor, Role
from infkb.provenance import ReviewStatus
from tests.factories import ActorFactory, StatementFactory

BEFORE = [("claims", "0023_stance_claim_side_stmt_idx")]
MIGRATION = [("claims", "0024_publish_actors_published_records_show")]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def as_draft(*actors: Actor) -> None:
    """As it was before the rules: written without the signals that now publish them."""
    Actor.objects.filter(pk__in=[a.pk for a in actors]).update(status=ReviewStatus.DRAFT)


def status(actor: Actor) -> str:
    return Actor.objects.get(pk=actor.pk).status


@pytest.mark.django_db(transaction=True)
def test_the_migration_publishes_the_draft_actors_published_records_show(corpus):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    reviewer = User.objects.create_user("old-reviewer")
    country = ActorFactory(name="Qxland", slug="qxland", kind="state")
    reported = ActorFactory(name="Colonel Qxreported", slug="colonel-qxreported", country=country)
    statement = StatementFactory(reported_speaker=reported, status=ReviewStatus.PUBLISHED)
    type(statement).objects.filter(pk=statement.pk).update(reviewed_by=reviewer)
    directorate = ActorFactory(name="Qx Directorate", slug="qx-directorate", kind="organisation")
    Role.objects.create(person=reported, title="Director", organisation=directorate)
    unseen = ActorFactory(name="Major Qxunseen", slug="major-qxunseen")
    StatementFactory(reported_speaker=unseen, status=ReviewStatus.DRAFT)
    as_draft(country, reported, directorate, unseen)
    version_before = Actor.objects.get(pk=reported.pk).version

    migrate(BEFORE)
    migrate(MIGRATION)

    # The reported speaker, and what a published person shows in turn: their country and roles.
    assert [status(a) for a in (reported, country, directorate)] == [ReviewStatus.PUBLISHED] * 3
    assert status(unseen) == ReviewStatus.DRAFT  # only a draft statement reports him
    published = Actor.objects.get(pk=reported.pk)
    assert published.reviewed_by == reviewer and published.version == version_before + 1
    newest = published.history.first()
    assert newest.status == ReviewStatus.PUBLISHED and newest.history_user == reviewer
    assert (
        newest.history_change_reason
        == f"Published with statement #{statement.pk}, which reports it (migration)"
    )

    migrate(BEFORE)  # going back changes nothing
    assert status(reported) == ReviewStatus.PUBLISHED
    migrate(latest)
