"""Related rows read with their record, in the record's own query, as a JSON list.

A list page that prefetches each row's related records pays a query (planned,
sent, its rows turned into model instances) per relation. `JSONList` gathers
them in a correlated subquery of the page's one query instead: `jsonb_agg` on
PostgreSQL, `json_group_array` on SQLite, decoded to Python lists by JSONListField (orjson).
The order of the items is not guaranteed (SQLite's aggregates take no ORDER BY
before 3.44): callers sort them. A list can be bounded (`first`): a hub claim has
thousands of relations, and a page of 50 such claims was 10 MB.

The lists' queries are built once per process and kind of reader (claims/api.py's
CLAIM_ROWS and STATEMENT_PAGE_ROWS), but Django compiles every subquery again for
every request: about a millisecond per page for four of them, a quarter of the
claims list's cost above its floor. `CompiledOnce` keeps each subquery's SQL once
compiled.
"""

from typing import Any

import orjson
from django.db.models import Aggregate, JSONField, OuterRef, QuerySet, Subquery


class JSONListField(JSONField):
    """A JSON list read with orjson: a 50-row page decodes 200 of them (json.loads: 0.2 ms)."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return None if value is None else orjson.loads(value)


class JSONList(Aggregate):
    """The aggregated values as one JSON array (NULL when there are none)."""

    function = "JSONB_AGG"
    output_field = JSONListField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra)


def related_list(related: QuerySet, link: str, item: Any, *, first: int | None = None) -> Subquery:
    """For each outer row, a JSON list of `item` over the rows of `related` whose `link` is its pk.

    `item` is an expression (a value, or a JSONObject of several); the rows are those `related`
    holds, so a visibility rule applied to it applies to the list. With `first`, only the first
    `first` of them by primary key (read through the index on `link`, however many there are).
    """
    rows = related.filter(**{link: OuterRef("pk")})
    if first is not None:
        return BoundedJSONList(rows.order_by("pk").values(items=item)[:first], output_field=JSONListField())
    rows = rows.order_by().values(link).annotate(items=JSONList(item))
    return CompiledOnce(rows.values("items"), output_field=JSONListField())


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
            sql, params = self.compile_once(compiler, connection)
            self._compiled[connection.alias] = (sql, tuple(params))
        return self._compiled[connection.alias]

    def compile_once(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        return super().as_sql(compiler, connection)


class BoundedJSONList(CompiledOnce):
    """The `items` of a sliced subquery's rows as one JSON array (NULL when there are none): an
    aggregate cannot take a LIMIT, so it reads them from the slice as a derived table."""

    TEMPLATES = {
        "postgresql": "(SELECT JSONB_AGG(bounded.items) FROM (%(subquery)s) AS bounded)",
        # JSON(): the items are JSON texts, not strings to quote.
        "sqlite": "(SELECT JSON_GROUP_ARRAY(JSON(bounded.items)) FROM (%(subquery)s) AS bounded)",
    }

    def compile_once(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        return Subquery.as_sql(self, compiler, connection, template=self.TEMPLATES[connection.vendor])
