"""What the attribution stages pass along: a quotation span and the attribution found for it."""

from __future__ import annotations

from dataclasses import dataclass

from sources.extraction.spans import Span
from sources.extraction.speakers import Person


@dataclass
class Attribution:
    speaker: str | None
    person: Person | None
    role: str
    venue: str
    cue: str


@dataclass
class Quote(Span):
    """A quotation span on its way to becoming a candidate."""

    attribution: Attribution | None = None
    drop: bool = False
    pull_of: Quote | None = None
    turn: bool = False
