"""The article as the attribution stages read it: its text, paragraphs, sentences, source phrases and persons.

:class:`ArticleReader` is the base of the stage classes (``mentions`` → ``subjects`` → ``attribution`` →
``transcripts`` → ``extractor``), each adding the rules of one stage to the state set up here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from sources.extraction.cues import UPPER, Cues
from sources.extraction.quote import Quote
from sources.extraction.sources import (
    SourcePhrases,
    affiliation_pattern,
)
from sources.extraction.spans import paragraphs
from sources.extraction.speakers import Registry

_ABBREVIATIONS = frozenset(
    str.split(
        "mr mrs ms dr st gen col lt sen rep gov jr sr prof no vol vs etc inc ltd co"
        " u.s u.k u.n a.m p.m e.g i.e adm capt maj sgt rev hon fr sec supt pres"
    )
)
_TERMINATOR_RE = re.compile(rf"[.!?…]+[\"”»’)]?(?=\s+[\"“”«„‚「(\-–—{UPPER}0-9]|\s*$)")


class ArticleReader:
    """One article's text and what every stage reads of it: paragraphs, sentence boundaries, name runs
    (``phrases``) and the persons met so far (``people``)."""

    def __init__(self, text: str, known_names: Iterable[str], cues: Cues) -> None:
        self.text = text
        self.cues = cues
        self.paragraphs = paragraphs(text)
        self._paragraph_starts = [a for a, _ in self.paragraphs]
        self.phrases = SourcePhrases(text, cues)
        self.people = Registry(cues, paragraph_starts=[a for a, _ in self.paragraphs])
        self.affiliation = affiliation_pattern(cues)
        self._starts_cache: set[int] | None = None
        self._boundary_cache: tuple[list[int], list[int]] | None = None
        self._mid_capitals: set[str] | None = None
        self._quotes_by_para: dict[int, list[Quote]] = {}  # the quotes found, by paragraph index
        for alias in known_names:
            self.people.register_known(alias)

    def _in_quote(self, pos: int) -> bool:
        """Whether ``pos`` lies between the marks of a quote found in its paragraph (a title in quotation
        marks, "the co-author of “Going Viral”", names nobody who speaks)."""
        pi = bisect.bisect_right(self._paragraph_starts, pos) - 1
        return any(q.open_pos < pos < q.close_pos for q in self._quotes_by_para.get(pi, ()))

    def _is_boundary(self, m: re.Match[str]) -> bool:
        before = self.text[max(0, m.start() - 12) : m.start()]
        word = re.search(r"([\w.]+)$", before)
        if word and self.text[m.start()] == ".":
            w = word.group(1).lower()
            if w in _ABBREVIATIONS or re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", w):
                return False  # "Gen.", "J." or "G.K.": an abbreviation or initials, not a sentence end
        return True

    def _boundaries(self) -> tuple[list[int], list[int]]:
        """(starts, ends) of every sentence terminator in the article, computed once, in text order."""
        if self._boundary_cache is None:
            starts, ends = [], []
            for a, b in self.paragraphs:
                for m in _TERMINATOR_RE.finditer(self.text, a, b):
                    if self._is_boundary(m):
                        starts.append(m.start())
                        ends.append(m.end())
            self._boundary_cache = (starts, ends)
        return self._boundary_cache

    def _sentence_start(self, pos: int, floor: int) -> int:
        """Start of the sentence holding ``pos``, not before ``floor``: a binary search over the article's
        terminators (scanning from ``floor`` made extraction quadratic in a paragraph's length), plus the
        few characters before ``pos``, where a terminator counts even with no next sentence in view."""
        starts, ends = self._boundaries()
        start = floor
        k = bisect.bisect_right(ends, pos) - 1
        if k >= 0 and starts[k] >= floor:
            start = ends[k]
        for m in _TERMINATOR_RE.finditer(self.text, max(floor, pos - 4), pos):
            if m.end() <= pos and m.end() > start and self._is_boundary(m):
                start = m.end()
        while start < pos and self.text[start].isspace():
            start += 1
        return start

    def _sentence_end(self, pos: int, ceil: int) -> int:
        for m in _TERMINATOR_RE.finditer(self.text, pos, ceil):
            if self._is_boundary(m):
                return m.end()
        return ceil

    def _sentence_starts(self) -> set[int]:
        if self._starts_cache is not None:
            return self._starts_cache
        starts = set()
        for a, b in self.paragraphs:
            starts.add(a)
            for m in _TERMINATOR_RE.finditer(self.text, a, b):
                if self._is_boundary(m):
                    k = m.end()
                    while k < b and self.text[k].isspace():
                        k += 1
                    while k < b and self.text[k] in '"“«„-–—( ':
                        k += 1
                    starts.add(k)
        self._starts_cache = starts
        return starts
