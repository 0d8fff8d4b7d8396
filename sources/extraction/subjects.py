"""Stage 4b: the subject of a speech verb — which name of a source phrase is the speaker ("Trump attorney Alan
Garten" → Alan Garten), an organisation, state or outlet speaking ("NATO", "The Post"), or a back-reference
("he", "the diplomat") resolved to a person — and where a sentence's main clause starts."""

from __future__ import annotations

import re

from sources.extraction.cues import UPPER
from sources.extraction.mentions import MentionFinder
from sources.extraction.quote import Attribution
from sources.extraction.sources import (
    NameRun,
    specific_role,
    strip_determiner,
)
from sources.extraction.speakers import Person
from sources.extraction.text import GENERATIONAL_SUFFIXES, is_acronym, words

INTRODUCTORY_PHRASE_MAX_WORDS = 30
"""A phrase and its comma before the subject ("On the eve of his election to a fourth term as prime
minister in March, Netanyahu …") is at most this long."""
_PARTY = r"(?:\([^()]{1,40}\)\s*)?"  # "Rep. Gwen Moore (D-Wis.)"
SHORT_QUOTE_RE = re.compile(r"[“\"](?:[^\s“”\"]+\s){0,3}[^\s“”\"]+[”\"]")
"""A quotation of at most four words, with its marks."""
_NAME = rf"[{UPPER}][\w’'-]*(?:\s+[{UPPER}][\w’'-]*)*"


