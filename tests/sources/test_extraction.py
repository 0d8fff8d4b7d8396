"""Quote candidates proposed from article text (sources.extraction): pure Python, no database."""

import json
from pathlib import Path

import pytest

from sources.extraction import QuoteCandidate, evaluate, extract_candidates, same_last_name

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = Path(__file__).resolve().parent / "articles"
SEEDS = ROOT / "claims" / "seed" / "articles"
SEED_FILES = ["000_2990ff72861821a8.txt", "002_6ca5841c59a1ca19.txt"]


def proposed(text: str, known_names: tuple[str, ...] = ()) -> list[QuoteCandidate]:
    candidates = extract_candidates(text, known_names)
    for c in candidates:
        assert text[c.start : c.end] == c.text
    return candidates


def by_text(candidates: list[QuoteCandidate]) -> dict[str, QuoteCandidate]:
    return {c.text: c for c in candidates}


# ---- quotation marks ---------------------------------------------------------------------------------


def test_a_curly_quote_followed_by_said_and_a_name_is_attributed_to_that_name():
    text = "“We will not be the first to deploy such missiles,” said Sergey Ryabkov."
    [c] = proposed(text)
    assert c.text == "We will not be the first to deploy such missiles"
    assert c.speaker == "Sergey Ryabkov"
    assert c.cue == "said Sergey Ryabkov"


def test_straight_quotes_are_recognised():
    text = 'Moscow is ready for talks. "The door remains open for dialogue," Ryabkov said.'
    [c] = proposed(text)
    assert (c.text, c.speaker) == ("The door remains open for dialogue", "Ryabkov")


def test_guillemets_are_recognised():
    text = "«Мы готовы к диалогу, but not at any price», Ryabkov said."
    [c] = proposed(text)
    assert (c.text, c.speaker) == ("Мы готовы к диалогу, but not at any price", "Ryabkov")


def test_a_quote_split_by_attribution_gives_two_attributed_candidates():
    text = "“We are ready for talks,” said Yermakov. “But Washington is not interested in them.”"
    first, second = proposed(text)
    assert (first.text, first.speaker) == ("We are ready for talks", "Yermakov")
    assert (second.text, second.speaker) == ("But Washington is not interested in them.", "Yermakov")


def test_a_quote_split_by_a_dash_and_missing_its_opening_mark_gives_two_attributed_candidates():
    text = (
        "“They are trying to introduce some crazy stuff into the media field,” Yermakov said. - The state, "
        "which feels that its position is strong, negotiates. We are always ready for such negotiations. ”"
    )
    first, second = proposed(text)
    assert first.text == "They are trying to introduce some crazy stuff into the media field"
    assert second.text.startswith("The state, which feels")
    assert second.text.endswith("such negotiations.")
    assert first.speaker == second.speaker == "Yermakov"


def test_a_multi_sentence_quote_is_one_candidate():
    text = "“This is nonsense. It will not work. We do not work like this with anyone, ”said Yermakov."
    [c] = proposed(text)
    assert c.text == "This is nonsense. It will not work. We do not work like this with anyone"
    assert c.speaker == "Yermakov"


def test_a_quote_running_over_two_paragraphs_gives_a_candidate_per_paragraph_with_one_speaker():
    text = (
        "“The treaty is over,” Stoltenberg said. “It continues to matter, though.\n\n"
        "“We will respond in a measured way,” he added."
    )
    candidates = proposed(text)
    assert [c.speaker for c in candidates] == ["Stoltenberg"] * 3
    assert candidates[1].text == "It continues to matter, though."


def test_the_quote_text_excludes_the_marks_and_the_attribution_comma():
    text = "“All this will be in their famous Highly Likely mode, ” said Yermakov."
    [c] = proposed(text)
    assert c.text == "All this will be in their famous Highly Likely mode"
    assert text[c.start - 1] == "“"


