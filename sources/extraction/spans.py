"""Stage 1: paragraphs and quotation spans.

Every quotation-mark convention of the languages the dispute is reported in: “…” (English), „…“ and ‚…‘
(German, Russian inner quotes), «…» (French, Russian, Portuguese, Spanish), ‘…’ and '…' are not used
(they are apostrophes too often), "…" straight, 「…」 and 『…』.  Quotes nest; only the outermost is a
candidate.  Repairs, common in wire copy and machine translations:

* a closing mark with no opening one after an attribution ("…," Yermakov said. - The state … ") starts
  after the attribution: the second part of a split quote (``orphan``);
* an opening mark whose closing mark was swallowed by a nested quote ("… the term "cruise missile," said
  Patrushev.) ends at that shared closing mark, when an attribution follows it;
* an opening mark with no closing one runs to the paragraph's end (``unclosed``): a paragraph of a
  multi-paragraph quotation, whose next paragraph opens the mark again.

Not quotations: an attribute's value in markup left in scraped text (``datetime="2016-06-29"``,
``<a href="…">``), and marks around no word at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

CAPTION_BULLETS = "•●·▪"
_AGENCIES = "REUTERS|AFP|AP|EPA|TASS|SPUTNIK|RIA NOVOSTI|GETTY IMAGES|DPA|EFE|LUSA|XINHUA|ANADOLU|SIPA|POOL"
# a photo credit ending a line makes it a caption, in any outlet's style: "(AP Photo/Virginia Mayo)",
# "(Foto: picture-alliance/…)", "DOD photo by Air Force Staff Sgt. Jette Carr", "Foto: Kremlin/Divulgação",
# "Фото: РИА Новости / …", "© Valery Sharifulin/TASS", "MAXIM SHEMETOV / REUTERS", "REUTERS/Francois Lenoir"
PHOTO_CREDIT_RE = re.compile(
    r"(?:\((?:[^()]*\s)?(?i:photo|foto|фото|bild|image|picture)\b[^()]*\)"
    r"|\b(?i:photo|foto|фото|bild)\s*(?:by\b|:|/|©)[^\n]{0,80}"
    r"|©[^\n]{0,80}"
    rf"|\b(?:{_AGENCIES})\s?/\s?[^\W\d_a-zà-ÿа-я][\w'.-]*(?:\s[^\W\d_a-zà-ÿа-я][\w'.-]*){{0,3}}"
    rf"|\b[^\W\d_a-zà-ÿа-я][^\W\d_a-zà-ÿа-я' .-]{{2,60}}\s?/\s?(?:{_AGENCIES}))\s*$"
)
CREDIT_TAIL = 160
OPENING_MARK_RE = re.compile('[“«„‚"「『]')
_MARK_RE = re.compile('[«»„“”‚‘"「」『』]')
_NON_SPACE_RE = re.compile(r"\S")
_NOT_CLOSER_RE = re.compile('[^\\s”“»"‘」』]')
_MARKUP_VALUE_END_RE = re.compile('["”“]')
_WORD_CHARACTER_RE = re.compile(r"[^\W_]")
# what closes each kind of opening mark
_CLOSE_KINDS = {"»": ("guil",), "”": ("curly", "low"), "」": ("corner",), "』": ("white corner",)}
_OPEN_KINDS = {"«": "guil", "„": "low", "‚": "low single", "「": "corner", "『": "white corner"}


@dataclass
class Span:
    """A quotation in one paragraph: marks at ``open_pos`` and ``close_pos``, words in [start, end)."""

    para: int
    open_pos: int  # offset of the opening mark (of the first character when the mark is missing)
    close_pos: int  # offset of the closing mark (of the paragraph end when it is missing)
    start: int
    end: int
    orphan: bool = False  # closing mark without an opening one
    unclosed: bool = False  # opening mark without a closing one
    standalone: bool = False  # the quote is the whole paragraph


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: one line is one paragraph, trimmed.  Lines starting with a bullet
    ("•") or ending with a photo credit ("(AP Photo/…)", "Foto: …", "© …/TASS") are photo captions and are
    left out entirely."""
    paras = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        # a credit ends the line: only its tail is read
        credit = PHOTO_CREDIT_RE.search(stripped, max(0, len(stripped) - CREDIT_TAIL))
        if stripped and stripped[0] not in CAPTION_BULLETS and not credit:
            lead = len(body) - len(body.lstrip())
            paras.append((pos + lead, pos + len(body.rstrip())))
        pos += len(line)
    return paras


