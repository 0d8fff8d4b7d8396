"""Nonsense in, a clear answer out: every parameter of every list answers 200 or 400, never 500."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from claims.models import Actor, Claim, Statement
from infkb.provenance import ReviewStatus

NONSENSE = ["%", "²", "\x00", "-", '"', "*", "(", "NEAR", "a OR", "' OR 1=1 --", "9" * 30, "é" * 300, ""]


def list_parameters() -> list[tuple[str, str]]:
    """(path, query parameter) for every list endpoint, read from the OpenAPI schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    pairs = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get or "{" in path or not any(p["in"] == "query" for p in get.get("parameters", [])):
            continue
        pairs += [(path, p["name"]) for p in get["parameters"] if p["in"] == "query"]
    return pairs


PAIRS = list_parameters()


def test_the_schema_gives_the_lists_and_their_filters_to_try():
    assert ("/api/v1/statements/", "speaker") in PAIRS and len(PAIRS) > 50


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "parameter"), PAIRS, ids=[f"{p}?{n}" for p, n in PAIRS])
def test_nonsense_in_any_parameter_is_answered_without_a_server_error(api, corpus, path, parameter):
    required = {"q": "missile"} if path.endswith("/search/") and parameter != "q" else {}
    for value in NONSENSE:
        response = api.get(path, {**required, parameter: value})
        assert response.status_code in (200, 400), (value, response.status_code)
        if response.status_code == 400 and parameter not in ("format",):
            assert parameter in response.json(), (value, response.json())


@pytest.mark.django_db
def test_a_search_with_nothing_to_look_for_is_an_empty_list(api, corpus):
    response = api.get("/api/v1/statements/", {"q": "-Tomahawk"})
    assert response.status_code == 200 and response.json()["results"] == []


@pytest.mark.django_db
def test_a_cursor_the_api_never_gave_is_a_400_naming_it(api, corpus):
    response = api.get("/api/v1/statements/", {"cursor": "zzz"})
    assert response.status_code == 400 and "cursor" in response.json()


@pytest.mark.django_db
def test_deleting_an_actor_with_statements_is_a_409_that_says_why_and_deletes_nothing(reviewer_api, corpus):
    patrushev = Actor.objects.by_alias("Patrushev").get()
    response = reviewer_api.delete(f"/api/v1/actors/{patrushev.pk}/")

    assert response.status_code == 409
    assert "evidence refers to it" in response.json()["detail"]
    assert Actor.objects.filter(pk=patrushev.pk).exists() and patrushev.statements.exists()