# ---- attribution -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "verb", ["added", "noted", "emphasized", "stressed", "concluded", "believes", "said"]
)
def test_a_name_followed_by_a_speech_verb_after_the_quote_is_the_speaker(verb):
    text = f"“Washington completely ignores very serious issues,” Patrushev {verb}."
    [c] = proposed(text)
    assert c.speaker == "Patrushev"
    assert c.cue == f"Patrushev {verb}"


def test_the_diplomat_said_refers_back_to_the_last_named_person():
    text = (
        "Russia and the United States continue to discuss the treaty, said the deputy head of the Russian "
        "Foreign Ministry Sergey Ryabkov.\n\n"
        "“We have conducted a regular dialogue with the United States,” the diplomat said."
    )
    [c] = proposed(text)
    assert c.speaker == "Sergey Ryabkov"
    assert c.speaker_role == "deputy head of the Russian Foreign Ministry"
    assert c.cue == "the diplomat said"


def test_the_expert_refers_back_to_the_last_person_introduced_as_an_expert():
    text = (
        "“Statements are being made about this,” said Kirill Koktysh, an associate professor at MGIMO.\n\n"
        "The political scientist noted that the topic can be raised at the meeting between Putin and "
        "Trump.\n\n"
        "“There are hardly any breakthroughs,” the expert concluded."
    )
    for known in ((), ("Putin", "Vladimir Putin", "Trump", "Donald Trump")):
        last = proposed(text, known)[-1]
        assert last.speaker == "Kirill Koktysh", known
        assert last.cue == "the expert concluded"


def test_a_role_noun_phrase_refers_back_to_the_person_holding_that_role():
    text = (
        "In turn, Secretary of the Russian Security Council Nikolai Patrushev said that John Bolton had been "
        "told of Russia's concern.\n\n"
        "“We must pay tribute to the ability of Americans to handle such information stuffing,” "
        "the Security Council secretary emphasized."
    )
    [c] = proposed(text)
    assert c.speaker == "Nikolai Patrushev"


def test_an_unnamed_spokesman_is_not_given_the_name_of_another_spokesman():
    text = (
        "“We are open to dialogue,” Kremlin spokesman Dmitry Peskov told reporters.\n\n"
        "A State Department spokesman said the United States had no choice.\n\n"
        "“Russia is solely responsible for the treaty's demise,” said the spokesman."
    )
    peskov, spokesman = proposed(text)
    assert peskov.speaker == "Dmitry Peskov"
    assert spokesman.speaker is None
    assert spokesman.speaker_role == "State Department spokesman"


def test_according_to_him_after_the_quote_refers_back():
    text = "Sergey Ryabkov spoke on Friday.\n\n“Plans and deeds are different things,” according to him."
    [c] = proposed(text)
    assert (c.speaker, c.cue) == ("Sergey Ryabkov", "according to him")


def test_according_to_a_name_before_the_quote():
    text = "According to Ryabkov, “the Americans are not interested in a dialogue.”"
    [c] = proposed(text)
    assert (c.text, c.speaker) == ("the Americans are not interested in a dialogue", "Ryabkov")


def test_a_dash_before_the_attribution():
    text = (
        "Stanislav Byshok, a political analyst at CIS-EMO, believes the campaign targets allies.\n\n"
        "“They need to convince their allies, not the Russians,” — the expert concluded."
    )
    [c] = proposed(text)
    assert (c.speaker, c.cue) == ("Stanislav Byshok", "the expert concluded")
    assert c.speaker_role == "political analyst at CIS-EMO"


def test_an_unknown_speaker_is_found_from_the_text_with_the_role_the_article_gives():
    text = (
        "“Just to justify American actions, you need Russia to break,” said Kirill Koktysh, an associate "
        "professor at the Department of Political Theory at MGIMO."
    )
    [c] = proposed(text)
    assert c.speaker == "Kirill Koktysh"
    assert c.speaker_role == "associate professor at the Department of Political Theory at MGIMO"


