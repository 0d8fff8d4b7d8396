"""Attribution patterns of US and wire news that the extractor once got wrong (counted on PolNeAR's
train split, issue 11); the sentences are written for these tests."""

import pytest

from sources.extraction import extract_candidates, same_last_name


def speakers(text: str) -> list[str | None]:
    return [c.speaker for c in extract_candidates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the head of the source phrase, not its first capitalised word
        (
            "“The officer made a terrible mistake that night,” Tulsa police Chief Chuck Jordan said.",
            ["Chuck Jordan"],
        ),
        ("“There is nothing to these claims at all,” Trump attorney Alan Garten said.", ["Alan Garten"]),
        # a party label in brackets, and a second quote of the paragraph keeping the speaker
        (
            "“If this is the plan, we will fight it in every court,” Rep. Gwen Moore (D-Wis.) said Friday. "
            "“We will not stop.”",
            ["Gwen Moore", "Gwen Moore"],
        ),
        (
            "“This is a moral test for the whole nation,” said the Rev. Al Sharpton. "
            "“We will march again on Monday.”",
            ["Sharpton", "Sharpton"],
        ),
        # initials do not end the sentence
        (
            "“We are not going anywhere,” said Rep. G.K. Butterfield (D-N.C.), head of the caucus.",
            ["G.K. Butterfield"],
        ),
        # organisations and outlets are speakers
        ("“The deal was never signed by the two parties,” wrote The Post in an editorial.", ["Post"]),
        (
            "Pompeo spoke first. "
            "“The treaty remains the cornerstone of European security,” NATO said in a statement.",
            ["NATO"],
        ),
        # a dash credit
        (
            "“I am so ashamed of what this campaign says about all of us.” ― Pamela Padilla",
            ["Pamela Padilla"],
        ),
        # the subject of a gerund is the sentence's
        (
            "Carly Fiorina threw her support behind Sen. Ted Cruz (R-Texas) Wednesday, saying it is time "
            "to have a “real constitutional conservative in the White House.”",
            ["Fiorina"],
        ),
        # speech verbs of political copy
        ("“Feels great to support someone I believe in,” Flea gushed on Twitter.", ["Flea"]),
    ],
)
def test_the_speaker_is_the_head_of_the_source_phrase(text, expected):
    found = speakers(text)
    assert len(found) == len(expected)
    assert all(same_last_name(speaker, name) for speaker, name in zip(found, expected, strict=True)), found


def test_each_paragraph_of_a_multi_paragraph_quote_is_proposed_with_the_speaker():
    text = (
        "Pompeo said on Friday that the United States would suspend its obligations.\n"
        "“We have raised Russia’s noncompliance at the highest levels of government more than 30 times,\n"
        "“Russia has jeopardized the United States’ security interests, and we can no longer be restricted "
        "by the treaty while Russia shamelessly violates it.”"
    )
    first, second = extract_candidates(text)
    assert first.text.startswith("We have raised") and second.text.startswith("Russia has jeopardized")
    assert first.speaker == second.speaker == "Pompeo"
