"""Shared fixtures: the real graph built once per session, and scratch copies to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.config import Settings
from kg.evidence_graph import EvidenceGraph
from kg.named_queries import QueryCatalog
from kg.store import open_built_store

ROOT = Path(__file__).resolve().parent.parent
GRAPH = ROOT / "graph"
QUERIES = ROOT / "queries"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A build directory holding the real graph's dump."""
    out = tmp_path_factory.mktemp("build")
    build(GRAPH, out)
    return out


@pytest.fixture(scope="session")
def store(built):
    return open_built_store(built)


@pytest.fixture(scope="session")
def graph(store) -> EvidenceGraph:
    """The real graph, loaded once: what ask, check, records and the network answer from."""
    return EvidenceGraph(store, QueryCatalog(QUERIES))


@pytest.fixture(scope="session")
def settings(built) -> Settings:
    return Settings(graph_dir=GRAPH, build_dir=built, queries_dir=QUERIES)


@pytest.fixture
def graph_copy(tmp_path) -> Path:
    """A scratch copy of graph/ that a test may damage."""
    target = tmp_path / "graph"
    shutil.copytree(GRAPH, target)
    return target
