"""The triples one source file contributes, and where in the file each node came from."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.namespaces import EV, SOURCE
from kg.sources.yamlfile import ProblemLog, Record, load_yaml

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a node was written: used to turn a SHACL result into 'file, record, field'."""

    file: str
    record: str | None
    path: str
    line: int | None


@dataclass
class FileGraph:
    """One source file's triples, kept apart so the build can give each its own named graph."""

    rel_path: str
    graph: Graph = field(default_factory=Graph)
    origins: dict[str, Origin] = field(default_factory=dict)

    @property
    def name(self) -> URIRef:
        return SOURCE[self.rel_path]

    def describe_source(self, path: Path) -> None:
        """State what the source file is, so every node can point back to it."""
        node = self.name
        self.graph.add((node, RDF.type, EV.SourceFile))
        self.graph.add((node, RDFS.label, Literal(self.rel_path)))
        self.graph.add((node, EV.sourcePath, Literal(self.rel_path)))
        self.graph.add((node, EV.sha256, Literal(hashlib.sha256(path.read_bytes()).hexdigest())))

    def node(self, iri: URIRef, rdf_type: URIRef, rec: Record, label: str | None) -> URIRef:
        """Declare a node made from `rec`: its type, label, provenance and origin."""
        self.graph.add((iri, RDF.type, rdf_type))
        if label:
            self.graph.add((iri, RDFS.label, Literal(label)))
        self.graph.add((iri, PROV.wasDerivedFrom, self.name))
        self.origins[str(iri)] = Origin(self.rel_path, rec.record, rec.path, rec.line)
        return iri

    def add(self, s: URIRef | BNode, p: URIRef, o) -> None:
        """Add a triple, skipping absent values so callers can pass optional fields."""
        if o is None:
            return
        if not isinstance(o, URIRef | BNode | Literal):
            o = to_literal(o)
        self.graph.add((s, p, o))


def to_literal(value) -> Literal:
    """Python value → typed literal; floats become xsd:decimal so '1.5' stays '1.5'."""
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(Decimal(repr(value)), datatype=XSD.decimal)
    return Literal(str(value))


def valid_id(rec: Record, key: str = "id") -> str | None:
    """A record id usable in an IRI (lower-case letters, digits, hyphens), else a problem."""
    value = rec.get(key, str, required=True)
    if value is None:
        return None
    if not _ID_PATTERN.match(value):
        rec.problem(
            key,
            f"{value!r} is not a valid id; use lower-case letters, digits and hyphens "
            "(like 'vega-2015')",
        )
        return None
    return value


def open_source(
    path: Path, rel: str, log: ProblemLog, keys: list[str], id_key: str | None = "id"
) -> tuple[FileGraph, Record, str | None]:
    """Start mapping a source file: its graph, its top record (keys checked) and its id."""
    fg = FileGraph(rel)
    fg.describe_source(path)
    rec = Record(load_yaml(path, rel), file=rel, record=None, log=log)
    rec.check_keys(keys)
    rid = valid_id(rec, id_key) if id_key else None
    if rid is not None:
        rec.record = rid
    return fg, rec, rid
