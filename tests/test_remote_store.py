"""The remote-store backend gives the same answers as the embedded store: every named query,
run through kg.store.RemoteStore against a live endpoint holding the same dump."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from kg.api.app import create_app
from kg.errors import QueryError, StoreError
from kg.sparql_text import with_values
from kg.store import RemoteStore
from tests import curated, remote_parity
from tests.conftest import QUERIES
from tests.live import free_port, live_server, wait_until_healthy


@pytest.fixture(scope="module")
def remote(settings, store):
    """A kg service as the remote SPARQL 1.1 endpoint (Virtuoso has its own test)."""
    with live_server(create_app(settings, store)) as url:
        yield RemoteStore(url + "/sparql")


@pytest.mark.parametrize(
    ("name", "values"), remote_parity.calls(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_named_queries_agree(store, remote, name, values):
    assert remote_parity.answer(remote, name, values) == remote_parity.answer(store, name, values)


def test_release_reads_through_the_remote(store, remote):
    assert remote.release() == store.release()


def test_remote_errors_are_clear(remote):
    with pytest.raises(QueryError, match="malformed SPARQL at line 1"):  # refused here
        remote.query("SELECT WHERE")
    with pytest.raises(QueryError, match="answered 400"):  # parses, but the engine refuses it
        remote.query("SELECT ?x WHERE { BIND (1 AS ?x) BIND (2 AS ?x) }")
    with pytest.raises(StoreError, match="unreachable"):
        RemoteStore("http://127.0.0.1:9/sparql", timeout=2).query("ASK {}")


def test_values_block_goes_first_in_the_outer_where():
    import pyoxigraph as ox

    text = 'SELECT ?x WHERE { ?x <http://p> "WHERE {" . { SELECT ?y WHERE { ?y ?p ?o } } }'
    bound = with_values(text, {"x": ox.Literal('a"b')})
    assert bound.startswith('SELECT ?x WHERE {\n  VALUES (?x) { ("a\\"b") }')


def test_kg_serve_store_serves_the_api_over_a_remote_endpoint(remote, store, tmp_path):
    """`kg serve --store URL` as its own process: the REST API answers from the remote."""
    port = free_port()
    kg = Path(sys.executable).with_name("kg")
    server = subprocess.Popen(
        [
            str(kg),
            "serve",
            "--store",
            remote.endpoint,
            "--port",
            str(port),
            "--queries",
            str(QUERIES),
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        health = wait_until_healthy(url)
        assert health.json()["backend"] == "remote"
        assert health.json()["version"] == store.release()["version"]
        studies = httpx.get(url + "/studies", params={"limit": 500}, timeout=30).json()
        assert studies["total"] == len(curated.studies())
        claim = httpx.get(url + "/claims/apex-msc-knee-oa-guide/prp-benefit-kl2", timeout=30)
        assert claim.json()["assessment"] == "mixed"
    finally:
        server.terminate()
        server.wait(timeout=30)
