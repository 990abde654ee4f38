"""What the check reads of one study: its design, registrations, size, phase, population,
arms, follow-up and stated effects, as typed values. The REST record of a study
(kg.records.get_study) is a response shape that follows the ontology's property names for API
clients; the check rules read these facts instead, so a change to the one does not silently
change the other."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ArmFacts:
    id: str
    group_size: float | None = None
    dose_cells: float | None = None
    intervention: str | None = None  # the concept id
    injections: int | None = None
    adjuncts: tuple[str, ...] = ()  # concept ids given with the main intervention


@dataclass(frozen=True)
class ResultFacts:
    id: str
    value: float | None = None
    measure: str | None = None  # the effect measure id (smd, risk-ratio, ...)
    outcome: str | None = None  # the outcome concept id
    timepoint_months: float | None = None


@dataclass(frozen=True)
class StudyFacts:
    id: str
    iri: str
    label: str | None = None
    design: str | None = None  # the design concept id (rct, meta-analysis, ...)
    registrations: tuple[str, ...] = ()
    kl_grades: tuple[int, ...] = ()  # the population's Kellgren-Lawrence grades
    phase: str | None = None
    sample_size: float | None = None
    population_size: float | None = None
    follow_up_months: float | None = None
    included_count: float | None = None  # studies a synthesis included
    pooled_count: float | None = None  # ... and pooled, when its report says so apart
    arms: tuple[ArmFacts, ...] = ()
    results: tuple[ResultFacts, ...] = ()
    publication: dict | None = None  # the summary of its first publication
    name: str = ""  # how a reader names it (kg.study_names.StudyNames.display), once read

    @property
    def named(self) -> str:
        """How a reader names the study: "Lamo-Espinosa 2016", "Arthroscopy 2013"."""
        return self.name or self.id

    @classmethod
    def from_record(cls, study_id: str, iri: str, nodes: Mapping[str, Mapping[str, list]],
                    publication: dict | None) -> StudyFacts:  # fmt: skip
        """From the study-record query's nodes (subject IRI → property → values)."""
        node = nodes.get(iri, {})

        def one(properties: Mapping[str, list], name: str):
            values = sorted(properties.get(name) or [], key=str)  # the same from every store
            return values[0] if values else None

        def number(properties: Mapping[str, list], name: str) -> float | None:
            value = one(properties, name)
            return float(value) if value is not None else None

        def parts(name: str) -> list[tuple[str, Mapping[str, list]]]:
            return [(child, nodes.get(child, {})) for child in sorted(node.get(name, []))]

        populations = parts("hasPopulation")
        grades = sorted(
            int(grade[-1])
            for _, population in populations
            for grade in (_local(g) for g in population.get("klGrade", []))
            if grade and grade[-1].isdigit()
        )
        return cls(
            id=study_id,
            iri=iri,
            label=one(node, "label"),
            design=_local(one(node, "design")),
            registrations=tuple(sorted(str(r) for r in node.get("registration", []))),
            kl_grades=tuple(dict.fromkeys(grades)),
            phase=one(node, "phase"),
            sample_size=number(node, "sampleSize"),
            population_size=number(populations[0][1], "groupSize") if populations else None,
            follow_up_months=number(node, "followUpMonths"),
            included_count=number(node, "includedCount"),
            pooled_count=number(node, "pooledCount"),
            arms=tuple(
                ArmFacts(
                    str(one(arm, "identifier") or child.rsplit("/", 1)[-1]),
                    number(arm, "groupSize"),
                    number(arm, "doseCells"),
                    _local(one(arm, "intervention")),
                    int(count) if (count := number(arm, "injections")) is not None else None,
                    tuple(sorted(a for a in map(_local, arm.get("adjunct", [])) if a)),
                )
                for child, arm in parts("hasArm")
            ),
            results=tuple(
                ResultFacts(
                    str(one(result, "identifier") or child.rsplit("/", 1)[-1]),
                    number(result, "value"),
                    _local(one(result, "effectMeasure")),
                    _local(one(result, "outcome")),
                    number(result, "timepointMonths"),
                )
                for child, result in parts("hasResult")
            ),
            publication=publication,
        )


def _local(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if iri else None
