"""The SPARQL 1.1 Protocol endpoint on the real graph: methods, formats, dataset, refusals,
limits, and the errors a client gets for bad input."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.config import Settings

STUDIES = (
    "PREFIX ev: <https://w3id.org/msc-knee-oa/ontology#> "
    "SELECT ?s WHERE { ?s a ev:Study } ORDER BY ?s LIMIT 3"
)
CONSTRUCT = (
    "PREFIX ev: <https://w3id.org/msc-knee-oa/ontology#> "
    "CONSTRUCT { ?s a ev:Study } WHERE { ?s a ev:Study } LIMIT 3"
)


@pytest.fixture(scope="module")
def client(settings, store):
    with TestClient(create_app(settings, store)) as client:
        yield client


@pytest.fixture(scope="module")
def strict_client(settings, store):
    """The same service with tiny limits, to exercise them."""
    tight = Settings(
        graph_dir=settings.graph_dir,
        build_dir=settings.build_dir,
        queries_dir=settings.queries_dir,
        query_timeout=1.5,
        result_limit=5,
        max_request_bytes=2000,
        query_workers=1,
    )
    with TestClient(create_app(tight, store)) as client:
        yield client


def _ids(response) -> list[str]:
    return [b["s"]["value"] for b in response.json()["results"]["bindings"]]


def test_get_post_form_and_post_direct_agree(client):
    by_get = client.get("/sparql", params={"query": STUDIES})
    by_form = client.post("/sparql", data={"query": STUDIES})
    by_direct = client.post(
        "/sparql", content=STUDIES, headers={"content-type": "application/sparql-query"}
    )
    assert by_get.status_code == by_form.status_code == by_direct.status_code == 200
    assert _ids(by_get) == _ids(by_form) == _ids(by_direct)
    assert len(_ids(by_get)) == 3


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_results_formats_by_accept(client, accept, media):
    response = client.get("/sparql", params={"query": STUDIES}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)


def test_csv_and_tsv_carry_the_same_rows(client):
    as_json = _ids(client.get("/sparql", params={"query": STUDIES}))
    as_csv = client.get("/sparql", params={"query": STUDIES}, headers={"accept": "text/csv"})
    assert [row["s"] for row in csv.DictReader(io.StringIO(as_csv.text))] == as_json
    as_tsv = client.get("/sparql", params={"query": STUDIES, "format": "tsv"})
    assert [line.strip("<>") for line in as_tsv.text.splitlines()[1:]] == as_json


@pytest.mark.parametrize(
    ("accept", "media", "marker"),
    [
        ("text/turtle", "text/turtle", "@prefix"),
        ("application/n-triples", "application/n-triples", "> <http"),
        ("application/ld+json", "application/ld+json", '"@id"'),
        ("application/rdf+xml", "application/rdf+xml", "<rdf:RDF"),
    ],
)
def test_graph_formats_by_accept(client, accept, media, marker):
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert marker in response.text or accept == "text/turtle"


def test_format_parameter_is_the_fallback(client):
    response = client.get("/sparql", params={"query": STUDIES, "format": "xml"})
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    # an explicit Accept wins over the parameter
    response = client.get(
        "/sparql", params={"query": STUDIES, "format": "xml"}, headers={"accept": "text/csv"}
    )
    assert response.headers["content-type"].startswith("text/csv")


def test_unsupported_accept_is_406_listing_the_offer(client):
    response = client.get("/sparql", params={"query": STUDIES}, headers={"accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json (format=json)" in response.json()["detail"]
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "text/csv"})
    assert response.status_code == 406 and "text/turtle" in response.json()["detail"]


def test_ask(client):
    query = "ASK { ?s a <https://w3id.org/msc-knee-oa/ontology#Claim> }"
    assert client.get("/sparql", params={"query": query}).json()["boolean"] is True


def test_service_description_without_query(client):
    response = client.get("/sparql")
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "text/turtle"
    )
    assert "sd:SPARQL11Query" in response.text and "sd:endpoint" in response.text


def test_protocol_dataset_selects_graphs(client):
    graph = "https://w3id.org/msc-knee-oa/source/studies/vega-2015.yaml"
    query = (
        "SELECT (COUNT(DISTINCT ?s) AS ?n) "
        "WHERE { ?s a <https://w3id.org/msc-knee-oa/ontology#Study> }"
    )
    one = client.get("/sparql", params={"query": query, "default-graph-uri": graph}).json()
    assert one["results"]["bindings"][0]["n"]["value"] == "1"
    named = client.get(
        "/sparql",
        params={
            "query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
            "named-graph-uri": graph,
        },
    ).json()
    assert named["results"]["bindings"][0]["g"]["value"] == graph


@pytest.mark.parametrize(
    ("request_kwargs", "status", "words"),
    [
        ({"params": {"query": "SELECT WHERE"}}, 400, "malformed SPARQL at line 1"),
        ({"params": {"query": ["ASK {}", "ASK {}"]}}, 400, "given 2 times"),
        ({"params": {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}}, 403, "read-only"),
        ({"params": {"query": "LOAD <http://example.org/x.ttl>"}}, 403, "read-only"),
        ({"params": {"update": "CLEAR ALL"}}, 403, "read-only"),
        (
            {"params": {"query": "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"}},
            403,
            "SERVICE",
        ),
        ({"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400, "invalid"),
        ({"params": {"query": "ASK {}", "format": "yaml"}}, 406, "not offered"),
    ],
)
def test_bad_get_requests(client, request_kwargs, status, words):
    response = client.get("/sparql", **request_kwargs)
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_service_keyword_inside_a_string_is_not_refused(client):
    query = 'SELECT ?x WHERE { BIND("SERVICE desk" AS ?x) }'
    assert client.get("/sparql", params={"query": query}).status_code == 200


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({"content-type": "text/plain"}, "ASK {}", 415),
        ({}, "query=ASK%20%7B%7D", 415),
        ({"content-type": "application/sparql-query; charset=UTF-16"}, "ASK {}", 415),
        ({"content-type": "application/sparql-update"}, "CLEAR ALL", 403),
        ({"content-type": "application/sparql-query"}, b"ASK {\xff}", 400),
    ],
)
def test_bad_post_requests(client, headers, body, status):
    assert client.post("/sparql", content=body, headers=headers).status_code == status


def test_other_methods_are_405(client):
    assert client.put("/sparql", content="ASK {}").status_code == 405


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_result_limit_is_exact_in_every_format(strict_client, fmt):
    """Rows are counted on the serialised answer; 5 rows pass a limit of 5, 6 do not."""
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT %d"
    ok = strict_client.get("/sparql", params={"query": query % 5, "format": fmt})
    assert ok.status_code == 200
    over = strict_client.get("/sparql", params={"query": query % 6, "format": fmt})
    assert over.status_code == 400 and "result limit" in over.json()["detail"]
    everything = strict_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert everything.status_code == 400


def test_response_size_limit(settings, store):
    small = Settings(
        graph_dir=settings.graph_dir,
        build_dir=settings.build_dir,
        queries_dir=settings.queries_dir,
        max_response_bytes=300,
        query_workers=0,
    )
    with TestClient(create_app(small, store)) as client:
        big = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
        assert big.status_code == 400
        assert "KG_MAX_RESPONSE_BYTES" in big.json()["detail"]
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


# The time limit, with the process that runs an overrunning query replaced, is tested
# against `kg serve` itself in tests/test_serve.py: an app in this process cannot be.


def test_request_size_limit(strict_client):
    big = "query=" + "x" * 5000
    response = strict_client.post(
        "/sparql", content=big, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413 and "byte limit" in response.json()["detail"]


def test_cors_headers(client):
    response = client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"origin": "https://yasgui.example"}
    )
    assert response.headers["access-control-allow-origin"] == "*"


def test_named_queries_over_http(client):
    listed = client.get("/queries").json()
    assert {q["name"] for q in listed} >= {"studies-by-design", "rcts-comparing"}
    response = client.get(
        "/queries/rcts-comparing",
        params={"intervention_a": "bm-msc", "intervention_b": "hyaluronic-acid"},
    )
    ids = {b["id"]["value"] for b in response.json()["results"]["bindings"]}
    assert {"vega-2015", "lamo-espinosa-2016"} <= ids
    csv_answer = client.get("/queries/studies-by-design", params={"format": "csv"})
    assert csv_answer.headers["content-type"].startswith("text/csv")
    turtle = client.get("/queries/study-record", params={"study": "vega-2015"})
    assert turtle.headers["content-type"].startswith("text/turtle")


def test_named_query_errors(client):
    assert client.get("/queries/no-such").status_code == 404
    bad = client.get("/queries/studies-by-design", params={"colour": "red"})
    assert bad.status_code == 422 and "its parameters: design" in bad.json()["detail"]
    unknown = client.get("/queries/studies-by-design", params={"design": "rtc"})
    assert unknown.status_code == 422 and "did you mean 'rct'" in unknown.json()["detail"]
    missing = client.get("/queries/rcts-comparing", params={"intervention_a": "msc"})
    assert missing.status_code == 422


def test_openapi_documents_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/sparql", "/queries", "/queries/{name}", "/health"} <= set(paths)
    assert "406" in json.dumps(paths["/sparql"]["get"]["responses"])