def test_told_an_outlet_is_the_venue_and_carries_over_to_the_speakers_later_quotes():
    text = (
        "Vladimir Ermakov, Director of the Department for Non-Proliferation and Arms Control, told "
        "RIA Novosti that there are no negotiations.\n\n"
        "“Instead of sitting at the negotiating table, they are splashing fabrications,” Yermakov said."
    )
    [c] = proposed(text)
    assert c.speaker == "Yermakov"
    assert c.venue == "told RIA Novosti"
    assert c.speaker_role == "Director of the Department for Non-Proliferation and Arms Control"


def test_speaking_in_front_of_an_audience_is_the_venue():
    text = "“We made a very important political gesture,” Lavrov said, speaking in front of MGIMO students."
    [c] = proposed(text)
    assert (c.speaker, c.venue) == ("Lavrov", "speaking in front of MGIMO students")


def test_a_lead_sentence_introduces_the_speaker_of_the_quote_in_the_next_paragraph():
    text = "Opening the talks, Sergey Lavrov said:\n\n“I am glad to welcome you to Moscow, Mr Minister.”"
    [c] = proposed(text)
    assert c.speaker == "Sergey Lavrov"


def test_a_sentence_naming_the_speaker_introduces_the_quote_after_it():
    text = "The minister, Sergei Shoigu, spoke on Monday. “Our forces are ready. We will not be caught out.”"
    [c] = proposed(text)
    assert c.speaker == "Sergei Shoigu"


def test_an_expert_commented_after_the_quote_refers_back_to_the_expert():
    text = (
        "Corresponding Member of the Academy of Military Sciences Sergey Sudakov emphasized that Moscow's "
        "initiatives will not be noticed.\n\n"
        "“For the United States, NATO is a business model on which they make good money, ” An expert "
        "commented on the situation in an interview with RT."
    )
    [c] = proposed(text)
    assert c.speaker == "Sergey Sudakov"
    assert c.venue == "in an interview with RT"


def test_known_names_help_but_names_are_found_without_them():
    text = "Patrushev said the talks were useful. “Russia strictly fulfills the treaty,” he said."
    assert proposed(text)[0].speaker == "Patrushev"
    assert proposed(text, ("Patrushev", "Nikolai Patrushev"))[0].speaker == "Patrushev"


def test_spellings_of_one_name_are_one_person():
    text = (
        "Vladimir Ermakov, a director at the Foreign Ministry, spoke to reporters.\n\n"
        "“Bolton arrived with nothing,” Yermakov said.\n\n"
        "John Bolton did not comment.\n\n"
        "Later Ermakov gave an interview. “We don’t see any positive after his visit,” the diplomat said."
    )
    first, second = proposed(text)
    assert first.speaker == "Yermakov"
    assert second.speaker == "Vladimir Ermakov"


def test_an_honorific_is_not_part_of_the_name_and_does_not_end_the_sentence():
    text = (
        "Mr. Lavrov rejected the accusations on Wednesday.\n\n"
        "“We have never violated the treaty,” he said.\n\n"
        "“Why should we believe them?” asked Mr. Lavrov."
    )
    assert [c.speaker for c in proposed(text)] == ["Lavrov", "Lavrov"]


def test_a_relative_clause_between_the_name_and_the_verb_is_skipped():
    text = (
        "U.S. Ambassador to NATO Kay Bailey Hutchison, who spoke at the alliance headquarters, said the "
        '9M729 "is a violation of the treaty and must be destroyed."'
    )
    [c] = proposed(text)
    assert c.speaker == "Kay Bailey Hutchison"
    assert c.speaker_role == "U.S. Ambassador to NATO"


