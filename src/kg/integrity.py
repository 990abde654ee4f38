"""Integrity flags: what a public page states that bears on how far a study's report can be
trusted (a retraction, a correction, the maker's funding, a regulator's action on the
product). Curated in the study files (`integrity:`), read once from the `integrity-flags`
named query, and carried with the study to every answer that cites it: check's evidence,
ask's results, the study's record and page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kg.study_names import author_year


@dataclass(frozen=True)
class IntegrityFlag:
    kind: str  # a concept of the integrity scheme (vocab/integrity.yaml)
    label: str  # its label, as a reader sees it
    statement: str  # the page's own sentence
    source: str  # the page's URL

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "statement": self.statement,
            "source": self.source,
        }


def read_flags(rows: list[dict]) -> dict[str, tuple[IntegrityFlag, ...]]:
    """The `integrity-flags` rows as flags by study id."""
    out: dict[str, list[IntegrityFlag]] = {}
    for row in rows:
        flag = IntegrityFlag(row["kind"], row["kindLabel"], row["statement"], str(row["source"]))
        out.setdefault(row["studyId"], []).append(flag)
    return {study: tuple(flags) for study, flags in out.items()}


def flags_json(flags: dict[str, tuple[IntegrityFlag, ...]], study: str | None) -> list[dict]:
    """The flags of `study` as the answers' JSON (an empty list when it has none)."""
    return [flag.to_json() for flag in flags.get(study or "", ())]


def flagged_words(
    flags: dict[str, tuple[IntegrityFlag, ...]],
    studies: list[str],
    name: Callable[[str], str] = author_year,
) -> str | None:
    """One line naming the flagged studies among `studies` (by `name`, how a reader names a
    study: kg.study_names.StudyNames.display), or None."""
    named = [
        f"{name(sid)} ({', '.join(sorted({f.label.lower() for f in flags[sid]}))})"
        for sid in dict.fromkeys(studies)
        if sid in flags
    ]
    return "integrity flags on " + "; ".join(named) if named else None
