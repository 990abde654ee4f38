"""Query results → text: a readable table for people, standard formats for programs.

Standard formats (SPARQL JSON/XML/CSV/TSV, Turtle, N-Triples, JSON-LD, RDF/XML) are written
by Oxigraph's own serialisers, so they follow the W3C specifications exactly. This module is
the one home of the format names: the CLI's choices, the API's parameters and content
negotiation (kg.api.media) all read them from here.
"""

from __future__ import annotations

from enum import StrEnum

import pyoxigraph as ox

from kg.namespaces import PREFIXES


class ResultFormat(StrEnum):
    """Formats of a SELECT or ASK answer."""

    JSON = "json"
    XML = "xml"
    CSV = "csv"
    TSV = "tsv"


class GraphFormat(StrEnum):
    """Formats of a CONSTRUCT or DESCRIBE answer."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"


TABLE = "table"  # the readable table of the command line (a graph prints as Turtle)
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    ResultFormat.JSON: ox.QueryResultsFormat.JSON,
    ResultFormat.XML: ox.QueryResultsFormat.XML,
    ResultFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultFormat.TSV: ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    GraphFormat.TURTLE: ox.RdfFormat.TURTLE,
    GraphFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    GraphFormat.JSONLD: ox.RdfFormat.JSON_LD,
    GraphFormat.RDFXML: ox.RdfFormat.RDF_XML,
}
# format -> (media type served, other media types a client may ask with)
MEDIA_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    ResultFormat.JSON: ("application/sparql-results+json", ("application/json",)),
    ResultFormat.XML: ("application/sparql-results+xml", ("application/xml", "text/xml")),
    ResultFormat.CSV: ("text/csv", ()),
    ResultFormat.TSV: ("text/tab-separated-values", ()),
    GraphFormat.TURTLE: ("text/turtle", ("application/x-turtle",)),
    GraphFormat.NTRIPLES: ("application/n-triples", ("text/plain",)),
    GraphFormat.JSONLD: ("application/ld+json", ("application/json",)),
    GraphFormat.RDFXML: ("application/rdf+xml", ("application/xml", "text/xml")),
}
# formats that write the project's prefixes (the others have none, or spell IRIs in full)
PREFIXED = (GraphFormat.TURTLE, GraphFormat.RDFXML)
CLI_FORMATS = (TABLE, *RESULT_FORMATS, *GRAPH_FORMATS)


def serialize_graph(triples, fmt: str) -> bytes:
    """Triples in a graph format, with the project's prefixes where the format has them."""
    prefixes = PREFIXES if fmt in PREFIXED else None
    return written(ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes))


_MAX_CELL = 70


def written(data: bytes | None) -> bytes:
    """What an Oxigraph serialiser given no output returns: always the bytes (its stubs say
    `bytes | None` for every call; None is for a call that writes to a file)."""
    assert data is not None
    return data


def table(result) -> str:
    """A plain-text table with IRIs shortened by the project's prefixes."""
    if isinstance(result, ox.QueryBoolean):
        return ("yes" if bool(result) else "no") + "\n"
    names = [v.value for v in result.variables]
    rows = [[short(row[name]) for name in names] for row in result]
    if not rows:
        return "(no results)\n"
    widths = [min(_MAX_CELL, max(len(n), *(len(r[i]) for r in rows))) for i, n in enumerate(names)]
    lines = [_line(names, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(r, widths) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def short(term) -> str:
    """A term as a person reads it: prefixed IRI, or the literal's text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return f"<{iri}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _line(cells: list[str], widths: list[int]) -> str:
    out = []
    for cell, width in zip(cells, widths, strict=True):
        cell = " ".join(cell.split())
        if len(cell) > width:
            cell = cell[: width - 1] + "…"
        out.append(cell.ljust(width))
    return "  ".join(out).rstrip()
