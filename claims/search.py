"""Full-text search over statements, claims, actors and articles.

One interface, two engines. On PostgreSQL it is real full-text search:
`websearch_to_tsquery` (so "phrases", -negation and OR work as in a web search
box), English stemming, `ts_rank` over weighted documents stored in a
generated tsvector column (`search_document`, migration claims/0006) with a GIN
index, so neither matching nor ranking re-parses the text of the rows. On
SQLite it is FTS5 (porter stemmer) over external-content tables that triggers
keep in sync (migration claims/0004); the query is translated from the same
web-search syntax, and bm25 is computed once per query (see Fts5Rank).

Actors are also found by any spelling of their name: "Yermakov" finds the
actor whose alias is "Ermakov", through the transliteration keys of claims/names.py;
and their statements are found by their name too ("Ryabkov" finds what Ryabkov said,
whose text rarely names him). Weapon systems are found by any of their designations,
however spaced or hyphenated ("Mk41", "Mk 41 VLS", "SSC-8"): see find_weapons.
Callers romanise Cyrillic queries first (claims.names.to_latin).

The documents (which columns, with which weight) are defined once, in
DOCUMENTS; the migrations' generated column expressions must match `pg_document_sql`.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case, Expression, F, FloatField, Func, Model, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from claims.match_window import newest_matches
from claims.models import Actor, ActorAlias, Claim, Statement, WeaponSystem
from claims.names import normalize_name, to_latin, transliteration_key
from sources.models import Article

PG_CONFIG = "english"
KINDS = ("claim", "statement", "actor", "article")
SNIPPET_CHARS = 160
# The work of a search grows with its terms (each adds a condition on every kind of record, and
# the actors' name match several): a 10 kB query of 1,900 words took 3–13 s on the seed corpus.
# A web search box allows about as much (Google: 32 words); a long "quoted phrase" is one term.
MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 16
# A query naming more actors than this (a single letter, a common first name) matches these only.
MAX_NAMED_ACTORS = 50
# The lists' ?q= in relevance order ranks the newest this many records holding the query's
# words (and no more): 20 pages of 50; `ordering` gives every match in the list's order.
LIST_SEARCH_WINDOW = 1000
MAX_DESIGNATION_WORDS = 6  # "US ground-launched cruise missile tested on …" is searched by its designations
# PostgreSQL: the stored generated tsvector column of each searchable table (migration claims/0006).
PG_DOCUMENT_COLUMN = "search_document"

# model -> ((column, weight), ...): what is searched, the first column weighing most.
DOCUMENTS: dict[type[Model], tuple[tuple[str, str], ...]] = {
    Statement: (("text", "A"), ("speaker_role", "B"), ("venue", "B")),
    Claim: (("text", "A"), ("description", "B")),
    Actor: (("name", "A"), ("description", "B")),
    Article: (("title", "A"), ("text", "B")),
}
# SQLite: bm25 weight of each column, in DOCUMENTS order.
FTS_WEIGHTS = {"A": 10.0, "B": 1.0}


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "claim" | "statement" | "actor" | "article" (| "weapon" on the search page)
    obj: Model  # the matched record (Statement with speaker and article selected)
    title: str  # what to show as the hit's title
    snippet: str  # plain text (not HTML) around the match
    score: float


# ---------------------------------------------------------------- parsing the query

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ParsedQuery:
    """A web-search query: groups of alternatives that must all match, and excluded terms.

    Each term is a tuple of words (one word, or a phrase).
    """

    required: tuple[tuple[tuple[str, ...], ...], ...]
    excluded: tuple[tuple[str, ...], ...]


def parse_query(query: str) -> ParsedQuery:
    """Parse `query` as a web search box does: words, "phrases", -excluded, a OR b."""
    required: list[list[tuple[str, ...]]] = []
    excluded: list[tuple[str, ...]] = []
    pending_or = False
    for match in _TOKEN.finditer(query or ""):
        negated_phrase, phrase, bare = match.groups()
        negated = bool(negated_phrase)
        if bare is not None:
            if bare.upper() == "OR" and required:
                pending_or = True
                continue
            negated = bare.startswith("-") and len(bare) > 1
            words = tuple(_WORD.findall(bare[1:] if negated else bare))
        else:
            words = tuple(_WORD.findall(phrase))
        if not words:
            continue
        words = tuple(word.lower() for word in words)
        if negated:
            excluded.append(words)
        elif pending_or:
            required[-1].append(words)
        else:
            required.append([words])
        pending_or = False
    return ParsedQuery(tuple(tuple(group) for group in required), tuple(excluded))


class QueryTooLong(ValueError):
    """The query asks for more work than a search may do; the message says what to shorten."""


def check_query(query: str) -> ParsedQuery:
    """`query` parsed, or QueryTooLong if it has more than MAX_QUERY_CHARS or MAX_QUERY_TERMS."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryTooLong(
            f"A search may have at most {MAX_QUERY_CHARS} characters (this one has {len(query)})."
        )
    parsed = parse_query(query)
    terms = sum(len(group) for group in parsed.required) + len(parsed.excluded)
    if terms > MAX_QUERY_TERMS:
        raise QueryTooLong(
            f"A search may have at most {MAX_QUERY_TERMS} words or “phrases” (this one has {terms}): "
            "keep the ones that matter most."
        )
    return parsed


