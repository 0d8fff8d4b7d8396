"""History: every change is kept with who and what, an earlier version can be restored, a deletion undone."""

import pytest
from django.urls import reverse

from claims.models import Actor, Stance, Statement
from infkb.provenance import ReviewStatus
from infkb.services import RestoreError, deleted_record_restore, deleted_records


@pytest.fixture
def statement(corpus) -> Statement:
    """A draft quote: editors edit drafts, published records are the reviewers'."""
    statement = (
        Statement.objects.filter(kind=Statement.Kind.QUOTE, stances__isnull=False).order_by("pk").first()
    )
    statement.status = ReviewStatus.DRAFT
    statement.save()
    return statement


def edit_venue(client, form_data, statement: Statement, venue: str) -> None:
    url = reverse("admin:claims_statement_change", args=[statement.pk])
    data = form_data(client.get(url))
    data["venue"] = venue
    assert client.post(url, data).status_code == 302


@pytest.mark.django_db
def test_a_change_is_recorded_with_who_made_it_and_what_changed(
    desk_editor, desk_editor_client, form_data, statement
):
    edit_venue(desk_editor_client, form_data, statement, "in an interview with RT")

    newest, previous = statement.history.order_by("-history_date")[:2]
    delta = newest.diff_against(previous)
    assert newest.history_user == desk_editor
    assert [
        (c.field, c.old, c.new) for c in delta.changes if c.field != "updated_at" and c.field != "version"
    ] == [("venue", statement.venue, "in an interview with RT")]
    history_page = desk_editor_client.get(reverse("admin:claims_statement_history", args=[statement.pk]))
    assert "desk-editor" in history_page.text


@pytest.mark.django_db
def test_an_earlier_version_is_restored_from_the_history_page(desk_editor_client, form_data, statement):
    original_venue, versions = statement.venue, statement.history.count()
    edit_venue(desk_editor_client, form_data, statement, "first edit")
    edit_venue(desk_editor_client, form_data, statement, "second edit")
    before_edits = statement.history.filter(venue=original_venue).order_by("-history_date").first()
    url = reverse("admin:claims_statement_simple_history", args=[statement.pk, before_edits.history_id])

    response = desk_editor_client.post(url, form_data(desk_editor_client.get(url)))

    assert response.status_code == 302
    restored = Statement.objects.get(pk=statement.pk)
    assert restored.venue == original_venue
    assert restored.history.count() == versions + 3  # two edits and the revert, each kept


@pytest.mark.django_db
def test_a_deleted_statement_is_restored_with_its_stances(reviewer_client, desk_editor_client, statement):
    stances = set(Stance.objects.filter(statement=statement).values_list("pk", "claim_id", "stance"))
    reviewer_client.post(reverse("admin:claims_statement_delete", args=[statement.pk]), {"post": "yes"})
    assert not Statement.objects.filter(pk=statement.pk).exists()

    deleted_page = desk_editor_client.get(reverse("admin:claims_statement_deleted"))
    entry = statement.history.get(history_type="-")
    response = desk_editor_client.post(reverse("admin:claims_statement_restore", args=[entry.history_id]))

    assert statement.text[:40] in deleted_page.text and "reviewer" in deleted_page.text
    assert response.status_code == 302
    restored = Statement.objects.get(pk=statement.pk)
    assert (restored.text, restored.start, restored.end, restored.speaker_id) == (
        statement.text,
        statement.start,
        statement.end,
        statement.speaker_id,
    )
    assert set(Stance.objects.filter(statement=restored).values_list("pk", "claim_id", "stance")) == stances
    assert restored.history.first().history_change_reason == "Restored after deletion"
    assert restored.pk not in {e.record_pk for e in deleted_records(model=Statement)}


