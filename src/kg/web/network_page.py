"""The network page: the head-to-head network as a picture (edge width by participants,
colour by the best GRADE certainty a graded review gives for the pair), the gap matrix of
cell therapies against every intervention, and the overlap of the reviews."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from kg.evidence_weight import CERTAINTY_RANK
from kg.network import EvidenceNetwork
from kg.network_views import circle, node_marks

if TYPE_CHECKING:
    from kg.evidence_graph import EvidenceGraph
    from kg.terms import Vocabulary

# best GRADE certainty for a pair -> (colour, words); the legend lists them in this order
CERTAINTY_COLOURS = {
    "grade-high": ("#1b7a3a", "high certainty (GRADE)"),
    "grade-moderate": ("#2f9e5a", "moderate certainty (GRADE)"),
    "grade-low": ("#c98a00", "low certainty (GRADE)"),
    "grade-very-low": ("#b3261e", "very low certainty (GRADE)"),
    None: ("#8a929e", "no graded review of the pair"),
}


@dataclass(frozen=True)
class Cell:
    trials: int  # 0: a gap
    participants: int


@dataclass
class NetworkPage:
    svg: str
    nodes: list[dict]
    comparisons: list[dict]
    matrix_rows: list[tuple[dict, list[Cell | None]]]  # None: the same or nested concept
    matrix_columns: list[dict]
    overlap: dict
    legend: list[tuple[str, str]]


def network_page(graph: EvidenceGraph) -> NetworkPage:
    net = EvidenceNetwork.from_graph(graph)
    comparisons = net.comparisons()
    certainty = {
        frozenset((c["a"], c["b"])): best_certainty(graph, c["a"], c["b"]) for c in comparisons
    }
    for c in comparisons:
        c["certainty"] = certainty[frozenset((c["a"], c["b"]))]
    nodes = net.nodes()
    by_pair = {frozenset((c["a"], c["b"])): c for c in comparisons}
    gaps = {frozenset((g["a"], g["b"])) for g in net.gaps()}
    rows = []
    for node in (n for n in nodes if net.is_cell_therapy(n["id"])):
        cells: list[Cell | None] = []
        for column in nodes:
            pair = frozenset((node["id"], column["id"]))
            if pair in by_pair:
                cells.append(Cell(by_pair[pair]["study_count"], by_pair[pair]["participants"]))
            elif pair in gaps:
                cells.append(Cell(0, 0))
            else:
                cells.append(None)
        rows.append((node, cells))
    return NetworkPage(
        svg=picture(net, comparisons),
        nodes=nodes,
        comparisons=comparisons,
        matrix_rows=rows,
        matrix_columns=nodes,
        overlap=net.review_overlap(),
        legend=[(colour, words) for colour, words in CERTAINTY_COLOURS.values()],
    )


def best_certainty(graph: EvidenceGraph, a: str, b: str) -> str | None:
    """The best GRADE certainty a finding gives for a against b, in either order; a finding
    about a broader concept counts (MSCs against placebo speaks of marrow cells against
    saline)."""
    vocab = graph.vocabulary
    best = None
    for row in graph.evidence_rows:
        level = row.get("certainty")
        if level not in CERTAINTY_RANK or not row.get("comparator"):
            continue
        x, y = row["intervention"], row["comparator"]
        about = (_under(a, x, vocab) and _under(b, y, vocab)) or (
            _under(b, x, vocab) and _under(a, y, vocab)
        )
        if about and (best is None or CERTAINTY_RANK[level] > CERTAINTY_RANK[best]):
            best = level
    return best


def _under(concept: str, finding_concept: str | None, vocab: Vocabulary) -> bool:
    if not finding_concept or concept not in vocab.concepts:
        return False
    return concept == finding_concept or vocab.get(concept).within(finding_concept)


def picture(net: EvidenceNetwork, comparisons: list[dict], size: int = 760) -> str:
    """The network as SVG: interventions on a circle (cell therapies filled), each edge as
    wide as the square root of its participants and coloured by its best certainty."""
    place = circle(net, size, margin=180)
    height = size + 30 * len(CERTAINTY_COLOURS)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{height}" '
        f'viewBox="0 0 {size} {height}" font-family="sans-serif" font-size="13" role="img" '
        'aria-labelledby="network-title">',
        '<title id="network-title">Head-to-head randomised trials between interventions: '
        "edge width by participants, colour by the best GRADE certainty</title>",
        f'<rect width="{size}" height="{height}" fill="white"/>',
    ]
    for c in comparisons:
        (x1, y1), (x2, y2) = place[c["a"]], place[c["b"]]
        colour = CERTAINTY_COLOURS[c.get("certainty")][0]
        width = 1 + math.sqrt(c["participants"] or 1) / 3
        what = escape(
            f"{c['a_label']} vs {c['b_label']}: {c['study_count']} trial(s), "
            f"{c['participants']} participants"
        )
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{width:.1f}" stroke-opacity="0.8"><title>{what}</title></line>'
        )
    parts += node_marks(net, place, size / 2, name=lambda node: node["label"], radius=5)
    for i, (colour, words) in enumerate(CERTAINTY_COLOURS.values()):
        y = size + 10 + 30 * i
        parts.append(
            f'<line x1="20" y1="{y}" x2="60" y2="{y}" stroke="{colour}" stroke-width="6"/>'
            f'<text x="70" y="{y + 5}">{escape(words)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def matrix_svg(title: str, rows: list[str], columns: list[str], cells: list[list[str]]) -> str:
    """A labelled grid as SVG (the gap matrix, the review overlap): one text per cell, empty
    and "gap" cells marked, column labels turned so that long names fit."""
    cell, left, top = (
        34,
        12 + 7 * max((len(r) for r in rows), default=0),
        16 + 6 * max((len(c) for c in columns), default=0),
    )
    width, height = left + cell * len(columns) + 10, top + cell * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" role="img">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    for j, column in enumerate(columns):
        x = left + cell * j + cell / 2
        parts.append(
            f'<text transform="translate({x:.0f},{top - 6}) rotate(-60)">{escape(column)}</text>'
        )
    for i, (row, values) in enumerate(zip(rows, cells, strict=True)):
        y = top + cell * i
        parts.append(f'<text x="{left - 6}" y="{y + cell / 2 + 4:.0f}" text-anchor="end">'
                     f"{escape(row)}</text>")  # fmt: skip
        for j, value in enumerate(values):
            x = left + cell * j
            fill = {"gap": "#fdecea", "": "#ffffff", "–": "#f1f3f4"}.get(value, "#e6f4ea")
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" '
                f'stroke="#d9dde3"/><text x="{x + cell / 2}" y="{y + cell / 2 + 4:.0f}" '
                f'text-anchor="middle">{escape(value)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def gap_matrix_svg(page: NetworkPage) -> str:
    rows = [node["label"] for node, _ in page.matrix_rows]
    columns = [c["label"] for c in page.matrix_columns]
    cells = [
        ["–" if c is None else "gap" if c.trials == 0 else str(c.trials) for c in row]
        for _, row in page.matrix_rows
    ]
    return matrix_svg("Randomised trials comparing each cell therapy (rows) with each "
                      "intervention (columns); gap: none", rows, columns, cells)  # fmt: skip


def overlap_svg(page: NetworkPage) -> str:
    reviews = page.overlap["reviews"]
    studies = sorted({s for r in reviews for s in r["studies"]})
    cells = [["✓" if s in r["studies"] else "" for s in studies] for r in reviews]
    return matrix_svg(
        "Primary studies of the graph (columns) each review (rows) includes",
        [r["id"] for r in reviews],
        studies,
        cells,
    )


def png(svg: str) -> bytes:
    """The picture as PNG (resvg: a self-contained renderer, no system library needed)."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff"))
