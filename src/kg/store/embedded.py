"""The default store: pyoxigraph in the process, loaded from the built N-Quads dump.

Chosen over rdflib's own SPARQL engine by measurement (benchmarks/engines.py, figures in the
README): it loads and answers the named queries one to three orders of magnitude faster.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import BuildMissingError, QueryError, StoreError
from kg.release import DUMP_NAME, RELEASE_QUERY, verify_dump
from kg.sparql_syntax import DEFAULT_LIMITS, SyntaxLimits, parse_query
from kg.sparql_text import with_values
from kg.store.base import Bindings, QueryResult, solutions


class EmbeddedStore:
    """An in-memory Oxigraph store; the union of named graphs is the default graph."""

    backend = "embedded"

    def __init__(
        self,
        store: ox.Store | None = None,
        *,
        union_default_graph: bool = True,
        syntax_limits: SyntaxLimits = DEFAULT_LIMITS,
    ):
        self._store = store if store is not None else ox.Store()
        # The built graph keeps every triple in a named graph, so its default graph is their
        # union; other data (kg serve --data, test suites) keeps the standard default graph.
        self.union_default_graph = union_default_graph
        self.syntax_limits = syntax_limits

    @classmethod
    def from_files(cls, paths: list[Path], *, union_default_graph: bool = True) -> EmbeddedStore:
        """Load RDF files of any format Oxigraph reads, guessed from the file extension."""
        store = ox.Store()
        for path in paths:
            fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".") or "nq")
            if fmt is None:
                raise StoreError(
                    f"{path}: unknown RDF file extension; use .ttl, .nt, .nq, .trig, .rdf, .jsonld"
                )
            try:
                store.bulk_load(path=str(path), format=fmt)
            except (SyntaxError, ValueError, OSError) as exc:
                raise StoreError(f"{path}: could not load: {exc}") from exc
        return cls(store, union_default_graph=union_default_graph)

    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Every query is parsed and admitted first (kg.sparql_syntax): an update, LOAD or
        SERVICE never reaches Oxigraph, whatever called. A query naming its own dataset
        (FROM / FROM NAMED) is answered over that dataset, unless the protocol's
        default-graph-uri / named-graph-uri override it, as the protocol says."""
        parsed = parse_query(sparql, self.syntax_limits)
        union = self.union_default_graph and not parsed.has_dataset
        try:
            dataset = _dataset(default_graphs, named_graphs, union)
            return self._store.query(
                with_values(parsed.text, bindings or {}), base_iri=base_iri, **dataset
            )
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from exc
        except ValueError as exc:  # e.g. an invalid IRI among the dataset parameters
            raise QueryError(f"invalid dataset IRI: {exc}") from exc
        except (RuntimeError, OSError) as exc:
            raise QueryError(str(exc)) from exc

    def release(self) -> dict[str, str]:
        for row in solutions(self._store.query(RELEASE_QUERY, use_default_graph_as_union=True)):
            return {"version": row["version"].value, "checksum": row["checksum"].value}
        return {"version": "unversioned", "checksum": ""}

    def __len__(self) -> int:
        return len(self._store)


def _dataset(default_graphs: list[str] | None, named_graphs: list[str] | None, union: bool) -> dict:
    """Oxigraph's dataset arguments for the protocol's default-graph-uri / named-graph-uri."""
    dataset: dict = {"use_default_graph_as_union": union}
    if default_graphs is not None:
        dataset = {"default_graph": [_graph_name(g) for g in default_graphs]}
    if named_graphs is not None:
        dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    return dataset


def _graph_name(iri: str):
    return ox.DefaultGraph() if iri == "" else ox.NamedNode(iri)


def open_built_store(build_dir: Path) -> EmbeddedStore:
    """The store for a built graph; a clear error if `kg build` has not been run."""
    """The store for a built graph, verified against its recorded checksum; a clear error if
    `kg build` has not been run or the dump was damaged since."""
    dump = Path(build_dir) / DUMP_NAME
    if not dump.is_file():
        raise BuildMissingError(f"no built graph at {dump}; run `kg build` first")
    checksum = verify_dump(dump)
    store = EmbeddedStore.from_files([dump])
    if store.release()["checksum"] != checksum:  # the file changed while it was read
        raise StoreError(f"{dump}: changed while it was loaded; start again")
    return store
