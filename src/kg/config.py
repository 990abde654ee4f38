"""Where things are: the curated graph, the build output and the named queries.

Defaults are relative to the working directory (the project checkout); each can be set by
an environment variable, which is how `kg serve` workers started by uvicorn find them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    graph_dir: Path
    build_dir: Path
    queries_dir: Path

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        values = {
            "graph_dir": Path(os.environ.get("KG_GRAPH", "graph")),
            "build_dir": Path(os.environ.get("KG_BUILD", "build")),
            "queries_dir": Path(os.environ.get("KG_QUERIES", "queries")),
        }
        values.update({k: Path(v) for k, v in overrides.items() if v is not None})
        return cls(**values)