@pytest.mark.django_db
def test_a_record_that_was_restored_already_cannot_be_restored_twice(desk_editor, corpus):
    actor = Actor.objects.create(name="Ivan Petrovsky", slug="ivan-petrovsky", kind=Actor.Kind.PERSON)
    actor.delete()
    entry = Actor.history.get(slug="ivan-petrovsky", history_type="-")

    restored, _ = deleted_record_restore(historical_record=entry, user=desk_editor)

    assert Actor.objects.get(pk=restored.pk).name == "Ivan Petrovsky"
    with pytest.raises(RestoreError, match="already restored"):
        deleted_record_restore(historical_record=entry, user=desk_editor)


@pytest.mark.django_db
def test_a_deleted_statement_whose_quote_left_the_text_is_not_restored(desk_editor, corpus):
    from tests.factories import StatementFactory

    statement = StatementFactory(status=ReviewStatus.DRAFT)
    article, pk = statement.article, statement.pk
    statement.delete()
    article.text = article.text.replace("Nobody has asked us", "Nobody asked")
    article.save()

    with pytest.raises(RestoreError, match="does not occur verbatim"):
        deleted_record_restore(
            historical_record=Statement.history.get(id=pk, history_type="-"), user=desk_editor
        )
    assert not Statement.objects.filter(pk=pk).exists()


@pytest.mark.django_db
def test_a_deleted_statement_comes_back_with_the_events_it_referred_to(desk_editor, corpus):
    statement = Statement.objects.filter(events__isnull=False).order_by("pk").first()
    pk, events = statement.pk, set(statement.events.values_list("slug", flat=True))
    statement.stances.all().delete()
    statement.delete()

    deleted_record_restore(historical_record=Statement.history.get(id=pk, history_type="-"), user=desk_editor)

    assert events
    assert set(Statement.objects.get(pk=pk).events.values_list("slug", flat=True)) == events


@pytest.mark.django_db
def test_an_editor_undoing_a_deletion_brings_a_published_statement_back_as_a_draft(
    desk_editor, reviewer, corpus
):
    published = list(Statement.objects.published().order_by("pk")[:2])
    ids = [statement.pk for statement in published]
    for statement in published:
        statement.stances.all().delete()
        statement.delete()
    by_editor, by_reviewer = (Statement.history.get(id=pk, history_type="-") for pk in ids)

    deleted_record_restore(historical_record=by_editor, user=desk_editor)
    deleted_record_restore(historical_record=by_reviewer, user=reviewer)

    assert Statement.objects.get(pk=by_editor.id).status == ReviewStatus.DRAFT
    assert Statement.objects.get(pk=by_reviewer.id).status == ReviewStatus.PUBLISHED


@pytest.mark.django_db
def test_a_revert_says_to_which_version_it_went_back(desk_editor_client, form_data, statement):
    edit_venue(desk_editor_client, form_data, statement, "first edit")
    before = statement.history.order_by("history_date").first()
    url = reverse("admin:claims_statement_simple_history", args=[statement.pk, before.history_id])

    response = desk_editor_client.post(url, form_data(desk_editor_client.get(url)), follow=True)

    said = [str(message) for message in response.context["messages"]]
    assert len(said) == 1 and "was reverted to the version of" in said[0]
    assert "changed successfully" not in response.text


@pytest.mark.django_db
def test_the_history_reads_plainly(reviewer, reviewer_client, form_data, statement):
    url = reverse("admin:claims_statement_change", args=[statement.pk])
    data = form_data(reviewer_client.get(url))
    data["status"] = (
        ReviewStatus.PUBLISHED
    )  # the form records the reviewer: reviewed_by goes from empty to them
    assert reviewer_client.post(url, data).status_code == 302
    assert (
        reviewer_client.post(url, form_data(reviewer_client.get(url))).status_code == 302
    )  # saved as it was

    html = reviewer_client.get(reverse("admin:claims_statement_history", args=[statement.pk])).text

    assert "pk=None" not in html
    html = " ".join(html.split())
    assert f"<strong>Reviewed by:</strong> (empty) &nbsp;&rarr;&nbsp;&nbsp;{reviewer}" in html
    assert "<strong>Reviewed at:</strong> (empty) &nbsp;&rarr;" in html
    assert "Change reason" not in html
    assert "No field of its own changed" in html
