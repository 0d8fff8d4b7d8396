import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from rest_framework.test import APIClient

# What the rate limit of an anonymous request costs: its count is read from and written back to the
# shared cache table (infkb_cache), 6 statements with the savepoint a test's transaction adds; on
# PostgreSQL 3 more, for the per-client lock that keeps parallel requests from counting twice.
THROTTLE_QUERIES = 9 if settings.IS_POSTGRES else 6


@pytest.fixture(autouse=True)
def fresh_throttle(db) -> None:
    """The anonymous throttle counts in the cache; each test starts with none used."""
    cache.clear()


@pytest.fixture
def api(db) -> APIClient:
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def editor_api(editor) -> APIClient:
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def reviewer(db) -> User:
    """An editor who may also publish and delete."""
    user = User.objects.create_user("reviewer", password="correct horse battery", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["claims", "sources"]))
    return user


@pytest.fixture
def reviewer_api(reviewer) -> APIClient:
    client = APIClient()
    client.force_authenticate(reviewer)
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def all_pages(client: APIClient, url: str, **params: object) -> list[dict]:
    """Every record of a list, following the cursor."""
    found = []
    response = client.get(url, {"page_size": 500, **params})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        found.extend(body["results"])
        if not body["next"]:
            return found
        response = client.get(body["next"])
