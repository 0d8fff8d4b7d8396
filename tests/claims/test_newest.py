"""newest_stances() gives each group's page of statements, newest first, as a walk of the whole
group in Statement.objects.latest() order would: on the first page and on later ones, with ties on
a page's last date."""

import datetime

import pytest

from claims.models import Stance, Statement
from claims.newest import Group, newest_stances
from tests.factories import ArticleFactory, ClaimFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture
def claim_with_sides():
    """A claim with 8 assertions and 5 denials, said on dates that repeat (ties across pages)."""
    claim = ClaimFactory()
    for number in range(13):
        article = ArticleFactory(text=f"Statement number {number} of many.")
        statement = StatementFactory(article=article, text=f"Statement number {number}")
        statement.said_on = datetime.date(2019, 1, 1) + datetime.timedelta(days=number // 3)
        statement.save()
        kind = Stance.Kind.ASSERTS if number % 3 else Stance.Kind.DENIES
        StanceFactory(statement=statement, claim=claim, stance=kind)
    return claim


def walked(claim, kind: str) -> list[int]:
    """The side's statements as latest() orders all of them."""
    return list(
        Statement.objects.filter(stances__claim=claim, stances__stance=kind)
        .latest()
        .values_list("pk", flat=True)
    )


def page(claim, groups: list[Group]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for (kind,), stance in newest_stances(Stance.objects.filter(claim=claim), ("stance",), groups):
        found.setdefault(kind, []).append(stance.statement_id)
    return found


@pytest.mark.parametrize("number", [0, 1, 2])
def test_each_page_of_a_side_is_its_slice_of_the_whole_side(claim_with_sides, number):
    offset = number * LIMIT
    sides = [Group((kind,), limit=LIMIT, offset=offset) for kind in (Stance.Kind.ASSERTS, Stance.Kind.DENIES)]

    found = page(claim_with_sides, sides)

    for kind in (Stance.Kind.ASSERTS, Stance.Kind.DENIES):
        expected = walked(claim_with_sides, kind)[offset : offset + LIMIT]
        assert found.get(kind, []) == expected
    assert found[Stance.Kind.ASSERTS]  # 8 assertions: three full or partial pages


def test_sides_on_different_pages_each_get_their_own_page(claim_with_sides):
    sides = [
        Group((Stance.Kind.ASSERTS,), limit=LIMIT, offset=2 * LIMIT),
        Group((Stance.Kind.DENIES,), limit=LIMIT),
    ]

    found = page(claim_with_sides, sides)

    assert found[Stance.Kind.ASSERTS] == walked(claim_with_sides, Stance.Kind.ASSERTS)[2 * LIMIT : 3 * LIMIT]
    assert found[Stance.Kind.DENIES] == walked(claim_with_sides, Stance.Kind.DENIES)[:LIMIT]
