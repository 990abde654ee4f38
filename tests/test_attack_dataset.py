"""FROM and FROM NAMED in the query text are honoured, as the SPARQL 1.1 Protocol says; the
protocol's default-graph-uri / named-graph-uri override them. (The union default graph used to
override FROM, so such a query silently answered over the whole graph.)"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app

SOURCE = "https://w3id.org/msc-knee-oa/source/"
VEGA = SOURCE + "studies/vega-2015.yaml"
BENNELL = SOURCE + "studies/bennell-2021.yaml"
COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
COUNT_NAMED = "SELECT (COUNT(*) AS ?n) {} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"


@pytest.fixture(scope="module")
def client(settings, store):
    with TestClient(create_app(settings, store)) as client:
        yield client


def _count(client, query: str, **params) -> int:
    response = client.get("/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def sizes(client):
    graph = "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{}> {{ ?s ?p ?o }} }}"
    return {
        "all": _count(client, COUNT.format("")),
        VEGA: _count(client, graph.format(VEGA)),
        BENNELL: _count(client, graph.format(BENNELL)),
    }


def test_from_answers_over_that_graph_only(client, sizes):
    assert 0 < sizes[VEGA] < sizes["all"]
    assert _count(client, COUNT.format(f"FROM <{VEGA}>")) == sizes[VEGA]


def test_several_from_clauses_merge_their_graphs(client, sizes):
    both = _count(client, COUNT.format(f"FROM <{VEGA}> FROM <{BENNELL}>"))
    assert both == sizes[VEGA] + sizes[BENNELL]  # the two files share no triple


def test_from_named_limits_graph_patterns_and_empties_the_default_graph(client, sizes):
    assert _count(client, COUNT_NAMED.format(f"FROM NAMED <{VEGA}>")) == sizes[VEGA]
    assert _count(client, COUNT.format(f"FROM NAMED <{VEGA}>")) == 0


def test_protocol_dataset_overrides_from(client, sizes):
    query = COUNT.format(f"FROM <{VEGA}>")
    assert _count(client, query, **{"default-graph-uri": BENNELL}) == sizes[BENNELL]


def test_without_from_the_default_graph_is_still_the_union(client, sizes):
    assert sizes["all"] > sizes[VEGA] + sizes[BENNELL]
