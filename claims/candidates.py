"""Quote candidates: proposing the statements in an article, and the editor's decision on each.

Sources announces an imported article and an edited article text (sources/signals.py); the
receivers here propose the new article's candidates and carry the candidates through the edit.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.text import slugify

from claims.models import Actor, ActorAlias, Claim, QuoteCandidate, Stance, Statement
from claims.names import normalize_name
from infkb.provenance import ReviewStatus
from sources.anchoring import clean_quote_text, diff_opcodes, find_occurrences, remap, selector_at
from sources.extraction import extract_candidates
from sources.models import Article
from sources.reanchoring import out_of_the_way
from sources.signals import article_imported, article_text_edited

# A candidate covering this share of an existing statement's span is that statement.
SAME_SPAN_OVERLAP = 0.9


class CandidateError(ValueError):
    """The candidate cannot be accepted as it is; the message says what to fix. Nothing was saved."""


def known_names() -> list[str]:
    """Every actor name and alias, so the extractor recognises them as names."""
    return [*Actor.objects.values_list("name", flat=True), *ActorAlias.objects.values_list("name", flat=True)]


def resolve_speaker(name: str | None) -> Actor | None:
    """The one known actor `name` denotes, through aliases then transliteration; None if none or several."""
    if not name:
        return None
    for lookup in (Actor.objects.by_alias, Actor.objects.by_transliteration):
        found = list(lookup(name)[:2])
        if len(found) == 1:
            return found[0]
    return None


def _statement_at(statements: list[Statement], start: int, end: int) -> Statement | None:
    for statement in statements:
        overlap = min(end, statement.end) - max(start, statement.start)
        if overlap >= SAME_SPAN_OVERLAP * max(1, statement.end - statement.start):
            return statement
    return None


@transaction.atomic
def candidates_generate(*, article: Article) -> list[QuoteCandidate]:
    """Propose the quotes in the article; return the pending (and pull-quote) candidates.

    Running it again replaces the undecided candidates and keeps the decided
    ones. A candidate whose span is already a statement is marked accepted and
    linked to it, so the editor sees only what is left to do.
    """
    article.candidates.filter(
        status__in=[QuoteCandidate.Status.PENDING, QuoteCandidate.Status.DUPLICATE]
    ).delete()
    decided = set(article.candidates.values_list("start", "end"))
    statements = list(article.statements.filter(start__isnull=False))
    proposed = extract_candidates(article.text, known_names(), language=article.language)
    rows: dict[int, QuoteCandidate] = {}
    for index, proposal in enumerate(proposed):
        if (proposal.start, proposal.end) in decided:
            continue
        existing = _statement_at(statements, proposal.start, proposal.end)
        status = QuoteCandidate.Status.PENDING
        if existing is not None:
            status = QuoteCandidate.Status.ACCEPTED
        elif proposal.duplicate_of is not None:
            status = QuoteCandidate.Status.DUPLICATE
        rows[index] = QuoteCandidate.objects.create(
            article=article,
            start=proposal.start,
            end=proposal.end,
            text=proposal.text,
            speaker_name=(proposal.speaker or "")[:200],
            speaker=resolve_speaker(proposal.speaker),
            speaker_role=proposal.speaker_role[:300],
            venue=proposal.venue[:300],
            cue=proposal.cue[:300],
            status=status,
            statement=existing,
        )
    for index, proposal in enumerate(proposed):
        if proposal.duplicate_of is not None and index in rows and proposal.duplicate_of in rows:
            rows[index].duplicate_of = rows[proposal.duplicate_of]
            rows[index].save(update_fields=["duplicate_of"])
    return [row for row in rows.values() if row.status != QuoteCandidate.Status.ACCEPTED]


def _anchor_near(article: Article, text: str, candidate: QuoteCandidate) -> tuple[int, int]:
    """The occurrence of the (corrected) text nearest the candidate's span."""
    if text == candidate.text:
        return candidate.start, candidate.end
    occurrences = find_occurrences(article.text, text)
    if not occurrences:
        raise CandidateError(
            "The corrected text does not occur verbatim in the article. "
            "Copy it exactly from the article text."
        )
    nearest = min(
        occurrences, key=lambda o: (max(0, candidate.start - o.start, o.end - candidate.end), o.start)
    )
    if nearest.end <= candidate.start or nearest.start >= candidate.end:
        # A correction trims or extends this quote; another passage is another statement.
        raise CandidateError(
            "The corrected text is not part of this candidate's passage. To record another passage, "
            "add a statement on the article's page."
        )
    return nearest.start, nearest.end


