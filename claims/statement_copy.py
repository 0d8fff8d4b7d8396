"""The statements' CSV and JSON Lines exports as SELECTs, for PostgreSQL to write with COPY
(infkb.copy_stream).

The CSV's cells are those infkb.api.stream_csv writes from
StatementListSerializer, computed in SQL: the same columns and values, lists
joined by " | ", empty cells for nothing, free text made spreadsheet-safe (a
leading apostrophe before a formula). Only the line ends differ from Python's
csv module (LF where it writes CRLF); CSV readers take both. The JSON Lines'
records are StatementListSerializer's, built with json_build_object. The rows
are the list's: its filters, visibility and order come with the queryset.

Both read a statement's columns from one definition (COLUMNS) and its visible
stances from one source (_with_stances): in statement-id order, the list's
default, the stances are aggregated in one pass in that order and merged with
the statements; in any other order, or filtered, looked up per statement (an
index probe and a sort of its few stances). Every list streams from
its first row: a reordered whole list is read through the index of its order,
not sorted whole first (at a million statements ?ordering=date spilled a 345 MB
sort to disk before the first row).
"""

from typing import Any

from django.db import connection
from django.db.models import F, Prefetch, QuerySet, TextField, Value
from django.db.models.expressions import Case, Func, When

from claims.list_serializers import role_held, url_parts, visible_event_links
from infkb.copy_stream import RANGE_HIGH, RANGE_LOW, PlannedSelect, SplitSelect

_STATEMENT = 987654321987  # a statement id no statement has, replaced by each row's in the SQL
FREE_TEXT = {"text", "speaker_name", "speaker_role", "article_title", "outlet_name", "venue"}


class ToChar(Func):
    function = "to_char"
    output_field = TextField()


def _fuzzy_said() -> Case:
    """infkb.dates.iso_fuzzy_date of said_on at its precision, in SQL (NULL for no date)."""
    return Case(
        When(said_precision="year", then=ToChar(F("said_on"), Value("YYYY"))),
        When(said_precision="month", then=ToChar(F("said_on"), Value("YYYY-MM"))),
        default=ToChar(F("said_on"), Value("YYYY-MM-DD")),
    )


def _columns() -> dict:
    """A statement's own values as StatementListSerializer gives them, by its field names
    (the URLs and the stances and events lists are added around them)."""
    return {
        "id": F("id"),
        "kind": F("kind"),
        "text": F("text"),
        "speaker": F("speaker_id"),
        "speaker_name": F("speaker__name"),
        "speaker_wikidata_id": F("speaker__wikidata_id"),
        "reported_speaker": F("reported_speaker_id"),
        "reported_speaker_name": F("reported_speaker__name"),
        "speaker_role": F("speaker_role"),
        "role": F("role_id"),
        "role_held": role_held(),
        "article": F("article_id"),
        "article_title": F("article__title"),
        "outlet_name": F("article__outlet__name"),
        "outlet_wikidata_id": F("article__outlet__wikidata_id"),
        "published_on": ToChar(F("article__published_on"), Value("YYYY-MM-DD")),
        "translation": F("article__translation"),
        "original_language": F("article__original_language"),
        "said_on": ToChar(F("said_on"), Value("YYYY-MM-DD")),
        "said_precision": F("said_precision"),
        "said": _fuzzy_said(),
        "venue": F("venue"),
        "start": F("start"),
        "end": F("end"),
        "status": F("status"),
        "version": F("version"),
    }


def _literal(value: str) -> str:
    return connection.ops.compose_sql("%s", [value])


def _url(context: dict, view_name: str, pk_sql: str) -> str:
    """SQL of the absolute URL of record `pk_sql` in `view_name`, as url_maker writes it."""
    head, tail = url_parts(context, view_name)
    # Cast, not `text || integer`: that looks up the integer's output function for every row (5 % of
    # the CSV export's CPU at a million statements).
    return f"{_literal(head + '/')} || ({pk_sql})::text || {_literal('/' + tail)}"


def _statements(queryset: QuerySet, names: list[str]) -> tuple[str, dict[str, str]]:
    """SQL of `queryset`'s rows (in its order) with the columns `names`, and each column's SQL
    as the enclosing query reads it (from the subquery `q`)."""
    columns = _columns()
    inner = queryset.prefetch_related(None).values(
        **{f"c_{n}": columns[name] for n, name in enumerate(names)}
    )
    sql = connection.ops.compose_sql(*inner.query.sql_with_params())
    return sql, {name: f'q."c_{n}"' for n, name in enumerate(names)}


def _visible_stances(queryset: QuerySet) -> QuerySet:
    """The prefetch's stances (those the reader may see), as rows (statement, claim, text, stance,
    status), in the prefetch's order within a statement: Stance.Meta orders by claim, and a
    claim's order is its text."""
    visible = next(
        lookup.queryset
        for lookup in queryset._prefetch_related_lookups
        if isinstance(lookup, Prefetch) and lookup.to_attr == "visible_stances"
    )
    return visible.values_list("statement_id", "claim_id", "claim__text", "stance", "status")


