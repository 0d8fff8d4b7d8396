"""No draft, and no record that only drafts refer to, reaches anonymous readers by any route.

An editor's new speaker, article, outlet, event or weapon system is a draft until a reviewer
publishes it, or publishes a statement or claim that shows it.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Actor, Claim, Event, Stance, Statement, WeaponSystem
from infkb.provenance import ReviewStatus
from infkb.services import ReviewError, records_publish, records_return_to_draft
from sources.models import Article, Outlet
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    ClaimFactory,
    OutletFactory,
    StanceFactory,
    StatementFactory,
)

DRAFT = ReviewStatus.DRAFT
MARK = "Zyxwvut"  # in every draft's name, so that a leak shows in any response
QUERY = MARK.lower()  # searched for; a response echoes the query, never the capitalised name


@pytest.fixture
def drafts(db) -> dict:
    """What an editor enters for a new article: all drafts, all named with MARK."""
    outlet = OutletFactory(name=f"{MARK} Daily", slug="zyx-daily", status=DRAFT)
    article = ArticleFactory(outlet=outlet, title=f"{MARK} reports", slug="zyx-reports", status=DRAFT)
    speaker = ActorFactory(name=f"Ivan {MARK}", slug="ivan-zyx", status=DRAFT)
    statement = StatementFactory(article=article, speaker=speaker, status=DRAFT)
    weapon = WeaponSystem.objects.create(
        name=f"{MARK}-9", slug="zyx-9", category=WeaponSystem.Category.GLCM, status=DRAFT
    )
    event = Event.objects.create(
        title=f"{MARK} test launch", slug="zyx-launch", date="2019-01-01", status=DRAFT
    )
    event.weapon_systems.add(weapon)
    statement.events.add(event)
    claim = ClaimFactory(text=f"The {MARK}-9 flies far", slug="zyx-flies", status=DRAFT)
    claim.weapon_systems.add(weapon)
    StanceFactory(statement=statement, claim=claim, status=DRAFT)
    return {
        "outlet": outlet,
        "article": article,
        "speaker": speaker,
        "statement": statement,
        "weapon": weapon,
        "event": event,
        "claim": claim,
    }


API_LISTS = ["actor", "outlet", "article", "statement", "claim", "claimrelation", "weaponsystem", "event"]


def reader_routes(drafts: dict) -> list[str]:
    lists = [reverse(f"api:{name}-list") for name in API_LISTS]
    searches = [
        f"{reverse(f'api:{name}-list')}?q={QUERY}" for name in ["actor", "article", "statement", "claim"]
    ]
    exports = [reverse(f"api:{name}-export", args=["csv"]) for name in API_LISTS]
    pages = [
        reverse(name)
        for name in ["home", "actor-list", "claim-list", "article-list", "weapon-list", "timeline"]
    ]
    return [
        *lists,
        *searches,
        *exports,
        f"{reverse('api:search')}?q={QUERY}",
        f"{reverse('search')}?q={QUERY}",
        *pages,
    ]


@pytest.mark.django_db
def test_anonymous_readers_meet_no_draft_on_any_list_search_export_or_page(drafts):
    client = APIClient()
    for url in reader_routes(drafts):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, url
        assert MARK.encode() not in body, f"a draft leaks at {url}"


@pytest.mark.django_db
def test_a_draft_is_unknown_to_anonymous_readers_by_id_slug_or_filter(drafts):
    client = APIClient()
    details = {
        "actor": drafts["speaker"],
        "outlet": drafts["outlet"],
        "article": drafts["article"],
        "weaponsystem": drafts["weapon"],
        "event": drafts["event"],
        "statement": drafts["statement"],
        "claim": drafts["claim"],
    }
    for name, record in details.items():
        assert client.get(reverse(f"api:{name}-detail", args=[record.pk])).status_code == 404, name
    for page, record in [
        ("actor-detail", drafts["speaker"]),
        ("article-detail", drafts["article"]),
        ("weapon-detail", drafts["weapon"]),
    ]:
        assert client.get(reverse(page, args=[record.slug])).status_code == 404, page
    statements = reverse("api:statement-list")
    for parameter, value in [
        ("speaker", f"Ivan {MARK}"),
        ("speaker", "ivan-zyx"),
        ("article", "zyx-reports"),
    ]:
        response = client.get(statements, {parameter: value})
        assert response.status_code == 400 and "No " in response.json()[parameter][0]


@pytest.mark.django_db
def test_publishing_a_statement_publishes_its_speaker_article_outlet_and_events(drafts):
    from tests.workbench.conftest import _member

    reviewer = _member("rev", "Reviewer")
    records_publish(records=Statement.objects.filter(pk=drafts["statement"].pk), reviewer=reviewer)

    for name in ["speaker", "article", "outlet", "event", "weapon"]:
        record = type(drafts[name]).objects.get(pk=drafts[name].pk)
        assert record.status == ReviewStatus.PUBLISHED, name
        assert record.reviewed_by == reviewer, name
    # The claim is reviewed on its own: publishing a statement does not publish what it argues.
    assert Claim.objects.get(pk=drafts["claim"].pk).status == DRAFT
    assert APIClient().get(reverse("actor-detail", args=["ivan-zyx"])).status_code == 200


@pytest.mark.django_db
def test_a_speaker_cannot_return_to_draft_while_published_statements_show_it(drafts):
    from tests.workbench.conftest import _member

    reviewer = _member("rev", "Reviewer")
    records_publish(records=Statement.objects.filter(pk=drafts["statement"].pk), reviewer=reviewer)

    with pytest.raises(ReviewError, match="1 published statement"):
        records_return_to_draft(records=Actor.objects.filter(pk=drafts["speaker"].pk), reviewer=reviewer)
    assert Actor.objects.get(pk=drafts["speaker"].pk).status == ReviewStatus.PUBLISHED


@pytest.mark.django_db
def test_an_event_added_to_a_published_statement_is_published_with_it(corpus):
    statement = Statement.objects.published().order_by("pk").first()
    event = Event.objects.create(title="A new launch", slug="a-new-launch", date="2019-02-02")

    statement.events.add(event)

    assert Event.objects.get(pk=event.pk).status == ReviewStatus.PUBLISHED


@pytest.mark.django_db
def test_the_seed_corpus_is_published_whole(corpus):
    for model in [Actor, Outlet, Article, Event, WeaponSystem, Claim, Statement, Stance]:
        assert not model.objects.drafts().exists(), model.__name__