def full_name(name: str, article_text: str) -> str:
    """The fullest form of `name` the article gives: "Dmitry Peskov" for a candidate's "Peskov".

    Only a capitalised given name directly before the surname counts, so that a
    title ("Secretary General …") never becomes part of a new actor's name.
    """
    if " " in name:
        return name
    match = re.search(rf"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) {re.escape(name)}\b", article_text)
    return f"{match.group(1)} {name}" if match and match.group(1) not in TITLE_WORDS else name


# Capitalised words that stand before a surname but are not given names.
TITLE_WORDS = {
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "President",
    "Minister",
    "General",
    "Secretary",
    "Senator",
    "Ambassador",
}


def _new_actor(name: str, user: Any, alias: str = "") -> Actor:
    """A new person; `alias` (the name as the quote's attribution gives it) finds them next time."""
    base = slugify(name)[:180] or "actor"
    slug, n = base, 1
    while Actor.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    actor = Actor(name=name, slug=slug, kind=Actor.Kind.PERSON, created_by=user)
    try:
        actor.full_clean()
    except ValidationError as error:
        raise CandidateError(" ".join(error.messages)) from None
    actor.save()
    key = normalize_name(alias)
    if key and key != actor.normalized_name and not ActorAlias.objects.filter(normalized=key).exists():
        ActorAlias.objects.create(actor=actor, name=alias)
    return actor


@transaction.atomic
def candidate_accept(
    *,
    candidate: QuoteCandidate,
    user: Any,
    speaker: Actor | None = None,
    text: str | None = None,
    speaker_role: str | None = None,
    venue: str | None = None,
    claim: Claim | None = None,
    new_claim: str = "",
    stance: str = Stance.Kind.ASSERTS,
) -> Statement:
    """Turn the candidate into a draft statement, anchored where the candidate is; return it.

    The arguments other than `candidate` and `user` are the editor's corrections.
    With no known speaker, the name as the article writes it becomes a new
    actor (a person; the editor can change the kind or merge it later).
    With a `claim` (or the text of a `new_claim`, created as a draft), the
    statement takes that `stance` on it, as a draft too.
    """
    candidate = QuoteCandidate.objects.select_for_update().select_related("article").get(pk=candidate.pk)
    if candidate.status in (QuoteCandidate.Status.ACCEPTED, QuoteCandidate.Status.REJECTED):
        raise CandidateError(f"This candidate was already {candidate.get_status_display().lower()}.")
    article = candidate.article
    text = clean_quote_text(text) if text is not None else candidate.text
    if not text:
        raise CandidateError("The statement needs its text.")
    speaker = speaker or candidate.speaker
    if speaker is None:
        if not candidate.speaker_name.strip():
            raise CandidateError("Nobody is named as the speaker: choose one, then accept.")
        name = candidate.speaker_name.strip()
        speaker = resolve_speaker(name) or _new_actor(
            full_name(name, candidate.article.text), user, alias=name
        )
    start, end = _anchor_near(article, text, candidate)
    statement = Statement(
        article=article,
        speaker=speaker,
        kind=Statement.Kind.QUOTE,
        text=text,
        start=start,
        end=end,
        speaker_role=candidate.speaker_role if speaker_role is None else speaker_role,
        venue=candidate.venue if venue is None else venue,
        status=ReviewStatus.DRAFT,
        created_by=user,
    )
    try:
        statement.full_clean()
    except ValidationError as error:
        raise CandidateError(" ".join(error.messages)) from None
    statement._history_user = user
    statement.save()
    candidate.status = QuoteCandidate.Status.ACCEPTED
    candidate.statement = statement
    candidate.speaker = speaker
    candidate.decided_by = user
    candidate.decided_at = timezone.now()
    candidate.save()
    if new_claim.strip():
        claim = claim_for_text(new_claim, user)
    if claim is not None:
        Stance.objects.create(
            statement=statement, claim=claim, stance=stance, status=ReviewStatus.DRAFT, created_by=user
        )
    return statement


