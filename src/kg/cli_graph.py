"""How every `kg` command that reads the graph finds it: the same options, and one
`EvidenceGraph` built the way `kg serve` builds its own (kg.evidence_graph)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kg.config import Settings

BUILD_HELP = "folder of the built dump (default: ./build, or $KG_BUILD)"


def add_graph_options(p, *, build_help: str = BUILD_HELP) -> None:
    """--build, --queries, --store and --data: where the graph and its named queries are."""
    p.add_argument("--build", help=build_help)
    p.add_argument("--queries", help="folder of named queries (default: ./queries)")
    p.add_argument(
        "--store",
        metavar="URL",
        help="read a remote SPARQL 1.1 endpoint that holds the built dump instead "
        "(default: $KG_STORE)",
    )
    p.add_argument(
        "--data",
        nargs="+",
        metavar="FILE",
        help="read these RDF files (Turtle, N-Triples, TriG, N-Quads, RDF/XML, JSON-LD) "
        "instead of the built graph",
    )


def graph_settings(args) -> Settings:
    """The settings the command's options and the environment give (kg.config)."""
    settings = Settings.from_env(
        graph_dir=getattr(args, "graph", None),
        build_dir=getattr(args, "build", None),
        queries_dir=getattr(args, "queries", None),
        query_timeout=getattr(args, "query_timeout", None),
        result_limit=getattr(args, "result_limit", None),
        query_workers=getattr(args, "query_workers", None),
    )
    store_url = getattr(args, "store", None)
    data = getattr(args, "data", None)
    return dataclasses.replace(
        settings,
        store_url=store_url if store_url is not None else settings.store_url,
        data_files=tuple(Path(p).resolve() for p in data) if data else settings.data_files,
    )


def open_graph(args):
    """The graph the command reads (kg.evidence_graph.EvidenceGraph), opened once."""
    from kg.evidence_graph import EvidenceGraph

    return EvidenceGraph.open(graph_settings(args))
