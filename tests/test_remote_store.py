"""The remote-store backend gives the same answers as the embedded store: every named query,
run through kg.store.RemoteStore against a live endpoint holding the same dump."""

from __future__ import annotations

import pytest

from kg.api.app import create_app
from kg.errors import QueryError, StoreError
from kg.store import RemoteStore
from kg.store.remote import with_values
from tests import remote_parity
from tests.live import live_server


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
    with pytest.raises(QueryError, match="answered 400"):
        remote.query("SELECT WHERE")
    with pytest.raises(StoreError, match="unreachable"):
        RemoteStore("http://127.0.0.1:9/sparql", timeout=2).query("ASK {}")


def test_values_block_goes_first_in_the_outer_where():
    import pyoxigraph as ox

    text = 'SELECT ?x WHERE { ?x <http://p> "WHERE {" . { SELECT ?y WHERE { ?y ?p ?o } } }'
    bound = with_values(text, {"x": ox.Literal('a"b')})
    assert bound.startswith('SELECT ?x WHERE {\n  VALUES (?x) { ("a\\"b") }')
