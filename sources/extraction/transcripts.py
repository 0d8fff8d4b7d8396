"""Stage 5b: interview transcripts.

When paragraphs start with speaker labels ("Q:", "A:", "Interviewer:", "Sergey
Lavrov:", "LAVROV:") and some label recurs (labels each used once head a list: "Iowa: …", "Nevada: …"),
followed by speech (not a figure: "Clinton: 2,316."; not a text about the label), every answer turn is one
candidate (the turn's whole text after the label), attributed to the turn's speaker; question turns (labels
Q/Question/Interviewer/Host…, or a label whose turns mostly end with "?") are not proposed, and neither are
quotes inside any turn. "A"/"Answer" is resolved to the person the introduction names last; a label in
capitals is given in title case. A paragraph with no label between two turns continues the previous turn.

Broadcast transcripts label a speaker's first turn with a title and a note ("JAKE TAPPER, CNN ANCHOR:",
"DMITRY PESKOV, KREMLIN SPOKESMAN (through translator):") and later turns with the surname alone
("TAPPER:"): one speaker, whose title, when it names a journalist's job (anchor, correspondent, host), makes
all their turns questions and links, not proposed.  A paragraph wholly in brackets ("(BEGIN VIDEO CLIP)",
"[LAUGHTER]") is a stage direction, in no turn.  The article's title is no turn even with a label
("Stoltenberg: „…“" above the interview it quotes).
"""

from __future__ import annotations

import re
from collections import Counter

from sources.extraction.attribution import AttributionRules
from sources.extraction.cues import UPPER
from sources.extraction.quote import Attribution, Quote
from sources.extraction.text import is_acronym


