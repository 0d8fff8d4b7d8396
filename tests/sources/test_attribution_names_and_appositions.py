"""Who speaks when the name follows an honorific that looks like a title, a title opens with a number, or
an apposition holds a noun that is also a speech verb (issue 11, ninth pass; the sentences are written
for these tests)."""

import pytest

from sources.extraction import extract_candidates


def speakers(text: str) -> list[str | None]:
    return [c.speaker for c in extract_candidates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“The party has to find a new voice,” Mr. King added.", ["King"]),
        ("“We need the votes in the north,” Ms. Bishop said.", ["Bishop"]),
        ("“The budget will pass this week,” said Dr. Judge.", ["Judge"]),
    ],
)
def test_after_an_honorific_a_title_word_is_the_surname(text, expected):
    assert speakers(text) == expected


def test_a_title_one_addresses_someone_by_is_no_name():
    text = "Mr. President Obama spoke at noon. “We will not wait for this,” he said."
    assert speakers(text) == ["Obama"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“They are completely and utterly wrong,” said 9/11 widow Terry Strada.", ["Terry Strada"]),
        ("“We were right to stay in the race,” said 2012 nominee Tom Garvey.", ["Tom Garvey"]),
        # a number alone is a count, not a title
        ("“They are completely and utterly wrong,” said 30 protesters.", [None]),
    ],
)
def test_a_title_may_open_with_a_number(text, expected):
    assert speakers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "“This is an intrusion into our domain,” Ada Frisk, the attorney general of Ohio, one of the "
        "states suing the agency, said at an event in the capital.",
        "“It will not survive in court,” Ada Frisk, a lawyer for the city, one of the claims in the case, "
        "said.",
    ],
)
def test_a_speech_verb_after_an_article_is_a_noun(text):
    assert speakers(text) == ["Ada Frisk"]
