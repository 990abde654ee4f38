"""Scoring `check` of whole documents on real public text (tests/eval/real/).

Each file there is a web text nobody on the team wrote, with a reviewer's judgement of every
unit (sentence, heading, list item): `claim` (with the verdicts a careful reviewer accepts),
`not-a-claim` or `outside-scope`. `split.yaml` assigns each text, once and at random, to the
tuning half or the held-out half: rules are developed against the tuning half only, and the
README quotes the held-out figures.

Figures per half:
  - claims found: judged claims that the checker checked (an output unit covering most of the
    claim's characters);
  - verdicts accepted: judged claims checked with a verdict the reviewer accepts (a missed
    claim counts as wrong);
  - committed right: of the committed verdicts (supported, contradicted, mixed) given on judged
    units, the share that are accepted ones; a committed verdict on a non-claim or an
    out-of-scope unit is wrong, and is also counted on its own;
  - wrong "supported": units given a green "supported" the reviewer does not accept (a claim
    whose accepted verdicts exclude it, or any non-claim): the worst answer the product gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

REAL = Path(__file__).resolve().parent.parent / "tests" / "eval" / "real"
COMMITTED = ("supported", "contradicted", "mixed")
HALVES = ("tuning", "held-out")


@dataclass
class Unit:
    text: str
    kind: str
    start: int
    end: int
    accepted: tuple[str, ...] = ()
    claim_type: str | None = None


@dataclass
class Judged:
    id: str
    url: str
    text: str
    units: list[Unit]


@dataclass
class Outcome:
    """What the checker did with one judged unit."""

    source: str
    unit: Unit
    checked: bool
    verdict: str | None

    @property
    def accepted(self) -> bool:
        return self.checked and self.verdict in self.unit.accepted

    @property
    def committed(self) -> bool:
        return self.checked and self.verdict in COMMITTED


@dataclass
class HalfScore:
    outcomes: list[Outcome] = field(default_factory=list)

    def figures(self) -> dict:
        claims = [o for o in self.outcomes if o.unit.kind == "claim"]
        others = [o for o in self.outcomes if o.unit.kind != "claim"]
        committed = [o for o in self.outcomes if o.committed]
        committed_on_others = [o for o in others if o.committed]
        return {
            "texts": len({o.source for o in self.outcomes}),
            "units": len(self.outcomes),
            "claims": len(claims),
            "claims_found": _share(sum(o.checked for o in claims), len(claims)),
            "verdicts_accepted": _share(sum(o.accepted for o in claims), len(claims)),
            "committed_right": _share(sum(o.accepted for o in committed), len(committed)),
            "committed_on_non_claims": len(committed_on_others),
            "wrong_supported": sum(
                o.checked and o.verdict == "supported" and not o.accepted for o in self.outcomes
            ),
        }

    def wrong(self) -> list[Outcome]:
        return [
            o
            for o in self.outcomes
            if (o.unit.kind == "claim" and not o.accepted)
            or (o.unit.kind != "claim" and o.committed)
        ]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


NOT_TEXTS = ("split.yaml", "questions.yaml")


def load(folder: Path = REAL) -> dict[str, list[Judged]]:
    """The judged texts by half, as split.yaml assigns them; and the held-out texts of each
    later batch again, in a row of their own ("held-out, batch 2"): they met only the rules
    written before they came."""
    plan = yaml.safe_load((folder / "split.yaml").read_text(encoding="utf-8"))
    split = plan["split"]
    halves: dict[str, list[Judged]] = {half: [] for half in HALVES}
    for path in sorted(folder.glob("*.yaml")):
        if path.name in NOT_TEXTS:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        halves[split[data["id"]]].append(_judged(data))
    for number, ids in sorted((plan.get("batches") or {}).items()):
        batch = [t for t in halves["held-out"] if t.id in set(ids)]
        if batch:
            halves[f"held-out, batch {number}"] = batch
    return halves


def _judged(data: dict) -> Judged:
    text, units, cursor = data["text"], [], 0
    for raw in data["units"]:
        start = text.find(raw["text"], cursor)
        if start < 0:
            start = text.find(raw["text"])
        if start < 0:
            raise ValueError(f"{data['id']}: unit not in the text: {raw['text'][:60]!r}")
        end = start + len(raw["text"])
        cursor = end
        units.append(
            Unit(
                raw["text"],
                raw["kind"],
                start,
                end,
                tuple(raw.get("accepted") or ()),
                raw.get("claim_type"),
            )
        )
    return Judged(data["id"], data["url"], text, units)


def spans(report: dict, text: str) -> list[tuple[int, int, bool, str | None]]:
    """(start, end, checked, verdict) of each unit the checker reported: the `sentences`
    of the document contract, or the older `results` (checked sentences only)."""
    if "sentences" in report and isinstance(report["sentences"], list):
        return [
            (s["offset"], s["offset"] + s["length"], s["status"] == "checked", s.get("verdict"))
            for s in report["sentences"]
        ]
    out = []
    for item in report.get("results", []):
        offset = item.get("offset", 0)
        out.append((offset, offset + len(item.get("claim", "")), True, item.get("verdict")))
    return out


def score(check_document, graph, texts: list[Judged]) -> HalfScore:
    result = HalfScore()
    for judged in texts:
        reported = spans(check_document(graph, judged.text), judged.text)
        reported = [(*span, _judged_unit(span, judged.units)) for span in reported]
        for unit in judged.units:
            checked, verdict = _covering(unit, reported)
            result.outcomes.append(Outcome(judged.id, unit, checked, verdict))
    return result


FOLDS = 5


def cross_fitted(check_document, graph, texts: list[Judged], folds: int = FOLDS) -> HalfScore:
    """The tuning half scored as if unseen by kg.claim_likeness: the texts dealt at random (a
    fixed seed) into `folds` folds, each scored by a model trained on the others' units and
    the team's claims (benchmarks/claim_training.py). The packaged model learnt every tuning
    unit, so the tuning half's own figures flatter whatever the model decides."""
    import random

    import claim_training

    from kg.claim_likeness import scored_with

    ids = sorted(t.id for t in texts)
    random.Random(7).shuffle(ids)
    fold_of = {text_id: n % folds for n, text_id in enumerate(ids)}
    units, team = tuning_units(), claim_training.team_claims()
    result = HalfScore()
    for fold in range(folds):
        training = [u for u in units if fold_of.get(u["source"]) != fold] + team
        with scored_with(claim_training.weights(claim_training.train(training))):
            mine = [t for t in texts if fold_of[t.id] == fold]
            result.outcomes += score(check_document, graph, mine).outcomes
    return result


