"""The answer to a question as the ask page shows it: what was understood, the studies as a
table sorted as the reader asks, and the nearest evidence when nothing matches."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from kg.interpret import interpret

if TYPE_CHECKING:
    from kg.evidence_graph import EvidenceGraph


class SortKey(StrEnum):
    """The columns the studies table sorts by (a link per column: no script needed)."""

    STUDY = "study"
    YEAR = "year"
    DESIGN = "design"
    SIZE = "size"


@dataclass(frozen=True)
class StudyRow:
    id: str
    label: str
    design: str
    year: int | None
    size: int | None
    citation: str | None
    flags: tuple[str, ...] = ()  # the labels of its integrity flags


def study_rows(results: list[dict], sort: SortKey | None, descending: bool) -> list[StudyRow]:
    """The answer's studies as rows; unsorted (the answer's own order, which ranks them for a
    superlative) unless `sort` is given. Studies missing the value sort last."""
    rows = [
        StudyRow(
            r["id"],
            r["label"],
            r["design"],
            r.get("year"),
            r.get("sample_size"),
            r.get("citation"),
            tuple(sorted({f["label"] for f in r.get("integrity") or []})),
        )
        for r in results
    ]
    if sort is None:
        return rows
    key = {
        SortKey.STUDY: lambda r: r.id,
        SortKey.YEAR: lambda r: r.year,
        SortKey.DESIGN: lambda r: r.design,
        SortKey.SIZE: lambda r: r.size,
    }[sort]
    known = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    return sorted(known, key=key, reverse=descending) + missing


def understood(interpretation: dict) -> list[str]:
    """What was understood, one phrase per condition, in words (labels, not ids)."""
    parts: list[str] = []
    names = {
        "designs": "design",
        "interventions": "treatment",
        "excluded": "excluding",
        "kl_grades": "KL grade",
        "outcomes": "outcome",
        "donors": "donor",
        "certainties": "certainty",
        "outside_scope": "outside the graph",
    }
    for key, what in names.items():
        for concept in interpretation.get(key) or []:
            parts.append(f"{what}: {concept['label']}")
    for a, b in interpretation.get("compared_pairs") or []:
        parts.append(f"compared head to head: {a} vs {b}")
    numbers = {
        "year_min": "published from {}",
        "year_max": "published until {}",
        "sample_size_min": "at least {} participants",
        "sample_size_max": "at most {} participants",
        "timepoint_months": "at {:g} months",
        "follow_up_min_months": "followed for {:g} months or more",
        "dose_cells_min": "at least {:g} cells per injection",
        "dose_cells_max": "at most {:g} cells per injection",
    }
    for key, words in numbers.items():
        if interpretation.get(key) is not None:
            parts.append(words.format(interpretation[key]))
    for key, words in (
        ("doses_compared", "doses compared"),
        ("injection_counts_compared", "numbers of injections compared"),
        ("image_guided", "image-guided injections"),
    ):
        if interpretation.get(key):
            parts.append(words)
    if interpretation.get("phases"):
        parts.append("phase " + ", ".join(map(str, interpretation["phases"])))
    if interpretation.get("order"):
        parts.append(interpretation["order"]["text"])
    return parts


@dataclass(frozen=True)
class Part:
    """A condition read from words of the question, and the question without them."""

    label: str
    words: str
    without: str


def removable_parts(graph: EvidenceGraph, question: str) -> list[Part]:
    """Each condition the vocabularies read from the question, with the question asked
    again without its words: a link per part lets a reader drop a misreading."""
    interp = interpret(question, graph.vocabulary, graph.study_names)
    found = []
    for concept_id, spans in interp.spans.items():
        label = graph.vocabulary.get(concept_id).label
        for start, end in spans:
            without = " ".join((question[:start] + question[end:]).split())
            found.append((start, Part(label, question[start:end], without)))
    for start, end in interp.study_spans:
        without = " ".join((question[:start] + question[end:]).split())
        found.append((start, Part("the named study", question[start:end], without)))
    return [part for _, part in sorted(found, key=lambda item: item[0]) if part.without]
