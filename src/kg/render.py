"""Query results → text: a readable table for people, standard formats for programs.

Standard formats (SPARQL JSON/XML/CSV/TSV, Turtle, N-Triples, JSON-LD, RDF/XML) are written
by Oxigraph's own serialisers, so they follow the W3C specifications exactly.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import KgError
from kg.namespaces import PREFIXES

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_MAX_CELL = 70


def render(result, fmt: str) -> bytes:
    """Serialise any query result in `fmt` ('table' or a key of the format tables)."""
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        if fmt == "table":
            return table(result).encode("utf-8")
        if fmt not in RESULT_FORMATS:
            raise KgError(
                f"format {fmt!r} does not fit a SELECT or ASK result; use table, "
                f"{', '.join(RESULT_FORMATS)}"
            )
        return written(result.serialize(format=RESULT_FORMATS[fmt]))
    if fmt == "table":
        fmt = "turtle"
    if fmt not in GRAPH_FORMATS:
        raise KgError(
            f"format {fmt!r} does not fit a CONSTRUCT or DESCRIBE result; use "
            f"{', '.join(GRAPH_FORMATS)}"
        )
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    return written(ox.serialize(result, format=GRAPH_FORMATS[fmt], prefixes=prefixes))


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
