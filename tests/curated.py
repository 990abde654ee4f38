"""The curated YAML read directly (no build, no SPARQL), so tests can compute expected answers
independently of the code under test."""

from __future__ import annotations

from functools import cache

import yaml

from tests.conftest import GRAPH


@cache
def studies() -> dict[str, dict]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((GRAPH / "studies").glob("*.yaml"))
    }


@cache
def concepts() -> dict[str, dict]:
    out = {}
    for path in (GRAPH / "vocab").glob("*.yaml"):
        for concept in yaml.safe_load(path.read_text(encoding="utf-8"))["concepts"]:
            broader = concept.get("broader", [])
            concept["broader"] = broader if isinstance(broader, list) else [broader]
            out[concept["id"]] = concept
    return out


def under(concept_id: str) -> set[str]:
    """The concept and everything narrower, following skos:broader upwards from each."""

    def ancestors(cid: str) -> set[str]:
        found = {cid}
        for parent in concepts()[cid]["broader"]:
            found |= ancestors(parent)
        return found

    return {cid for cid in concepts() if concept_id in ancestors(cid)}


def with_design(design: str) -> set[str]:
    return {sid for sid, s in studies().items() if s["design"] in under(design)}


def interventions(study: dict) -> set[str]:
    parts = study.get("arms", []) + study.get("results", []) + study.get("findings", [])
    return {p["intervention"] for p in parts if "intervention" in p}


def with_intervention(concept_id: str) -> set[str]:
    wanted = under(concept_id)
    return {sid for sid, s in studies().items() if interventions(s) & wanted}


def kl_grades(study: dict) -> set[int]:
    return set(study.get("population", {}).get("kl_grades", []))


@cache
def modifiers() -> list[dict]:
    return yaml.safe_load((GRAPH / "modifiers.yaml").read_text(encoding="utf-8"))["modifiers"]


def resting_on(factor: str, intervention: str) -> set[str]:
    """Studies a modifier of `factor` (for a treatment under `intervention`) names as a whole
    in its supported_by (not through one of their findings)."""
    return {
        support["study"]
        for m in modifiers()
        if m["factor"] == factor and m.get("intervention") in under(intervention)
        for support in m.get("supported_by", [])
        if "study" in support
    }
