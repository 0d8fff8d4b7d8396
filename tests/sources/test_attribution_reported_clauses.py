"""Who speaks when a quote sits in a reported clause, or after a title with "of" (issue 11, eighth pass on
PolNeAR's train split; the sentences are written for these tests)."""

import pytest

from sources.extraction import extract_candidates


def speakers(text: str) -> list[str | None]:
    return [c.speaker for c in extract_candidates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“Thanks, Dover, for welcoming these families,” said master of ceremonies Rafael Ostrova, "
            "a teacher who moved to Dover a decade ago.",
            ["Rafael Ostrova"],
        ),
        ("“We will not back down,” said director of communications Lena Harwick.", ["Lena Harwick"]),
    ],
)
def test_a_title_in_lower_case_may_hold_of(text, expected):
    assert speakers(text) == expected


def test_a_speaker_of_an_assembly_is_a_title():
    text = (
        "After a post from Mark Selwyn showing a red star, Speaker of the Assembly Dana Kroll said “images "
        "like that have no place in a campaign.”"
    )
    assert speakers(text) == ["Dana Kroll"]


def test_a_quote_reported_with_that_is_the_reporters_even_when_a_new_clause_follows():
    text = (
        "Ruth Abney was charged last year. But even as Lopez claimed on Tuesday that “Abney got in "
        "trouble for far less,” one of the lawyers for Ruth Abney said the two cases were quite different."
    )
    assert speakers(text) == ["Lopez"]


def test_an_attribution_closing_a_reported_quote_still_speaks():
    # the verb after the quote ends its clause: it attributes the quote
    text = (
        "Harmon cannot say that “from his perspective,” Lopez added, saying it should be “up to the "
        "prosecutor to decide.”"
    )
    assert speakers(text) == ["Lopez", "Lopez"]


def test_a_clause_reported_without_that_is_the_outer_speakers():
    text = (
        "Rep. Dana Kroll (D-Ore.) said Ellison reassured them that everyone would come together and that "
        "the party “was not going to split over this.”"
    )
    assert speakers(text) == ["Dana Kroll"]