def query_terms(query: str) -> list[str]:
    """The positive words and phrases of `query`, for highlighting (no duplicates, in order)."""
    terms: list[str] = []
    for group in parse_query(query).required:
        for words in group:
            term = " ".join(words)
            if term not in terms:
                terms.append(term)
    return terms


def fts5_query(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH expression for a parsed query ("" if it has no positive term)."""

    def term(words: tuple[str, ...]) -> str:
        return '"' + " ".join(words).replace('"', '""') + '"'

    if not parsed.required:
        return ""
    groups = [
        term(group[0]) if len(group) == 1 else "(" + " OR ".join(term(words) for words in group) + ")"
        for group in parsed.required
    ]
    expression = " AND ".join(groups)
    if parsed.excluded:
        expression = f"({expression}) NOT ({' OR '.join(term(words) for words in parsed.excluded)})"
    return expression


# ---------------------------------------------------------------- the engines


INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def pg_document_sql(model: type[Model], columns: dict[str, str] | None = None) -> str:
    """The tsvector expression of `model`'s document; with columns=None, as in the GIN index."""
    parts = []
    for column, weight in DOCUMENTS[model]:
        name = columns[column] if columns else f'"{column}"'
        parts.append(f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, COALESCE({name}, '')), '{weight}')")
    return "(" + " || ".join(parts) + ")"


def fts_table(model: type[Model]) -> str:
    return f"{model._meta.db_table}_fts"


class StoredDocument(Expression):
    """PostgreSQL: the row's stored weighted tsvector, the generated column of migration claims/0006.

    Compiles to the column of the queryset's own table alias (taken from its resolved pk, so that
    the alias follows relabelling when the queryset becomes a subquery).
    """

    output_field = SearchVectorField()

    def __init__(self, pk: Expression | None = None) -> None:
        super().__init__()
        self.pk = F("pk") if pk is None else pk

    def get_source_expressions(self) -> list:
        return [self.pk]

    def set_source_expressions(self, expressions: list) -> None:
        (self.pk,) = expressions

    def as_sql(self, compiler, connection, template=None):  # noqa: ANN001, ANN201
        alias = compiler.quote_name_unless_alias(self.pk.alias)
        return f"{alias}.{connection.ops.quote_name(PG_DOCUMENT_COLUMN)}", []


