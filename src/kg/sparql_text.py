"""Binding parameters into query text as a VALUES block, at the place the parse tree gives."""

from __future__ import annotations

from kg.errors import QueryError
from kg.sparql_syntax import parse_query


def with_values(sparql: str, bindings) -> str:
    """`sparql` with `VALUES (?a ?b) { (t1 t2) }` first in its outermost WHERE group.

    How both stores bind parameters: the terms are serialised by Oxigraph (escaped N-Triples
    syntax), never pasted from user text, and FILTERs in that group see them bound, as with
    Oxigraph's substitution. Unlike substitution, the optimiser joins from the bound values
    (one named query ran twelve times faster so), and every SPARQL 1.1 endpoint accepts it.
    """
    if not bindings:
        return sparql
    parsed = parse_query(sparql)
    if parsed.where_brace is None:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    names = sorted(bindings)
    block = (
        "VALUES ("
        + " ".join(f"?{n}" for n in names)
        + ") { ("
        + " ".join(str(bindings[n]) for n in names)
        + ") }"
    )
    text, position = parsed.text, parsed.where_brace
    return text[: position + 1] + "\n  " + block + "\n" + text[position + 1 :]
