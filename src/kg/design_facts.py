"""What a sentence states of how a study was done, compared with the graph's record of it.

A trial's abstract tells its design ("a prospective, single-blinded, randomized controlled
pilot study"), its population ("Kellgren-Lawrence grade 2 or 3"), its arms ("allocated to a
BMAC injection or a single injection of hyaluronate"), how often they were injected, when
they were assessed ("at 3, 6, and 12 months"), on what ("Primary outcome measure was the
WOMAC score") and where it was registered. Each is a fact a
reader can check against the study's record (kg.study_facts): it agrees, it disagrees, or
the record holds nothing of that kind and the fact is not compared. kg.claim_numbers does the
same for the numbers such a sentence states (participants, cells, follow-up, effects).

Only a disagreement the record settles beyond doubt denies the sentence (a different
registration number, "randomised" said of a study the record holds as single-arm). A stated
grade, treatment or injection count the record lacks only qualifies it: records are often
incomplete (a trial's grades taken from a later review's table, an adjunct left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from kg.claim_numbers import spelled
from kg.evidence_rows import concept_relation
from kg.evidence_weight import SYNTHESES
from kg.study_facts import StudyFacts
from kg.terms import Vocabulary
from kg.trial_phase import agree


class Agreement(StrEnum):
    AGREES = "agrees"
    DISAGREES = "disagrees"  # the record settles it: the sentence is wrong on this fact
    LACKS = "lacks"  # the record holds other values of this kind, none the stated one


class FactKind(StrEnum):
    """What of a study's design a fact is about."""

    DESIGN = "design"
    REGISTRATION = "registration"
    PHASE = "phase"
    GRADES = "grades"
    TREATMENTS = "treatments"
    INJECTIONS = "injections"
    ASSESSMENTS = "assessments"
    ARMS = "arms"
    OUTCOMES = "outcomes"


@dataclass(frozen=True)
class DesignFact:
    """One fact compared: what the sentence states, and what the record holds."""

    kind: FactKind
    agreement: Agreement
    reason: str


