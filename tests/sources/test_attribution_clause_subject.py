"""The speaker of a clause is its subject, not a name the clause mentions (issue 11, sixth pass on
PolNeAR's train split; the sentences are written for these tests)."""

import pytest

from sources.extraction import extract_candidates


def speakers(text: str) -> list[str | None]:
    return [c.speaker for c in extract_candidates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb in the past tense between two names is no title: "Kell endorsed Trump", not
        # "presidential candidate Trump"
        (
            "Ryan Kell chairs the committee. Kell endorsed Trump in early June, telling reporters in May "
            "that he was “not quite there yet on this one.”",
            ["Kell"],
        ),
        # a second verb with no subject of its own is the clause subject's, not the first person named
        (
            "Marcel Lazar was jailed in May. In a long interview with journalist Ana Ruiz last year, Lazar "
            "said he welcomed extradition and added, “I will plead guilty, no problem at all.”",
            ["Lazar"],
        ),
    ],
)
def test_the_subject_of_the_clause_speaks(text, expected):
    assert speakers(text) == expected


def test_a_given_name_and_a_surname_are_a_person_with_no_other_evidence():
    # nothing but the given name shows that Tom Massey is a person: the name he once supported is
    # not the speaker
    text = (
        "Tom Massey is in his third term. Massey used to support fellow Kentuckian Rand Paul, but now "
        "said Trump had “the opportunity and the obligation to bring us together.”"
    )
    assert speakers(text) == ["Massey"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a speech verb inside the relative clause is not the attribution's verb
        (
            "“The answer you would like me to give is yes, of course,” Cruz, who has proposed repealing "
            "the mandate over five years, said at the time.",
            ["Cruz"],
        ),
        # an apposition ending in a relative clause whose closing comma the writer left out
        (
            "“Clinton needs a strategy for targeting these voters,” Nate Silver, the polling guru who "
            "founded the site tweeted on Wednesday.",
            ["Nate Silver"],
        ),
    ],
)
def test_a_relative_clause_after_the_name_is_skipped(text, expected):
    assert speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title quoted in the apposition names nobody who speaks
        (
            "Dana Hemsley, the co-author of “Going Viral,” about the spread of rumours, said the days when "
            "the nation had “a somewhat unifying story” are gone.",
            ["Dana Hemsley"],
        ),
        # nor does it end the words after the quote
        (
            "“We have had better weeks than this one,” Ohio delegate Bill Eastland, wearing a cowboy hat "
            "and “Ted Cruz” campaign pins, said as the band played.",
            ["Bill Eastland"],
        ),
        # the subject after the verb ends at the title's comma, inside its closing mark: not the last
        # name of the sentence ("Latinos")
        (
            "“If we want these voters to support us, we have to engage them,” wrote the authors of the "
            "“Growth and Opportunity Project,” giving the example of Mitt Romney’s showing with Latinos.",
            [None],
        ),
    ],
)
def test_a_short_title_in_the_source_phrase_is_part_of_it(text, expected):
    assert speakers(text) == expected


def test_a_name_ending_in_s_with_an_apostrophe_is_an_owner_not_a_speaker():
    text = (
        "Jeff Weaver ran the campaign. Weaver did not seem impressed with Sanders’ comments on Tuesday, "
        "telling reporters, “A lot of people said the governor should step down.”"
    )
    assert speakers(text) == ["Weaver"]


def test_a_capitalised_word_before_a_given_name_is_not_part_of_the_name():
    # "House Republican Thomas Massie": the name starts at the given name, and the speaker is him,
    # not the fellow Kentuckian he once supported
    text = (
        "House Republican Tom Massey used to support fellow Kentuckian Rand Paul, but now said Trump "
        "had “the opportunity and the obligation to bring us together.”"
    )
    assert speakers(text) == ["Tom Massey"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # fragments of one sentence share the attribution that closes it
        (
            "The plan is “a total disaster for the city” and “a waste of money for everyone,” Senator Ana "
            "Ruiz said on Monday.",
            ["Ana Ruiz", "Ana Ruiz"],
        ),
        # not across a sentence's end
        (
            "Critics called the plan “a total disaster” last year. “We will not stop,” Ruiz said on Monday.",
            [None, "Ruiz"],
        ),
    ],
)
def test_fragments_of_one_sentence_share_its_attribution(text, expected):
    assert speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a conjunction before the title is not a preposition ("Like Corker, …")
        (
            "But Sen. Pat Toomey (R-Pa.) refused to campaign alongside Cruz, responding that he is “not "
            "going to be campaigning with anyone.”",
            ["Pat Toomey"],
        ),
        # a party label before the colon of a lead-in
        (
            "The exchange was sharp. Rep. Trey Gowdy (R-S.C.): “I have not heard anyone other than you "
            "say that at all.”",
            ["Trey Gowdy"],
        ),
    ],
)
def test_the_title_and_party_around_a_name_do_not_hide_it(text, expected):
    assert speakers(text) == expected


def test_a_new_report_after_a_closed_quote_may_say_when_before_what():
    # "Ruiz said Wednesday she …" opens a report of its own: the quote before it stays Madigan's
    text = (
        "Attorney General Lisa Madigan asserted that “trust in the police department is broken.” "
        "Senator Ana Ruiz said Wednesday she, too, wants an inquiry."
    )
    assert speakers(text) == ["Lisa Madigan"]


@pytest.mark.parametrize(
    "text",
    [
        # a name after "told" is what the speaker was told about, not who speaks
        "Labor Secretary Tom Perez said nothing. Taylor Bush flew to Cleveland. When told Perez was in the "
        "Cabinet, Bush thought for a moment and "
        "said that in the current climate, “it is kind of an advantage not to be a celebrity.”",
        # an introductory phrase of more than twenty words still ends at its comma
        "Labor Secretary Tom Perez said nothing. Taylor Bush flew to Cleveland. When someone told him that "
        "Perez was in the Cabinet and in the "
        "running for an even bigger job in a potential Clinton White House, Bush thought for a moment "
        "and said that in the current climate, “it is kind of an advantage not to be a celebrity.”",
    ],
)
def test_the_subject_after_an_introductory_phrase_speaks(text):
    assert speakers(text) == ["Bush"]
