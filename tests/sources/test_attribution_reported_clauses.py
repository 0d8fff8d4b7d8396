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


def test_a_clause_opening_with_after_is_not_the_attribution_of_a_split_quote():
    text = (
        "“In breaking news,” Lopez tweeted last January, “the mayor wins an endorsement from her press "
        "secretary,” after city spokesman Brian Kell expressed his support for his boss online."
    )
    assert speakers(text) == ["Lopez", "Lopez"]


def test_a_phrase_between_dashes_before_the_subject_is_no_subject():
    text = (
        "Staff alerted Ruiz in March. In May 2013 - four months after Ruiz left office - the State "
        "Department told the group that “no records responsive to your request were located.”"
    )
    assert speakers(text) == ["State Department"]


def test_an_apposition_between_dashes_keeps_the_name_before_it():
    text = "Jason Orr — a teacher from Dover — says the endorsement was “a big deal for all of us.”"
    assert speakers(text) == ["Jason Orr"]


def test_once_said_is_a_speech_verb_after_an_adverb():
    text = (
        "The council recognises the famine (Nadia Varga, who wrote the first history of it, once said, "
        "“It happened so many times before anyone listened.”). The debate goes on."
    )
    assert speakers(text) == ["Nadia Varga"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Because of how the party drew the primary schedule, explained Rosenberg, “with this thing "
            "being over by mid-March, it is hard to see how anyone catches up.”",
            ["Rosenberg"],
        ),
        # "told X," names the listener, not the speaker
        (
            "Dick Dever, who was listed on the slate, told POLITICO, “Of the three, I like Kasich the best.”",
            ["Dick Dever"],
        ),
    ],
)
def test_a_speech_verb_then_its_subject_after_a_comma_right_before_the_quote(text, expected):
    assert speakers(text) == expected


def test_a_religious_title_is_no_part_of_the_name_and_he_refers_to_its_bearer():
    text = (
        "The columnist Ishaan Tharoor wrote about it last year. However, as Archbishop Aris Mardian of "
        "the Patriarchate told the Associated Press, “We have suffered the same fate.” He added, “So the "
        "country should have been one of the first to recognise it.”"
    )
    assert speakers(text) == ["Aris Mardian", "Aris Mardian"]


def test_a_reply_to_someone_that_opens_a_new_report():
    # "Lund replied to him that …" reports her words anew; it does not attribute the quote before it
    text = (
        "Tom Axel wrote to Maria Lund in June.\n“You are an all-star player and we need you for the long "
        "run!” Lund replied to him that it was an honor to serve with him."
    )
    assert speakers(text) == ["Tom Axel"]


def test_a_speech_verb_and_its_subject_between_commas_inside_the_sentence():
    text = (
        "The paradox of Nora, says Carl Antal, historian at the National Library, is that she was “one of "
        "the most powerful first ladies of the era.”"
    )
    assert speakers(text) == ["Carl Antal"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The debate fell on a holiday, so a spokesman for Maria Kroll could only quip: “I guess "
            "Christmas Eve was booked.”",
            ["Maria Kroll"],
        ),
    ],
)
def test_the_base_form_of_a_speech_verb_after_a_modal(text, expected):
    assert speakers(text) == expected


def test_a_name_and_a_speech_verb_after_a_closed_quote_that_report_a_clause_of_their_own():
    text = (
        "In October, Mike Rubin reached out to the firm, writing in an email: “We want to "
        "use this as soon as possible.” Steve Adler, the owner, said the campaign has yet to follow up."
    )
    assert speakers(text) == ["Mike Rubin"]


def test_a_lower_case_title_before_the_subject_of_a_gerund():
    text = (
        "In October, campaign director Mike Rubin reached out to the firm, writing in an email: “We want to "
        "use this as soon as possible.”"
    )
    assert speakers(text) == ["Mike Rubin"]


def test_words_quoted_right_after_a_possessive_name_are_its_owners():
    text = (
        "The law's troubles go back years. It's the persistent pull of Obama's “if you like your plan, you "
        "can keep it” promise that hurts the party most."
    )
    assert speakers(text) == ["Obama"]


def test_a_possessive_name_does_not_take_a_fragment_the_sentence_attributes():
    text = (
        "From Donald Trump’s “coarse, vulgar, and nasty effusion” in Iowa to his call for a federal "
        "“deportation force,” Will described Trump as a “caricature of democracy’s worst possibilities.”"
    )
    assert speakers(text) == ["Will", "Will", "Will"]


def test_a_word_that_names_a_place_is_a_person_before_who():
    text = (
        "Volunteers painted the hall on Monday. “You get your house ready for a party,” Paris, who used to "
        "work on Capitol Hill, said about all the activity."
    )
    assert speakers(text) == ["Paris"]
