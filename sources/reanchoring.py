"""Carrying the anchors of an article's passages through an edit of its text.

The rules are in sources/anchoring.py; this module applies them to the stored
passages (statements) when an article is saved, then announces the edit
(sources/signals.py) to what else follows the text (quote candidates).
"""

from django.db import models, transaction

from sources.anchoring import Drift, Remap, diff_opcodes, remap, selector_at
from sources.models import AnchoredPassage, Article, content_hash
from sources.signals import article_text_edited

# The history's reason for each kind of drift: the statement's history says why its anchor changed.
CHANGE_REASONS = {
    Drift.MOVED: "Anchor moved with an edit of the article text",
    Drift.REANCHORED: "Anchor found again by its quote selector after an edit of the article text",
    Drift.REWORDED: "Words follow a correction of the article text",
    Drift.DETACHED: "Anchor removed: its words are gone from the article text",
}


def remap_passages(article: Article, *, old_text: str, new_text: str) -> list[tuple[AnchoredPassage, Remap]]:
    """Where each anchored passage of `article` goes when `old_text` becomes `new_text`."""
    if old_text == new_text:
        return []
    opcodes = diff_opcodes(old_text, new_text)
    old_hash = content_hash(old_text)
    result = []
    for passages in article.anchored_passages():
        for passage in passages.order_by("pk"):
            # Offsets are carried through the diff only if they were set on this very text;
            # otherwise (an anchor loaded in bulk, a hash never recorded) the selector decides.
            trusted = passage.anchor_text_hash in ("", old_hash) and (
                old_text[passage.start : passage.end] == passage.text
            )
            if trusted and not passage.anchor_prefix and not passage.anchor_suffix:
                selector = selector_at(old_text, passage.start, passage.end)
            else:
                selector = passage.selector
            change = remap(
                old_text=old_text,
                new_text=new_text,
                opcodes=opcodes,
                start=passage.start,
                end=passage.end,
                selector=selector,
                trusted=trusted,
            )
            result.append((passage, change))
    return result


@transaction.atomic
def reanchor_passages(article: Article, *, old_text: str) -> int:
    """Move every anchor of `article` from `old_text` into its saved text; return how many drifted.

    Each drifted passage is saved (not updated) so that its history shows the
    change and why, and is marked with its drift for review.
    """
    remaps = remap_passages(article, old_text=old_text, new_text=article.text)
    broken = [passage for passage, change in remaps if change.words_changed and passage.anchor_is_verbatim()]
    if broken:
        raise ValueError(f"The quoted words of {', '.join(f'#{p.pk}' for p in broken)} were changed.")
    drifted = [(passage, change) for passage, change in remaps if change.drift != Drift.NONE]
    out_of_the_way([passage for passage, change in drifted], article)
    for passage, change in drifted:
        if change.words_changed and change.start is not None:
            passage.text = article.text[change.start : change.end]
        passage.set_anchor(article.text, change.start, change.end)
        passage.anchor_drift = change.drift
        passage._change_reason = CHANGE_REASONS[change.drift]
        passage.save(
            update_fields=["text", "start", "end", "anchor_prefix", "anchor_suffix", "anchor_text_hash"]
            + ["anchor_drift", "updated_at"]
        )
    # Passages that stayed put were made on the old text: they now stand on the new one.
    for model in {type(passage) for passage, _ in remaps}:
        unmoved = [p.pk for p, change in remaps if type(p) is model and change.drift == Drift.NONE]
        model.objects.filter(pk__in=unmoved).update(anchor_text_hash=article.content_hash)
    article_text_edited.send(sender=Article, article=article, old_text=old_text)
    return len(drifted)


def out_of_the_way(passages: list[models.Model], article: Article) -> None:
    """Shift passages past the end of the text before moving them into place.

    Two passages that swap places would otherwise collide on the unique span
    constraint in the middle of the move.
    """
    offset = len(article.text) + 1
    for passage in passages:
        if passage.start is not None:
            type(passage).objects.filter(pk=passage.pk).update(
                start=passage.start + offset, end=passage.end + offset
            )
