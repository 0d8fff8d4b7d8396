import pytest

from claims.models import Actor
from tests.api.conftest import all_pages, results

URL = "/api/v1/actors/"


def test_it_filters_actors_by_kind_country_and_organisation(api, corpus):
    assert {a["slug"] for a in all_pages(api, URL, kind="state")} == set(
        Actor.objects.states().values_list("slug", flat=True)
    )
    assert {a["id"] for a in all_pages(api, URL, country="russia")} == set(
        Actor.objects.filter(country__slug="russia").values_list("pk", flat=True)
    )
    members = {a["slug"] for a in all_pages(api, URL, organisation="russian-foreign-ministry")}
    assert {"sergey-ryabkov", "vladimir-yermakov"} <= members
    assert all(slug for slug in members)


@pytest.mark.parametrize("query", ["Yermakov", "Ermakov", "Jermakov", "vladimir ermakov"])
def test_actor_search_tolerates_transliteration_variants(api, corpus, query):
    found = results(api.get(URL, {"q": query}))

    assert found[0]["slug"] == "vladimir-yermakov"


def test_an_actor_is_found_by_any_alias(api, corpus):
    assert [a["slug"] for a in results(api.get(URL, {"name": "Moravecki"}))] == ["mateusz-morawiecki"]


def test_an_actor_embeds_aliases_roles_and_its_country(api, corpus):
    actor = Actor.objects.get(slug="sergey-ryabkov")

    record = api.get(f"{URL}{actor.pk}/").json()

    assert "Sergei Ryabkov" in record["aliases"]
    assert record["country_name"] == "Russia"
    assert record["roles"][0]["title"] == "Deputy Foreign Minister"


def test_editors_cannot_give_an_actor_a_name_that_is_another_actors_alias(editor_api, corpus):
    response = editor_api.post(URL, {"name": "Ermakov", "slug": "ermakov-2", "kind": "person"}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()
    assert not Actor.objects.filter(slug="ermakov-2").exists()