def test_a_headline_naming_the_speaker_before_a_colon_attributes_the_quote():
    text = "Deputy Foreign Minister Sergey Ryabkov: “We are ready for any scenario”\n\nMoscow is calm."
    [c] = proposed(text)
    assert (c.text, c.speaker) == ("We are ready for any scenario", "Sergey Ryabkov")


def test_a_statement_of_an_institution_is_not_given_the_last_persons_name():
    text = (
        "“The evidence is thin,” said Pavel Podvig, an independent analyst.\n\n"
        "The ministry's statement said: “The Russian side remains open to dialogue.”"
    )
    podvig, ministry = proposed(text)
    assert podvig.speaker == "Pavel Podvig"
    assert ministry.speaker is None


# ---- what is not proposed ----------------------------------------------------------------------------


def test_a_heading_in_quotation_marks_is_not_proposed():
    text = (
        "“Such weapons are prohibited under the treaty,” Vladimir Putin said.\n\n"
        "“Validity of claims”\n\n"
        "Recently, the United States has constantly accused Russia of violating the treaty."
    )
    assert [c.text for c in proposed(text)] == ["Such weapons are prohibited under the treaty"]


def test_photo_captions_are_not_proposed_nor_read_as_mentions():
    text = (
        "“We will not deal with these,” said Sergey Lavrov.\n\n"
        "  • Jens Stoltenberg\n  • RIA News\n  • © Ramil Sitdikov\n\n"
        "“They have not yet responded,” the diplomat added."
    )
    candidates = proposed(text)
    assert [c.speaker for c in candidates] == ["Sergey Lavrov", "Sergey Lavrov"]


def test_a_scare_quote_nobody_is_said_to_have_said_is_not_proposed():
    text = "The so-called “Russian threat” is a myth. The talks were held in a “businesslike” atmosphere."
    assert proposed(text) == []


def test_a_short_term_used_by_an_unnamed_organisation_is_not_proposed():
    assert proposed("The ministry called the report “fake news”.") == []


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        (
            "John Bolton, an adviser to the US president, said this during his visit to Moscow, saying that "
            "it was the “Russian violations” of the INF Treaty that had led to this situation.",
            "Russian violations",
            "John Bolton",
        ),
        (
            "Russian President Vladimir Putin issued a statement in which he said that the United States "
            "organized a “propaganda campaign” for this.",
            "propaganda campaign",
            "Vladimir Putin",
        ),
        (
            "NATO Secretary General Jens Stoltenberg said that NATO countries do not intend to deploy "
            'missiles, adding that NATO "does not want a new arms race."',
            "does not want a new arms race",
            "Jens Stoltenberg",
        ),
        (
            "The first deputy chairman of the State Duma’s defense committee, Alexander Sherin, said in an "
            "interview with RT that the proposal “gives a chance to maintain strategic stability,” which "
            "could be undermined.",
            "gives a chance to maintain strategic stability",
            "Alexander Sherin",
        ),
        (
            "Trump's assistant repeatedly stated that the treaty was outdated. In turn, the White House "
            "owner instructed members of his administration to prepare a report on the “substantial "
            "violation” by Moscow.",
            "substantial violation",
            "Trump",
        ),
    ],
)
def test_a_short_fragment_attributed_in_its_sentence_is_proposed(text, fragment, speaker):
    [c] = proposed(text)
    assert c.text == fragment
    assert c.speaker == speaker


def test_a_term_quoted_as_someone_elses_is_attributed_to_them():
    text = (
        "Yermakov spoke to RIA Novosti.\n\nThe Foreign Ministry spokesman added that the list of “Russian "
        "violations” announced by Washington would be devoid of facts."
    )
    [c] = proposed(text)
    assert (c.text, c.speaker) == ("Russian violations", "Washington")


def test_a_nested_quote_is_not_a_separate_candidate():
    text = (
        "“The United States is producing unmanned aircraft, corresponding to the contractual term “cruise "
        "missile,” said Patrushev."
    )
    [c] = proposed(text)
    assert c.text.startswith("The United States is producing")
    assert c.text.endswith("cruise missile")
    assert c.speaker == "Patrushev"


