from claims.models import Actor, ActorAlias
from infkb.provenance import ReviewStatus
from tests.api.conftest import all_pages
from tests.factories import ActorFactory, OutletFactory

URL = "/api/v1/outlets/"


def test_outlets_filter_by_their_country_named_by_id_slug_or_alias(api):
    russia = ActorFactory(name="Russia", slug="russia", kind=Actor.Kind.STATE)
    ActorAlias.objects.create(actor=russia, name="Russian Federation")
    tass = OutletFactory(name="TASS", country=russia)
    OutletFactory(name="Reuters", country=ActorFactory(name="UK", slug="uk", kind=Actor.Kind.STATE))

    for name in (russia.pk, "russia", "russian federation"):
        assert [outlet["name"] for outlet in all_pages(api, URL, country=name)] == [tass.name]


def test_a_country_that_is_no_state_or_not_published_is_a_400_naming_the_parameter(api):
    ActorFactory(slug="draft-state", kind=Actor.Kind.STATE, status=ReviewStatus.DRAFT)
    ActorFactory(slug="lavrov", kind=Actor.Kind.PERSON)

    for name in ("lavrov", "draft-state", "atlantis"):
        response = api.get(URL, {"country": name})

        assert response.status_code == 400
        assert list(response.json()) == ["country"]
