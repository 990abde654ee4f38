"""The evidence network: interventions as nodes, head-to-head trials as edges (networkx).

Built from three named queries (trial-arm-pairs, intervention-hierarchy, review-inclusions;
no SPARQL here), so it reads the same from every store. It answers which interventions were
compared directly (`comparisons`), which pairs never were (`gaps`), how two are linked
through common comparators (`indirect_paths`) and how much the reviews overlap in the
primary studies they include (`review_overlap`). Every answer is plain dicts and lists,
ready for JSON.

Nodes are the intervention concepts that trial arms record: the curators' level (cell
source such as bm-msc, comparator type such as saline). Two arms of one trial with the same
concept (two doses, two routes) compare no interventions and give no edge.
"""

from __future__ import annotations

import io
from collections import defaultdict
from itertools import combinations, pairwise
from typing import TYPE_CHECKING

import networkx as nx

from kg.errors import ParameterError
from kg.named_queries import Parameter, to_term
from kg.namespaces import CONCEPT
from kg.records import publication_summary
from kg.store.base import Store

if TYPE_CHECKING:
    from kg.evidence_graph import EvidenceGraph

FOCUS = "cell-therapy"  # the graph's subject: gaps are reported for pairs involving it
_PIEPER_LEVELS = [(0.05, "slight"), (0.10, "moderate"), (0.15, "high"), (1.0, "very high")]


