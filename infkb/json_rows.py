"""Related rows read with their record, in the record's own query, as a JSON list.

A list page that prefetches each row's related records pays a query (planned,
sent, its rows turned into model instances) per relation. `JSONList` gathers
them in a correlated subquery of the page's one query instead: `jsonb_agg` on
PostgreSQL, `json_group_array` on SQLite, decoded to Python lists by JSONField.
The order of the items is not guaranteed (SQLite's aggregates take no ORDER BY
before 3.44): callers sort them.
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
    return Subquery(rows.values("items"), output_field=JSONField())
