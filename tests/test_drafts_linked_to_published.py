"""A published claim about a draft weapon system or a draft actor does not show them to readers.

Publishing a claim, or linking a draft to a published claim, publishes the draft (claims/review.py),
but a link the publishing signal does not see (restored with a deleted record, loaded from a
backup, written in bulk) can still join a published claim to a draft. Readers
then see the claim without the draft: no name, no id, no link; editors see both.
"""

import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils.text import slugify
from rest_framework.test import APIClient

from claims.models import Actor, Claim, ClaimedRange, Event, Statement, WeaponSystem
from infkb.provenance import ReviewStatus
from tests.factories import ActorFactory, ClaimFactory, StatementFactory

MARK = "Qxvzwk"  # in both drafts' names and slugs, so that a leak shows in any response


@pytest.fixture
def claim_about_drafts(db) -> dict:
    weapon = WeaponSystem.objects.create(
        name=f"{MARK}-7", slug="qxvzwk-7", category=WeaponSystem.Category.GLCM, status=ReviewStatus.DRAFT
    )
    subject = ActorFactory(name=f"Marshal {MARK}", slug="marshal-qxvzwk", status=ReviewStatus.DRAFT)
    claim = ClaimFactory(text="A new missile flies far", slug="a-new-missile-flies-far")
    # Links written as a bulk load or a restore writes them: no signal publishes the drafts.
    Claim.weapon_systems.through.objects.create(claim=claim, weaponsystem=weapon)
    Claim.subjects.through.objects.create(claim=claim, actor=subject)
    assert not WeaponSystem.objects.published().filter(pk=weapon.pk).exists()
    assert not Actor.objects.published().filter(pk=subject.pk).exists()
    assert Claim.objects.published().filter(pk=claim.pk).exists()
    return {"claim": claim, "weapon": weapon, "subject": subject}


def body(response) -> str:
    assert response.status_code == 200, response
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def listed(client: APIClient, claim: Claim) -> dict:
    rows = client.get(reverse("api:claim-list"), {"page_size": 500}).json()["results"]
    return next(row for row in rows if row["id"] == claim.pk)


@pytest.mark.django_db
def test_the_api_shows_readers_a_published_claim_without_its_draft_weapon_and_subject(claim_about_drafts):
    claim = claim_about_drafts["claim"]
    client = APIClient()
    detail = client.get(reverse("api:claim-detail", args=[claim.pk])).json()

    for shown in (listed(client, claim), detail):
        assert shown["text"] == claim.text
        assert shown["weapon_systems"] == [] and shown["weapon_system_names"] == []
        assert shown["subjects"] == [] and shown["subject_names"] == []


@pytest.mark.django_db
def test_no_page_or_export_names_the_drafts_a_published_claim_is_about(claim_about_drafts):
    claim = claim_about_drafts["claim"]
    client = APIClient()
    claims = reverse("api:claim-list")
    urls = [
        claim.get_absolute_url(),
        reverse("claim-list"),
        f"{claims}?format=csv",
        f"{claims}?format=jsonl",
        reverse("api:claim-export", args=["csv"]),
        reverse("api:claim-export", args=["json"]),
        f"/api/v1/claims/{claim.pk}/aif/",
        f"/api/v1/claims/{claim.pk}/jsonld/",
    ]
    for url in urls:
        shown = body(client.get(url))
        assert claim.text in shown, url
        assert MARK not in shown and MARK.lower() not in shown, f"a draft leaks at {url}"


@pytest.mark.django_db
def test_a_draft_named_in_a_claim_filter_is_unknown_to_readers(claim_about_drafts):
    claim, weapon = claim_about_drafts["claim"], claim_about_drafts["weapon"]
    client = APIClient()

    for parameter, value in [("weapon_system", weapon.pk), ("subject", claim_about_drafts["subject"].pk)]:
        response = client.get(reverse("api:claim-list"), {parameter: value})
        assert response.status_code == 400 and "No " in response.json()[parameter][0]
    # The claims page filters by a weapon's slug: a draft's lists nothing, as an unknown slug does.
    assert claim.text not in body(client.get(reverse("claim-list"), {"weapon": weapon.slug}))


@pytest.mark.django_db
def test_editors_see_the_draft_weapon_and_subject_of_a_published_claim(claim_about_drafts, editor):
    claim, weapon, subject = (claim_about_drafts[key] for key in ("claim", "weapon", "subject"))
    client = APIClient()
    client.force_authenticate(editor)
    detail = client.get(reverse("api:claim-detail", args=[claim.pk])).json()

    for shown in (listed(client, claim), detail):
        assert shown["weapon_systems"] == [weapon.pk] and shown["weapon_system_names"] == [weapon.name]
        assert shown["subjects"] == [subject.pk] and shown["subject_names"] == [subject.name]


