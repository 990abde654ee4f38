"""SHACL validation of the built graph, reported in the curator's terms (file, record, field).

pySHACL finds the violations; this module only translates each result back to the YAML
place that produced the offending node, using the origins the mappers recorded.
"""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.errors import Problem, SourceError
from kg.sources import SourceSet
from kg.sources.filegraph import Origin


def load_shapes(shapes_path: Path) -> Graph:
    shapes = Graph()
    try:
        shapes.parse(shapes_path, format="turtle")
    except FileNotFoundError as exc:
        raise SourceError([Problem(str(shapes_path), "missing shapes file")]) from exc
    except Exception as exc:  # rdflib raises assorted parser exceptions
        raise SourceError([Problem(str(shapes_path), f"Turtle syntax error: {exc}")]) from exc
    return shapes


def check_conformance(sources: SourceSet, shapes: Graph) -> list[Problem]:
    """Every SHACL violation of the union of all source graphs, as located problems."""
    data = sources.union()
    conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True
    )
    if conforms:
        return []
    origins = sources.origins()
    owners = _owners(sources)
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        problems.append(_problem(report, shapes, result, origins, owners))
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.field or "", p.message))


def _owners(sources: SourceSet) -> dict[str, str]:
    """Which file a node without a recorded origin (a journal, a list node) appears in."""
    owners: dict[str, str] = {}
    for fg in sources.files:
        for subject in fg.graph.subjects():
            owners.setdefault(str(subject), fg.rel_path)
    return owners


def _problem(
    report: Graph, shapes: Graph, result, origins: dict[str, Origin], owners: dict[str, str]
) -> Problem:
    focus = report.value(result, SH.focusNode)
    shape = report.value(result, SH.sourceShape)
    value = report.value(result, SH.value)
    message = report.value(result, SH.resultMessage)
    field = shapes.value(shape, SH.name) if shape is not None else None
    text = str(message) if message else "does not conform"
    if value is not None and not text.endswith(")"):
        shown = _short(value)
        if shown:
            text += f" (got {shown})"
    origin = origins.get(str(focus))
    if origin is None:
        return Problem(
            owners.get(str(focus), "graph"), f"node {focus}: {text}", field=field and str(field)
        )
    path = (
        f"{origin.path}.{field}"
        if origin.path and field
        else (str(field) if field else origin.path or None)
    )
    return Problem(origin.file, text, record=origin.record, field=path, line=origin.line)


def _short(value) -> str:
    text = str(value)
    if isinstance(value, URIRef) and "/concept/" in text:
        return repr(text.rsplit("/", 1)[1])
    if len(text) > 80:
        text = text[:77] + "..."
    return repr(text)