class TranscriptReader(AttributionRules):
    """Finds the speaker turns of an interview transcript and makes each answer turn one quote."""

    _LABEL_RE = re.compile(
        rf"([{UPPER}][\w.’'-]*(?:\s+[{UPPER}][\w.’'-]*){{0,3}})"
        # a broadcast's title and note after the name: ", CNN ANCHOR", " (through translator)"
        r"(?:,\s+([^\W\d_][^,:()\n]{1,60}?))?(?:\s*\([^()\n]{1,40}\))?"
        r"\s*:\s+(?=\S)"
    )
    _STAGE_DIRECTION_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")

    def _is_turn_body(self, label: str, a: int, b: int) -> bool:
        """What follows a speaker's label is speech: words, not a figure ("Clinton: 2,316." in a tally),
        and not about the label in the third person ("Rubio: Finish second. Florida Sen. Marco Rubio is
        following …", a list of candidates and their chances)."""
        body = self.text[a:b]
        if len(re.findall(r"[^\W\d_]{2,}", body)) < 2:
            return False
        surname = label.split()[-1]
        if len(surname) < 3 or self._is_interviewer_label(label) or self._is_answer_label(label):
            return True
        return not re.search(rf"\b{re.escape(surname)}\b", body, re.I)

    def _transcript_turns(self) -> dict[int, tuple[str, int]]:
        """paragraph index -> (label, body start) for paragraphs that are speaker turns."""
        turns: dict[int, tuple[str, int]] = {}
        self._journalists: set[str] = set()
        for pi, (a, b) in enumerate(self.paragraphs):
            m = self._LABEL_RE.match(self.text, a, b)
            if m and self._is_speaker_label(m.group(1)) and self._is_turn_body(m.group(1), m.end(), b):
                turns[pi] = (m.group(1), m.end())
                title = m.group(2) or ""
                if any(self._is_interviewer_label(w) for w in title.split()):
                    self._journalists.add(_label_key(m.group(1)))  # "JAKE TAPPER, CNN ANCHOR"
        if 0 in turns and self._quoted_whole(*turns[0], self.paragraphs[0][1]):
            del turns[0]  # the article's title: "Stoltenberg: „Wir wollen keinen neuen Kalten Krieg“"
        # "JAKE TAPPER, CNN ANCHOR" and "TAPPER" are one speaker's labels
        uses = Counter(_label_key(lab) for lab, _ in turns.values())
        if len(uses) < 2 or max(uses.values()) < 2:
            # speakers of an interview take turns; labels each used once head a list
            return self._dash_turns()
        # a label used once before the others is a headline ("Sanders: ‘…’", "Ana Ruiz: …" above the
        # "RUIZ:" turns), not the transcript's start; a first turn's full label may be used once
        # ("JAKE TAPPER, CNN ANCHOR:", then "TAPPER:")
        full_uses = Counter(lab for lab, _ in turns.values())
        for pi in sorted(turns):
            label = turns[pi][0]
            if full_uses[label] > 1 or (pi > 0 and uses[_label_key(label)] > 1):
                break
            del turns[pi]
        return turns

    _DASH_TURN_RE = re.compile(r"[—–]\s+(?=\S)")

    def _dash_turns(self) -> dict[int, tuple[str, int]]:
        """ "— Сергей Алексеевич, есть ли шанс?" / "— Шансов очень мало.": an interview whose turns open
        with a dash and no label (Russian, Spanish, Portuguese press), questions and answers in turn.
        Only in a language whose lexicon says so (``dash_dialogue``), and only when most questions end
        with a question mark."""
        if not self.cues.dash_dialogue:
            return {}
        dashed = [
            (pi, m.end())
            for pi, (a, b) in enumerate(self.paragraphs)
            if (m := self._DASH_TURN_RE.match(self.text, a, b))
        ]
        questions = dashed[::2]
        asks = sum(1 for pi, _ in questions if self.text[self.paragraphs[pi][1] - 1] == "?")
        if len(dashed) < 4 or asks * 2 <= len(questions):
            return {}
        return {pi: ("Q" if k % 2 == 0 else "A", body) for k, (pi, body) in enumerate(dashed)}

    def _quoted_whole(self, label: str, a: int, b: int) -> bool:
        body = self.text[a:b].strip()
        return len(body) > 2 and body[0] in '“«„"' and body[-1] in '”»“"'

    def _is_stage_direction(self, pi: int) -> bool:
        """ "(BEGIN VIDEO CLIP)", "[LAUGHTER]": a paragraph wholly in brackets."""
        a, b = self.paragraphs[pi]
        return self._STAGE_DIRECTION_RE.fullmatch(self.text, a, b) is not None

    def _transcript_quotes(self, turns: dict[int, tuple[str, int]]) -> list[Quote]:
        t = self.text
        by_label: dict[str, list[int]] = {}  # "KATE BOULDUAN" and "BOULDUAN" are one speaker's
        for pi, (label, _) in turns.items():
            by_label.setdefault(_label_key(label), []).append(pi)
        interviewer = set()
        for label, pis in by_label.items():
            asks = sum(1 for pi in pis if t[self.paragraphs[pi][1] - 1] == "?")
            journalist = label in self._journalists
            # a guest's one question ("has your eagle already eaten all the olives?") makes no interviewer
            asks_mostly = asks * 2 > len(pis) and (len(pis) > 1 or len(by_label) == 2)
            if self._is_interviewer_label(label) or asks_mostly or journalist:
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
                current = None if _label_key(label) in interviewer else label
            elif self._is_stage_direction(pi):
                quotes.append(Quote(pi, a, b, a, a, turn=True, drop=True))
                continue  # "(BEGIN VIDEO CLIP)": the turn goes on after it
            else:
                body = a
            if current is None:
                quotes.append(Quote(pi, a, b, a, a, turn=True, drop=True))
                continue
            label = current
            if self._is_answer_label(label):
                # the interviewee: the intro's subject ("Рябков рассказал корреспонденту … Черненко"),
                # else the person it names last
                last = self.people.last_mention_before(intro_end)
                person = self.people.latest_subject(intro_end) or (last.person if last else None)
                speaker = person.name if person else None
                role = self.people.role_of(person, intro_end) if person else ""
            else:
                speaker = label.title() if is_acronym(label.replace(" ", "")) else label
                person = self.people.person_for(speaker, create=True)
                role = self.people.role_of(person, intro_end) if person else ""
            s, e = body, b
            while e > s and t[e - 1].isspace():
                e -= 1
            if e - s > 2 and t[s] in _TURN_QUOTE_CLOSERS and t[e - 1] == _TURN_QUOTE_CLOSERS[t[s]]:
                s, e = s + 1, e - 1  # POMPEO: “Russia has violated the treaty …”: the words, not the marks
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


_TURN_QUOTE_CLOSERS = {"“": "”", "«": "»", "„": "“", '"': '"'}


def _label_key(label: str) -> str:
    """ "JAKE TAPPER" and "Tapper" -> "tapper": the labels of one speaker."""
    return label.split()[-1].lower()