def _is_whole_list(queryset: QuerySet) -> bool:
    """Whether `queryset` is every statement the reader may see: nothing but conditions on the
    statement's status narrows it."""
    status = queryset.model._meta.get_field("status")

    def only_status(node: Any) -> bool:
        if hasattr(node, "children"):
            return all(only_status(child) for child in node.children)
        return getattr(getattr(node, "lhs", None), "target", None) == status

    return only_status(queryset.query.where)


def _whole_list_order(queryset: QuerySet) -> str | None:
    """The direction, "DESC" or "ASC", when `queryset` is the whole list in statement-id order, else None.

    A filtered list (one speaker's 40,000 statements: 2.6 s by lookups, 3.2 s merged at 1M)
    costs less by the lookups than by walking every stance.
    """
    if not _is_whole_list(queryset):
        return None
    first = queryset.query.order_by[0] if queryset.query.order_by else ""
    if first.lstrip("-") in {"pk", "id"}:
        return "DESC" if first.startswith("-") else "ASC"
    return None


def _with_stances(queryset: QuerySet, select: str, columns: list[str], aggregates: str) -> str:
    """SELECT `select` FROM the rows of `queryset` (columns `columns`, read as `q."c_N"`) joined with
    `st`, one row of `aggregates` over each statement's visible stances `o` (statement_id, claim,
    text, stance, status), aggregated in the prefetch's order; NULLs for a statement without any.

    `select` names a column as {name} and the statement's id as {id}.
    """
    sql, at = _statements(queryset, columns)
    fields = select.format(**at)  # the same names in a part's SQL: its columns are the same
    order = _whole_list_order(queryset)
    stances = _visible_stances(queryset)
    if order is None:
        # A filtered list, or any other order: one index probe per statement (a nested loop
        # over the list's ordered rows keeps their order), its few stances sorted by claim text.
        # The probe is fenced (OFFSET 0) so that, with sorts off below, the planner still sorts
        # its one or two stances instead of walking every claim in its text index to avoid it.
        rows = stances.filter(statement_id=_STATEMENT).order_by()
        probe = connection.ops.compose_sql(*rows.query.sql_with_params())
        assert probe.count(str(_STATEMENT)) == 1, "the sentinel statement id is in the SQL once"
        probe = probe.replace(str(_STATEMENT), at["id"])
        looked_up = (
            f"SELECT {fields} FROM ({sql}) AS q CROSS JOIN LATERAL (SELECT {aggregates} FROM (SELECT * FROM "
            f"(SELECT * FROM ({probe}) AS p(statement_id, claim, text, stance, status) OFFSET 0) AS fenced "
            "ORDER BY fenced.text, fenced.stance) AS o) AS st"
        )
        if not _is_whole_list(queryset):
            # A filtered list's rows are few enough to sort (one speaker's 40,000), and a sort of
            # them costs less than walking every statement in the order's index to find them.
            return looked_up
        # The whole list in another order (?ordering=date): read in the order's index from the
        # first row, where the planner costed one sort of every row as cheaper.
        return PlannedSelect(looked_up, ("enable_sort = off",))
    # The whole list in statement-id order: the stances of the listed statements, walked once in that order
    # (their statement index), sorted by claim text within each statement (an incremental sort),
    # aggregated per statement and merged with the statements: no lookup per statement, a
    # third of the export's time before. The subquery's order feeds each aggregate in order.
    # Every visible stance, not only the listed statements': the merge is a left join from the list,
    # which drops the others' groups. (A semi-join with the list's ids walked the statements and
    # their joins a second time, a tenth of the export.)
    direction = "-" if order == "DESC" else ""
    stances = stances.order_by(f"{direction}statement_id", "claim__text", "stance")

    def merged(statements: QuerySet, stances: QuerySet) -> str:
        sql, at = _statements(statements, columns)
        ordered = connection.ops.compose_sql(*stances.query.sql_with_params())
        return (
            f"SELECT {fields} FROM ({sql}) AS q LEFT JOIN (SELECT o.statement_id, {aggregates} "
            f"FROM ({ordered}) AS o(statement_id, claim, text, stance, status) "
            f"GROUP BY o.statement_id ORDER BY o.statement_id {order}) AS st ON st.statement_id = {at['id']} "
            f"ORDER BY {at['id']} {order}"
        )

    # The planner costs a COPY for its last row: at a million statements it found hash joins and
    # one sort of the whole result (337 MB on disk before the first row) as cheap as the index
    # walk. No sort where the indexes give the order.
    # A range of statements, their stances likewise: the parts infkb.copy_stream copies at once.
    part = merged(
        queryset.filter(pk__gte=RANGE_LOW, pk__lte=RANGE_HIGH),
        stances.filter(statement_id__gte=RANGE_LOW, statement_id__lte=RANGE_HIGH),
    )
    return SplitSelect(
        merged(queryset, stances),
        ("enable_sort = off",),
        part_sql=part,
        bounds_sql=f"SELECT min(id), max(id) FROM {queryset.model._meta.db_table}",
        descending=order == "DESC",
    )


