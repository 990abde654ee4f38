"""Controlled vocabularies: YAML concept schemes → SKOS, and a lookup other mappers use.

Concept ids are unique across all schemes, so a value such as `bm-msc` names one concept
wherever it appears; each field that takes a concept says which scheme it must come from.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from kg.errors import Problem
from kg.namespaces import CONCEPT, EV, SCHEME
from kg.sources.filegraph import FileGraph, valid_id
from kg.sources.yamlfile import ProblemLog, Record, load_yaml, suggest

SCHEME_KEYS = ["scheme", "label", "definition", "concepts"]
CONCEPT_KEYS = [
    "id",
    "label",
    "definition",
    "synonyms",
    "broader",
    "polarity",
    "grade",
    "donor",
]
_DONORS = ("autologous", "allogeneic")  # the ids of vocab/donor.yaml
_POLARITY = {"lower-is-better": EV.LowerIsBetter, "higher-is-better": EV.HigherIsBetter}


@dataclass
class Concept:
    id: str
    scheme: str
    label: str
    synonyms: list[str] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)


@dataclass
class Vocabulary:
    """Every concept by id, with the scheme it belongs to; resolves ids and suggests fixes."""

    concepts: dict[str, Concept] = field(default_factory=dict)

    def ids_in(self, scheme: str) -> list[str]:
        return [c.id for c in self.concepts.values() if c.scheme == scheme]

    def resolve(self, rec: Record, key: str, value: str, scheme: str):
        """IRI of concept `value` in `scheme`, or None with a problem saying what would fit."""
        concept = self.concepts.get(value)
        if concept is not None and concept.scheme == scheme:
            return CONCEPT[value]
        best = self.nearest(value, scheme)
        hint = f" (did you mean {best!r}?)" if best else ""
        where = "a concept of another scheme" if concept else "not a known concept"
        rec.problem(
            key,
            f"{value!r} is {where}; expected an id of the {scheme!r} vocabulary{hint} "
            f"(see graph/vocab/{scheme}.yaml)",
        )
        return None

    def add_concepts(self, fg: FileGraph, node, rec: Record, fields) -> None:
        """For each (yaml key, scheme, predicate) present in `rec`, link node to the concept."""
        for key, scheme, prop in fields:
            value = rec.get(key)
            if value is not None:
                fg.add(node, prop, self.resolve(rec, key, value, scheme))

    def add_kl_grades(self, fg: FileGraph, node, rec: Record) -> None:
        """`kl_grades: [2, 3]` → one ev:klGrade link per grade concept."""
        for i, grade in enumerate(rec.get_list("kl_grades", int)):
            fg.add(
                node, EV.klGrade, self.resolve(rec, f"kl_grades[{i}]", f"kl-{grade}", "kl-grade")
            )

    def nearest(self, text: str, scheme: str) -> str | None:
        """The concept id of `scheme` whose id, label or synonyms look most like `text`."""
        wanted = _fold(text)
        best, best_score = None, 0.6
        for c in self.concepts.values():
            if c.scheme != scheme:
                continue
            for name in (c.id, c.label, *c.synonyms):
                score = difflib.SequenceMatcher(None, wanted, _fold(name)).ratio()
                if score > best_score:
                    best, best_score = c.id, score
        return best


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").replace("_", " ").split())


def map_vocab_file(path: Path, rel: str, vocab: Vocabulary, log: ProblemLog) -> FileGraph:
    """One scheme file → SKOS triples; concepts are also added to `vocab`."""
    fg = FileGraph(rel)
    fg.describe_source(path)
    top = Record(load_yaml(path, rel), file=rel, record=None, log=log)
    top.check_keys(SCHEME_KEYS)
    scheme_id = valid_id(top, "scheme")
    if scheme_id is None:
        return fg
    top.record = scheme_id
    if path.stem != scheme_id:
        top.problem("scheme", f"scheme {scheme_id!r} must live in vocab/{scheme_id}.yaml")
    scheme = fg.node(SCHEME[scheme_id], SKOS.ConceptScheme, top, top.get("label", required=True))
    fg.add(scheme, SKOS.prefLabel, _en(top.get("label")))
    fg.add(scheme, SKOS.definition, _en(top.get("definition")))

    pending_broader: list[tuple[Record, str]] = []
    for rec in top.children("concepts"):
        rec.check_keys(CONCEPT_KEYS)
        cid = valid_id(rec)
        if cid is None:
            continue
        rec.record = cid
        if cid in vocab.concepts:
            other = vocab.concepts[cid].scheme
            rec.problem(
                "id",
                f"concept id {cid!r} is already used in scheme {other!r}; "
                "ids must be unique across vocabularies",
            )
            continue
        label = rec.get("label", required=True)
        synonyms = rec.get_list("synonyms")
        broader = rec.get_list("broader")
        vocab.concepts[cid] = Concept(cid, scheme_id, label or cid, synonyms, broader)
        node = fg.node(CONCEPT[cid], SKOS.Concept, rec, label)
        fg.add(node, SKOS.inScheme, scheme)
        fg.add(node, SKOS.prefLabel, _en(label))
        fg.add(node, SKOS.definition, _en(rec.get("definition")))
        fg.add(node, SKOS.notation, Literal(cid))
        for synonym in synonyms:
            fg.add(node, SKOS.altLabel, _en(synonym))
        if not broader:
            fg.add(node, SKOS.topConceptOf, scheme)
            fg.add(scheme, SKOS.hasTopConcept, node)
        pending_broader.append((rec, cid))
        _scheme_extras(fg, rec, node, scheme_id)

    for rec, cid in pending_broader:
        for i, parent in enumerate(vocab.concepts[cid].broader):
            if parent not in vocab.concepts or vocab.concepts[parent].scheme != scheme_id:
                rec.problem(
                    f"broader[{i}]",
                    f"{parent!r} is not a concept of this scheme"
                    f"{suggest(parent, vocab.ids_in(scheme_id))}",
                )
                continue
            fg.add(CONCEPT[cid], SKOS.broader, CONCEPT[parent])
            fg.add(CONCEPT[parent], SKOS.narrower, CONCEPT[cid])
    for _, cid in pending_broader:
        for ancestor in _within(cid, vocab, scheme_id):
            fg.add(CONCEPT[cid], EV.within, CONCEPT[ancestor])
    return fg


def _within(cid: str, vocab: Vocabulary, scheme_id: str) -> set[str]:
    """The concept and all its ancestors in its scheme (cycle-safe): ev:within's closure."""
    seen = {cid}
    todo = [cid]
    while todo:
        for parent in vocab.concepts[todo.pop()].broader:
            known = vocab.concepts.get(parent)
            if known is not None and known.scheme == scheme_id and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def _scheme_extras(fg: FileGraph, rec: Record, node, scheme_id: str) -> None:
    """Attributes only some schemes have: outcome polarity, KL grade number, the donor an
    intervention has by what it is."""
    polarity = rec.get("polarity")
    if polarity is not None:
        if scheme_id != "outcome":
            rec.problem("polarity", "only outcome concepts have a polarity")
        elif polarity not in _POLARITY:
            rec.problem(
                "polarity",
                f"{polarity!r} is not a polarity; expected one of {', '.join(_POLARITY)}",
            )
        else:
            fg.add(node, EV.polarity, _POLARITY[polarity])
    if scheme_id == "outcome":
        fg.add(node, RDF.type, EV.OutcomeMeasure)
    donor = rec.get("donor")
    if donor is not None:
        # a preparation made at the point of care from the patient's own tissue (SVF, BMAC)
        # is autologous by what it is, whatever a study file records of its arm
        if scheme_id != "intervention":
            rec.problem("donor", "only intervention concepts have a donor")
        elif donor not in _DONORS:
            rec.problem("donor", f"{donor!r} is not a donor; expected one of {', '.join(_DONORS)}")
        else:
            fg.add(node, EV.inherentDonor, CONCEPT[donor])
    grade = rec.get("grade", int)
    if grade is not None:
        if scheme_id != "kl-grade":
            rec.problem("grade", "only kl-grade concepts have a grade number")
        else:
            fg.add(node, EV.gradeValue, grade)


def _en(text: str | None) -> Literal | None:
    return Literal(text, lang="en") if text else None


def check_vocab_complete(vocab: Vocabulary, required: list[str], log: ProblemLog) -> None:
    """The mappers rely on these schemes; say which file is missing rather than fail later."""
    present = {c.scheme for c in vocab.concepts.values()}
    for scheme in required:
        if scheme not in present:
            log.add(
                Problem(
                    f"vocab/{scheme}.yaml",
                    "missing vocabulary file; the study, "
                    "document and claim formats take their values from it",
                )
            )
