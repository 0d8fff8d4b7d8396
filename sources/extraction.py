"""Propose the quotations in a news article as candidate statements.

Pure Python, standard library only: no Django here, so the admin, a management command or a notebook can
all call :func:`extract_candidates` on an article's text and show the editor what to accept.

How an article is read
----------------------
* The text is split into paragraphs (one line = one paragraph).  Lines that start with a bullet ("•")
  are photo captions and are ignored entirely (their names do not count as mentions either).
* Quotation marks: curly ("…"), low-9 („…"), guillemets («…») and straight ("…").  Quotes nest; a quote
  nested in a longer one is never a candidate of its own.  Two repairs common in machine translations:
  a closing mark with no opening one after an attribution ("…," Yermakov said. - The state … ") starts
  after the attribution (a split quote), and an opening mark whose closing mark was swallowed by a nested
  quote ("… the term "cruise missile," said Patrushev.) ends at that shared closing mark.
* Each quote is attributed from, in this order: the words right after it ("said X", "X said", "the
  diplomat said", "according to him", "An expert commented …", "Kremlin spokesman Dmitry Peskov told
  reporters"); the first part of a quote split by an attribution; "… announced by X"; the sentence around
  it ("X said that … "…"", "According to X, "…"", "X: "…""); for a quote opening its sentence, the
  sentence or paragraph before ("X said:", "X said on Monday.", or a quote attributed to X).
* Names are found from the text, not from a list: capitalised word sequences, with titles, institutions,
  nationalities and places stripped, that the words around them show to be a person (a title or role
  before or after the name, a speech verb next to it, "Trump's assistant").  ``known_names`` only adds
  persons recognisable by a lone surname.  Spellings of one surname ("Ermakov", "Yermakov") and a lone
  part of a full name ("Hua" for "Hua Chunying") are one person.
* Back-references ("the diplomat", "the expert", "the Security Council secretary", "he") resolve to the
  latest person mentioned before the quote outside quotation marks, preferring the latest one whose role
  matches the noun ("the expert" -> the last person introduced as an analyst, professor, academician …).
  "A State Department spokesman said …" with no such person named before is someone unnamed: his quotes
  get ``speaker=None`` and the role.  ``speaker`` is the name as written in the attribution, or for a
  back-reference the fullest form of the name seen.  ``speaker_role`` is the role given in the attribution
  itself, else the latest role the article gave that person before the quote ("the Deputy Foreign
  Minister stated …" counts).  ``venue`` is the venue in the attribution, else the latest one given for
  that person before the quote (or the first one after it).
* Not proposed: a paragraph that is only a short quote with no sentence punctuation (a section heading),
  and quotes of at most :data:`SCARE_QUOTE_MAX_WORDS` words that nobody is said to have said.  A paragraph
  that is only a quote, has no attribution and repeats a later quote is a pull-quote: it is returned with
  ``duplicate_of`` set to the later candidate's index.
* Interview transcripts: when at least two paragraphs start with a speaker label ("Q:", "A:",
  "Interviewer:", "Sergey Lavrov:", "LAVROV:"), every answer turn is one candidate (the turn's whole text
  after the label), attributed to the turn's speaker; question turns (labels Q/Question/Interviewer/Host…,
  or a label whose turns mostly end with "?") are not proposed, and neither are quotes inside any turn.
  "A"/"Answer" is resolved to the person the introduction names last; a label in capitals is given in
  title case.  A paragraph with no label between two turns continues the previous turn.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["QuoteCandidate", "extract_candidates", "evaluate", "same_last_name", "SCARE_QUOTE_MAX_WORDS"]

SCARE_QUOTE_MAX_WORDS = 4
"""A quote of at most this many words is only proposed when someone is said to have said it."""

HEADING_MAX_WORDS = 8
PULL_QUOTE_MIN_OVERLAP = 0.8
RECENT_SCAN = 64
"""How many mentions back to look for recent persons before ranking every person by their last mention."""
PULL_QUOTE_MAX_DISTANCE = 60
"""A pull-quote repeats a quote at most this many paragraphs further on."""


@dataclass(frozen=True)
class QuoteCandidate:
    """A quotation found in an article, proposed to the editor as a statement."""

    start: int  # offset of the quote text in the article text: text[start:end] == self.text
    end: int
    text: str  # the words inside the quotation marks, without the marks and the attribution's comma
    speaker: str | None  # the speaker's name as the article writes it, after resolving back-references
    speaker_role: str  # the role the article gives the speaker, "" if none
    venue: str  # "told RIA Novosti", "in an interview with RT", "" if none
    cue: str  # the attribution words found ("said Yermakov", "the diplomat said"), "" if none
    duplicate_of: int | None = None  # index of the later candidate this pull-quote repeats


# --------------------------------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------------------------------


def _split(words: str) -> list[str]:
    return words.split()


_SPEECH_VERBS = _split(
    "said says say told tells added adds noted notes stressed stresses emphasized emphasised emphasizes "
    "emphasises concluded concludes believes believed thinks thought stated states explained explains "
    "recalled recalls continued continues insisted insists argued argues warned warns commented comments "
    "remarked remarks declared declares announced announces observed observes replied replies answered "
    "asked asks wrote writes tweeted admitted admits acknowledged acknowledges claimed claims suggested "
    "suggests reiterated reiterates underlined underlines underscored confirmed confirms assured assures "
    "urged urges complained complains instructed promised promises vowed vows clarified specified "
    "expressed summarized summarised agreed objected countered retorted responded affirmed maintained "
    "predicted cautioned quipped exclaimed opined estimated considers considered reported reports "
    "mentioned mentions proposed proposes called calls described describes accused accuses dubbed termed "
    "labelled labeled spoke speaks"
)
_SPEECH_PHRASES = ("pointed out", "went on", "summed up", "was quoted as saying", "issued a statement")
_GERUNDS = _split(
    "saying adding noting stressing emphasizing emphasising stating explaining insisting arguing warning "
    "calling describing accusing recalling declaring announcing claiming suggesting urging"
)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_VERB = rf"(?:{_alternation([*_SPEECH_VERBS, *_SPEECH_PHRASES])})\b"
_VERB_OR_GERUND = rf"(?:{_alternation([*_SPEECH_VERBS, *_SPEECH_PHRASES, *_GERUNDS, 'according to'])})\b"
_VERB_RE = re.compile(rf"\b{_VERB}")
_VERB_OR_GERUND_RE = re.compile(rf"\b{_VERB_OR_GERUND}")
_ADVERBS = (
    r"(?:(?:also|later|then|further|again|once again|has|had|have|"
    r"repeatedly|previously|earlier|recently)\s+)*"
)

# Capitalised words that are not (parts of) personal names: titles, institutions, nationalities, places,
# calendar words and sentence openers.  Lower case.
_NON_NAME = frozenset(
    _split(
        """
    a an the and or but of in on at to for by with from as into about after before during since than
    this that these those there here it its he she they we i you his her their our my your him them us
    who whom whose which what when where why how if while whereas although though because so yet also
    not no nor all any some such each every both either neither other another many much more most
    recall however thus therefore moreover meanwhile subsequently furthermore nevertheless nonetheless
    besides instead finally first second third then now today yesterday tomorrow earlier later recently
    according speaking asked answering commenting referring responding earlier previously indeed still
    mr mrs ms miss dr prof professor sir dame lord lady madam mister herr monsieur
    president vice prime minister ministers deputy first secretary general director chairman chairwoman
    chair head chief spokesman spokeswoman spokesperson ambassador envoy consul adviser advisor assistant
    aide senator congressman congresswoman representative rep sen gov governor mayor chancellor premier
    king queen prince princess emperor pope sheikh commander colonel col admiral gen lieutenant lt captain
    capt major sergeant marshal officer member corresponding academician editor analyst expert professor
    associate senior junior executive leader founder chief-of-staff press attache attaché
    foreign defense defence interior internal finance economic economy justice security affairs national
    ministry department office council committee commission agency service services bureau directorate
    administration government cabinet parliament duma senate congress assembly house white kremlin
    pentagon court army navy force forces air armed staff general command guard academy sciences
    science military institute university college school center centre foundation fund bank union
    organization organisation party federation federal republic state states united kingdom nations
    treaty agreement convention pact alliance news agency press tv radio channel magazine newspaper
    journal times post daily herald tribune telegraph wire network media group company corporation
    inc ltd corp plc
    russian russians american americans british briton french german germans polish chinese ukrainian
    european western eastern northern southern soviet nato us usa uk eu un g20 g7 inf start new russia
    america china ukraine poland germany france britain england japan iran syria iraq israel turkey
    india pakistan korea romania romanian baltic belarus kazakhstan georgia latvia lithuania estonia
    europe asia africa moscow washington beijing kiev kyiv london paris berlin warsaw brussels bucharest
    tokyo tehran minsk geneva vienna helsinki ankara rome madrid prague budapest sofia riga vilnius
    tallinn oslo stockholm
    finland finnish sweden swedish norway norwegian denmark danish netherlands dutch belgium belgian italy
    italian spain spanish canada canadian australia australian czech hungary hungarian slovakia bulgaria
    serbia moldova armenia azerbaijan uzbekistan afghanistan egypt saudi arabia qatar venezuela cuba
    vietnam taiwan philippines indonesia singapore thailand mongolia switzerland swiss austria austrian
    greece greek portugal ireland irish scotland crimea donbass japanese korean iranian syrian israeli
    turkish indian pakistani georgian belarusian kazakh latvian lithuanian estonian north south
    analysts experts officials diplomats observers critics sources lawmakers scientists researchers
    authorities others residents witnesses politicians commentators representatives participants leaders
    january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday
    non-proliferation arms control political theory international relations
    """
    )
)
_HONORIFICS = frozenset(_split("mr mrs ms dr prof gen col lt sen rep gov adm capt maj sgt st"))
_PRONOUNS = frozenset(_split("he she they"))
_PARTICLES = frozenset(_split("de da del della di du la le van von der den ter bin ibn al el dos das"))

# Nouns that make a phrase a role ("an associate professor at …", "the deputy head of …").
_ROLE_NOUNS = frozenset(
    _split(
        """
    minister head chief director chairman chairwoman chair president vice-president secretary
    secretary-general spokesman spokeswoman spokesperson representative envoy ambassador diplomat consul
    adviser advisor assistant aide member editor editor-in-chief professor lecturer analyst expert
    scientist researcher fellow scholar academician commander general colonel admiral officer official
    senator congressman congresswoman lawmaker legislator deputy parliamentarian mp governor mayor leader
    correspondent journalist columnist commentator observer founder ceo manager coordinator negotiator
    counsellor counselor attache attaché chancellor premier king queen economist historian specialist
    dean rector spokesperson press-secretary owner deputy-head
    """
    )
)
_ROLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "expert": (
        "expert",
        "analyst",
        "scientist",
        "professor",
        "researcher",
        "scholar",
        "fellow",
        "lecturer",
        "academic",
        "academician",
        "academy",
        "institute",
        "university",
        "observer",
        "commentator",
        "economist",
        "historian",
        "specialist",
        "editor",
        "columnist",
        "think tank",
        "magazine",
    ),
    "diplomat": (
        "diplomat",
        "diplomacy",
        "ambassador",
        "envoy",
        "consul",
        "foreign minist",
        "foreign affairs",
        "foreign office",
        "state department",
        "secretary of state",
        "foreign ministry",
    ),
    "parliament": (
        "parliamentarian",
        "parliament",
        "lawmaker",
        "legislator",
        "duma",
        "senator",
        "senate",
        "congressman",
        "congresswoman",
        "congress",
        "mp",
        "rada",
        "sejm",
        "bundestag",
        "committee",
    ),
    "military": (
        "general",
        "colonel",
        "admiral",
        "commander",
        "officer",
        "defense minist",
        "defence minist",
        "armed forces",
        "chief of staff",
        "military",
    ),
    "spokesperson": ("spokesman", "spokeswoman", "spokesperson", "press secretary", "press service"),
    "leader": ("president", "prime minister", "premier", "chancellor", "head of state", "head of government"),
}
_ROLE_STOP = frozenset(_split("the a an of for at in on to and russian american us the federation"))

_INTERVIEWER_LABELS = frozenset(
    _split("q question interviewer host moderator presenter anchor journalist correspondent reporter")
)
_ANSWER_LABELS = frozenset(_split("a answer"))
_ABBREVIATIONS = frozenset(
    _split(
        "mr mrs ms dr st gen col lt sen rep gov jr sr prof no vol vs etc inc ltd co"
        " u.s u.k u.n a.m p.m e.g i.e adm capt maj sgt"
    )
)

_OPENERS = '“„«"'
_CLOSERS = '”“»"'
_CAPTION_BULLETS = "•●·▪"
_OPENING_MARK_RE = re.compile('[“«„"]')
_NON_SPACE_RE = re.compile(r"\S")
_NOT_CLOSER_RE = re.compile(r'[^\s”“»"]')

_WORD_RE = re.compile(r"[^\W\d_](?:[\w’'\-.]*[^\W_])?")
_NAME_TOKEN_RE = re.compile(r"[^\W\d_][\w’'\-]*")
_TERMINATOR_RE = re.compile(r"[.!?…]+[\"”»’)]?(?=\s+[\"“”«„(\-–—A-Z0-9]|\s*$)")
_DETERMINER = r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]his|[Tt]hat|[Oo]ne|[Aa]nother)"

_VENUE_RES = (
    re.compile(
        r"\btold\s+(?:the\s+)?(?:[a-z-]+\s+)?[A-Z][\w.&’'-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.&’'-]*)*"
        r"(?:\s+(?:news\s+agency|agency|newspaper|channel|radio|TV|magazine))?"
    ),
    re.compile(
        r"\btold\s+(?:[a-z]+\s+)?(?:reporters|journalists|the press|the media|a news conference"
        r"|a press conference|a briefing|lawmakers|parliament|students)\b"
    ),
    re.compile(
        r"\b(?i:in|during)\s+an?\s+(?:exclusive\s+|recent\s+|telephone\s+|phone\s+|TV\s+|video\s+)?"
        r"(?:interview|conversation|talk)\s+(?:with|to|for|on)\s+[^,.;:“”\"«»]+"
    ),
    re.compile(r"\b(?i:speaking)\s+(?:in front of|to|at|before|with|on|during)\s+[^,.;:“”\"«»]+"),
    re.compile(
        r"\b(?i:at|during|after)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:meeting|press conference|"
        r"news conference|briefing|session|summit|forum|conference|rally|hearing|debate|"
        r"round table|roundtable|lecture)\b[^,.;:“”\"«»]*"
    ),
    re.compile(
        r"\b(?i:in)\s+(?:a|an|his|her|the)\s+(?:[\w-]+\s+){0,2}?(?:statement|post|tweet|letter|"
        r"address|speech|op-ed|article|column)\b[^,.;:“”\"«»]*"
    ),
    re.compile(r"\bto\s+(?:reporters|journalists|the press)\b"),
    re.compile(r"\b(?:gave|granted|given)\s+an?\s+(?:\w+\s+)?interview\s+to\s+[^,.;:“”\"«»]+"),
    re.compile(r"\bduring\s+(?:his|her|a|the|their)\s+(?:\w+\s+)?(?:visit|trip|tour)\s+to\s+[^,.;:“”\"«»]+"),
)
_VENUE_CUT_RE = re.compile(
    rf"\s+(?:that|who|which|where|and|but|when|while|about|after|because)\b.*$|\s+{_VERB}.*$", re.S
)


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------


def _fold(s: str) -> str:
    """Lower-case ASCII form of a word, for comparing transliterated spellings."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", s.lower())


