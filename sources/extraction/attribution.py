"""Stage 5: attribution — each quotation gets its speaker, role, venue and cue; the stages run here.

Each quote is attributed from, in this order: the words right after it ("said X", "X said", "the diplomat
said", "according to him", "An expert commented …", "Kremlin spokesman Dmitry Peskov told reporters"); the
first part of a quote split by an attribution; "… announced by X"; the sentence around it ("X said that …
"…"", "According to X, "…"", "X: "…""); for a quote opening its sentence, the sentence or paragraph before
("X said:", "X said on Monday.", or a quote attributed to X).  ``speaker`` is the name as written in the
attribution, or for a back-reference the fullest form of the name seen.  ``speaker_role`` is the role given
in the attribution itself, else the latest role the article gave that person before the quote.
``venue`` is the venue in the attribution, else the latest one given for that person before the quote (or
the first one after it).

Not proposed: a paragraph that is only a short quote with no sentence punctuation (a section heading),
and quotes of at most :data:`SCARE_QUOTE_MAX_WORDS` words that nobody is said to have said (of three or
four words, only when their sentence has no speech verb either: "called it a “rush to judgment”" is
proposed, "the “Make America Great Again” cry" is not).  A paragraph
that is only a quote, has no attribution and repeats a later quote is a pull-quote: it is returned with
``duplicate_of`` set to the later candidate's index.

Interview transcripts: when paragraphs start with speaker labels ("Q:", "A:", "Interviewer:", "Sergey
Lavrov:", "LAVROV:") and some label recurs (labels each used once head a list: "Iowa: …", "Nevada: …"),
followed by speech (not a figure: "Clinton: 2,316."; not a text about the label), every answer turn is one
candidate (the turn's whole text after the label), attributed to the turn's speaker; question turns (labels
Q/Question/Interviewer/Host…, or a label whose turns mostly end with "?") are not proposed, and neither are
quotes inside any turn. "A"/"Answer" is resolved to the person the introduction names last; a label in
capitals is given in title case. A paragraph with no label between two turns continues the previous turn.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sources.extraction.candidate import QuoteCandidate
from sources.extraction.cues import UPPER, Cues
from sources.extraction.sources import (
    NameRun,
    SourcePhrases,
    find_venue,
    specific_role,
    speech_act,
    strip_determiner,
)
from sources.extraction.spans import OPENING_MARK_RE, Span, paragraphs, quotation_spans
from sources.extraction.speakers import Mention, Person, Registry
from sources.extraction.terms import names_something
from sources.extraction.text import GENERATIONAL_SUFFIXES, is_acronym, words

SCARE_QUOTE_MAX_WORDS = 4
"""A quote of at most this many words is only proposed when someone is said to have said it, or (three or
four words) when a speech verb in its sentence says that someone did."""
HEADING_MAX_WORDS = 8
PULL_QUOTE_MIN_OVERLAP = 0.8
PULL_QUOTE_MAX_DISTANCE = 60
_TURN_IN_QUOTE_RE = re.compile(rf"([{UPPER}][{UPPER}.’' -]{{1,30}}):\s")
_PARTY = r"(?:\([^()]{1,40}\)\s*)?"  # "Rep. Gwen Moore (D-Wis.)"
_NAME = rf"[{UPPER}][\w’'-]*(?:\s+[{UPPER}][\w’'-]*)*"
_CREDITED_NAME = rf"[{UPPER}][\w’'-]*(?:\.?\s+[{UPPER}][\w’'-]*)*"
"""A name in a dash credit, initials included: "― Julie A. Diaz Martinez"."""
"""A pull-quote repeats a quote at most this many paragraphs further on."""

_INTERVIEWER_LABELS = frozenset(
    str.split("q question interviewer host moderator presenter anchor journalist correspondent reporter")
)
_ANSWER_LABELS = frozenset(str.split("a answer"))
_ABBREVIATIONS = frozenset(
    str.split(
        "mr mrs ms dr st gen col lt sen rep gov jr sr prof no vol vs etc inc ltd co"
        " u.s u.k u.n a.m p.m e.g i.e adm capt maj sgt rev hon fr sec supt pres"
    )
)
_TERMINATOR_RE = re.compile(rf"[.!?…]+[\"”»’)]?(?=\s+[\"“”«„‚「(\-–—{UPPER}0-9]|\s*$)")


@dataclass
class Attribution:
    speaker: str | None
    person: Person | None
    role: str
    venue: str
    cue: str


@dataclass
class Quote(Span):
    """A quotation span on its way to becoming a candidate."""

    attribution: Attribution | None = None
    drop: bool = False
    pull_of: Quote | None = None
    turn: bool = False


class Extractor:
    """Runs the stages on one article: spans, mentions of persons, attribution of each quote."""

    def __init__(self, text: str, known_names: Iterable[str], cues: Cues) -> None:
        self.text = text
        self.cues = cues
        self.paragraphs = paragraphs(text)
        self.phrases = SourcePhrases(text, cues)
        self.people = Registry(cues)
        self._starts_cache: set[int] | None = None
        self._boundary_cache: tuple[list[int], list[int]] | None = None
        self._quotes_by_para: dict[int, list[Quote]] = {}
        self._mid_capitals: set[str] | None = None
        for alias in known_names:
            self.people.register_known(alias)

    def _scan_paragraph(self, pi: int) -> list[Quote]:
        a, b = self.paragraphs[pi]

        def attributed_after(pos: int, end: int) -> bool:
            saved = self.people.snapshot()
            found = self._after_attribution_text(pos, end) is not None
            self.people.restore(saved)  # only a check: leave the registry as it was
            return found

        return [Quote(**vars(span)) for span in quotation_spans(self.text, pi, a, b, attributed_after)]

    # ---- sentences ----------------------------------------------------------------------------------

    def _is_boundary(self, m: re.Match[str]) -> bool:
        before = self.text[max(0, m.start() - 12) : m.start()]
        word = re.search(r"([\w.]+)$", before)
        if word and self.text[m.start()] == ".":
            w = word.group(1).lower()
            if w in _ABBREVIATIONS or re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", w):
                return False  # "Gen.", "J." or "G.K.": an abbreviation or initials, not a sentence end
        return True

    def _boundaries(self) -> tuple[list[int], list[int]]:
        """(starts, ends) of every sentence terminator in the article, computed once, in text order."""
        if self._boundary_cache is None:
            starts, ends = [], []
            for a, b in self.paragraphs:
                for m in _TERMINATOR_RE.finditer(self.text, a, b):
                    if self._is_boundary(m):
                        starts.append(m.start())
                        ends.append(m.end())
            self._boundary_cache = (starts, ends)
        return self._boundary_cache

    def _sentence_start(self, pos: int, floor: int) -> int:
        """Start of the sentence holding ``pos``, not before ``floor``: a binary search over the article's
        terminators (scanning from ``floor`` made extraction quadratic in a paragraph's length), plus the
        few characters before ``pos``, where a terminator counts even with no next sentence in view."""
        starts, ends = self._boundaries()
        start = floor
        k = bisect.bisect_right(ends, pos) - 1
        if k >= 0 and starts[k] >= floor:
            start = ends[k]
        for m in _TERMINATOR_RE.finditer(self.text, max(floor, pos - 4), pos):
            if m.end() <= pos and m.end() > start and self._is_boundary(m):
                start = m.end()
        while start < pos and self.text[start].isspace():
            start += 1
        return start

    def _sentence_end(self, pos: int, ceil: int) -> int:
        for m in _TERMINATOR_RE.finditer(self.text, pos, ceil):
            if self._is_boundary(m):
                return m.end()
        return ceil

    # ---- name runs ----------------------------------------------------------------------------------

    def _is_person_run(self, run: NameRun, para_end: int, sentence_floor: int) -> bool:
        """Whether the article's words around a run show it is a person (evidence, not a lexicon)."""
        if not run.name:
            return False
        t = self.text
        known = self.people.person_for(run.name)
        if known is not None and known.known:
            return True
        if any(
            p.lower() in self.cues.role_nouns | {"mr", "mrs", "ms", "dr", "president", "minister"}
            for p in run.prefix
        ):
            return True
        after = t[run.end : min(para_end, run.end + 600)]  # what a person's cue can span, no more
        if run.possessive:
            return bool(
                re.match(r"[’']s\s+(?:[\w-]+\s+)?(?:" + "|".join(self.cues.role_nouns) + r")\b", after)
            )
        if self.phrases.role_after(run, para_end) or self.phrases.role_before(run, sentence_floor):
            return True
        if re.match(rf"\s*(?:,[^,]{{2,220}},\s*)?{self.cues.adverbs}{self.cues.verb}", after):
            return True
        before = t[max(sentence_floor, run.full_start - 40) : run.full_start]
        verb = re.search(rf"\b({self.cues.verb})\s*$", before)
        # "said Yermakov" names the speaker; "told RIA Novosti" names the listener
        return bool(verb) and verb.group(1) not in ("told", "tells", "asked", "asks") and not run.prefix

    # ---- mentions -----------------------------------------------------------------------------------

    def _collect_mentions(self, excluded: list[tuple[int, int]]) -> None:
        """Find named persons outside quotation marks, in text order (two passes: evidence, then all)."""
        segments: list[tuple[int, int, int]] = []  # (start, end, paragraph end)
        excluded = sorted(excluded)
        excluded_starts = [s for s, _ in excluded]
        for a, b in self.paragraphs:
            cur = a
            # excluded spans lie within one paragraph: only those starting in it (or just before) matter
            first = max(0, bisect.bisect_left(excluded_starts, a) - 1)
            for s, e in excluded[first : bisect.bisect_left(excluded_starts, b)]:
                if e <= a or s >= b:
                    continue
                if s > cur:
                    segments.append((cur, s, b))
                cur = max(cur, e)
            if cur < b:
                segments.append((cur, b, b))
        starts = self._sentence_starts()
        found: list[tuple[NameRun, int, int]] = []
        for s, e, pend in segments:
            for run in self.phrases.runs(s, e, starts):
                found.append((run, s, pend))
        # pass 1: runs the context shows to be persons
        for run, s, pend in found:
            floor = max(s, self._sentence_start(run.full_start, s))
            if self._is_person_run(run, pend, floor):
                self.people.person_for(run.name, create=True)
        # pass 2: every run naming a person becomes a mention
        venue_given: set[tuple[int, int]] = set()
        for run, s, pend in found:
            if not run.name or run.possessive and not self.people.person_for(run.name):
                continue
            person = self.people.person_for(run.name)
            if person is None:
                continue
            floor = max(s, self._sentence_start(run.full_start, s))
            role = self.phrases.role_after(run, pend) or self.phrases.role_before(run, floor)
            sent_end = self._sentence_end(run.end, pend)
            sentence = speech_act(self.text[floor:sent_end], self.cues)
            venue = ""
            if self.cues.verb_re.search(sentence) and (floor, sent_end) not in venue_given:
                # the venue of a sentence in which someone speaks goes to the first person it names
                venue = find_venue(sentence)
                where = sentence.find(venue) if venue else -1
                if where > 0 and floor + where < run.start:
                    venue = ""  # "… at the meeting between Putin and Trump": not where Trump spoke
                else:
                    venue_given.add((floor, sent_end))
            self.people.add_mention(Mention(run.start, person, run.name, role, venue))
        self._note_genders(excluded)
        # pass 3: "The political scientist noted that …", "As the deputy emphasized, …": a role noun phrase
        # standing for a person already named is a mention too, and gives that person's current role
        np_re = re.compile(
            rf"(?:^|[,;:]\s+|\b[Aa]s\s+|\b{self.cues.conjunctions}\s+)({self.cues.determiner}\s+(?:[\w’'-]+\s+){{0,6}}?[\w’'-]+)"
            rf"\s+{self.cues.adverbs}{self.cues.verb}"
        )
        for s, e, pend in segments:
            for m in np_re.finditer(self.text[s:e]):
                phrase = m.group(1)
                definite = self.cues.definite_re.match(phrase)
                indefinite = self.cues.indefinite_re.match(phrase)
                if not (definite or indefinite) or not (
                    self.cues.has_role_noun(phrase) or self.cues.role_categories_of(phrase)
                ):
                    continue
                person = self.people.resolve_reference(phrase, s + m.start(1), strict=True)
                role = strip_determiner(phrase)
                floor = self._sentence_start(s + m.start(1), s)
                sentence = speech_act(self.text[floor : self._sentence_end(s + m.end(), pend)], self.cues)
                venue = find_venue(sentence)
                if person is None and indefinite:
                    # "A State Department spokesman said …": someone unnamed, whom "the spokesman" may
                    # refer back to
                    person = Person(name="", key="", anonymous=True)
                    self.people.persons.append(person)
                    self.people.add_mention(Mention(s + m.start(1), person, role, role, venue))
                    continue
                if person is None:
                    continue
                known_words = set(words(self.people.role_of(person, s + m.start(1))))
                if not specific_role(role, self.cues) or set(words(role)) <= known_words:
                    role = ""  # "the expert", or "the Minister" for "Foreign Minister": nothing new
                self.people.add_mention(Mention(s + m.start(1), person, role, role, venue))

    def _note_genders(self, quoted: list[tuple[int, int]]) -> None:
        """The first gendered pronoun after a person's mention and before the next mention, in the same
        paragraph, within a sentence or so and outside quotation marks ("Clinton said she …", "Trump …,
        his …"), votes for that person's gender."""
        if not self.cues.genders:
            return
        quoted_starts = [a for a, _ in quoted]

        def in_quote(pos: int) -> bool:
            k = bisect.bisect_right(quoted_starts, pos) - 1
            return k >= 0 and pos < quoted[k][1]

        pronoun_re = re.compile(rf"\b({'|'.join(map(re.escape, self.cues.genders))})\b", re.I)
        mentions = self.people.mentions
        for k, mention in enumerate(mentions):
            start = mention.pos + len(mention.form)
            end = min(mentions[k + 1].pos if k + 1 < len(mentions) else len(self.text), start + 150)
            newline = self.text.find("\n", start, end)
            m = pronoun_re.search(self.text, start, newline if newline >= 0 else end)
            if m and not mention.person.anonymous and not in_quote(m.start()):
                self.people.note_gender(mention.person, self.cues.genders[m.group(1).lower()])

    def _sentence_starts(self) -> set[int]:
        if self._starts_cache is not None:
            return self._starts_cache
        starts = set()
        for a, b in self.paragraphs:
            starts.add(a)
            for m in _TERMINATOR_RE.finditer(self.text, a, b):
                if self._is_boundary(m):
                    k = m.end()
                    while k < b and self.text[k].isspace():
                        k += 1
                    while k < b and self.text[k] in '"“«„-–—( ':
                        k += 1
                    starts.add(k)
        self._starts_cache = starts
        return starts

    # Mentions are kept in text order with per-person indexes of roles and venues, so that each look-up
    # is a binary search rather than a walk over every mention (which made extraction quadratic).

    # ---- attribution --------------------------------------------------------------------------------

    def _subject_attribution(
        self, subj: str, subj_pos: int, verb: str, ref_pos: int, order: str
    ) -> Attribution | None:
        """Attribution from a subject phrase found next to a speech verb."""
        subj = subj.strip()
        if not subj:
            return None
        cue = f"{verb} {subj}" if order == "vs" else f"{subj} {verb}"
        if self.cues.is_pronoun(subj):
            person = self.people.resolve_reference(subj, ref_pos)
            return self._attr_from_person(person, "", cue, ref_pos, "")
        starts = self._sentence_starts()
        runs = [r for r in self.phrases.runs(subj_pos, subj_pos + len(subj), starts, subj_pos) if r.name]
        runs = [r for r in runs if not r.possessive]
        phrase_end = subj_pos + len(subj.rstrip(" ,.;"))
        if re.match(rf"^{self.cues.determiner}\s", subj):
            # "the Finnish minister": only a known person's name inside a noun phrase is the speaker,
            # or a name closing it after a title ("the Rev. Al Sharpton", "la porte-parole Maria Zakharova")
            runs = [
                r
                for r in runs
                if self.people.person_for(r.name) is not None
                or (
                    r.end == phrase_end
                    and (r.prefix or self.cues.has_role_noun(self.text[subj_pos : r.start]))
                )
            ]
        comma = self.text.find(",", subj_pos, phrase_end)
        brackets = [(subj_pos + m.start(), subj_pos + m.end()) for m in re.finditer(r"\([^()]*\)", subj)]
        heads = [
            r
            for r in runs
            if (comma < 0 or r.start < comma) and not any(a <= r.start < b for a, b in brackets)  # "(D-Wis.)"
        ]
        if (
            not heads
            and runs
            and runs[-1].end == phrase_end
            and re.match(rf"^{self.cues.determiner}\s", subj)
        ):
            heads = runs[
                -1:
            ]  # "the bureau's director, James B. Comey": the role, then the name in apposition
        # "Rep. G.K. Butterfield of North Carolina": the place after the name is not its head
        heads = [r for r in heads if not self._after_preposition(r, subj_pos)] or heads
        if heads:
            # the name nearest the verb in the phrase before any apposition: "Trump attorney Alan Garten"
            run = heads[-1]
            # "Fox News", "Amy Pope": capitalised words stripped from the end of the name (they are
            # never parts of a person's name) make the whole phrase the name, an outlet's or a person's
            trailing = re.match(rf"(?:\s+[{UPPER}][\w.&’'-]*)+", self.text[run.end : phrase_end])
            if trailing and all(
                w.lower().rstrip(".") in GENERATIONAL_SUFFIXES for w in trailing.group(0).split()
            ):
                trailing = None  # "Brent Bozell III"
            whole = self.text[run.start : run.end + trailing.end()] if trailing else ""
            organisation = self._organisation(whole) if whole else ""
            if organisation:
                return Attribution(organisation, None, "", "", cue)
            if len(run.name.split()) == 1 and len(whole.split()) == 2 and not is_acronym(whole.split()[1]):
                # "Charlie King": a given name, then a surname that is also a title
                run = NameRun(run.start, run.start + len(whole), whole, run.prefix, run.full_start, False)
            role = ""
            before = self.text[subj_pos : run.start].strip(" ,")
            if before and self.cues.has_role_noun(before):
                role = strip_determiner(before, self.cues)
            m = re.match(
                rf",\s*({self.cues.articles}\s+)?([^,]{{2,200}}?),",
                self.text[run.end : subj_pos + len(subj) + 1],
            )
            if m and self.cues.has_role_noun(m.group(2)):
                role = m.group(2).strip()
            if not role and self.text[run.end : run.end + 1] == ",":
                role = self.phrases.role_after(run, subj_pos + len(subj) + 200)
            person = self.people.person_for(run.name, create=True)
            return Attribution(run.name, person, role or self.people.role_of(person, ref_pos + 1), "", cue)
        office = re.match(rf"^({_NAME})[’']s\s+{self.cues.representatives}$", subj)
        if office:
            # "Ryan's office said": the office speaks for its principal
            person = self.people.person_for(office.group(1), create=True)
            return Attribution(office.group(1), person, self.people.role_of(person, ref_pos + 1), "", cue)
        organisation = self._organisation(subj)
        if organisation:
            return Attribution(organisation, None, "", "", cue)
        if re.match(rf"^{self.cues.determiner}\s", subj):
            person = self.people.resolve_reference(subj, ref_pos)
            np_role = strip_determiner(subj, self.cues)
            return self._attr_from_person(person, "", cue, ref_pos, np_role)
        return None

    def _after_preposition(self, run: NameRun, floor: int) -> bool:
        before = self.text[max(floor, run.full_start - 60) : run.full_start]
        # "from Sumter, South Carolina": the preposition may govern a list of capitalised names
        names = rf"(?:[{UPPER}][\w.’'-]*,?\s+)*"
        m = re.search(rf"(?:^|\s){self.cues.place_prepositions}\s+(?:the\s+)?{names}$", before)
        if m is None:
            return False
        # "Secretary of State Hillary Clinton": a title's "of", not a place's
        title = re.search(r"([\w-]+)\s*$", before[: m.start() + 1])
        return not (
            title
            and title.group(1)[:1].isupper()
            and not is_acronym(title.group(1))  # "president and CEO of Washington Restaurant Association"
            and title.group(1).lower() in self.cues.role_nouns
        )

    def _organisation(self, subj: str) -> str:
        """ "NATO", "The Post", "the State Department", "Moscow": a subject naming no person but an
        organisation, a state or an outlet, which speak too.  Every word capitalised (an acronym, or
        "of"-like joiners inside), at most six words, after an article."""
        phrase = strip_determiner(re.sub(r"\s*\([^()]{1,40}\)", "", subj), self.cues).rstrip(" ,.;")
        tokens = phrase.split()
        if tokens and tokens[0] in ("As", "as"):
            tokens.pop(0)  # "As Breitbart News reported": the sentence's opening word is no part of it
        phrase = " ".join(tokens)
        if not 0 < len(tokens) <= 6 or self.cues.is_pronoun(phrase):
            return ""
        joiners = {"of", "for", "and", "on", "de", "du", "des", "do", "da", "del", "für", "der"}
        if re.search(r"[’']s\b", phrase) or (
            len(tokens) == 1 and not is_acronym(phrase) and phrase.lower() in self.phrases.lower_words
        ):
            return ""  # "Despite Trump's …": a sentence opener and a possessive, not a name
        for i, token in enumerate(tokens):
            if token.lower() in joiners and 0 < i < len(tokens) - 1:
                continue
            low = token.lower()
            if (
                not token[0].isupper()
                or low in self.cues.role_nouns | self.cues.group_nouns | self.cues.function_words
            ):
                return ""
        return phrase

    def _attr_from_person(
        self, person: Person | None, role: str, cue: str, pos: int, np_role: str
    ) -> Attribution:
        if np_role and not (self.cues.has_role_noun(np_role) or self.cues.role_categories_of(np_role)):
            np_role = ""  # "the ministry's statement said": not a role
        known_role = self.people.role_of(person, pos) if person is not None else ""
        if np_role and not role and specific_role(np_role, self.cues):
            # "the head of the Russian foreign ministry added": the cue gives the role, unless it only
            # repeats part of the role known already ("the Minister" for "Foreign Minister")
            known_words = set(words(known_role))
            if not set(words(np_role)) - {"the", "a", "an"} <= known_words:
                role = np_role
        if person is None:
            return Attribution(None, None, role or np_role, "", cue)
        return Attribution(person.name or None, person, role or known_role or np_role, "", cue)

    def _after_attribution_text(self, pos: int, ceil: int) -> Attribution | None:
        """ "…," said Yermakov. / "…," the diplomat said. / "…" according to him: words after a quote."""
        t = self.text
        opening = OPENING_MARK_RE.search(t, pos, ceil)
        nxt = opening.start() if opening else ceil
        end = self._sentence_end(pos, nxt)
        region = t[pos:end]
        lead = re.match(r"[\s,;:–—―\-”»“\"」』]*", region)
        off = pos + (lead.end() if lead else 0)
        s = t[off:end]
        if not s:
            return None
        credit = re.match(rf"({_CREDITED_NAME})\s*(?:[,.]|$)", s)
        dash = re.search(r"[―—–]|(?:^|\s)-", region[: lead.end() + 1])  # "…" - Bernie Sanders, "…" -M. Marks
        if credit and dash and not self.cues.verb_re.match(s):
            # a dash credit: "…" ― Pamela Padilla
            attr = self._subject_attribution(credit.group(1), off, "―", pos, "vs")
            if attr is not None:
                attr.cue = f"― {credit.group(1)}"
                return attr
        # "said X" / "- the expert concluded" with the verb first
        m = re.match(rf"({self.cues.verb})\s+({self.cues.adverbs})?", s)
        if m:
            rest_pos = off + m.end()
            rest = t[rest_pos:end]
            clause = re.split(
                rf"(?<=\w)[,;]\s+(?!{self.cues.articles}\s)|[.!?]\s*$|\s+{self.cues.clause_breaks}\s", rest
            )[0]
            if len(clause.split()) > 20:
                clause = clause.split(",")[0]  # "said Tom Rath, a veteran … who had endorsed Kasich and …"
            named = re.match(
                rf"{self.cues.determiner}\s[^,]{{1,60}},\s+([{UPPER}][\w’'.-]*(?:\s+[{UPPER}][\w’'.-]*)*)\s*(?:,|$)",
                rest,
            )
            if named and self.cues.has_role_noun(rest[: named.start(1)]):
                clause = rest[: named.end(1)]  # "said the bureau's director, James B. Comey, on Monday"
            if (
                re.match(rf"^(?:{self.cues.determiner}\s|[{UPPER}]|{self.cues.pronoun})", clause)
                or self._titled_name(clause)
            ) and len(clause.split()) <= 20:
                # a name or a noun phrase; stop a noun phrase without a name at its first comma
                attr = self._subject_attribution(clause.rstrip(" ,.;"), rest_pos, m.group(1), pos, "vs")
                if attr is not None:
                    attr.venue = find_venue(t[off:end])
                    if attr.person is not None and not attr.role:
                        attr.role = self._role_in_clause(rest_pos, end)
                    return attr
            return None
        m = re.match(
            rf"{self.cues.according_to}\s+({self.cues.pronoun}|{_NAME}|{self.cues.determiner}\s+[^,.;]{{2,80}})",
            s,
            re.I,
        )
        if m:
            attr = self._subject_attribution(m.group(1), off + m.start(1), m.group(0).split()[0], pos, "vs")
            if attr is not None:
                attr.cue = m.group(0)
                attr.venue = find_venue(t[off:end])
                return attr
        # "X said" / "the Security Council secretary emphasized" / "An expert commented …"
        m = re.match(rf"(.{{1,220}}?)\s+{self.cues.adverbs}({self.cues.verb})", s, re.S)
        if m:
            subj = m.group(1)
            name = rf"[{UPPER}][\w’'-]*(?:\s+(?:[{UPPER}][\w’'.-]*|" + "|".join(self.cues.particles) + r"))*"
            ok = (
                subj.lower() in self.cues.pronouns
                or re.match(rf"^{self.cues.determiner}\s+[^,;:]{{1,80}}$", subj)
                and len(subj.split()) <= 9
                or re.match(rf"^{name}\s*{_PARTY}(?:,[^,]{{2,200}},)?$", subj)
                # "spokesman Jeff Bechdel said": a role in lower case, then the name
                or re.match(rf"^[\w-]+(?:\s+[\w-]+){{0,3}}\s{name}\s*{_PARTY}$", subj)
                and self.cues.has_role_noun(subj)
                or re.match(rf"^{name}[’']s\s+{self.cues.representatives}$", subj)
                or self._titled_name(subj)
                and re.search(rf"\s{name}\s*{_PARTY}(?:,[^,]{{2,200}},)?$", subj)
                and len(subj.split()) <= 10
                # "Kremlin spokesman Dmitry Peskov told reporters": a title, then the name
                or re.match(rf"^[{UPPER}][^,;:]{{0,80}}\s{name}\s*{_PARTY}(?:,[^,]{{2,200}},)?$", subj)
                and len(subj.split()) <= 10
            )
            if ok:
                attr = self._subject_attribution(subj, off, m.group(2), pos, "sv")
                if attr is not None:
                    attr.venue = find_venue(t[off:end])
                    return attr
        return None

    def _trailing_attribution(self, pos: int, ceil: int) -> Attribution | None:
        """ "…" for Clinton, said Kunin. / "…" in the 2008 primary, Beck said.: the attribution closing the
        sentence a quote opens, after a comma."""
        inside_end = self.text[pos - 2 : pos - 1]  # the last character before the closing mark
        if inside_end in ".!?…" or re.match(r"\s*[.!?…]", self.text[pos : pos + 3]):
            return None  # the quote ends its sentence: what follows is the next one's
        end = self._sentence_end(pos, ceil)
        commas = [m.end() for m in re.finditer(r",\s+", self.text[pos:end])]
        for comma in reversed(commas[-3:]):
            attr = self._after_attribution_text(pos + comma, end)
            if attr is not None and attr.speaker is not None:
                return attr
        return None

    def _reported_by_earlier_verb(self, verbs: list[re.Match[str]], k: int) -> bool:
        """Whether the speech verb ``verbs[k]`` stands in what an earlier finite speech verb of the sentence
        reports: a gerund, or a verb after "that", with no conjunction opening a new clause between them
        ("… and Clinton said" does)."""
        for earlier in verbs[:k]:
            if earlier.group(0) not in self.cues.speech_verbs:
                continue
            between = self.text[earlier.end() : verbs[k].start()]
            if re.search(rf"\b{self.cues.conjunctions}\b|[;:]", between):
                continue
            if verbs[k].group(0) in self.cues.gerunds or re.search(
                rf"\b{self.cues.complementizers}\b", between
            ):
                return True
        return False

    def _title_head(self, run: NameRun, runs: list[NameRun]) -> NameRun:
        """ "Republican presidential front-runner Donald Trump": a capitalised word, a title in lower case,
        then the name the title belongs to."""
        for nxt in runs[runs.index(run) + 1 :] if run in runs else ():
            title = re.fullmatch(
                rf"\s+((?:[^\W\d_{UPPER}][\w-]*\s+){{1,4}})", self.text[run.end : nxt.full_start]
            )
            if not title or any(w in self.cues.function_words for w in title.group(1).split()):
                break
            run = nxt
        return run

    def _subject_before_apposition(self, a: int, runs: list[NameRun], vpos: int) -> NameRun | None:
        """ "Katie Packer, who is chairman of Our Principles PAC, said": the name opening the clause, when an
        apposition in lower case (which may name others) is all that stands between it and the verb."""
        subject = next((r for r in runs if self._opens_clause(a, r.full_start)), None)
        subject = self._title_head(subject, runs) if subject is not None else None
        if subject is None or subject.possessive or self._after_preposition(subject, a):
            return None
        between = self.text[subject.end : vpos]
        apposition = re.fullmatch(
            rf"\s*{_PARTY},\s+(?:{self.cues.determiner}\s|{self.cues.relatives}\s|[^\W\d_{UPPER}])"
            rf"[^;:“”\"«»]{{2,300}},\s*{self.cues.adverbs}",
            between,
        )
        if not apposition:
            return None
        # a full name, then "a 55-year-old salesman from …": the apposition shows a person
        described = len(subject.name.split()) > 1 and re.match(rf"\s*,\s+{self.cues.determiner}\s", between)
        return subject if described or self.people.person_for(subject.name) is not None else None

    def _opens_clause(self, a: int, pos: int) -> bool:
        """Whether ``pos`` is where the main clause of the sentence at ``a`` starts: at its start, after an
        introductory phrase and its comma ("Before the convention, "), or after conjunctions and adverbs
        ("And then ")."""
        # a title or an owner before the name is part of the subject: "Former Secretary of State ",
        # "The Blaze’s "
        lead = re.sub(rf"(?:(?:[{UPPER}][\w.’'-]*|of|the)\s+)+$", "", self.text[a:pos])
        if not lead.strip() or re.search(r",\s+$", lead) and len(lead.split()) <= 12:
            return True
        return all(w.lower() in self.cues.function_words for w in lead.split())

    def _capitalised_opener(self, a: int, run: NameRun) -> bool:
        """A lone word opening the sentence that is no person the article names, capitalised because it
        opens the sentence ("Hours later, Trump …", "Reached by phone, Bennett …"), or a name after a
        preposition opening it ("Like Corker, Menendez …")."""
        if self._after_function_word(run):
            return True
        if run.full_start != a or len(run.name.split()) > 1 or self.people.person_for(run.name) is not None:
            return False
        return run.name not in self._mid_sentence_capitals()

    def _mid_sentence_capitals(self) -> set[str]:
        """Words the article capitalises inside a sentence (after a word or a comma): names, not words
        capitalised because they open a sentence."""
        if self._mid_capitals is None:
            self._mid_capitals = {
                re.sub(r"[’']s$", "", m.group(0))
                for m in re.finditer(rf"(?<=[\w,;] )[{UPPER}][\w’'-]*", self.text)
            }
        return self._mid_capitals

    def _after_function_word(self, run: NameRun) -> bool:
        """ "Like Corker", "From Bush’s": a name after a preposition opening the sentence."""
        return any(w.lower() in self.cues.function_words for w in run.prefix)

    def _owned_name(self, run: NameRun, runs: list[NameRun]) -> NameRun:
        """ "The Blaze’s Matt Walsh", "CNN’s Jake Tapper": the name right after an owner is the subject."""
        k = runs.index(run) if run in runs else -1
        if (
            run.possessive
            and 0 <= k < len(runs) - 1
            and not self.text[run.end : runs[k + 1].full_start].strip(" ’'s")
        ):
            return runs[k + 1]
        return run

    def _titled_name(self, phrase: str) -> bool:
        """ "former Sen. Evan Bayh", "pollster Frank Luntz", "retired neurosurgeon Ben Carson": a title
        in lower-case words, then a name; a lone surname only after a role noun ("spokesman Kirby")."""
        m = re.match(rf"((?:[^\W\d_{UPPER}][\w.’'-]*\s+){{1,5}})([{UPPER}][^,(]*)", phrase)
        if not m or any(w.lower() in self.cues.function_words for w in m.group(1).split()):
            return False
        names = re.findall(rf"[{UPPER}][\w’'-]*", m.group(2))
        return len(names) >= 2 or bool(names) and self.cues.has_role_noun(m.group(1))

    def _role_in_clause(self, a: int, b: int) -> str:
        starts = self._sentence_starts()
        for run in self.phrases.runs(a, b, starts, a):
            if run.name:
                return self.phrases.role_after(run, b) or self.phrases.role_before(run, a)
        return ""

    def _by_attribution(self, pos: int, ceil: int) -> Attribution | None:
        """ "the list of "Russian violations" announced by Washington" -> whose words the quote are."""
        m = re.match(
            r"\s*,?\s*(?:announced|used|voiced|made|put forward|coined|cited|claimed|alleged|presented|"
            r"issued|proposed|uttered|expressed|repeated|promoted|spread)\s+by\s+((?:the\s+)?[A-Z][\w’'-]*"
            r"(?:\s+[A-Z][\w’'-]*)*)",
            self.text[pos:ceil],
        )
        if not m:
            return None
        name = m.group(1)
        person = self.people.person_for(name)
        return Attribution(
            name, person, self.people.role_of(person, pos) if person else "", "", m.group(0).strip(" ,")
        )

    def _sentence_attribution(self, a: int, b: int, ref_pos: int) -> Attribution | None:
        """A speech verb before the quote in its sentence: "X said that … "…"", "According to X, "…"."""
        t = self.text
        seg = t[a:b]
        m = re.search(
            r"[Ii]n\s+((?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3}?)[’']s?\s+words,?\s*$", seg
        ) or re.search(r"[Ii]n\s+the\s+words\s+of\s+((?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,5}?),?\s*$", seg)
        if m:
            attr = self._subject_attribution(m.group(1), a + m.start(1), "in the words of", ref_pos, "vs")
            if attr is not None:
                attr.cue = m.group(0).strip(" ,")
                return attr
        m = re.match(rf"\s*(?i:{self.cues.verb})\s+([^:;]{{2,200}}?),?\s*$", seg)
        subject = m.group(1) if m else ""
        if (
            m
            and seg.lstrip()[:1].isupper()
            and not self.cues.verb_or_gerund_re.search(subject)
            and (re.match(rf"{self.cues.determiner}\s|[{UPPER}]", subject) or self._titled_name(subject))
        ):
            # the verb first, opening the sentence: "Said Comey, "…"", "Added the senator: "…""
            attr = self._subject_attribution(
                m.group(1), a + m.start(1), seg.split()[0].lower(), ref_pos, "vs"
            )
            if attr is not None and attr.speaker is not None:
                return attr
        m = re.search(rf"([{UPPER}][\w’'.-]*(?:\s+[{UPPER}][\w’'.-]*){{0,5}})\s*:\s*$", seg)
        word_before = re.search(r"(\w+)\s+$", seg[: m.start(1)]) if m else None
        lead_word = word_before.group(1).lower() if word_before else ""
        if lead_word in self.cues.listener_verbs | self.cues.function_words and lead_word not in (
            "and",
            "from",
        ):
            # "Priebus told Fox News: "…"": the listener, not a label; but "Mark Blumenthal and Jon Cohen:",
            # "More from Jones:" are labels
            m = None
        if m:
            # a headline or a lead-in: "Lavrov: "…"", "Deputy Foreign Minister Sergey Ryabkov: "…""
            runs = [
                r
                for r in self.phrases.runs(a + m.start(1), a + m.end(1), self._sentence_starts(), a)
                if r.name
            ]
            if runs and not runs[-1].possessive:
                run = runs[-1]
                person = self.people.person_for(run.name, create=True)
                role = self.phrases.role_before(run, a)
                return Attribution(
                    run.name, person, role or self.people.role_of(person, ref_pos), "", f"{run.name}:"
                )
        m = re.search(
            rf"(?i:{self.cues.according_to})\s+({self.cues.pronoun}|{_NAME}|{self.cues.determiner}\s+[^,.;]{{2,80}}?),",
            seg,
        ) or re.search(rf"(?i:{self.cues.according_to})\s+([^,.;:«»“”„\"]{{2,100}}?)\s*[,:]?\s*$", seg)
        if m:
            attr = self._subject_attribution(m.group(1), a + m.start(1), m.group(0).split()[0], ref_pos, "vs")
            if attr is not None:
                attr.cue = m.group(0).strip(" ,:")
                return attr
        runs = [r for r in self.phrases.runs(a, b, self._sentence_starts(), a) if r.name]
        # the verb nearest the quote first: "a woman asked for a photo and Clinton said, “…”"
        verbs = list(self.cues.verb_or_gerund_re.finditer(t, a, b))
        for k in range(len(verbs) - 1, -1, -1):
            vm = verbs[k]
            vpos = vm.start()
            verb = vm.group(0)
            if verb.lower() in self.cues.according or re.search(
                rf"\b{self.cues.relatives}\s+{self.cues.adverbs}$", t[a:vpos]
            ):
                continue  # "Hutchison, who spoke at …, said": the relative clause is not the attribution
            if self._reported_by_earlier_verb(verbs, k):
                continue  # "Reid said that Sanders called …", "Spicer said, adding, "…"": Reid's, Spicer's
            candidates = [r for r in runs if r.end <= vpos]
            chosen = self._subject_before_apposition(a, candidates, vpos)
            for r in reversed(candidates if chosen is None else ()):
                between = t[r.end : vpos]
                if r.possessive or self._after_preposition(r, a):
                    continue  # "Trump, in Kentucky, said": Kentucky is where, not who
                simple = re.fullmatch(rf"\s*{_PARTY},?\s*{self.cues.adverbs}", between)
                appos = re.fullmatch(rf"\s*{_PARTY},[^,]{{2,220}},\s*{self.cues.adverbs}", between)
                prep = re.fullmatch(
                    rf"\s+{self.cues.prepositions}\s+[^,.;]{{2,80}}\s+{self.cues.adverbs}", between
                )
                if verb in self.cues.gerunds and (
                    not self._opens_clause(a, r.full_start) or self._capitalised_opener(a, r)
                ):
                    continue  # "Trump went after Bush, calling him …": Bush is the object
                if (simple or appos) and not is_acronym(r.name):
                    chosen = r
                    break
                if prep and self.people.person_for(r.name) is not None:
                    chosen = r
                    break
            subj_text = ""
            if chosen is None:
                before = t[a:vpos]
                pm = re.search(rf"(?:^|\s)({self.cues.pronoun})\s+{self.cues.adverbs}$", before)
                nm = re.search(
                    rf"(?:^|[,;:]\s*|\s{self.cues.conjunctions}\s+)({self.cues.determiner}\s+[^,;:]{{1,80}}?)\s+{self.cues.adverbs}$",
                    before,
                )
                om = re.search(
                    rf"(?:^|[,;:]\s*|\s{self.cues.conjunctions}\s+)((?:{self.cues.determiner}\s+)?[{UPPER}][^,;:]{{0,60}}?)\s+{self.cues.adverbs}$",
                    before,
                )
                organisation = self._organisation(om.group(1)) if om and not pm else ""
                if organisation and verb not in self.cues.gerunds:
                    attr = Attribution(
                        organisation, None, "", "", f"{om.group(1)} {verb}"
                    )  # "The Times reports:"
                elif pm:
                    subj_text = pm.group(1)
                    person = self.people.resolve_reference(subj_text, ref_pos)
                    attr = self._attr_from_person(person, "", f"{subj_text} {verb}", ref_pos, "")
                elif nm and len(nm.group(1).split()) <= 9:
                    subj_text = nm.group(1)
                    person = self.people.resolve_reference(subj_text, vpos)
                    attr = self._attr_from_person(
                        person, "", f"{subj_text} {verb}", ref_pos, strip_determiner(subj_text, self.cues)
                    )
                else:
                    persons = [
                        r
                        for r in candidates
                        if not r.possessive and self.people.person_for(r.name) is not None
                    ]
                    opening = re.search(rf"({self.cues.pronoun})\s", t[a:vpos])
                    if opening and not self._opens_clause(a, a + opening.start()):
                        opening = None
                    subject = next(
                        (
                            head
                            for r in candidates
                            if self._opens_clause(a, r.full_start)
                            # "In Salem, New Hampshire, Trump went after Bush": the comma ends the place
                            and (
                                not self._after_preposition(r, a)
                                or re.search(r",\s+$", t[a : r.full_start])
                                and t[r.end : r.end + 1] != ","
                            )
                            for head in [self._title_head(self._owned_name(r, candidates), candidates)]
                            if not self._after_function_word(r) and not self._capitalised_opener(a, head)
                        ),
                        None,
                    )
                    if verb in self.cues.gerunds and opening:
                        # "He blasted Sanders, saying …": the gerund's subject is the sentence's
                        person = self.people.resolve_reference(opening.group(1), ref_pos)
                        attr = self._attr_from_person(person, "", f"{opening.group(1)} … {verb}", ref_pos, "")
                    elif verb in self.cues.gerunds and subject is not None and not subject.possessive:
                        chosen = subject  # "Carly Fiorina threw her support behind Cruz, saying …"
                    elif not persons or verb in self.cues.gerunds:
                        continue
                    else:
                        # "Democratic presidential candidate Bernie Sanders": the name the title belongs to
                        chosen = self._title_head(persons[0], candidates)
            if chosen is not None:
                person = self.people.person_for(chosen.name, create=True)
                floor = a
                role = self.phrases.role_after(chosen, b) or self.phrases.role_before(chosen, floor)
                attr = Attribution(
                    chosen.name,
                    person,
                    role or self.people.role_of(person, ref_pos),
                    "",
                    f"{chosen.name} {verb}",
                )
            attr.venue = find_venue(t[a:b])
            return attr
        return None

    # ---- transcripts --------------------------------------------------------------------------------

    _LABEL_RE = re.compile(rf"([{UPPER}][\w.’'-]*(?:\s+[{UPPER}][\w.’'-]*){{0,3}})\s*:\s+(?=\S)")

    def _is_speaker_label(self, label: str) -> bool:
        """ "Q", "Interviewer", "Sergey Lavrov", "LAVROV" are speaker labels; "Note", "Moscow" are not."""
        low = label.lower()
        if low in _INTERVIEWER_LABELS or low in _ANSWER_LABELS:
            return True
        if low in (
            "note",
            "photo",
            "source",
            "read more",
            "update",
            "video",
            "see also",
            "editing",
            "reporting",
            *("related", "name", "age", "city", "job", "occupation", "hometown"),  # a gallery's form fields
        ):
            return False
        last = label.split()[-1]
        return last.lower() not in self.cues.not_names and (len(last) > 1)

    def _is_turn_body(self, label: str, a: int, b: int) -> bool:
        """What follows a speaker's label is speech: words, not a figure ("Clinton: 2,316." in a tally),
        and not about the label in the third person ("Rubio: Finish second. Florida Sen. Marco Rubio is
        following …", a list of candidates and their chances)."""
        body = self.text[a:b]
        if len(re.findall(r"[^\W\d_]{2,}", body)) < 2:
            return False
        surname = label.split()[-1]
        if len(surname) < 3 or label.lower() in _INTERVIEWER_LABELS | _ANSWER_LABELS:
            return True
        return not re.search(rf"\b{re.escape(surname)}\b", body, re.I)

    def _transcript_turns(self) -> dict[int, tuple[str, int]]:
        """paragraph index -> (label, body start) for paragraphs that are speaker turns."""
        turns: dict[int, tuple[str, int]] = {}
        for pi, (a, b) in enumerate(self.paragraphs):
            m = self._LABEL_RE.match(self.text, a, b)
            if m and self._is_speaker_label(m.group(1)) and self._is_turn_body(m.group(1), m.end(), b):
                turns[pi] = (m.group(1), m.end())
        uses = Counter(lab for lab, _ in turns.values())
        if len(uses) < 2 or max(uses.values()) < 2:
            return {}  # speakers of an interview take turns; labels each used once head a list
        # a label used once before the others is a headline ("Sanders: ‘…’"), not the transcript's start
        for pi in sorted(turns):
            if uses[turns[pi][0]] > 1:
                break
            del turns[pi]
        return turns

    def _transcript_quotes(self, turns: dict[int, tuple[str, int]]) -> list[Quote]:
        t = self.text
        by_label: dict[str, list[int]] = {}
        for pi, (label, _) in turns.items():
            by_label.setdefault(label, []).append(pi)
        interviewer = set()
        for label, pis in by_label.items():
            asks = sum(1 for pi in pis if t[self.paragraphs[pi][1] - 1] == "?")
            if label.lower() in _INTERVIEWER_LABELS or asks * 2 > len(pis):
                interviewer.add(label)
        first = min(turns)
        intro_end = self.paragraphs[first][0]
        quotes: list[Quote] = []
        current: str | None = None
        last_turn = max(turns)
        for pi in range(first, last_turn + 1):
            a, b = self.paragraphs[pi]
            if pi in turns:
                label, body = turns[pi]
                current = None if label in interviewer else label
            else:
                body = a
            if current is None:
                quotes.append(Quote(pi, a, b, a, a, turn=True, drop=True))
                continue
            label = current
            if label.lower() in _ANSWER_LABELS:
                last = self.people.last_mention_before(intro_end)
                person = last.person if last else None
                speaker = person.name if person else None
                role = self.people.role_of(person, intro_end) if person else ""
            else:
                speaker = label.title() if is_acronym(label.replace(" ", "")) else label
                person = self.people.person_for(speaker, create=True)
                role = self.people.role_of(person, intro_end) if person else ""
            s, e = body, b
            while e > s and t[e - 1].isspace():
                e -= 1
            q = Quote(pi, a, b, s, e, standalone=True, turn=True)
            q.attribution = Attribution(
                speaker,
                person,
                role,
                self.people.venue_of(person, intro_end) if person else "",
                f"{label}:" if pi in turns else f"{label}: (continued)",
            )
            quotes.append(q)
        return quotes

    # ---- main ---------------------------------------------------------------------------------------

    def run(self) -> list[QuoteCandidate]:
        t = self.text
        turns = self._transcript_turns()
        turn_paras = set(range(min(turns), max(turns) + 1)) if turns else set()

        quotes: list[Quote] = []
        for pi in range(len(self.paragraphs)):
            if pi not in turn_paras:
                quotes.extend(self._scan_paragraph(pi))
        self._quotes_by_para = {}
        for q in quotes:
            self._quotes_by_para.setdefault(q.para, []).append(q)
        excluded = [(q.open_pos, q.close_pos + 1) for q in quotes]
        excluded += [self.paragraphs[pi] for pi in turn_paras]
        self._collect_mentions(excluded)
        turn_quotes = self._transcript_quotes(turns) if turns else []

        for pq in self._quotes_by_para.values():
            prev = None  # the last quote kept: a title dropped between two quotes does not part them
            for k, q in enumerate(pq):
                self._attribute(q, prev, pq[k + 1] if k + 1 < len(pq) else None, quotes)
                if not q.drop:
                    prev = q
        for q in quotes:
            if q.pull_of is not None:
                if q.pull_of.drop:
                    q.pull_of = None
                    q.drop = True
                    continue
                la = q.pull_of.attribution
                q.attribution = Attribution(la.speaker, la.person, la.role, la.venue, "") if la else None
        final = sorted(
            [q for q in quotes if not q.drop] + [q for q in turn_quotes if not q.drop], key=lambda q: q.start
        )
        index = {id(q): i for i, q in enumerate(final)}
        out = []
        for q in final:
            attr = q.attribution or Attribution(None, None, "", "", "")
            venue = attr.venue
            if not venue and attr.person is not None:
                venue = self.people.venue_of(attr.person, q.open_pos)
            out.append(
                QuoteCandidate(
                    start=q.start,
                    end=q.end,
                    text=t[q.start : q.end],
                    speaker=attr.speaker,
                    speaker_role=attr.role,
                    venue=venue,
                    cue=attr.cue,
                    duplicate_of=index.get(id(q.pull_of)) if q.pull_of is not None else None,
                )
            )
        return out

    def _attribute(self, q: Quote, prev: Quote | None, nxt: Quote | None, quotes: list[Quote]) -> None:
        t = self.text
        a, b = self.paragraphs[q.para]
        if q.standalone:
            self._attribute_standalone(q, quotes)
            return
        ceil = nxt.open_pos if nxt is not None else b
        attr = None if q.unclosed else self._after_attribution_text(q.close_pos + 1, b)
        if attr is None:
            attr = self._label_in_quote(q)
        if attr is None and q.orphan and prev is not None and prev.attribution is not None:
            attr = prev.attribution
        if attr is None and not q.unclosed:
            attr = self._by_attribution(q.close_pos + 1, ceil)
        if attr is None and not q.unclosed:
            attr = self._trailing_attribution(q.close_pos + 1, ceil)
        floor = max(a, prev.close_pos + 1 if prev is not None else a)
        sent_start = self._sentence_start(q.open_pos, floor)
        if attr is None and not q.orphan:
            attr = self._sentence_attribution(sent_start, q.open_pos, q.open_pos)
        if attr is None and prev is not None and prev.attribution is not None:
            # the second part of a split quote, or a second fragment in the same sentence
            gap = t[prev.close_pos + 1 : q.open_pos]
            same_sentence = not t[prev.close_pos + 1 : sent_start].strip()
            cue = prev.attribution.cue.split(",")[0].strip()
            # … or the quote after one whose attribution, however long, is all that stands between them
            attributed_gap = bool(cue) and gap.lstrip(' ,;:–—-”"').startswith(cue) and len(gap.split()) <= 45
            if same_sentence or attributed_gap or (len(gap.split()) <= 12 and re.search(self.cues.verb, gap)):
                attr = prev.attribution
        if attr is None and not t[sent_start : q.open_pos].strip():
            attr = self._lead_attribution(q, sent_start, floor, quotes)
            if attr is None and prev is not None and prev.attribution is not None:
                attr = self._continued(prev, q)
        # a fragment ending its enclosing sentence: the final period is the sentence's, not the quote's
        if sent_start < q.open_pos and t[q.end - 1] == "." and not t[q.start : q.end - 1].count(". "):
            q.end -= 1
        n_words = len(words(t[q.start : q.end]))
        fragment = bool(t[sent_start : q.open_pos].strip())
        if n_words <= SCARE_QUOTE_MAX_WORDS and (attr is None or (attr.speaker is None and fragment)):
            sentence = t[sent_start : self._sentence_end(q.end, b)]
            if n_words < 3 or not self.cues.verb_or_gerund_re.search(sentence):
                q.drop = True  # a term in quotation marks that no named person is said to have said
                return
        after = t[q.close_pos + 1 : min(b, q.close_pos + 40)] if not q.unclosed else ""  # the next word
        if names_something(t[sent_start : q.open_pos], t[q.start : q.end], after, self.cues):
            q.drop = True  # "Saturday Night Live", "known as “Guccifer”": a title or a term, not a quote
            return
        if attr is None and fragment:
            attr = self._sentence_subject(sent_start, q.open_pos)
        q.attribution = attr

    def _continued(self, prev: Quote, q: Quote) -> Attribution | None:
        """ "“…,” Carson told the AP after hinting that “changes” could come. “Every single thing is on the
        table.”": a quote opening a sentence goes on with the speaker of the quote before it in the
        paragraph, when nobody else is named or spoken of between them."""
        gap = self.text[prev.close_pos + 1 : q.open_pos]
        if prev.attribution is None or prev.attribution.speaker is None or len(gap.split()) > 25:
            return None
        starts = self._sentence_starts()
        if any(r.name for r in self.phrases.runs(prev.close_pos + 1, q.open_pos, starts)):
            return None
        if re.search(rf"\b{self.cues.pronoun}|\b{self.cues.determiner}\s+\w+\s+{self.cues.verb}", gap):
            return None  # "… she said." or "the spokesman added": someone else may speak
        return prev.attribution

    def _sentence_subject(self, a: int, b: int) -> Attribution | None:
        """ "Clinton supports “appropriate pay raises”", "West landed a sharp dig at “…”": with no speech
        verb, the words quoted inside a sentence are its subject's, a person named (or a pronoun for one)
        where the main clause starts, unless the clause is passive ("Trump was called “…” by …")."""
        t = self.text
        if re.search(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?\w+ed\b|\bby\b", t[a:b]):
            return None
        runs = [r for r in self.phrases.runs(a, b, self._sentence_starts(), a) if r.name]
        pronoun = re.match(rf"\s*(?:{self.cues.conjunctions}\s+)?({self.cues.pronoun})\s", t[a:b])
        if pronoun and pronoun.group(1).lower() in self.cues.pronouns:
            person = self.people.resolve_reference(pronoun.group(1), a)
            return self._attr_from_person(person, "", pronoun.group(1), a, "") if person else None
        for r in runs:
            # where the main clause starts, not after a preposition: "After the Paris attacks, Trump …",
            # "From Bush’s Facebook post: …"
            lead = re.sub(rf"(?:(?:[{UPPER}][\w.’'-]*|of|the)\s+)+$", "", t[a : r.full_start])
            opens = re.fullmatch(rf"\s*(?:(?:{self.cues.conjunctions}|[Tt]hen|[Aa]lso)\s+)*", lead) or (
                re.search(r",\s+$", lead) and len(lead.split()) <= 12
            )
            if not opens or self._after_preposition(r, a) or self._after_function_word(r):
                continue
            head = self._title_head(self._owned_name(r, runs), runs)
            if self._capitalised_opener(a, head):
                continue  # "Filling in for Sanders, West …"
            if head.possessive or is_acronym(head.name):
                return None
            if not re.match(
                rf"\s*{_PARTY}(?:,[^,]{{2,200}},)?\s*{self.cues.adverbs}[^\W\d_{UPPER}]", t[head.end : b]
            ):
                return None  # the name is not followed by its verb: "Trump and Clinton …", "Iowa, …"
            person = self.people.person_for(head.name, create=True)
            return Attribution(head.name, person, self.people.role_of(person, a), "", head.name)
        return None

    def _lead_attribution(
        self, q: Quote, sent_start: int, floor: int, quotes: list[Quote]
    ) -> Attribution | None:
        """A quote opening its sentence: the sentence before may introduce the speaker ("X said:",
        "X said on Monday.") or be the speaker's quote; for a quote opening its paragraph, the last sentence
        of the previous paragraph."""
        a, _b = self.paragraphs[q.para]
        if floor < sent_start:
            end = sent_start
            while end > floor and self.text[end - 1].isspace():
                end -= 1
            prev_start = self._sentence_start(max(floor, end - 1), floor)
            return self._sentence_attribution(prev_start, end, sent_start)
        if sent_start > a or q.para == 0:
            return None
        pa, pb = self.paragraphs[q.para - 1]
        prev_quotes = [p for p in self._quotes_by_para.get(q.para - 1, ()) if not p.drop and not p.turn]
        last_sent = self._sentence_start(max(pa, pb - 1), pa)
        floor = max([last_sent] + [p.close_pos + 1 for p in prev_quotes if p.close_pos < pb])
        attr = None
        if floor < pb and (not prev_quotes or prev_quotes[-1].close_pos < floor):
            attr = self._sentence_attribution(floor, pb, pb)
        if attr is None and prev_quotes and prev_quotes[-1].attribution is not None:
            attr = prev_quotes[-1].attribution
        return attr

    def _credit_line(self, pi: int) -> Attribution | None:
        """A paragraph that only credits the quote above it: "- Bernie Sanders." or "— Hillary Clinton, in
        an interview"."""
        if pi >= len(self.paragraphs):
            return None
        a, b = self.paragraphs[pi]
        m = re.match(rf"[-–—―]\s*({_CREDITED_NAME})\s*(?:[,.][^“”\"«»]{{0,80}})?$", self.text[a:b])
        if not m:
            return None
        attr = self._subject_attribution(m.group(1), a + m.start(1), "―", a, "vs")
        if attr is not None:
            attr.cue = f"― {m.group(1)}"
        return attr

    def _label_in_quote(self, q: Quote) -> Attribution | None:
        """A transcript quoted paragraph by paragraph, each opening a quotation mark: "WALLACE: Let's
        start …" is Wallace's."""
        label = _TURN_IN_QUOTE_RE.match(self.text, q.start, q.end)
        if not label or not self._is_speaker_label(label.group(1)):
            return None
        speaker = label.group(1).title()
        person = self.people.person_for(speaker, create=True)
        role = self.people.role_of(person, q.start) if person else ""
        return Attribution(speaker, person, role, "", label.group(0).strip())

    def _attribute_standalone(self, q: Quote, quotes: list[Quote]) -> None:
        """A paragraph that is only a quote: a heading, a pull-quote, a transcript's turn, or a quote
        introduced before it."""
        t = self.text
        labelled = self._label_in_quote(q)
        if labelled is not None:
            q.attribution = labelled
            return
        body = t[q.start : q.end]
        qw = words(body)
        sentence_like = bool(re.search(r"[.!?…]$", body.rstrip(' ”"»')))
        if len(qw) <= HEADING_MAX_WORDS and not sentence_like:
            q.drop = True  # a section heading
            return
        # a repeat of a later quote nearby: a pull-quote (looking further made long articles quadratic)
        later_quotes = (
            later
            for pi in range(q.para + 1, q.para + 1 + PULL_QUOTE_MAX_DISTANCE)
            for later in self._quotes_by_para.get(pi, ())
        )
        for later in later_quotes:
            if later.start <= q.end or later.standalone and not later.unclosed:
                continue
            lw = words(t[later.start : later.end])
            if len(qw) >= 3 and lw:
                sm = difflib.SequenceMatcher(None, qw, lw, autojunk=False)
                matched = sum(bl.size for bl in sm.get_matching_blocks())
                if matched / len(qw) >= PULL_QUOTE_MIN_OVERLAP:
                    q.pull_of = later
                    return
        attr = self._credit_line(q.para + 1) or self._lead_attribution(q, q.open_pos, q.open_pos, quotes)
        if len(qw) <= SCARE_QUOTE_MAX_WORDS and (attr is None or attr.speaker is None):
            q.drop = True
            return
        q.attribution = attr