class Fts5Rank(Expression):
    """SQLite: the bm25 relevance (higher is better) of a row for an FTS5 query; None if no match.

    bm25() needs corpus statistics that FTS5 recomputes for every cursor, so a correlated
    `MATCH ... AND rowid = outer.pk` per row costs a full-text query per row. Instead the
    ranked matches are computed once, in a MATERIALIZED CTE (uncorrelated, so SQLite
    evaluates it once per statement), and each row looks its score up there.
    """

    output_field = FloatField()

    def __init__(self, model: type[Model], match: str) -> None:
        super().__init__()
        self.model = model
        self.match = match
        self.pk = F("pk")

    def get_source_expressions(self) -> list:
        return [self.pk]

    def set_source_expressions(self, expressions: list) -> None:
        (self.pk,) = expressions

    def as_sql(self, compiler, connection, template=None):  # noqa: ANN001, ANN201
        pk_sql, pk_params = compiler.compile(self.pk)
        table = fts_table(self.model)
        weights = ", ".join(str(FTS_WEIGHTS[weight]) for _, weight in DOCUMENTS[self.model])
        sql = (
            f"(WITH fts_ranked(id, score) AS MATERIALIZED "
            f"(SELECT rowid, -bm25({table}, {weights}) FROM {table} WHERE {table} MATCH %s) "
            f"SELECT score FROM fts_ranked WHERE fts_ranked.id = {pk_sql})"
        )
        return sql, [self.match, *pk_params]


def name_words(field: str) -> Func:
    """PostgreSQL: the words of the space-separated `field`, as indexed by migration 0009's GIN indexes."""
    return Func(F(field), Value(" "), function="string_to_array", output_field=ArrayField(TextField()))


def _word_in(field: str, key: str) -> Q:
    """`key` is a whole word (or run of words) of the space-separated `field`."""
    condition = (
        Q(**{field: key})
        | Q(**{f"{field}__startswith": f"{key} "})
        | Q(**{f"{field}__endswith": f" {key}"})
        | Q(**{f"{field}__contains": f" {key} "})
    )
    if is_postgres():
        # The LIKEs read every name (65 ms for 10,000 actors); the GIN index of the names' words
        # narrows them first to the names holding all of key's words, in any order.
        words = Value(key.split(), output_field=ArrayField(TextField()))
        condition &= Q(DataContains(name_words(field), words))
    return condition


def actor_name_matches(parsed: ParsedQuery) -> Q | None:
    """Actors whose name or an alias contains every required word, in any romanisation."""
    condition = None
    for group in parsed.required:
        # One UNION of subqueries, each answered by its own index, rather than ORs that read every actor.
        found: QuerySet | None = None
        for words in group:
            key = transliteration_key(" ".join(words))
            if not key:
                continue
            by_name = Actor._base_manager.filter(_word_in("name_key", key)).order_by().values("pk")
            by_alias = ActorAlias.objects.filter(_word_in("key", key)).order_by().values("actor_id")
            found = by_name.union(by_alias) if found is None else found.union(by_name, by_alias)
        if found is None:
            return None
        condition = Q(pk__in=found) if condition is None else condition & Q(pk__in=found)
    return condition


def _speaker_name_matches(parsed: ParsedQuery) -> Q | None:
    """Statements whose speaker's name or alias contains every required word."""
    names = actor_name_matches(parsed)
    return None if names is None else Q(speaker__in=Actor.objects.filter(names).values("pk"))


def pg_search_query(query: str) -> SearchQuery:
    """PostgreSQL: `query` as websearch_to_tsquery, phrases, exclusions and OR included."""
    # "Mk-41": PostgreSQL would look for the compound "mk-41" too, which "Mk 41" in a text
    # never yields; split inner hyphens as SQLite's tokenizer does ("-word" still excludes).
    return SearchQuery(INNER_HYPHEN.sub(" ", query), config=PG_CONFIG, search_type="websearch")


def pg_words_query(parsed: ParsedQuery) -> SearchQuery | None:
    """PostgreSQL: records holding every word of `parsed` (one alternative of each OR), in any order.

    A phrase counts as its words and exclusions are left out: the GIN index answers this
    exactly, without reading the rows, whereas a phrase must be checked on each row.
    """
    combined = None
    for group in parsed.required:
        alternatives = None
        for words in group:
            term = SearchQuery(" ".join(words), config=PG_CONFIG, search_type="plain")
            alternatives = term if alternatives is None else alternatives | term
        combined = alternatives if combined is None else combined & alternatives
    return combined


def fts5_words_query(parsed: ParsedQuery) -> str:
    """SQLite: the FTS5 expression of pg_words_query (every word, phrases as words, no exclusion)."""
    groups = []
    for group in parsed.required:
        alternatives = [" AND ".join(f'"{word}"' for word in words) for words in group]
        groups.append("(" + " OR ".join(f"({alternative})" for alternative in alternatives) + ")")
    return " AND ".join(groups)


