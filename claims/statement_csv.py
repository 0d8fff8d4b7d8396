"""The statements' CSV export as one SELECT, for PostgreSQL to write with COPY (infkb.copy_stream).

The cells are those infkb.api.stream_csv writes from StatementListSerializer,
computed in SQL: the same columns and values, lists joined by " | ", empty
cells for nothing, free text made spreadsheet-safe (a leading apostrophe
before a formula). The rows are the list's: its filters, visibility and
order come with the queryset. Only the line ends differ from Python's csv
module (LF where it writes CRLF); CSV readers take both.
"""

from django.db import connection
from django.db.models import F, Prefetch, QuerySet, TextField, Value
from django.db.models.expressions import Case, Func, When
from django.db.models.functions import Cast, Concat

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


def _stances_lateral(queryset: QuerySet, statement_id: str) -> str:
    """SQL for one row `cells`: a statement's visible stances' claims, claim texts and stances,
    each list joined by " | " in the prefetch's order, the three joined by the unit separator \x1f.

    One index probe and one small sort per statement; three ordered aggregates cost twice that.
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
        .values_list("claim_id", "claim__text", "stance")
    )
    sql = connection.ops.compose_sql(*rows.query.sql_with_params())
    assert sql.count(str(_STATEMENT)) == 1, "the sentinel statement id is in the SQL once"
    sql = sql.replace(str(_STATEMENT), statement_id)
    return (
        "SELECT string_agg(o.claim::text, ' | ') || E'\\x1f' || string_agg(o.text, ' | ') "
        f"|| E'\\x1f' || string_agg(o.stance, ' | ') AS cells FROM ({sql}) AS o(claim, text, stance)"
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
        "speaker_role": F("speaker_role"),
        "article": F("article_id"),
        "article_title": F("article__title"),
        "outlet_name": F("article__outlet__name"),
        "published_on": ToChar(F("article__published_on"), Value("YYYY-MM-DD")),
        "said": Case(
            When(said_precision="year", then=ToChar(F("said_on"), Value("YYYY"))),
            When(said_precision="month", then=ToChar(F("said_on"), Value("YYYY-MM"))),
            default=ToChar(F("said_on"), Value("YYYY-MM-DD")),
        ),
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
