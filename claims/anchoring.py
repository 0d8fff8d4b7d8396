"""Anchoring a quote in its article's text.

A quote is stored with the character offsets of its exact occurrence in the
article, so that readers can see it highlighted in context and nobody can
save a "quote" the article does not contain.
"""

from dataclasses import dataclass

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
