"""Beyond one machine: the built dump loaded into Virtuoso, and the service run over it.

Virtuoso (Debian's virtuoso-opensource, installed by scripts/install-virtuoso) is started on
127.0.0.1 in a temporary folder, bulk-loaded with build/kg.nq, and stopped afterwards. Every
named query must give the same answers as on the embedded store, and the REST API served
over Virtuoso must give the same documents as over the embedded store.
"""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from kg.api.app import create_app
from kg.store import RemoteStore
from tests import remote_parity, virtuoso

if not virtuoso.installed():
    if os.environ.get("KG_REQUIRE_VIRTUOSO") == "1":
        raise RuntimeError("KG_REQUIRE_VIRTUOSO=1 but virtuoso-t/isql-vt are not installed")
    pytest.skip(
        "Virtuoso is not installed (scripts/install-virtuoso installs it)", allow_module_level=True
    )

OURS = "https://w3id.org/msc-knee-oa/"


@pytest.fixture(scope="module")
def remote(built, tmp_path_factory):
    with virtuoso.virtuoso(tmp_path_factory.mktemp("virtuoso"), built / "kg.nq") as endpoint:
        yield RemoteStore(endpoint)


def test_the_whole_dump_is_loaded(built, remote):
    rows = list(
        remote.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER (STRSTARTS(STR(?g), "{OURS}")) }}'
        )
    )
    quads = sum(1 for line in (built / "kg.nq").open(encoding="utf-8") if line.strip())
    assert int(rows[0]["n"].value) == quads


def test_release_reads_through_virtuoso(store, remote):
    assert remote.release() == store.release()


@pytest.mark.parametrize(
    ("name", "values"), remote_parity.calls(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_named_queries_agree_with_virtuoso(store, remote, name, values):
    expected = remote_parity.answer(store, name, values)
    assert expected, f"{name} {values} answers nothing: the parity check would prove nothing"
    assert remote_parity.answer(remote, name, values) == expected


REST_PATHS = [
    "/studies?limit=500",
    "/studies?design=rct&intervention=umbilical&limit=500",
    "/studies?kl_grade=KL%20III&year=2021",
    "/studies/vega-2015",
    "/studies/mautner-2023",
    "/publications/bennell-2021-jama",
    "/citations/vega-2015-transplantation?format=bibtex",
    "/citations/vega-2015-transplantation?format=csl-json",
    "/claims?assessment=contradicted",
    "/claims/apex-msc-knee-oa-guide/prp-benefit-kl2",
    "/queries/rcts-comparing?intervention_a=uc-msc&intervention_b=bm-msc&format=json",
]


@pytest.fixture(scope="module")
def clients(settings, store, remote):
    with (
        TestClient(create_app(settings, store)) as embedded,
        TestClient(create_app(settings, remote)) as over_virtuoso,
    ):
        yield embedded, over_virtuoso


@pytest.mark.parametrize("path", REST_PATHS)
def test_rest_over_virtuoso_matches_embedded(clients, path):
    embedded, over_virtuoso = clients
    mine, theirs = embedded.get(path), over_virtuoso.get(path)
    assert mine.status_code == 200, mine.text
    assert theirs.status_code == 200, theirs.text
    assert theirs.headers["x-graph-release"] == mine.headers["x-graph-release"]
    if "json" in mine.headers["content-type"]:
        assert _normalised(theirs.json()) == _normalised(mine.json())
    else:
        assert theirs.text == mine.text


def _normalised(doc):
    """SPARQL JSON results carry engine-specific datatypes for integers; compare by value."""
    if isinstance(doc, dict) and "results" in doc and "head" in doc:
        rows = doc["results"]["bindings"]
        return sorted(tuple(sorted((k, v["value"]) for k, v in row.items())) for row in rows)
    return doc