def test_a_quote_inside_a_quote_with_both_marks_is_not_a_separate_candidate():
    text = "“They call it a “measured response”, but it is an escalation,” said Ryabkov."
    [c] = proposed(text)
    assert c.text == "They call it a “measured response”, but it is an escalation"


# ---- pull-quotes -------------------------------------------------------------------------------------


def test_a_pull_quote_is_marked_as_a_duplicate_of_the_later_quote():
    text = (
        "“Bolton arrived with nothing,” Ermakov believes.\n\n"
        "“They do not need to convince Russians that Russians are wrong.”\n\n"
        "Stanislav Byshok, a political analyst, believes the activity targets allies.\n\n"
        "“They do not need to convince the Russians that the Russians are wrong. They need to convince their "
        "allies,” said the expert."
    )
    candidates = proposed(text)
    pull = candidates[1]
    assert pull.duplicate_of == 2
    assert candidates[2].speaker == "Stanislav Byshok"
    assert pull.speaker == "Stanislav Byshok"
    assert [c.duplicate_of for c in candidates] == [None, 2, None]


def test_a_standalone_quote_that_repeats_nothing_is_not_a_pull_quote():
    text = (
        "Kremlin spokesman Dmitry Peskov commented on the decision on Tuesday.\n\n"
        "“This is a dangerous step that will make the world less safe.”"
    )
    [c] = proposed(text)
    assert c.duplicate_of is None
    assert c.speaker == "Dmitry Peskov"


# ---- transcripts -------------------------------------------------------------------------------------


def test_each_answer_turn_of_a_transcript_is_a_candidate_for_the_interviewee():
    text = (
        "Deputy Foreign Minister Sergey Ryabkov gave an interview to Kommersant.\n\n"
        "Q: Is the treaty dead?\n\n"
        "A: It is. The Americans killed it.\n\n"
        "Q: What next?\n\n"
        "A: We have proposed a “moratorium”. We are waiting.\n\n"
        "Nobody has answered yet."
    )
    candidates = proposed(text)
    assert [c.text for c in candidates] == [
        "It is. The Americans killed it.",
        "We have proposed a “moratorium”. We are waiting.",
    ]
    assert {c.speaker for c in candidates} == {"Sergey Ryabkov"}
    assert candidates[0].cue == "A:"


def test_named_transcript_labels_give_the_speaker_and_questions_are_not_proposed():
    text = (
        "Interviewer: Minister, is the treaty dead?\n\n"
        "LAVROV: It is dead. The Americans killed it.\n\n"
        "Interviewer: What next?\n\n"
        "LAVROV: We will see. We have proposed a moratorium."
    )
    candidates = proposed(text)
    assert [c.speaker for c in candidates] == ["Lavrov", "Lavrov"]
    assert all("?" not in c.text for c in candidates)


# ---- the test articles -------------------------------------------------------------------------------


ARTICLE_NAMES = sorted(p.stem for p in ARTICLES.glob("*.txt"))


def test_there_are_test_articles_in_several_styles():
    assert len(ARTICLE_NAMES) >= 4


