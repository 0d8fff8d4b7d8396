"""Compare proposed candidates with curated statements (the seed articles' tests and benchmarks)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sources.extraction.candidate import QuoteCandidate
from sources.extraction.text import same_last_name


def evaluate(
    candidates: Sequence[QuoteCandidate],
    expected: Sequence[tuple[int, int, str]],
    aliases: dict[str, Iterable[str]] | None = None,
) -> dict[str, object]:
    """Compare proposed candidates with curated statements.

    ``expected`` holds (start, end, speaker name) spans.  A candidate matches an expected statement when
    their spans overlap by at least 90 % of the expected length.  ``aliases`` optionally maps an expected
    speaker name to its other spellings, any of which counts as the right speaker.

    Returns ``recall`` (share of expected statements matched), ``attribution`` (share of matched ones whose
    candidate speaker has the expected last name, compared case-insensitively and tolerant of
    transliteration), ``precision`` (share of candidates, pull-quotes aside, matching some expected
    statement), ``matched`` (count), ``unmatched_expected`` (expected tuples no candidate matches),
    ``misattributed`` ((expected, candidate) pairs with a wrong speaker) and ``unmatched_candidates``.
    """
    matched = 0
    right = 0
    unmatched_expected: list[tuple[int, int, str]] = []
    misattributed: list[tuple[tuple[int, int, str], QuoteCandidate]] = []
    used: set[int] = set()
    for exp in expected:
        s, e, speaker = exp
        need = 0.9 * max(1, e - s)
        best: tuple[int, int] | None = None
        for i, c in enumerate(candidates):
            overlap = min(e, c.end) - max(s, c.start)
            if overlap >= need and (best is None or overlap > best[0]):
                best = (overlap, i)
        if best is None:
            unmatched_expected.append(exp)
            continue
        matched += 1
        cand = candidates[best[1]]
        used.add(best[1])
        names = [speaker, *((aliases or {}).get(speaker, ()))]
        if any(same_last_name(cand.speaker, n) for n in names):
            right += 1
        else:
            misattributed.append((exp, cand))
    proposals = [i for i, c in enumerate(candidates) if c.duplicate_of is None]
    unmatched_candidates = [candidates[i] for i in proposals if i not in used]
    return {
        "recall": matched / len(expected) if expected else 1.0,
        "attribution": right / matched if matched else 1.0,
        "precision": (len(proposals) - len(unmatched_candidates)) / len(proposals) if proposals else 1.0,
        "matched": matched,
        "unmatched_expected": unmatched_expected,
        "misattributed": misattributed,
        "unmatched_candidates": unmatched_candidates,
    }
