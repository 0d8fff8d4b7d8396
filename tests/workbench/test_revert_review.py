"""Reverting to an earlier version is an edit like any other: it never publishes without review.

django-simple-history's revert view checks only that the user may *view* the old version; these
tests post to it as an editor would with a hand-made request, the Revert button being hidden.
"""

import pytest
from django.urls import reverse

from claims.models import Actor, Claim, ClaimRelation, Stance, Statement
from infkb.provenance import ReviewStatus


def revert_url(record, version) -> str:
    opts = record._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[record.pk, version.history_id]
    )


def older_version(record):
    return record.history.order_by("history_date").first()


def post_old_version(client, form_data, record, version):
    """What an editor's browser sends for the old version, status included as the old version had it."""
    url = revert_url(record, version)
    data = form_data(client.get(url))
    data["status"] = version.status
    return client.post(url, data)


def stored(record):
    return type(record).objects.get(pk=record.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Claim, Statement, Stance, ClaimRelation])
def test_an_editor_cannot_revert_a_published_record(desk_editor_client, form_data, corpus, model):
    record = model.objects.published().order_by("pk").first()
    version = older_version(record)
    before = {f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields}

    response = post_old_version(desk_editor_client, form_data, record, version)

    assert response.status_code == 403
    after = stored(record)
    assert {f.attname: getattr(after, f.attname) for f in model._meta.concrete_fields} == before


@pytest.mark.django_db
def test_an_editor_cannot_change_a_published_claims_text_through_an_old_version(
    reviewer_client, desk_editor_client, form_data, corpus
):
    claim = Claim.objects.published().order_by("pk").first()
    original_text = claim.text
    claim.text = f"{original_text} (reworded)"
    claim.save()  # the reworded text is what readers see now; the seed's wording is in the history
    old = claim.history.filter(text=original_text).order_by("-history_date").first()

    response = post_old_version(desk_editor_client, form_data, claim, old)

    assert response.status_code == 403
    assert stored(claim).text == f"{original_text} (reworded)"


@pytest.mark.django_db
def test_an_editor_cannot_reattribute_a_published_quote_through_an_old_version(
    desk_editor_client, form_data, corpus
):
    statement = Statement.objects.published().filter(kind=Statement.Kind.QUOTE).order_by("pk").first()
    speaker = statement.speaker
    statement.speaker = Actor.objects.exclude(pk=speaker.pk).order_by("pk").first()
    statement.save()
    statement.speaker = speaker
    statement.save()
    wrong_speaker = statement.history.exclude(speaker_id=speaker.pk).order_by("-history_date").first()

    response = post_old_version(desk_editor_client, form_data, statement, wrong_speaker)

    assert response.status_code == 403
    assert stored(statement).speaker_id == speaker.pk
    assert stored(statement).status == ReviewStatus.PUBLISHED


@pytest.mark.django_db
def test_an_editor_reverting_a_withdrawn_claim_keeps_it_a_draft(desk_editor_client, form_data, corpus):
    claim = Claim.objects.published().order_by("pk").first()
    published_version = claim.history.order_by("-history_date").first()
    claim.status = ReviewStatus.DRAFT  # a reviewer withdrew it
    claim.save()

    response = post_old_version(desk_editor_client, form_data, claim, published_version)

    assert response.status_code == 302
    assert stored(claim).status == ReviewStatus.DRAFT
    assert not Claim.objects.published().filter(pk=claim.pk).exists()


@pytest.mark.django_db
def test_the_revert_button_is_hidden_from_an_editor_on_a_published_record(desk_editor_client, corpus):
    claim = Claim.objects.published().order_by("pk").first()
    claim.status = ReviewStatus.DRAFT
    claim.save()
    draft_version = claim.history.order_by("-history_date").first()
    claim.status = ReviewStatus.PUBLISHED
    claim.save()

    page = desk_editor_client.get(revert_url(claim, draft_version))

    assert page.status_code == 200
    assert 'name="_save"' not in page.text


@pytest.mark.django_db
def test_a_reviewer_may_revert_a_published_record_and_is_recorded_as_its_reviewer(
    reviewer, reviewer_client, form_data, corpus
):
    claim = Claim.objects.published().order_by("pk").first()
    original_text = claim.text
    claim.text = f"{original_text} (reworded)"
    claim.status = ReviewStatus.DRAFT
    claim.save()
    old = claim.history.filter(text=original_text, status=ReviewStatus.PUBLISHED).first()

    response = post_old_version(reviewer_client, form_data, claim, old)

    assert response.status_code == 302
    after = stored(claim)
    assert (after.text, after.status, after.reviewed_by) == (original_text, ReviewStatus.PUBLISHED, reviewer)


@pytest.mark.django_db
def test_reverting_a_deleted_record_points_to_recently_deleted(desk_editor_client, corpus):
    claim = Claim.objects.drafts().order_by("pk").first() or Claim.objects.order_by("pk").first()
    version = older_version(claim)
    claim_pk = claim.pk
    Stance.objects.filter(claim=claim).delete()
    ClaimRelation.objects.filter(source=claim).delete()
    ClaimRelation.objects.filter(target=claim).delete()
    claim.delete()

    response = desk_editor_client.get(
        reverse("admin:claims_claim_simple_history", args=[claim_pk, version.history_id])
    )

    assert response.status_code == 404
