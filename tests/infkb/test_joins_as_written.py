"""joins_as_written() plans a block's joins in the order written and then puts the planner back."""

import pytest
from django.conf import settings
from django.db import DataError, connection, transaction

from infkb.viewsets import joins_as_written

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="a PostgreSQL planner setting; a no-op elsewhere"),
]


def join_collapse_limit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        return cursor.fetchone()[0]


def test_the_planner_is_put_back_after_the_block():
    default = join_collapse_limit()

    with joins_as_written():
        assert join_collapse_limit() == "1"

    assert join_collapse_limit() == default


def test_an_error_in_the_block_is_the_error_raised_not_the_aborted_transaction():
    with (
        pytest.raises(DataError, match="division by zero"),
        joins_as_written(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT 1 / 0")


def test_the_rollback_after_an_error_puts_the_planner_back():
    default = join_collapse_limit()

    with pytest.raises(DataError), transaction.atomic(), joins_as_written(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")

    assert join_collapse_limit() == default
