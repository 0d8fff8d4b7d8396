import pytest
from django.urls import reverse

from claims.models import Actor

pytestmark = pytest.mark.django_db


def test_actor_index_lists_every_actor_with_kind_counts(client, corpus):
    response = client.get(reverse("actor-list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Actors · INF KB</title>" in html
    assert response.context["page"].paginator.count == Actor.objects.count()
    kinds = {value: n for value, _label, n in response.context["kinds"]}
    assert kinds["person"] == Actor.objects.persons().count()
    assert f"Person ({kinds['person']})" in html


def test_actor_index_filters_by_kind_and_country(client, corpus):
    response = client.get(reverse("actor-list"), {"kind": "person", "country": "united-states"})

    actors = list(response.context["page"])
    assert actors
    assert {actor.kind for actor in actors} == {"person"}
    assert {actor.country.slug for actor in actors} == {"united-states"}
    assert "John Bolton" in [actor.name for actor in actors]
    assert "Nikolai Patrushev" not in response.content.decode()


def test_actor_index_paginates(client, corpus):
    response = client.get(reverse("actor-list"), {"page": 2})

    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert 'rel="prev"' in response.content.decode()


def test_actor_index_runs_a_constant_number_of_queries(client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get(reverse("actor-list"), {"kind": "person"}).status_code == 200