@pytest.mark.parametrize("name", ARTICLE_NAMES)
def test_every_expected_quote_of_a_test_article_is_found_with_its_speaker_and_nothing_else(name):
    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((ARTICLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    found = {c.text: c for c in proposed(text) if c.duplicate_of is None}
    for item in expected:
        assert item["text"] in found, f"not proposed: {item['text']!r}"
        speaker = found.pop(item["text"]).speaker
        if item["speaker"] is None:
            assert speaker is None, item["text"]
        else:
            assert same_last_name(speaker, item["speaker"]), (item["text"], speaker)
    assert not found, f"proposed but not expected: {list(found)}"


# ---- the seed articles -------------------------------------------------------------------------------


@pytest.fixture(params=SEED_FILES)
def seed(request) -> tuple[str, list[QuoteCandidate]]:
    text = (SEEDS / request.param).read_text(encoding="utf-8")
    return text, extract_candidates(text)


def test_every_seed_candidate_is_anchored_in_the_text(seed):
    text, candidates = seed
    assert candidates
    for c in candidates:
        assert text[c.start : c.end] == c.text
        assert c.text == c.text.strip()
        assert not c.text.endswith(",")


def test_no_heading_or_caption_of_the_seeds_is_proposed(seed):
    _text, candidates = seed
    texts = [c.text for c in candidates]
    for heading in ("Validity of claims", "Inadmissible luxury"):
        assert heading not in texts
    for caption in ("Sergey Lavrov", "RIA News", "Russian rocket 9M729", "Reuters"):
        assert caption not in texts
    assert not any("©" in t for t in texts)


def test_every_seed_candidate_has_a_speaker(seed):
    _text, candidates = seed
    assert all(c.speaker for c in candidates)


def test_the_seed_pull_quote_is_marked_as_a_duplicate():
    text = (SEEDS / SEED_FILES[0]).read_text(encoding="utf-8")
    candidates = extract_candidates(text)
    pull = by_text(candidates)["They do not need to convince Russians that Russians are wrong."]
    later = candidates[pull.duplicate_of]
    assert later.text.startswith("They do not need to convince the Russians that the Russians are wrong.")
    assert later.start > pull.start
    assert [c for c in candidates if c.duplicate_of is not None] == [pull]


def test_the_seed_split_quotes_give_two_candidates_each():
    text = (SEEDS / SEED_FILES[0]).read_text(encoding="utf-8")
    found = by_text(extract_candidates(text))
    state = next(c for t, c in found.items() if t.startswith("The state, which feels"))
    assert state.speaker == "Yermakov"


# ---- evaluation --------------------------------------------------------------------------------------


def _candidate(start: int, end: int, speaker: str | None) -> QuoteCandidate:
    return QuoteCandidate(start, end, "x" * (end - start), speaker, "", "", "", None)


def test_evaluate_reports_recall_attribution_and_what_is_unmatched():
    candidates = [_candidate(0, 100, "Yermakov"), _candidate(200, 250, "Lavrov"), _candidate(300, 320, "X")]
    expected = [(0, 100, "Vladimir Ermakov"), (195, 250, "Sergey Ryabkov"), (500, 600, "Putin")]
    result = evaluate(candidates, expected)
    assert result["recall"] == pytest.approx(2 / 3)
    assert result["attribution"] == pytest.approx(1 / 2)
    assert result["unmatched_expected"] == [(500, 600, "Putin")]
    assert [c.start for c in result["unmatched_candidates"]] == [300]
    assert [e for e, _c in result["misattributed"]] == [(195, 250, "Sergey Ryabkov")]


def test_evaluate_needs_an_overlap_of_ninety_percent_of_the_expected_span():
    expected = [(0, 100, "Lavrov")]
    assert evaluate([_candidate(10, 100, "Lavrov")], expected)["recall"] == 1.0
    assert evaluate([_candidate(11, 100, "Lavrov")], expected)["recall"] == 0.0


def test_evaluate_accepts_aliases_of_the_expected_speaker():
    result = evaluate(
        [_candidate(0, 10, "Washington")], [(0, 10, "United States")], {"United States": ["Washington"]}
    )
    assert result["attribution"] == 1.0


def test_last_names_compare_case_insensitively_and_across_transliterations():
    assert same_last_name("Yermakov", "Vladimir Ermakov")
    assert same_last_name("MORAVECKI", "Mateusz Morawiecki")
    assert same_last_name("sergei lavrov", "Sergey Lavrov")
    assert not same_last_name("Lavrov", "Ryabkov")
    assert not same_last_name(None, "Lavrov")
