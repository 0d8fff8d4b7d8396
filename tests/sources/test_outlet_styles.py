"""Articles in the styles of outlets the extractor was not tuned to, in six languages.

Each text in ``outlets/`` is a short article written for these tests (not third-party copy) in one outlet's
house style: an English-language Russian agency wire, AFP and AP wires with datelines, bylines and sign-offs,
a State Department briefing and "remarks to the press", broadcast transcripts, a US government feature, a
news aggregator, and German, French, Spanish, Russian and Portuguese agency copy and an interview.  Its
``.expected.json`` gives the article's language and every quote with its speaker's last name as the
article writes it.  Photo captions, headlines, bylines, credit lines, related-news links and journalists'
turns in transcripts are in the texts too: nothing of them may be proposed.
"""

import json
from pathlib import Path

import pytest

from sources.extraction import extract_candidates, same_last_name

OUTLETS = Path(__file__).resolve().parent / "outlets"
NAMES = sorted(p.stem for p in OUTLETS.glob("*.txt"))


def expected(name: str) -> dict:
    return json.loads((OUTLETS / f"{name}.expected.json").read_text(encoding="utf-8"))


def test_there_are_articles_in_every_language_of_the_dispute():
    assert {expected(name)["language"] for name in NAMES} == {"en", "ru", "pt", "es", "fr", "de"}


@pytest.mark.parametrize("name", NAMES)
def test_every_quote_is_found_with_its_speaker_and_nothing_else_is_proposed(name):
    text = (OUTLETS / f"{name}.txt").read_text(encoding="utf-8")
    article = expected(name)
    candidates = extract_candidates(text, language=article["language"])
    assert all(text[c.start : c.end] == c.text for c in candidates)
    found = {c.text: c.speaker for c in candidates if c.duplicate_of is None}
    wrong = []
    for quote, speaker in article["quotes"]:
        if quote not in found:
            wrong.append(("not proposed", quote))
        elif not same_last_name(found.pop(quote), speaker):
            wrong.append(("speaker", quote, speaker))
    assert wrong == [] and found == {}, (wrong, found)
