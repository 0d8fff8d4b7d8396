"""In the passive, who speaks is the agent after "by" (issue 11; the texts are written for these tests)."""

from sources.extraction import extract_candidates


def test_the_question_of_a_passive_asked_by_is_the_askers():
    text = (
        "Tom Reed spoke in Ohio on Monday.\n\nReed was asked by radio host Paul Kim, who backs the governor, "
        "whether “the county can afford another tax on its farms.”"
    )
    assert [c.speaker for c in extract_candidates(text)] == ["Paul Kim"]