def _overlap(start: int, end: int, unit: Unit) -> int:
    return min(end, unit.end) - max(start, unit.start)


def _judged_unit(span, units: list[Unit]) -> Unit | None:
    """The judged unit an output unit is mostly about: its verdict is credited to that one
    only. ("Materials: A phase I/II trial was conducted." checked as one unit, where the
    reviewer judged the label and the sentence apart: the verdict is the sentence's, and the
    label was given none.)"""
    start, end = span[0], span[1]
    best = max(units, key=lambda u: _overlap(start, end, u), default=None)
    return best if best is not None and _overlap(start, end, best) > 0 else None


def _covering(unit: Unit, reported) -> tuple[bool, str | None]:
    """The checked output unit that covers most of `unit`'s characters (at least half), among
    those mostly about `unit`."""
    best, best_overlap = None, 0
    for start, end, checked, verdict, about in reported:
        overlap = min(end, unit.end) - max(start, unit.start)
        if checked and about is unit and overlap > best_overlap:
            best, best_overlap = verdict, overlap
    if best_overlap * 2 >= unit.end - unit.start and best_overlap > 0:
        return True, best
    return False, None


def load_questions(folder: Path = REAL) -> dict[str, list[dict]]:
    """Researchers' own questions (questions.yaml) by half, as split.yaml assigns them; and the
    held-out questions of each later batch again, in a row of their own (they met only the
    rules written before they came)."""
    plan = yaml.safe_load((folder / "split.yaml").read_text(encoding="utf-8"))
    split = plan["questions"]
    questions = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    halves: dict[str, list[dict]] = {half: [] for half in HALVES}
    for question in questions:
        halves[split[question["id"]]].append(question)
    for number, ids in sorted((plan.get("question_batches") or {}).items()):
        batch = [q for q in halves["held-out"] if q["id"] in set(ids)]
        if batch:
            halves[f"held-out, batch {number}"] = batch
    return halves


def tuning_units(folder: Path = REAL) -> list[dict]:
    """Every judged unit of the tuning half, in text order: {text, kind, source}. The training
    data of kg.claim_likeness (benchmarks/claim_training.py writes it into the package); the
    held-out half never enters it, nor a unit a held-out text also holds (a site's address or
    a checklist's question printed on pages in both halves)."""
    halves = load(folder)
    held_out = {unit.text for judged in halves["held-out"] for unit in judged.units}
    return [
        {"text": unit.text, "kind": unit.kind, "source": judged.id}
        for judged in halves["tuning"]
        for unit in judged.units
        if unit.text not in held_out
    ]