@pytest.mark.django_db
def test_the_claim_page_states_no_range_for_a_draft_weapon(claim_about_drafts):
    claim = claim_about_drafts["claim"]
    ClaimedRange.objects.create(claim=claim, weapon_system=claim_about_drafts["weapon"], min_km=2000)

    shown = body(APIClient().get(claim.get_absolute_url()))
    assert "more than 2,000 km" not in shown and MARK not in shown


@pytest.mark.django_db
def test_a_published_weapon_page_lists_only_published_events(db):
    weapon = WeaponSystem.objects.create(
        name="Longbow", slug="longbow", category=WeaponSystem.Category.GLCM, status=ReviewStatus.PUBLISHED
    )
    for title, status in [
        ("Longbow test launch", ReviewStatus.PUBLISHED),
        (f"{MARK} launch", ReviewStatus.DRAFT),
    ]:
        event = Event.objects.create(title=title, slug=slugify(title), date="2019-01-01", status=status)
        # An event shows its weapon, not the other way round: a draft event leaves the weapon as it is.
        event.weapon_systems.add(weapon)

    shown = body(APIClient().get(weapon.get_absolute_url()))
    assert "Longbow test launch" in shown and MARK not in shown


@pytest.mark.django_db
def test_the_events_list_shows_readers_no_draft_actor_or_weapon_of_a_published_event(claim_about_drafts):
    event = Event.objects.create(
        title="Parade", slug="parade", date="2019-05-09", status=ReviewStatus.PUBLISHED
    )
    Event.actors.through.objects.create(event=event, actor=claim_about_drafts["subject"])
    Event.weapon_systems.through.objects.create(event=event, weaponsystem=claim_about_drafts["weapon"])

    [row] = (
        APIClient()
        .get(reverse("api:event-list"), {"after": "2019-05-09", "before": "2019-05-09"})
        .json()["results"]
    )
    assert row["title"] == "Parade"
    assert row["actors"] == row["actor_names"] == row["weapon_systems"] == row["weapon_system_names"] == []


@pytest.mark.django_db
def test_publishing_a_statement_publishes_the_speaker_it_reports(db):
    reported = ActorFactory(name=f"Colonel {MARK}", slug="colonel-qxvzwk", status=ReviewStatus.DRAFT)
    statement = StatementFactory(reported_speaker=reported, status=ReviewStatus.DRAFT)
    statement.status = ReviewStatus.PUBLISHED
    statement.save()

    reported.refresh_from_db()
    assert reported.status == ReviewStatus.PUBLISHED


@pytest.fixture
def statement_on_a_draft_event(db) -> dict:
    statement = StatementFactory()
    event = Event.objects.create(
        title=f"{MARK} summit", slug="qxvzwk-summit", date="2019-02-01", status=ReviewStatus.DRAFT
    )
    # As a restore or a backup writes it: no signal publishes the event.
    Statement.events.through.objects.create(statement=statement, event=event)
    return {"statement": statement, "event": event}


def statement_route(statement: Statement, route: str) -> str:
    speaker = {"speaker": statement.speaker.slug}
    statements = reverse("api:statement-list")
    return {
        "page": f"{statements}?{urlencode(speaker)}",
        "jsonl": f"{statements}?{urlencode({**speaker, 'format': 'jsonl'})}",
        "export": f"{reverse('api:statement-export', args=['json'])}?{urlencode(speaker)}",
        "detail": reverse("api:statement-detail", args=[statement.pk]),
    }[route]


STATEMENT_ROUTES = ["page", "jsonl", "export", "detail"]


def events_shown(response_body: str) -> list[list[int]]:
    """The `events` of each statement record in a JSON page, a JSON export, JSON Lines or a detail."""
    try:
        data = json.loads(response_body)
    except json.JSONDecodeError:  # JSON Lines
        data = [json.loads(line) for line in response_body.splitlines() if line.strip()]
    records = data if isinstance(data, list) else data.get("results", [data])
    return [record["events"] for record in records]


@pytest.mark.django_db
@pytest.mark.parametrize("route", STATEMENT_ROUTES)
def test_readers_see_a_published_statement_without_its_draft_event(statement_on_a_draft_event, route):
    url = statement_route(statement_on_a_draft_event["statement"], route)
    assert events_shown(body(APIClient().get(url))) == [[]]


@pytest.mark.django_db
@pytest.mark.parametrize("route", STATEMENT_ROUTES)
def test_editors_see_the_draft_event_of_a_published_statement(statement_on_a_draft_event, editor, route):
    client = APIClient()
    client.force_authenticate(editor)
    url = statement_route(statement_on_a_draft_event["statement"], route)
    assert events_shown(body(client.get(url))) == [[statement_on_a_draft_event["event"].pk]]
