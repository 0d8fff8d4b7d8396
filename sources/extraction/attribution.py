"""Stage 5: attribution — the rules that find a quotation's speaker, role, venue and cue in the words
around it.

Each quote is attributed from, in this order: the words right after it ("said X", "X said", "the diplomat
said", "according to him", "An expert commented …", "Kremlin spokesman Dmitry Peskov told reporters"); the
first part of a quote split by an attribution; "… announced by X"; the sentence around it ("X said that …
"…"", "According to X, "…"", "X: "…""); for a quote opening its sentence, the sentence or paragraph before
("X said:", "X said on Monday.", or a quote attributed to X).  ``speaker`` is the name as written in the
attribution, or for a back-reference the fullest form of the name seen.  ``speaker_role`` is the role given
in the attribution itself, else the latest role the article gave that person before the quote.
``venue`` is the venue in the attribution, else the latest one given for that person before the quote (or
the first one after it).
"""

from __future__ import annotations

import re

from sources.extraction.cues import UPPER
from sources.extraction.quote import Attribution, Quote
from sources.extraction.sources import (
    NameRun,
    find_venue,
    strip_determiner,
)
from sources.extraction.spans import OPENING_MARK_RE
from sources.extraction.subjects import (
    _NAME,
    _PARTY,
    INTRODUCTORY_PHRASE_MAX_WORDS,
    SHORT_QUOTE_RE,
    SubjectReader,
)
from sources.extraction.text import is_acronym

_LOWER = rf"[^\W\d_{UPPER}]"


def _words_alternation(items: frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True)) or "(?!)"


_TURN_IN_QUOTE_RE = re.compile(rf"([{UPPER}][{UPPER}.’' -]{{1,30}}):\s")
_CREDITED_NAME = rf"[{UPPER}][\w’'-]*(?:\.?\s+[{UPPER}][\w’'-]*)*"
"""A name in a dash credit, initials included: "― Julie A. Diaz Martinez"."""
INTERVIEWER_LABELS = frozenset(
    str.split("q question interviewer host moderator presenter anchor journalist correspondent reporter")
)
ANSWER_LABELS = frozenset(str.split("a answer"))


_OWNER_RE = re.compile(rf"^[{UPPER}][\w’'.-]*[’']s\s+(?:{_LOWER}[\w-]*\s+){{0,2}}(?=[{UPPER}])")


def _without_owner(subject: str) -> str:
    """ "Ruiz's hometown Harbour Free Press" -> "Harbour Free Press": an owner and a description in lower
    case before an outlet's name describe it; the outlet is the subject."""
    rest = _OWNER_RE.sub("", subject)
    return rest if len(rest.split()) >= 2 else subject  # "Trump’s potential VP": a role, not an outlet


