"""The extractor: runs the stages on one article — quotation spans, mentions of persons, each quote's
attribution (``attribution``, ``transcripts``), pull-quotes — and returns the candidates.

Not proposed: a paragraph that is only a short quote with no sentence punctuation (a section heading),
and quotes of at most :data:`SCARE_QUOTE_MAX_WORDS` words that nobody is said to have said (of three or
four words, only when their sentence has no speech verb either: "called it a “rush to judgment”" is
proposed, "the “Make America Great Again” cry" is not).  A paragraph
that is only a quote, has no attribution and repeats a later quote is a pull-quote: it is returned with
``duplicate_of`` set to the later candidate's index.
"""

from __future__ import annotations

import dataclasses
import difflib
import re

from sources.extraction.candidate import QuoteCandidate
from sources.extraction.cues import UPPER
from sources.extraction.quote import Attribution, Quote
from sources.extraction.spans import quotation_spans
from sources.extraction.terms import defines_term, names_something
from sources.extraction.text import words
from sources.extraction.transcripts import TranscriptReader

SCARE_QUOTE_MAX_WORDS = 4
"""A quote of at most this many words is only proposed when someone is said to have said it, or (three or
four words) when a speech verb in its sentence says that someone did."""
HEADING_MAX_WORDS = 8
PULL_QUOTE_MIN_OVERLAP = 0.8
MESSAGE_LOOK_BEHIND = 200
"""How far before a quote to look for the message ("in a joint statement") it is from."""
_NON_SPACE_RE = re.compile(r"\S")
_TWO_LETTERS_RE = re.compile(r"[^\W\d_].*?[^\W\d_]", re.S)
PULL_QUOTE_MAX_DISTANCE = 60
"""A pull-quote repeats a quote at most this many paragraphs further on."""


