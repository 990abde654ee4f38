"""A remote SPARQL 1.1 endpoint as the store (Virtuoso, Fuseki, GraphDB, QLever, another kg).

Queries go out by the SPARQL protocol (POST form); answers come back as SPARQL JSON or
N-Triples and are parsed by Oxigraph, so the layers above see the same result types as
with the embedded store. Parameter bindings become a VALUES block, as on the embedded store
(kg.sparql_text.with_values).
"""

from __future__ import annotations

import httpx
import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.release import RELEASE_QUERY
from kg.sparql_syntax import DEFAULT_LIMITS, SyntaxLimits, parse_query
from kg.sparql_text import with_values
from kg.store.base import Bindings, QueryResult, solutions


class RemoteStore:
    """A read-only view of a remote endpoint whose default graph is the union of graphs."""

    backend = "remote"
    union_default_graph = True

    def __init__(
        self, endpoint: str, *, timeout: float = 60.0, syntax_limits: SyntaxLimits = DEFAULT_LIMITS
    ):
        self.endpoint = endpoint
        self._client = httpx.Client(timeout=timeout)
        self.syntax_limits = syntax_limits

    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Parsed and admitted first, as on the embedded store: the remote endpoint never
        sees an update or a SERVICE call from this service."""
        parsed = parse_query(sparql, self.syntax_limits)
        text = with_values(parsed.text, bindings or {})
        if base_iri and not parsed.has_base:
            text = f"BASE <{base_iri}>\n{text}"
        graph = parsed.form.is_graph
        data: dict[str, str | list[str]] = {"query": text}
        if default_graphs:
            data["default-graph-uri"] = default_graphs
        if named_graphs:
            data["named-graph-uri"] = named_graphs
        accept = "application/n-triples" if graph else "application/sparql-results+json"
        try:
            response = self._client.post(self.endpoint, data=data, headers={"accept": accept})
        except httpx.HTTPError as exc:
            raise StoreError(f"the SPARQL endpoint {self.endpoint} is unreachable: {exc}") from exc
        if response.status_code >= 400:
            raise QueryError(
                f"the SPARQL endpoint answered {response.status_code}: {response.text[:500]}"
            )
        if graph:
            return iter(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)

    def release(self) -> dict[str, str]:
        for row in solutions(self.query(RELEASE_QUERY)):
            return {"version": row["version"].value, "checksum": row["checksum"].value}
        return {"version": "unversioned", "checksum": ""}
