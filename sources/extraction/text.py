"""Small text helpers shared by the extraction stages: words, acronyms, and surname comparison."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

NAME_TOKEN_RE = re.compile(r"[^\W\d_][\w’'\-]*")
GENERATIONAL_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv"))


def words(s: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[^\W_]+", s)]


def is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def fold(s: str) -> str:
    """Lower-case form of a word without accents or punctuation, for comparing transliterated spellings
    ("Yermakov", "Ermakov"); Cyrillic letters are kept."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[\W\d_]", "", s.lower())


@functools.lru_cache(maxsize=65536)
def surname_key(name: str) -> str:
    tokens = NAME_TOKEN_RE.findall(name)
    while len(tokens) > 1 and tokens[-1].lower().rstrip(".") in GENERATIONAL_SUFFIXES:
        tokens.pop()  # "Brent Bozell III" is Bozell
    if not tokens:
        return ""
    last = re.sub(r"[’']s$", "", tokens[-1])
    return fold(last)


@functools.lru_cache(maxsize=65536)
def similar_keys(ka: str, kb: str) -> bool:
    """Two folded surnames are one name: equal, or close spellings of a long one (Ermakov / Yermakov)."""
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if min(len(ka), len(kb)) < 5:
        return False
    return difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.8


@functools.lru_cache(maxsize=65536)
def name_folds(name: str) -> frozenset[str]:
    return frozenset(fold(w) for w in name.split())


def same_last_name(a: str | None, b: str | None) -> bool:
    """Whether two names share a last name, tolerant of transliteration (Ermakov / Yermakov)."""
    if not a or not b:
        return False
    return similar_keys(surname_key(a), surname_key(b))
