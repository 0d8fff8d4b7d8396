"""Quote candidates: measured on the seed articles, and accepted, corrected or rejected by an editor."""

import pytest
from django.urls import reverse

from claims.candidates import (
    CandidateError,
    candidate_accept,
    candidate_reject,
    candidates_generate,
    known_names,
)
from claims.models import Actor, Claim, QuoteCandidate, Statement
from infkb.provenance import ReviewStatus
from sources.extraction import evaluate, extract_candidates
from sources.importing import article_import
from sources.models import Article

# The levels reached on the two seed articles (docs/workbench.md); the issue asks for ≥ 95 % and ≥ 90 %.
RECALL_REACHED = 1.0
ATTRIBUTION_REACHED = 1.0


def seed_expectations(article: Article) -> tuple[list[tuple[int, int, str]], dict[str, list[str]]]:
    """The hand-curated verbatim quotes of a seed article, as (start, end, speaker name), with aliases."""
    quotes = article.statements.filter(kind=Statement.Kind.QUOTE).select_related("speaker")
    expected = [(s.start, s.end, s.speaker.name) for s in quotes]
    aliases = {s.speaker.name: list(s.speaker.aliases.values_list("name", flat=True)) for s in quotes}
    return expected, aliases


def seed_articles() -> list[Article]:
    return list(
        Article.objects.filter(url__startswith="https://seed.infkb.invalid/").order_by("published_on")
    )


@pytest.mark.django_db
def test_the_extractor_finds_the_seed_quotes_and_their_speakers(corpus):
    totals = {"expected": 0, "matched": 0, "right": 0}
    for article in seed_articles():
        expected, aliases = seed_expectations(article)
        result = evaluate(extract_candidates(article.text, known_names()), expected, aliases)
        totals["expected"] += len(expected)
        totals["matched"] += result["matched"]
        totals["right"] += round(result["attribution"] * result["matched"])
        assert result["recall"] >= RECALL_REACHED, (article.slug, result["unmatched_expected"])
        assert result["attribution"] >= ATTRIBUTION_REACHED, (article.slug, result["misattributed"])

    assert len(seed_articles()) == 2
    assert totals["matched"] / totals["expected"] >= RECALL_REACHED
    assert totals["right"] / totals["matched"] >= ATTRIBUTION_REACHED


@pytest.mark.django_db
def test_every_seed_quote_resolves_to_the_actor_the_curators_chose(corpus):
    for article in seed_articles():
        candidates_generate(article=article)
        for statement in article.statements.filter(kind=Statement.Kind.QUOTE):
            # The quote's own candidate, or the one it was cut from: the seed splits a quote that
            # reports someone else in its first sentence (Lavrov on China), and leaves RT's
            # insertion out of Koktysh's; the extractor proposes each quotation as a whole.
            overlapping = article.candidates.filter(start__lt=statement.end, end__gt=statement.start)
            candidate = max(
                overlapping, key=lambda c: min(c.end, statement.end) - max(c.start, statement.start)
            )
            assert candidate.speaker == statement.speaker, (statement.text[:50], candidate.speaker_name)


@pytest.mark.django_db
def test_no_heading_or_caption_is_proposed(corpus):
    for article in seed_articles():
        captions = [line for line in article.text.split("\n") if line.strip().startswith("•")]
        for candidate in extract_candidates(article.text, known_names()):
            assert candidate.text not in ("Validity of claims", "Inadmissible luxury")
            assert not any(candidate.text in caption for caption in captions)


@pytest.mark.django_db
def test_a_pull_quote_is_marked_as_a_duplicate_of_the_later_quote(corpus):
    article = Article.objects.get(text__contains="They do not need to convince Russians")
    Statement.objects.filter(article=article).delete()

    candidates_generate(article=article)

    pull_quote = article.candidates.get(text="They do not need to convince Russians that Russians are wrong.")
    assert pull_quote.status == QuoteCandidate.Status.DUPLICATE
    assert pull_quote.duplicate_of.text.startswith("They do not need to convince the Russians")
    assert pull_quote.duplicate_of.start > pull_quote.start


@pytest.mark.django_db
def test_candidates_that_are_already_statements_are_shown_as_accepted(corpus):
    article = seed_articles()[0]

    pending = candidates_generate(article=article)

    assert [c.status for c in pending] == [QuoteCandidate.Status.DUPLICATE] * len(pending)
    assert article.candidates.filter(
        status=QuoteCandidate.Status.ACCEPTED, statement__isnull=False
    ).count() == (article.statements.filter(kind=Statement.Kind.QUOTE).count())


TEXT = (
    "Russian Foreign Minister Sergei Lavrov said on Tuesday that Moscow was still waiting for an answer.\n\n"
    "“We have made our offer and we are waiting,” Lavrov told reporters in Moscow.\n\n"
    "Retired colonel Ivan Petrovsky, a military analyst, disagreed.\n\n"
    "“Nobody in Brussels will answer this year,” Petrovsky said."
)


@pytest.fixture
def imported(corpus, desk_editor) -> Article:
    article, _ = article_import(
        text=TEXT, outlet="rt", url="https://example.org/waiting", published="2019-09-10", user=desk_editor
    )
    return article


