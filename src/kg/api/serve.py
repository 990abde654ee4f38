"""`kg serve`: the service on a socket, in one process or several. The command line calls
`serve` once it has settled what to serve (and built it if needed); nothing else of the API
is imported by the CLI."""

from __future__ import annotations

import dataclasses
import os
import sys
from typing import TypedDict

import uvicorn

from kg.api.app import create_app
from kg.api.outbound import forbid_outbound_connections
from kg.config import Settings
from kg.evidence_graph import EvidenceGraph


class _ServerOptions(TypedDict):
    """The keyword arguments of uvicorn.Config shared by the one- and many-process servers."""

    host: str
    port: int
    log_level: str
    http: str


def serve(settings: Settings, host: str, port: int) -> None:
    """Serve until stopped. The graph is opened here first, so that broken named queries, a
    broken dump, file or endpoint stop the start with one line, rather than each server
    process failing on its own."""
    store = EvidenceGraph.open(settings).store
    where = f"http://{host}:{port}"
    os.environ.update(serve_environment(settings))  # read by the processes and the protocol
    config: _ServerOptions = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "http": "kg.api.protocol:ServerProtocol",
    }
    if settings.query_workers < 2:
        settings = dataclasses.replace(settings, serving=True)
        server = uvicorn.Server(uvicorn.Config(create_app(settings, store), **config))
        listening = server.config.bind_socket()
        if not settings.store_url:  # the socket is bound; nothing else needs the network
            forbid_outbound_connections()
        print(f"serving on {where} (SPARQL at /sparql, docs at /docs)", file=sys.stderr)
        server.run(sockets=[listening])
        return
    # Several processes, each opening the store itself and blocking its own outbound
    # connections; one whose query overruns is replaced (kg.api.overrun). They read their
    # settings from the environment.
    del store
    print(
        f"serving on {where} with {settings.query_workers} processes "
        "(SPARQL at /sparql, docs at /docs)",
        file=sys.stderr,
    )
    from kg.api.processes import Supervisor, listening_sockets

    sockets = listening_sockets(host, port, settings.query_workers)
    factory = uvicorn.Config("kg.api.app:app_from_env", factory=True, **config)
    Supervisor(factory, sockets).run()


def serve_environment(settings: Settings) -> dict[str, str]:
    """The settings of `kg serve` as the environment its processes read (kg.config)."""
    return {
        "KG_BUILD": str(settings.build_dir.resolve()),
        "KG_QUERIES": str(settings.queries_dir.resolve()),
        "KG_GRAPH": str(settings.graph_dir.resolve()),
        "KG_QUERY_TIMEOUT": str(settings.query_timeout),
        "KG_RESULT_LIMIT": str(settings.result_limit),
        "KG_STORE": settings.store_url,
        "KG_DATA": os.pathsep.join(str(p) for p in settings.data_files),
        "KG_MAX_QUERY_BYTES": str(settings.max_query_bytes),
        "KG_MAX_QUERY_DEPTH": str(settings.max_query_depth),
        "KG_MAX_CONCURRENT": str(settings.max_concurrent),
        "KG_MAX_QUEUED": str(settings.max_queued),
        "KG_MEMORY_LIMIT_MB": str(settings.memory_limit_mb),
        "KG_HEADER_TIMEOUT": str(settings.header_timeout),
        "KG_RESTART_ON_OVERRUN": "1",
        "KG_SERVING": "1",
    }
