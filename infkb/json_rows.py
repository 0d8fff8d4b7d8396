"""Related rows read with their record, in the record's own query, as a JSON list.

A list page that prefetches each row's related records pays a query (planned,
sent, its rows turned into model instances) per relation. `JSONList` gathers
them in a correlated subquery of the page's one query instead: `jsonb_agg` on
PostgreSQL, `json_group_array` on SQLite, decoded to Python lists by JSONField.
The order of the items is not guaranteed (SQLite's aggregates take no ORDER BY
before 3.44): callers sort them.

The lists' queries are built once per process and kind of reader (claims/api.py's
CLAIM_ROWS and STATEMENT_PAGE_ROWS), but Django compiles every subquery again for
every request: about a millisecond per page for four of them, a quarter of the
claims list's cost above its floor. `CompiledOnce` keeps each subquery's SQL once
compiled.
"""

from typing import Any

from django.db.models import Aggregate, JSONField, OuterRef, QuerySet, Subquery


class JSONList(Aggregate):
    """The aggregated values as one JSON array (NULL when there are none)."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra)


def related_list(related: QuerySet, link: str, item: Any) -> Subquery:
    """For each outer row, a JSON list of `item` over the rows of `related` whose `link` is its pk.

    `item` is an expression (a value, or a JSONObject of several); the rows are those `related`
    holds, so a visibility rule applied to it applies to the list.
    """
    rows = related.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(items=JSONList(item))
    return CompiledOnce(rows.values("items"), output_field=JSONField())


class CompiledOnce(Subquery):
    """A subquery whose SQL is compiled once per database alias and reused (by every thread).

    Safe because a resolved subquery's SQL depends only on the connection: its outer references
    are bound to the outer query's aliases when it is added to that query, and every change Django
    makes to an expression (resolving, relabelling for a query nested in another) goes through
    copy(), which starts an empty cache.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compiled: dict[str, tuple[str, tuple]] = {}

    def copy(self) -> "CompiledOnce":
        clone = super().copy()
        clone._compiled = {}
        return clone

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple]:
        if extra:  # a caller's own template: not what was cached
            return super().as_sql(compiler, connection, **extra)
        if connection.alias not in self._compiled:
            sql, params = super().as_sql(compiler, connection)
            self._compiled[connection.alias] = (sql, tuple(params))
        return self._compiled[connection.alias]
