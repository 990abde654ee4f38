"""The evidence check compares claims with: every finding, and every result no finding speaks
for, in one shape; and the vocabulary relation the comparison turns on.

Read once per loaded graph (kg.evidence_graph): the graph does not change while it lives.
"""

from __future__ import annotations

from kg.claim_reading import BETTER, SAME, WORSE
from kg.evidence_weight import tier
from kg.named_queries import QueryCatalog, select_rows
from kg.records import publication_summary
from kg.store.base import Store
from kg.study_names import StudyNames, author_year
from kg.terms import Vocabulary


def concept_relation(a: str | None, b: str | None, vocab: Vocabulary) -> str | None:
    """'same', 'narrower' (a under b), 'broader' (a over b) or None."""
    if a is None or b is None or a not in vocab.concepts or b not in vocab.concepts:
        return None
    if a == b:
        return "same"
    if vocab.get(a).within(b):
        return "narrower"
    if vocab.get(b).within(a):
        return "broader"
    return None


def read_evidence_rows(
    store: Store, catalog: QueryCatalog, names: StudyNames | None = None
) -> list[dict]:
    """Every finding, and every result no finding speaks for, in one shape (first
    publication of each), with how a reader names its study (`names`). KL grades: the
    finding's own, else its study population's."""
    out: dict[str, dict] = {}
    for row in select_rows(store, catalog.get("findings")):
        row["klGrades"] = row["klGrades"] or row["populationKlGrades"]
        out.setdefault(row["finding"], {**row, "kind": "finding"})
    for row in select_rows(store, catalog.get("results")):
        out.setdefault(
            row["result"], {**row, "finding": row["result"], "certainty": None, "kind": "result"}
        )
    if names is not None:
        for row in out.values():
            row["studyLabel"] = names.display(row["studyId"])
    return list(out.values())


def read_modifier_rows(store: Store, catalog: QueryCatalog) -> list[dict]:
    """Every effect-modifier node with what the evidence shows of it (queries/modifiers.rq)."""
    return select_rows(store, catalog.get("modifiers"))


def publication(row: dict) -> dict | None:
    """The publication summary (kg.records.publication_summary), if the row has one."""
    return publication_summary(row) if row.get("publication") else None


def evidence_entry(
    stance: str,
    reason: str,
    kind: str,
    *,
    study: str | None,
    evidence: str | None,
    statement: str | None,
    publication: dict | None,
    level: str | None = None,
    tier: int | None = None,
    design: str | None = None,
    found: str | None = None,
    source_label: str | None = None,
    **extra,
) -> dict:
    """One piece of evidence on a claim, whatever it is (a finding, a result, a study's
    record, an effect-modifier node, a curated link): the one shape every checker answers
    with, every key present (the JSON contract's evidence[...])."""
    return {
        "stance": stance,
        "reason": reason,
        "level": level,
        "tier": tier,
        "design": design,
        "found": found,
        "source_label": source_label,
        "kind": kind,
        "evidence": evidence,
        "statement": statement,
        "study": study,
        "publication": publication,
        "integrity": [],  # the study's integrity flags (kg.integrity), set by the checker
        **extra,
    }


_HEADLINE_OUTCOMES = ("pain", "function")  # what a reader asks of a knee OA treatment first


def headline_rank(item: dict, vocab: Vocabulary) -> tuple[bool, int]:
    """How well a piece of evidence stands for the evidence as a whole among pieces of one
    certainty: a finding (a conclusion its source drew) before a result, and an outcome on
    pain, then on function, before other scales ("little or no difference in pain" before
    "... in SF-36 physical functioning")."""
    outcome = item.get("outcome")
    rank = next(
        (
            len(_HEADLINE_OUTCOMES) - i
            for i, kind in enumerate(_HEADLINE_OUTCOMES)
            if concept_relation(outcome, kind, vocab) in ("same", "narrower")
        ),
        0,
    )
    return (item.get("kind") == "finding", rank)


def evidence_item(row: dict, stance: str, reason: str, found: str, vocab: Vocabulary) -> dict:
    """A finding or result as a piece of evidence on a claim (evidence_entry)."""
    return evidence_entry(
        stance,
        reason,
        row["kind"],
        study=row["studyId"],
        evidence=row["finding"],
        statement=row["statement"],
        publication=publication(row),
        level=row["certainty"],
        tier=tier(row["designId"], row["certainty"]),
        design=row["designId"],
        found=found_words(row, found, vocab),
        source_label=source_label(row),
        outcome=row["outcome"],
    )


def found_words(row: dict, found: str, vocab: Vocabulary | None = None) -> str:
    """What the evidence found, in words, in the study's own orientation: "finds little or no
    difference on pain between mesenchymal stem cells and placebo at 12 months"."""

    def named(concept: str | None) -> str:
        return label(vocab, concept) if vocab is not None else str(concept)

    treatment, outcome = named(row["intervention"]), named(row["outcome"])
    when = f" at {float(row['timepoint']):g} months" if row["timepoint"] else ""
    if not row["comparator"]:
        change = {BETTER: "improve", SAME: "not change", WORSE: "worsen"}[found]
        return f"finds {outcome} {change} after {treatment}, from baseline{when}"
    comparator = named(row["comparator"])
    verb = {
        BETTER: f"finds {treatment} better than {comparator}",
        SAME: f"finds little or no difference between {treatment} and {comparator}",
        WORSE: f"finds {treatment} worse than {comparator}",
    }[found]
    return f"{verb} on {outcome}{when}"


def label(vocab: Vocabulary, concept: str | None) -> str:
    """A concept's label as it reads inside a sentence ("mesenchymal stem cells", "VAS pain")."""
    if concept is None or concept not in vocab.concepts:
        return str(concept)
    text = vocab.get(concept).label
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def source_label(row: dict) -> str:
    """How a reader names the row's study (kg.study_names.StudyNames.display, kept on the row
    when it was read from the graph), in brackets."""
    return f"({row.get('studyLabel') or author_year(row['studyId'])})"
