"""The HTTP service on the embedded store: health and SPARQL GET."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app


@pytest.fixture(scope="module")
def client(settings, store):
    return TestClient(create_app(settings, store))


def test_health_reports_the_release(client, store):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["backend"] == "embedded"
    assert body["version"] == store.release()["version"]


def test_sparql_get_answers_json(client):
    query = (
        "PREFIX ev: <https://w3id.org/msc-knee-oa/ontology#> "
        "SELECT (COUNT(?s) AS ?n) WHERE { ?s a ev:Study }"
    )
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) >= 9


def test_malformed_query_is_a_400_with_the_parser_message(client):
    response = client.get("/sparql", params={"query": "SELECT WHERE"})
    assert response.status_code == 400
    assert "malformed SPARQL" in response.json()["detail"]


def test_without_a_query_the_endpoint_describes_itself(client):
    response = client.get("/sparql")
    assert response.status_code == 200 and "sd:Service" in response.text
