"""Every operation of the OpenAPI description, fuzzed by schemathesis from the description
itself (bounded: a few dozen cases per operation): no server error, no status code the
description does not list, and bodies of the documented types and shapes, on the real graph.

Driven through schemathesis' Python API rather than its pytest plugin (whose lazy-fixture
mode reads a private attribute that pytest 9 no longer has).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kg.api.app import create_app
from kg.config import Settings
from tests.conftest import QUERIES

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 60


@pytest.fixture(scope="module")
def api_schema(built, store):
    app = create_app(Settings(build_dir=built, queries_dir=QUERIES, query_timeout=10), store)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _operations():
    # The operations are known without the graph: the routes are fixed in the code.
    app_paths = [
        ("GET", "/health"), ("GET", "/sparql"), ("POST", "/sparql"), ("GET", "/queries"),
        ("GET", "/queries/{name}"), ("GET", "/studies"), ("GET", "/studies/{study_id}"),
        ("GET", "/publications/{publication_id}"), ("GET", "/claims"),
        ("GET", "/claims/{document}/{claim_id}"), ("GET", "/citations/{publication_id}"),
        ("GET", "/ask"), ("POST", "/check"), ("POST", "/check/document"), ("GET", "/network"),
        ("GET", "/network/paths"), ("GET", "/id/{path}"), ("GET", "/concept/{concept_id}"),
        ("GET", "/scheme/{scheme_id}"),
    ]  # fmt: skip
    return [f"{method} {path}" for method, path in app_paths]


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=str)
@pytest.mark.parametrize("operation", _operations())
def test_no_server_error_and_only_documented_answers(api_schema, operation, mode):
    """Positive cases follow the description; negative ones break it (wrong types, missing
    fields, out-of-range values), which must be 4xx answers, never 5xx."""
    method, path = operation.split(" ", 1)
    found = api_schema[path][method]

    statuses: list[int] = []

    @settings(
        max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(found.as_strategy(generation_mode=mode))
    def fuzz(case):
        statuses.append(case.call_and_validate(checks=CHECKS).status_code)

    try:
        fuzz()
    except Unsatisfiable:  # negative mode: nothing in this operation can be made invalid
        assert mode is schemathesis.GenerationMode.NEGATIVE
        return
    assert statuses  # it did run


def test_the_list_of_operations_is_the_whole_description(api_schema):
    described = {
        f"{op.ok().method.upper()} {op.ok().path}" for op in api_schema.get_all_operations()
    }
    assert described == set(_operations())