def with_document(queryset: QuerySet) -> QuerySet:
    """`queryset` with `search_document` to filter on (PostgreSQL; SQLite matches through FTS5 tables)."""
    return queryset.alias(search_document=StoredDocument()) if is_postgres() else queryset


def text_matches(model: type[Model], query: str, parsed: ParsedQuery, *, words_only: bool = False) -> Q:
    """Records of `model` whose document matches `query` (see with_document), or only all its words."""
    if is_postgres():
        return Q(search_document=pg_words_query(parsed) if words_only else pg_search_query(query))
    match = fts5_words_query(parsed) if words_only else fts5_query(parsed)
    table = fts_table(model)
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match]))


def search_queryset(
    queryset: QuerySet, query: str, *, ranked: bool = True, window: int | None = None
) -> QuerySet:
    """Filter `queryset` (statements, claims, actors or articles) to matches of `query`.

    ranked: annotate `search_rank` (higher is better) and order by it, then by pk; otherwise
    only filter, and the queryset keeps its own order. window: only the newest `window`
    records holding every word of the query (or, for actors and statements, named by it) are
    matched and ranked (claims/match_window.py), so that ranking costs the window, not every
    match. A query without a positive term matches nothing; one too long raises QueryTooLong.
    """
    model = queryset.model
    if model not in DOCUMENTS:
        raise ValueError(f"{model.__name__} is not searchable.")
    parsed = check_query(query)
    if not parsed.required:
        return queryset.none()
    if not ranked or window is not None:
        return _bounded_search(queryset, query, parsed, ranked=ranked, window=window)
    names = actor_name_matches(parsed) if model is Actor else None
    speakers = _speaker_name_matches(parsed) if model is Statement else None
    if is_postgres():
        search = pg_search_query(query)
        queryset = queryset.alias(search_document=StoredDocument())
        matches = Q(search_document=search)
        rank = SearchRank(StoredDocument(), search)
    else:
        match = fts5_query(parsed)
        table = fts_table(model)
        matches = Q(pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match]))
        rank = Fts5Rank(model, match)
    if names is not None:
        # A name match ranks above any text match: it is what someone typing a name wants.
        matches |= names
        rank = Case(When(names, then=Value(100.0)), default=Value(0.0), output_field=FloatField()) + Coalesce(
            rank, Value(0.0), output_field=FloatField()
        )
    else:
        rank = Coalesce(rank, Value(0.0), output_field=FloatField())
    if speakers is not None:
        # What a named actor said, ranked below statements whose own words match. The text match
        # goes in a subquery: OR-ed directly with the speaker condition, PostgreSQL would scan every
        # row instead of using the GIN index.
        own_words = (
            model._base_manager.alias(search_document=StoredDocument())
            if is_postgres()
            else model._base_manager
        )
        matches = Q(pk__in=own_words.filter(matches).values("pk")) | speakers
    return queryset.filter(matches).annotate(search_rank=rank).order_by("-search_rank", "pk")


def named_actors(parsed: ParsedQuery) -> list[int]:
    """The actors the query names (by any spelling of a name or alias), at most MAX_NAMED_ACTORS."""
    names = actor_name_matches(parsed)
    if names is None:
        return []
    return list(Actor.objects.filter(names).order_by("pk").values_list("pk", flat=True)[:MAX_NAMED_ACTORS])


