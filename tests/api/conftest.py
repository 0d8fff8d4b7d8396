import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from rest_framework.test import APIClient

from claims.models import Stance
from infkb.dates import DatePrecision
from infkb.provenance import ReviewStatus
from tests.factories import ActorFactory, ArticleFactory, ClaimFactory, StanceFactory, StatementFactory

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


@pytest.fixture
def awkward_statements(corpus) -> None:
    """Statements whose cells test every rule: formulas, lists of stances, fuzzy dates, drafts."""
    speaker = ActorFactory(name="=HYPERLINK(1)")
    article = ArticleFactory(
        title="@SUM(1)", text="Yes, “Nobody has asked us”, he said, and “-12” and “+go, “quoted” on”."
    )
    first = StatementFactory(article=article, speaker=speaker, venue="-press, conference")
    first.said_on, first.said_precision = datetime.date(2018, 10, 1), DatePrecision.MONTH
    first.save()
    # Two claims whose order by text is not their order by id: the lists follow the text.
    later, earlier = ClaimFactory(text="Zeta holds"), ClaimFactory(text="Alpha, | holds")
    StanceFactory(statement=first, claim=later, stance=Stance.Kind.DENIES)
    StanceFactory(statement=first, claim=earlier, stance=Stance.Kind.ASSERTS)
    StanceFactory(statement=first, claim=ClaimFactory(status=ReviewStatus.DRAFT))  # a reader never sees it
    StanceFactory(statement=first, claim=ClaimFactory(), status=ReviewStatus.DRAFT)
    second = StatementFactory(article=article, speaker=speaker, text="-12", kind="quote")
    second.said_on, second.said_precision = datetime.date(1987, 1, 1), DatePrecision.YEAR
    second.save()
    StatementFactory(article=article, speaker=speaker, text="+go, “quoted” on", status=ReviewStatus.DRAFT)
