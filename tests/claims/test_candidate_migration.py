"""Quote candidates moved from sources to claims (sources 0006, claims 0022): no row, no permission lost."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.models import QuoteCandidate
from tests.factories import StatementFactory

# The schema before the move: the candidates are sources' model.
BEFORE = [("claims", "0021_stance_speaker"), ("sources", "0005_outlet_wikidata_id")]
FIELDS = ["pk", "article_id", "start", "end", "text", "speaker_name", "speaker_id", "status"]
FIELDS += ["statement_id", "duplicate_of_id", "decided_by_id", "decided_at", "cue", "venue"]


def migrate(targets: list[tuple[str, str]]):
    """Migrate to `targets`; return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def latest() -> list[tuple[str, str]]:
    graph = MigrationExecutor(connection).loader.graph
    return [node for node in graph.leaf_nodes() if node[0] in ("claims", "sources")]


@pytest.mark.django_db(transaction=True)
def test_candidates_made_before_the_move_are_claims_candidates_after_it_with_their_permissions():
    after = latest()
    statement = StatementFactory(text="We are ready")
    editor = User.objects.create_user("desk", is_staff=True)
    desk = Group.objects.create(name="Desk")
    editor.groups.add(desk)

    old = migrate(BEFORE)
    with pytest.raises(LookupError):
        old.get_model("claims", "QuoteCandidate")
    OldCandidate = old.get_model("sources", "QuoteCandidate")
    accepted = OldCandidate.objects.create(
        article_id=statement.article_id,
        start=0,
        end=5,
        text="Intro",
        speaker_name="Lavrov",
        speaker_id=statement.speaker_id,
        status="accepted",
        statement_id=statement.pk,
        decided_by_id=editor.pk,
        decided_at="2019-02-01T10:00:00Z",
    )
    OldCandidate.objects.create(
        article_id=statement.article_id,
        start=6,
        end=9,
        text="Pull",
        status="duplicate",
        duplicate_of=accepted,
    )
    before = list(OldCandidate.objects.order_by("pk").values_list(*FIELDS))
    # An editor's group is given the right to decide on candidates while they are sources'.
    Permission = old.get_model("auth", "Permission")
    old.get_model("auth", "Group").objects.get(pk=desk.pk).permissions.add(
        Permission.objects.get(content_type__app_label="sources", codename="change_quotecandidate")
    )

    migrate(after)

    assert list(QuoteCandidate.objects.order_by("pk").values_list(*FIELDS)) == before
    moved = QuoteCandidate.objects.get(pk=accepted.pk)
    assert moved.statement == statement and moved.speaker == statement.speaker
    assert User.objects.get(pk=editor.pk).has_perm("claims.change_quotecandidate")
    # New candidates go on in the same table, after the moved ones.
    assert QuoteCandidate.objects.create(
        article_id=statement.article_id, start=10, end=12, text="xy"
    ).pk > max(row[0] for row in before)
