"""Real SPARQL clients against the live service on 127.0.0.1: SPARQLWrapper and rdflib's
SPARQLStore on the built graph, and `kg serve --data` started as its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from kg.api.app import create_app
from tests.conftest import QUERIES
from tests.live import free_port, live_server, wait_until_healthy

STUDY = "https://w3id.org/msc-knee-oa/ontology#Study"
COUNT = f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a <{STUDY}> }}"


@pytest.fixture(scope="module")
def endpoint(settings, store):
    with live_server(create_app(settings, store)) as url:
        yield url + "/sparql"


def _studies(store) -> int:
    return int(next(iter(store.query(COUNT)))["n"].value)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json_and_xml(endpoint, store, method):
    client = SPARQLWrapper(endpoint)
    client.setMethod(method)
    client.setQuery(COUNT)
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert int(result["results"]["bindings"][0]["n"]["value"]) == _studies(store)
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert document.getElementsByTagName("literal")[0].firstChild.data == str(_studies(store))


def test_sparqlwrapper_csv_and_construct(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery(f"SELECT ?s WHERE {{ ?s a <{STUDY}> }} ORDER BY ?s LIMIT 2")
    client.setReturnFormat(CSV)
    lines = client.query().convert().decode("utf-8").splitlines()
    assert lines[0] == "s" and len(lines) == 3
    client.setQuery(f"CONSTRUCT {{ ?s a <{STUDY}> }} WHERE {{ ?s a <{STUDY}> }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) >= 50


def test_sparqlwrapper_sees_errors(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT WHERE")
    client.setReturnFormat(JSON)
    with pytest.raises(Exception, match=r"(?i)bad request|malformed"):
        client.query()


def test_rdflib_sparqlstore(endpoint, store):
    graph = Graph(store=SPARQLStore(endpoint))
    rows = list(graph.query(COUNT))
    assert int(rows[0][0]) == _studies(store)
    vega = URIRef("https://w3id.org/msc-knee-oa/id/study/vega-2015")
    assert (vega, None, None) in graph
    labels = list(graph.objects(vega, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert labels and "Vega 2015" in str(labels[0])


def test_kg_serve_data_serves_any_rdf_file(tmp_path):
    data = Path(__file__).parent / "w3c" / "protocol" / "data1.nt"
    port = free_port()
    kg = Path(sys.executable).with_name("kg")
    server = subprocess.Popen(
        [str(kg), "serve", "--data", str(data), "--queries", str(QUERIES), "--port", str(port)],
        cwd=tmp_path,
        env={**os.environ, "KG_QUERY_WORKERS": "2"},  # the processes read the files from KG_DATA
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url)
        expected = len(Graph().parse(data, format="nt"))
        answer = httpx.get(
            url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
        ).json()
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == expected
    finally:
        server.terminate()
        server.wait(timeout=30)