class Extractor(TranscriptReader):
    """Runs the stages on one article: spans, mentions of persons, attribution of each quote."""

    def _scan_paragraph(self, pi: int) -> list[Quote]:
        a, b = self.paragraphs[pi]

        def attributed_after(pos: int, end: int) -> bool:
            saved = self.people.snapshot()
            found = self._after_attribution_text(pos, end) is not None
            self.people.restore(saved)  # only a check: leave the registry as it was
            return found

        return [Quote(**vars(span)) for span in quotation_spans(self.text, pi, a, b, attributed_after)]

    def run(self) -> list[QuoteCandidate]:
        t = self.text
        turns = self._transcript_turns()
        turn_paras = set(range(min(turns), max(turns) + 1)) if turns else set()

        quotes: list[Quote] = []
        links = self._related_links()
        for pi in range(len(self.paragraphs)):
            if pi not in turn_paras:
                quotes.extend(self._scan_paragraph(pi))
        # the article's title: a first line of several, without a full stop
        title = t[self.paragraphs[0][0] : self.paragraphs[0][1]] if len(self.paragraphs) > 1 else ""
        headline = bool(title) and title.rstrip('”“"»’')[-1:] not in ".!?…"
        for q in quotes:
            q.drop = q.para in links  # 'Ryabkov: "…"' under "Read more": another article's headline
            if headline and q.para == 0 and len(words(t[q.start : q.end])) < 3:
                q.drop = True  # "Moscou accuse Washington de vouloir « détruire » l'accord": a title's word
        self._quotes_by_para = {}
        for q in quotes:
            self._quotes_by_para.setdefault(q.para, []).append(q)
        excluded = [(q.open_pos, q.close_pos + 1) for q in quotes]
        excluded += [self.paragraphs[pi] for pi in turn_paras]
        self._collect_mentions(excluded)
        turn_quotes = self._transcript_quotes(turns) if turns else []
        self._headline_repeats_turn(quotes, turn_quotes)

        for pq in self._quotes_by_para.values():
            prev = None  # the last quote kept: a title dropped between two quotes does not part them
            for k, q in enumerate(pq):
                self._attribute(q, prev, pq[k + 1] if k + 1 < len(pq) else None, quotes)
                if not q.drop:
                    prev = q
            self._share_sentence_attribution([q for q in pq if not q.drop])
            for q in pq:
                if not q.drop and not q.standalone and q.attribution is None:
                    # last, after the sentence's own attribution was shared: "From Trump’s “…” to his
                    # call for …, Will described …" is Will's
                    sent_start = self._sentence_start(q.open_pos, self.paragraphs[q.para][0])
                    q.attribution = self._possessive_owner(sent_start, q.open_pos) or q.attribution
        self._statement_owner(quotes)
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

    def _statement_owner(self, quotes: list[Quote]) -> None:
        """'In a joint statement, NATO foreign ministers said: "…"' then '"…," the statement said.': the
        statement speaks for whoever issued it, the speaker of a quote in the paragraph before that
        introduces the same kind of message ("statement", "letter")."""
        t = self.text
        described = re.compile(rf"{self.cues.determiner}\s+(?:[\w-]+\s+)?({self.cues.message_nouns})\b")
        issued: dict[str, tuple[int, Attribution]] = {}  # message noun -> (paragraph, its issuer)
        for q in sorted(quotes, key=lambda q: q.start):
            attr = q.attribution
            if q.drop or attr is None:
                continue
            m = described.match(attr.cue) if attr.speaker is None else None
            earlier = issued.get(m.group(1).lower()) if m else None
            # the quote opens its paragraph: "Clinton's campaign sent out an email … "…," the email said"
            # is another message
            opens = _NON_SPACE_RE.search(t, self.paragraphs[q.para][0], q.open_pos) is None
            if earlier is not None and (q.para == earlier[0] or opens and q.para - earlier[0] == 1):
                q.attribution = dataclasses.replace(earlier[1], cue=attr.cue)
                continue
            # the words just before the quote (a bounded look: a long paragraph of quotes stays linear)
            a = max(self.paragraphs[q.para][0], q.open_pos - MESSAGE_LOOK_BEHIND)
            if attr.speaker is not None:
                for noun in re.findall(rf"\b({self.cues.message_nouns})\b", t[a : q.open_pos]):
                    issued[noun.lower()] = (q.para, attr)

    def _related_links(self) -> set[int]:
        """The paragraphs that link to other articles: "Read more: Lavrov says …", and the short lines
        without a full stop under a line "Related news:" / "Читайте также" / "Leia também"."""
        t = self.text
        links: set[int] = set()
        in_list = False
        for pi, (a, b) in enumerate(self.paragraphs):
            line = t[a:b].strip()
            low = line.lower().rstrip(" :.")
            head = low.split(":", 1)[0]
            if low in self.cues.related_links:
                in_list = True
                links.add(pi)
                continue
            if ":" in low and head in self.cues.related_links:
                links.add(pi)  # "Read more: …", one link
                continue
            if in_list and len(line.split()) <= 20 and not line.endswith("."):
                links.add(pi)
            else:
                in_list = False
        return links

    def _headline_repeats_turn(self, quotes: list[Quote], turn_quotes: list[Quote]) -> None:
        """ "Stoltenberg: „Wir wollen keinen neuen Kalten Krieg“" above an interview in which he says it: the
        title's quote is a pull-quote of the answer."""
        t = self.text
        answers = [(q, " ".join(words(t[q.start : q.end]))) for q in turn_quotes if not q.drop]
        for q in quotes:
            if q.para != 0 or q.drop:
                continue
            said = " ".join(words(t[q.start : q.end]))
            q.pull_of = next((turn for turn, text in answers if said and said in text), q.pull_of)

    def _share_sentence_attribution(self, kept: list[Quote]) -> None:
        """ "The plan is “a total disaster” and “a waste of money,” Ruiz said.": a fragment with no speaker
        of its own is the speaker's who says the next fragment of the same sentence (from the last one
        back, so that a chain of fragments shares the attribution at its end)."""
        t = self.text
        for q, nxt in reversed(list(zip(kept[:-1], kept[1:], strict=True))):
            has_speaker = q.attribution is not None and q.attribution.speaker is not None
            if has_speaker or q.unclosed or nxt.attribution is None or nxt.attribution.speaker is None:
                continue
            if t[q.close_pos - 1] in ".!?…" or re.search(r"[.!?…;:]", t[q.close_pos + 1 : nxt.open_pos]):
                continue  # a sentence ends between them
            q.attribution = nxt.attribution

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
        after = None
        if attr is not None and not q.orphan and self._ends_reported_sentence(q, sent_start):
            # "Paul said … and called him “… citizens.” Huckabee called the program …": the words after
            # a quote that closes a sentence reported in its first words start the next sentence; they
            # attribute it only when the sentence itself does not
            after, attr = attr, None
        if attr is not None and not q.orphan and self._reported_by_clause_before(q, sent_start):
            # "Trump claimed on Tuesday that “…,” one of the prosecutors said the two cases differ": the
            # quote is what the clause before it reports; the words after it are a clause of their own
            own = self._sentence_attribution(sent_start, q.open_pos, q.open_pos)
            if own is not None and own.speaker is not None:
                attr = own
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
                attr = self._own_subject(prev, sent_start, q.open_pos) or prev.attribution
        if after is not None and (attr is None or attr.speaker is None):
            attr = after
        if attr is None and not t[sent_start : q.open_pos].strip():
            attr = self._lead_attribution(q, sent_start, floor, quotes)
            if attr is None and prev is not None and prev.attribution is not None:
                attr = self._continued(prev, q)
        # a fragment ending its enclosing sentence: the final period is the sentence's, not the quote's
        if sent_start < q.open_pos and t[q.end - 1] == "." and not t[q.start : q.end - 1].count(". "):
            q.end -= 1
        n_words = len(words(t[q.start : q.end]))
        if _TWO_LETTERS_RE.search(t, q.start, q.end) is None:
            q.drop = True  # "корреспонденту “Ъ”": a letter, a logo, no words anybody said
            return
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
        quoted = t[q.open_pos + 1 : q.close_pos]
        if not fragment and not q.unclosed and defines_term(quoted, after, self.cues):
            q.drop = True  # "“Containment” has been U.S. policy": a term the sentence explains
            return
        if attr is None and fragment:
            attr = self._sentence_subject(sent_start, q.open_pos)
        q.attribution = attr

    def _possessive_owner(self, a: int, open_pos: int) -> Attribution | None:
        """ "the persistent pull of Obama’s “if you like your plan, you can keep it”": words quoted right
        after a possessive name are its owner's."""
        owner = re.search(
            rf"(?<![\w’'-])([{UPPER}][\w.’'-]*(?:\s+[{UPPER}][\w.’'-]*)*)[’']s?\s*$", self.text[a:open_pos]
        )
        if owner is None or not re.search(r"[’']s?\s*$", owner.group(0)):
            return None
        name = re.sub(r"[’']s?$", "", owner.group(0).strip())
        attr = self._subject_attribution(name, a + owner.start(1), "’s", open_pos, "sv")
        return attr if attr is not None and attr.speaker is not None else None

    def _own_subject(self, prev: Quote, sent_start: int, open_pos: int) -> Attribution | None:
        """ "“…,” said Loomis, of the union. Kasich resisted: “…”": a quote inside a sentence of its own,
        after the earlier quote's attribution, is that sentence's subject's when the subject is another
        person."""
        if not re.search(r"\w", self.text[prev.close_pos + 1 : sent_start]):
            return None  # the quote's sentence is the earlier quote's: "“…,” she said, “…”"
        attr = self._sentence_subject(sent_start, open_pos)
        if attr is None or attr.person is None or attr.person is prev.attribution.person:
            return None
        return attr

    def _reported_by_clause_before(self, q: Quote, sent_start: int) -> bool:
        """The quote is introduced, inside its sentence, by a speech verb and "that" right before it, and
        the speech verb after it goes on with what it reports ("… said the two cases differ"), so that it
        is not the quote's attribution ("Comey cannot say that “…,” Lewandowski added" is)."""
        t = self.text
        before = t[sent_start : q.open_pos]
        if not re.search(rf"\s{self.cues.complementizers}\s*$", before) or not self.cues.verb_re.search(
            before
        ):
            return False
        verb = self.cues.verb_re.search(t, q.close_pos + 1, self._sentence_end(q.close_pos + 1, len(t)))
        if verb is None or verb.group(0) in self.cues.listener_verbs:
            return False
        pronouns = "|".join(re.escape(p) for p in self.cues.pronouns) or "(?!)"
        return bool(
            re.match(
                rf"\s+(?:{self.cues.complementizers}|{self.cues.articles}|{pronouns})\s",
                t[verb.end() : verb.end() + 20],
            )
        )

    def _ends_reported_sentence(self, q: Quote, sent_start: int) -> bool:
        """The quote closes, with its own full stop, a sentence whose first words hold a speech verb."""
        t = self.text
        closes = re.search(r"[.!?]\s*$", t[q.open_pos + 1 : q.close_pos]) is not None
        return closes and bool(self.cues.verb_re.search(t, sent_start, q.open_pos))

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
