"""Who speaks when the sentence names a message, a platform, a relative or a new subject (issue 11,
seventh pass on PolNeAR's train split; the sentences are written for these tests)."""

import pytest

from sources.extraction import extract_candidates


def speakers(text: str) -> list[str | None]:
    return [c.speaker for c in extract_candidates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the owner of a post, a letter or a response speaks in it (lexicon ``message_nouns``)
        (
            "Jeb Bush plans to campaign for Cruz. From Bush’s Facebook post: “For the sake of our party "
            "and country, we must unite.”",
            ["Bush"],
        ),
        (
            "Tom Hoff wrote to the board. Hoff’s letter makes a libertarian-style case: “Followers of "
            "radical groups hate everything we stand for.”",
            ["Hoff"],
        ),
        (
            "Hillary Clinton met the family. Clinton’s response was: “Is he from Connecticut or Wisconsin?”",
            ["Clinton"],
        ),
    ],
)
def test_the_owner_of_a_message_speaks_in_it(text, expected):
    assert speakers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Later on Sunday, Ben Carson shared a syllabus for a class called “Perception” on his Facebook "
        "page, writing “Allow me also to say that I was right all along.”",
        "After the ruling, Ben Carson said the deadlock has “kept us safe” on Twitter before claiming "
        "that open borders are “tearing families apart.”",
    ],
)
def test_a_platform_is_where_someone_speaks_not_who(text):
    assert set(speakers(text)) == {"Ben Carson"}


def test_a_relative_named_in_apposition_speaks():
    # "his wife, Gabriela Lazar," — a relative is a description before a name, like "her lawyer"
    text = (
        "Tom Quill visited the court on Monday. “Life is very hard in our country and we had to leave,” "
        "his wife, Gabriela Lazar, wrote in a letter to the court."
    )
    assert speakers(text) == ["Gabriela Lazar"]


def test_a_speech_verb_in_the_present_tense_after_the_quote():
    text = (
        "Diana Ruocco wants a house. “Our ideas of success are very different,” agrees Michelle Stevens, "
        "30, of Gainesville, Fla. The poll showed it."
    )
    assert speakers(text) == ["Michelle Stevens"]


def test_a_new_subject_after_the_earlier_quotes_attribution_speaks():
    # the second quote follows a sentence of its own whose subject is Kasich, not the union's president
    text = (
        "Ohio Gov. John Kasich could “do some kind of order or something,” said Stephen Loomis, "
        "president of the police union. Kasich resisted: “Ohio governors do not have the power to do it.”"
    )
    assert speakers(text) == ["Stephen Loomis", "Kasich"]


def test_the_same_subject_after_the_attribution_keeps_the_speaker():
    text = (
        "“We will not back down from this fight,” said Stephen Loomis, president of the police union. "
        "Loomis nodded: “Not now, not ever.”"
    )
    assert [speaker.split()[-1] for speaker in speakers(text)] == ["Loomis", "Loomis"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A spokesman for Platte River said the firm had “done nothing wrong here at all.”",
            ["Platte River"],
        ),
        (
            "A spokeswoman for Senator Tom Hoff said the bill was “dead on arrival in the House.”",
            ["Tom Hoff"],
        ),
    ],
)
def test_a_spokesman_before_the_quote_speaks_for_whom_he_serves(text, expected):
    # as "said a spokesman for Platte River" after the quote already did
    assert speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the next sentence's "Huckabee called …" is a new report, not the quote's attribution
        (
            "Sen. Rand Paul said Rubio’s tax plan would give money to immigrants, and called him “the "
            "leading proponent of amnesty in the Senate.” Former governor Mike Huckabee called the program "
            "a disgrace.",
            ["Rand Paul"],
        ),
        # nor is a writer's credit after the paragraph's last quote
        (
            "Rajoy’s party took the most seats. Rajoy said Monday that he will “try to form a stable "
            "government” and insisted that his party was “still the No. 1 force in Spain.”--Kim Hjelmgaard.",
            ["Rajoy", "Rajoy"],
        ),
    ],
)
def test_a_quote_closing_a_reported_sentence_keeps_that_sentences_speaker(text, expected):
    assert speakers(text) == expected


def test_a_quote_closing_a_sentence_with_no_speaker_of_its_own_takes_the_attribution_after_it():
    # the sentence holds a speech verb but no speaker: the words after the quote still name one
    text = "The crowd called for “a new vote on the whole plan.” — Dana Ruiz, organiser of the rally."
    assert speakers(text) == ["Dana Ruiz"]


def test_a_paragraph_closing_on_a_persons_sentence_introduces_the_quote_that_opens_the_next():
    text = (
        "Ohio Gov. John Kasich could “do some kind of order or something,” said Stephen Loomis, "
        "president of the police union.\n\n"
        "Kasich disagreed with the union on Friday.\n\n"
        "“Ohio governors do not have the power to suspend the constitution or any state law.”"
    )
    assert speakers(text) == ["Stephen Loomis", "Kasich"]
