"""Stage 4a: the persons an article names outside quotation marks, their roles, venues and genders, and the
role noun phrases ("the deputy minister said") that stand for them."""

from __future__ import annotations

import bisect
import re

from sources.extraction.cues import UPPER
from sources.extraction.reader import ArticleReader
from sources.extraction.sources import (
    NameRun,
    find_venue,
    specific_role,
    speech_act,
    strip_determiner,
)
from sources.extraction.speakers import Mention, Person, given_name_genders
from sources.extraction.text import is_acronym, words

_PARTY_LABEL_RE = re.compile(rf"[RDI]-[{UPPER}][\w.]*")
"""A party and a state after a lawmaker's name, as US papers write it: "R-Calif.", "D-Wis."."""


class MentionFinder(ArticleReader):
    """Finds every mention of a person outside the quotes, in text order, into ``people``."""

    def _is_person_run(self, run: NameRun, para_end: int, sentence_floor: int) -> bool:
        """Whether the article's words around a run show it is a person (evidence, not a lexicon)."""
        if not run.name:
            return False
        t = self.text
        known = self.people.person_for(run.name)
        if known is not None and known.known:
            return True
        if self._is_party_label(run):
            return False
        if self.cues.noun_markers and len(run.name.split()) == 1 and not run.prefix:
            # German capitalises every noun: "wies die Anschuldigungen zurück", "am Dienstag" name nobody
            word_before = re.search(r"(\w+)\s+$", t[max(0, run.full_start - 20) : run.full_start])
            if word_before and word_before.group(1).lower() in self.cues.noun_markers:
                return False
        titles = self.cues.role_nouns | (self.cues.honorifics - {"st"}) | {"president", "minister"}
        if any(p.lower().rstrip(".") in titles for p in run.prefix):
            return True  # "Rep. Lee Zeldin", "Sheriff Joe Arpaio"
        after = t[run.end : min(para_end, run.end + 600)]  # what a person's cue can span, no more
        if run.possessive:
            return bool(
                re.match(r"[’']s\s+(?:[\w-]+\s+)?(?:" + "|".join(self.cues.role_nouns) + r")\b", after)
            )
        if self.phrases.role_after(run, para_end) or self.phrases.role_before(run, sentence_floor):
            return True
        before = t[max(sentence_floor, run.full_start - 60) : run.full_start]
        # "Lena Marsh of Columbia, South Carolina says": a place or body after "of" is not who speaks
        affiliated = re.search(
            rf"([{UPPER}][\w’'-]*)\s+{self.cues.affiliations}\s+(?:{self.cues.articles}\s+)?"
            rf"(?:[{UPPER}][\w.’'-]*,?\s+)*$",
            before,
        )
        if affiliated and affiliated.group(1).lower() not in self.cues.role_nouns:
            # "Aris Shirvanian of the Armenian Patriarchate told": a body, whatever follows it (but
            # "Secretary of State John Kerry" is a title, then the name)
            return False
        if re.match(rf"\s*(?:,[^,]{{2,220}},\s*)?{self.cues.adverbs}{self.cues.verb}", after):
            return True
        if self._plain_full_name(run.name) and re.match(
            rf"{self.affiliation}(?:,[^,]{{2,220}},)?\s+{self.cues.adverbs}{self.cues.verb}", after
        ):
            return True  # "Dana Whitfield of Harbor Daily said", "Lee Zeldin of New York, a supporter, said"
        if re.match(r",\s+\d{1,3},", after):
            return True  # "Ashley Yago, 33, …": an age
        tokens = run.name.split()
        if (
            len(tokens) in (2, 3)
            and tokens[0].lower() in given_name_genders()
            and self._plain_full_name(run.name)
        ):
            return True  # "Thomas Massie used to support …": a given name, then a surname
        verb = re.search(rf"\b({self.cues.verb})\s*$", before[-40:])
        # "said Yermakov" names the speaker; "told RIA Novosti" names the listener
        return bool(verb) and verb.group(1) not in ("told", "tells", "asked", "asks") and not run.prefix

    def _is_party_label(self, run: NameRun) -> bool:
        """Whether a run is a party label after a name ("Kevin McCarthy, R-Calif., revealed …"): a state,
        not a person, whatever verb follows it."""
        return bool(_PARTY_LABEL_RE.fullmatch(run.name))

    def _plain_full_name(self, name: str) -> bool:
        """A given name and a surname, no word of which names a title, a body or a place ("Dana Whitfield",
        not "Illinois Board")."""
        tokens = name.split()
        return len(tokens) >= 2 and not any(
            is_acronym(w) or w.lower().strip(".") in self.cues.not_names for w in tokens
        )

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
            paragraph_start = self.paragraphs[bisect.bisect_right(self.people.paragraph_starts, s) - 1][0]
            salient = self._is_subject(run, s, self._sentence_start(run.full_start, paragraph_start))
            self.people.add_mention(Mention(run.start, person, run.name, role, venue, salient))
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
                    self.people.add_mention(Mention(s + m.start(1), person, role, role, venue, True))
                    continue
                if person is None:
                    continue
                known_words = set(words(self.people.role_of(person, s + m.start(1))))
                if not specific_role(role, self.cues) or set(words(role)) <= known_words:
                    role = ""  # "the expert", or "the Minister" for "Foreign Minister": nothing new
                self.people.add_mention(Mention(s + m.start(1), person, role, role, venue, True))
        self._chain_pronouns(segments)

    def _chain_pronouns(self, segments: list[tuple[int, int, int]]) -> None:
        """Pass 4: "Trump … He lambasted the deal negotiated by Obama. He pledged …": "he" or "she" opening
        a clause (or right after a quotation) mentions the person it refers to, which keeps that person the
        latest subject for the next pronoun."""
        gendered = [p for p in self.cues.pronouns if self.cues.genders.get(p)]
        if not gendered:
            return
        pronoun_re = re.compile(rf"\b(?:{'|'.join(map(re.escape, gendered))})\b", re.I)
        for s, e, _pend in segments:
            paragraph_start = self.paragraphs[bisect.bisect_right(self.people.paragraph_starts, s) - 1][0]
            for m in pronoun_re.finditer(self.text, s, e):
                sentence_start = self._sentence_start(m.start(), paragraph_start)
                after_quote = s > sentence_start and not self.text[s : m.start()].strip(" ,;:–—-")
                if not after_quote and not self._opens_clause(sentence_start, m.start()):
                    continue
                person = self.people.resolve_reference(m.group(0), m.start())
                if person is not None and not person.anonymous:
                    self.people.add_mention(Mention(m.start(), person, m.group(0), "", "", True))

    def _is_subject(self, run: NameRun, segment_start: int, sentence_start: int) -> bool:
        """Whether a mention is one a later "he" or "she" most likely means: the subject of a speech verb
        ("Smith said", "said Smith", "“…,” Smith said", "The head of the committee, Leonid Slutsky,
        called …") or the subject opening its clause ("Asked about it, Smith …"), not an owner ("Smith's
        …"), an object or a name after a preposition."""
        if run.possessive:
            return False
        after = self.text[run.end : run.end + 300]
        modifier = re.match(rf"\s+((?:[^\W\d_{UPPER}][\w-]*\s+){{1,3}})[{UPPER}]", after)
        if modifier and self.cues.has_role_noun(modifier.group(1)):
            return False  # "Obama consultant Cornell Belcher": Obama only says whose consultant
        before = self.text[max(segment_start, sentence_start) : run.full_start]
        # the segment starts after a quotation: "“…,” said Smith", but not "told Smith"
        verb = re.match(
            rf"\s*[,;–—-]?\s*({self.cues.verb})\s+(?:{self.cues.articles}\s+)?(?:[\w-]+\s+){{0,3}}$", before
        )
        if verb and verb.group(1) not in self.cues.listener_verbs:
            return True
        if segment_start > sentence_start and not before.strip(" ,;:–—-"):
            return True  # "“…,” Smith said": the name right after a quotation is who said it
        sentence_before = self.text[sentence_start : run.full_start]
        inverted = re.search(
            rf",\s*({self.cues.verb})\s+(?:{self.cues.articles}\s+)?(?:[\w-]+\s+){{0,3}}$", sentence_before
        )
        if (
            inverted
            and inverted.group(1) not in self.cues.listener_verbs
            and not self._after_preposition(run, sentence_start)
            and re.match(r"\s*(?:\([^()]{1,40}\)\s*)?(?:[,.;]|$)", self.text[run.end : run.end + 50])
        ):
            return True  # "… about unions, said Marla Kilfoyle, …": the verb after a comma, then its subject
        reported = re.search(rf"\b(?:{self.cues.verb})\b[^,;:“”\"]*$", sentence_before)
        if reported:
            return False  # "He said Mateen …", "Cox says Obama is …": a name in what someone says
        if sentence_before.endswith(", ") and re.match(rf",\s*{self.cues.adverbs}{self.cues.verb}", after):
            return True  # "The head of the committee, Leonid Slutsky, called …": the subject in apposition
        # "During an interview in April, Trump …": the comma ends the place; "in Ohio, for example, said" is
        # where, not who
        place = self._after_preposition(run, sentence_start) and not (
            sentence_before.endswith(", ") and self.text[run.end : run.end + 1] != ","
        )
        if place:
            return False
        apposition = r"\s*(?:\([^()]{1,40}\)\s*)?(?:,[^;:“”\"]{2,220}?,\s*|,\s*)?"
        if re.match(rf"{apposition}{self.cues.adverbs}{self.cues.verb}", after):
            return True
        if self._plain_full_name(run.name) and re.match(
            rf"{self.affiliation}{apposition}\s*{self.cues.adverbs}{self.cues.verb}", after
        ):
            return True  # "However, as Aris Mardian of the Patriarchate told the AP": a speech verb's subject
        # the clause is read from the sentence's start, over any quotation in it ("… “every state” if
        # Sanders wins": Sanders opens no main clause); a name and a role before the name are its title
        # ("Obama consultant Cornell Belcher")
        owner = re.search(
            rf"(?:[{UPPER}][\w.’'-]*\s+)+((?:[^\W\d_{UPPER}][\w-]*\s+){{1,3}})$", sentence_before
        )
        if owner and self.cues.has_role_noun(owner.group(1)):
            return self._opens_clause(sentence_start, sentence_start + owner.start())
        return self._opens_clause(sentence_start, run.full_start)

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