@pytest.mark.django_db
def test_accepting_a_candidate_creates_a_draft_statement_anchored_at_its_offsets(imported, desk_editor):
    candidate = imported.candidates.get(text__startswith="We have made our offer")
    lavrov = Actor.objects.by_alias("Sergei Lavrov").get()
    assert candidate.speaker == lavrov

    statement = candidate_accept(candidate=candidate, user=desk_editor)

    assert statement.text == imported.text[statement.start : statement.end]
    assert (statement.start, statement.end) == (candidate.start, candidate.end)
    assert statement.speaker == lavrov and statement.speaker_role == candidate.speaker_role
    assert statement.status == ReviewStatus.DRAFT and statement.created_by == desk_editor
    candidate.refresh_from_db()
    assert candidate.status == QuoteCandidate.Status.ACCEPTED and candidate.statement == statement
    assert candidate.decided_by == desk_editor


@pytest.mark.django_db
def test_accepting_a_candidate_by_an_unknown_speaker_creates_that_actor(imported, desk_editor):
    candidate = imported.candidates.get(text__startswith="Nobody in Brussels")
    assert candidate.speaker is None and candidate.speaker_name.endswith("Petrovsky")

    statement = candidate_accept(candidate=candidate, user=desk_editor)

    assert statement.speaker.name == "Ivan Petrovsky"  # the fullest name the article gives
    assert statement.speaker.created_by == desk_editor
    assert Actor.objects.by_alias(candidate.speaker_name).get() == statement.speaker


@pytest.mark.django_db
def test_a_corrected_candidate_is_anchored_where_the_corrected_text_is(imported, desk_editor):
    candidate = imported.candidates.get(text__startswith="We have made our offer")
    other = Actor.objects.by_alias("Vladimir Putin").get()

    statement = candidate_accept(
        candidate=candidate,
        user=desk_editor,
        speaker=other,
        text="“we are waiting”",
        speaker_role="President",
    )

    assert statement.text == "we are waiting" == imported.text[statement.start : statement.end]
    assert candidate.start < statement.start < statement.end <= candidate.end
    assert statement.speaker == other and statement.speaker_role == "President"


@pytest.mark.django_db
def test_a_correction_that_is_not_in_the_text_is_refused_and_nothing_is_saved(imported, desk_editor):
    candidate = imported.candidates.get(text__startswith="We have made our offer")
    count = Statement.objects.count()

    with pytest.raises(CandidateError, match="does not occur verbatim"):
        candidate_accept(candidate=candidate, user=desk_editor, text="We have made no offer")

    assert Statement.objects.count() == count
    candidate.refresh_from_db()
    assert candidate.status == QuoteCandidate.Status.PENDING


@pytest.mark.django_db
def test_a_rejected_candidate_creates_nothing_and_stays_rejected_when_proposed_again(imported, desk_editor):
    candidate = imported.candidates.get(text__startswith="Nobody in Brussels")
    count = Statement.objects.count()

    candidate_reject(candidate=candidate, user=desk_editor)
    candidates_generate(article=imported)

    assert Statement.objects.count() == count
    assert imported.candidates.get(start=candidate.start).status == QuoteCandidate.Status.REJECTED
    assert imported.candidates.count() == 2


@pytest.mark.django_db
def test_the_articles_admin_page_shows_each_candidate_in_its_context(desk_editor_client, imported):
    response = desk_editor_client.get(reverse("admin:sources_article_change", args=[imported.pk]))

    assert response.status_code == 200
    assert "<mark>We have made our offer and we are waiting</mark>" in response.text
    assert "Lavrov told reporters in Moscow" in response.text
    # Petrovsky is not known yet: the page names the actor that accepting will create, in full.
    created = "a new actor, <strong>Ivan Petrovsky</strong>, will be created (written “Petrovsky”)"
    assert created in response.text


@pytest.mark.django_db
def test_an_editor_accepts_a_candidate_on_the_articles_page_with_one_click(
    desk_editor_client, desk_editor, imported
):
    candidate = imported.candidates.get(text__startswith="We have made our offer")

    response = desk_editor_client.post(
        reverse("admin:sources_article_candidate_accept", args=[imported.pk, candidate.pk])
    )

    assert response.status_code == 302
    statement = Statement.objects.get(article=imported)
    assert statement.text == imported.text[statement.start : statement.end] == candidate.text
    assert statement.created_by == desk_editor
    assert statement.history.get().history_user == desk_editor


@pytest.mark.django_db
def test_an_editor_rejects_a_candidate_with_one_click(desk_editor_client, imported):
    candidate = imported.candidates.get(text__startswith="Nobody in Brussels")

    desk_editor_client.post(
        reverse("admin:sources_article_candidate_reject", args=[imported.pk, candidate.pk])
    )

    candidate.refresh_from_db()
    assert candidate.status == QuoteCandidate.Status.REJECTED
    assert not Statement.objects.filter(article=imported).exists()