@pytest.fixture
def desk_editor_api(db) -> APIClient:
    """A member of the Editor group: edits drafts, never publishes."""
    call_command("setup_groups")
    user = User.objects.create_user("desk-editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_an_editor_cannot_change_a_published_claim_through_the_api(desk_editor_api, corpus):
    editor_api = desk_editor_api
    claim = Claim.objects.published().get(slug="russia-violates-inf-treaty")
    response = editor_api.patch(
        f"/api/v1/claims/{claim.pk}/", {"text": "Russia breaks the INF Treaty"}, format="json"
    )

    assert response.status_code == 403 and "only a reviewer" in response.json()["detail"]
    assert Claim.objects.get(pk=claim.pk).text == "Russia violates the INF Treaty"


@pytest.mark.django_db
def test_an_editor_still_changes_a_draft_statement_through_the_api(desk_editor_api, corpus):
    editor_api = desk_editor_api
    statement = Statement.objects.order_by("pk").first()
    statement.status = ReviewStatus.DRAFT
    statement.save()
    response = editor_api.patch(
        f"/api/v1/statements/{statement.pk}/", {"venue": "at a briefing"}, format="json"
    )

    assert response.status_code == 200
    assert Statement.objects.get(pk=statement.pk).venue == "at a briefing"


@pytest.mark.django_db
def test_a_reviewer_publishing_a_statement_through_the_api_publishes_its_stances(reviewer_api, corpus):
    statement = Statement.objects.filter(stances__isnull=False).order_by("pk").first()
    statement.status = ReviewStatus.DRAFT
    statement.save()
    statement.stances.update(status=ReviewStatus.DRAFT)

    response = reviewer_api.patch(
        f"/api/v1/statements/{statement.pk}/", {"status": "published"}, format="json"
    )

    assert response.status_code == 200 and response.json()["stances"]
    assert set(statement.stances.values_list("status", flat=True)) == {ReviewStatus.PUBLISHED}


@pytest.mark.django_db
def test_naming_a_draft_claim_in_a_filter_answers_as_for_an_unknown_one(api, corpus):
    from tests.factories import ClaimFactory

    draft = ClaimFactory(status=ReviewStatus.DRAFT, slug="a-draft-claim")
    as_draft = api.get("/api/v1/statements/", {"claim": draft.slug})
    as_unknown = api.get("/api/v1/statements/", {"claim": "no-such-claim"})

    assert as_draft.status_code == as_unknown.status_code == 400
    assert "claim" in as_draft.json()


def test_the_schema_lists_the_filters_of_each_export_as_of_its_list():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    listed = {p["name"] for p in schema["paths"]["/api/v1/statements/"]["get"]["parameters"]}
    export = schema["paths"]["/api/v1/statements/export/{fmt}/"]["get"]["parameters"]

    assert {"speaker", "claim", "stance", "said_after"} <= {p["name"] for p in export}
    assert listed - {"cursor", "page_size", "format"} <= {p["name"] for p in export}


# The cursors an attacker crafted (base64 of "p=abc", "p=a\0b", "p=notadate"): each was a 500.
CRAFTED = [
    ("/api/v1/statements/", {"cursor": "cD1hYmM="}, "cursor"),
    ("/api/v1/statements/", {"ordering": "--id"}, "ordering"),
    ("/api/v1/claims/", {"ordering": "text", "cursor": "cD1hAGI="}, "cursor"),
    ("/api/v1/events/", {"ordering": "date", "cursor": "cD1ub3RhZGF0ZQ=="}, "cursor"),
    ("/api/v1/actors/", {"cursor": "cD05OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk="}, "cursor"),  # p=99…9, too big
    ("/api/v1/statements/", {"page_size": "0"}, "page_size"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "params", "named"), CRAFTED, ids=[f"{p}?{q}" for p, q, _ in CRAFTED])
def test_a_crafted_cursor_or_ordering_is_a_400_naming_the_parameter(api, corpus, path, params, named):
    response = api.get(path, params)

    assert response.status_code == 400
    assert list(response.json()) == [named]


@pytest.mark.django_db
def test_a_cursor_the_api_gave_still_leads_to_the_next_page_in_every_ordering(api, corpus):
    for path, ordering in [("/api/v1/claims/", "text"), ("/api/v1/statements/", "-date")]:
        first = api.get(path, {"ordering": ordering, "page_size": 2}).json()
        second = api.get(first["next"])
        assert second.status_code == 200
        assert not {r["id"] for r in first["results"]} & {r["id"] for r in second.json()["results"]}


# A parameter given twice was read as its last value: ?speaker=a&speaker=b listed b's statements alone,
# as if it were the answer for both.
REPEATED = [
    ("/api/v1/statements/", "speaker", ["patrushev", "ryabkov"]),
    ("/api/v1/statements/", "page_size", ["1", "2"]),
    ("/api/v1/claims/", "ordering", ["text", "-id"]),
    ("/api/v1/statements/export/csv/", "kind", ["quote", "paraphrase"]),
    ("/api/v1/search/", "q", ["Tomahawk", "Patrushev"]),
    ("/api/v1/search/", "limit", ["1", "5"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name", "values"), REPEATED, ids=[f"{p}?{n}" for p, n, _ in REPEATED])
def test_a_parameter_given_twice_is_a_400_naming_it(api, corpus, path, name, values):
    params = {"q": "missile"} if path.endswith("/search/") and name != "q" else {}
    response = api.get(path, {**params, name: values})

    assert response.status_code == 400
    assert list(response.json()) == [name]
    assert "once" in response.json()[name][0]


@pytest.mark.django_db
def test_search_still_takes_several_kinds(api, corpus):
    response = api.get("/api/v1/search/", {"q": "Tomahawk", "kind": ["claim", "statement"]})

    assert response.status_code == 200
    assert {hit["kind"] for hit in response.json()["results"]} == {"claim", "statement"}
