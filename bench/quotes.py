"""Benchmark of the quote-candidate extractor: how fast, and how right on news it was never tuned to.

    .venv/bin/python bench/quotes.py                                  # speed: seed articles and 2 MB
    .venv/bin/python bench/quotes.py --polnear /work/polnear --split dev
    .venv/bin/python bench/quotes.py --polnear /work/polnear --split train --pronouns  # + who "he" is
    make bench-quotes POLNEAR=/work/polnear                           # the same, on dev

Speed: milliseconds per article on the seed and test articles, then a 2 MB article made by repeating
a seed article (extraction must be linear in the article's length).

Accuracy: PolNeAR (the Political News Attribution Relations corpus, github.com/networkdynamics/PolNeAR)
read from a local checkout whose path is given; its texts are third-party articles and are never copied
into this repository.  Develop on ``train`` and ``dev``; ``test`` is reserved for a final measure and this
script refuses it unless ``--final`` is given.  See docs/bench.md for what each figure means.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.coref import person_chains, referent_names  # noqa: E402
from sources.extraction import QuoteCandidate, extract_candidates, same_last_name  # noqa: E402
from sources.extraction.cues import UPPER, cues_for  # noqa: E402

SEED_ARTICLES = sorted((ROOT / "claims" / "seed" / "articles").glob("*.txt"))
TEST_ARTICLES = sorted((ROOT / "tests" / "sources" / "articles").glob("*.txt"))
SYNTHETIC_BYTES = 2_000_000

MIN_GOLD_WORDS = 3
"""A quotation of fewer words is a term ("a 'disaster'"), not a statement an editor would record."""
MATCH_SHARE = 0.9
"""A candidate finds a quotation when it covers this share of it (the extractor trims marks and commas)."""

# --------------------------------------------------------------------------------------------------
# Speed
# --------------------------------------------------------------------------------------------------


def timed(text: str) -> tuple[list[QuoteCandidate], float, float]:
    """The candidates, wall-clock ms and CPU ms (the machine is shared: CPU time is the steadier figure)."""
    start, cpu = time.perf_counter(), time.process_time()
    candidates = extract_candidates(text)
    return candidates, (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def bench_speed() -> None:
    print("article                                     bytes  quotes  wall ms   CPU ms")
    for path in [*SEED_ARTICLES, *TEST_ARTICLES]:
        text = path.read_text(encoding="utf-8")
        candidates, ms, cpu = timed(text)
        print(f"{path.name[:40]:40} {len(text.encode()):9} {len(candidates):7} {ms:8.1f} {cpu:8.1f}")
    seed = SEED_ARTICLES[0].read_text(encoding="utf-8")
    for size in (SYNTHETIC_BYTES // 4, SYNTHETIC_BYTES):
        text = (seed + "\n") * (size // (len(seed.encode()) + 1))
        candidates, ms, cpu = timed(text)
        label = f"synthetic: {SEED_ARTICLES[0].name}"
        print(f"{label:40} {len(text.encode()):9} {len(candidates):7} {ms:8.0f} {cpu:8.0f}")


# --------------------------------------------------------------------------------------------------
# PolNeAR: brat stand-off annotations
# --------------------------------------------------------------------------------------------------


@dataclass
class Attribution:
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class GoldQuote:
    start: int
    end: int
    attribution: Attribution
    source_text: str
    cue_text: str
    head: str | None  # the source's name as written ("Alan Garten"), None when the source names nobody
    kind: (
        str  # "named", "pronoun" ("he said"), "described" ("the senator said") or "unnamed" ("a source said")
    )
    referents: set[str] = field(default_factory=set)  # a pronoun source's person, by CoreNLP's chains


def read_brat(path: Path) -> list[Attribution]:
    """The attributions of one .ann file: text-bound spans (T) joined by attribution events (E)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = [(int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))]
        elif line.startswith("E") and len(parts) >= 2:
            events.append([tuple(arg.split(":", 1)) for arg in parts[1].split()])  # type: ignore[misc]
    attributions = []
    for args in events:
        attribution = Attribution()
        for role, ref in args:
            target = {"Source": attribution.source, "Cue": attribution.cue, "Content": attribution.content}
            if role in target:
                target[role].extend(spans.get(ref, []))
        attributions.append(attribution)
    return attributions


_PAIRS = {"“": ("”", '"“'), '"': ('"', "”"), "”": ("”", '"')}
"""Each opening mark's own closer, then the other convention's: wire copy mixes them (“…," he said) or
types the opening mark for the closing one (“…,“ he said).  A closing mark opens a quotation only where
it opens its paragraph ("”Mr. Trump embodies …”", "” … what I learned …,” he said": typed for “)."""


def _closer(line: str, i: int) -> int:
    """Where the quotation opened at line[i] closes: its own closing mark, or the other convention's
    when that one ends a word before a space or punctuation ("nested" marks inside words do not), unless
    it closes a quotation nested inside this one ("… the “Equal Justice Under Law” motto …")."""
    own, others = _PAIRS[line[i]]
    j = line.find(own, i + 1)
    nested = 0
    for k in range(i + 1, len(line) if j < 0 else j):
        after = line[k + 1 : k + 2]
        ends_word = not line[k - 1].isspace() and (not after.strip() or after in ",.;:!?)")
        if line[k] in '“"' and line[k - 1].isspace() and after.strip():
            nested += 1  # an inner quotation opens: the next closing mark is its own
        elif line[k] in others and ends_word:
            if not nested:
                return k
            nested -= 1
    return j


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Every quotation in the text, per paragraph: “…” and "…" (or mixed, “…"); an opening mark left
    open at a paragraph's end runs to that end (a multi-paragraph quotation)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        i = 0
        while i < len(line):
            if line[i] not in _PAIRS or line[i] == "”" and line[:i].strip():
                i += 1
                continue
            j = _closer(line, i)
            end = j if j >= 0 else len(line)
            if end > i + 1:
                spans.append((pos + i + 1, pos + end))
            i = end + 1
        pos += len(line) + 1
    return spans


_PRONOUNS = {"he", "she", "they", "i", "we", "it", "his", "her", "him", "them", "you"}
_DETERMINERS = "the a an this that these those some many other others another one two several both all most"
_TITLES = "mr mrs ms dr sen rep gov gen rev del"
_NOT_NAMES = {*_PRONOUNS, *_DETERMINERS.split(), *_TITLES.split()}


def _name_runs(phrase: str) -> list[tuple[str, bool]]:
    """Capitalised name runs of a phrase, each with whether it is possessive ("Clinton's")."""
    runs: list[tuple[list[str], bool]] = []
    previous_capital = False
    for token in re.findall(r"[\w’'.-]+", phrase):
        bare = re.sub(r"[’']s$", "", token).strip(".")
        capital = bare[:1].isupper() and bare.lower() not in _NOT_NAMES
        if capital and previous_capital and not runs[-1][1]:
            runs[-1][0].append(bare)
            runs[-1] = (runs[-1][0], bare != token.strip("."))
        elif capital:
            runs.append(([bare], bare != token.strip(".")))
        previous_capital = capital
    return [(" ".join(words), possessive) for words, possessive in runs]


def _person_before_of(phrase: str) -> str | None:
    """ "Sen. Sherrod Brown of Ohio", "Patricia Moran of Cheyenne", "Jeffrey Lewis of the … Center": a
    person's name before "of" or "from" is the head, not the place or the body after it.  A person's name
    here: after a title ("Sen.", "Gov.") or two capitalised words none of which names a place or a body
    ("the Illinois Board of Elections" is one name)."""
    lead = re.split(r"\s(?:of|from)\s", phrase, maxsplit=1)
    if len(lead) < 2 or re.match(r"(?i)the\s", lead[0]):
        return None
    runs = _name_runs(lead[0])
    if not runs or runs[-1][1] or not lead[0].rstrip().endswith(runs[-1][0].split()[-1]):
        return None
    name = runs[-1][0]
    titled = re.search(r"\b(?:Sen|Rep|Gov|Del|Mr|Mrs|Ms|Dr)\.?\s+" + re.escape(name) + "$", lead[0].rstrip())
    not_names = cues_for("en").not_names
    words = name.split()
    # a title spelt out is no part of the name: "Representative Charles B. Rangel", "CBC Chairman G.K.
    # Butterfield of North Carolina"
    titles = [k for k, w in enumerate(words) if w.lower().strip(".") in not_names]
    if titles and titles[-1] < len(words) - 1:
        return " ".join(words[titles[-1] + 1 :])
    plain = len(words) >= 2 and not titles
    return name if titled or plain else None


def source_head(source: str) -> tuple[str | None, str]:
    """The name a source phrase gives, and its kind: "Trump attorney Alan Garten" -> ("Alan Garten",
    "named"); "Clinton's campaign chairman, John Podesta" -> ("John Podesta", "named"); "he" -> (None,
    "pronoun"); "the Florida senator", "a White House official" -> (None, "described": a noun phrase whose
    head is a common noun names nobody, though it may refer back to someone named before); "a campaign
    source" -> (None, "unnamed").  The head is the last name before any comma,
    bracket, dash or relative clause, unless that is a possessive, then the first name after it."""
    words = source.split()
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return None, "pronoun"
    parts = re.split(r",|\(|\s[—–-]\s|\s(?:who|which|whose)\s", source, maxsplit=1)
    runs = _name_runs(parts[0])
    person = _person_before_of(parts[0])
    if person:
        return person, "named"
    lead = parts[0].split()
    # the name in apposition, before any bracket: "state Del. Marcia Price (D-Newport News)"; none after
    # a relative clause ("the designer, who works for G-III": G-III is not the source)
    rest = re.split(r"\(", parts[1])[0] if len(parts) > 1 else ""
    relative = re.match(r"\s*(?:who|which|whose)\s", rest)
    after = _name_runs(rest) if rest and not relative else []
    common = bool(lead) and lead[-1][:1].islower()  # the phrase's head is a common noun: a role
    if lead and lead[0].lower() in _DETERMINERS.split() and common and not after:
        return None, "described"
    if common and after:
        return after[0][0], "named"  # "Florida’s attorney general, Pam Bondi": the role, then the name
    if runs and not runs[-1][1]:
        return runs[-1][0], "named"
    if after:
        return after[0][0], "named"
    if runs:
        return runs[-1][0], "named"
    return None, "unnamed"


@dataclass
class Article:
    name: str
    text: str
    gold: list[GoldQuote]
    attributed_quotes: list[tuple[int, int]]  # every quotation inside some attribution's content
    quotations: list[tuple[int, int]]  # every quotation, attributed or not
    contents: list[tuple[int, int]]  # the annotated contents of every attribution, merged


def load_split(root: Path, split: str, pronouns: bool = False) -> list[Article]:
    """The split's articles and their gold quotations; with ``pronouns``, who each pronoun source refers
    to by the coreference chains PolNeAR ships (``bench/coref.py``; slower: it parses CoreNLP's XML)."""
    text_dir = root / "data" / split / "text"
    ann_dir = root / "data" / split / "attributions"
    if not text_dir.is_dir():
        raise SystemExit(f"no {text_dir}: give the root of a PolNeAR checkout")
    articles = []
    for text_path in sorted(text_dir.glob("*.txt")):
        annotations = sorted(ann_dir.glob(text_path.stem + "_*.ann"))
        if not annotations:
            continue
        text = text_path.read_text(encoding="utf-8")
        attributions = read_brat(annotations[0])  # one annotator's reading when several annotated it
        gold: list[GoldQuote] = []
        attributed: list[tuple[int, int]] = []
        corenlp = root / "data" / split / "corenlp" / f"{text_path.name}.xml"
        chains = person_chains(corenlp) if pronouns and corenlp.is_file() else []
        for start, end in quotation_spans(text):
            owner = _owner(attributions, start, end)
            if owner is None:
                continue
            attributed.append((start, end))
            if len(text[start:end].split()) < MIN_GOLD_WORDS:
                continue
            source = " ".join(text[a:b] for a, b in sorted(owner.source))
            head, kind = source_head(source)
            cue = " ".join(text[a:b] for a, b in sorted(owner.cue))
            pronoun = kind == "pronoun" and owner.source
            referents = referent_names(chains, min(owner.source)) if pronoun else set()
            gold.append(GoldQuote(start, end, owner, source, cue, head, kind, referents))
        contents = _merged([span for attribution in attributions for span in attribution.content])
        articles.append(Article(text_path.stem, text, gold, attributed, quotation_spans(text), contents))
    return articles


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans as one (nested attributions annotate the same words twice)."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _owner(attributions: list[Attribution], start: int, end: int) -> Attribution | None:
    """The attribution whose content holds most of text[start:end] (at least half of it)."""
    best, best_overlap = None, 0
    for attribution in attributions:
        overlap = sum(max(0, min(end, b) - max(start, a)) for a, b in attribution.content)
        if overlap > best_overlap:
            best, best_overlap = attribution, overlap
    return best if best_overlap * 2 >= end - start else None


# --------------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------------


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    candidates: int = 0
    right_candidates: int = 0
    named: int = 0
    named_right: int = 0
    named_none: int = 0
    pronoun: int = 0
    pronoun_none: int = 0
    pronoun_referred: int = 0  # pronoun sources whose person CoreNLP's chains name
    pronoun_right: int = 0
    described: int = 0
    described_none: int = 0
    found_none: int = 0
    ms: float = 0.0
    articles: int = 0
    failures: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def fail(self, pattern: str, example: str) -> None:
        self.failures[pattern] += 1
        self.examples.setdefault(pattern, [])
        if len(self.examples[pattern]) < 3:
            self.examples[pattern].append(example)


def _context(text: str, start: int, end: int, width: int = 70) -> str:
    snippet = text[max(0, start - width) : min(len(text), end + width)]
    return " ".join(snippet.split())[: 2 * width + 80]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score(articles: list[Article]) -> Score:
    s = Score()
    for article in articles:
        text = article.text
        candidates, ms, _cpu = timed(text)
        s.ms += ms
        s.articles += 1
        proposals = [c for c in candidates if c.duplicate_of is None]
        s.candidates += len(proposals)
        for c in proposals:
            if _is_attributed(article, c):
                s.right_candidates += 1
            else:
                s.fail("proposed: not a quotation of anyone", _context(text, c.start, c.end, 30))
        for g in article.gold:
            s.gold += 1
            need = MATCH_SHARE * (g.end - g.start)
            best = max(proposals, key=lambda c: _overlap((c.start, c.end), (g.start, g.end)), default=None)
            if best is None or _overlap((best.start, best.end), (g.start, g.end)) < need:
                words = len(text[g.start : g.end].split())
                opened = g.end < len(text) and text[g.end] in "\n" or g.end == len(text)
                pattern = (
                    "missed: quote of 3-4 words"
                    if words <= 4
                    else "missed: paragraph of a multi-paragraph quote"
                    if opened
                    else "missed: other"
                )
                s.fail(pattern, _context(text, g.start, g.end, 30))
                continue
            s.found += 1
            if best.speaker is None:
                s.found_none += 1
            if g.kind == "pronoun":
                s.pronoun += 1
                s.pronoun_none += best.speaker is None
                if g.referents:
                    s.pronoun_referred += 1
                    if any(same_last_name(best.speaker, w) for w in g.referents):
                        s.pronoun_right += 1
                    elif best.speaker is not None:
                        s.fail(
                            "wrong speaker: a pronoun resolved to someone else",
                            f"{best.speaker} <- {g.source_text} ({'/'.join(sorted(g.referents))}): "
                            + _cue_context(text, g),
                        )
            if g.kind == "described":
                s.described += 1
                s.described_none += best.speaker is None
            if g.kind != "named":
                continue
            s.named += 1
            if best.speaker is None:
                s.named_none += 1
                s.fail(
                    f"no speaker (cue: {g.cue_text.lower()[:30]})",
                    f"[{g.source_text}] " + _cue_context(text, g),
                )
            elif same_last_name(best.speaker, g.head):
                s.named_right += 1
            elif any(same_last_name(best.speaker, w) for w in g.source_text.split()):
                s.fail(
                    "wrong speaker: a word of the source phrase, not its head",
                    f"{best.speaker} <- {g.source_text}",
                )
            else:
                s.fail(
                    "wrong speaker: someone else",
                    f"{best.speaker} <- {g.source_text}: " + _cue_context(text, g),
                )
    return s


_TURN_LABEL_RE = re.compile(rf"\s*(?:[{UPPER}][\w.’' -]{{0,40}}:)?\s*$")
"""What precedes a transcript turn on its line: a speaker label ("FALLIN:", "A:"), or nothing (a
paragraph continuing the turn before)."""


def _is_attributed(article: Article, c: QuoteCandidate) -> bool:
    """At least half of the candidate lies in quotations that are the content of some attribution; or,
    for a transcript turn (no quotation marks, the rest of a paragraph after a speaker label: "FALLIN:
    Well, I think …"), at least half of it lies in the annotated content of some attribution."""
    span = (c.start, c.end)
    if sum(_overlap(span, q) for q in article.attributed_quotes) * 2 >= c.end - c.start:
        return True
    if sum(_overlap(span, q) for q in article.quotations) * 2 >= c.end - c.start:
        return False  # a quotation nobody is annotated as saying
    text = article.text
    line_start, line_end = text.rfind("\n", 0, c.start) + 1, text.find("\n", c.end)
    whole_line = not text[c.end : line_end if line_end >= 0 else len(text)].strip(" .…")
    if not whole_line or not _TURN_LABEL_RE.match(text[line_start : c.start]):
        return False
    return sum(_overlap(span, q) for q in article.contents) * 2 >= c.end - c.start


def _cue_context(text: str, g: GoldQuote) -> str:
    spans = [*g.attribution.source, *g.attribution.cue] or [(g.start, g.end)]
    a = min(x for x, _ in spans)
    b = max(y for _, y in spans)
    return _context(text, a, b, 40)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "  n/a"


def report(s: Score, split: str, show: int) -> None:
    quotations = f"{s.gold} quotations of {MIN_GOLD_WORDS}+ words in attributions"
    print(f"PolNeAR {split}: {s.articles} articles, {quotations}")
    rows = [
        ("recall", s.found, s.gold),
        ("precision", s.right_candidates, s.candidates),
        ("speaker right, named source", s.named_right, s.named),
        ("no speaker, named source", s.named_none, s.named),
        ("no speaker, pronoun source", s.pronoun_none, s.pronoun),
        ("no speaker, described source", s.described_none, s.described),
        ("no speaker, every quotation found", s.found_none, s.found),
    ]
    if s.pronoun_referred:  # --pronouns: against CoreNLP's coreference chains, a reference, not gold
        rows.insert(5, ("speaker right, pronoun source", s.pronoun_right, s.pronoun_referred))
    for label, part, whole in rows:
        print(f"  {label:34} {percent(part, whole)}  ({part}/{whole})")
    print(f"  {'ms per article':34} {s.ms / max(1, s.articles):7.1f}")
    print(f"\nmost common failure patterns (of {sum(s.failures.values())}):")
    grouped: Counter = Counter()
    for pattern, n in s.failures.items():
        grouped[pattern.split(" (cue:")[0]] += n
    for pattern, n in grouped.most_common():
        print(f"  {n:5}  {pattern}")
    print("\nin detail:")
    for pattern, n in s.failures.most_common(show):
        print(f"  {n:5}  {pattern}")
        for example in s.examples[pattern]:
            print(f"           {example}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--polnear", type=Path, help="root of a PolNeAR checkout (the directory holding data/)"
    )
    parser.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    parser.add_argument(
        "--final", action="store_true", help="allow the reserved test split (a final measure)"
    )
    parser.add_argument("--show", type=int, default=25, help="failure patterns to show with examples")
    parser.add_argument(
        "--pronouns",
        action="store_true",
        help="also score who a pronoun source is resolved to, against CoreNLP's coreference chains",
    )
    args = parser.parse_args()
    if args.polnear is None:
        bench_speed()
        return
    if args.split == "test" and not args.final:
        raise SystemExit("the test split is reserved for the final measure: develop on train and dev")
    report(score(load_split(args.polnear, args.split, args.pronouns)), args.split, args.show)


if __name__ == "__main__":
    main()