@functools.lru_cache(maxsize=65536)
def _surname_key(name: str) -> str:
    tokens = _NAME_TOKEN_RE.findall(name)
    if not tokens:
        return ""
    last = re.sub(r"[’']s$", "", tokens[-1])
    return _fold(last)


@functools.lru_cache(maxsize=65536)
def _similar_keys(ka: str, kb: str) -> bool:
    """Two folded surnames are one name: equal, or close spellings of a long one (Ermakov / Yermakov)."""
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if min(len(ka), len(kb)) < 5:
        return False
    return difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.8


@functools.lru_cache(maxsize=65536)
def _name_folds(name: str) -> frozenset[str]:
    return frozenset(_fold(w) for w in name.split())


def same_last_name(a: str | None, b: str | None) -> bool:
    """Whether two names share a last name, tolerant of transliteration (Ermakov / Yermakov)."""
    if not a or not b:
        return False
    return _similar_keys(_surname_key(a), _surname_key(b))


def _words(s: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[^\W_]+", s)]


def _is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _role_categories(phrase: str) -> set[str]:
    low = " " + " ".join(_words(phrase)) + " "
    cats = set()
    for cat, keys in _ROLE_CATEGORIES.items():
        if any(f" {k}" in low for k in keys):
            cats.add(cat)
    return cats


def _has_role_noun(phrase: str) -> bool:
    words = _words(phrase)
    return any(w in _ROLE_NOUNS for w in words) or any(
        f"{a} {b}" in ("political scientist", "press secretary", "head of")
        for a, b in zip(words, words[1:], strict=False)
    )


_ROLE_PHRASE_BREAK = frozenset(_split("of the a an to by for with from in on at and his her their its"))


def _from_role_noun(phrase: str) -> str:
    """ "the visit of Advisor to the President" -> "Advisor to the President": start at the role noun,
    keeping the modifiers right before it ("first deputy chairman", "Corresponding Member")."""
    words = phrase.split()
    idx = next((i for i, w in enumerate(words) if w.lower().strip(",") in _ROLE_NOUNS), None)
    if idx is None:
        return phrase
    while idx > 0 and words[idx - 1].lower() not in _ROLE_PHRASE_BREAK:
        idx -= 1
    return " ".join(words[idx:])


_GENERIC_ROLE_NOUNS = frozenset(_split("expert diplomat official politician source analyst observer"))


def _specific_role(phrase: str) -> bool:
    """A role noun phrase that is a title ("head of the foreign ministry"), not a description ("expert")."""
    words = [w for w in _words(phrase) if w not in ("the", "a", "an")]
    return any(w in _ROLE_NOUNS and w not in _GENERIC_ROLE_NOUNS for w in words) or len(words) > 2


def _strip_determiner(phrase: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.I).strip()


def _clean_venue(v: str) -> str:
    v = _VENUE_CUT_RE.sub("", v.strip()).strip().rstrip(",.;: ")
    if re.match(r"(?:In|During|At|After|Speaking)\b", v):
        v = v[0].lower() + v[1:]  # "In an interview with CNN, X said" -> "in an interview with CNN"
    return v


def _speech_act(sentence: str) -> str:
    """The sentence up to what was said: "X noted that the topic can be raised at the meeting …" -> "X
    noted", so that a place in the reported words is not taken for where X spoke."""
    verb = _VERB_RE.search(sentence)
    if not verb:
        return sentence
    that = re.search(r"\bthat\b", sentence[verb.end() :])
    return sentence[: verb.end() + that.start()] if that else sentence


def _find_venue(s: str) -> str:
    best: tuple[int, str] | None = None
    for rx in _VENUE_RES:
        m = rx.search(s)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), _clean_venue(m.group(0)))
    return best[1] if best else ""


