"""The admin's lists count their rows only up to a bound.

Django's changelist and autocomplete count every row they could show (a COUNT over the filtered
queryset) to number their pages. At a million statements that COUNT is most of a list's time, and
a search for a common word counts its hundreds of thousands of matches to show the first hundred.
No editor pages past the hundredth page: they filter or search. So a list counts at most
COUNT_BOUND + 1 rows (`SELECT COUNT(*) FROM (… LIMIT n)`, which stops early) and, past the
bound, says "more than 10,000" (templates/admin/pagination.html and search_form.html) and numbers
only the pages up to the bound.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_BOUND = 10_000


class BoundedCountPaginator(Paginator):
    """A Paginator whose count is exact up to `bound` rows and `bound` beyond (see `count_is_bounded`)."""

    bound = COUNT_BOUND

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, list):
            return len(self.object_list)
        # Counted unordered: the order (and the joins it needs) changes nothing in the count.
        counted = self.object_list.order_by()[: self.bound + 1].count()
        self.count_is_bounded = counted > self.bound
        return min(counted, self.bound)

    count_is_bounded = False
