"""Two editors on the same record: the second save is refused with what changed, never silently lost."""

import pytest
from django.urls import reverse

from claims.models import Claim, Statement
from infkb.provenance import ReviewStatus
from sources.models import Article
from tests.factories import ClaimFactory


def statement_url(statement: Statement) -> str:
    return reverse("admin:claims_statement_change", args=[statement.pk])


@pytest.fixture
def statement(corpus) -> Statement:
    """A draft quote: editors edit drafts, published records are the reviewers'."""
    statement = Statement.objects.filter(kind=Statement.Kind.QUOTE).order_by("pk").first()
    statement.status = ReviewStatus.DRAFT
    statement.save()
    return statement


@pytest.mark.django_db
def test_saving_a_statement_in_the_admin_moves_its_version_on(desk_editor_client, form_data, statement):
    data = form_data(desk_editor_client.get(statement_url(statement)))
    data["venue"] = "at a briefing"

    response = desk_editor_client.post(statement_url(statement), data)

    assert response.status_code == 302
    saved = Statement.objects.get(pk=statement.pk)
    assert saved.venue == "at a briefing" and saved.version == statement.version + 1


@pytest.mark.django_db
def test_a_concurrent_edit_is_refused_with_what_changed_and_the_first_edit_is_kept(
    desk_editor_client, other_editor_client, form_data, statement
):
    first = form_data(desk_editor_client.get(statement_url(statement)))
    second = form_data(other_editor_client.get(statement_url(statement)))
    first["venue"] = "at a press conference"
    second["speaker_role"] = "a role typed by the second editor"

    saved = desk_editor_client.post(statement_url(statement), first)
    refused = other_editor_client.post(statement_url(statement), second)

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert (
        "Someone else (desk-editor) saved this statement after you opened it. Nothing was saved."
        in refused.text
    )
    assert "venue: “” → “at a press conference”" in refused.text
    stored = Statement.objects.get(pk=statement.pk)
    assert stored.venue == "at a press conference"
    assert stored.speaker_role == statement.speaker_role
    assert stored.version == statement.version + 1


@pytest.mark.django_db
def test_after_a_refusal_saving_again_deliberately_replaces_the_other_version(
    desk_editor_client, other_editor_client, form_data, statement
):
    first = form_data(desk_editor_client.get(statement_url(statement)))
    second = form_data(other_editor_client.get(statement_url(statement)))
    first["venue"] = "at a press conference"
    second["venue"] = "in an interview"
    desk_editor_client.post(statement_url(statement), first)
    refused = other_editor_client.post(statement_url(statement), second)

    retried = other_editor_client.post(statement_url(statement), form_data(refused))

    assert retried.status_code == 302
    assert Statement.objects.get(pk=statement.pk).venue == "in an interview"


@pytest.mark.django_db
def test_the_retried_concurrent_save_keeps_the_other_editors_change(
    desk_editor_client, other_editor_client, form_data, statement
):
    first = form_data(desk_editor_client.get(statement_url(statement)))
    second = form_data(other_editor_client.get(statement_url(statement)))
    first["venue"] = "at a press conference"
    second["speaker_role"] = "a role typed by the second editor"
    desk_editor_client.post(statement_url(statement), first)
    refused = other_editor_client.post(statement_url(statement), second)

    retried = other_editor_client.post(statement_url(statement), form_data(refused))

    assert retried.status_code == 302
    stored = Statement.objects.get(pk=statement.pk)
    assert stored.venue == "at a press conference"  # the first editor's change, kept
    assert stored.speaker_role == "a role typed by the second editor"
    assert stored.version == statement.version + 2


@pytest.mark.django_db
def test_a_field_both_editors_changed_is_shown_side_by_side(
    desk_editor_client, other_editor_client, form_data, statement
):
    first = form_data(desk_editor_client.get(statement_url(statement)))
    second = form_data(other_editor_client.get(statement_url(statement)))
    first["venue"] = "at a press conference"
    second["venue"] = "in an interview"
    second["speaker_role"] = "a role typed by the second editor"
    desk_editor_client.post(statement_url(statement), first)

    refused = other_editor_client.post(statement_url(statement), second)

    assert (
        "Changed by both of you: venue: yours “in an interview”, theirs “at a press conference”."
        in refused.text
    )
    assert refused.context["adminform"].form.errors["venue"] == [
        "Changed by both of you. Theirs: “at a press conference”. "
        "Yours is in the field: saving again keeps yours."
    ]
    # speaker_role only this editor changed: not a conflict.
    assert "speaker_role" not in refused.context["adminform"].form.errors


@pytest.mark.django_db
def test_a_form_opened_before_a_publication_cannot_undo_it(desk_editor_client, reviewer, form_data, corpus):
    from infkb.services import records_publish

    claim = ClaimFactory(status="draft")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(desk_editor_client.get(url))
    records_publish(records=Claim.objects.filter(pk=claim.pk), reviewer=reviewer)
    data["description"] = "edited meanwhile"

    refused = desk_editor_client.post(url, data)

    # Once published, the claim is the reviewers': the editor's form is refused outright.
    assert refused.status_code == 403
    assert Claim.objects.get(pk=claim.pk).description != "edited meanwhile"
    assert Claim.objects.get(pk=claim.pk).status == "published"


@pytest.mark.django_db
def test_a_reviewers_form_opened_before_a_publication_cannot_undo_it(reviewer, form_data, client, corpus):
    from infkb.services import records_publish

    claim = ClaimFactory(status="draft")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    client.force_login(reviewer)
    data = form_data(client.get(url))
    records_publish(records=Claim.objects.filter(pk=claim.pk), reviewer=reviewer)
    data["description"] = "edited meanwhile"

    refused = client.post(url, data)

    assert refused.status_code == 200 and "Nothing was saved" in refused.text
    assert "status: “draft” → “published”" in refused.text
    assert Claim.objects.get(pk=claim.pk).description != "edited meanwhile"


@pytest.mark.django_db
def test_a_concurrent_edit_of_an_article_is_refused_too(
    desk_editor_client, other_editor_client, form_data, corpus
):
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(status=ReviewStatus.DRAFT)  # editors edit drafts
    url = reverse("admin:sources_article_change", args=[article.pk])
    first = form_data(desk_editor_client.get(url))
    second = form_data(other_editor_client.get(url))
    first["translation_note"] = "first note"
    second["translation_note"] = "second note"

    saved = desk_editor_client.post(url, first)
    refused = other_editor_client.post(url, second)

    assert saved.status_code == 302
    assert refused.status_code == 200 and "Nothing was saved" in refused.text
    assert Article.objects.get(pk=article.pk).translation_note == "first note"