_RANDOMISED = re.compile(
    r"\b(?<!non-)(?<!non)randomi[sz](?:ed|ation)\b|\brandomly\s+(?:assigned|allocated|divided|"
    r"chosen|selected)\b|\bRCT\b",
    re.I,
)
# what the arms were given: "allocated to BMAC or HA", "compared with saline"
_ALLOCATED = re.compile(
    r"\b(?:randomi[sz]ed|allocated|assigned|received|receive|compared|versus|vs\.?|treated|"
    r"injected|given|groups?)\b",
    re.I,
)
_NOT_RANDOMISED = re.compile(r"\bnon-?randomi[sz]ed\b|\bsingle[- ]arm\b|\buncontrolled\b", re.I)
_SYNTHESIS = re.compile(r"\bmeta-?analys[ie]s\b|\bsystematic(?:ally)? review", re.I)
_CONTROLLED = frozenset({"rct"})
_UNCONTROLLED = frozenset({"single-arm", "case-series", "cohort", "non-randomised-controlled"})
_REGISTRATION = re.compile(
    r"\b(NCT\d{8}|ChiCTR[-\w]*\d{6,}|ISRCTN\d{6,}|ACTRN\d{11,}|CTRI/\d{4}/\d+/\d+|"
    r"IRCT\d{6,}\w*|EudraCT\s*(?:No\.?\s*)?\d{4}-\d{6}-\d{2})",
    re.I,
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_GRADE = r"(?:[0-4]|IV|I{1,3})\b"
# "Kellgren-Lawrence grade 2 or 3", "KL grade II to IV", "K-L grades I-III",
# "a Kellgren-Lawrence Grade of II, III, or IV", "grade 1-3 (Kellgren-Lawrence)"
_GRADES = re.compile(
    r"\b(?:Kellgren\w*[- –]+(?:and[- ])?Lawrence|K[- ]?L)\b[^.;:]{0,12}?\bgrad(?:e|es|ing)\b"
    r"(?:\s*\(KL\))?\s*(?:of\s+)?"
    rf"(?P<grades>{_GRADE}(?:\s*(?:,|/|–|-|to|or|and|,\s*or|,\s*and)\s*{_GRADE})*)",
    re.I,
)
_RANGE = re.compile(rf"({_GRADE})\s*(?:–|-|to)\s*({_GRADE})", re.I)
# "randomised into two groups", "one of four treatments", "a three-arm trial"
_ARM_COUNT = re.compile(
    r"\b(?P<n>two|three|four|five|[2-5])[- ](?:(?:treatment|study|parallel)\s+)?"
    r"(?:groups|arms?|treatments|cohorts)\b",
    re.I,
)
# "at 3, 6, and 12 months", "at 1, 3, 6, 9, and 12 months", "at 6 weeks, 3, 6 and 12 months"
_ASSESSED_AT = re.compile(
    r"\bat\s+(?:baseline(?:\s+and|,)\s+)?(?P<list>(?:\d+(?:\s+(?:weeks?|months?))?\s*,\s*)+"
    r"(?:and\s+|or\s+)?\d+)\s+(?P<unit>months?|years?)\b",
    re.I,
)


# That an outcome was measured: "Pain and function were assessed using VAS and WOMAC",
# "Primary outcome measure was the WOMAC score", "cartilage was evaluated using MRI"
_MEASURED = re.compile(
    r"\b(?:were|was|are|is|been)\s+(?:\w+\s+){0,2}?(?:assessed|evaluated|measured|recorded|"
    r"documented|examined|quantified|scored|graded)\b"
    r"|\b(?:primary|secondary|main)\s+(?:outcomes?|end-?points?)\b|\boutcome\s+measures?\b",
    re.I,
)


def read_and_compare(text: str, study: StudyFacts, interp, vocab: Vocabulary) -> list[DesignFact]:
    """Each design fact `text` states that the record of `study` holds something of."""
    name = study.named  # as a reader names the study
    facts = [
        _design(text, study, name),
        _registration(text, study, name),
        _phase(interp.phases, study, name),
        _grades(text, study, name),
        _treatments(interp, study, name, vocab),
        _injections(interp, study, name),
        _assessments(text, study, name),
        _arm_count(text, study, name),
        _outcomes(text, interp, study, name, vocab),
    ]
    return [f for f in facts if f is not None]


def _compared(kind: FactKind, agrees: bool, record: str, differs: str) -> DesignFact:
    """A fact the record holds a value of: it agrees (saying what the record holds), or the
    record holds another, which only qualifies the sentence (saying both)."""
    if agrees:
        return DesignFact(kind, Agreement.AGREES, record)
    return DesignFact(kind, Agreement.LACKS, differs)


def states_design(text: str, interp) -> bool:
    """Whether `text` states a fact of a study's design this module reads."""
    return bool(
        _RANDOMISED.search(text)
        or _NOT_RANDOMISED.search(text)
        or _REGISTRATION.search(text)
        or _GRADES.search(text)
        or _ASSESSED_AT.search(text)
        or _ARM_COUNT.search(text)
        or (bool(interp.outcomes) and bool(_MEASURED.search(text)))
        or interp.injections
        or (len(interp.interventions) >= 2 and bool(_ALLOCATED.search(text)))
    )


def _design(text: str, study: StudyFacts, name: str) -> DesignFact | None:
    design = study.design
    if design is None:
        return None
    if design in SYNTHESES:
        # "randomised" in a review's report is said of the trials it pooled
        if _SYNTHESIS.search(text):
            return DesignFact(
                FactKind.DESIGN, Agreement.AGREES, f"{name} is recorded as a {design}"
            )
        return None
    if _NOT_RANDOMISED.search(text):
        if design in _CONTROLLED:
            reason = f"the sentence says not randomised; {name} is recorded as randomised"
            return DesignFact(FactKind.DESIGN, Agreement.DISAGREES, reason)
        if design in _UNCONTROLLED:
            return DesignFact(FactKind.DESIGN, Agreement.AGREES, f"{name} is recorded as {design}")
        return None
    if _RANDOMISED.search(text):
        if design in _CONTROLLED:
            return DesignFact(
                FactKind.DESIGN, Agreement.AGREES, f"{name} is recorded as randomised"
            )
        if design in _UNCONTROLLED:
            reason = f"the sentence says randomised; {name} is recorded as {design}"
            return DesignFact(FactKind.DESIGN, Agreement.DISAGREES, reason)
    return None


def _registration(text: str, study: StudyFacts, name: str) -> DesignFact | None:
    stated = {m.group(1).upper().replace(" ", "") for m in _REGISTRATION.finditer(text)}
    if not stated or not study.registrations:
        return None
    held = {r.upper().replace(" ", "") for r in study.registrations}
    shown = ", ".join(study.registrations)
    if stated & held:
        return DesignFact(FactKind.REGISTRATION, Agreement.AGREES, f"{name} is registered {shown}")
    # the same registry, another number: the record settles it
    same_registry = {s[:3] for s in stated} & {h[:3] for h in held}
    agreement = Agreement.DISAGREES if same_registry else Agreement.LACKS
    reason = f"the sentence gives {', '.join(sorted(stated))}; {name} is registered {shown}"
    return DesignFact(FactKind.REGISTRATION, agreement, reason)


def _phase(phases: list[int], study: StudyFacts, name: str) -> DesignFact | None:
    agreed = agree(set(phases), study.phase)
    if agreed is None:
        return None
    reason = f"{name} is recorded as phase {study.phase}"
    return DesignFact(FactKind.PHASE, Agreement.AGREES if agreed else Agreement.DISAGREES, reason)


def stated_grades(text: str) -> tuple[int, ...]:
    """The Kellgren-Lawrence grades a sentence states ("grade II to IV" → 2, 3, 4)."""
    found: set[int] = set()
    for m in _GRADES.finditer(text):
        listed = m.group("grades")
        for lo, hi in _RANGE.findall(listed):
            found.update(range(_grade(lo), _grade(hi) + 1))
        found.update(_grade(g) for g in re.findall(_GRADE, _RANGE.sub(" ", listed), re.I))
    return tuple(sorted(found))


def _grade(token: str) -> int:
    return int(token) if token.isdigit() else _ROMAN[token.lower()]


def _grades(text: str, study: StudyFacts, name: str) -> DesignFact | None:
    stated = stated_grades(text)
    if not stated or not study.kl_grades:
        return None
    held = ", ".join(map(str, study.kl_grades))
    return _compared(
        FactKind.GRADES,
        set(stated) == set(study.kl_grades),
        f"{name} enrolled KL grades {held}",
        f"the sentence gives KL grades {', '.join(map(str, stated))}; {name} records {held}",
    )


def _treatments(interp, study: StudyFacts, name: str, vocab: Vocabulary) -> DesignFact | None:
    """The treatments a sentence says the study gave, against its arms (with adjuncts)."""
    named = [c.id for c in interp.interventions]
    given = {a.intervention for a in study.arms if a.intervention}
    given |= {adjunct for a in study.arms for adjunct in a.adjuncts}
    if len(named) < 2 or not given:  # one treatment named is no account of the arms
        return None
    # "compared to an active comparator": a control is whatever the other arm received
    compared = len(study.arms) >= 2
    missing = [
        n
        for n in named
        if not any(concept_relation(g, n, vocab) for g in given)
        and not (compared and n == "control")
    ]
    held = ", ".join(sorted(given))
    return _compared(
        FactKind.TREATMENTS,
        not missing,
        f"{name}'s arms received {held}",
        f"the sentence names {', '.join(missing)}; {name}'s arms received {held}",
    )


def _injections(interp, study: StudyFacts, name: str) -> DesignFact | None:
    stated = [n for n in interp.injections if n is not None]
    held = {a.injections for a in study.arms if a.injections is not None}
    if not stated or not held:
        return None
    shown = ", ".join(map(str, sorted(held)))
    return _compared(
        FactKind.INJECTIONS,
        bool(set(stated) & held),
        f"{name}'s arms: {shown} injection(s)",
        f"the sentence gives {stated[0]} injection(s); {name}'s arms record {shown}",
    )


def _assessments(text: str, study: StudyFacts, name: str) -> DesignFact | None:
    """ "Assessed at 3, 6, and 12 months": the last assessment is the follow-up."""
    m = _ASSESSED_AT.search(text)
    if not m or study.follow_up_months is None:
        return None
    last = float(re.findall(r"\d+", m.group("list"))[-1])
    last *= 12 if m.group("unit").lower().startswith("year") else 1
    held = study.follow_up_months
    return _compared(
        FactKind.ASSESSMENTS,
        abs(last - held) <= 1,
        f"{name} followed up {held:g} months",
        f"the sentence's last assessment is at {last:g} months; {name} records {held:g}",
    )


def _outcomes(
    text: str, interp, study: StudyFacts, name: str, vocab: Vocabulary
) -> DesignFact | None:
    """ "Primary outcome measure was the WOMAC score": each outcome the sentence says was
    measured, against the outcomes of the results the record holds (a measure it records
    under a broader or narrower name agrees: WOMAC and WOMAC pain). A record keeps results of
    some of what a study measured, so an outcome it holds no result of does not disagree:
    when the record bears out some of the outcomes named, the rest are named as unrecorded."""
    if not interp.outcomes or not _MEASURED.search(text):
        return None
    recorded = sorted({r.outcome for r in study.results if r.outcome})
    if not recorded:
        return None
    missing = [
        o.label
        for o in interp.outcomes
        if not any(concept_relation(o.id, r, vocab) for r in recorded)
    ]
    held = ", ".join(vocab.get(r).label for r in recorded if r in vocab.concepts)
    unrecorded = f" (none on {', '.join(missing).lower()})" if missing else ""
    return _compared(
        FactKind.OUTCOMES,
        len(missing) < len(interp.outcomes),
        f"{name} records results on {held}{unrecorded}",
        f"the sentence names {', '.join(missing)}; {name} records results on {held}",
    )


def _arm_count(text: str, study: StudyFacts, name: str) -> DesignFact | None:
    """ "Randomised into two groups", "one of four treatments": the number of arms."""
    m = _ARM_COUNT.search(text)
    if not m or not study.arms:
        return None
    count = m.group("n")
    stated = spelled(count) if count.isalpha() else int(count)
    held = len(study.arms)
    return _compared(
        FactKind.ARMS,
        stated == held,
        f"{name} has {held} arms",
        f"the sentence gives {stated} groups; {name} records {held} arms",
    )