def _events_of_statement(context: dict) -> str:
    """The ids of the events of the statement {id} that the request's reader may see, as SQL."""
    links = visible_event_links(context["request"].user).filter(statement_id=_STATEMENT).values("event_id")
    sql = connection.ops.compose_sql(*links.query.sql_with_params())
    assert sql.count(str(_STATEMENT)) == 1, "the sentinel statement id is in the SQL once"
    return sql.replace(str(_STATEMENT), "{id}")


def statements_jsonl_select(queryset: QuerySet, context: dict) -> str:
    """A SELECT of one JSON text a row: StatementListSerializer's record of each row of `queryset`."""
    columns = list(_columns())
    plain = lambda *names: [(name, f"{{{name}}}") for name in names]  # noqa: E731
    fields = [
        *plain("id"),
        ("url", _url(context, "api:statement-detail", "{id}")),
        *plain("kind", "text", "speaker"),
        ("speaker_url", _url(context, "api:actor-detail", "{speaker}")),
        *plain("speaker_name", "speaker_wikidata_id", "reported_speaker", "reported_speaker_name"),
        *plain("speaker_role", "role", "role_held", "article"),
        ("article_url", _url(context, "api:article-detail", "{article}")),
        *plain("article_title", "outlet_name", "outlet_wikidata_id", "published_on"),
        *plain("translation", "original_language"),
        *plain("said_on", "said_precision"),
        ("said", "COALESCE({said}, '')"),  # iso_fuzzy_date: "" for no date
        *plain("venue", "start", "end"),
        # Event.Meta orders by date, then title: the prefetch's order.
        (
            "events",
            "(SELECT COALESCE(json_agg(e.id ORDER BY e.date, e.title), '[]') "
            f"FROM claims_event e WHERE e.id IN ({_events_of_statement(context)}))",
        ),
        ("stances", "COALESCE(st.stances, '[]')"),
        *plain("status", "version"),
    ]
    record = ", ".join(f"{_literal(key)}, {value}" for key, value in fields)
    stance = (
        f"json_build_object('claim', o.claim, 'claim_url', {_url(context, 'api:claim-detail', 'o.claim')}, "
        "'claim_text', o.text, 'stance', o.stance, 'status', o.status)"
    )
    return _with_stances(queryset, f"json_build_object({record})", columns, f"json_agg({stance}) AS stances")


def spreadsheet_safe(column: str) -> str:
    """infkb.api.spreadsheet_safe in SQL: an apostrophe before a cell that starts like a formula
    (=, +, -, @, tab or carriage return, compared as code points: cheaper than as text)."""
    return (
        f"CASE WHEN ascii({column}) IN (61, 43, 45, 64, 9, 13) "
        f"AND {column} !~ '^[+-]?[0-9]+(\\.[0-9]+)?$' THEN '''' || {column} ELSE {column} END"
    )


# The CSV's stance columns: each one list of StatementListSerializer's stances, joined by " | ".
STANCE_LISTS = {
    "stances.claim": "st.claims",
    "stances.claim_text": "st.texts",
    "stances.stance": "st.stances",
}


# Cells never an empty text, taken as they are (NULL is an empty cell): numbers, and dates as
# to_char writes them. No cast and no comparison with '' on each of them (a tenth of the COPY).
NEVER_EMPTY = {"id", "speaker", "reported_speaker", "role", "article", "start", "end", "version"} | {
    "published_on",
    "said_on",
    "said",
}


def statements_csv_select(queryset: QuerySet, context: dict, columns: list[str]) -> str:
    """A SELECT whose rows are the CSV rows of `queryset` (the list's), parameters inlined for COPY."""
    own = [name for name in _columns() if name in columns or name == "id"]
    cells = []
    for column in columns:
        if column in NEVER_EMPTY:
            cells.append(f"{{{column}}}")  # as it is: COPY writes a number as str() does
            continue
        if column == "url":
            cells.append(_url(context, "api:statement-detail", "{id}"))
            continue
        cell = STANCE_LISTS.get(column, f"{{{column}}}::text")
        if column in FREE_TEXT or column == "stances.claim_text":
            cell = spreadsheet_safe(cell)
        cells.append(f"NULLIF({cell}, '')")  # nothing is an empty cell, as Python writes it
    aggregates = (
        "string_agg(o.claim::text, ' | ') AS claims, string_agg(o.text, ' | ') AS texts, "
        "string_agg(o.stance, ' | ') AS stances"
    )
    return _with_stances(queryset, ", ".join(cells), own, aggregates)