# --------------------------------------------------------------------------------------------------
# Internal structures
# --------------------------------------------------------------------------------------------------


@dataclass
class _Run:
    """A capitalised name sequence outside quotation marks."""

    start: int  # offset of the name proper (after stripped titles)
    end: int
    name: str
    prefix: list[str]  # stripped leading words ("Russian", "Foreign", "Minister")
    full_start: int  # offset of the whole capitalised run
    possessive: bool


@dataclass(eq=False)  # a person is one object: two unnamed ones are two people
class _Person:
    name: str  # fullest form seen
    key: str
    known: bool = False
    anonymous: bool = False  # "a State Department spokesman": someone the article does not name


@dataclass
class _Mention:
    pos: int
    person: _Person
    form: str
    role: str
    venue: str


@dataclass
class _Attribution:
    speaker: str | None
    person: _Person | None
    role: str
    venue: str
    cue: str


@dataclass
class _Quote:
    para: int  # paragraph index
    open_pos: int  # offset of the opening mark (or of the first character when the mark is missing)
    close_pos: int  # offset of the closing mark (or of the paragraph end when it is missing)
    start: int  # trimmed text span
    end: int
    orphan: bool = False  # closing mark without an opening one
    unclosed: bool = False
    standalone: bool = False  # the quote is the whole paragraph
    attribution: _Attribution | None = None
    drop: bool = False
    pull_of: _Quote | None = None
    turn: bool = False


# --------------------------------------------------------------------------------------------------
# The extractor
# --------------------------------------------------------------------------------------------------