class EvidenceNetwork:
    """A graph of head-to-head comparisons, with the vocabulary and the reviews beside it."""

    def __init__(self, graph: nx.Graph, within: dict, reviews: dict, store: Store, design: str):
        self.graph = graph
        self.design = design
        self._within = within  # concept id -> the ids it falls under, itself included
        self._reviews = reviews
        self._store = store

    @classmethod
    def from_graph(cls, evidence: EvidenceGraph, design: str = "rct") -> EvidenceNetwork:
        """Run the named queries once; `design` picks the trials (rct, controlled-study)."""
        within: dict[str, set[str]] = defaultdict(set)
        for row in evidence.rows("intervention-hierarchy"):
            within[row["id"]].add(row["within"])
        graph = _comparison_graph(evidence.rows("trial-arm-pairs", design=design))
        reviews = _reviews(evidence.rows("review-inclusions"))
        return cls(graph, dict(within), reviews, evidence.store, design)

    # ------------------------------------------------------------ answers

    def nodes(self) -> list[dict]:
        return [
            {"id": n, "label": data["label"], "trials": len(data["trials"])}
            for n, data in sorted(self.graph.nodes(data=True))
        ]

    def comparisons(self, a: str | None = None, b: str | None = None) -> list[dict]:
        """Direct comparisons, most studied first; `a` (and `b`) narrow them to edges
        touching those interventions, narrower concepts included."""
        ends_a = self._members(a, "a") if a else set(self.graph)
        ends_b = self._members(b, "b") if b else set(self.graph)
        found = []
        for u, v in map(self._oriented, self.graph.edges):
            if u in ends_a and v in ends_b:
                found.append(self._comparison(u, v))
            elif v in ends_a and u in ends_b:
                found.append(self._comparison(v, u))
        return sorted(found, key=lambda c: (-c["study_count"], c["a"], c["b"]))

    def gaps(self) -> list[dict]:
        """Pairs of trial interventions that no trial compares directly.

        Only pairs with at least one cell therapy (under FOCUS) are reported: the graph was
        curated for cell therapies, so a missing PRP-versus-saline trial says nothing. A pair
        is a gap when no trial compares anything under one with anything under the other
        (a bmac-versus-saline trial covers bmac versus placebo), and nested pairs (saline,
        placebo) are not pairs at all."""
        gaps = []
        for u, v in map(self._oriented, combinations(self.graph, 2)):
            if not self.is_cell_therapy(u) or self._nested(u, v):
                continue
            if not self._linked(self._narrower(u), self._narrower(v)):
                gaps.append({"a": u, "a_label": self._label(u), "b": v, "b_label": self._label(v)})
        return sorted(gaps, key=lambda g: (g["a"], g["b"]))

    def indirect_paths(self, a: str, b: str, max_length: int = 3) -> list[dict]:
        """Chains of trials from `a` to `b` through common comparators (at most `max_length`
        comparisons), shortest and best studied first. `a` and `b` are concept ids or
        synonyms; narrower concepts count (msc takes in bm-msc arms). Interior steps avoid
        both ends' concepts, so a path never passes through a or b themselves."""
        if max_length < 2:
            raise ParameterError(f"max_length must be at least 2 (got {max_length})")
        ends_a, ends_b = self._members(a, "a"), self._members(b, "b")
        if ends_a & ends_b:
            raise ParameterError(
                f"{a!r} and {b!r} overlap (both take in {', '.join(sorted(ends_a & ends_b))}); "
                "ask about two interventions neither of which falls under the other"
            )
        paths = []
        for source in sorted(ends_a):
            for target in sorted(ends_b):
                for nodes in nx.all_simple_paths(self.graph, source, target, cutoff=max_length):
                    if len(nodes) > 2 and not set(nodes[1:-1]) & (ends_a | ends_b):
                        paths.append(self._path(nodes))
        return sorted(paths, key=lambda p: (p["length"], -p["weakest_step"], p["nodes"]))

    def review_overlap(self) -> dict:
        """Each pair of reviews' shared primary studies, and the corrected covered area of
        all of them. Inclusions are those linked to study files of this graph, so the CCA
        measures overlap within the graph, not across the reviews' full reference lists."""
        reviews = [dict(r, studies=sorted(r["studies"])) for r in self._reviews.values()]
        pairs = [
            {"a": x["id"], "b": y["id"], "shared": sorted(set(x["studies"]) & set(y["studies"]))}
            for x, y in combinations(reviews, 2)
        ]
        inclusions = {r["id"]: set(r["studies"]) for r in reviews}
        return {"reviews": reviews, "pairs": pairs, "cca": corrected_covered_area(inclusions)}

    def to_json(self) -> dict:
        return {
            "design": self.design,
            "nodes": self.nodes(),
            "comparisons": self.comparisons(),
            "gaps": self.gaps(),
            "review_overlap": self.review_overlap(),
        }

    def graphml(self) -> bytes:
        """The network as GraphML: lists joined into strings, since GraphML holds scalars."""
        export = nx.Graph(design=self.design)
        for node in self.nodes():
            export.add_node(node["id"], label=node["label"], trials=node["trials"])
        for c in self.comparisons():
            export.add_edge(
                c["a"],
                c["b"],
                studies=c["study_count"],
                participants=c["participants"],
                participants_unknown=c["participants_unknown"],
                study_ids=" ".join(s["id"] for s in c["studies"]),
                outcomes=" ".join(c["outcomes"]),
                dois=" ".join(
                    p["doi"] for s in c["studies"] for p in s["publications"] if p["doi"]
                ),
            )
        out = io.BytesIO()
        nx.write_graphml(export, out)
        return out.getvalue()

    def is_cell_therapy(self, node: str) -> bool:
        """Whether an intervention falls under FOCUS: it leads its pairs and colours pictures."""
        return FOCUS in self._within.get(node, {node})

    # ------------------------------------------------------------ helpers

    def _members(self, value: str, name: str) -> set[str]:
        """The network's interventions under a term (id or synonym); unknown terms get the
        named-query error with its 'did you mean'."""
        term = to_term(
            Parameter(name=name, type="concept", scheme="intervention"), value, self._store
        )
        return self._narrower(term.value.removeprefix(str(CONCEPT)))

    def _narrower(self, concept_id: str) -> set[str]:
        return {n for n in self.graph if concept_id in self._within.get(n, {n})}

    def _nested(self, u: str, v: str) -> bool:
        return u in self._within.get(v, {v}) or v in self._within.get(u, {u})

    def _oriented(self, pair: tuple[str, str]) -> tuple[str, str]:
        """Cell therapy first (the side a reader asks about), else alphabetical."""
        u, v = sorted(pair)
        return (v, u) if self.is_cell_therapy(v) and not self.is_cell_therapy(u) else (u, v)

    def _linked(self, ends_a: set[str], ends_b: set[str]) -> bool:
        return any(self.graph.has_edge(u, v) for u in ends_a for v in ends_b)

    def _label(self, node: str) -> str:
        return self.graph.nodes[node]["label"]

    def _comparison(self, u: str, v: str) -> dict:
        studies = sorted(self.graph.edges[u, v]["studies"].values(), key=lambda s: s["id"])
        sizes = [s["participants"] for s in studies]
        return {
            "a": u,
            "a_label": self._label(u),
            "b": v,
            "b_label": self._label(v),
            "study_count": len(studies),
            "participants": sum(n for n in sizes if n is not None),
            "participants_unknown": sizes.count(None),
            "outcomes": sorted({o for s in studies for o in s["outcomes"]}),
            "studies": studies,
        }

    def _path(self, nodes: list[str]) -> dict:
        steps = [self._comparison(u, v) for u, v in pairwise(nodes)]
        return {
            "from": nodes[0],
            "to": nodes[-1],
            "via": nodes[1:-1],
            "nodes": nodes,
            "length": len(steps),
            "weakest_step": min(s["study_count"] for s in steps),
            "steps": steps,
        }


