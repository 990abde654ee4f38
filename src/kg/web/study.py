"""A study's page: the record (kg.records) in words a reader knows, with its arms, its
results and a forest-style plot of the between-group effects, its findings with their
certainty, the reviews that include it and where every fact was seen."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.records import get_study

if TYPE_CHECKING:
    from kg.evidence_graph import EvidenceGraph

# Measures whose "no effect" is 1 (ratios); the others' is 0.
_RATIOS = {"risk-ratio", "odds-ratio", "hazard-ratio"}


@dataclass(frozen=True)
class Effect:
    """One between-group result with a value and an interval, placed on its plot."""

    label: str
    value: float
    low: float
    high: float


@dataclass
class Forest:
    """The effects of one measure, on one axis (an SVG drawn by the template)."""

    measure: str
    null: float
    effects: list[Effect] = field(default_factory=list)

    @property
    def lowest(self) -> float:
        return min([self.null] + [e.low for e in self.effects])

    @property
    def highest(self) -> float:
        return max([self.null] + [e.high for e in self.effects])

    def x(self, value: float, width: float = 360.0) -> float:
        """Where `value` falls on a plot `width` wide (a margin of 10 on each side)."""
        span = (self.highest - self.lowest) or 1.0
        return round(10 + (value - self.lowest) / span * (width - 20), 1)


@dataclass
class StudyPage:
    id: str
    record: dict
    title: str
    citations: list[str]
    links: list[tuple[str, str]]  # (label, URL): DOI, PubMed, PMC, registries
    design: str
    facts: list[tuple[str, str]]  # (what, value) lines under the title
    arms: list[dict]
    results: list[dict]
    findings: list[dict]
    forests: list[Forest]
    included_in: list[dict]
    claims: list[dict]
    sources: list[str]
    notes: str | None
    integrity: list[dict]  # what public pages state against trusting the report


def study_page(graph: EvidenceGraph, study_id: str) -> StudyPage:
    """Everything the page shows of one study (NotFoundError for an unknown id)."""
    record = get_study(graph, study_id)
    label = graph.vocabulary.label_of

    arms_by_iri = {a["iri"]: a for a in record.get("arms", [])}

    def arm_label(iri: str | list | None) -> str:
        if isinstance(iri, list):  # a result pooled over several arms
            return " and ".join(sorted(arm_label(one) for one in iri))
        arm = arms_by_iri.get(iri or "")
        return arm["label"] if arm else label(iri)

    publications = record.get("publications", [])
    citations = [graph.reference(p["id"]).strip() for p in publications]
    links = []
    for p in publications:
        if p.get("doi"):
            links.append((f"DOI {p['doi']}", f"https://doi.org/{p['doi']}"))
        if p.get("pmid"):
            links.append((f"PubMed {p['pmid']}", f"https://pubmed.ncbi.nlm.nih.gov/{p['pmid']}/"))
        if p.get("pmcid"):
            links.append((p["pmcid"], f"https://pmc.ncbi.nlm.nih.gov/articles/{p['pmcid']}/"))
    for reg in _as_list(record.get("registration")):
        if str(reg).upper().startswith("NCT"):
            links.append((reg, f"https://clinicaltrials.gov/study/{reg}"))
    population = record.get("population") or {}
    facts = [
        ("Design", label(record.get("design"))),
        ("Phase", record.get("phase") or ""),
        ("Registration", ", ".join(map(str, _as_list(record.get("registration"))))),
        ("Participants", str(record.get("sampleSize") or "")),
        (
            "Follow-up",
            f"{record['followUpMonths']:g} months" if record.get("followUpMonths") else "",
        ),
        ("KL grades", ", ".join(label(k) for k in _as_list(population.get("klGrade")))),
        ("Mean age", str(population.get("meanAge") or "")),
        ("Mean BMI", str(population.get("meanBmi") or "")),
    ]
    arms = [
        {
            "label": a.get("label"),
            "intervention": label(a.get("intervention")),
            "donor": label(a.get("donor")),
            "dose": _cells(a.get("doseCells")),
            "injections": a.get("injections")
            or ("repeated" if a.get("repeatedInjections") else ""),
            "n": a.get("groupSize") or "",
        }
        for a in record.get("arms", [])
    ]
    results = []
    forests: dict[str, Forest] = {}
    for r in record.get("results", []):
        side = arm_label(r.get("arm")) or label(r.get("intervention"))
        other = arm_label(r.get("comparatorArm")) or label(r.get("comparator"))
        compared = f"{side} vs {other}" if other else f"{side}, from baseline (within-group)"
        row = {
            "outcome": label(r.get("outcome")),
            "when": f"{r['timepointMonths']:g} months" if r.get("timepointMonths") else "",
            "compared": compared,
            "measure": label(r.get("effectMeasure")),
            "value": r.get("value"),
            "ci": (r["ciLower"], r["ciUpper"]) if r.get("ciLower") is not None else None,
            "p": r.get("pValue") or "",
            "direction": label(r.get("direction")),
            "statement": r.get("statement"),
        }
        results.append(row)
        if other and row["value"] is not None and row["ci"] and r.get("effectMeasure"):
            measure = r["effectMeasure"]
            forest = forests.setdefault(
                measure, Forest(label(measure), 1.0 if measure in _RATIOS else 0.0)
            )
            what = f"{row['outcome']}, {compared}" + (f", {row['when']}" if row["when"] else "")
            forest.effects.append(Effect(what, float(row["value"]), *map(float, row["ci"])))
    findings = [
        {
            "statement": f.get("statement"),
            "certainty": label(f.get("certainty")),
            "direction": label(f.get("direction")),
            "compared": " vs ".join(
                x for x in (label(f.get("intervention")), label(f.get("comparator"))) if x
            ),
            "outcome": label(f.get("outcome")),
        }
        for f in record.get("findings", [])
    ]
    included_in = [
        {"id": row["reviewId"], "label": row["reviewLabel"]}
        for row in graph.rows("review-inclusions")
        if row["studyId"] == study_id
    ]
    sources = sorted({str(u) for u in _as_list(record.get("verifiedAt"))})
    for p in publications:
        sources += [str(u) for u in _as_list(p.get("verifiedAt")) if str(u) not in sources]
    return StudyPage(
        id=study_id,
        record=record,
        title=record.get("label") or study_id,
        citations=citations,
        links=links,
        design=label(record.get("design")),
        facts=[(what, value) for what, value in facts if value],
        arms=arms,
        results=results,
        findings=findings,
        forests=list(forests.values()),
        included_in=list({r["id"]: r for r in included_in}.values()),
        claims=graph.claims_by_study.get(study_id, []),
        sources=sources,
        notes=record.get("notes"),
        integrity=record.get("integrity", []),
    )


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _cells(dose) -> str:
    if not dose:
        return ""
    dose = float(dose)
    return f"{dose / 1e6:g} million" if dose >= 1e6 else f"{dose:g}"