class AttributionRules(SubjectReader):
    """Each rule looks for one shape of attribution and returns an :class:`Attribution`, or None."""

    def _after_attribution_text(self, pos: int, ceil: int) -> Attribution | None:
        """ "…," said Yermakov. / "…," the diplomat said. / "…" according to him: words after a quote."""
        t = self.text
        opening = OPENING_MARK_RE.search(t, pos, ceil)
        title = SHORT_QUOTE_RE.match(t, opening.start()) if opening else None
        if title and re.match(r"[\s,]+[^\W\d_A-Z]", t[title.end() : title.end() + 3]):
            # "“…,” Ohio delegate Bill Eastland, wearing “Ted Cruz” pins, said": a short quote the
            # sentence goes on after is part of the words after the quote, not the next quote
            opening = OPENING_MARK_RE.search(t, title.end(), ceil)
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
            # the subject ends at a comma, a relative clause ("said Sen. Tom Kell who represents …") or what
            # the verb introduces
            clause = re.split(
                rf"(?<=\w)[,;][”\"]?\s+(?!{self.cues.articles}\s)|[.!?]\s*$|\s+(?:{self.cues.clause_breaks}|{self.cues.relatives})\s",
                rest,
            )[0]
            if len(clause.split()) > 20:
                clause = clause.split(",")[0]  # "said Tom Rath, a veteran … who had endorsed Kasich and …"
            named = re.match(
                rf"(?:{self.cues.determiner}|[{UPPER}][\w’'-]*[’']s)\s[^,]{{1,60}},\s+(?:{_LOWER}[\w-]*\s+){{0,2}}"
                # "—dijo el portavoz del Kremlin, Dmitri Peskov—, «…»": a dash may close the apposition
                rf"([{UPPER}][\w’'.-]*(?:\s+[{UPPER}][\w’'.-]*)*)\s*(?:[,—–]|$)",
                rest,
            )
            if named and self.cues.has_role_noun(rest[: named.start(1)]):
                # "said the bureau's director, James B. Comey, on Monday",
                # "… the group's leader, activist Mina Osei"
                clause = rest[: named.end(1)]
            if (
                re.match(rf"^(?:{self.cues.determiner}\s|[{UPPER}]|{self.cues.pronoun})", clause)
                or self._titled_name(clause)
                # a language without articles: "— подчеркнул замминистра", the role noun alone
                or not self.cues.definite_articles
                and clause.split()[0].lower() in self.cues.role_nouns
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
        # "…," as Cruz said on Monday: the subject after "as"
        as_subject = re.match(rf"(?i:{self.cues.as_conjunctions})\s+(?=\S)", s)
        if as_subject:
            off += as_subject.end()
            s = s[as_subject.end() :]
        found = self._subject_and_verb(s)
        if found:
            subj, m = found
            name = rf"[{UPPER}][\w’'-]*(?:\s+(?:[{UPPER}][\w’'.-]*|" + "|".join(self.cues.particles) + r"))*"
            # an apposition in lower case, or of an age and a place: "the former governor", "30, of Raleigh"
            described = rf"(?:{self.cues.determiner}\s|{_LOWER}|\d)"
            # "“…,” after Clinton spokesman Brian Fallon expressed …": a clause that opens with a
            # conjunction or a preposition is no subject of the quote's attribution
            opener = (
                rf"(?!{self.cues.complementizers}\b)(?:{self.cues.relatives}|{self.cues.clause_breaks})\b"
            )
            ok = not re.match(opener, subj, re.I) and (
                # "…," Katie Pack, who is chairman of Our Principles PAC said: not "who is chairman of …"
                subj.lower() in self.cues.pronouns
                or re.match(rf"^{self.cues.determiner}\s+[^,;:]{{1,80}}$", subj)
                and len(subj.split()) <= 9
                or re.match(rf"^{name}\s*{_PARTY}(?:,[^,]{{2,200}},)?$", subj)
                # "Anne Rhodes, assistant secretary of state for population, refugees, and migration,":
                # an apposition in lower case may hold commas of its own
                or re.match(rf"^{name}\s*{_PARTY},\s+{described}[^;:]{{2,200}},$", subj)
                # a relative clause whose closing comma the writer left out
                or re.match(rf"^{name}\s*{_PARTY},\s+{self.cues.relatives}\s[^;:,]{{2,200}}$", subj)
                # … or an apposition ending in one: "Nate Silver, the guru who founded the site tweeted"
                or re.match(
                    rf"^{name}\s*{_PARTY},\s+{self.cues.determiner}\s[^;:,]{{2,120}}\s{self.cues.relatives}\s[^;:,]{{2,200}}$",
                    subj,
                )
                # "Rep. Duncan Hale’s chief of staff, Joe Kasper,", "the presumptive nominee, Donald Trump,":
                # a role, then the name in apposition
                or re.match(
                    rf"^(?:{self.cues.determiner}\s|[^,;:]{{1,60}}[’']s\s)[^,;:]{{1,80}},\s+{name},?$", subj
                )
                and self.cues.has_role_noun(subj.split(",")[0])
                # "Carl Zorn of The Nation wrote": the person, then whom they are with
                or re.match(rf"^{name}{self.affiliation}$", subj)
                # "spokesman Jeff Bechdel said": a role in lower case, then the name
                or re.match(rf"^[\w-]+(?:\s+[\w-]+){{0,3}}\s{name}\s*{_PARTY}$", subj)
                and self.cues.has_role_noun(subj)
                or re.match(rf"^{name}[’']s\s+{self.cues.representatives}$", subj)
                or self._titled_name(subj)
                and re.search(rf"\s{name}\s*{_PARTY}(?:,[^,]{{2,200}},)?$", subj)
                and len(subj.split()) <= 10
                # "Kremlin spokesman Dmitry Peskov told reporters": a title, then the name
                # (the apposition after the name does not count: "…, wearing “Ted Cruz” pins, said")
                or re.match(rf"^[{UPPER}][^,;:]{{0,80}}\s{name}\s*{_PARTY}(?:,[^,]{{2,200}},)?$", subj)
                and len(subj.split(",")[0].split()) <= 10
            )
            if ok and self._reports_anew(pos, lead.end() if lead else 0, m.group(1), off + m.end()):
                return None
            if ok:
                attr = self._subject_attribution(subj, off, m.group(1), pos, "sv")
                if attr is not None:
                    attr.venue = find_venue(t[off:end])
                    return attr
        return None

    def _subject_and_verb(self, s: str) -> tuple[str, re.Match[str]] | None:
        """The words before the first speech verb of ``s`` (within 220 characters) and the verb's match
        (group 1), skipping a verb of a relative clause ("Cruz, who has proposed repealing the mandate,
        said": not "proposed")."""
        found = None
        for m in re.finditer(rf"\s+{self.cues.adverbs}({self.cues.verb})", s[:400]):  # bounded: linear
            if m.start() > 220:
                break
            if m.start() < 1 or re.search(rf"(?<![\w’'-])(?i:{self.cues.articles})$", s[: m.start()]):
                continue  # "…, one of the states suing the agency, said": after an article, a noun
            found = (s[: m.start()], m)
            if not re.search(rf",\s+{self.cues.relatives}(?:\s[^,]*)?$", found[0]):
                return found
        return found

    def _reports_anew(self, pos: int, lead: int, verb: str, verb_end: int) -> bool:
        """ "Pataki says Kasich “has a record of bringing people together.” He warns that …": after a quote
        that ends its sentence, a subject and a speech verb followed by what is said ("that …", "they are
        …", a colon) open a new report; they do not attribute the quote before them ("“…” he said." does)."""
        closed = self.text[pos - 2 : pos - 1] in ".!?…" and not re.search(
            r"[,;:–—―-]", self.text[pos : pos + lead]
        )
        if not closed:
            return False
        listener = ""
        if verb in self.cues.listener_verbs:  # "told CNN that", "told the crowd they"
            listener = rf"(?:[{UPPER}][\w.’'-]*\s+|{self.cues.determiner}\s+\w+\s+|\w+\s+)?"
        if re.match(r"\s*:", self.text[verb_end : verb_end + 2]):
            return True  # "He added: “…”": the colon introduces the next quote
        pronouns = _words_alternation(self.cues.pronouns)
        # … also after when or where: "Clinton said Wednesday she", "Durbin said on Thursday that"
        when = rf"(?:(?i:{self.cues.time_words})\s+){{0,3}}" if not listener else ""
        # "She replied to him that …", "He said to reporters that …": whom it was said to, then what
        addressee = rf"(?:to\s+(?:{self.cues.determiner}\s+)?[\w’'.-]+\s+)?"
        after = self.text[verb_end : verb_end + 80]
        if not listener and re.match(
            rf"\s+(?:{self.cues.articles}\s+)?(?:[\w’'.-]+\s+){{1,4}}?{self.cues.auxiliaries}\s", after
        ):
            return True  # "Adler said the Trump campaign has yet to …": a clause of its own
        return bool(
            re.match(rf"\s+{listener}{addressee}{when}(?:{self.cues.complementizers}|{pronouns})\b", after)
        )

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
            own_subject = rf",\s+[{UPPER}][\w’'.-]*(?:\s+[{UPPER}][\w’'.-]*)*\s+{self.cues.adverbs}$"
            if re.search(own_subject, between):
                continue  # "… maintained that testing is required, Lopez-Cantera said": a clause of its own
            if verbs[k].group(0) in self.cues.gerunds or re.search(
                rf"\b{self.cues.complementizers}\b", between
            ):
                return True
            if re.fullmatch(
                rf"\s+[{UPPER}][\w’'.-]*(?:\s+[{UPPER}][\w’'.-]*){{0,3}}\s+{self.cues.adverbs}", between
            ):
                return True  # "Meeks said Clinton reassured them that …": a reported clause without "that"
        return False

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
        if self.cues.according_to_pronoun:
            # "Nach seinen Worten handelt es sich um „…“", "По его словам, «…»": the pronoun is in the phrase
            phrases = "|".join(re.escape(p) for p in self.cues.according_to_pronoun)
            m = re.search(rf"(?i:{phrases})\b", seg)
            if m and not re.search(rf"(?<![\w’'-]){self.cues.verb}", seg[m.end() :]):
                pronoun = self.cues.according_to_pronoun[m.group(0).lower()]
                person = self.people.resolve_reference(pronoun, a + m.start())
                attr = self._attr_from_person(person, "", m.group(0), ref_pos, "")
                if attr is not None and attr.speaker is not None:
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
        verb_first = (
            rf",\s+({self.cues.verb})\s+(?!{self.cues.complementizers}\s)"
            rf"({_NAME}|{self.cues.determiner}\s[^,;:]{{2,60}})(?:,\s+[^,;:“”\"]{{2,120}})?,\s"
        )
        inverted = list(re.finditer(verb_first, seg))
        m = inverted[-1] if inverted else None  # the last one
        if (
            m
            and m.group(1) not in self.cues.listener_verbs
            and not self.cues.verb_or_gerund_re.search(m.group(2))
            and not self.cues.verb_or_gerund_re.search(seg, m.end())
        ):
            # "Because of how the schedule was drawn, explained Rosenberg, “…”", "The paradox of Nancy,
            # says Carl Anthony, historian at the library, is that she was “…”": the verb first, between
            # commas, with no other speech verb before the quote
            attr = self._subject_attribution(m.group(2), a + m.start(2), m.group(1), ref_pos, "vs")
            if attr is not None and attr.speaker is not None:
                return attr
        m = re.search(rf"([{UPPER}][\w’'.-]*(?:\s+[{UPPER}][\w’'.-]*){{0,5}})\s*{_PARTY}:\s*$", seg)
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
        if m and re.match(rf"{self.cues.determiner}\s", m.group(1)) and self.cues.has_role_noun(m.group(1)):
            # "Según la portavoz de Exteriores, María Zajárova, «…»": the role, then the name in apposition
            named = re.compile(rf"\s*({_NAME}),").match(seg, m.end())
            if named and not re.search(rf"(?<![\w’'-]){self.cues.verb}", seg[named.end() :]):
                verb = m.group(0).split()[0]
                attr = self._subject_attribution(named.group(1), a + named.start(1), verb, ref_pos, "vs")
                if attr is not None and attr.speaker is not None:
                    attr.role = attr.role or m.group(1).strip()
                    attr.cue = seg[m.start() : named.end(1)]
                    return attr
        if m and re.search(rf"(?<![\w’'-]){self.cues.verb}", seg[m.end() :]):  # not "so-called"
            # "According to the Star, Brandt said “…”": the quote has its own attribution; the outer
            # source only reports it
            m = None
        if m:
            attr = self._subject_attribution(m.group(1), a + m.start(1), m.group(0).split()[0], ref_pos, "vs")
            if attr is not None:
                attr.cue = m.group(0).strip(" ,:")
                return attr
        runs = [r for r in self.phrases.runs(a, b, self._sentence_starts(), a) if r.name]
        runs = [r for r in runs if not self._after_according_to(r, a) and not self._in_quote(r.start)]
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
            agent = self._passive_agent(vm, b, ref_pos)
            if agent is not None:
                return agent
            if verb in self.cues.gerunds:
                absolute = self._absolute_subject(a, vm, ref_pos)
                if absolute is not None and absolute.speaker is not None:
                    absolute.venue = find_venue(t[a:b])
                    return absolute
            candidates = [r for r in runs if r.end <= vpos]
            chosen = self._subject_before_apposition(a, candidates, vpos)
            for r in reversed(candidates if chosen is None else ()):
                between = t[r.end : vpos]
                office = self._office_of(r)
                if office and re.fullmatch(rf"\s*(?:,[^,]{{2,60}},)?\s*{self.cues.adverbs}", t[office:vpos]):
                    chosen = r  # "Kelly Ayotte’s campaign, for example, said": the campaign speaks for her
                    break
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
                affiliated = re.fullmatch(rf"{self.affiliation}\s*{_PARTY},?\s*{self.cues.adverbs}", between)
                if affiliated and (self._plain_full_name(r.name) or self.people.person_for(r.name)):
                    chosen = r  # "Dana Whitfield of Harbor Daily observed": the person, not the outlet
                    break
                if prep and self.people.person_for(r.name) is not None:
                    chosen = r
                    break
            subj_text = ""
            if chosen is None:
                before = t[a:vpos]
                pm = re.search(rf"(?:^|\s)({self.cues.pronoun})\s+{self.cues.adverbs}$", before)
                nm = re.search(
                    rf"(?:^|[,;:]\s*|\s[-–—]{{1,2}}\s+|\s{self.cues.conjunctions}\s+)({self.cues.determiner}\s+[^,;:]{{1,80}}?)\s+{self.cues.adverbs}$",
                    before,
                )
                om = re.search(
                    rf"(?:^|[,;:]\s*|\s[-–—]{{1,2}}\s+|\s{self.cues.conjunctions}\s+)((?:{self.cues.determiner}\s+)?[{UPPER}][^,;:]{{0,60}}?)\s+{self.cues.adverbs}$",
                    before,
                )
                if nm and re.search(r"\s[-–—]", nm.group(1)):
                    nm = None  # "Jason Sims — a teacher from Dover — says": an apposition between dashes
                if om and re.search(r"\s[-–—]", om.group(1)):
                    om = None
                organisation = self._organisation(_without_owner(om.group(1))) if om and not pm else ""
                if organisation and verb not in self.cues.gerunds:
                    attr = Attribution(
                        organisation, None, "", "", f"{om.group(1)} {verb}"
                    )  # "The Times reports:"
                elif pm:
                    subj_text = pm.group(1)
                    # "He said that Clinton is playing “…”": who "he" is, is read where "he" stands
                    person = self.people.resolve_reference(subj_text, a + pm.start(1))
                    attr = self._attr_from_person(person, "", f"{subj_text} {verb}", ref_pos, "")
                elif nm and len(nm.group(1).split()) <= 9:
                    subj_text = nm.group(1)
                    person = self.people.resolve_reference(subj_text, vpos)
                    attr = self._attr_from_person(
                        person, "", f"{subj_text} {verb}", ref_pos, strip_determiner(subj_text, self.cues)
                    )
                    if attr.speaker is None:
                        # "A spokesman for Platte River said …": whom the role serves, as after the quote
                        named = self._subject_attribution(subj_text, a + nm.start(1), verb, ref_pos, "sv")
                        attr = named if named is not None and named.speaker is not None else attr
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
                        person = self.people.resolve_reference(opening.group(1), a + opening.start(1))
                        attr = self._attr_from_person(person, "", f"{opening.group(1)} … {verb}", ref_pos, "")
                    elif (
                        verb in self.cues.gerunds
                        and subject is not None
                        and (not subject.possessive or self._office_of(subject))
                    ):
                        chosen = subject  # "Carly Fiorina threw her support behind Cruz, saying …"
                    elif verb in self.cues.gerunds and (organisation := self._opening_organisation(a, vpos)):
                        attr = Attribution(organisation, None, "", "", f"{organisation} … {verb}")
                    elif not persons or verb in self.cues.gerunds:
                        continue
                    elif (
                        subject is not None
                        and not subject.possessive
                        and self.people.person_for(subject.name)
                    ):
                        # "In an interview with journalist Ana Ruiz, Lazar said … and added, “…”": the
                        # person opening the clause, not the first one the sentence names
                        chosen = subject
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

    def _passive_agent(self, verb: re.Match[str], b: int, ref_pos: int) -> Attribution | None:
        """ "Rubio was asked by Fox Business moderator Gerard Baker whether “…”": in the passive, who
        speaks is the agent after "by", not the subject (English auxiliaries, as in ``_sentence_subject``)."""
        t = self.text
        if not re.search(
            r"\b(?:was|were|been|being)\s+(?:\w+ly\s+)?$", t[max(0, verb.start() - 30) : verb.start()]
        ):
            return None
        agent = re.match(
            r"\s+by\s+([^,;:“”\"]{2,80}?)(?:,|\s+(?:whether|if|to|about|what|how|why|when)\b)",
            t[verb.end() : b],
        )
        if agent is None:
            return None
        start = verb.end() + agent.start(1)
        attr = self._subject_attribution(agent.group(1), start, f"{verb.group(0)} by", ref_pos, "vs")
        return attr if attr is not None and attr.speaker is not None else None

    def _after_according_to(self, run: NameRun, floor: int) -> bool:
        """ "Brandt, according to the Daily Star, said": the outlet is who reports, not who speaks."""
        before = self.text[max(floor, run.full_start - 80) : run.full_start]
        names = rf"(?:[{UPPER}][\w.’'-]*\s+)*"
        return bool(
            re.search(
                rf"(?i:{self.cues.according_to})\s+(?:[^,;:.]{{0,40}}\s)?(?:{self.cues.articles}\s+)?{names}$",
                before,
            )
        )

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
        owner = self._message_owner(a, b, runs)
        if owner is not None:
            return owner
        pronoun = re.match(rf"\s*(?:{self.cues.conjunctions}\s+)?({self.cues.pronoun})\s", t[a:b])
        if pronoun and pronoun.group(1).lower() in self.cues.pronouns:
            person = self.people.resolve_reference(pronoun.group(1), a)
            return self._attr_from_person(person, "", pronoun.group(1), a, "") if person else None
        for r in runs:
            # where the main clause starts, not after a preposition: "After the Paris attacks, Trump …",
            # "From Bush’s Facebook post: …"
            lead = re.sub(rf"(?:(?:[{UPPER}][\w.’'-]*|of|the)\s+)+$", "", t[a : r.full_start])
            opens = re.fullmatch(rf"\s*(?:(?:{self.cues.conjunctions}|[Tt]hen|[Aa]lso)\s+)*", lead) or (
                re.search(r",\s+$", lead) and len(lead.split()) <= INTRODUCTORY_PHRASE_MAX_WORDS
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

    def _message_owner(self, a: int, b: int, runs: list[NameRun]) -> Attribution | None:
        """ "From Bush’s Facebook post: “…”", "Hoff’s letter makes a case: “…”": a statement, post or letter
        of a person's, opening the sentence, speaks for its owner (lexicon ``message_nouns``)."""
        if not runs or not runs[0].possessive:
            return None
        t = self.text
        run = runs[0]
        # the owner opens the sentence, after a conjunction or "From"/"In" at most
        if not re.fullmatch(rf"\s*(?:(?:{self.cues.conjunctions}|[Ff]rom|[Ii]n)\s+)?", t[a : run.full_start]):
            return None
        # "’s" then at most two words ("Facebook", "fundraising") before the message
        if not re.match(rf"[’']?s?\s+(?:[\w-]+\s+){{0,2}}?{self.cues.message_nouns}\b", t[run.end : b]):
            return None
        name = run.name
        person = self.people.person_for(name, create=True)
        return Attribution(name, person, self.people.role_of(person, a), "", f"{name}’s")

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
            if attr is None and floor == last_sent:
                # "Kasich disagreed.¶“Ohio governors …”": a whole sentence closing the paragraph before,
                # with no speech verb, introduces the quote opening this one by its subject
                attr = self._sentence_subject(floor, pb)
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

    def _is_interviewer_label(self, label: str) -> bool:
        """ "Q", "Host", and the article's language's: "P", "Pregunta", "Вопрос"."""
        return label.lower() in INTERVIEWER_LABELS or label.lower() in self.cues.interviewer_labels

    def _is_answer_label(self, label: str) -> bool:
        return label.lower() in ANSWER_LABELS or label.lower() in self.cues.answer_labels

    def _is_speaker_label(self, label: str) -> bool:
        """ "Q", "Interviewer", "Sergey Lavrov", "LAVROV" are speaker labels; "Note", "Moscow" are not."""
        low = label.lower()
        if self._is_interviewer_label(low) or self._is_answer_label(low):
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
