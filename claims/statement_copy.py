"""The statements' CSV and JSON Lines exports as SELECTs, for PostgreSQL to write with COPY
(infkb.copy_stream).

The CSV's cells are those infkb.api.stream_csv writes from
StatementListSerializer, computed in SQL: the same columns and values, lists
joined by " | ", empty cells for nothing, free text made spreadsheet-safe (a
leading apostrophe before a formula). Only the line ends differ from Python's
csv module (LF where it writes CRLF); CSV readers take both. The JSON Lines'
records are StatementListSerializer's, built with json_build_object. The rows
are the list's: its filters, visibility and order come with the queryset.
"""

from django.db import connection
from django.db.models import F, Prefetch, QuerySet, TextField, Value
from django.db.models.expressions import Case, Func, When
from django.db.models.functions import Cast, Concat, Lower, StrIndex
from django.db.models.lookups import GreaterThan

from claims.list_serializers import url_parts

_STATEMENT = 987654321987  # a statement id no statement has, replaced by each row's in the SQL
FREE_TEXT = {"text", "speaker_name", "speaker_role", "article_title", "outlet_name", "venue"}


class ToChar(Func):
    function = "to_char"
    output_field = TextField()


def spreadsheet_safe(column: str) -> str:
    """infkb.api.spreadsheet_safe in SQL: an apostrophe before a cell that starts like a formula."""
    return (
        f"CASE WHEN left({column}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') "
        f"AND {column} !~ '^[+-]?[0-9]+(\\.[0-9]+)?$' THEN '''' || {column} ELSE {column} END"
    )


def _visible_stances(queryset: QuerySet, statement_id: str) -> str:
    """SQL of a statement's visible stances (claim, text, stance, status), in the prefetch's order.

    `statement_id` is the SQL of the statement's id in the enclosing query.
    """
    visible = next(
        lookup.queryset
        for lookup in queryset._prefetch_related_lookups
        if isinstance(lookup, Prefetch) and lookup.to_attr == "visible_stances"
    )
    # The prefetch's order: Stance.Meta orders by claim, and a claim's order is its text.
    rows = (
        visible.filter(statement_id=_STATEMENT)
        .order_by("claim__text", "stance")
        .values_list("claim_id", "claim__text", "stance", "status")
    )
    sql = connection.ops.compose_sql(*rows.query.sql_with_params())
    assert sql.count(str(_STATEMENT)) == 1, "the sentinel statement id is in the SQL once"
    return f"({sql.replace(str(_STATEMENT), statement_id)}) AS o(claim, text, stance, status)"


def _stances_lateral(queryset: QuerySet, statement_id: str) -> str:
    """SQL for one row `cells`: a statement's visible stances' claims, claim texts and stances,
    each list joined by " | " in the prefetch's order, the three joined by the unit separator \x1f.

    One index probe and one small sort per statement; three ordered aggregates cost twice that.
    """
    return (
        "SELECT string_agg(o.claim::text, ' | ') || E'\\x1f' || string_agg(o.text, ' | ') "
        f"|| E'\\x1f' || string_agg(o.stance, ' | ') AS cells FROM {_visible_stances(queryset, statement_id)}"
    )


def _literal(value: str) -> str:
    return connection.ops.compose_sql("%s", [value])


def _url(context: dict, view_name: str, pk_sql: str) -> str:
    """SQL of the absolute URL of record `pk_sql` in `view_name`, as url_maker writes it."""
    head, tail = url_parts(context, view_name)
    return f"{_literal(head + '/')} || {pk_sql} || {_literal('/' + tail)}"


