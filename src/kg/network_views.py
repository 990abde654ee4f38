"""The evidence network shown to a person: plain-text tables for the terminal and a small
SVG drawing (circular layout, no plotting library). The numbers come from kg.network."""

from __future__ import annotations

import math
from html import escape

from kg.network import EvidenceNetwork


def tables(net: EvidenceNetwork) -> str:
    """Comparisons, gaps and review overlap, one table each."""
    comparisons, gaps, overlap = net.comparisons(), net.gaps(), net.review_overlap()
    design = net.design or "any design"
    out = [
        f"Evidence network ({design}): {len(net.nodes())} interventions, "
        f"{len(comparisons)} direct comparisons",
        "",
        "Direct comparisons",
        _comparison_table(comparisons),
        "",
        f"Gaps: cell therapies with no trial against each other or a comparator ({len(gaps)})",
        _table(["cell therapy", "no trial against"], [[g["a"], g["b"]] for g in gaps]),
        "",
        _overlap(overlap),
    ]
    return "\n".join(out)


def between(a: str, b: str, direct: list[dict], paths: list[dict]) -> str:
    """What links two interventions: direct trials first, then chains of trials."""
    out = [f"Direct comparisons of {a} and {b}", _comparison_table(direct)]
    out += ["", f"Indirect paths from {a} to {b} through common comparators ({len(paths)})"]
    rows = [
        [" → ".join(p["nodes"]), " | ".join(_ids(step["studies"]) for step in p["steps"])]
        for p in paths
    ]
    out.append(_table(["path", "trials of each step"], rows))
    return "\n".join(out)


def svg(net: EvidenceNetwork, size: int = 720) -> str:
    """Interventions on a circle (cell therapies filled, named by id, trials in brackets),
    edges as wide as their study count; hovering shows labels and trials."""
    place = circle(net, size, margin=170)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" font-family="sans-serif" font-size="12">',
        f"<title>Evidence network ({escape(net.design or 'any design')})</title>",
        f'<rect width="{size}" height="{size}" fill="white"/>',
    ]
    for c in net.comparisons():
        (x1, y1), (x2, y2) = place[c["a"]], place[c["b"]]
        trials = escape(f"{c['a']} – {c['b']}: {_ids(c['studies'])}")
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#4a6fa5" '
            f'stroke-width="{1.5 * c["study_count"]:.1f}" stroke-opacity="0.7">'
            f"<title>{trials}</title></line>"
        )
    parts += node_marks(net, place, size / 2, name=lambda node: node["id"], radius=4)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def circle(net: EvidenceNetwork, size: int, margin: int) -> dict[str, tuple[float, float]]:
    """Where each intervention stands: evenly on a circle, the first at the top."""
    nodes = net.nodes()
    centre, radius = size / 2, size / 2 - margin
    place = {}
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / max(len(nodes), 1) - math.pi / 2
        place[node["id"]] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    return place


def node_marks(net: EvidenceNetwork, place: dict, centre: float, name, radius: float) -> list[str]:
    """A circle per intervention (cell therapies filled, larger with more trials) and its name
    with its number of trials, set outward from the centre."""
    parts = []
    for node in net.nodes():
        x, y = place[node["id"]]
        fill = "#d95f02" if net.is_cell_therapy(node["id"]) else "#ffffff"
        anchor, dx = ("start", 12) if x >= centre else ("end", -12)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius + 2 * math.sqrt(node["trials"]):.1f}" '
            f'fill="{fill}" stroke="#333"><title>{escape(node["label"])}</title></circle>'
        )
        parts.append(
            f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}">'
            f"{escape(name(node))} ({node['trials']})</text>"
        )
    return parts


def _overlap(overlap: dict) -> str:
    cca = overlap["cca"]
    lines = [f"Review overlap ({len(overlap['reviews'])} reviews with included studies linked)"]
    lines.append(
        _table(
            ["review", "includes"],
            [[r["id"], " ".join(r["studies"])] for r in overlap["reviews"]],
        )
    )
    shared = [[p["a"], p["b"], " ".join(p["shared"]) or "-"] for p in overlap["pairs"]]
    lines.append(_table(["review a", "review b", "shared"], shared))
    value = "undefined" if cca["cca"] is None else f"{100 * cca['cca']:.1f}% ({cca['level']})"
    lines.append(
        f"Corrected covered area: {value}; N={cca['inclusions']} inclusions, "
        f"r={cca['primary_studies']} primary studies, c={cca['reviews']} reviews "
        "(only inclusions linked to study files of the graph)"
    )
    return "\n".join(lines)


def _comparison_table(comparisons: list[dict]) -> str:
    headers = ["a", "b", "studies", "participants", "trials"]
    rows = [
        [c["a"], c["b"], c["study_count"], _participants(c), _ids(c["studies"])]
        for c in comparisons
    ]
    return _table(headers, rows)


def _participants(comparison: dict) -> str:
    unknown = comparison["participants_unknown"]
    return str(comparison["participants"]) + (f" (+{unknown} trial(s) n/a)" if unknown else "")


def _ids(studies: list[dict]) -> str:
    return ", ".join(s["id"] for s in studies)


def _table(headers: list[str], rows: list[list]) -> str:
    if not rows:
        return "  (none)"
    cells = [headers, *([str(c) for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return "\n".join(
        "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )
