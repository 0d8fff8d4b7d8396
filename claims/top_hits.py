"""One search across claims, statements, actors and articles, at a cost bounded whatever the corpus.

Ranking every match costs what the corpus holds: "missile" is in 164,000 of a million
statements, and ranking them all took seconds. So the search box ranks a bounded
window per kind of record (bounded top-k):

1. the candidates are the newest SEARCH_WINDOW records of the kind (RECENCY) that hold
   every word of the query (one alternative of each OR, a "phrase" counted as its words);
   the full-text index answers this exactly, without reading the rows' text;
2. on those candidates only, the exact query is checked (phrases, -exclusions) and ranked;
3. the best `limit` hits of all kinds are merged, and only those are read in full.

An actor named by the query is a candidate too, ranked above any text match; so are the
statements of such an actor (below the statements whose own words match).
`SearchResults.crowded` names the kinds that had more candidates than the window: there,
older matches were not ranked (the lists' `?q=` and their exports find every match).

PostgreSQL finds the newest candidates by a walk down an index or by sorting the GIN
index's matches, whichever the planner's estimate says is cheap (claims/match_window.py).
SQLite's FTS5 returns the matching rowids itself.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.contrib.postgres.search import SearchRank
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    FloatField,
    Model,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce

from claims import match_window
from claims.match_window import RECENCY, estimated_rows, newest_first
from claims.models import STATEMENT_CARD_RELATIONS, Actor, Claim, Statement
from claims.search import (
    KINDS,
    Fts5Rank,
    ParsedQuery,
    SearchHit,
    StoredDocument,
    check_query,
    fts5_query,
    is_postgres,
    named_actors,
    pg_search_query,
    query_terms,
    snippet,
    text_matches,
    with_document,
)
from sources.models import Article

# How many of the newest candidates of each kind are ranked. The API returns at most 100
# hits and the search page 200; a window of 200 per kind keeps the best of each kind
# reachable while bounding the rows read to a few hundred per kind.
SEARCH_WINDOW = 200

MODELS: dict[str, type[Model]] = {"claim": Claim, "statement": Statement, "actor": Actor, "article": Article}


def _base_queryset(kind: str, published_only: bool) -> QuerySet:
    model = MODELS[kind]
    return model.objects.published() if published_only else model.objects.all()


def _detail_queryset(kind: str) -> QuerySet:
    """What a hit of `kind` shows reads from (its record, and the records its title names)."""
    if kind == "statement":
        return Statement.objects.select_related(*STATEMENT_CARD_RELATIONS)
    if kind == "article":
        return Article.objects.select_related("outlet")
    return MODELS[kind].objects.all()


@dataclass(frozen=True)
class _Ranked:
    kind: str
    pk: int
    score: float


class SearchResults(Sequence):
    """The ranked hits of a search, read from the database only when a slice of them is taken.

    A sequence (len, slices), so that a paginator reads only the page it shows. `first`
    are hits already read that come before the ranked ones (the weapon systems named).
    """

    def __init__(
        self, query: str, ranked: list[_Ranked], crowded: tuple[str, ...], first: Sequence[SearchHit] = ()
    ) -> None:
        self.query = query
        self.terms = query_terms(query)
        self.ranked = ranked
        self.crowded = crowded  # kinds with more candidates than the window: older ones unranked
        self.window = SEARCH_WINDOW
        self.first = list(first)

    def after(self, first: Sequence[SearchHit]) -> "SearchResults":
        """These results with `first` shown before them."""
        return SearchResults(self.query, self.ranked, self.crowded, [*first, *self.first])

    def __len__(self) -> int:
        return len(self.first) + len(self.ranked)

    @overload
    def __getitem__(self, index: int) -> SearchHit: ...
    @overload
    def __getitem__(self, index: slice) -> list[SearchHit]: ...
    def __getitem__(self, index: int | slice) -> SearchHit | list[SearchHit]:
        if isinstance(index, int):
            return self[range(len(self))[index] : range(len(self))[index] + 1][0]
        positions = range(len(self))[index]
        if positions.step != 1:
            raise ValueError("Search results are sliced in order.")
        start, stop, skip = positions.start, positions.stop, len(self.first)
        ranked = self.ranked[max(0, start - skip) : max(0, stop - skip)]
        return self.first[start:stop] + _read_hits(ranked, self.terms)

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self[:])


def _read_hits(ranked: list[_Ranked], terms: list[str]) -> list[SearchHit]:
    """The records of `ranked`, in its order: one query per kind among them."""
    by_kind: dict[str, list[int]] = {}
    for hit in ranked:
        by_kind.setdefault(hit.kind, []).append(hit.pk)
    records = {kind: _detail_queryset(kind).order_by().in_bulk(pks) for kind, pks in by_kind.items()}
    return [
        _hit(hit.kind, records[hit.kind][hit.pk], hit.score, terms)
        for hit in ranked
        if hit.pk in records[hit.kind]  # deleted since it was ranked
    ]


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def _hit(kind: str, obj: Any, score: float, terms: list[str]) -> SearchHit:
    if kind == "claim":
        title, text = obj.text, f"{obj.text}. {obj.description}".strip(". ")
    elif kind == "statement":
        # A paraphrase never wears quotation marks, here as on every page (see Statement.__str__).
        words = _first_words(obj.text)
        shown = f"“{words}”" if obj.kind == Statement.Kind.QUOTE else f"({obj.get_kind_display()}) {words}"
        title, text = f"{obj.speaker}: {shown}", obj.text
    elif kind == "actor":
        title, text = obj.name, obj.description or obj.name
    else:
        title, text = obj.title, obj.text
    return SearchHit(kind, obj, title, snippet(text, terms), score)


# ---------------------------------------------------------------- the candidates


def _candidates(kind: str, parsed: ParsedQuery, named: list[int], published_only: bool) -> QuerySet:
    """The records of `kind` holding every word of the query, or named by it (unordered)."""
    model = MODELS[kind]
    condition = text_matches(model, "", parsed, words_only=True)
    if named and kind == "actor":
        condition |= Q(pk__in=named)
    elif named and kind == "statement":
        condition |= Q(speaker_id__in=named)
    return with_document(_base_queryset(kind, published_only)).filter(condition)


# ---------------------------------------------------------------- ranking the window


def _rank_window(
    kind: str,
    query: str,
    parsed: ParsedQuery,
    named: list[int],
    candidates: QuerySet,
    *,
    through_btree: bool,
) -> tuple[list[_Ranked], bool]:
    """The matches among the newest SEARCH_WINDOW candidates of `kind`, scored; and whether there were more.

    One query: the newest SEARCH_WINDOW + 1 candidates (the one too many tells that there
    are more), each with whether it matches the whole query and its rank.
    """
    model = MODELS[kind]
    keys = [field.removeprefix("-") for field in RECENCY[model]]
    newest = candidates.order_by(*newest_first(model, through_btree=through_btree)).values("pk")
    window = with_document(model._base_manager.filter(pk__in=newest[: SEARCH_WINDOW + 1]).order_by())
    if is_postgres():
        search = pg_search_query(query)
        matches = Q(search_document=search)
        rank = SearchRank(StoredDocument(), search)
    else:
        matches = text_matches(model, query, parsed)
        rank = Coalesce(Fts5Rank(model, fts5_query(parsed)), Value(0.0), output_field=FloatField())
    speaker = "speaker_id" if kind == "statement" else "pk"
    rows = window.annotate(
        search_full=ExpressionWrapper(matches, output_field=BooleanField()),
        search_rank=rank,
    ).values_list("pk", speaker, "search_full", "search_rank", *keys)
    rows = sorted(rows, key=lambda row: row[4:], reverse=True)
    more = len(rows) > SEARCH_WINDOW
    named_set = set(named)
    hits = []
    for pk, person, full, rank_value, *_ in rows[:SEARCH_WINDOW]:
        is_named = kind in {"actor", "statement"} and person in named_set
        if not (full or is_named):
            continue
        # A name ranks above any text match: it is what someone typing a name wants. The
        # statements of a named actor rank by their own words, below those the words match.
        score = (100.0 if is_named and kind == "actor" else 0.0) + (float(rank_value or 0.0) if full else 0.0)
        hits.append(_Ranked(kind, pk, score))
    return hits, more


def search_everything(
    query: str,
    *,
    kinds: Iterable[str] = KINDS,
    limit: int = 20,
    published_only: bool = True,
) -> SearchResults:
    """The best `limit` hits of `query` among the newest candidates of each kind (module docstring).

    Scores are comparable within a kind; across kinds the order is the engine's rank, which
    weighs titles (claim text, actor name, article title, quote text) above the rest.
    A query too long raises QueryTooLong. A constant number of queries: the actors named,
    (PostgreSQL) one EXPLAIN, one per kind; and one per kind among the hits read.
    """
    kinds = tuple(kinds)
    parsed = check_query(query)
    if not parsed.required:
        return SearchResults(query, [], ())
    named = named_actors(parsed) if {"actor", "statement"} & set(kinds) else []
    candidates = {kind: _candidates(kind, parsed, named, published_only) for kind in kinds}
    if is_postgres():
        few = {kind: rows <= match_window.FEW_CANDIDATES for kind, rows in estimated_rows(candidates).items()}
    else:
        few = dict.fromkeys(kinds, False)  # FTS5 hands over the matching rowids; SQLite sorts them
    ranked: list[_Ranked] = []
    crowded = []
    for kind in kinds:
        hits, more = _rank_window(kind, query, parsed, named, candidates[kind], through_btree=not few[kind])
        ranked.extend(hits)
        if more:
            crowded.append(kind)
    ranked.sort(key=lambda hit: (-hit.score, KINDS.index(hit.kind), hit.pk))
    return SearchResults(query, ranked[:limit], tuple(crowded))
