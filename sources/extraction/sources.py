"""Stage 3: source phrases — who the words next to a quote name, and in what role.

Names are found from the text, not from a list: capitalised word sequences (:class:`NameRun`), with
titles, institutions, nationalities and places stripped ("Russian Deputy Foreign Minister Sergey Ryabkov"
-> "Sergey Ryabkov", the prefix kept as evidence).  A role is the apposition after a name ("Kirill
Koktysh, an associate professor at …") or the title before it ("the deputy head of the Russian Foreign
Ministry Sergey Ryabkov").  A venue is where someone spoke ("told RIA Novosti", "in an interview with RT").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sources.extraction.cues import UPPER, Cues, cues_for
from sources.extraction.speakers import given_name_genders
from sources.extraction.text import NAME_TOKEN_RE, is_acronym
from sources.extraction.text import words as _words

_ROLE_BREAK_WORDS = "of the a an to by for with from in on at and his her their its"
_GENERIC_WORDS = "expert diplomat official politician source analyst observer"
_LOWER = rf"[^\W\d_{UPPER}]"
_POSSESSIVE_END_RE = re.compile(r"[’']s$|(?<=s)[’']$")
"""An owner's ending: "Trump’s", and "Sanders’" (a name ending in s takes the apostrophe alone)."""
_ROLE_PHRASE_BREAK = frozenset(_ROLE_BREAK_WORDS.split())
_GENERIC_ROLE_NOUNS = frozenset(_GENERIC_WORDS.split())

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
    rf"\s+(?:that|who|which|where|and|but|when|while|about|after|because)\b.*$|\s+{cues_for('en').verb}.*$",
    re.S,
)


@dataclass
class NameRun:
    """A capitalised name sequence outside quotation marks."""

    start: int  # offset of the name proper (after stripped titles)
    end: int
    name: str
    prefix: list[str]  # stripped leading words ("Russian", "Foreign", "Minister")
    full_start: int  # offset of the whole capitalised run
    possessive: bool


def affiliation_pattern(cues: Cues) -> str:
    """ " of Harbor Daily", " of the non-partisan Cook Political Report", " from Columbia, South Carolina":
    whom a person is with, or where from, between the name and its verb.  The name before it is the
    speaker ("Dana Whitfield of Harbor Daily said"), not the outlet or the place after it."""
    name = rf"[{UPPER}][\w.&’'-]*(?:\s+(?:[{UPPER}][\w.&’'-]*|of|for|and|on))*"
    lower_words = rf"(?:{_LOWER}[\w-]*\s+){{0,2}}"  # "the non-partisan", "the anti-war"
    return rf"\s+{cues.affiliations}\s+(?:{cues.articles}\s+)?{lower_words}{name}(?:,\s+{name})?"


def from_role_noun(phrase: str, cues: Cues) -> str:
    """ "the visit of Advisor to the President" -> "Advisor to the President": start at the role noun,
    keeping the modifiers right before it ("first deputy chairman", "Corresponding Member")."""
    words = phrase.split()
    idx = next((i for i, w in enumerate(words) if w.lower().strip(",") in cues.role_nouns), None)
    if idx is None:
        return phrase
    while idx > 0 and words[idx - 1].lower() not in _ROLE_PHRASE_BREAK:
        idx -= 1
    return " ".join(words[idx:])


def specific_role(phrase: str, cues: Cues) -> bool:
    """A role noun phrase that is a title ("head of the foreign ministry"), not a description ("expert")."""
    words = [w for w in _words(phrase) if w not in ("the", "a", "an")]
    return any(w in cues.role_nouns and w not in _GENERIC_ROLE_NOUNS for w in words) or len(words) > 2


def strip_determiner(phrase: str, cues: Cues | None = None) -> str:
    """ "the diplomat" -> "diplomat" (with the language's determiners when ``cues`` are given)."""
    pattern = cues.articles if cues is not None else "(?:the|a|an)"
    return re.sub(rf"^{pattern}\s+", "", phrase.strip(), flags=re.I).strip()


def clean_venue(v: str) -> str:
    v = _VENUE_CUT_RE.sub("", v.strip()).strip().rstrip(",.;: ")
    if re.match(r"(?:In|During|At|After|Speaking)\b", v):
        v = v[0].lower() + v[1:]  # "In an interview with CNN, X said" -> "in an interview with CNN"
    return v


def speech_act(sentence: str, cues: Cues) -> str:
    """The sentence up to what was said: "X noted that the topic can be raised at the meeting …" -> "X
    noted", so that a place in the reported words is not taken for where X spoke."""
    verb = cues.verb_re.search(sentence)
    if not verb:
        return sentence
    that = re.search(r"\bthat\b", sentence[verb.end() :])
    return sentence[: verb.end() + that.start()] if that else sentence


def find_venue(s: str) -> str:
    best: tuple[int, str] | None = None
    for rx in _VENUE_RES:
        m = rx.search(s)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), clean_venue(m.group(0)))
    return best[1] if best else ""