class _Extractor:
    def __init__(self, text: str, known_names: Iterable[str]) -> None:
        self.text = text
        self.lower_words = set(re.findall(r"\b[a-z][a-z'’-]*\b", text))
        self.paragraphs = self._paragraphs()
        self.persons: list[_Person] = []
        self.mentions: list[_Mention] = []
        self._starts_cache: set[int] | None = None
        self._boundary_cache: tuple[list[int], list[int]] | None = None
        self._quotes_by_para: dict[int, list[_Quote]] = {}
        self._mention_pos: list[int] = []
        self._roles_by_person: dict[int, tuple[list[int], list[str]]] = {}
        self._venues_by_person: dict[int, tuple[list[int], list[str]]] = {}
        self._positions_by_person: dict[int, list[int]] = {}
        self._person_by_id: dict[int, _Person] = {}
        for alias in known_names:
            self._register_known(alias)

    # ---- paragraphs -------------------------------------------------------------------------------

    def _paragraphs(self) -> list[tuple[int, int]]:
        paras = []
        pos = 0
        for line in self.text.splitlines(keepends=True):
            body = line.rstrip("\r\n")
            stripped = body.strip()
            if stripped and stripped[0] not in _CAPTION_BULLETS:
                lead = len(body) - len(body.lstrip())
                paras.append((pos + lead, pos + len(body.rstrip())))
            pos += len(line)
        return paras

    # ---- persons ------------------------------------------------------------------------------------

    def _register_known(self, alias: str) -> None:
        tokens = _NAME_TOKEN_RE.findall(alias)
        if not tokens or all(t.lower() in _NON_NAME or _is_acronym(t) for t in tokens):
            return
        person = self._person_for(alias, create=True)
        if person is not None:
            person.known = True

    def _person_for(self, name: str, create: bool = False) -> _Person | None:
        key = _surname_key(name)
        if not key:
            return None
        named = [p for p in self.persons if not p.anonymous]
        for p in named:
            if p.key == key or _similar_keys(_surname_key(p.name), key):
                if len(name.split()) > len(p.name.split()) and not p.known:
                    p.name = name
                return p
        if len(name.split()) == 1:
            # "Hua" for "Hua Chunying": a lone name that is one of a known person's names
            for p in named:
                if key in _name_folds(p.name):
                    return p
        if not create:
            return None
        p = _Person(name=name, key=key)
        self.persons.append(p)
        return p

    # ---- quotation marks ----------------------------------------------------------------------------

    def _scan_paragraph(self, pi: int) -> list[_Quote]:
        a, b = self.paragraphs[pi]
        t = self.text
        stack: list[tuple[str, int]] = []
        closed: list[tuple[int, int, int]] = []  # (open, close, depth after closing)
        orphans: list[int] = []

        def close(kinds: tuple[str, ...], i: int) -> bool:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] in kinds:
                    closed.append((stack[k][1], i, k))
                    del stack[k:]
                    return True
            return False

        for i in range(a, b):
            ch = t[i]
            if ch == "«":
                stack.append(("guil", i))
            elif ch == "»":
                if not close(("guil",), i) and not stack:
                    orphans.append(i)
            elif ch == "„":
                stack.append(("low", i))
            elif ch == "“":
                if stack and stack[-1][0] == "low":
                    close(("low",), i)
                else:
                    stack.append(("curly", i))
            elif ch == "”":
                if not close(("curly", "low"), i) and not stack:
                    orphans.append(i)
            elif ch == '"' and not close(("straight",), i):
                stack.append(("straight", i))

        spans: list[tuple[int, int, bool, bool]] = []  # (open, close, orphan, unclosed)
        top = [(o, c) for o, c, d in closed if d == 0]
        if stack:
            outer_kind, outer = stack[0]
            inner = sorted((c for o, c, d in closed if o > outer), reverse=True)
            saved = [(p, p.name) for p in self.persons]
            shared = next((c for c in inner if self._after_attribution_text(c + 1, b)), None)
            self.persons[:] = [p for p, _ in saved]  # only a check: leave the registry as it was
            for p, name in saved:
                p.name = name
            if outer_kind == "straight" and not inner:
                pass  # an odd straight quote mark: an inch sign or a typo, not a quote
            elif shared is not None:
                top.append((outer, shared))
            else:
                spans.append((outer, b, False, True))
        top.sort()
        for o, c in top:
            spans.append((o, c, False, False))
        for c in orphans:
            if any(o < c < e for o, e, _, _ in spans):
                continue
            prev = [e for o, e, _, _ in spans if e < c]
            if prev:
                gap_start = max(prev) + 1
                gap = t[gap_start:c]
                m = re.search(r"[.!?…]\s*[-–—]?\s*|,\s*[-–—]\s*", gap)
                if not m:
                    continue
                start = gap_start + m.end()
            else:
                start = a
            spans.append((start - 1, c, True, False))
        spans.sort()

        quotes = []
        for o, c, orphan, unclosed in spans:
            s, e = o + 1, c
            while s < e and (t[s].isspace() or (orphan and t[s] in "-–—")):
                s += 1
            while e > s and (t[e - 1].isspace() or t[e - 1] == ","):
                e -= 1
            if e <= s:
                continue
            # searches, not slices: a slice to the paragraph's end per quote is quadratic in its length
            text_before = orphan or _NON_SPACE_RE.search(t, a, o) is not None
            text_after = not unclosed and _NOT_CLOSER_RE.search(t, c + 1, b) is not None
            standalone = not text_before and not text_after
            quotes.append(
                _Quote(
                    para=pi,
                    open_pos=o if not orphan else o + 1,
                    close_pos=c,
                    start=s,
                    end=e,
                    orphan=orphan,
                    unclosed=unclosed,
                    standalone=standalone,
                )
            )
        return quotes

    # ---- sentences ----------------------------------------------------------------------------------

    def _is_boundary(self, m: re.Match[str]) -> bool:
        before = self.text[max(0, m.start() - 12) : m.start()]
        word = re.search(r"([\w.]+)$", before)
        if word and self.text[m.start()] == ".":
            w = word.group(1).lower()
            if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                return False
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

    def _runs(self, a: int, b: int, sentence_starts: set[int], also_start: int = -1) -> list[_Run]:
        """Capitalised name runs in text[a:b]; ``also_start``: one more offset taken as a sentence start."""
        t = self.text
        toks = [(m.start(), m.end()) for m in _NAME_TOKEN_RE.finditer(t, a, b)]
        runs: list[_Run] = []
        i = 0
        while i < len(toks):
            s, e = toks[i]
            if not t[s].isupper():
                i += 1
                continue
            group = [(s, e)]
            j = i + 1
            while j < len(toks):
                ps, pe = group[-1]
                ns, ne = toks[j]
                gap = t[pe:ns]
                prev_tok = t[ps:pe]
                if re.search(r"[’']s$", prev_tok):
                    break
                initial = gap == ". " and (len(prev_tok) == 1 or prev_tok.lower() in _HONORIFICS)
                if gap != " " and not initial:
                    break
                word = t[ns:ne]
                particle = word.lower() in _PARTICLES and j + 1 < len(toks) and t[toks[j + 1][0]].isupper()
                if not (word[0].isupper() or particle):
                    break
                group.append((ns, ne))
                j += 1
            i = j
            runs.append(self._make_run(group, sentence_starts, also_start))
        return runs

    def _make_run(self, group: list[tuple[int, int]], sentence_starts: set[int], also_start: int) -> _Run:
        t = self.text
        words = [t[s:e] for s, e in group]
        possessive = bool(re.search(r"[’']s$", words[-1]))
        if possessive:
            words[-1] = re.sub(r"[’']s$", "", words[-1])
        opens_sentence = group[0][0] == also_start or group[0][0] in sentence_starts
        k = 0
        while k < len(words):
            w = words[k]
            low = w.lower()
            if (
                low in _NON_NAME
                or ("-" in low and any(part in _NON_NAME for part in low.split("-")))
                or _is_acronym(w)
                or any(ch.isdigit() for ch in w)
                or (k == 0 and opens_sentence and low in self.lower_words)
                or (low in _PARTICLES and k == 0)
            ):
                k += 1
            else:
                break
        prefix = words[:k]
        name_words = words[k:]
        while name_words and (name_words[-1].lower() in _NON_NAME or _is_acronym(name_words[-1])):
            name_words.pop()
        offset = k
        before_word = re.search(r"(\w+)\s+$", t[max(0, group[0][0] - 12) : group[0][0]])
        after_preposition = bool(before_word) and before_word.group(1).lower() in (
            "of",
            "in",
            "from",
            "for",
            "at",
        )
        if len(name_words) > 3 or (len(name_words) == 3 and after_preposition and not k):
            # "Academy of Military Sciences Sergey Sudakov", "Minister of Finland Pekka Haavisto"
            keep = 2
            mid = name_words[-2]
            if len(mid) == 1 or re.search(r"(?:vich|vna|ovna|evna)$", mid) or mid.lower() in _PARTICLES:
                keep = 3
            offset += len(name_words) - keep
            name_words = name_words[-keep:]
        if not name_words:
            return _Run(group[-1][1], group[-1][1], "", prefix, group[0][0], possessive)
        start = group[offset][0]
        end = group[offset + len(name_words) - 1][1]
        name = t[start:end]
        if possessive:
            name = re.sub(r"[’']s$", "", name)
            end = start + len(name)
        return _Run(start, end, name, words[:offset], group[0][0], possessive)

    def _role_before(self, run: _Run, floor: int) -> str:
        """ "the deputy head of the Russian Foreign Ministry Sergey Ryabkov" -> the role before the name."""
        t = self.text
        seg = t[floor : run.start]
        comma_apposition = False
        m = re.search(r",\s*$", seg)
        if m and not run.prefix:
            seg = seg[: m.start()]
            comma_apposition = True
        cut = max(seg.rfind(c) for c in ",;:(—–")
        seg2 = seg[cut + 1 :] if cut >= 0 else seg
        seg2 = re.sub(r"\s[-–—]\s.*$", "", seg2) if comma_apposition else seg2
        boundaries = list(
            re.finditer(rf"\b(?:{_VERB_OR_GERUND}|by|that|to whom|whom|with|and|between)\s", seg2)
        )
        if boundaries:
            seg2 = seg2[boundaries[-1].end() :]
        phrase = seg2.strip()
        phrase = re.sub(r"^(?:In turn|Meanwhile|Subsequently|Recall|However|Thus|Also)\s+", "", phrase)
        if not phrase or len(phrase.split()) > 16:
            return ""
        words = phrase.split()
        if not comma_apposition and words and words[-1].lower() in _ROLE_PHRASE_BREAK:
            return ""
        if not _has_role_noun(phrase):
            return ""
        if comma_apposition and not re.match(rf"^{_DETERMINER}\s|^[A-Z]", phrase):
            return ""
        return _strip_determiner(_from_role_noun(phrase))

    def _role_after(self, run: _Run, ceil: int) -> str:
        """ "Kirill Koktysh, an associate professor at …" -> the apposition after the name."""
        t = self.text
        window = t[run.end : min(ceil, run.end + 400)]
        m = re.match(r",\s+((?:an?|the)\s+)?([^,;:.()“”\"«»]{2,160}?)(?=,|;|\.(?:\s|$)|$)", window)
        if not m:
            return ""
        phrase = m.group(2).strip()
        if _VERB_OR_GERUND_RE.match(phrase) or not _has_role_noun(phrase):
            return ""
        first = phrase.split()[0].lower()
        if first in ("who", "which", "that", "and", "but", "in", "on", "at", "during", "speaking", "said"):
            return ""
        return phrase

    def _is_person_run(self, run: _Run, para_end: int, sentence_floor: int) -> bool:
        """Whether the article's words around a run show it is a person (evidence, not a lexicon)."""
        if not run.name:
            return False
        t = self.text
        known = self._person_for(run.name)
        if known is not None and known.known:
            return True
        if any(
            p.lower() in _ROLE_NOUNS | {"mr", "mrs", "ms", "dr", "president", "minister"} for p in run.prefix
        ):
            return True
        after = t[run.end : min(para_end, run.end + 600)]  # what a person's cue can span, no more
        if run.possessive:
            return bool(re.match(r"[’']s\s+(?:[\w-]+\s+)?(?:" + "|".join(_ROLE_NOUNS) + r")\b", after))
        if self._role_after(run, para_end) or self._role_before(run, sentence_floor):
            return True
        if re.match(rf"\s*(?:,[^,]{{2,220}},\s*)?{_ADVERBS}{_VERB}", after):
            return True
        before = t[max(sentence_floor, run.full_start - 40) : run.full_start]
        verb = re.search(rf"\b({_VERB})\s*$", before)
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
        found: list[tuple[_Run, int, int]] = []
        for s, e, pend in segments:
            for run in self._runs(s, e, starts):
                found.append((run, s, pend))
        # pass 1: runs the context shows to be persons
        for run, s, pend in found:
            floor = max(s, self._sentence_start(run.full_start, s))
            if self._is_person_run(run, pend, floor):
                self._person_for(run.name, create=True)
        # pass 2: every run naming a person becomes a mention
        venue_given: set[tuple[int, int]] = set()
        for run, s, pend in found:
            if not run.name or run.possessive and not self._person_for(run.name):
                continue
            person = self._person_for(run.name)
            if person is None:
                continue
            floor = max(s, self._sentence_start(run.full_start, s))
            role = self._role_after(run, pend) or self._role_before(run, floor)
            sent_end = self._sentence_end(run.end, pend)
            sentence = _speech_act(self.text[floor:sent_end])
            venue = ""
            if _VERB_RE.search(sentence) and (floor, sent_end) not in venue_given:
                # the venue of a sentence in which someone speaks goes to the first person it names
                venue = _find_venue(sentence)
                where = sentence.find(venue) if venue else -1
                if where > 0 and floor + where < run.start:
                    venue = ""  # "… at the meeting between Putin and Trump": not where Trump spoke
                else:
                    venue_given.add((floor, sent_end))
            self._add_mention(_Mention(run.start, person, run.name, role, venue))
        # pass 3: "The political scientist noted that …", "As the deputy emphasized, …": a role noun phrase
        # standing for a person already named is a mention too, and gives that person's current role
        np_re = re.compile(
            rf"(?:^|[,;:]\s+|\b[Aa]s\s+|\b(?:and|but|while|then)\s+)({_DETERMINER}\s+(?:[\w’'-]+\s+){{0,6}}?[\w’'-]+)"
            rf"\s+{_ADVERBS}{_VERB}"
        )
        for s, e, pend in segments:
            for m in np_re.finditer(self.text[s:e]):
                phrase = m.group(1)
                definite = re.match(r"(?i)^the\s", phrase)
                indefinite = re.match(r"(?i)^an?\s", phrase)
                if not (definite or indefinite) or not (_has_role_noun(phrase) or _role_categories(phrase)):
                    continue
                person = self._resolve_reference(phrase, s + m.start(1), strict=True)
                role = _strip_determiner(phrase)
                floor = self._sentence_start(s + m.start(1), s)
                sentence = _speech_act(self.text[floor : self._sentence_end(s + m.end(), pend)])
                venue = _find_venue(sentence)
                if person is None and indefinite:
                    # "A State Department spokesman said …": someone unnamed, whom "the spokesman" may
                    # refer back to
                    person = _Person(name="", key="", anonymous=True)
                    self.persons.append(person)
                    self._add_mention(_Mention(s + m.start(1), person, role, role, venue))
                    continue
                if person is None:
                    continue
                known_words = set(_words(self._role_of(person, s + m.start(1))))
                if not _specific_role(role) or set(_words(role)) <= known_words:
                    role = ""  # "the expert", or "the Minister" for "Foreign Minister": nothing new
                self._add_mention(_Mention(s + m.start(1), person, role, role, venue))

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

    def _add_mention(self, mention: _Mention) -> None:
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

    def _last_mention_before(self, pos: int) -> _Mention | None:
        k = bisect.bisect_left(self._mention_pos, pos)
        return self.mentions[k - 1] if k else None

    def _recent_persons(self, pos: int, limit: int) -> list[_Person]:
        """The last ``limit`` distinct persons mentioned before ``pos``, latest first."""
        recent: list[_Person] = []
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
        last: list[tuple[int, int, _Person]] = []
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

    def _role_of(self, person: _Person, pos: int) -> str:
        positions, roles = self._roles_by_person.get(id(person), ((), ()))
        k = bisect.bisect_left(positions, pos)
        return roles[k - 1] if k else ""

    def _venue_of(self, person: _Person, pos: int) -> str:
        """The venue last given for this person before ``pos``, else the first one given after it."""
        positions, venues = self._venues_by_person.get(id(person), ((), ()))
        if not venues:
            return ""
        k = bisect.bisect_left(positions, pos)
        return venues[k - 1] if k else venues[0]

    def _resolve_reference(self, phrase: str, pos: int, strict: bool = False) -> _Person | None:
        """ "the diplomat", "An expert", "he" -> the person meant (latest mention, role-matched)."""
        phrase = phrase.strip()
        low = phrase.lower()
        recent = self._recent_persons(pos, 8)
        if not recent:
            return None
        if low in _PRONOUNS or low in ("him", "her"):
            return recent[0]
        cats = _role_categories(phrase)
        words = {w for w in _words(phrase) if w not in _ROLE_STOP and len(w) > 2}
        for person in recent[:8]:
            role = self._role_of(person, pos)
            if not role:
                continue
            pcats = _role_categories(role)
            pwords = {w for w in _words(role) if w not in _ROLE_STOP and len(w) > 2}
            if re.match(r"^an?\s", low):
                # "An expert commented" may mean the expert just quoted; "a State Department spokesman"
                # is someone new unless every word of it fits
                cat_words = {w for c in pcats for k in _ROLE_CATEGORIES[c] for w in k.split()}
                if words and all(w in pwords or w in cat_words for w in words):
                    return person
                continue
            if cats & pcats or words & pwords:
                return person
        if strict or re.match(r"^an?\s", low) or not (cats or _has_role_noun(phrase)):
            return None  # "a spokesman said", "the ministry's statement said": no named person fits
        return recent[0]

    # ---- attribution --------------------------------------------------------------------------------

    def _subject_attribution(
        self, subj: str, subj_pos: int, verb: str, ref_pos: int, order: str
    ) -> _Attribution | None:
        """Attribution from a subject phrase found next to a speech verb."""
        subj = subj.strip()
        if not subj:
            return None
        cue = f"{verb} {subj}" if order == "vs" else f"{subj} {verb}"
        if subj.lower() in _PRONOUNS or subj.lower() in ("him", "her"):
            person = self._resolve_reference(subj, ref_pos)
            return self._attr_from_person(person, "", cue, ref_pos, "")
        starts = self._sentence_starts()
        runs = [r for r in self._runs(subj_pos, subj_pos + len(subj), starts, subj_pos) if r.name]
        runs = [r for r in runs if not r.possessive]
        if re.match(rf"^{_DETERMINER}\s", subj):
            # "the Finnish minister": only a known person's name inside a noun phrase is the speaker
            runs = [r for r in runs if self._person_for(r.name) is not None]
        if runs:
            run = runs[0]
            role = ""
            before = self.text[subj_pos : run.start].strip()
            if before and _has_role_noun(before):
                role = _strip_determiner(before)
            m = re.match(
                r",\s*((?:an?|the)\s+)?([^,]{2,200}?),", self.text[run.end : subj_pos + len(subj) + 1]
            )
            if m and _has_role_noun(m.group(2)):
                role = m.group(2).strip()
            if not role and self.text[run.end : run.end + 1] == ",":
                role = self._role_after(run, subj_pos + len(subj) + 200)
            person = self._person_for(run.name, create=True)
            return _Attribution(run.name, person, role or self._role_of(person, ref_pos + 1), "", cue)
        if re.match(rf"^{_DETERMINER}\s", subj):
            person = self._resolve_reference(subj, ref_pos)
            np_role = _strip_determiner(subj)
            return self._attr_from_person(person, "", cue, ref_pos, np_role)
        return None

    def _attr_from_person(
        self, person: _Person | None, role: str, cue: str, pos: int, np_role: str
    ) -> _Attribution:
        if np_role and not (_has_role_noun(np_role) or _role_categories(np_role)):
            np_role = ""  # "the ministry's statement said": not a role
        known_role = self._role_of(person, pos) if person is not None else ""
        if np_role and not role and _specific_role(np_role):
            # "the head of the Russian foreign ministry added": the cue gives the role, unless it only
            # repeats part of the role known already ("the Minister" for "Foreign Minister")
            known_words = set(_words(known_role))
            if not set(_words(np_role)) - {"the", "a", "an"} <= known_words:
                role = np_role
        if person is None:
            return _Attribution(None, None, role or np_role, "", cue)
        return _Attribution(person.name or None, person, role or known_role or np_role, "", cue)

    def _after_attribution_text(self, pos: int, ceil: int) -> _Attribution | None:
        """ "…," said Yermakov. / "…," the diplomat said. / "…" according to him: words after a quote."""
        t = self.text
        opening = _OPENING_MARK_RE.search(t, pos, ceil)
        nxt = opening.start() if opening else ceil
        end = self._sentence_end(pos, nxt)
        region = t[pos:end]
        lead = re.match(r"[\s,;:–—\-”»\"]*", region)
        off = pos + (lead.end() if lead else 0)
        s = t[off:end]
        if not s:
            return None
        # "said X" / "- the expert concluded" with the verb first
        m = re.match(rf"({_VERB})\s+({_ADVERBS})?", s)
        if m:
            rest_pos = off + m.end()
            rest = t[rest_pos:end]
            clause = re.split(
                r"(?<=\w)[,;]\s+(?!(?:an?|the)\s)|[.!?]\s*$|\s+(?:that|in|at|on|during|speaking)\s", rest
            )[0]
            if re.match(rf"^(?:{_DETERMINER}\s|[A-Z]|he\b|she\b)", clause) and len(clause.split()) <= 20:
                # a name or a noun phrase; stop a noun phrase without a name at its first comma
                attr = self._subject_attribution(clause.rstrip(" ,.;"), rest_pos, m.group(1), pos, "vs")
                if attr is not None:
                    attr.venue = _find_venue(t[off:end])
                    if attr.person is not None and not attr.role:
                        attr.role = self._role_in_clause(rest_pos, end)
                    return attr
            return None
        m = re.match(
            r"according to\s+(him|her|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*|(?:the|an?)\s+[^,.;]{2,80})", s, re.I
        )
        if m:
            attr = self._subject_attribution(m.group(1), off + m.start(1), "according to", pos, "vs")
            if attr is not None:
                attr.cue = m.group(0)
                attr.venue = _find_venue(t[off:end])
                return attr
        # "X said" / "the Security Council secretary emphasized" / "An expert commented …"
        m = re.match(rf"(.{{1,220}}?)\s+{_ADVERBS}({_VERB})", s, re.S)
        if m:
            subj = m.group(1)
            name = r"[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'.-]*|" + "|".join(_PARTICLES) + r"))*"
            ok = (
                subj.lower() in _PRONOUNS
                or re.match(rf"^{_DETERMINER}\s+[^,;:]{{1,80}}$", subj)
                and len(subj.split()) <= 9
                or re.match(rf"^{name}\s*(?:,[^,]{{2,200}},)?$", subj)
                # "Kremlin spokesman Dmitry Peskov told reporters": a title, then the name
                or re.match(rf"^[A-Z][^,;:]{{0,80}}\s{name}\s*(?:,[^,]{{2,200}},)?$", subj)
                and len(subj.split()) <= 10
            )
            if ok:
                attr = self._subject_attribution(subj, off, m.group(2), pos, "sv")
                if attr is not None:
                    attr.venue = _find_venue(t[off:end])
                    return attr
        return None

    def _role_in_clause(self, a: int, b: int) -> str:
        starts = self._sentence_starts()
        for run in self._runs(a, b, starts, a):
            if run.name:
                return self._role_after(run, b) or self._role_before(run, a)
        return ""

    def _by_attribution(self, pos: int, ceil: int) -> _Attribution | None:
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
        person = self._person_for(name)
        return _Attribution(
            name, person, self._role_of(person, pos) if person else "", "", m.group(0).strip(" ,")
        )

    def _sentence_attribution(self, a: int, b: int, ref_pos: int) -> _Attribution | None:
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
        m = re.search(r"([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,5})\s*:\s*$", seg)
        if m:
            # a headline or a lead-in: "Lavrov: "…"", "Deputy Foreign Minister Sergey Ryabkov: "…""
            runs = [r for r in self._runs(a + m.start(1), a + m.end(1), self._sentence_starts(), a) if r.name]
            if runs and not runs[-1].possessive:
                run = runs[-1]
                person = self._person_for(run.name, create=True)
                role = self._role_before(run, a)
                return _Attribution(
                    run.name, person, role or self._role_of(person, ref_pos), "", f"{run.name}:"
                )
        m = re.search(
            r"[Aa]ccording to\s+(him|her|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*|(?:the|an?)\s+[^,.;]{2,80}?),",
            seg,
        )
        if m:
            attr = self._subject_attribution(m.group(1), a + m.start(1), "according to", ref_pos, "vs")
            if attr is not None:
                attr.cue = m.group(0).rstrip(",")
                return attr
        runs = [r for r in self._runs(a, b, self._sentence_starts(), a) if r.name]
        for vm in _VERB_OR_GERUND_RE.finditer(t, a, b):
            vpos = vm.start()
            verb = vm.group(0)
            if verb == "according to" or re.search(rf"\b(?:who|which|whom)\s+{_ADVERBS}$", t[a:vpos]):
                continue  # "Hutchison, who spoke at …, said": the relative clause is not the attribution
            candidates = [r for r in runs if r.end <= vpos]
            chosen = None
            for r in reversed(candidates):
                between = t[r.end : vpos]
                if r.possessive:
                    continue
                simple = re.fullmatch(rf"\s*,?\s*{_ADVERBS}", between)
                appos = re.fullmatch(rf",[^,]{{2,220}},\s*{_ADVERBS}", between)
                prep = re.fullmatch(
                    rf"\s+(?:in|during|at|on|after|before)\s+[^,.;]{{2,80}}\s+{_ADVERBS}", between
                )
                if (simple or appos) and not _is_acronym(r.name):
                    chosen = r
                    break
                if prep and self._person_for(r.name) is not None:
                    chosen = r
                    break
            subj_text = ""
            if chosen is None:
                before = t[a:vpos]
                pm = re.search(rf"(?:^|\s)(he|she|He|She)\s+{_ADVERBS}$", before)
                nm = re.search(
                    rf"(?:^|[,;:]\s*|\s(?:and|but|while|whereas|then)\s+)({_DETERMINER}\s+[^,;:]{{1,80}}?)\s+{_ADVERBS}$",
                    before,
                )
                if pm:
                    subj_text = pm.group(1)
                    person = self._resolve_reference(subj_text, ref_pos)
                    attr = self._attr_from_person(person, "", f"{subj_text} {verb}", ref_pos, "")
                elif nm and len(nm.group(1).split()) <= 9:
                    subj_text = nm.group(1)
                    person = self._resolve_reference(subj_text, vpos)
                    attr = self._attr_from_person(
                        person, "", f"{subj_text} {verb}", ref_pos, _strip_determiner(subj_text)
                    )
                else:
                    persons = [
                        r for r in candidates if not r.possessive and self._person_for(r.name) is not None
                    ]
                    if not persons or verb in _GERUNDS:
                        continue
                    chosen = persons[0]
            if chosen is not None:
                person = self._person_for(chosen.name, create=True)
                floor = a
                role = self._role_after(chosen, b) or self._role_before(chosen, floor)
                attr = _Attribution(
                    chosen.name, person, role or self._role_of(person, ref_pos), "", f"{chosen.name} {verb}"
                )
            attr.venue = _find_venue(t[a:b])
            return attr
        return None

    # ---- transcripts --------------------------------------------------------------------------------

    _LABEL_RE = re.compile(r"([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*:\s+(?=\S)")

    @staticmethod
    def _is_speaker_label(label: str) -> bool:
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
        ):
            return False
        last = label.split()[-1]
        return last.lower() not in _NON_NAME and (len(last) > 1)

    def _transcript_turns(self) -> dict[int, tuple[str, int]]:
        """paragraph index -> (label, body start) for paragraphs that are speaker turns."""
        turns: dict[int, tuple[str, int]] = {}
        for pi, (a, b) in enumerate(self.paragraphs):
            m = self._LABEL_RE.match(self.text, a, b)
            if m and self._is_speaker_label(m.group(1)):
                turns[pi] = (m.group(1), m.end())
        labels = [lab for lab, _ in turns.values()]
        if len(turns) < 2 or len(set(labels)) == len(labels) and len(labels) < 3:
            return {}
        return turns

    def _transcript_quotes(self, turns: dict[int, tuple[str, int]]) -> list[_Quote]:
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
        quotes: list[_Quote] = []
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
                quotes.append(_Quote(pi, a, b, a, a, turn=True, drop=True))
                continue
            label = current
            if label.lower() in _ANSWER_LABELS:
                last = self._last_mention_before(intro_end)
                person = last.person if last else None
                speaker = person.name if person else None
                role = self._role_of(person, intro_end) if person else ""
            else:
                speaker = label.title() if _is_acronym(label.replace(" ", "")) else label
                person = self._person_for(speaker, create=True)
                role = self._role_of(person, intro_end) if person else ""
            s, e = body, b
            while e > s and t[e - 1].isspace():
                e -= 1
            q = _Quote(pi, a, b, s, e, standalone=True, turn=True)
            q.attribution = _Attribution(
                speaker,
                person,
                role,
                self._venue_of(person, intro_end) if person else "",
                f"{label}:" if pi in turns else f"{label}: (continued)",
            )
            quotes.append(q)
        return quotes

    # ---- main ---------------------------------------------------------------------------------------

    def run(self) -> list[QuoteCandidate]:
        t = self.text
        turns = self._transcript_turns()
        turn_paras = set(range(min(turns), max(turns) + 1)) if turns else set()

        quotes: list[_Quote] = []
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
            for k, q in enumerate(pq):
                self._attribute(q, pq[k - 1] if k else None, pq[k + 1] if k + 1 < len(pq) else None, quotes)
        for q in quotes:
            if q.pull_of is not None:
                if q.pull_of.drop:
                    q.pull_of = None
                    q.drop = True
                    continue
                la = q.pull_of.attribution
                q.attribution = _Attribution(la.speaker, la.person, la.role, la.venue, "") if la else None
        final = sorted(
            [q for q in quotes if not q.drop] + [q for q in turn_quotes if not q.drop], key=lambda q: q.start
        )
        index = {id(q): i for i, q in enumerate(final)}
        out = []
        for q in final:
            attr = q.attribution or _Attribution(None, None, "", "", "")
            venue = attr.venue
            if not venue and attr.person is not None:
                venue = self._venue_of(attr.person, q.open_pos)
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

    def _attribute(self, q: _Quote, prev: _Quote | None, nxt: _Quote | None, quotes: list[_Quote]) -> None:
        t = self.text
        a, b = self.paragraphs[q.para]
        if q.standalone:
            self._attribute_standalone(q, quotes)
            return
        ceil = nxt.open_pos if nxt is not None else b
        attr = None if q.unclosed else self._after_attribution_text(q.close_pos + 1, b)
        if attr is None and q.orphan and prev is not None and prev.attribution is not None:
            attr = prev.attribution
        if attr is None and not q.unclosed:
            attr = self._by_attribution(q.close_pos + 1, ceil)
        floor = max(a, prev.close_pos + 1 if prev is not None else a)
        sent_start = self._sentence_start(q.open_pos, floor)
        if attr is None and not q.orphan:
            attr = self._sentence_attribution(sent_start, q.open_pos, q.open_pos)
        if attr is None and prev is not None and prev.attribution is not None:
            # the second part of a split quote, or a second fragment in the same sentence
            gap = t[prev.close_pos + 1 : q.open_pos]
            same_sentence = not t[prev.close_pos + 1 : sent_start].strip()
            if same_sentence or (len(gap.split()) <= 12 and re.search(_VERB, gap)):
                attr = prev.attribution
        if attr is None and not t[sent_start : q.open_pos].strip():
            attr = self._lead_attribution(q, sent_start, floor, quotes)
        # a fragment ending its enclosing sentence: the final period is the sentence's, not the quote's
        if sent_start < q.open_pos and t[q.end - 1] == "." and not t[q.start : q.end - 1].count(". "):
            q.end -= 1
        words = len(_words(t[q.start : q.end]))
        fragment = bool(t[sent_start : q.open_pos].strip())
        if words <= SCARE_QUOTE_MAX_WORDS and (attr is None or (attr.speaker is None and fragment)):
            q.drop = True  # a term in quotation marks that no named person is said to have said
            return
        q.attribution = attr

    def _lead_attribution(
        self, q: _Quote, sent_start: int, floor: int, quotes: list[_Quote]
    ) -> _Attribution | None:
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

    def _attribute_standalone(self, q: _Quote, quotes: list[_Quote]) -> None:
        """A paragraph that is only a quote: a heading, a pull-quote, or a quote introduced before it."""
        t = self.text
        body = t[q.start : q.end]
        qw = _words(body)
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
            lw = _words(t[later.start : later.end])
            if len(qw) >= 3 and lw:
                sm = difflib.SequenceMatcher(None, qw, lw, autojunk=False)
                matched = sum(bl.size for bl in sm.get_matching_blocks())
                if matched / len(qw) >= PULL_QUOTE_MIN_OVERLAP:
                    q.pull_of = later
                    return
        attr = self._lead_attribution(q, q.open_pos, q.open_pos, quotes)
        if len(qw) <= SCARE_QUOTE_MAX_WORDS and (attr is None or attr.speaker is None):
            q.drop = True
            return
        q.attribution = attr


