"""A record in a list is the record at its own address: the lists' hand-written rows
(claims/list_serializers.py) give the same fields and values as the full serializers."""

import pytest

from claims.models import Claim, Statement
from infkb.provenance import ReviewStatus
from tests.api.conftest import all_pages
from tests.factories import StanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(corpus) -> None:
    """A draft stance on a published statement, and a draft statement: what readers must not see."""
    statement = Statement.objects.published().first()
    StanceFactory(statement=statement, claim=Claim.objects.published().last(), status=ReviewStatus.DRAFT)
    StanceFactory(statement__status=ReviewStatus.DRAFT)


@pytest.mark.parametrize("client_name", ["api", "editor_api"])
@pytest.mark.parametrize("path", ["/api/v1/statements/", "/api/v1/claims/"])
def test_every_listed_record_is_its_detail(request, drafts, client_name, path):
    client = request.getfixturevalue(client_name)

    listed = all_pages(client, path)

    assert len(listed) > 20
    for record in listed:
        detail = client.get(record["url"])
        assert detail.status_code == 200
        assert record == detail.json()


def test_the_list_shows_events_and_relations(api, corpus):
    statements = all_pages(api, "/api/v1/statements/")
    claims = all_pages(api, "/api/v1/claims/")

    assert any(record["events"] for record in statements)
    assert any(record["relations"] for record in claims)
    assert any(record["weapon_system_names"] for record in claims)