def statements_jsonl_select(queryset: QuerySet, context: dict) -> str:
    """A SELECT of one JSON text a row: StatementListSerializer's record of each row of `queryset`."""
    columns = {
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
        "role_held": _role_held(),
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
    inner = queryset.prefetch_related(None).values(
        **{f"c_{n}": cell for n, cell in enumerate(columns.values())}
    )
    at = {name: f'q."c_{n}"' for n, name in enumerate(columns)}
    fields = [
        ("id", at["id"]),
        ("url", _url(context, "api:statement-detail", at["id"])),
        *[(name, at[name]) for name in ("kind", "text", "speaker")],
        ("speaker_url", _url(context, "api:actor-detail", at["speaker"])),
        *[(name, at[name]) for name in ("speaker_name", "speaker_wikidata_id")],
        *[(name, at[name]) for name in ("reported_speaker", "reported_speaker_name")],
        *[(name, at[name]) for name in ("speaker_role", "role", "role_held", "article")],
        ("article_url", _url(context, "api:article-detail", at["article"])),
        *[
            (name, at[name])
            for name in ("article_title", "outlet_name", "outlet_wikidata_id", "published_on")
        ],
        *[(name, at[name]) for name in ("translation", "original_language")],
        *[(name, at[name]) for name in ("said_on", "said_precision")],
        ("said", f"COALESCE({at['said']}, '')"),  # iso_fuzzy_date: "" for no date
        *[(name, at[name]) for name in ("venue", "start", "end")],
        ("events", "ev.events"),
        ("stances", "st.stances"),
        *[(name, at[name]) for name in ("status", "version")],
    ]
    record = ", ".join(f"{_literal(key)}, {value}" for key, value in fields)
    stance = (
        f"json_build_object('claim', o.claim, 'claim_url', {_url(context, 'api:claim-detail', 'o.claim')}, "
        "'claim_text', o.text, 'stance', o.stance, 'status', o.status)"
    )
    # Event.Meta orders by date, then title: the prefetch's order.
    events = (
        "SELECT COALESCE(json_agg(e.id ORDER BY e.date, e.title), '[]') AS events "
        "FROM claims_statement_events se JOIN claims_event e ON e.id = se.event_id "
        f"WHERE se.statement_id = {at['id']}"
    )
    sql, params = inner.query.sql_with_params()
    # As in the CSV: the lateral joins (nested loops over the list's ordered rows) keep its order.
    return (
        f"SELECT json_build_object({record}) FROM ({connection.ops.compose_sql(sql, params)}) AS q "
        f"CROSS JOIN LATERAL ({events}) AS ev "
        f"CROSS JOIN LATERAL (SELECT COALESCE(json_agg({stance}), '[]') AS stances "
        f"FROM {_visible_stances(queryset, at['id'])}) AS st"
    )


def _role_held() -> Case:
    """str(statement.role) in SQL (claims.models.Role.__str__): "Director, Department X", or the
    title alone when it names its organisation; NULL with no role."""
    title, organisation = F("role__title"), F("role__organisation__name")
    names_it = GreaterThan(StrIndex(Lower(title), Lower(organisation)), 0)
    return Case(
        When(role__isnull=True, then=Value(None)),
        When(role__organisation__isnull=True, then=title),
        When(names_it, then=title),
        default=Concat(title, Value(", "), organisation),
        output_field=TextField(),
    )


def _fuzzy_said() -> Case:
    """infkb.dates.iso_fuzzy_date of said_on at its precision, in SQL (NULL for no date)."""
    return Case(
        When(said_precision="year", then=ToChar(F("said_on"), Value("YYYY"))),
        When(said_precision="month", then=ToChar(F("said_on"), Value("YYYY-MM"))),
        default=ToChar(F("said_on"), Value("YYYY-MM-DD")),
    )


def statements_csv_select(queryset: QuerySet, context: dict, columns: list[str]) -> str:
    """A SELECT whose rows are the CSV rows of `queryset` (the list's), parameters inlined for COPY."""
    head, tail = url_parts(context, "api:statement-detail")
    cells = {
        "id": F("id"),
        "url": Concat(
            Value(head + "/"), Cast("id", TextField()), Value("/" + tail), output_field=TextField()
        ),
        "kind": F("kind"),
        "text": F("text"),
        "speaker": F("speaker_id"),
        "speaker_name": F("speaker__name"),
        "speaker_wikidata_id": F("speaker__wikidata_id"),
        "reported_speaker": F("reported_speaker_id"),
        "reported_speaker_name": F("reported_speaker__name"),
        "speaker_role": F("speaker_role"),
        "role": F("role_id"),
        "role_held": _role_held(),
        "article": F("article_id"),
        "article_title": F("article__title"),
        "outlet_name": F("article__outlet__name"),
        "outlet_wikidata_id": F("article__outlet__wikidata_id"),
        "published_on": ToChar(F("article__published_on"), Value("YYYY-MM-DD")),
        "translation": F("article__translation"),
        "original_language": F("article__original_language"),
        "said": _fuzzy_said(),
        "venue": F("venue"),
        "start": F("start"),
        "end": F("end"),
        "status": F("status"),
    }
    inner = queryset.prefetch_related(None).values(
        **{f"c_{n}": cell for n, cell in enumerate(cells.values())}
    )
    sql, params = inner.query.sql_with_params()
    position = {name: f'q."c_{n}"' for n, name in enumerate(cells)}
    position["stances"] = "st.cells"
    stance_part = {"stances.claim": 1, "stances.claim_text": 2, "stances.stance": 3}
    outer = []
    for column in columns:
        if column in stance_part:
            cell = f"split_part({position['stances']}, E'\\x1f', {stance_part[column]})"
        else:
            cell = f"{position[column]}::text"
        if column in FREE_TEXT or column == "stances.claim_text":
            cell = spreadsheet_safe(cell)
        outer.append(f"NULLIF({cell}, '')")  # nothing is an empty cell, as Python writes it
    # The subquery's ORDER BY is the list's; a lateral join (a nested loop over it) keeps that order.
    return (
        f"SELECT {', '.join(outer)} FROM ({connection.ops.compose_sql(sql, params)}) AS q "
        f"CROSS JOIN LATERAL ({_stances_lateral(queryset, position['id'])}) AS st"
    )
