"""The newest records matching a full-text condition, a bounded number, by whichever plan is cheap.

Both the search box (claims/top_hits.py) and the lists' `?q=` (claims/search.py) rank
only a window of the newest matches, so that ranking costs what the window holds, not
what the corpus holds. PostgreSQL finds the newest matches one of two ways: walking the
newest records backwards through a btree, stopping after the window is full (fast when
the words are common), or reading every match from the GIN index and sorting them (fast
when they are rare). Its planner guesses the share of matching rows from column
statistics, which know only the common words: a word it does not know is guessed at 0.5%,
and a walk in search of 200 matches then reads the whole table. So the planner's estimate
is read first (one EXPLAIN) and, when it says "few", the walk is ruled out. The results
are the same either way; only the cost differs (docs/performance.md, "Search").
"""

import json

from django.db import connection
from django.db.models import ExpressionWrapper, F, Model, QuerySet
from django.db.models.expressions import OrderBy

from claims.models import Actor, Claim, Statement
from sources.models import Article

# "Newest" for each kind: the one place that says it, all fields descending.
# After the merge of Statement.reported_on (indexed), statements should use
# ("-reported_on", "-pk") so that "newest" means the date a reader sees.
RECENCY: dict[type[Model], tuple[str, ...]] = {
    Statement: ("-pk",),
    Claim: ("-pk",),
    Actor: ("-pk",),
    Article: ("-pk",),
}
# PostgreSQL: when the planner expects at most this many candidates of a kind, they are read
# from the GIN index and sorted (a few thousand rows at most), never by walking the table.
FEW_CANDIDATES = 5000


def estimated_rows(candidates: dict[str, QuerySet]) -> dict[str, float]:
    """PostgreSQL: how many rows of each queryset the planner expects, from one EXPLAIN."""
    parts, params = [], []
    for queryset in candidates.values():
        sql, query_params = queryset.values("pk").query.sql_with_params()
        parts.append(f"(SELECT count(*) FROM ({sql}) AS candidates)")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT {', '.join(parts)}", params)
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    tables = {queryset.model._meta.db_table: kind for kind, queryset in candidates.items()}
    estimates = dict.fromkeys(candidates, 0.0)

    def visit(node: dict) -> None:
        kind = tables.get(node.get("Relation Name", ""))
        if kind is not None:
            estimates[kind] = max(estimates[kind], float(node["Plan Rows"]))
        for child in node.get("Plans", ()):
            visit(child)

    visit(plan[0]["Plan"])
    return estimates


def newest_first(model: type[Model], *, through_btree: bool) -> list[OrderBy]:
    """RECENCY as an ordering; without the btree, an expression no index can walk (PostgreSQL)."""
    ordering = []
    for field in RECENCY[model]:
        name = field.removeprefix("-")
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        # "key + 0" orders as the key does, but PostgreSQL cannot walk an index to produce it.
        expression = F(name) if through_btree else ExpressionWrapper(F(name) + 0, output_field=field)
        ordering.append(OrderBy(expression, descending=True))
    return ordering


def newest_matches(candidates: QuerySet, window: int) -> QuerySet:
    """The primary keys of the newest `window` rows of `candidates`, as a subquery (one EXPLAIN first)."""
    few = connection.vendor == "postgresql" and estimated_rows({"": candidates})[""] <= FEW_CANDIDATES
    ordering = newest_first(candidates.model, through_btree=not few)
    return candidates.order_by(*ordering).values("pk")[:window]
