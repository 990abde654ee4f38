"""The store interface the query layer depends on."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol

import pyoxigraph as ox

# Parameter values are RDF terms, never text pasted into a query.
Term = ox.NamedNode | ox.Literal | ox.BlankNode
Bindings = Mapping[str, Term]
# SELECT → QuerySolutions, ASK → QueryBoolean, CONSTRUCT/DESCRIBE → an iterator of Triples.
QueryResult = ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]


def solutions(result: QueryResult) -> ox.QuerySolutions:
    """The rows of a SELECT query's result (the caller knows the form of the query it ran)."""
    if isinstance(result, ox.QuerySolutions):
        return result
    raise TypeError(f"a SELECT query's rows were expected, not {type(result).__name__}")


def triples(result: QueryResult) -> Iterator[ox.Triple]:
    """The triples of a CONSTRUCT or DESCRIBE query's result (the caller knows the form)."""
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        raise TypeError(f"a graph query's triples were expected, not {type(result).__name__}")
    return result


class Store(Protocol):
    """A read-only SPARQL 1.1 dataset whose default graph is the union of its named graphs."""

    backend: str

    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a query; `bindings` pre-bind variables to terms (a VALUES block).

        `default_graphs` / `named_graphs` are the SPARQL protocol's dataset parameters; when
        absent the default graph is the union of all named graphs. `base_iri` resolves
        relative IRIs in the query (the protocol lets it be the endpoint's URL).
        """
        ...

    def release(self) -> dict[str, str]:
        """Version and checksum of the loaded build, for pinning answers to a release."""
        ...
