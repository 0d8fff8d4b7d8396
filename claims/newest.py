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
from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import Case, DateField, Q, QuerySet, Subquery, Value, When, Window
from django.db.models.functions import RowNumber

from claims.models import Stance, statements_newest_first


@dataclass(frozen=True)
class Group:
    """The stances matching `where` (a filter on Stance), ranks offset+1 … offset+limit."""

    key: Hashable
    where: Q
    limit: int
    offset: int = 0


def newest_stances(stances: QuerySet, groups: list[Group]) -> list[tuple[Hashable, Stance]]:
    """(group key, stance) for each group's slice of `stances`, newest first within a group. Two queries.

    `stances` holds the visibility rules; the groups should be disjoint. Each stance comes with
    its statement, the statement's speaker and article (with its outlet), and its claim.
    The cutoffs are read first, in a query of their own, so that the planner sees them as
    dates: as parameters of one query, it guessed a third of each claim and went parallel.
    """
    if not groups:
        return []
    bounded, numbered, on_page = Q(), [], Q()
    for number, (group, cutoff) in enumerate(zip(groups, _cutoffs(stances, groups), strict=True)):
        bounded |= group.where & Q(reported_on__gte=cutoff) if cutoff else group.where
        numbered.append(When(group.where, then=Value(number)))
        on_page |= Q(group_number=number, rank__gt=group.offset, rank__lte=group.offset + group.limit)
    rows = (
        stances.filter(bounded)
        .select_related("statement__speaker", "statement__article__outlet", "claim")
        .annotate(
            group_number=Case(*numbered),
            rank=Window(
                RowNumber(),
                partition_by=Case(*numbered),
                order_by=statements_newest_first("statement__", date="reported_on"),
            ),
        )
        .filter(on_page)
        .order_by("group_number", "rank")
    )
    return [(groups[stance.group_number].key, stance) for stance in rows]


def _cutoffs(stances: QuerySet, groups: list[Group]) -> list[datetime.date | None]:
    """The reported_on of each group's (offset+limit)-th newest stance (None: it has fewer). One query."""
    nth = {}
    for number, group in enumerate(groups):
        end = group.offset + group.limit
        newest = stances.filter(group.where).order_by("-reported_on").values("reported_on")
        nth[f"cutoff_{number}"] = Subquery(newest[end - 1 : end], output_field=DateField())
    row = Stance._base_manager.order_by().values(**nth)[:1]
    found = row[0] if row else {}
    return [found.get(f"cutoff_{number}") for number in range(len(groups))]