def claim_for_text(text: str, user: Any) -> Claim:
    """The claim with this text (whatever its case), or a new draft one: a claim is stated once."""
    text = " ".join(text.split())
    existing = Claim.objects.filter(text__iexact=text).first()
    if existing is not None:
        return existing
    base = slugify(text)[:180] or "claim"
    slug, n = base, 1
    while Claim.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    claim = Claim(text=text, slug=slug, status=ReviewStatus.DRAFT, created_by=user)
    try:
        claim.full_clean()
    except ValidationError as error:
        raise CandidateError(" ".join(error.messages)) from None
    claim.save()
    return claim


@transaction.atomic
def candidate_reject(*, candidate: QuoteCandidate, user: Any) -> QuoteCandidate:
    """Mark the candidate as not a statement (a heading, a caption, a scare quote…)."""
    candidate = QuoteCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status == QuoteCandidate.Status.ACCEPTED:
        raise CandidateError("This candidate is already a statement: delete the statement instead.")
    candidate.status = QuoteCandidate.Status.REJECTED
    candidate.decided_by = user
    candidate.decided_at = timezone.now()
    candidate.save()
    return candidate


@transaction.atomic
def candidate_reopen(*, candidate: QuoteCandidate, user: Any) -> QuoteCandidate:
    """Undo a rejection, or an acceptance whose statement has since been deleted: pending again."""
    candidate = QuoteCandidate.objects.select_for_update().get(pk=candidate.pk)
    orphaned = candidate.status == QuoteCandidate.Status.ACCEPTED and candidate.statement_id is None
    if candidate.status != QuoteCandidate.Status.REJECTED and not orphaned:
        raise CandidateError(
            "Only a rejected candidate, or one whose statement was deleted, can be reopened."
        )
    candidate.status = QuoteCandidate.Status.PENDING
    candidate.decided_by = user
    candidate.decided_at = timezone.now()
    candidate.save()
    return candidate


def pending_candidates(article: Article) -> Any:
    """The candidates still waiting for a decision, in reading order."""
    return article.candidates.filter(
        Q(status=QuoteCandidate.Status.PENDING) | Q(status=QuoteCandidate.Status.DUPLICATE)
    ).select_related("speaker")


def next_pending_candidate(candidate: QuoteCandidate) -> QuoteCandidate | None:
    """The next candidate waiting for a decision after this one in the text, else the first one left."""
    waiting = pending_candidates(candidate.article).exclude(pk=candidate.pk).order_by("start", "pk")
    return waiting.filter(start__gte=candidate.start).first() or waiting.first()


# ---------------------------------------------------------------- what sources announces


@receiver(article_imported, dispatch_uid="propose_quote_candidates")
def propose_candidates(sender: type[Article], article: Article, **kwargs: Any) -> None:
    """An imported article comes with its quote candidates, for the editor to review."""
    candidates_generate(article=article)


@receiver(article_text_edited, dispatch_uid="move_quote_candidates")
def move_candidates(sender: type[Article], article: Article, old_text: str, **kwargs: Any) -> None:
    """Quote candidates follow the text too; a pending one whose words changed is dropped.

    Pending candidates are proposals from the old text ("Propose again" makes
    new ones); decided ones keep their decision and, where possible, their place.
    """
    opcodes = diff_opcodes(old_text, article.text)
    moved = []
    for candidate in article.candidates.order_by("pk"):
        change = remap(
            old_text=old_text,
            new_text=article.text,
            opcodes=opcodes,
            start=candidate.start,
            end=candidate.end,
            selector=selector_at(old_text, candidate.start, candidate.end),
            trusted=old_text[candidate.start : candidate.end] == candidate.text,
        )
        if change.words_changed:
            if candidate.status in (QuoteCandidate.Status.PENDING, QuoteCandidate.Status.DUPLICATE):
                candidate.delete()
        elif (change.start, change.end) != (candidate.start, candidate.end):
            moved.append((candidate, change))
    out_of_the_way([candidate for candidate, _ in moved], article)
    for candidate, change in moved:
        QuoteCandidate.objects.filter(pk=candidate.pk).update(start=change.start, end=change.end)
