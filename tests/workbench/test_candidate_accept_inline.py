"""Accepting a quote candidate from the article's page: speaker, claim and stance in one go."""

import pytest
from django.urls import reverse

from claims.models import Claim, QuoteCandidate, Stance, Statement
from infkb.provenance import ReviewStatus
from sources.importing import article_import
from tests.workbench.test_candidates import TEXT

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def imported(corpus, desk_editor):
    article, _ = article_import(
        text=TEXT, outlet="rt", url="https://example.org/waiting", published="2019-09-10", user=desk_editor
    )
    return article


def accept(client, article, candidate, **fields):
    data = {f"candidate-{candidate.pk}-{name}": value for name, value in fields.items()}
    url = reverse("admin:sources_article_candidate_accept", args=[article.pk, candidate.pk])
    return client.post(url, data, **JSON)


@pytest.mark.django_db
def test_accepting_with_a_claim_and_a_stance_creates_the_statement_and_its_stance_as_drafts(
    desk_editor_client, desk_editor, imported
):
    candidate = imported.candidates.get(text__startswith="We have made our offer")
    claim = Claim.objects.filter(text__icontains="violat").first()
    following = imported.candidates.get(text__startswith="Nobody in Brussels")

    response = accept(desk_editor_client, imported, candidate, claim=claim.pk, stance="denies")

    assert response.status_code == 200
    statement = Statement.objects.get(article=imported)
    stance = statement.stances.get()
    assert (stance.claim, stance.stance) == (claim, Stance.Kind.DENIES)
    assert statement.status == stance.status == ReviewStatus.DRAFT
    assert stance.created_by == desk_editor
    answer = response.json()
    assert answer["statement"]["id"] == statement.pk
    assert answer["next"] == following.pk  # the editor moves on to the next quote


@pytest.mark.django_db
def test_a_new_claim_is_created_as_a_draft_and_an_existing_text_is_reused(desk_editor_client, imported):
    first, second = imported.candidates.order_by("start")

    accept(desk_editor_client, imported, first, new_claim="Moscow  awaits an answer from NATO")
    accept(desk_editor_client, imported, second, new_claim="moscow awaits an answer from nato")

    claim = Claim.objects.get(text="Moscow awaits an answer from NATO")
    assert claim.status == ReviewStatus.DRAFT
    assert claim.stances.count() == 2
    assert all(stance.stance == Stance.Kind.ASSERTS for stance in claim.stances.all())


@pytest.mark.django_db
def test_a_claim_and_a_new_claim_together_are_refused_with_a_message_and_nothing_is_created(
    desk_editor_client, imported
):
    candidate = imported.candidates.get(text__startswith="We have made our offer")
    claim = Claim.objects.first()
    claims_before = Claim.objects.count()

    response = accept(desk_editor_client, imported, candidate, claim=claim.pk, new_claim="Something else")

    assert response.status_code == 400
    assert "not both" in response.json()["errors"]["__all__"][0]["message"]
    assert not Statement.objects.filter(article=imported).exists()
    assert Claim.objects.count() == claims_before
    candidate.refresh_from_db()
    assert candidate.status == QuoteCandidate.Status.PENDING


@pytest.mark.django_db
def test_an_unknown_claim_or_stance_is_a_field_error(desk_editor_client, imported):
    candidate = imported.candidates.get(text__startswith="We have made our offer")

    response = accept(desk_editor_client, imported, candidate, claim="999999", stance="shrugs")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"claim", "stance"}
    assert not Statement.objects.filter(article=imported).exists()


@pytest.mark.django_db
def test_without_the_script_accepting_redirects_to_the_next_candidate(desk_editor_client, imported):
    candidate = imported.candidates.get(text__startswith="We have made our offer")
    following = imported.candidates.get(text__startswith="Nobody in Brussels")
    url = reverse("admin:sources_article_candidate_accept", args=[imported.pk, candidate.pk])

    response = desk_editor_client.post(url)

    assert response.status_code == 302
    assert response["Location"].endswith(f"#candidate-{following.pk}")


@pytest.mark.django_db
def test_rejecting_from_the_script_answers_with_the_next_candidate(desk_editor_client, imported):
    first, second = imported.candidates.order_by("start")
    url = reverse("admin:sources_article_candidate_reject", args=[imported.pk, first.pk])

    response = desk_editor_client.post(url, **JSON)

    assert response.json()["next"] == second.pk
    first.refresh_from_db()
    assert first.status == QuoteCandidate.Status.REJECTED


@pytest.mark.django_db
def test_the_articles_page_costs_the_same_whatever_its_number_of_candidates(
    desk_editor_client, desk_editor, corpus, django_assert_max_num_queries
):
    def page_with(quotes: int):
        text = "\n\n".join(
            f"“Quote number {n} is long enough to be a quote,” Petrovsky said." for n in range(quotes)
        )
        article, _ = article_import(
            text=text,
            outlet="rt",
            url=f"https://example.org/{quotes}",
            published="2019-09-10",
            user=desk_editor,
        )
        assert article.candidates.count() == quotes
        return reverse("admin:sources_article_change", args=[article.pk])

    small, large = page_with(2), page_with(30)
    desk_editor_client.get(small)
    with django_assert_max_num_queries(30) as counted:
        desk_editor_client.get(small)
    with django_assert_max_num_queries(len(counted)):
        response = desk_editor_client.get(large)
    assert response.text.count('class="candidate-accept"') == 30
