"""Quotation marks that name something instead of quoting what someone said.

Editors record statements; they do not want proposed the title of a work ("star of “Scandal”", "the
“Orange Is the New Black” star", "Peter Burrows’s book “Backfire”"), a nickname ("Jesús “Chuy”
García", "the hacker known as “Guccifer”"), a slogan cited with its year ("“No to tolls” (2014)") or a
newsletter's headline with its byline ("“Museum to close,” by Ana Ruiz: …").  Each test reads only the
quotation and a few words around it (linear in the article's length), and the lexicon of the article's
language says which words mark a name (``term_markers``) and which nouns follow a title
(``work_nouns``).  Not here: "the term “…”", "a memo titled “…”": PolNeAR annotates those as
attributions, and the benchmark would count them as missed.
"""

from __future__ import annotations

import re

from sources.extraction.cues import UPPER, Cues

TITLE_MAX_WORDS = 8
"""A quotation of more words is a statement, whatever its capitals."""
DEFINED_TERM_MAX_WORDS = 3
"""A quotation opening its sentence as the subject of "is" is a term the sentence defines up to this many
words ("“Top secret” is the highest level"); a longer one is a statement ("“All that glitters is not
gold” was to be …")."""
_SENTENCE_PUNCTUATION_RE = re.compile(r"[.!?]\s|[.!?]$")
_WORD_RE = re.compile(r"[^\W_][\w’'-]*")
_OWNER_RE = re.compile(rf"[{UPPER}][\w.&-]*[’']s\s*$")
"""A capitalised owner just before the quotation: "NBC’s “Today”", "Burrows’s “Backfire”"."""
_BYLINE_RE = re.compile(rf"[,\s]*by\s+(?:[{UPPER}][\w.’'-]*\s+)*[{UPPER}][\w.’'-]*\s*:")
_DATED_RE = re.compile(r"\s*\([^()]{0,60}\b(?:1[89]|20)\d\d\)")
_NAME_WORD_RE = re.compile(rf"[{UPPER}][\w’'-]*\s*$")


def is_title(quote: str, cues: Cues, owned: bool = False, exclaimed: bool = False) -> bool:
    """Every word capitalised but the short and function words, and no sentence punctuation inside; one
    capitalised word is enough when the title is ``owned`` ("NBC’s “Today”") or followed by the noun of
    a work.  ``exclaimed``: a title may end with "!" or "?" ("the movie “Sharknado 3: Oh Hell No!”")."""
    tokens = _WORD_RE.findall(quote)
    body = quote.rstrip().rstrip("!?") if exclaimed else quote.rstrip()
    if not tokens or len(quote.split()) > TITLE_MAX_WORDS or _SENTENCE_PUNCTUATION_RE.search(body):
        return False
    content = [w for w in tokens if w[0].isupper() or (len(w) > 3 and w.lower() not in cues.function_words)]
    return len(content) >= (1 if owned else 2) and all(w[0].isupper() or w[0].isdigit() for w in content)


def _after_work_noun(before: str, cues: Cues) -> bool:
    """The noun of a work among the last three words before the quotation, or before a naming word:
    "the Syfy movie “…”", "star of television’s “…”", "a show called “…”"."""
    tail = [w.lower() for w in _WORD_RE.findall(before[-60:])][-4:]
    if tail and tail[-1] in cues.naming_words:
        tail.pop()
    return any(w in cues.work_nouns for w in tail[-3:])


def names_something(before: str, quote: str, after: str, cues: Cues) -> bool:
    """Whether the quotation names a work, a nickname, a slogan or a headline rather than quoting a
    statement.  ``before`` is its sentence up to the opening mark, ``after`` the rest of its sentence
    after the closing mark."""
    if _BYLINE_RE.match(after):
        return True  # a headline with its byline: "“Museum to close in May,” by Ana Ruiz: “…”"
    if len(quote.split()) > TITLE_MAX_WORDS:
        return False
    if _DATED_RE.match(after):
        return True  # a poster, a slogan or a work cited with its year: "“No to Schengen” (2005)"
    next_word = re.match(r"[\s,”\"»]*([^\W\d_][\w-]*)", after)
    work = next_word is not None and next_word.group(1).lower() in cues.work_nouns
    if not before.strip():
        return work and is_title(quote, cues, owned=True)  # "“Orange Is the New Black” star Ana Ruiz"
    if re.search(rf"\b(?:{cues.term_markers})\s*$", before, re.IGNORECASE):
        return True  # "known as “Guccifer”"
    if _after_work_noun(before, cues):
        # "the documentary “Weiner”", "star of television’s “Scandal”", "a play called “Los Hijos”"
        return is_title(quote, cues, owned=True, exclaimed=True)
    if cues.listener_verbs and re.search(rf"\b(?:{'|'.join(cues.listener_verbs)})\s*$", before):
        # "told “Fox and Friends”": right after "told", with no comma, a title is the listener
        return is_title(quote, cues)
    if re.search(rf"\b{cues.verb_or_gerund}\s*[:,]?\s*$", before):
        return False  # what a speech verb introduces is said, whatever its capitals: "chanting “No Hill”"
    nickname = bool(_NAME_WORD_RE.search(before)) and bool(re.match(rf"\s*[{UPPER}]", after))
    owned = bool(_OWNER_RE.search(before[-40:]))
    return is_title(quote, cues, owned=owned or work or nickname)


def defines_term(quoted: str, after: str, cues: Cues) -> bool:
    """ "“Non-paper” is a diplomatic term", "“Containment” has been U.S. policy": a short quotation opening
    its sentence, the subject of a copula right after its closing mark, is a word the writer explains, not
    a statement.  ``quoted`` is the text between the marks, punctuation kept ("“Anybody but Trump,” was
    another" is a slogan someone wrote); ``after``, what follows the closing mark."""
    body = quoted.strip()
    if not body or body[-1] in ",.;:!?…" or len(body.split()) > DEFINED_TERM_MAX_WORDS:
        return False
    return bool(re.match(rf"\s+{cues.copulas}\b", after))