def corrected_covered_area(inclusions: dict[str, set[str]]) -> dict:
    """Pieper et al. 2014: CCA = (N - r) / (r*c - r), N inclusions counted with repeats, r
    distinct primary studies, c reviews. Undefined (None) with fewer than two reviews or no
    study at all, where nothing can overlap. Levels as Pieper's: up to 5% slight, 10%
    moderate, 15% high, above that very high."""
    n = sum(len(studies) for studies in inclusions.values())
    r = len(set().union(*inclusions.values()))
    c = len(inclusions)
    cca = (n - r) / (r * c - r) if r * c - r > 0 else None
    level = next(name for top, name in _PIEPER_LEVELS if cca <= top) if cca is not None else None
    return {"inclusions": n, "primary_studies": r, "reviews": c, "cca": cca, "level": level}


def _comparison_graph(rows: list[dict]) -> nx.Graph:
    """Rows of trial-arm-pairs → a graph whose edges hold the trials comparing their ends."""
    trials: dict[str, dict] = {}
    for row in rows:
        trial = trials.setdefault(row["id"], _trial(row))
        for side in "AB":
            trial["arms"][row[f"arm{side}"]] = (row[f"intervention{side}"], row[f"n{side}"])
            trial["labels"][row[f"intervention{side}"]] = row[f"intervention{side}Label"]
        if row["outcome"]:
            trial["outcomes"].add(row["outcome"])
        if row["publication"]:
            trial["publications"][row["publication"]] = publication_summary(row)
    graph = nx.Graph()
    for trial in trials.values():
        by_concept: dict[str, list] = defaultdict(list)
        for concept, n in trial["arms"].values():
            by_concept[concept].append(n)
        for concept in by_concept:
            if concept not in graph:
                graph.add_node(concept, label=trial["labels"][concept], trials=set())
            graph.nodes[concept]["trials"].add(trial["id"])
        for u, v in combinations(sorted(by_concept), 2):
            if not graph.has_edge(u, v):
                graph.add_edge(u, v, studies={})
            graph.edges[u, v]["studies"][trial["id"]] = _study(trial, by_concept[u] + by_concept[v])
    return graph


def _trial(row: dict) -> dict:
    return {
        "id": row["id"],
        "iri": row["study"],
        "label": row["label"],
        "sample_size": row["sampleSize"],
        "arms": {},
        "labels": {},
        "outcomes": set(),
        "publications": {},
    }


def _study(trial: dict, sizes: list) -> dict:
    """One trial on one edge. Participants are the group sizes of the arms compared; when a
    size is missing but those arms are the whole trial, its sample size; else unknown."""
    if None not in sizes:
        participants = sum(sizes)
    elif len(sizes) == len(trial["arms"]):
        participants = trial["sample_size"]
    else:
        participants = None
    return {
        "id": trial["id"],
        "iri": trial["iri"],
        "label": trial["label"],
        "participants": participants,
        "outcomes": sorted(trial["outcomes"]),
        "publications": sorted(trial["publications"].values(), key=lambda p: p["id"]),
    }


def _reviews(rows: list[dict]) -> dict[str, dict]:
    reviews: dict[str, dict] = {}
    for row in rows:
        review = reviews.setdefault(
            row["reviewId"],
            {
                "id": row["reviewId"],
                "iri": row["review"],
                "label": row["reviewLabel"],
                "design": row["reviewDesign"],
                "publications": [],
                "studies": set(),
            },
        )
        review["studies"].add(row["studyId"])
        publication = publication_summary(row) if row["publication"] else None
        if publication and publication not in review["publications"]:
            review["publications"].append(publication)
    return reviews
