"""The newest statements of several groups of stances at once, each read as a bounded slice.

The claim, actor and weapon pages show, for a few groups of stances (one side of a
claim; an actor's statements of one stance on one claim; the denials of a claim…),
the statements ranked offset+1 … offset+limit newest first, in the order of
Statement.objects.latest(). A window over all of a group's rows would sort a big
claim's 57,000 stances to show 20. Instead each group gets a cutoff: the
`reported_on` of its (offset+limit)-th newest stance, read from the index
stance_claim_side_latest_idx; only the stances on or after that date are ranked
(all of a group's stances when it has fewer).
Ties on the cutoff date are all kept, so the ranks are those in the whole group.
"""

import datetime
from dataclasses import dataclass

from django.db import connections
from django.db.models import DateField, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from claims.models import STATEMENT_CARD_RELATIONS, Stance, statements_newest_first


@dataclass(frozen=True)
class Group:
    """The stances whose `partition` fields hold `key`, ranks offset+1 … offset+limit."""

    key: tuple
    limit: int
    offset: int = 0


def newest_stances(
    stances: QuerySet, partition: tuple[str, ...], groups: list[Group]
) -> list[tuple[tuple, Stance]]:
    """(group key, stance) for each group's slice of `stances`, newest first within a group. Two queries.

    `partition` names the Stance fields that tell the groups apart ("claim_id", "stance"…), each
    group's `key` their values. `stances` holds the visibility rules. Each stance comes with its
    statement, what a statement card shows of it (STATEMENT_CARD_RELATIONS), and its claim.
    The cutoffs are read first, in a query of their own, so that the planner sees them as
    dates: as parameters of one query, it guessed a third of each claim and went parallel.
    """
    if not groups:
        return []
    bounded = Q()
    for group, cutoff in zip(groups, _cutoffs(stances, partition, groups), strict=True):
        members = Q(**dict(zip(partition, group.key, strict=True)))
        bounded |= members & Q(reported_on__gte=cutoff) if cutoff else members
    named = {f"slice_{field}": F(field) for field in partition}
    rows = (
        stances.filter(bounded)
        # The speaker's country too: the weapon page's range chart colours each bar by it.
        .select_related(
            *(f"statement__{related}" for related in STATEMENT_CARD_RELATIONS),
            "statement__speaker__country",
            "claim",
        )
        .defer("statement__article__text")  # kilobytes a row, which no statement card shows
        .annotate(
            **named,
            rank=Window(
                RowNumber(),
                partition_by=[F(field) for field in partition],
                order_by=statements_newest_first("statement__", date="reported_on"),
            ),
        )
        .order_by(*named, "rank")
    )

    def key(stance: Stance) -> tuple:
        return tuple(getattr(stance, name) for name in named)

    if any(group.offset for group in groups):
        # A later page: the cutoffs bound the rows to its end, the database keeps the page's ranks
        # (each group's own, whatever the others' pages), so every row it returns is on the page.
        return [(key(stance), stance) for stance in rows.filter(_on_page(partition, groups))]
    # A first page needs no filter on the ranks in SQL: the cutoffs leave only its rows and the
    # ties on its last date, dropped here. Django's filter on a window (a query wrapped around the
    # query, every joined column compiled twice) cost more than the rows it dropped.
    limits = {group.key: group.limit for group in groups}
    return [(key(stance), stance) for stance in rows if stance.rank <= limits[key(stance)]]


def _on_page(partition: tuple[str, ...], groups: list[Group]) -> Q:
    """Each group's ranks offset+1 … offset+limit, as a condition on the annotated rank."""
    ranges = {(group.offset, group.limit) for group in groups}
    if len(ranges) == 1:
        ((offset, limit),) = ranges
        return Q(rank__gt=offset, rank__lte=offset + limit)
    on_page = Q()
    for group in groups:
        members = Q(**{f"slice_{field}": value for field, value in zip(partition, group.key, strict=True)})
        on_page |= members & Q(rank__gt=group.offset, rank__lte=group.offset + group.limit)
    return on_page


def _cutoffs(
    stances: QuerySet, partition: tuple[str, ...], groups: list[Group]
) -> list[datetime.date | None]:
    """The reported_on of each group's (offset+limit)-th newest stance (None: it has fewer). One query.

    Each group's cutoff is a scalar subquery. They differ only in the group's key and position, so
    the subquery is compiled once per position with placeholder keys and each group's key bound in
    their place: compiling one Django subquery per group (30 on an actor's page) cost more CPU than
    the database took to answer them all.
    """
    compiled = {}
    selects, params = [], []
    for group in groups:
        end = group.offset + group.limit
        if end not in compiled:
            compiled[end] = _nth_newest(stances, partition, end)
        sql, template_params, slots = compiled[end]
        selects.append(f"({sql})")
        key = [str(value) if isinstance(value, str) else value for value in group.key]  # choices as text
        params += [
            key[slot] if slot is not None else param
            for param, slot in zip(template_params, slots, strict=True)
        ]
    with connections[stances.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        row = cursor.fetchone()
    as_date = DateField().to_python  # SQLite gives the dates as text
    return [as_date(value) if value is not None else None for value in row]


def _nth_newest(
    stances: QuerySet, partition: tuple[str, ...], end: int
) -> tuple[str, list, list[int | None]]:
    """The SQL of "the reported_on of the end-th newest stance of a group", its parameters, and for
    each parameter the index in the group's key of the value that takes its place (None: kept)."""
    placeholders = tuple(_placeholder(field, number) for number, field in enumerate(partition))
    members = stances.filter(**dict(zip(partition, placeholders, strict=True)))
    sql, params = (
        members.order_by("-reported_on").values("reported_on")[end - 1 : end].query.sql_with_params()
    )
    slots = [placeholders.index(param) if param in placeholders else None for param in params]
    if sorted(slot for slot in slots if slot is not None) != list(range(len(partition))):
        raise ValueError(f"each of {partition} must be one parameter of the cutoff's query: {sql}")
    return sql, list(params), slots


def _placeholder(field: str, number: int) -> int | str:
    """A value no row holds in `field`, to be found among the compiled query's parameters."""
    if Stance._meta.get_field(field.removesuffix("_id")).get_internal_type() in ("CharField", "TextField"):
        return f"\x00group-key-{number}"
    return -(2**31) + number  # ids are positive