def _bounded_search(
    queryset: QuerySet, query: str, parsed: ParsedQuery, *, ranked: bool, window: int | None
) -> QuerySet:
    """search_queryset for a list page: its matches in its own order, or the newest `window` ranked.

    The actors named, then the window, are read first (a query each) and matched by id: a
    condition on the speaker as a list of ids lets PostgreSQL combine it with the GIN index,
    where a subquery would be evaluated for every match.
    """
    model = queryset.model
    named = named_actors(parsed) if model in {Actor, Statement} else []
    by_name = Q(pk__in=named) if model is Actor else Q(speaker_id__in=named)
    matches = text_matches(model, query, parsed)
    if named:
        matches |= by_name
    if window is not None:
        words = text_matches(model, "", parsed, words_only=True)
        candidates = with_document(queryset).filter(words | by_name if named else words)
        # Read first, as ids: as a subquery, under the statements list's joins_as_written (which
        # keeps the join order as written) PostgreSQL checked it against every match (5.8 s at 1M).
        newest = [row["pk"] for row in newest_matches(candidates, window)]
        queryset = queryset.filter(pk__in=newest)
    queryset = with_document(queryset).filter(matches)
    if not ranked:
        return queryset
    if is_postgres():
        text_rank = SearchRank(StoredDocument(), pg_search_query(query))
    else:
        text_rank = Fts5Rank(model, fts5_query(parsed))
    rank = Coalesce(text_rank, Value(0.0), output_field=FloatField())
    if named and model is Actor:
        # A name ranks above any text match: it is what someone typing a name wants.
        rank = Case(When(by_name, then=Value(100.0)), default=Value(0.0), output_field=FloatField()) + rank
    return queryset.annotate(search_rank=rank).order_by("-search_rank", "pk")


# ---------------------------------------------------------------- snippets


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """Plain text around the first occurrence of a term (or of its stem), else the beginning."""
    text = " ".join(text.split())
    position = -1
    for term in terms:
        for candidate in (term, term[: max(4, len(term) - 3)]):
            found = re.search(re.escape(candidate), text, flags=re.IGNORECASE)
            if found:
                position = found.start()
                break
        if position >= 0:
            break
    if len(text) <= width:
        return text
    start = max(0, position - width // 3) if position >= 0 else 0
    end = min(len(text), start + width)
    start = max(0, end - width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def rebuild_search_index() -> None:
    """Make the search index match the rows, after rows were written behind the ORM's back (import_kb).

    SQLite: rebuild each FTS5 table from its content table (its triggers fire on plain INSERTs too,
    but a rebuild also repairs an index that missed rows). PostgreSQL: the stored generated
    `search_document` columns were computed as the rows went in; ANALYZE gives the planner the
    statistics of the new rows, so that searches use the GIN indexes at once.
    """
    with connection.cursor() as cursor:
        for model in DOCUMENTS:
            table = model._meta.db_table
            if is_postgres():
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
            else:
                cursor.execute(f"INSERT INTO {fts_table(model)}({fts_table(model)}) VALUES ('rebuild')")


# ---------------------------------------------------------------- weapon systems by designation


def _compact(text: str) -> str:
    """ "mk41vls" for "Mk 41 VLS", "Mk-41 vls" or "MK41VLS": a designation whatever its spacing."""
    return "".join(normalize_name(to_latin(text)).split())


def find_weapons(query: str, *, published_only: bool = True) -> list[WeaponSystem]:
    """Weapon systems named in `query` by their name or a designation, however spaced or hyphenated.

    A weapon matches when one of its names equals a run of consecutive query words
    run together: "Mk41", "Mk 41 VLS" and "the Mk 41 launchers" all name the Mk 41,
    "SSC-8" and "9М729" (Cyrillic М) the 9M729. Weapon systems are few, so their names
    are matched here rather than indexed: two queries, whatever the query.
    """
    words = normalize_name(to_latin(query)).split()
    runs = {
        "".join(words[start:end])
        for start in range(len(words))
        for end in range(start + 1, min(len(words), start + MAX_DESIGNATION_WORDS) + 1)
    }
    if not runs:
        return []
    weapons = WeaponSystem.objects.published() if published_only else WeaponSystem.objects.all()
    found = []
    for weapon in weapons.prefetch_related("designations").order_by("name"):
        names = [weapon.name, *(designation.name for designation in weapon.designations.all())]
        if runs & {_compact(name) for name in names}:
            found.append(weapon)
    return found


def weapon_hits(query: str) -> list[SearchHit]:
    """The published weapon systems `query` names, as search hits (see find_weapons)."""
    terms = query_terms(query)
    return [
        SearchHit("weapon", weapon, weapon.name, snippet(weapon.description, terms), 0.0)
        for weapon in find_weapons(query)
    ]