@pytest.mark.django_db
def test_an_editor_corrects_the_speaker_and_accepts(desk_editor_client, imported):
    candidate = imported.candidates.get(text__startswith="Nobody in Brussels")
    putin = Actor.objects.by_alias("Vladimir Putin").get()
    url = reverse("admin:sources_article_candidate_correct", args=[imported.pk, candidate.pk])

    page = desk_editor_client.get(url)
    response = desk_editor_client.post(
        url, {"speaker": putin.pk, "text": candidate.text, "speaker_role": "analyst", "venue": ""}
    )

    assert page.status_code == 200 and "<mark>Nobody in Brussels" in page.text
    assert response.status_code == 302
    statement = Statement.objects.get(article=imported)
    assert statement.speaker == putin and statement.speaker_role == "analyst"


@pytest.mark.parametrize("speaker", ["abc", "9" * 25])
def test_a_tampered_speaker_in_a_correction_is_a_form_error(desk_editor_client, imported, speaker):
    candidate = imported.candidates.get(text__startswith="Nobody in Brussels")
    url = reverse("admin:sources_article_candidate_correct", args=[imported.pk, candidate.pk])

    response = desk_editor_client.post(url, {"speaker": speaker, "text": candidate.text})

    assert response.status_code == 200 and "errorlist" in response.text  # "9"*25 was an OverflowError
    assert not Statement.objects.filter(article=imported).exists()


@pytest.mark.parametrize("action", ["accept", "reject", "reopen", "correct"])
def test_a_candidate_address_with_no_article_id_is_a_404(desk_editor_client, imported, action):
    candidate = imported.candidates.first()
    url = reverse(f"admin:sources_article_candidate_{action}", args=[imported.pk, candidate.pk])

    response = desk_editor_client.post(url.replace(f"/{imported.pk}/", "/abc/"))  # was a ValueError

    assert response.status_code == 404


def test_proposing_for_an_address_with_no_article_id_is_a_404(desk_editor_client, imported):
    url = reverse("admin:sources_article_propose", args=[imported.pk])

    assert desk_editor_client.post(url.replace(f"/{imported.pk}/", "/abc/")).status_code == 404


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("Peskov", "Kremlin spokesman Dmitry Peskov said. “No,” Peskov told reporters.", "Dmitry Peskov"),
        ("Stoltenberg", "NATO Secretary General Stoltenberg said.", "Stoltenberg"),
        ("Lavrov", "“Yes,” Lavrov said.", "Lavrov"),
        ("Sergey Lavrov", "Sergey Lavrov said.", "Sergey Lavrov"),
    ],
)
def test_a_new_speaker_gets_the_fullest_name_the_article_gives_but_never_a_title(name, text, expected):
    from claims.candidates import full_name

    assert full_name(name, text) == expected


@pytest.mark.django_db
def test_a_candidate_whose_statement_was_deleted_can_be_reopened_with_one_click(
    desk_editor_client, imported, desk_editor
):
    candidate = imported.candidates.get(text__startswith="Nobody in Brussels")
    statement = candidate_accept(candidate=candidate, user=desk_editor)
    statement.delete()
    page = desk_editor_client.get(reverse("admin:sources_article_change", args=[imported.pk]))
    reopen = reverse("admin:sources_article_candidate_reopen", args=[imported.pk, candidate.pk])

    response = desk_editor_client.post(reopen, follow=True)

    assert f'action="{reopen}"' in page.text
    assert "waiting for a decision again" in response.text
    candidate.refresh_from_db()
    assert candidate.status == QuoteCandidate.Status.PENDING


@pytest.mark.django_db
def test_a_correction_that_moves_to_another_passage_is_refused(imported, desk_editor):
    candidate = imported.candidates.get(text__startswith="Nobody in Brussels")

    with pytest.raises(CandidateError, match="not part of this candidate's passage"):
        candidate_accept(candidate=candidate, user=desk_editor, text="We have made our offer")
    assert not Statement.objects.filter(article=imported, text="We have made our offer").exists()


@pytest.mark.django_db
def test_candidates_follow_an_edit_of_the_article_text(imported):
    imported.text = "A line added at the top by an editor.\n\n" + imported.text
    imported.full_clean()
    imported.save()

    candidates = list(imported.candidates.all())
    assert candidates
    assert all(imported.text[c.start : c.end] == c.text for c in candidates)


@pytest.mark.django_db
def test_a_pending_candidate_whose_passage_was_removed_is_dropped(imported):
    gone = imported.candidates.get(text__startswith="Nobody in Brussels")
    imported.text = imported.text.replace(gone.text, "No comment")
    imported.full_clean()
    imported.save()

    assert not imported.candidates.filter(pk=gone.pk).exists()
    assert imported.candidates.exists()


def test_a_new_claim_with_a_control_character_is_not_accepted(desk_editor_client, imported):
    candidate = imported.candidates.get(text__startswith="Nobody in Brussels")
    url = reverse("admin:sources_article_candidate_accept", args=[imported.pk, candidate.pk])

    response = desk_editor_client.post(
        url, {f"candidate-{candidate.pk}-new_claim": "A bell\x07"}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 400 and "control character" in str(response.json())
    assert not Claim.objects.filter(text__startswith="A bell").exists()
