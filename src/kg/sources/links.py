"""References between source files (a claim citing a study's result, a review including a study).

Each mapper registers the ids it defines and records the ids it points to; once every file
is mapped, the dangling pointers are reported with the place that wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from kg.namespaces import ID
from kg.sources.yamlfile import Record, suggest

# What each kind of reference looks like in YAML, and the IRI it becomes.
KINDS = {
    "study": lambda ref: ID[f"study/{ref}"],
    "publication": lambda ref: ID[f"publication/{ref}"],
    "result": lambda ref: ID["study/{}/result/{}".format(*ref.split("/", 1))],
    "finding": lambda ref: ID["study/{}/finding/{}".format(*ref.split("/", 1))],
}


EVIDENCE_KINDS = ("finding", "result", "study")


@dataclass
class Links:
    defined: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})
    pending: list[tuple[Record, str, str, str]] = field(default_factory=list)

    def define(self, kind: str, ref: str) -> None:
        self.defined[kind].add(ref)

    def point(self, rec: Record, key: str, kind: str, ref: str) -> URIRef | None:
        """IRI for a reference, checked later; malformed result/finding refs fail now."""
        if kind in ("result", "finding") and ref.count("/") != 1:
            rec.problem(key, f"{ref!r} is not a {kind} reference; write 'study-id/{kind}-id'")
            return None
        self.pending.append((rec, key, kind, ref))
        return KINDS[kind](ref)

    def point_evidence(self, rec: Record) -> URIRef | None:
        """The one finding, result or study a record names as evidence."""
        kinds = [k for k in EVIDENCE_KINDS if rec.data.get(k)]
        if len(kinds) != 1:
            rec.problem(None, "name exactly one of 'finding', 'result' or 'study' as the evidence")
            return None
        return self.point(rec, kinds[0], kinds[0], rec.get(kinds[0]))

    def check(self) -> None:
        for rec, key, kind, ref in self.pending:
            if ref not in self.defined[kind]:
                rec.problem(
                    key,
                    f"no {kind} {ref!r} in graph/{suggest(ref, self.defined[kind])}",
                )
