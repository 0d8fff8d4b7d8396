import pytest
from django.core.cache import cache

from tests.api.conftest import api, editor_api  # noqa: F401  (the API clients, for these tests too)


@pytest.fixture(autouse=True)
def fresh_throttle(db) -> None:
    """The anonymous throttle counts in the (database) cache; each test starts with none used."""
    cache.clear()


def streamed(response) -> bytes:
    """The body of a response, streamed or not."""
    assert response.status_code == 200, getattr(response, "content", b"")
    return b"".join(response.streaming_content) if response.streaming else response.content
