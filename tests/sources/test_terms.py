"""Quotation marks that name a work, a nickname or a term are not proposed; statements around them are."""

import pytest

from sources.extraction import extract_candidates
from sources.extraction.cues import cues_for
from sources.extraction.terms import names_something


def quoted(text: str) -> list[str]:
    return [c.text for c in extract_candidates(text) if c.duplicate_of is None]


@pytest.mark.parametrize(
    "text",
    [
        # a title with a short joiner, after "host of" or an outlet's possessive
        "Hale, who is now host of “The Morning Hour with Dana Hale,” praised the mayor on Friday.",
        "Speaking on KXLZ’s “Evenings with Tom Reyes,” the mayor said little about the budget.",
        # a title opening its sentence, followed by the noun of a work
        "“Harbour Lights” star Mina Osei said she would vote.",
        "“Ten Days in Harbour Town” host Ivo Petrov thanked the mayor for the interview.",
        # one capitalised word: a show, a nickname, a known-as name
        "The actor, best known from the “Lanterns” series, met the governor on Tuesday.",
        "Commissioner Ramón “Chato” Iglesias said nothing at the meeting.",
        "The leaker, known as “Nightjar,” told the court he had acted alone.",
        # a title after the noun of a work, or after "called": "the documentary “…”", "a play called “…”"
        "Ruiz was featured in the documentary “Lanterns.”",
        "Ivo Petrov, star of television’s “Harbour Lights,” met the mayor on Friday.",
        "He later acted in the cable movie “Shark Storm 4: Not Again!” This spring he ran for mayor.",
        "A troupe is performing a popular play called “Los Hijos del Puerto,” in the old theatre.",
        # a programme right after "told", with no comma: the listener, not what was said
        "Ruiz told “Morning on the Harbour” after the vote that she would stay.",
        # a newsletter's headline with its byline
        'ARTS DESK—"Harbour Town museum to close its doors at the end of May," by Post’s Ana Ruiz:',
        # slogans and posters cited with their year
        "Its posters: “Safe streets and safe homes for every family” (2011), “Lose your bridge? Vote"
        " no to tolls” (city poster, 2014).",
    ],
)
def test_a_title_or_a_name_in_quotation_marks_is_not_proposed(text):
    assert quoted(text) == []


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("The mayor called the plan “a disgrace to the city” on Monday.", "a disgrace to the city"),
        ("“We Will Rebuild,” the mayor said after the flood.", "We Will Rebuild"),
        ("Asked about the vote, she said: “Nobody Wins This Way.”", "Nobody Wins This Way"),
        # a work's noun before a statement in lower case does not make it a title
        (
            "In the documentary, Ruiz said “we lost the bridge and then the town.”",
            "we lost the bridge and then the town",
        ),
    ],
)
def test_a_statement_with_capitals_is_still_proposed(text, quote):
    assert quoted(text) == [quote]


def test_the_lexicon_of_the_language_says_what_marks_a_name():
    pt = cues_for("pt")
    assert names_something("O hacker, conhecido como ", "Corvo", ", disse que agiu sozinho.", pt)
    assert not names_something("O ministro disse ", "Corvo", ".", pt)


def test_markup_left_in_the_text_holds_no_quotation():
    text = '<tweet author="@cityhall" datetime="2026-01-05">The bridge opens on Monday.</tweet>'
    assert quoted(text) == []


def test_marks_around_no_word_are_no_quotation():
    text = "“The bridge opens on Monday!!” wrote Ada Li. ”!” “It is late,” said Omar Petit."
    assert quoted(text) == ["The bridge opens on Monday!!", "It is late"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a short quotation opening its sentence, explained by "is" or "has been": a term, not a statement
        (
            "“We will contain them,” the minister said. “Containment” has been our policy against such "
            "rivals for decades.",
            ["We will contain them"],
        ),
        (
            "Ruiz wrote to her aides: “Send it as a plain draft tonight.” “Non-paper” is a diplomatic term "
            "for such a draft.",
            ["Send it as a plain draft tonight"],
        ),
        # with its own punctuation, the quotation is what someone wrote, whatever follows it
        (
            "The wall was covered in notes. “Vote them all out!” was one, signed by Ana Ruiz, who said "
            "she meant it.",
            ["Vote them all out!"],
        ),
    ],
)
def test_a_term_the_sentence_explains_is_not_proposed(text, expected):
    assert quoted(text) == expected
