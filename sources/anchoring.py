"""Anchoring a quote in its article's text, and keeping it there when the text is corrected.

A quote is stored with the character offsets of its exact occurrence in the
article, so that readers can see it highlighted in context and nobody can
save a "quote" the article does not contain. Beside the offsets each anchor
keeps a W3C TextQuoteSelector (the exact words and a little text either side)
and the hash of the article text it was made on.

When an editor corrects the article, every anchor is carried through the diff
of the old and the new text (`remap`):

- words the edit did not touch keep their anchor, shifted by what was inserted
  or removed before them (`Drift.MOVED` when the offsets changed);
- where the diff cannot vouch for the anchor (its text was rewritten around it,
  a paragraph was moved, or the anchor was not made on this text) it is found
  again by its selector: its exact words, and the occurrence whose prefix and
  suffix match best (`Drift.REANCHORED`);
- when the anchored words themselves were changed, `remap` says so
  (`Remap.words_changed`): a verbatim quote then blocks the edit, a paraphrase
  follows the article's new words (`Drift.REWORDED`).

Pure functions on strings: the models decide what to do with the answers.
"""

import difflib
from dataclasses import dataclass

from django.db import models

# Marks an editor may paste around a quote; they are not part of it.
QUOTE_MARKS = "\"'“”„«»‘’‚‹›"
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Occurrence:
    number: int  # 1-based, in reading order
    start: int
    end: int
    context: str  # the quote with a little text either side, for choosing one


class AnchorError(ValueError):
    """The quote cannot be anchored; the message says why and what to do."""


class QuoteNotFound(AnchorError):
    pass


class AmbiguousQuote(AnchorError):
    pass


def clean_quote_text(text: str) -> str:
    """The quote as an editor meant it: without surrounding blanks and quotation marks."""
    return text.strip().strip(QUOTE_MARKS).strip()


def find_occurrences(article_text: str, quote: str) -> list[Occurrence]:
    occurrences = []
    if not quote:
        return occurrences
    start = article_text.find(quote)
    while start != -1:
        end = start + len(quote)
        before = article_text[max(0, start - CONTEXT_CHARS) : start]
        after = article_text[end : end + CONTEXT_CHARS]
        context = f"…{before}[{_shorten(quote)}]{after}…".replace("\n", " ")
        occurrences.append(Occurrence(len(occurrences) + 1, start, end, context))
        start = article_text.find(quote, start + 1)
    return occurrences


def anchor_quote(article_text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """Return the (start, end) offsets of `quote` in `article_text`.

    `occurrence` (1-based) chooses among several occurrences and is required
    when there is more than one.
    """
    occurrences = find_occurrences(article_text, quote)
    if not occurrences:
        raise QuoteNotFound(
            "This text does not occur verbatim in the article. Copy it exactly from the article "
            "text, without the quotation marks around it."
        )
    if occurrence is None:
        if len(occurrences) > 1:
            choices = "; ".join(f"{o.number}: {o.context}" for o in occurrences)
            raise AmbiguousQuote(
                f"This text occurs {len(occurrences)} times in the article. Choose which one in "
                f"“Occurrence” ({choices})."
            )
        occurrence = 1
    if not 1 <= occurrence <= len(occurrences):
        raise AnchorError(
            f"Occurrence {occurrence} does not exist: the text occurs {len(occurrences)} time(s)."
        )
    chosen = occurrences[occurrence - 1]
    return chosen.start, chosen.end


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-limit // 2 :]}"


# ---------------------------------------------------------------- selectors

# Characters of context kept either side of an anchor: enough to tell apart two
# occurrences of a short quote ("Russian violations"), as W3C annotations do.
SELECTOR_CONTEXT = 32


@dataclass(frozen=True)
class TextQuoteSelector:
    """The W3C TextQuoteSelector of a passage: its words and the text just before and after."""

    exact: str
    prefix: str
    suffix: str


def selector_at(text: str, start: int, end: int) -> TextQuoteSelector:
    return TextQuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - SELECTOR_CONTEXT) : start],
        suffix=text[end : end + SELECTOR_CONTEXT],
    )


def _context_score(text: str, start: int, end: int, selector: TextQuoteSelector) -> int:
    """How many characters of the selector's prefix and suffix still surround text[start:end]."""
    before = text[max(0, start - len(selector.prefix)) : start]
    after = text[end : end + len(selector.suffix)]
    matched_before = 0
    while (
        matched_before < min(len(before), len(selector.prefix))
        and before[-1 - matched_before] == selector.prefix[-1 - matched_before]
    ):
        matched_before += 1
    matched_after = 0
    while (
        matched_after < min(len(after), len(selector.suffix))
        and after[matched_after] == selector.suffix[matched_after]
    ):
        matched_after += 1
    return matched_before + matched_after


