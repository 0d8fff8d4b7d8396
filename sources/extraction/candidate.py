"""What the extractor returns: a quotation proposed to the editor as a statement."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QuoteCandidate:
    """A quotation found in an article, proposed to the editor as a statement."""

    start: int  # offset of the quote text in the article text: text[start:end] == self.text
    end: int
    text: str  # the words inside the quotation marks, without the marks and the attribution's comma
    speaker: str | None  # the speaker's name as the article writes it, after resolving back-references
    speaker_role: str  # the role the article gives the speaker, "" if none
    venue: str  # "told RIA Novosti", "in an interview with RT", "" if none
    cue: str  # the attribution words found ("said Yermakov", "the diplomat said"), "" if none
    duplicate_of: int | None = None  # index of the later candidate this pull-quote repeats
