"""Read every curated file under graph/ into one RDF graph per file.

Order matters only for lookups: vocabularies first (other files name their concepts), then
studies, documents and their claims, then modifiers; cross-file references are checked last.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.errors import Problem, SourceError
from kg.sources.documents import DocumentMapper
from kg.sources.filegraph import FileGraph, Origin
from kg.sources.links import Links
from kg.sources.modifiers import map_modifiers
from kg.sources.studies import StudyMapper
from kg.sources.vocab import Vocabulary, check_vocab_complete, map_vocab_file
from kg.sources.yamlfile import ProblemLog

REQUIRED_SCHEMES = [
    "design",
    "intervention",
    "donor",
    "outcome",
    "kl-grade",
    "effect-measure",
    "direction",
    "certainty",
    "stance",
    "assessment",
    "modifier",
    "modifier-finding",
    "integrity",
]

__all__ = ["FileGraph", "Origin", "SourceSet", "Vocabulary", "read_sources"]


@dataclass
class SourceSet:
    """Everything read from graph/: per-file graphs plus the vocabulary lookup."""

    files: list[FileGraph]
    vocab: Vocabulary

    def origins(self) -> dict[str, Origin]:
        merged: dict[str, Origin] = {}
        for fg in self.files:
            merged.update(fg.origins)
        return merged

    def union(self) -> Graph:
        graph = Graph()
        for fg in self.files:
            graph += fg.graph
        return graph


def read_sources(graph_dir: Path) -> SourceSet:
    """Map every source file; raise SourceError listing every problem found."""
    graph_dir = Path(graph_dir)
    if not graph_dir.is_dir():
        raise SourceError(
            [
                Problem(
                    str(graph_dir),
                    "no such folder; pass --graph DIR pointing at the project's graph/ folder",
                )
            ]
        )
    log = ProblemLog()
    vocab = Vocabulary()
    links = Links()
    files: list[FileGraph] = []

    def rel(path: Path) -> str:
        return path.relative_to(graph_dir).as_posix()

    ontology = graph_dir / "ontology.ttl"
    if ontology.is_file():
        files.append(_turtle_file(ontology, rel(ontology), log))
    else:
        log.add(
            Problem("ontology.ttl", "missing; the graph's classes and properties are defined there")
        )

    for path in sorted((graph_dir / "vocab").glob("*.yaml")):
        files.append(map_vocab_file(path, rel(path), vocab, log))
    check_vocab_complete(vocab, REQUIRED_SCHEMES, log)
    if log.problems:  # without vocabularies every later file would repeat the same errors
        log.raise_if_any()

    studies = StudyMapper(vocab, links, log)
    for path in sorted((graph_dir / "studies").glob("*.yaml")):
        files.append(studies.map_file(path, rel(path)))

    documents = DocumentMapper(vocab, links, log)
    for folder in sorted(p for p in (graph_dir / "documents").glob("*") if p.is_dir()):
        doc_file = folder / "document.yaml"
        if not doc_file.is_file():
            log.add(Problem(rel(folder), "document folder without document.yaml"))
            continue
        files.append(documents.map_document(doc_file, rel(doc_file)))
        claims_file = folder / "claims.yaml"
        if claims_file.is_file():
            files.append(documents.map_claims(claims_file, rel(claims_file)))

    modifiers = graph_dir / "modifiers.yaml"
    if modifiers.is_file():
        files.append(map_modifiers(modifiers, rel(modifiers), vocab, links, log))

    for path in sorted(graph_dir.rglob("*.yml")):
        log.add(Problem(rel(path), "use the .yaml extension; .yml files are not read"))

    links.check()
    log.raise_if_any()
    return SourceSet(files, vocab)


def _turtle_file(path: Path, rel: str, log: ProblemLog) -> FileGraph:
    fg = FileGraph(rel)
    try:
        fg.graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        log.add(Problem(rel, f"Turtle syntax error: {exc}; fix the Turtle syntax"))
    fg.describe_source(path)
    return fg