def find_by_selector(
    text: str, selector: TextQuoteSelector, *, require_context: bool = False
) -> tuple[int, int] | None:
    """Where the selector's passage is in `text`: its only occurrence, or the one whose context fits best.

    None when the words are not there, or when two occurrences fit equally well.
    With `require_context`, an occurrence is accepted only if some of its old
    surroundings came with it (the words alone could be another occurrence).
    """
    occurrences = find_occurrences(text, selector.exact)
    if not occurrences:
        return None
    scored = sorted(
        ((_context_score(text, o.start, o.end, selector), o) for o in occurrences),
        key=lambda pair: -pair[0],
    )
    best_score, best = scored[0]
    if len(scored) > 1 and scored[1][0] == best_score:
        return None
    context = len(selector.prefix) + len(selector.suffix)
    if require_context and best_score < min(SELECTOR_CONTEXT, context) // 2:
        return None
    return best.start, best.end


# ---------------------------------------------------------------- diffs

Opcode = tuple[str, int, int, int, int]  # difflib's (tag, i1, i2, j1, j2), in characters


def diff_opcodes(old: str, new: str) -> list[Opcode]:
    """Character-level edits from `old` to `new`, affordable on a whole article.

    A correction usually touches one place: the common beginning and end are
    cut off first, the rest is compared line by line, and only lines that
    changed are compared character by character.
    """
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    opcodes: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
    old_middle, new_middle = old[head : len(old) - tail], new[head : len(new) - tail]
    old_lines, new_lines = old_middle.splitlines(keepends=True), new_middle.splitlines(keepends=True)
    old_at, new_at = _line_starts(old_lines, head), _line_starts(new_lines, head)
    lines = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        o1, o2, n1, n2 = old_at[i1], old_at[i2], new_at[j1], new_at[j2]
        if tag != "replace":
            opcodes.append((tag, o1, o2, n1, n2))
            continue
        chars = difflib.SequenceMatcher(None, old[o1:o2], new[n1:n2], autojunk=False)
        opcodes.extend((t, o1 + a1, o1 + a2, n1 + b1, n1 + b2) for t, a1, a2, b1, b2 in chars.get_opcodes())
    if tail:
        opcodes.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return opcodes


def _line_starts(lines: list[str], offset: int) -> list[int]:
    starts = [offset]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def _touched(opcodes: list[Opcode], start: int, end: int) -> bool:
    """Whether the edit changed any character of old[start:end] (insertions at its edges do not)."""
    for tag, i1, i2, _, _ in opcodes:
        if tag == "equal":
            continue
        if tag == "insert" and start < i1 < end:
            return True
        if tag != "insert" and i1 < end and i2 > start:
            return True
    return False


def _map_start(opcodes: list[Opcode], position: int, new_length: int) -> int:
    for tag, i1, i2, j1, _ in opcodes:
        if i1 <= position < i2:
            return j1 + (position - i1) if tag == "equal" else j1
    return new_length


def _map_end(opcodes: list[Opcode], position: int) -> int:
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 < position <= i2:
            return j1 + (position - i1) if tag == "equal" else j2
    return 0


# ---------------------------------------------------------------- remapping


class Drift(models.TextChoices):
    """What an edit of the article did to an anchor; anything but NONE is listed for review."""

    NONE = "", "None"
    MOVED = "moved", "Moved with an edit of the text"
    REANCHORED = "reanchored", "Found again by its selector"
    REWORDED = "reworded", "Its words in the article were corrected"
    DETACHED = "detached", "Its words are gone from the article"


@dataclass(frozen=True)
class Remap:
    """Where an anchor goes in the new text, and what happened to it."""

    start: int | None
    end: int | None
    drift: str
    words_changed: bool = False


def remap(
    *,
    old_text: str,
    new_text: str,
    opcodes: list[Opcode],
    start: int,
    end: int,
    selector: TextQuoteSelector,
    trusted: bool,
) -> Remap:
    """Carry the anchor old_text[start:end] into new_text (see the module's docstring).

    `trusted` says the anchor was made on `old_text` (its hash matches) and still
    covers its words: only then are its offsets carried through the diff.
    """
    if trusted and not _touched(opcodes, start, end):
        new_start = _map_start(opcodes, start, len(new_text))
        new_end = new_start + (end - start)
        return Remap(new_start, new_end, Drift.NONE if (new_start, new_end) == (start, end) else Drift.MOVED)
    # The diff cannot vouch for it: look for its words, in the context they had.
    found = find_by_selector(new_text, selector, require_context=trusted)
    if found is not None:
        return Remap(*found, Drift.NONE if found == (start, end) else Drift.REANCHORED)
    if not trusted:
        return Remap(None, None, Drift.DETACHED, words_changed=True)
    new_start, new_end = _map_start(opcodes, start, len(new_text)), _map_end(opcodes, end)
    if new_end <= new_start:
        return Remap(None, None, Drift.DETACHED, words_changed=True)
    return Remap(new_start, new_end, Drift.REWORDED, words_changed=True)
