"""Writes that touch several models, each in one transaction."""

from django.db import transaction

from claims.anchoring import find_occurrences
from claims.models import Statement
from sources.models import Article


def _relocated(statement: Statement, new_text: str) -> tuple[int, int] | None:
    """Where the statement's text now is, if that is unambiguous; None if it is gone or ambiguous."""
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
    offset = len(article.text) + 1
    for statement, _ in moved:
        Statement.objects.filter(pk=statement.pk).update(
            start=statement.start + offset, end=statement.end + offset
        )
    for statement, (start, end) in moved:
        Statement.objects.filter(pk=statement.pk).update(start=start, end=end)
    return len(moved)