class SourcePhrases:
    """Name runs and roles in one article's text."""

    def __init__(self, text: str, cues: Cues) -> None:
        self.text = text
        self.cues = cues
        self.lower_words = set(re.findall(rf"\b{_LOWER}(?:{_LOWER}|['’-])*\b", text))

    def runs(self, a: int, b: int, sentence_starts: set[int], also_start: int = -1) -> list[NameRun]:
        """Capitalised name runs in text[a:b]; ``also_start``: one more offset taken as a sentence start."""
        t = self.text
        toks = [(m.start(), m.end()) for m in NAME_TOKEN_RE.finditer(t, a, b)]
        runs: list[NameRun] = []
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
                initial = gap == ". " and (len(prev_tok) == 1 or prev_tok.lower() in self.cues.honorifics)
                if gap != " " and not initial:
                    break
                word = t[ns:ne]
                particle = (
                    word.lower() in self.cues.particles and j + 1 < len(toks) and t[toks[j + 1][0]].isupper()
                )
                if not (word[0].isupper() or particle):
                    break
                group.append((ns, ne))
                j += 1
            i = j
            runs.append(self.make_run(group, sentence_starts, also_start))
        return runs

    def make_run(self, group: list[tuple[int, int]], sentence_starts: set[int], also_start: int) -> NameRun:
        t = self.text
        words = [t[s:e] for s, e in group]
        possessive = bool(_POSSESSIVE_END_RE.search(words[-1]))
        if possessive:
            words[-1] = _POSSESSIVE_END_RE.sub("", words[-1])
        opens_sentence = group[0][0] == also_start or group[0][0] in sentence_starts
        k = 0
        while k < len(words):
            w = words[k]
            low = w.lower()
            if self._after_honorific(words, k):
                break  # "Mr. King", "Rep. Price": after an honorific a title word is the surname
            if (
                low in self.cues.not_names
                or ("-" in low and any(part in self.cues.not_names for part in low.split("-")))
                or is_acronym(w)
                or any(ch.isdigit() for ch in w)
                or (
                    k == 0 and opens_sentence and (low in self.lower_words or low in self.cues.function_words)
                )
                or (low in self.cues.particles and k == 0)
            ):
                k += 1
            else:
                break
        prefix = words[:k]
        name_words = words[k:]
        while name_words and (name_words[-1].lower() in self.cues.not_names or is_acronym(name_words[-1])):
            if len(name_words) == 1 and self._after_honorific(words, k):
                break
            name_words.pop()
        offset = k
        if (
            len(name_words) == 3
            and name_words[1].lower() in given_name_genders()
            and name_words[0].lower() not in given_name_genders()
            and len(name_words[0]) > 1
            and name_words[0].lower() not in self.cues.particles
        ):
            # "House Republican Thomas Massie", "fellow Kentuckian Rand Paul": a given name starts the name
            offset += 1
            name_words = name_words[1:]
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
            if (
                len(mid) == 1
                or re.search(r"(?:vich|vna|ovna|evna)$", mid)
                or mid.lower() in self.cues.particles
            ):
                keep = 3
            offset += len(name_words) - keep
            name_words = name_words[-keep:]
        if not name_words:
            return NameRun(group[-1][1], group[-1][1], "", prefix, group[0][0], possessive)
        start = group[offset][0]
        end = group[offset + len(name_words) - 1][1]
        name = t[start:end]
        if possessive:
            name = _POSSESSIVE_END_RE.sub("", name)
            end = start + len(name)
        return NameRun(start, end, name, words[:offset], group[0][0], possessive)

    def _after_honorific(self, words: list[str], k: int) -> bool:
        """Whether ``words[k]`` follows an honorific ("Mr.", "Sen.") and is no honorific itself, nor a title
        one addresses someone by ("Mr. President")."""
        low = words[k].lower().rstrip(".") if 0 < k < len(words) else ""
        return (
            bool(low)
            and words[k - 1].lower().rstrip(".") in self.cues.honorifics
            and low not in self.cues.honorifics | self.cues.address_titles
            and not is_acronym(words[k])
        )

    def role_before(self, run: NameRun, floor: int) -> str:
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
            re.finditer(rf"\b(?:{self.cues.verb_or_gerund}|by|that|to whom|whom|with|and|between)\s", seg2)
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
        if not self.cues.has_role_noun(phrase):
            return ""
        if comma_apposition and not re.match(rf"^{self.cues.determiner}\s|^[{UPPER}]", phrase):
            return ""
        return strip_determiner(from_role_noun(phrase, self.cues), self.cues)

    def role_after(self, run: NameRun, ceil: int) -> str:
        """ "Kirill Koktysh, an associate professor at …" -> the apposition after the name."""
        t = self.text
        window = t[run.end : min(ceil, run.end + 400)]
        m = re.match(r",\s+((?:an?|the)\s+)?([^,;:.()“”\"«»]{2,160}?)(?=,|;|\.(?:\s|$)|$)", window)
        if not m:
            return ""
        phrase = m.group(2).strip()
        if self.cues.verb_or_gerund_re.match(phrase) or not self.cues.has_role_noun(phrase):
            return ""
        first = phrase.split()[0].lower()
        if first in ("who", "which", "that", "and", "but", "in", "on", "at", "during", "speaking", "said"):
            return ""
        return phrase
