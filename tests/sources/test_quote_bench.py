"""The quote benchmark's reading of a PolNeAR source phrase: which name in it is the speaker."""

import pytest

from bench.quotes import Article, _is_attributed, quotation_spans, source_head
from sources.extraction import QuoteCandidate


@pytest.mark.parametrize(
    ("source", "head"),
    [
        ("Mayor attorney Dana Ruiz", "Dana Ruiz"),
        ("the council's lawyer, Omar Petit,", "Omar Petit"),
        # a person's name before "of" or "from" is the head, not the place or body after it
        ("Sen. Ada Lindqvist of Vermont, a possible running mate", "Ada Lindqvist"),
        ("Paula Moreno of Cheyenne", "Paula Moreno"),
        ("Jonas Berg of the Center for Arms Control", "Jonas Berg"),
        # … but a body's name may hold "of"
        ("the Ohio Board of Elections", "Elections"),
        # a title spelt out before the name is no part of it
        ("Representative Mara B. Quill of Maine", "Mara B Quill"),
        ("Caucus Chairman P.J. Ondo of Idaho", "P.J Ondo"),
        # a role whose head is a common noun, then the name in apposition (before any bracket)
        ("Tate’s Ohio state director, Lina Vos,", "Lina Vos"),
        ("the likely GOP nominee, Ada Frisk,", "Ada Frisk"),
        ('Hale\'s niece, state Del. Nora "Nono" Pike (D-Salem),', "Nora Nono Pike"),
    ],
)
def test_the_head_of_a_source_phrase_is_the_name_it_gives(source, head):
    assert source_head(source) == (head, "named")


def test_a_noun_phrase_names_nobody():
    assert source_head("the Florida senator") == (None, "described")
    assert source_head("he") == (None, "pronoun")
    # a relative clause after the role names the firm it works for, not the source
    assert source_head("the designer, who works for Nord-Sud Ltd") == (None, "described")


def test_a_quotation_nested_in_another_does_not_close_it():
    text = 'She wrote: "The board isn’t about “Fair Play For All” any more. It is about control."'
    (span,) = quotation_spans(text)
    assert text[span[0] : span[1]].endswith("any more. It is about control.")


def test_mixed_marks_still_pair_up():
    text = '“We will win," the mayor said.'
    assert [text[a:b] for a, b in quotation_spans(text)] == ["We will win,"]


def test_a_closing_mark_opening_a_paragraph_opens_a_quotation():
    text = "The gallery.\n”Fear. I am afraid of what comes next.” ― Ana Ruiz.\nShe said ”no” to it."
    assert [text[a:b] for a, b in quotation_spans(text)] == ["Fear. I am afraid of what comes next."]


def _candidate(text: str, words: str) -> QuoteCandidate:
    start = text.index(words)
    return QuoteCandidate(start, start + len(words), words, None, "", "", "")


def test_a_transcript_turn_is_judged_by_the_annotated_content():
    text = "HOST: What next?\nMAYOR: We build the bridge.\nThe mayor left early that day."
    turn = text.index("We build")
    article = Article("t", text, [], [], quotation_spans(text), [(turn, len(text))])
    assert _is_attributed(article, _candidate(text, "We build the bridge."))
    # narration without quotation marks is not a turn, whatever the annotation around it
    assert not _is_attributed(article, _candidate(text, "left early that day"))
