"""The newest statements of several groups of stances at once, each read as a bounded slice.

The claim, actor and weapon pages show, for a few groups of stances (one side of a
claim; an actor's statements of one stance on one claim; the denials of a claim…),
the statements ranked offset+1 … offset+limit newest first, in the order of
Statement.objects.latest(). A window over all of a group's rows would sort a big
claim's 57,000 stances to show 20. Instead each group gets a cutoff: the
`reported_on` of its (offset+limit)-th newest stance, read from the index
stance_claim_side_latest_idx; only the stances on or after that date are ranked.
Ties on the cutoff date are all kept, so the ranks are those in the whole group.
"""

import datetime
from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import Case, Q, QuerySet, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber

from claims.models import Stance, statements_newest_first


@dataclass(frozen=True)
class Group:
    """The stances matching `where` (a filter on Stance), ranks offset+1 … offset+limit."""

    key: Hashable
    where: Q
    limit: int
    offset: int = 0


def newest_stances(stances: QuerySet, groups: list[Group]) -> list[tuple[Hashable, Stance]]:
    """(group key, stance) for each group's slice of `stances`, newest first within a group. One query.

    `stances` holds the visibility rules; the groups should be disjoint. Each stance comes with
    its statement, the statement's speaker and article (with its outlet), and its claim.
    """
    if not groups:
        return []
    bounded, numbered, on_page = Q(), [], Q()
    for number, group in enumerate(groups):
        end = group.offset + group.limit
        nth = stances.filter(group.where).order_by("-reported_on").values("reported_on")[end - 1 : end]
        cutoff = Coalesce(Subquery(nth), Value(datetime.date.min))
        bounded |= group.where & Q(reported_on__gte=cutoff)
        numbered.append(When(group.where, then=Value(number)))
        on_page |= Q(group_number=number, rank__gt=group.offset, rank__lte=end)
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
