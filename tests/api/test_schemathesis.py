"""The API keeps the promises of its own OpenAPI schema, under generated requests.

Schemathesis reads /api/v1/schema/ and sends, to the app in-process (WSGI), a
bounded number of requests per operation that the schema allows, anonymously
and as an editor (so that writes run too). Every response must be no 5xx,
conform to the schema, and have a status code the schema declares.
"""

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from infkb.wsgi import application

# Small enough that both databases run every operation in a few minutes on 2 cores.
EXAMPLES_PER_OPERATION = 5
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]

config = schemathesis.Config.from_dict(
    {
        "seed": 9,  # the same requests on every run and in CI
        # The coverage phase sends dozens of boundary requests per operation (2,600 in all,
        # 7 minutes on PostgreSQL); the fuzzing phase alone keeps to EXAMPLES_PER_OPERATION.
        "phases": {"coverage": {"enabled": False}},
        "generation": {
            "mode": "positive",
            "max-examples": EXAMPLES_PER_OPERATION,
            "deterministic": True,
            "database": "none",
        },
    }
)


def api_schema() -> dict:
    """The schema /api/v1/schema/ serves, generated in-process: collection has no database to ask."""
    generator = SchemaGenerator(urlconf="infkb.urls")
    return json.loads(json.dumps(generator.get_schema(request=None, public=True), cls=DjangoJSONEncoder))


schema = schemathesis.openapi.from_dict(api_schema(), config=config)
schema.app = application  # requests go to the WSGI app in-process, as from_wsgi would send them


@pytest.fixture
def in_test_transaction():
    """Requests reach the WSGI app as the test client's do: inside the test's transaction.

    Django closes the connection at the end of each request; in a test that would
    end the transaction that holds the corpus (the test client disconnects it too).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(editor) -> str:
    return Token.objects.create(user=editor).key


HYPOTHESIS = settings(
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    max_examples=EXAMPLES_PER_OPERATION,
)


@pytest.mark.django_db
@schema.parametrize()
@HYPOTHESIS
def test_anonymous_requests_keep_the_schema(case, corpus, in_test_transaction):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@HYPOTHESIS
def test_an_editors_requests_keep_the_schema(case, corpus, in_test_transaction, editor_token):
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {editor_token}"})