def extract_candidates(text: str, known_names: Iterable[str] = ()) -> list[QuoteCandidate]:
    """Propose the quotations in ``text`` as statements, in text order.

    ``known_names`` are aliases of persons already known (they help recognise a lone surname as a
    person); names of people the article introduces are found without them.
    """
    return _Extractor(text, known_names).run()


# --------------------------------------------------------------------------------------------------
# Evaluation against curated statements
# --------------------------------------------------------------------------------------------------


def evaluate(
    candidates: Sequence[QuoteCandidate],
    expected: Sequence[tuple[int, int, str]],
    aliases: dict[str, Iterable[str]] | None = None,
) -> dict[str, object]:
    """Compare proposed candidates with curated statements.

    ``expected`` holds (start, end, speaker name) spans.  A candidate matches an expected statement when
    their spans overlap by at least 90 % of the expected length.  ``aliases`` optionally maps an expected
    speaker name to its other spellings, any of which counts as the right speaker.

    Returns ``recall`` (share of expected statements matched), ``attribution`` (share of matched ones whose
    candidate speaker has the expected last name, compared case-insensitively and tolerant of
    transliteration), ``precision`` (share of candidates, pull-quotes aside, matching some expected
    statement), ``matched`` (count), ``unmatched_expected`` (expected tuples no candidate matches),
    ``misattributed`` ((expected, candidate) pairs with a wrong speaker) and ``unmatched_candidates``.
    """
    matched = 0
    right = 0
    unmatched_expected: list[tuple[int, int, str]] = []
    misattributed: list[tuple[tuple[int, int, str], QuoteCandidate]] = []
    used: set[int] = set()
    for exp in expected:
        s, e, speaker = exp
        need = 0.9 * max(1, e - s)
        best: tuple[int, int] | None = None
        for i, c in enumerate(candidates):
            overlap = min(e, c.end) - max(s, c.start)
            if overlap >= need and (best is None or overlap > best[0]):
                best = (overlap, i)
        if best is None:
            unmatched_expected.append(exp)
            continue
        matched += 1
        cand = candidates[best[1]]
        used.add(best[1])
        names = [speaker, *((aliases or {}).get(speaker, ()))]
        if any(same_last_name(cand.speaker, n) for n in names):
            right += 1
        else:
            misattributed.append((exp, cand))
    proposals = [i for i, c in enumerate(candidates) if c.duplicate_of is None]
    unmatched_candidates = [candidates[i] for i in proposals if i not in used]
    return {
        "recall": matched / len(expected) if expected else 1.0,
        "attribution": right / matched if matched else 1.0,
        "precision": (len(proposals) - len(unmatched_candidates)) / len(proposals) if proposals else 1.0,
        "matched": matched,
        "unmatched_expected": unmatched_expected,
        "misattributed": misattributed,
        "unmatched_candidates": unmatched_candidates,
    }
