"""Stage 4: speakers — the persons an article names, where it mentions them, and coreference.

A :class:`Registry` holds each person once (spellings of one surname, "Ermakov" and "Yermakov", and a lone
part of a full name, "Hua" for "Hua Chunying", are one person) and every mention of a person outside
quotation marks, in text order, with the role and venue the article gives there.  Back-references ("he",
"the diplomat", "the minister", "o diplomata") resolve to the latest person mentioned before the quote,
preferring the latest one whose role matches the noun ("the expert" -> the last person introduced as an
analyst, professor, academician …).

Mentions are kept in text order with per-person indexes of roles and venues, so that each look-up is a
binary search rather than a walk over every mention (which made extraction quadratic).
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sources.extraction.cues import Cues
from sources.extraction.text import NAME_TOKEN_RE, is_acronym, name_folds, similar_keys, surname_key, words

GIVEN_NAMES = Path(__file__).resolve().parent / "lexicons" / "shared" / "given_names.json"

RECENT_SCAN = 64
"""How many mentions back to look for recent persons before ranking every person by their last mention."""

_ROLE_STOP_WORDS = "the a an of for at in on to and russian american us the federation"
_ROLE_STOP = frozenset(_ROLE_STOP_WORDS.split())


@cache
def given_name_genders() -> dict[str, str]:
    """ "hillary" -> "feminine", "angel" -> "": given names (lexicon data), with the gender they tell in any
    language, or "" for a name given to both ("Angel", "Jordan"), which still marks a person but tells no
    gender.  Read once per process."""
    data = json.loads(GIVEN_NAMES.read_text(encoding="utf-8"))
    names = dict.fromkeys(data.get("either", ()), "")
    names.update((name, gender) for gender in ("feminine", "masculine") for name in data[gender])
    return names


@dataclass(eq=False)  # a person is one object: two unnamed ones are two people
class Person:
    name: str  # fullest form seen
    key: str
    known: bool = False
    anonymous: bool = False  # "a State Department spokesman": someone the article does not name


@dataclass
class Mention:
    pos: int
    person: Person
    form: str
    role: str
    venue: str
    salient: bool = False  # the subject of its clause or of a speech verb, not an object or an owner


@dataclass
class Registry:
    """The persons of one article and their mentions."""

    cues: Cues
    persons: list[Person] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    _mention_pos: list[int] = field(default_factory=list)
    _positions_by_person: dict[int, list[int]] = field(default_factory=dict)
    _person_by_id: dict[int, Person] = field(default_factory=dict)
    _roles_by_person: dict[int, tuple[list[int], list[str]]] = field(default_factory=dict)
    _venues_by_person: dict[int, tuple[list[int], list[str]]] = field(default_factory=dict)
    _gender_votes: dict[int, Counter] = field(default_factory=dict)
    paragraph_starts: list[int] = field(default_factory=list)

    def note_gender(self, person: Person, gender: str) -> None:
        """A pronoun right after a mention of ``person`` ("Clinton said she …") is evidence of gender."""
        self._gender_votes.setdefault(id(person), Counter())[gender] += 1

    def gender_of(self, person: Person) -> str:
        """The gender the person's given name tells ("Hillary Clinton"), else the one the article's pronouns
        after their mentions show (:meth:`note_gender`).  The name outweighs a stray pronoun ("… to Hillary
        Clinton for his campaign's …") but not pronouns that agree each time against it: two namesakes
        read as one person ("Sen. Chris Murphy" and "Anne Marie Murphy")."""
        names = person.name.split()
        named = given_name_genders().get(names[0].lower(), "") if len(names) > 1 else ""
        votes = self._gender_votes.get(id(person), Counter())
        if named and not (len(votes) == 1 and sum(votes.values()) >= 2 and named not in votes):
            return named
        if not votes:
            return ""
        (first, n), *rest = votes.most_common(2)
        return first if not rest or n > rest[0][1] else ""

    def snapshot(self) -> list[tuple[Person, str]]:
        return [(p, p.name) for p in self.persons]

    def restore(self, saved: list[tuple[Person, str]]) -> None:
        """Undo what a trial look-up registered (persons created, names lengthened)."""
        self.persons[:] = [p for p, _ in saved]
        for p, name in saved:
            p.name = name

    def person_for(self, name: str, create: bool = False) -> Person | None:
        key = surname_key(name)
        if not key:
            return None
        named = [p for p in self.persons if not p.anonymous]
        for p in named:
            if p.key == key or similar_keys(surname_key(p.name), key):
                if len(name.split()) > len(p.name.split()) and not p.known:
                    p.name = name
                return p
        if len(name.split()) == 1:
            # "Hua" for "Hua Chunying": a lone name that is one of a known person's names
            for p in named:
                if key in name_folds(p.name):
                    return p
        if not create:
            return None
        p = Person(name=name, key=key)
        self.persons.append(p)
        return p

    def register_known(self, alias: str) -> None:
        tokens = NAME_TOKEN_RE.findall(alias)
        if not tokens or all(t.lower() in self.cues.not_names or is_acronym(t) for t in tokens):
            return
        person = self.person_for(alias, create=True)
        if person is not None:
            person.known = True

    def add_mention(self, mention: Mention) -> None:
        k = bisect.bisect_right(self._mention_pos, mention.pos)
        self._mention_pos.insert(k, mention.pos)
        self.mentions.insert(k, mention)
        positions = self._positions_by_person.setdefault(id(mention.person), [])
        positions.insert(bisect.bisect_right(positions, mention.pos), mention.pos)
        self._person_by_id[id(mention.person)] = mention.person
        for value, index in ((mention.role, self._roles_by_person), (mention.venue, self._venues_by_person)):
            if value:
                positions, values = index.setdefault(id(mention.person), ([], []))
                j = bisect.bisect_right(positions, mention.pos)
                positions.insert(j, mention.pos)
                values.insert(j, value)

    def last_mention_before(self, pos: int) -> Mention | None:
        k = bisect.bisect_left(self._mention_pos, pos)
        return self.mentions[k - 1] if k else None

    def recent_persons(self, pos: int, limit: int) -> list[Person]:
        """The last ``limit`` distinct persons mentioned before ``pos``, latest first."""
        recent: list[Person] = []
        end = bisect.bisect_left(self._mention_pos, pos)
        for k in range(end - 1, max(-1, end - 1 - RECENT_SCAN), -1):
            person = self.mentions[k].person
            if person not in recent:
                recent.append(person)
                if len(recent) == limit:
                    return recent
        if end <= RECENT_SCAN:
            return recent
        # few persons in many mentions: rank every person by their last mention before pos instead
        last: list[tuple[int, int, Person]] = []
        for person_id, positions in self._positions_by_person.items():
            k = bisect.bisect_left(positions, pos)
            if k:
                last.append((positions[k - 1], person_id, self._person_by_id[person_id]))
        recent = []
        for _, _, person in sorted(last, key=lambda x: x[0], reverse=True):
            if person not in recent:
                recent.append(person)
                if len(recent) == limit:
                    break
        return recent

    def role_of(self, person: Person, pos: int) -> str:
        positions, roles = self._roles_by_person.get(id(person), ((), ()))
        k = bisect.bisect_left(positions, pos)
        return roles[k - 1] if k else ""

    def venue_of(self, person: Person, pos: int) -> str:
        """The venue last given for this person before ``pos``, else the first one given after it."""
        positions, venues = self._venues_by_person.get(id(person), ((), ()))
        if not venues:
            return ""
        k = bisect.bisect_left(positions, pos)
        return venues[k - 1] if k else venues[0]

    def _latest_salient(self, pos: int, gender: str) -> Person | None:
        """ "“…,” Smith said of Jones. “…,” he added.": "he" is the latest subject or speaker whose gender
        fits, in this paragraph or the one before, not a person named as an object, an owner or after a
        preposition since."""
        p = bisect.bisect_right(self.paragraph_starts, pos) - 1
        floor = self.paragraph_starts[p - 1] if p >= 1 else 0
        k = bisect.bisect_left(self._mention_pos, pos)
        for i in range(k - 1, -1, -1):
            mention = self.mentions[i]
            if mention.pos < floor:
                break
            person = mention.person
            if mention.salient and not person.anonymous and self.gender_of(person) in ("", gender):
                return person
        return None

    def latest_subject(self, pos: int) -> Person | None:
        """The latest person named as a subject before ``pos``, in its paragraph or the one before."""
        return self._latest_salient(pos, "")

    def resolve_reference(self, phrase: str, pos: int, strict: bool = False) -> Person | None:
        """ "the diplomat", "An expert", "he" -> the person meant (latest mention, role-matched)."""
        phrase = phrase.strip()
        low = phrase.lower()
        recent = self.recent_persons(pos, 8)
        if not recent:
            return None
        if self.cues.is_pronoun(low):
            # "she" is not the man named last: the latest person whose gender, as far as the article
            # shows it, fits the pronoun
            gender = self.cues.genders.get(low, "")
            salient = self._latest_salient(pos, gender) if gender else None
            if salient is not None:
                return salient
            return next((p for p in recent if self.gender_of(p) in ("", gender) or not gender), recent[0])
        cats = self.cues.role_categories_of(phrase)
        phrase_words = {w for w in words(phrase) if w not in _ROLE_STOP and len(w) > 2}
        for person in recent[:8]:
            role = self.role_of(person, pos)
            if not role:
                continue
            pcats = self.cues.role_categories_of(role)
            pwords = {w for w in words(role) if w not in _ROLE_STOP and len(w) > 2}
            if self.cues.indefinite_re.match(low):
                # "An expert commented" may mean the expert just quoted; "a State Department spokesman"
                # is someone new unless every word of it fits
                cat_words = {w for c in pcats for k in self.cues.role_categories[c] for w in k.split()}
                if phrase_words and all(w in pwords or w in cat_words for w in phrase_words):
                    return person
                continue
            if cats & pcats or phrase_words & pwords:
                return person
        if strict or self.cues.indefinite_re.match(low) or not (cats or self.cues.has_role_noun(phrase)):
            return None  # "a spokesman said", "the ministry's statement said": no named person fits
        return recent[0]
