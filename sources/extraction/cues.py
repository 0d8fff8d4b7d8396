"""Attribution cues: the words that say someone said something, per language, read from data files.

Each language has a lexicon in ``lexicons/<code>.json`` (speech verbs, their gerunds, "according to",
determiners, pronouns and the gender they tell, adverbs that may stand between a subject and its verb,
role nouns, the words that mark a quotation as a term or a title).  Adding a verb or a language is
editing data, not code.  The English file also holds the words that are never parts of a personal name
(titles, institutions, states, months) and the role nouns and categories: those apply to every
language, since the same states and institutions appear in any article about the dispute.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sources.extraction.text import words

LEXICONS = Path(__file__).resolve().parent / "lexicons"
DEFAULT_LANGUAGE = "en"

UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽА-ЯЁІЇЄҐ"
"""Capital letters of the Latin and Cyrillic alphabets, for patterns that need "a capitalised word"."""

_SHARED = ("not_names", "role_nouns", "honorifics", "particles", "group_nouns", "related_links")
_FUNCTION_WORD_LISTS = (
    *("articles", "determiners", "pronouns", "object_pronouns", "adverbs", "conjunctions", "relatives"),
    *("clause_breaks", "prepositions", "place_prepositions", "affiliation_prepositions", "speech_verbs"),
    *("gerunds", "according_to", "as_conjunctions"),
    "function_words",
)


def _alternation(items: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in items), key=len, reverse=True))


def _either_case(word: str) -> str:
    """ "the" -> "[Tt]he": a determiner may open a sentence."""
    first = word[0]
    return f"[{first.upper()}{first.lower()}]{re.escape(word[1:])}" if first.isalpha() else re.escape(word)


def _hyphenated_words(phrase: str) -> list[str]:
    """ "o porta-voz" -> ["o", "porta-voz"]: words with their hyphens, as role nouns are listed."""
    return [w.lower() for w in re.findall(r"[^\W_]+(?:-[^\W_]+)+", phrase)]


def _words_pattern(items: Iterable[str]) -> str:
    """An alternation of words, or a pattern that never matches when the lexicon has none."""
    items = list(items)
    return f"(?:{_alternation(items)})" if items else "(?!)"


def available_languages() -> list[str]:
    return sorted(p.stem for p in LEXICONS.glob("*.json"))


@dataclass(frozen=True)
class Cues:
    """The cue lexicon of one language, with the patterns built from it."""

    language: str
    speech_verbs: frozenset[str]
    gerunds: frozenset[str]
    listener_verbs: frozenset[str]
    pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    not_names: frozenset[str]
    honorifics: frozenset[str]
    address_titles: frozenset[str]  # "Mr. President", "Madam Speaker": a title after an honorific, no name
    particles: frozenset[str]
    role_nouns: frozenset[str]
    group_nouns: frozenset[str]  # "analysts", "officials": a group of unnamed people, not an organisation
    member_nouns: frozenset[str]  # "NATO foreign ministers", "EU leaders": members speaking as their body
    interviewer_labels: frozenset[str]  # "P", "Pregunta", "Вопрос": who asks in an interview (with English)
    answer_labels: frozenset[str]  # "R", "Respuesta", "Ответ": the interviewee's turns
    dash_dialogue: bool  # an interview's turns open with a dash ("— Сергей Алексеевич, …?"), no labels
    noun_markers: frozenset[str]  # German: "die", "am" before a capitalised word make it a noun, not a name
    related_links: frozenset[str]  # "read more", "читайте также": a line of links to other articles follows
    function_words: frozenset[str]  # articles, pronouns, prepositions, verbs …: never words of a title
    role_categories: dict[str, tuple[str, ...]]
    genders: dict[str, str]  # "he" -> "masculine", "her" -> "feminine": pronouns that tell a person's gender
    verb: str  # pattern: a finite speech verb or phrase ("said", "pointed out")
    verb_or_gerund: str  # … or a gerund ("saying") or "according to"
    according_to: str  # pattern: "according to" and its equivalents
    articles: str  # pattern: the language's articles ("the", "a", "an"), stripped from a role
    determiner: str  # pattern: "the", "a", "his" … at either case
    adverbs: str  # pattern: adverbs between a subject and its verb ("also", "has"), each with its space
    according: frozenset[str]  # "according to" and its equivalents, as words
    according_to_pronoun: dict[str, str]  # "nach seinen Worten" -> "er": "according to him" in one phrase
    pronoun: str  # pattern: a subject or object pronoun, either case ("he", "She", "him")
    conjunctions: str  # pattern: "and", "but", "while" … before a second subject
    relatives: str  # pattern: "who", "which", "whom": a relative clause is not the attribution
    complementizers: str  # pattern: "that": what follows is what was said
    clause_breaks: str  # pattern: words ending a subject after a verb ("said X in …", "said X that …")
    representatives: str  # pattern: "office", "campaign" … : "Ryan's office said" speaks for Ryan
    place_prepositions: str  # pattern: "in", "from", "of" … : a name after them is a place, not a subject
    opening_place_prepositions: str  # pattern: "In", "A", "En" opening a sentence: "A Bruxelles, …"
    affiliations: str  # pattern: "of", "from", "at": "Dana Whitfield of Harbor Daily" — whom a person is with
    as_conjunctions: str  # pattern: "as": "…, as Cruz said on Monday" — the subject comes after it
    absolute_prepositions: str  # pattern: "with": "with the union calling her “…”" — the gerund's subject
    prepositions: str  # pattern: "in", "during", "at" … opening a phrase between a name and its verb
    definite_articles: frozenset[str]  # "the", "o", "der"; none in Russian
    definite_re: re.Pattern[str]  # a phrase opening with a definite article ("the diplomat")
    indefinite_re: re.Pattern[str]  # a phrase opening with an indefinite article ("a spokesman")
    term_markers: str  # pattern: "known as", "the phrase" … : the quotation after them names a term
    work_nouns: frozenset[str]  # "show", "book", "star" …: a capitalised quotation before them is a title
    naming_words: frozenset[str]  # "called", "titled": "a show called “…”" — what follows names the work
    message_nouns: str  # pattern: "statement", "post": "Bush’s Facebook post: “…”" — the owner speaks
    copulas: str  # pattern: "is", "has been", "means": "“Containment” has been U.S. policy" defines a term
    time_words: str  # pattern: "on", "Wednesday", "last", "week": when, between a verb and what it reports
    person_relatives: str  # pattern: "who", "whom": a relative pronoun that only a person takes
    auxiliaries: str  # pattern: "has", "were", "would": a clause's verb ("said the campaign has …")
    verb_re: re.Pattern[str]
    verb_or_gerund_re: re.Pattern[str]
    _memo: dict = field(default_factory=dict, compare=False, repr=False)  # phrase look-ups, by (kind, phrase)

    def role_categories_of(self, phrase: str) -> set[str]:
        """ "the deputy foreign minister" -> {"diplomat"}: the kinds of role a phrase names."""
        key = ("categories", phrase)
        if key not in self._memo:
            self._memo[key] = frozenset(self._role_categories_of(phrase))
        return set(self._memo[key])

    def _role_categories_of(self, phrase: str) -> set[str]:
        low = " " + " ".join(words(phrase)) + " "
        hyphenated = " " + " ".join(_hyphenated_words(phrase)) + " "
        return {
            cat
            for cat, keys in self.role_categories.items()
            if any(f" {k}" in low or f" {k}" in hyphenated for k in keys)
        }

    def has_role_noun(self, phrase: str) -> bool:
        key = ("role noun", phrase)
        if key not in self._memo:
            self._memo[key] = self._has_role_noun(phrase)
        return self._memo[key]

    def _has_role_noun(self, phrase: str) -> bool:
        ws = words(phrase)
        return (
            any(w in self.role_nouns for w in ws)
            or any(w in self.role_nouns for w in _hyphenated_words(phrase))
            or any(
                f"{a} {b}" in ("political scientist", "press secretary", "head of")
                for a, b in zip(ws, ws[1:], strict=False)
            )
        )

    def is_pronoun(self, word: str) -> bool:
        return word.lower() in self.pronouns or word.lower() in self.object_pronouns


def _read(language: str) -> dict:
    return json.loads((LEXICONS / f"{language}.json").read_text(encoding="utf-8"))


@functools.cache
def cues_for(language: str | None = DEFAULT_LANGUAGE) -> Cues:
    """The cues of ``language`` (an ISO 639-1 code such as "en", "ru", "pt"); English when unknown."""
    code = (language or DEFAULT_LANGUAGE).lower().split("-")[0]
    if code not in available_languages():
        code = DEFAULT_LANGUAGE
    base = _read(DEFAULT_LANGUAGE)
    own = _read(code)
    shared = {key: {*base.get(key, ()), *own.get(key, ())} for key in _SHARED}
    own_categories = own.get("role_categories", {})
    categories = {
        cat: tuple(dict.fromkeys((*keys, *own_categories.get(cat, ()))))
        for cat, keys in base["role_categories"].items()
    }
    finite = [*own["speech_verbs"], *own.get("speech_phrases", ())]
    according = own.get("according_to", [])
    verb = rf"(?:{_alternation(finite)})\b"
    verb_or_gerund = rf"(?:{_alternation([*finite, *own.get('gerunds', ()), *according])})\b"
    determiner = (
        "(?:" + "|".join(_either_case(w) for w in sorted(own["determiners"], key=len, reverse=True)) + ")"
    )
    adverbs = rf"(?:(?:{_alternation(own.get('adverbs', ()))})\s+)*" if own.get("adverbs") else ""
    return Cues(
        language=code,
        speech_verbs=frozenset(own["speech_verbs"]),
        gerunds=frozenset(own.get("gerunds", ())),
        listener_verbs=frozenset(own.get("listener_verbs", ())),
        pronouns=frozenset(own.get("pronouns", ())),
        object_pronouns=frozenset(own.get("object_pronouns", ())),
        not_names=frozenset(shared["not_names"]),
        honorifics=frozenset(shared["honorifics"]),
        address_titles=frozenset(own.get("address_titles", ())),
        particles=frozenset(shared["particles"]),
        role_nouns=frozenset(shared["role_nouns"]),
        group_nouns=frozenset(shared["group_nouns"]),
        related_links=frozenset(shared["related_links"]),
        noun_markers=frozenset(own.get("noun_markers", ())),
        interviewer_labels=frozenset(own.get("interviewer_labels", ())),
        answer_labels=frozenset(own.get("answer_labels", ())),
        dash_dialogue=bool(own.get("dash_dialogue", False)),
        member_nouns=frozenset(own.get("member_nouns", ())),
        function_words=frozenset(
            w for key in _FUNCTION_WORD_LISTS for phrase in own.get(key, ()) for w in phrase.lower().split()
        ),
        role_categories=categories,
        genders={w: g for g, ws in own.get("gendered_pronouns", {}).items() for w in ws},
        verb=verb,
        verb_or_gerund=verb_or_gerund,
        according_to=rf"(?:{_alternation(according)})" if according else "(?!)",
        articles=rf"(?:{_alternation(own.get('articles', ()))})",
        determiner=determiner,
        adverbs=adverbs,
        according=frozenset(according),
        according_to_pronoun=own.get("according_to_pronoun", {}),
        pronoun="(?:"
        + "|".join(
            _either_case(w)
            for w in sorted(
                {*own.get("pronouns", ()), *own.get("object_pronouns", ())}, key=len, reverse=True
            )
        )
        + r")\b",
        conjunctions=_words_pattern(own.get("conjunctions", ())),
        relatives=_words_pattern(own.get("relatives", ())),
        complementizers=_words_pattern(own.get("complementizers", ())),
        clause_breaks=_words_pattern(own.get("clause_breaks", ())),
        prepositions=_words_pattern(own.get("prepositions", ())),
        place_prepositions=_words_pattern(own.get("place_prepositions", ())),
        opening_place_prepositions=_words_pattern(own.get("opening_place_prepositions", ())),
        affiliations=_words_pattern(own.get("affiliation_prepositions", ())),
        as_conjunctions=_words_pattern(own.get("as_conjunctions", ())),
        absolute_prepositions=_words_pattern(own.get("absolute_prepositions", ())),
        representatives=_words_pattern(own.get("representatives", ())),
        definite_articles=frozenset(own.get("definite_articles", ())),
        definite_re=re.compile(rf"^(?:{_alternation(own.get('definite_articles', ()))})\s", re.I),
        indefinite_re=re.compile(rf"^(?:{_alternation(own.get('indefinite_articles', ()))})\s", re.I),
        term_markers=_words_pattern(own.get("term_markers", ())),
        work_nouns=frozenset(own.get("work_nouns", ())),
        naming_words=frozenset(own.get("naming_words", ())),
        message_nouns=_words_pattern(own.get("message_nouns", ())),
        copulas=_words_pattern(own.get("copulas", ())),
        time_words=_words_pattern(own.get("time_words", ())),
        auxiliaries=_words_pattern(own.get("auxiliaries", ())),
        person_relatives=_words_pattern(own.get("person_relatives", ())),
        verb_re=re.compile(rf"\b{verb}"),
        verb_or_gerund_re=re.compile(rf"\b{verb_or_gerund}"),
    )