def quotation_spans(
    text: str, para: int, a: int, b: int, attributed_after: Callable[[int, int], bool]
) -> list[Span]:
    """The quotations of the paragraph text[a:b], in text order.  ``attributed_after(pos, end)`` tells
    whether an attribution ("said X") follows ``pos``: it decides the shared-closing-mark repair."""
    t = text
    stack: list[tuple[str, int]] = []
    closed: list[tuple[int, int, int]] = []  # (open, close, depth after closing)
    orphans: list[int] = []

    def close(kinds: tuple[str, ...], i: int) -> bool:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] in kinds:
                closed.append((stack[k][1], i, k))
                del stack[k:]
                return True
        return False

    def closes_here(i: int) -> bool:
        """A mark right after a word and before a space, punctuation or the paragraph's end closes."""
        return (
            i > a and not t[i - 1].isspace() and (i + 1 >= b or t[i + 1].isspace() or t[i + 1] in ",.;:!?)")
        )

    markup_end = -1
    for m in _MARK_RE.finditer(t, a, b):
        i, ch = m.start(), m.group()
        if i <= markup_end:
            continue
        if i > a and t[i - 1] == "=":
            # an attribute's value in markup left in the text (<a href="…">, datetime="…"): no quotation
            closing = _MARKUP_VALUE_END_RE.search(t, i + 1, b)
            markup_end = closing.start() if closing else b
            continue
        if ch in _OPEN_KINDS:
            stack.append((_OPEN_KINDS[ch], i))
        elif ch in _CLOSE_KINDS:
            if close(_CLOSE_KINDS[ch], i):
                continue
            if ch == "”" and stack and stack[-1][0] == "straight" and closes_here(i):
                close(("straight",), i)  # "…” : a straight opening mark closed by a curly one
            elif not stack:
                orphans.append(i)
        elif ch == "“":  # closes „ in German and Russian, opens in English
            if stack and stack[-1][0] == "low":
                close(("low",), i)
            elif stack and stack[-1][0] == "curly" and closes_here(i):
                close(("curly",), i)  # “…,“ said X: an opening mark typed for the closing one
            else:
                stack.append(("curly", i))
        elif ch == "‘":  # closes ‚; otherwise an apostrophe or a single quote, which nests harmlessly
            if stack and stack[-1][0] == "low single":
                close(("low single",), i)
        elif ch == '"' and not close(("straight",), i):
            if stack and stack[-1][0] == "curly" and closes_here(i):
                close(("curly",), i)  # “…" : a curly opening mark closed by a straight one
            else:
                stack.append(("straight", i))
    stack = [entry for entry in stack if entry[0] != "low single"]

    spans: list[tuple[int, int, bool, bool]] = []  # (open, close, orphan, unclosed)
    top = [(o, c) for o, c, d in closed if d == 0]
    if stack:
        outer_kind, outer = stack[0]
        inner = sorted((c for o, c, d in closed if o > outer), reverse=True)
        shared = next((c for c in inner if attributed_after(c + 1, b)), None)
        # an odd straight quote mark is an inch sign or a typo, unless it opens the paragraph or follows a
        # colon before a capital: a paragraph of a multi-paragraph quotation
        opens_block = (outer == a or re.search(r":\s*$", t[max(a, outer - 3) : outer])) and t[
            outer + 1 : outer + 2
        ].isupper()
        if outer_kind == "straight" and not inner and not opens_block:
            pass
        elif shared is not None:
            top.append((outer, shared))
        else:
            spans.append((outer, b, False, True))
    top.sort()
    for o, c in top:
        spans.append((o, c, False, False))
    for c in orphans:
        if any(o < c < e for o, e, _, _ in spans):
            continue
        prev = [e for o, e, _, _ in spans if e < c]
        if prev:
            gap_start = max(prev) + 1
            m = re.search(r"[.!?…]\s*[-–—]?\s*|,\s*[-–—]\s*", t[gap_start:c])
            if not m:
                continue
            start = gap_start + m.end()
        else:
            start = a
        spans.append((start - 1, c, True, False))
    spans.sort()

    quotes = []
    for o, c, orphan, unclosed in spans:
        s, e = o + 1, c
        while s < e and (t[s].isspace() or (orphan and t[s] in "-–—")):
            s += 1
        while e > s and (t[e - 1].isspace() or t[e - 1] == ","):
            e -= 1
        if e <= s or not _WORD_CHARACTER_RE.search(t, s, e):
            continue  # nothing quoted, or only punctuation ("“!”" between two mistyped marks)
        # searches, not slices: a slice to the paragraph's end per quote is quadratic in its length
        text_before = orphan or _NON_SPACE_RE.search(t, a, o) is not None
        text_after = not unclosed and _NOT_CLOSER_RE.search(t, c + 1, b) is not None
        quotes.append(
            Span(
                para=para,
                open_pos=o if not orphan else o + 1,
                close_pos=c,
                start=s,
                end=e,
                orphan=orphan,
                unclosed=unclosed,
                standalone=not text_before and not text_after,
            )
        )
    return quotes
