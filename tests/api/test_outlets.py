from claims.models import Actor, ActorAlias
from infkb.provenance import ReviewStatus
from tests.api.conftest import all_pages
from tests.factories import ActorFactory, OutletFactory

URL = "/api/v1/outlets/"


def test_outlets_filter_by_their_country_named_by_id_slug_or_alias(api):
    ruritania = ActorFactory(name="Ruritania", slug="ruritania", kind=Actor.Kind.STATE)
    ActorAlias.objects.create(actor=ruritania, name="Kingdom of Ruritania")
    herald = OutletFactory(name="Strelsau Herald", country=ruritania)
    OutletFactory(country=ActorFactory(name="Graustark", slug="graustark", kind=Actor.Kind.STATE))

    for name in (ruritania.pk, "ruritania", "kingdom of ruritania"):
        assert [outlet["name"] for outlet in all_pages(api, URL, country=name)] == [herald.name]


def test_a_country_that_is_no_state_or_not_published_is_a_400_naming_the_parameter(api):
    ActorFactory(slug="draft-state", kind=Actor.Kind.STATE, status=ReviewStatus.DRAFT)
    ActorFactory(slug="rudolf-rassendyll", kind=Actor.Kind.PERSON)

    for name in ("rudolf-rassendyll", "draft-state", "atlantis"):
        response = api.get(URL, {"country": name})

        assert response.status_code == 400
        assert list(response.json()) == ["country"]
