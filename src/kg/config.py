"""Where things are and the service's limits.

Paths default to the working directory (the project checkout); every setting can come from an
environment variable, which is how the processes `kg serve` starts under uvicorn find them, and
the CLI's flags override both.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from kg.sparql_syntax import SyntaxLimits

# Each setting: its environment variable, how its text becomes the value, its default text.
_ENV: dict[str, tuple[str, Callable[[str], object], str]] = {
    "graph_dir": ("KG_GRAPH", Path, "graph"),
    "build_dir": ("KG_BUILD", Path, "build"),
    "queries_dir": ("KG_QUERIES", Path, "queries"),
    "query_timeout": ("KG_QUERY_TIMEOUT", float, "30"),
    "result_limit": ("KG_RESULT_LIMIT", int, "100000"),
    "max_request_bytes": ("KG_MAX_REQUEST_BYTES", int, str(1 << 20)),
    "max_response_bytes": ("KG_MAX_RESPONSE_BYTES", int, str(256 << 20)),
    "max_query_bytes": ("KG_MAX_QUERY_BYTES", int, str(256 << 10)),
    "max_query_depth": ("KG_MAX_QUERY_DEPTH", int, "1000"),
    "query_workers": ("KG_QUERY_WORKERS", int, "2"),
    "max_concurrent": ("KG_MAX_CONCURRENT", int, "4"),
    "max_queued": ("KG_MAX_QUEUED", int, "16"),
    "memory_limit_mb": ("KG_MEMORY_LIMIT_MB", int, "2048"),
    "header_timeout": ("KG_HEADER_TIMEOUT", float, "10"),
    "store_url": ("KG_STORE", str, ""),
    "data_files": (
        "KG_DATA",
        lambda v: tuple(Path(p) for p in (v.split(os.pathsep) if isinstance(v, str) else v) if p),
        "",
    ),
    "restart_on_overrun": ("KG_RESTART_ON_OVERRUN", lambda v: str(v) in ("1", "True"), "0"),
    "cors_origins": ("KG_CORS_ORIGINS", lambda v: tuple(o for o in v.split(",") if o), "*"),
    "serving": ("KG_SERVING", lambda v: str(v) in ("1", "True"), "0"),
}


@dataclass(frozen=True)
class Settings:
    graph_dir: Path = Path("graph")
    build_dir: Path = Path("build")
    queries_dir: Path = Path("queries")
    query_timeout: float = 30.0  # seconds any request's work may take (queries, check, ask, ...)
    result_limit: int = 100_000  # rows (or triples) one answer may hold
    max_request_bytes: int = 1 << 20  # largest request body accepted
    max_response_bytes: int = 256 << 20  # largest answer serialised (memory guard)
    max_query_bytes: int = 256 << 10  # largest SPARQL text parsed (kg.sparql_syntax)
    max_query_depth: int = 1000  # deepest query (kg.sparql_syntax: the engine recurses)
    query_workers: int = 2  # server processes of `kg serve`; 0 or 1: one process
    max_concurrent: int = 4  # requests working at once in one process (kg.api.work)
    max_queued: int = 16  # requests waiting for a working slot; more are refused (busy)
    memory_limit_mb: int = 2048  # resident size of one server process (kg.api.memory; 0: none)
    header_timeout: float = 10.0  # seconds to receive a request's headers (kg.api.protocol)
    store_url: str = ""  # a remote SPARQL endpoint to serve instead of the build
    data_files: tuple[Path, ...] = ()  # RDF files to serve instead of the build
    restart_on_overrun: bool = False  # set by `kg serve` in its processes (kg.api.overrun)
    cors_origins: tuple[str, ...] = field(default=("*",))  # empty: no CORS headers
    serving: bool = False  # set by `kg serve` in its processes: memory ceiling, no outbound

    @property
    def syntax_limits(self) -> SyntaxLimits:
        return SyntaxLimits(self.max_query_bytes, self.max_query_depth)

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Defaults, then environment variables, then explicit overrides (None = not given)."""
        values: dict[str, Any] = {}  # field name -> a value of that field's type
        for f in fields(cls):
            name, convert, default = _ENV[f.name]
            values[f.name] = convert(os.environ.get(name, default))
        for key, value in overrides.items():
            if value is not None:
                values[key] = _ENV[key][1](value) if isinstance(value, str) else value
        return cls(**values)
