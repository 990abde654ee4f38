"""The checked article as a page shows it: the text in its own paragraphs, every unit marked
with its status (and verdict), and for each checked unit the deciding evidence with quotes
and citations, the rest grouped by study."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.check_document import SHOWN_EVIDENCE, STATUS_LABELS, UnitStatus
from kg.cite import CitationFormat

if TYPE_CHECKING:
    from kg.evidence_graph import EvidenceGraph

# The formats a writer copies from the page, in the order the buttons show them.
COPY_FORMATS = (
    CitationFormat.APA,
    CitationFormat.VANCOUVER,
    CitationFormat.BIBTEX,
    CitationFormat.RIS,
)
_FORMAT_NAMES = {
    CitationFormat.APA: "APA",
    CitationFormat.VANCOUVER: "Vancouver",
    CitationFormat.BIBTEX: "BibTeX",
    CitationFormat.RIS: "RIS",
}


@dataclass(frozen=True)
class Citation:
    format: str
    label: str
    text: str


@dataclass(frozen=True)
class EvidenceView:
    """One piece of evidence as a reader sees it."""

    stance: str
    study: str | None  # a study id, for the link to its page
    source: str  # "Sadeghirad 2024" or the study id
    found: str
    quote: str | None
    certainty: str
    design: str | None
    reason: str
    citations: tuple[Citation, ...] = ()
    integrity: tuple[dict, ...] = ()  # the study's integrity flags (kg.integrity)


@dataclass
class UnitView:
    number: int
    text: str
    status: UnitStatus
    label: str  # the status, or the verdict for a checked unit: colour is never the only sign
    reason: str | None = None
    verdict: str | None = None
    why: str | None = None
    deciding: list[EvidenceView] = field(default_factory=list)
    rest: dict[str, list[EvidenceView]] = field(default_factory=dict)  # by source


@dataclass
class Paragraph:
    units: list[UnitView] = field(default_factory=list)

    @property
    def checked(self) -> list[UnitView]:
        return [u for u in self.units if u.status is UnitStatus.CHECKED]


def article(graph: EvidenceGraph, text: str, report: dict) -> list[Paragraph]:
    """The report's units in the text's paragraphs: a new paragraph wherever the text between
    two units breaks a line."""
    paragraphs: list[Paragraph] = [Paragraph()]
    end = 0
    for number, unit in enumerate(report["sentences"], start=1):
        if paragraphs[-1].units and "\n" in text[end : unit["offset"]]:
            paragraphs.append(Paragraph())
        paragraphs[-1].units.append(_unit(graph, number, unit))
        end = unit["offset"] + unit["length"]
    return [p for p in paragraphs if p.units]


def _unit(graph: EvidenceGraph, number: int, unit: dict) -> UnitView:
    status = UnitStatus(unit["status"])
    if status is not UnitStatus.CHECKED:
        return UnitView(number, unit["text"], status, STATUS_LABELS[status], unit.get("reason"))
    evidence = unit.get("evidence") or []
    deciding = [e for e in evidence if e.get("deciding")][:SHOWN_EVIDENCE]
    if not deciding:
        deciding = evidence[:SHOWN_EVIDENCE]
    rest: dict[str, list[EvidenceView]] = {}
    for item in evidence:
        if item not in deciding:
            view = evidence_view(graph, item, cite=False)
            rest.setdefault(view.source, []).append(view)
    return UnitView(
        number,
        unit["text"],
        status,
        unit["verdict"],
        unit.get("reason"),
        unit["verdict"],
        unit.get("why"),
        [evidence_view(graph, e) for e in deciding],
        rest,
    )


def evidence_view(graph: EvidenceGraph, item: dict, *, cite: bool = True) -> EvidenceView:
    """An evidence item of a check answer, with its paper's citations when `cite`."""
    publication = item.get("publication") or {}
    citations: tuple[Citation, ...] = ()
    if cite and publication.get("id"):
        citations = tuple(
            Citation(fmt.value, _FORMAT_NAMES[fmt], graph.reference(publication["id"], fmt).strip())
            for fmt in COPY_FORMATS
        )
    label = (item.get("source_label") or "").strip("() ") or item.get("study") or "the graph"
    return EvidenceView(
        stance=item["stance"],
        study=item.get("study"),
        source=label,
        found=item.get("found") or item["reason"],
        quote=item.get("statement"),
        certainty=graph.vocabulary.label_of(item.get("level")) or "certainty not stated",
        design=item.get("design"),
        reason=item["reason"],
        citations=citations,
        integrity=tuple(item.get("integrity") or ()),
    )
