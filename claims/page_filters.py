"""What an analyst's page says when a filter's value names nothing.

One rule on every page (docs/pages.md, "Filters"): a value the page does not know (a mistyped slug,
a kind or stance that does not exist, a draft's slug, which readers may not tell from a missing one)
lists nothing, and the page says which value it did not understand, with a link to the same list
without that filter. Showing everything instead would pass an unfiltered list off as the filtered
one to a reader who did not see the notice.
"""

from dataclasses import dataclass

from django.http import HttpRequest

SHOWN_CHARS = 80  # a pasted paragraph is quoted this far, then "…"


@dataclass(frozen=True)
class NotUnderstood:
    """A filter's value that names nothing, and the page's URL without it."""

    what: str  # "actor", "weapon system", "stance" …
    value: str
    without: str  # the same page, the other filters kept, from its first page
    known: str = ""  # the values there are, when they are few ("asserts, denies, mentions")
    among: str = ""  # where it was looked for, when not everywhere ("Nikolai Patrushev’s statements")

    @property
    def shown_value(self) -> str:
        return self.value if len(self.value) <= SHOWN_CHARS else self.value[: SHOWN_CHARS - 1] + "…"


def not_understood(
    request: HttpRequest, param: str, what: str, known: str = "", among: str = ""
) -> NotUnderstood:
    """The notice for ?`param`=, which names no `what`."""
    query = request.GET.copy()
    query.pop(param, None)
    query.pop("page", None)  # the page number of a list that was empty means nothing without it
    encoded = query.urlencode()
    return NotUnderstood(
        what=what,
        value=request.GET.get(param, ""),
        without=f"{request.path}?{encoded}" if encoded else request.path,
        known=known,
        among=among,
    )
