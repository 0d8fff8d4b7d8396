"""Writes that touch several models, each in one transaction: statements that follow their article's text.

Publishing, returning to draft and undoing a deletion are the same for every curated record:
infkb/services.py.
"""

from django.db import models, transaction

from claims.anchoring import find_occurrences
from claims.models import Statement
from sources.models import Article, QuoteCandidate


def _relocated(statement: Statement | QuoteCandidate, new_text: str) -> tuple[int, int] | None:
    """Where the passage's text now is, if that is unambiguous; None if it is gone or ambiguous."""
    if new_text[statement.start : statement.end] == statement.text:
        return statement.start, statement.end
    occurrences = find_occurrences(new_text, statement.text)
    if len(occurrences) == 1:
        return occurrences[0].start, occurrences[0].end
    return None


def broken_anchors(*, article: Article, new_text: str) -> list[Statement]:
    """The statements whose anchors `new_text` would break beyond automatic repair."""
    anchored = article.statements.filter(start__isnull=False).select_related("speaker")
    return [s for s in anchored if _relocated(s, new_text) is None]


@transaction.atomic
def reanchor_statements(*, article: Article) -> int:
    """Move each anchor to where its text now is in the article; return how many moved.

    Called after the article text changed. Statements are updated in two passes
    (first out of the way, then into place) so that two quotes that swap places
    never collide on the unique span constraint.
    """
    moved = []
    for statement in article.statements.filter(start__isnull=False).order_by("pk"):
        new_span = _relocated(statement, article.text)
        if new_span is None:
            raise ValueError(f"The anchor of statement #{statement.pk} cannot be repaired.")
        if new_span != (statement.start, statement.end):
            moved.append((statement, new_span))
    _out_of_the_way(Statement, [statement for statement, _ in moved], article)
    for statement, (start, end) in moved:
        # Saved, not updated, so that the history shows the move and why.
        statement.start, statement.end = start, end
        statement._change_reason = "Anchor moved with an edit of the article text"
        statement.save(update_fields=["start", "end", "updated_at"])
    _move_candidates(article)
    return len(moved)


def _out_of_the_way(model: type[models.Model], passages: list, article: Article) -> None:
    """Shift passages past the end of the text before moving them into place.

    Two passages that swap places would otherwise collide on the unique span
    constraint in the middle of the move.
    """
    offset = len(article.text) + 1
    for passage in passages:
        model.objects.filter(pk=passage.pk).update(start=passage.start + offset, end=passage.end + offset)


def _move_candidates(article: Article) -> None:
    """Quote candidates follow the text too; a pending one whose passage is gone is dropped.

    Pending candidates are proposals from the old text ("Propose again" makes
    new ones); decided ones keep their decision and, where possible, their place.
    """
    moved = []
    for candidate in article.candidates.order_by("pk"):
        new_span = _relocated(candidate, article.text)
        if new_span is None and candidate.status in (
            QuoteCandidate.Status.PENDING,
            QuoteCandidate.Status.DUPLICATE,
        ):
            candidate.delete()
        elif new_span is not None and new_span != (candidate.start, candidate.end):
            moved.append((candidate, new_span))
    _out_of_the_way(QuoteCandidate, [candidate for candidate, _ in moved], article)
    for candidate, (start, end) in moved:
        QuoteCandidate.objects.filter(pk=candidate.pk).update(start=start, end=end)