class SubjectReader(MentionFinder):
    """Turns the subject phrase of an attribution into an :class:`Attribution`."""

    def _subject_attribution(
        self, subj: str, subj_pos: int, verb: str, ref_pos: int, order: str
    ) -> Attribution | None:
        """Attribution from a subject phrase found next to a speech verb."""
        subj = subj.strip()
        if not subj:
            return None
        cue = f"{verb} {subj}" if order == "vs" else f"{subj} {verb}"
        if self.cues.is_pronoun(subj):
            # read where the pronoun stands: "He has called Cruz “…”" is not Cruz's
            person = self.people.resolve_reference(subj, min(subj_pos, ref_pos))
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
            and re.match(rf"^(?:{self.cues.determiner}\s|[^,]{{1,60}}[’']s\s)", subj)
        ):
            heads = runs[
                -1:
            ]  # "the bureau's director, James B. Comey", "Kell’s deputy campaign manager, Rich Beck": the
            # role, then the name in apposition
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
        lone = re.match(rf"([{UPPER}][\w’'-]+)\s*,\s+{self.cues.person_relatives}\s", subj)
        if lone and not heads:
            # "Paris, who used to work on Capitol Hill,", "Small, who attended the rally,": a word that
            # also names a place or a quality, but "who" says it is a person
            person = self.people.person_for(lone.group(1), create=True)
            return Attribution(lone.group(1), person, self.people.role_of(person, ref_pos + 1), "", cue)
        office = re.match(rf"^({_NAME})[’']s\s+{self.cues.representatives}$", subj)
        if office:
            # "Ryan's office said": the office speaks for its principal
            person = self.people.person_for(office.group(1), create=True)
            return Attribution(office.group(1), person, self.people.role_of(person, ref_pos + 1), "", cue)
        organisation = self._organisation(subj)
        if organisation:
            return Attribution(organisation, None, "", "", cue)
        # "замминистра": a role noun alone, in a language without articles
        bare_role = not self.cues.definite_articles and subj.split()[0].lower() in self.cues.role_nouns
        if re.match(rf"^{self.cues.determiner}\s", subj) or bare_role:
            person = self.people.resolve_reference(subj, ref_pos)
            np_role = strip_determiner(subj, self.cues)
            return self._attr_from_person(person, "", cue, ref_pos, np_role)
        return None

    def _after_preposition(self, run: NameRun, floor: int) -> bool:
        if re.match(rf"(?i:{self.cues.opening_place_prepositions})\s", self.text[run.full_start : run.start]):
            return True  # "A Bruxelles, …": the capitalised preposition opening a sentence ran into the name
        before = self.text[max(floor, run.full_start - 60) : run.full_start]
        # "from Sumter, South Carolina": the preposition may govern a list of capitalised names
        names = rf"(?:[{UPPER}][\w.’'-]*,?\s+)*"
        # "of the non-partisan Cook Political Report": an article may bring an adjective in lower case
        article = rf"(?:{self.cues.articles}\s+(?:[^\W\d_{UPPER}][\w-]*\s+)?)?"
        # a sentence may open with it: "In Mexico City, Trump endured …"
        prepositions = rf"(?:{self.cues.place_prepositions}|(?i:{self.cues.opening_place_prepositions}))"
        m = re.search(rf"(?:^|\s){prepositions}\s+{article}{names}$", before)
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
        if (
            len(tokens) >= 2
            and is_acronym(tokens[0])
            and tokens[-1] in self.cues.member_nouns
            and all(w.islower() for w in tokens[1:])
        ):
            return tokens[0]  # "NATO foreign ministers said in a joint statement": the alliance speaks
        if len(tokens) >= 2 and is_acronym(tokens[0]) and re.fullmatch(self.cues.message_nouns, tokens[-1]):
            return tokens[0]  # "A NATO statement said", "an MFA statement said": who issued it
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

    def _opening_organisation(self, a: int, vpos: int) -> str:
        """ "The Harbor Institute did not want to address it, telling …": an organisation, state or
        outlet that opens the clause, followed by a word in lower case that is no preposition and no role
        (its verb):
        the subject of a gerund later in the sentence.  One capitalised word is a name only as an acronym
        or after an article ("The Post"): alone it may be any word opening a sentence ("Hundreds of …",
        "Republicans were …")."""
        m = re.match(
            rf"\s*(?:{self.cues.conjunctions}\s+)?((?:{self.cues.determiner}\s+)?[{UPPER}][\w’'.&-]*"
            rf"(?:\s+(?:(?:of|for|and|the)\s+)*[{UPPER}][\w’'.&-]*)*)\s+{self.cues.adverbs}"
            rf"([^\W\d_{UPPER}][\w’'-]*)",
            self.text[a:vpos],
        )
        follower = m.group(2).lower() if m else ""
        if not m or follower in self.cues.function_words | self.cues.role_nouns | self.cues.group_nouns:
            return ""  # "Hundreds of …", "The Florida senator": the capitals are no subject of their own
        organisation = self._organisation(m.group(1))
        named = len(organisation.split()) >= 2 or is_acronym(organisation) or organisation != m.group(1)
        return organisation if named else ""

    def _absolute_subject(self, a: int, gerund: re.Match[str], ref_pos: int) -> Attribution | None:
        """ "…, with the American Federation of Teachers calling her “…”", "with Trump tweeting that … and
        asking, “…”": in an absolute phrase the name right before the gerund (or before the first of
        gerunds joined by "and") is its subject."""
        if not self.cues.gerunds:
            return None
        gerunds = "|".join(re.escape(g) for g in sorted(self.cues.gerunds, key=len, reverse=True))
        pattern = re.compile(
            rf"\b{self.cues.absolute_prepositions}\s+((?:{self.cues.articles}\s+)?[{UPPER}][\w’'.&-]*"
            rf"(?:\s+(?:(?:of|for|and|the)\s+)*[{UPPER}][\w’'.&-]*)*)\s+{self.cues.adverbs}(?:{gerunds})\b"
        )
        found = None
        for m in pattern.finditer(self.text, a, gerund.end()):
            found = m
        if found is None:
            return None
        gap = self.text[found.end() : gerund.start()]
        if found.end() != gerund.end() and not re.fullmatch(r"[^;.!?]{0,160}\sand\s+", gap):
            return None
        subject, verb = found.group(1), gerund.group(0)
        organisation = self._organisation(subject) if self.cues.definite_re.match(subject) else ""
        if organisation:  # "the American Federation of Teachers": the body, whatever its words
            return Attribution(organisation, None, "", "", f"{subject} {verb}")
        return self._subject_attribution(subject, found.start(1), verb, ref_pos, "sv")

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

    def _title_head(self, run: NameRun, runs: list[NameRun]) -> NameRun:
        """ "Republican presidential front-runner Donald Trump": a capitalised word, a title in lower case,
        then the name the title belongs to."""
        for nxt in runs[runs.index(run) + 1 :] if run in runs else ():
            title = re.fullmatch(
                rf"\s+((?:[^\W\d_{UPPER}][\w-]*\s+){{1,4}})", self.text[run.end : nxt.full_start]
            )
            if not title or any(w in self.cues.function_words for w in title.group(1).split()):
                break
            if any(w.endswith("ed") for w in title.group(1).split()) and not self.cues.has_role_noun(
                title.group(1)
            ):
                break  # "Kell endorsed Trump": a verb in the past tense, not a title
            run = nxt
        return run

    def _office_of(self, run: NameRun) -> int:
        """ "Ryan’s campaign", "Kelly Ayotte’s office": where the phrase of a person's office, campaign or
        spokesman ends (it speaks for them), or 0 when the possessive run is not followed by one."""
        if not run.possessive:
            return 0
        m = re.match(rf"[’']s?\s+{self.cues.representatives}\b", self.text[run.end : run.end + 40])
        return run.end + m.end() if m else 0

    def _subject_before_apposition(self, a: int, runs: list[NameRun], vpos: int) -> NameRun | None:
        """ "Katie Packer, who is chairman of Our Principles PAC, said": the name opening the clause, when an
        apposition in lower case (which may name others) is all that stands between it and the verb."""
        subject = next((r for r in runs if self._opens_clause(a, r.full_start)), None)
        subject = self._title_head(subject, runs) if subject is not None else None
        if subject is None or subject.possessive or self._after_preposition(subject, a):
            return None
        # a short title quoted in the apposition is a word of it: "Hemsley, the co-author of “Going Viral,”"
        between = SHORT_QUOTE_RE.sub("title", self.text[subject.end : vpos])
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
        title = re.search(rf"(?:[^\W\d_{UPPER}][\w-]*\s+){{1,3}}$", lead)
        if (
            title
            and self.cues.has_role_noun(title.group(0))
            and not any(w in self.cues.function_words for w in title.group(0).split())
        ):
            lead = lead[: title.start()]  # "In October, campaign director Mike Rubin": a title in lower case
        if lead.split() and lead.split()[-1].lower() in self.cues.listener_verbs:
            return False  # "When told Perez was in the Cabinet, Bush said": Perez is who was told about
        if (
            not lead.strip()
            or re.search(r",\s+$", lead)
            and len(lead.split()) <= INTRODUCTORY_PHRASE_MAX_WORDS
        ):
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
        """ "Like Corker", "From Bush’s": a name after a preposition opening the sentence (not after a
        conjunction: "But Sen. Pat Toomey refused …")."""
        return any(
            w.lower() in self.cues.function_words and not re.fullmatch(self.cues.conjunctions, w.lower())
            for w in run.prefix
        )

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
        # a title word may be a number or a date: "9/11 widow Terry Strada", "2016 nominee Mitt Romney"
        m = re.match(
            rf"((?:(?:[^\W\d_{UPPER}]|\d[\d/-]*\s+[^\W\d_{UPPER}])[\w.’'-]*\s+){{1,5}})([{UPPER}][^,(]*)",
            phrase,
        )
        title = m.group(1).split() if m else []
        # "master of ceremonies Asab Tabchi", "director of communications Jen Psaki": "of" inside the title
        inner = [
            k
            for k, w in enumerate(title)
            if 0 < k < len(title) - 1 and re.fullmatch(self.cues.affiliations, w)
        ]
        if not m or any(w.lower() in self.cues.function_words for k, w in enumerate(title) if k not in inner):
            return False
        names = re.findall(rf"[{UPPER}][\w’'-]*", m.group(2))
        return len(names) >= 2 or bool(names) and self.cues.has_role_noun(m.group(1))

    def _role_in_clause(self, a: int, b: int) -> str:
        starts = self._sentence_starts()
        for run in self.phrases.runs(a, b, starts, a):
            if run.name:
                return self.phrases.role_after(run, b) or self.phrases.role_before(run, a)
        return ""
