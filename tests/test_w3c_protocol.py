"""The query side of the W3C SPARQL 1.1 Protocol tests (tests/w3c/protocol/manifest.ttl),
run over HTTP against a live server on 127.0.0.1 holding the tests' data.

Each test is a list of HTTP requests with the expected status class, answer format and, for
ASK, the expected boolean. The update tests do not apply: the endpoint is read-only.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS

from kg.api.app import create_app
from kg.config import Settings
from kg.store import EmbeddedStore
from tests.live import live_server

SUITE = Path(__file__).parent / "w3c" / "protocol"
MANIFEST = SUITE / "manifest.ttl"
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

MANIFEST_GRAPH = Graph().parse(MANIFEST, format="turtle", publicID=BASE)
ENTRIES = list(
    Collection(MANIFEST_GRAPH, MANIFEST_GRAPH.value(URIRef(BASE.rstrip("#")), MF.entries))
)
QUERY_TESTS = [e for e in ENTRIES if "update" not in str(e).split("#")[1]]
RESULT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")


def _graph_data() -> dict[str, Path]:
    """Every named graph the tests use: its name (the rdfs:label) and its file."""
    graphs = {}
    for node in MANIFEST_GRAPH.objects(None, UT.graphData):
        name = str(MANIFEST_GRAPH.value(node, RDFS.label))
        graphs[name] = SUITE / Path(str(MANIFEST_GRAPH.value(node, UT.graph))).name
    return graphs


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """A live server whose store holds the protocol tests' named graphs."""
    folder = tmp_path_factory.mktemp("protocol-data")
    dataset = folder / "protocol.nq"
    lines = []
    for name, path in _graph_data().items():
        for triple in Graph().parse(path, format="nt").serialize(format="nt").splitlines():
            if triple.strip():
                lines.append(triple.rstrip()[:-1] + f"<{name}> .\n")
    dataset.write_text("".join(lines), encoding="utf-8")
    store = EmbeddedStore.from_files([dataset])
    settings = Settings(query_workers=1, query_timeout=10)
    with live_server(create_app(settings, store)) as url:
        yield url


def test_suite_has_the_twenty_query_tests():
    assert len(QUERY_TESTS) == 20


@pytest.mark.parametrize("test", QUERY_TESTS, ids=lambda t: str(t).split("#")[1])
def test_w3c_protocol(endpoint, test):
    action = MANIFEST_GRAPH.value(test, MF.action)
    requests = Collection(MANIFEST_GRAPH, MANIFEST_GRAPH.value(action, HT.requests))
    for request in requests:
        response = _send(endpoint, request)
        expected = MANIFEST_GRAPH.value(request, HT.resp)
        _check(response, expected)


def _send(endpoint: str, request) -> httpx.Response:
    g = MANIFEST_GRAPH
    method = str(g.value(request, HT.methodName))
    path = str(g.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    headers = {}
    header_list = g.value(request, HT.headers)
    if header_list is not None:
        for header in Collection(g, header_list):
            headers[str(g.value(header, HT.fieldName))] = str(g.value(header, HT.fieldValue))
    content = None
    body = g.value(request, HT.body)
    if body is not None:
        encoding = str(g.value(body, CNT.characterEncoding) or "UTF-8")
        content = str(g.value(body, CNT.chars)).encode(encoding.lower())
    return httpx.request(
        method,
        endpoint + path,
        headers=headers,
        content=content,
        follow_redirects=False,
        timeout=30,
    )


def _check(response: httpx.Response, expected) -> None:
    g = MANIFEST_GRAPH
    classes = {str(s).rsplit("StatusCode", 1)[1] for s in g.objects(expected, MF.expectedStatus)}
    status_class = f"{response.status_code // 100}xx"
    assert status_class in classes, (
        f"status {response.status_code}, expected {classes}: {response.text[:300]}"
    )
    media = response.headers.get("content-type", "").split(";")[0].strip()
    fmt = g.value(expected, MF.expectedFormat)
    if fmt is not None:
        wanted = GRAPH_TYPES if str(fmt) == "RDF" else RESULT_TYPES
        assert media in wanted, f"{media} is not a {fmt} format"
    boolean = g.value(expected, MF.expectedBoolean)
    if boolean is not None:
        assert _boolean(response, media) is boolean.toPython()


def _boolean(response: httpx.Response, media: str) -> bool:
    if media == "application/sparql-results+json":
        return json.loads(response.text)["boolean"]
    root = ET.fromstring(response.content)
    node = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    return node.text.strip() == "true"
