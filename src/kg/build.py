"""Sources → validated RDF dataset → one N-Quads dump, written atomically.

The dump holds one named graph per source file, plus a `release` graph describing the build
(VoID/DCAT: version, content checksum, counts), so every answer can say which build it came
from. The content checksum covers the source graphs only, so it is stable across rebuilds of
unchanged sources. A failed build never touches the last good dump.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from kg import __version__
from kg.errors import ConformanceError
from kg.namespaces import BASE, DCAT, EV
from kg.release import DUMP_NAME, RELEASE_GRAPH, RELEASE_NODE, content_checksum
from kg.sources import SourceSet, read_sources
from kg.validation import check_conformance, load_shapes

__all__ = ["DUMP_NAME", "BuildReport", "build", "dump_text", "validate"]


@dataclass(frozen=True)
class BuildReport:
    """What a build produced (or, for validate, would produce)."""

    dump: Path | None
    version: str
    checksum: str
    quads: int
    graphs: int
    files: int


def validate(graph_dir: Path) -> tuple[SourceSet, list[str]]:
    """Read and SHACL-check every source; raise SourceError/ConformanceError on problems.

    Returns the sources and their N-Quads lines (sorted), ready to be written.
    """
    graph_dir = Path(graph_dir)
    sources = read_sources(graph_dir)
    shapes = load_shapes(graph_dir / "shapes.ttl")
    problems = check_conformance(sources, shapes)
    if problems:
        raise ConformanceError(problems)
    return sources, _nquad_lines(sources)


def build(graph_dir: Path, out_dir: Path, *, write: bool = True) -> BuildReport:
    """Validate, then (if `write`) replace out_dir/kg.nq in one atomic rename."""
    sources, lines = validate(graph_dir)
    text, version, checksum = dump_text(lines, len(sources.files))
    dump = None
    if write:
        dump = Path(out_dir) / DUMP_NAME
        _write_atomically(dump, text)
    quads = text.count("\n")
    return BuildReport(dump, version, checksum, quads, len(sources.files) + 1, len(sources.files))


def dump_text(lines: list[str], files: int) -> tuple[str, str, str]:
    """The dump of these sorted source lines: (text, version, checksum). Also what the
    benchmarks use to make a valid build of the real graph plus generated studies."""
    checksum = content_checksum(lines)
    version = f"{__version__}+{checksum[:12]}"
    release = _release_lines(version, checksum, len(lines), files)
    return "".join(lines + release), version, checksum


def _nquad_lines(sources: SourceSet) -> list[str]:
    lines: set[str] = set()
    for fg in sources.files:
        data = fg.graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        context = f" <{fg.name}> .\n"
        for line in data.splitlines():
            if line.strip():
                lines.add(line.rstrip()[:-1].rstrip() + context)
    return sorted(lines)


def _release_lines(version: str, checksum: str, quads: int, files: int) -> list[str]:
    graph = Graph()
    node = URIRef(RELEASE_NODE)
    graph.add((node, RDF.type, VOID.Dataset))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, RDFS.label, Literal("MSC knee-OA evidence graph release")))
    graph.add((node, DCTERMS.title, Literal("MSC knee osteoarthritis evidence graph")))
    graph.add((node, DCTERMS.hasVersion, Literal(version)))
    graph.add((node, EV.sha256, Literal(checksum)))
    graph.add((node, VOID.triples, Literal(quads, datatype=XSD.integer)))
    graph.add((node, EV.sourceFiles, Literal(files, datatype=XSD.integer)))
    graph.add((node, VOID.dataDump, URIRef(BASE + "release/" + DUMP_NAME)))
    graph.add((node, VOID.uriSpace, Literal(BASE)))
    data = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    context = f" <{RELEASE_GRAPH}> .\n"
    return sorted(
        line.rstrip()[:-1].rstrip() + context for line in data.splitlines() if line.strip()
    )


def _write_atomically(target: Path, text: str) -> None:
    """Write beside the target, then rename over it: readers see the old or the new file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)  # readable as any file written here (mkstemp makes 0600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
