"""Propose the quotations in a news article as candidate statements.

Pure Python, standard library only: no Django here, so the admin, a management command, the benchmark
(``bench/quotes.py``) or a notebook can all call :func:`extract_candidates` on an article's text and show
the editor what to accept.

The pipeline, one module a stage:

1. ``spans``: paragraphs (photo captions left out) and quotation spans, in every quotation-mark
   convention, with the repairs wire copy and machine translations need.
2. ``cues``: the attribution cues of the article's language (speech verbs, "according to", pronouns,
   determiners), read from ``lexicons/<language>.json``.
3. ``sources``: source phrases — capitalised name runs with titles stripped, roles, venues.
4. ``speakers``: the persons of the article, their mentions, and back-references ("he", "the diplomat").
5. ``attribution`` (the rules), ``transcripts`` (interviews) and ``extractor`` (the run over every
   quote: titles, headings, pull-quotes; it asks ``terms`` whether a quotation names a work, a nickname
   or a slogan instead, not proposed); ``reader``, ``mentions`` and ``subjects`` (below it) read the
   article's sentences, the persons it names, and the subject phrase of a speech verb.

``text`` holds the small helpers they share; ``evaluation`` compares candidates with curated statements.
"""

from __future__ import annotations

from collections.abc import Iterable

from sources.extraction.candidate import QuoteCandidate
from sources.extraction.cues import available_languages, cues_for
from sources.extraction.evaluation import evaluate
from sources.extraction.extractor import SCARE_QUOTE_MAX_WORDS, Extractor
from sources.extraction.text import same_last_name

__all__ = [
    "QuoteCandidate",
    "SCARE_QUOTE_MAX_WORDS",
    "available_languages",
    "evaluate",
    "extract_candidates",
    "same_last_name",
]


def extract_candidates(
    text: str, known_names: Iterable[str] = (), language: str = "en"
) -> list[QuoteCandidate]:
    """Propose the quotations in ``text`` as statements, in text order.

    ``known_names`` are aliases of persons already known (they help recognise a lone surname as a
    person); names of people the article introduces are found without them.  ``language`` (an ISO 639-1
    code: en, ru, pt, es, fr, de) chooses the cue lexicon; an unknown one reads as English.
    """
    return Extractor(text, known_names, cues_for(language)).run()
