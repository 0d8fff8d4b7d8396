import yaml
from drf_spectacular.validation import validate_schema

from claims.filters import (
    ActorFilter,
    ClaimFilter,
    ClaimRelationFilter,
    EventFilter,
    StatementFilter,
    WeaponSystemFilter,
)
from sources.filters import ArticleFilter, OutletFilter

FILTERS = {
    "/api/v1/actors/": ActorFilter,
    "/api/v1/claims/": ClaimFilter,
    "/api/v1/claim-relations/": ClaimRelationFilter,
    "/api/v1/events/": EventFilter,
    "/api/v1/statements/": StatementFilter,
    "/api/v1/weapon-systems/": WeaponSystemFilter,
    "/api/v1/articles/": ArticleFilter,
    "/api/v1/outlets/": OutletFilter,
}


def schema(client) -> dict:
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_valid_openapi_3(api, db):
    document = schema(api)

    validate_schema(document)
    assert document["openapi"].startswith("3.")


def test_the_schema_lists_every_filter_with_its_description(api, db):
    paths = schema(api)["paths"]

    for path, filterset in FILTERS.items():
        parameters = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        assert set(filterset.base_filters) <= set(parameters), path
        assert {"cursor", "page_size", "ordering"} <= set(parameters), path
        assert all(parameters[name].get("description") for name in filterset.base_filters), path
    for searchable in ("/api/v1/actors/", "/api/v1/claims/", "/api/v1/statements/", "/api/v1/articles/"):
        assert "q" in {p["name"] for p in paths[searchable]["get"]["parameters"]}
    assert "/api/v1/claims/{id}/graph/" in paths
    assert "/api/v1/search/" in paths


def test_swagger_ui_is_served_without_a_cdn(api, db):
    response = api.get("/api/v1/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "unpkg" not in html
    assert "/static/drf_spectacular_sidecar/" in html


def test_the_schema_bounds_page_size_and_q_as_the_api_does(api, db):
    parameters = {p["name"]: p for p in schema(api)["paths"]["/api/v1/statements/"]["get"]["parameters"]}

    assert (
        parameters["page_size"]["schema"] | {"minimum": 1, "maximum": 500}
        == parameters["page_size"]["schema"]
    )
    assert parameters["q"]["schema"]["maxLength"] == 500
    assert api.get("/api/v1/statements/", {"page_size": 500}).status_code == 200
    assert api.get("/api/v1/statements/", {"page_size": 501}).status_code == 400


def test_every_operation_declares_the_errors_it_can_give(api, db):
    paths = schema(api)["paths"]

    for path, operations in paths.items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"400", "401", "403", "404", "429"} <= declared, (method, path)
            if method in {"post", "put", "patch", "delete"}:
                assert "409" in declared, (method, path)
    actor = schema(api)["components"]["schemas"]["Actor"]["properties"]
    assert actor["country_name"].get("nullable") is True
