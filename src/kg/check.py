"""Check: a claim in words → its structured form → the evidence that bears on it → a verdict.

The claim is read like a question (kg.interpret) and then as a claim (kg.claim_reading):
its sides, direction and strength. Evidence is every finding, and every result no finding
speaks for, compared on the PICO keys:
- intervention and comparator: the evidence's must fall under the claim's, or the claim's
  under the evidence's (a claim about MSCs meets a finding about marrow MSCs); when the
  sides are the claim's swapped, the direction is reversed. Evidence with a different
  comparator does not bear on the claim;
- outcome: the same, through the outcome hierarchy; a claim that names no outcome meets any;
- scope: a broader intervention or comparator, another timepoint, or KL grades that do not
  include every grade the claim names make the evidence *qualify* rather than support or
  contradict. Evidence from a wider population (KL II-IV for a KL IV claim) can contradict
  a claimed benefit but not support it. A claim about a topic outside the graph (another
  joint, a subgroup; graph/vocab/scope.yaml) is qualified by everything.
A claim that names a study (kg.study_names) is judged against that study only, and the
numbers it states about it (participants, cells, follow-up, effects; kg.claim_numbers) are
compared with the study's record: a number the record does not hold contradicts.
Directions that agree support; opposite ones contradict. The verdict is supported or
contradicted when the evidence agrees, mixed when it does not (unless moderate- or
high-certainty evidence stands on one side only), and insufficient when nothing bears on the
claim in its own scope. Only firm evidence denies (_firm_denial): evidence against a claim of
low or no graded certainty leaves it mixed (beside evidence for it) or unproven. A universal
claim ("every", "at all") falls to one counter-example; an overstated one ("proven") on
evidence of low or no graded certainty is mixed. A claim that a curated document makes
(matched by its quote) also brings the curators' evidence links and their assessment, which
then decides the verdict: a person read those papers.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from kg import cite as cite_formats
from kg.answer_text import source_of
from kg.claim_numbers import cited_by_effect, compare_effects, quantities
from kg.claim_numbers import compare as compare_numbers
from kg.claim_reading import (
    BETTER,
    NET_BENEFIT,
    SAME,
    WORSE,
    ClaimReading,
    Ranking,
    claims_regrowth,
    is_safety_claim,
    read_claim,
    speaks_of_placebo_effect,
)
from kg.design_facts import Agreement, read_and_compare
from kg.evidence_rows import concept_relation, evidence_entry, evidence_item, headline_rank
from kg.evidence_state import judge, policy_reason_read, speaks_of_scarcity, stated_strength
from kg.evidence_weight import Judgement, Tier, rules_out, tier_of, weighed, within_group
from kg.evidence_weight import why as explain
from kg.harm_claims import HarmClaim
from kg.integrity import flagged_words, flags_json
from kg.integrity_claims import judge_integrity, read_integrity_claim
from kg.interpret import Interpretation, interpret, plain_quotes
from kg.modifier_check import judge as judge_modifier
from kg.modifier_check import read_modifier_claim
from kg.records import get_publication
from kg.reported_statements import repeated
from kg.study_facts import ResultFacts, StudyFacts
from kg.tense import general
from kg.terms import Concept, Vocabulary, fold
from kg.trial_phase import agree

if TYPE_CHECKING:
    from kg.evidence_graph import EvidenceGraph

VERDICTS = ("supported", "contradicted", "mixed", "insufficient")
_BETTER, _SAME, _WORSE = BETTER, SAME, WORSE
_OPPOSITE = {_BETTER: _WORSE, _WORSE: _BETTER, _SAME: _SAME}
_CERTAINTY_RANK = {"grade-high": 4, "grade-moderate": 3, "grade-low": 2, "grade-very-low": 1}


@dataclass(frozen=True)
class Subject:
    """What a sentence is about when it names nothing itself ("the treatment seems safe"),
    carried from the document around it: the title, the heading, the sentences before."""

    interventions: tuple[Concept, ...] = ()
    studies: tuple[str, ...] = ()
    source: str = ""  # where it was carried from, in words
    unknown: tuple[str, ...] = ()  # authors of a study the graph does not hold ("Keeling")

    def to_json(self) -> dict:
        return {
            "interventions": [c.id for c in self.interventions],
            "studies": list(self.studies),
            "from": self.source,
        }


@dataclass
class _Claim:
    """One claim as read: what it names, its sides and direction, and what the document
    around it supplied."""

    text: str
    interp: Interpretation
    reading: ClaimReading
    carried: Subject | None  # the subject taken from the document, if the claim names none
    other_trial: str | None  # the note when the claim is about a trial the graph lacks
    together: bool  # treatments given together with nothing compared
    from_report: bool = False  # the study is the page's own, not named in the sentence


class ClaimKind(StrEnum):
    """What a claim is about, and so which checker answers it (the kinds reviewers judge the
    real-text set by)."""

    EFFICACY = "comparative-efficacy"  # what a treatment does, against what
    SAFETY = "safety"  # its harms
    EVIDENCE_STATE = "evidence-state"  # how well that is known ("unproven", "more trials")
    MODIFIER = "modifier"  # what changes the effect (dose, repeat injections, KL grade)
    STUDY_FACT = "study-fact"  # a fact of a named study (its size, design, registration)
    INTEGRITY = "integrity"  # a study's standing (a licence revoked, a retraction)


@dataclass
class _Weighed:
    """The evidence on a claim and what it came to."""

    evidence: list[dict]
    typed: Judgement | None = None  # the answer of a typed checker (state, modifier)
    kind: ClaimKind = ClaimKind.EFFICACY
    each: dict[str, str] = field(default_factory=dict)  # per treatment, for "both X and Y"
    rivals: dict[str, list[dict]] = field(default_factory=dict)  # for "the only one"
    curated: dict | None = None  # the documents' claim this one repeats
    lone_trial: str | None = None  # the one trial that alone bears out a general claim
    # the size a claim of benefit states ("reduces pain by 60-75%") that no record bears out
    unborne_size: str | None = None
    # what a claim says beside an effect the evidence bears out that no study measured: the
    # mechanism it gives ("growth factors"), or an outcome no study reports
    unmeasured: str | None = None
    # the outcomes a claim names that no study of the graph reports ("avoid knee replacement")
    unreported: list[str] = field(default_factory=list)
    # the best comparison that bears out a general claim of benefit the best evidence denies
    partly: dict | None = None
    # the evidence against the claim is of low or no graded certainty: it cannot deny it
    weak_denial: bool = False
    # numbers that differ from the record of a study the sentence may not mean: they decide
    # nothing, and say why nothing was decided
    unsure_numbers: list[dict] = field(default_factory=list)


def check(
    graph: EvidenceGraph,
    text: str,
    *,
    cite: str | None = None,
    subject: Subject | None = None,
    phases: tuple[int, ...] = (),
    cited: tuple[str, ...] = (),
    reported: tuple[str, ...] = (),
    identified: tuple[str, ...] = (),
) -> dict:
    """The verdict on one claim, as the JSON contract of `kg check --json` and POST /check.
    `subject` (from kg.check_document) stands in when the claim names no treatment or study;
    `phases`, the trial phase the document reports, when the claim states none; `cited`, the
    authors of a study the graph does not hold that the sentence refers back to ("The authors
    found..."); `reported`, the study a page is the report of, when the sentence speaks of it
    (the Results of a trial's abstract); `identified`, the study whose identifier (DOI, PMID)
    the page prints, which the sentence names beyond doubt when it speaks of it."""
    claim, stated = _read(graph, plain_quotes(text), subject, phases, cited, reported, identified)
    weighed_ = _gather(graph, claim, stated)
    verdict, deciding = _decide(weighed_, claim)
    # of equal certainty, the piece that stands for the whole leads (a conclusion on pain)
    deciding = sorted(deciding, key=lambda d: headline_rank(d, graph.vocabulary), reverse=True)
    evidence, curated, typed = weighed_.evidence, weighed_.curated, weighed_.typed
    for item in evidence:
        item["deciding"] = any(item is d for d in deciding)
        item["integrity"] = flags_json(graph.integrity_flags, item["study"])
    evidence.sort(key=lambda item: not item["deciding"])  # stable: the order within stays
    _cite_evidence(graph, evidence)
    summary = _summary(verdict, evidence, curated, claim.reading)
    if curated:
        why = f"{verdict}: as the document's curators assessed it ({curated['id']})"
    else:
        # (the comparison that partly bears a claim out is named in a note of its own)
        why = (
            typed.why
            if typed
            else explain(verdict, [d for d in deciding if d is not weighed_.partly])
        )
        unreported = weighed_.unreported
        only_unreported = bool(unreported) and len(unreported) == len(claim.interp.outcomes)
        if verdict == "insufficient" and not (typed or deciding) and only_unreported:
            # what the graph lacks, rather than only that nothing bears on the claim
            why = (
                f"insufficient: no study in the graph reports a result on {' or '.join(unreported)}"
            )
    notes = _notes(claim, weighed_, verdict)
    studies = [d["study"] for d in deciding]
    if flagged := flagged_words(graph.integrity_flags, studies, graph.study_names.display):
        notes.append(flagged)  # the deciding evidence comes from a study with a flag
    if notes:
        summary = f"{summary} ({'; '.join(notes)})"
        why = f"{why} ({'; '.join(notes)})"
    out = {
        "claim": text,
        "interpretation": {
            **claim.interp.to_json(),
            **claim.reading.to_json(),
            "carried": claim.carried.to_json() if claim.carried else None,
            "claim_type": weighed_.kind.value,
            # how a reader names each study the claim is about ("Mautner 2023")
            "study_names": {sid: graph.study_names.display(sid) for sid in claim.interp.studies},
        },
        "verdict": verdict,
        "why": why,
        "summary": summary,
        "evidence": evidence,
        "matched_claim": (
            {"id": curated["id"], "iri": curated["iri"], "quote": curated["quote"]}
            if curated
            else None
        ),
        "release": graph.release().get("version"),
    }
    if cite:
        records = {}
        for item in evidence:
            pub = item["publication"]
            if pub and pub["id"] not in records:
                records[pub["id"]] = get_publication(graph, pub["id"])
        out["citations"] = cite_formats.cite_many(list(records.values()), cite)
    return out


def _unreported_outcomes(graph: EvidenceGraph, outcomes: list) -> list[str]:
    """The outcomes a claim names that no study of the graph reports a result on ("avoid knee
    replacement": conversion to arthroplasty)."""
    vocab = graph.vocabulary
    return [
        o.label.lower()
        for o in outcomes
        if not any(concept_relation(o.id, r, vocab) for r in graph.outcomes_reported)
    ]


def _read(
    graph: EvidenceGraph,
    text: str,
    subject: Subject | None,
    phases: tuple[int, ...],
    cited: tuple[str, ...] = (),
    reported: tuple[str, ...] = (),
    identified: tuple[str, ...] = (),
) -> tuple[_Claim, list]:
    """The claim read (kg.interpret, kg.claim_reading), with the subject the document
    carries and the numbers it states about a named study."""
    vocab = graph.vocabulary
    interp = interpret(text, vocab, graph.study_names)
    interp.outside = policy_reason_read(interp.outside, text)  # the evidence given as a reason
    named_here = list(interp.studies)  # the studies the sentence itself names
    carried = subject if subject and not (interp.interventions or interp.studies) else None
    if carried:
        interp.studies = list(carried.studies)
        if not (carried.studies or carried.interventions or interp.unknown_studies):
            interp.unknown_studies = list(carried.unknown)  # a product the graph lacks
    if not (interp.studies or interp.unknown_studies):  # "(WMD -20.93)": a quoted result
        interp.studies = list(cited_by_effect(quantities(text), graph.recorded_effects))
    from_report = bool(reported and not (interp.studies or interp.unknown_studies))
    if from_report:
        interp.studies = list(reported)  # the abstract's Results speak of its own trial
    if cited and not (interp.studies or interp.unknown_studies):
        interp.unknown_studies = list(cited)  # "The authors found...": that study's authors
    stated_phases = set(interp.phases or phases)
    # a name several trials share, with a phase stated: the trial of that phase
    _narrow_named_studies(graph, interp, named_here, stated_phases, identified)
    other_trial = _another_trial(graph, interp.studies, stated_phases)
    if not (interp.studies or interp.unknown_studies or other_trial):
        interp.studies, other_trial = _trial_by_size(graph, text, interp)
    if not other_trial and interp.unknown_studies and not interp.studies:
        other_trial = (
            f"the claim is about {', '.join(interp.unknown_studies)}, a study the graph does "
            "not hold, so nothing in it bears on the claim"
        )
    if other_trial:  # the graph holds nothing on the trial the claim is about
        interp.studies = []
    stated = quantities(text) if interp.studies else []
    if NET_BENEFIT.search(text):  # benefit weighed against harm: judged on the benefit
        harms = [o for o in interp.outcomes if concept_relation(o.id, "adverse-events", vocab)]
        interp.outcomes = [o for o in interp.outcomes if o not in harms]
    if not interp.outcomes and claims_regrowth(text) and "structure" in vocab.concepts:
        interp.outcomes = [vocab.get("structure")]  # "PRP can regenerate tissue"
    reading = read_claim(interp, _blank(interp.without_study_names, stated))
    if reading.harm == HarmClaim.MINOR_HARMS_OCCUR and "adverse-events" in vocab.concepts:
        # "sore for a day or two after the injection": judged on harms, not on OA pain
        interp.outcomes = [vocab.get("adverse-events")]
    if carried:
        reading.interventions = list(carried.interventions)
    # Treatments given together with nothing to compare them with ("shockwave before an MSC
    # injection improves how the cells work"): the graph's findings are about treatments
    # given alone, so none bears on the pair.
    together = bool(interp.combined) and reading.comparator is None and not interp.studies
    claim = _Claim(text, interp, reading, carried, other_trial, together, from_report)
    return claim, stated


def _narrow_named_studies(
    graph: EvidenceGraph,
    interp,
    named_here: list[str],
    phases: set[int],
    identified: tuple[str, ...],
) -> None:
    """Narrow the studies a claim is about by the phase and the treatment it states, and
    record which of them it names beyond doubt (`interp.firmly_named`): the one its phase
    ("Kim's phase III trial") or its treatment ("Kim's trial of adipose MSCs") leaves of an
    author's several, and the one whose identifier the page prints."""
    several = len(interp.studies) > 1
    interp.studies = _of_phase(graph, interp.studies, phases)
    if several and len(interp.studies) == 1 and interp.phases:
        interp.firmly_named = [*interp.firmly_named, *interp.studies]
    if len(interp.studies) > 1 and interp.interventions and interp.studies == named_here:
        tested = [
            sid
            for sid in interp.studies
            if any(
                concept_relation(arm, c.id, graph.vocabulary) in ("same", "narrower")
                for arm in _treatments_of(graph, sid)
                for c in interp.interventions
            )
        ]
        if len(tested) == 1:
            interp.studies = tested
            interp.firmly_named = [*interp.firmly_named, *tested]
    interp.firmly_named += [sid for sid in interp.studies if sid in identified]


def _gather(graph: EvidenceGraph, claim: _Claim, stated: list) -> _Weighed:
    """Every piece of evidence that bears on the claim: from the typed checker the claim
    calls for (the state of the evidence, an effect modifier), or else each finding and
    result compared with it; the numbers it states; the curators' links when it repeats a
    curated claim."""
    interp, reading, text, vocab = claim.interp, claim.reading, claim.text, graph.vocabulary
    numbers, unsure = _number_evidence(graph, stated, interp)
    out = _Weighed(numbers + _repeated_evidence(graph, claim, notes=False), unsure_numbers=unsure)
    sizes = [q.text.lstrip("-−– ") for q in quantities(text) if q.kind == "effect"]
    if sizes and reading.direction == BETTER and not interp.studies and not out.evidence:
        out.unborne_size = ", ".join(sizes)  # unless a number or a quoted sentence bears it
    if reading.direction is None:  # a sentence that states no direction: only its facts
        out.evidence.extend(_design_evidence(graph, claim))
    out.evidence.extend(_repeated_evidence(graph, claim, notes=True))
    strength = stated_strength(text)
    about = reading.interventions or interp.interventions
    named_trial = interp.studies or interp.outside or claim.other_trial
    # what a review's page says of the evidence ("the studies in this meta-analysis have
    # established ...") is said of the treatment, and judged on all the evidence on it
    of_the_field = claim.from_report and not (interp.outside or claim.other_trial)
    integrity = read_integrity_claim(text)
    if integrity and (interp.studies or about):
        out.typed = _integrity_judgement(graph, text, integrity, interp.studies, about)
        out.kind = ClaimKind.INTEGRITY
    elif strength and about and (not named_trial or of_the_field):
        out.kind = ClaimKind.EVIDENCE_STATE
        out.typed = judge(
            strength,
            about,
            interp.outcomes,
            graph.evidence_rows,
            vocab,
            scant=speaks_of_scarcity(text),
        )
    else:
        modifier = (
            read_modifier_claim(text, compares=reading.comparator is not None)
            if not named_trial
            else None
        )
        if modifier:
            out.typed = judge_modifier(modifier, about, graph.modifier_rows, vocab)
            out.kind = ClaimKind.MODIFIER
    if out.typed is None:
        if interp.studies and (stated or reading.direction is None):
            out.kind = ClaimKind.STUDY_FACT  # "RESTORE enrolled 88 adults"
        elif reading.harm is not None and not reading.benefit_too:
            out.kind = ClaimKind.SAFETY
    if out.typed:  # a claim about the state of the evidence, or about what changes the effect
        out.evidence.extend(out.typed.evidence)
    elif (
        (reading.interventions or interp.studies)
        and reading.direction is not None
        and not claim.together
        and not claim.other_trial
    ):
        for row in graph.evidence_rows:
            item = _compare(row, reading, vocab)
            if item is not None:
                out.evidence.append(item)
        out.each = _each_verdict(graph.evidence_rows, reading, vocab)
        out.rivals = _rivals_borne_out(graph.evidence_rows, reading, vocab)
        for items in out.rivals.values():
            out.evidence.extend(items)
    if not interp.studies and not claim.other_trial:
        out.evidence = _effect_evidence(graph, text, out.evidence) + out.evidence
    for item in out.evidence:
        _outside_scope(item, reading)
    out.unreported = _unreported_outcomes(graph, interp.outcomes)
    out.curated = _curated_claim(graph, text)
    if out.curated is not None:
        out.evidence = _curated_evidence(out.curated) + out.evidence
    out.evidence.sort(key=_evidence_order)
    return out


def _decide(weighed_: _Weighed, claim: _Claim) -> tuple[str, list[dict]]:
    """(verdict, the deciding evidence): the best evidence (kg.evidence_weight), then what
    the claim's form asks of it ("both X and Y", "the only one"), a typed checker's own
    answer, and the curators' assessment above all."""
    reading = claim.reading
    verdict, deciding = _verdict(weighed_.evidence, reading)
    if (
        verdict == "contradicted"
        and reading.direction == BETTER
        and reading.comparator is None
        and not speaks_of_placebo_effect(claim.text)
        and not (reading.universal or reading.ranking == Ranking.MOST)  # one counter-example
        and all(e.get("on") == "benefit" for e in deciding)  # not a claim of safety
    ):
        # "MSCs relieve knee pain", against nothing named: the best evidence finds no benefit
        # (over placebo), but randomised comparisons with other treatments find one; the
        # claim is partly borne out, not denied (a claim against placebo is denied outright)
        backing = [
            e
            for e in weighed_.evidence
            if e["stance"] == "supports"
            and e.get("found")
            and e.get("on") == "benefit"
            and tier_of(e) >= Tier.RANDOMISED
        ]
        if backing:
            verdict = "mixed"
            weighed_.partly = _strongest(backing)
            deciding = [*deciding, weighed_.partly]
    if verdict == "supported" and _one_trial_alone(deciding, claim):
        verdict = "insufficient"
        weighed_.lone_trial = (deciding[0].get("source_label") or deciding[0]["study"]).strip("()")
    each, curated = weighed_.each, weighed_.curated
    split = sorted({v for v in each.values() if v != "insufficient"})
    unknown = [label for label, v in each.items() if v == "insufficient" and reading.each]
    if len(split) > 1 and not curated:  # "both PRP and MSCs work": true of one only
        verdict = "mixed"
    elif split == ["supported"] and unknown and not curated:
        verdict = "insufficient"  # "both ADMSCs and SVF work": borne out for one, unknown for one
    if weighed_.rivals and not curated:  # "the only one that works", and another does too
        verdict = "contradicted"
        deciding = next(iter(weighed_.rivals.values()))
    if weighed_.typed:
        verdict = weighed_.typed.verdict
        deciding = [e for e in weighed_.typed.evidence if e["stance"] != "qualifies"]
    if verdict == "contradicted" and not curated and not _firm_denial(weighed_, claim, deciding):
        verdict = _weakly_denied(weighed_)
    if _IN_THEORY.search(reading.interp.text) and not weighed_.typed:
        verdict = "insufficient"  # what should happen in theory: no trial measures a theory
    if verdict == "supported" and weighed_.unborne_size and not weighed_.typed:
        # "PRP reduces pain by 60-75%": the benefit is borne out, the size it states is not
        verdict = "mixed"
    if verdict == "supported" and reading.interp.mechanisms and not weighed_.typed:
        # "PRP releases growth factors that relieve pain": the evidence bears out the effect;
        # no study measured the biology the claim gives for it, so the claim as a whole is not
        # borne out (though evidence against the effect contradicts it all the same)
        verdict = "insufficient"
        weighed_.unmeasured = ", ".join(c.label.lower() for c in reading.interp.mechanisms)
    if (
        verdict == "supported"
        and weighed_.unreported
        and not weighed_.typed
        and not any(d["kind"] in ("report", "record") for d in deciding)
    ):
        # "PRP relieves pain and helps you avoid knee replacement": the evidence bears out the
        # pain relief; no study reports the rest, so the claim as a whole is not borne out (a
        # study's own words or record, repeated, bear out what it said of any outcome)
        verdict = "insufficient"
        weighed_.unmeasured = " or ".join(weighed_.unreported)
    if curated:
        verdict = curated["assessment"]
    if verdict == "insufficient" and not deciding:
        deciding = weighed_.unsure_numbers  # "the graph records 120 ... may be another study's"
    return verdict, deciding


def _firm_denial(weighed_: _Weighed, claim: _Claim, deciding: list[dict]) -> bool:
    """Whether the evidence against a claim is firm enough to deny it (contradicted) rather
    than leave it unproven. At low or no graded certainty GRADE's own wording is that the true
    effect may be markedly different from the estimate: a trial's null finding, a low-
    certainty review's excess of minor events, or a small trial that found no difference
    between doses cannot deny a claim of benefit, of safety or of a dose effect. Firm are:
    moderate- or high-certainty evidence (kg.evidence_weight.rules_out); a number the record
    of a named study does not hold, and what a named study itself found, for a claim about
    that study; a claim that admits no exception ("every", "the most effective", "the only
    one"), which one counter-example denies; a claim of benefit over a named comparator, which
    the trials of that very comparison decide; and a checker that weighed the evidence's
    strength itself (the state of the evidence, a study's integrity)."""
    reading = claim.reading
    if weighed_.rivals or reading.universal or reading.ranking == Ranking.MOST:
        return True
    if weighed_.kind in (ClaimKind.EVIDENCE_STATE, ClaimKind.INTEGRITY):
        return True
    named = set(claim.interp.studies)
    if named and all(e["study"] in named for e in deciding):
        return True  # what the study it names or reports found (not another's evidence)
    if any(e["kind"] == "record" or not e.get("found") for e in deciding):
        return True
    if reading.comparator is not None and all(e.get("on") == "benefit" for e in deciding):
        return True  # the trials of that very comparison decide a claim of benefit over it
    return rules_out(deciding)


def _weakly_denied(weighed_: _Weighed) -> str:
    """The verdict on a claim only weak evidence stands against: mixed where other evidence
    of the same checker bears it out, else insufficient; the note says why."""
    weighed_.weak_denial = True
    typed = weighed_.typed
    pool = typed.evidence if typed else weighed_.evidence
    backing = [e for e in pool if e["stance"] == "supports" and e.get("found")]
    verdict = "mixed" if backing else "insufficient"
    if typed:
        weighed_.typed = replace(
            typed, verdict=verdict, why=f"{verdict}:{typed.why.split(':', 1)[1]}"
        )
    elif backing:
        weighed_.partly = _strongest(backing)
    return verdict


def _strongest(items: list[dict]) -> dict:
    """The item of the strongest design, then of the highest graded certainty."""
    return max(items, key=lambda e: (tier_of(e), _CERTAINTY_RANK.get(e["level"], 0)))


def _integrity_judgement(
    graph: EvidenceGraph, text: str, kinds: frozenset[str], studies: list[str], about: list
) -> Judgement:
    """A claim about a study's integrity (a licence revoked, a paper retracted), against the
    flags of the studies it names, else of the studies of the product it names."""
    if not studies:
        named = {c.id for c in about}
        studies = sorted({r["studyId"] for r in graph.evidence_rows if r["intervention"] in named})
    publications = {s: graph.study(s).publication for s in studies}
    return judge_integrity(
        text, kinds, studies, graph.integrity_flags, publications, graph.study_names.display
    )


def _general_claim(claim: _Claim) -> bool:
    """A claim of what a treatment does in general: it names no study, and says what is so
    rather than what was found ("MSCs improved pain more than HA at 12 months" reports a
    trial's result, which that trial's finding decides)."""
    return _names_no_study(claim) and general(claim.text)


def _names_no_study(claim: _Claim) -> bool:
    return not (claim.interp.studies or claim.interp.unknown_studies or claim.from_report)


def _one_trial_alone(deciding: list[dict], claim: _Claim) -> bool:
    """Whether a general claim is borne out by a single trial and nothing stronger: one trial
    does not establish what a treatment does (GRADE rates a lone small trial low at best, for
    imprecision and unknown consistency). A claim about that trial is judged on it alone."""
    if not _general_claim(claim):
        return False
    studies = {e["study"] for e in deciding if e.get("found")}
    return len(studies) == 1 and all(tier_of(e) <= Tier.RANDOMISED for e in deciding)


_IN_THEORY = re.compile(r"\bin theory\b|\btheoretical(?:ly)?\b|\bin principle\b", re.I)


def _notes(claim: _Claim, weighed_: _Weighed, verdict: str) -> list[str]:
    """What a reader needs beside the verdict: how the claim was read, and why its form
    changed the verdict (not when the curators' assessment decided it)."""
    reading, each, rivals = claim.reading, weighed_.each, weighed_.rivals
    notes = []
    if claim.together and not weighed_.curated:
        pair = " with ".join(c.label for c in claim.interp.combined)
        notes.append(f"the claim is about {pair} given together; no finding is about the two")
    if claim.carried:
        notes.append(f"read as about {_named(claim.carried)}, carried from {claim.carried.source}")
    if weighed_.curated:
        return notes
    if claim.other_trial:
        notes.append(claim.other_trial)
    if _IN_THEORY.search(claim.text) and not weighed_.typed:
        notes.append("the claim says what should happen in theory; the graph holds what was found")
    if weighed_.partly and verdict == "mixed":
        item = weighed_.partly
        notes.append(
            f"though {tier_of(item).words} {item.get('source_label') or item['study']} "
            f"{item['found']}"
        )
    agreeing = [e for e in weighed_.evidence if e["kind"] == "record" and e["stance"] == "supports"]
    if verdict == "insufficient" and reading.direction is not None and agreeing:
        studies = ", ".join(sorted({source_of(e) for e in agreeing}))
        notes.append(
            f"the numbers it states agree with the record of {studies}; nothing in the graph "
            "bears on what it says was found"
        )
    if weighed_.unborne_size and verdict == "mixed":
        notes.append(
            f"the evidence bears out the benefit, not the size the claim states "
            f"({weighed_.unborne_size}): no record of it finds that effect"
        )
    if weighed_.unmeasured and verdict == "insufficient":
        notes.append(
            f"the evidence bears out the effect, but the claim also speaks of "
            f"{weighed_.unmeasured}, which no study in the graph measured"
        )
    if weighed_.weak_denial:
        notes.append(
            "the evidence against the claim is of low or no graded certainty, which does not "
            "rule it out"
        )
    if weighed_.lone_trial and verdict == "insufficient":
        notes.append(
            f"only one trial ({weighed_.lone_trial}) bears the claim out, and one trial does "
            "not establish what a treatment does in general"
        )
    both_ways = {"supports", "contradicts"} <= {e["stance"] for e in weighed_.evidence}
    if verdict == "mixed" and reading.hedged and not weighed_.typed and both_ways:
        notes.append(
            f"the claim is hedged ({reading.hedged.lower()!r}), and some of the evidence "
            "bears it out"
        )
    split = sorted({v for v in each.values() if v != "insufficient"})
    unknown = [label for label, v in each.items() if v == "insufficient" and reading.each]
    if len(split) > 1 or (split == ["supported"] and unknown):
        notes.append(
            "the claim is about each of "
            + ", ".join(f"{label} ({v})" for label, v in each.items())
            + ", and the evidence differs between them"
        )
    if rivals:
        kind = f" of {reading.ranked_among.label.lower()}" if reading.ranked_among else ""
        notes.append(
            f"the claim says only {_named(Subject(tuple(reading.interventions)))}{kind} "
            f"works; the graph bears out {', '.join(rivals)} as well"
        )
    elif reading.ranking == Ranking.MOST and verdict == "insufficient":
        among = reading.ranked_among.label.lower() if reading.ranked_among else "treatments"
        notes.append(f"the claim ranks it above other {among}; no finding compares them")
    return notes


def _named(subject: Subject) -> str:
    named = [c.label for c in subject.interventions] + list(subject.studies)
    return ", ".join(named + list(subject.unknown))


def _evidence_order(item: dict) -> tuple:
    """Curated links first, then the graph's records of a named study, then by certainty."""
    return (
        not item["kind"].startswith("curated"),
        item["kind"] != "record",
        -_CERTAINTY_RANK.get(item["level"], 0),
    )


# ------------------------------------------------------------------ comparison


def _compare(row: dict, reading: ClaimReading, vocab) -> dict | None:
    """The stance of one finding or result on the claim, or None when it does not bear on it."""
    interp, comparator, direction = reading.interp, reading.comparator, reading.direction
    assert direction is not None  # only a claim that states a direction is compared
    if interp.studies and row["studyId"] not in interp.studies:
        return None  # a claim about a named study is judged against that study only
    sides = _sides_of(row, reading, vocab)
    if sides is None:
        return None
    relation, swapped = sides
    if reading.ranking == Ranking.MOST and not _an_alternative(
        row["intervention"] if swapped else row["comparator"], reading, vocab
    ):
        return None  # "the most effective": only a comparison with another treatment bears
    about_harms = _about_harms(reading, vocab)
    # "promising results in terms of safety and effectiveness": the harms named, and a benefit
    only_harms_named = all(
        concept_relation(o.id, "adverse-events", vocab) in ("same", "narrower")
        for o in interp.outcomes
    )
    if interp.outcomes and not (only_harms_named and reading.benefit_too):
        outcome_ok = any(concept_relation(row["outcome"], o.id, vocab) for o in interp.outcomes)
    elif about_harms and not reading.benefit_too:
        outcome_ok = concept_relation(row["outcome"], "adverse-events", vocab) is not None
    elif about_harms:
        outcome_ok = True  # "safe and effective": the harms and the benefit both bear
    else:
        # "MSCs work", "positive results": a claim of benefit; the absence of a difference in
        # harms neither bears it out nor denies it
        outcome_ok = not _is_safety(row, vocab)
    if not outcome_ok or row["direction"] is None:
        return None
    found = _OPPOSITE[row["direction"]] if swapped else row["direction"]
    agrees = found == direction or (
        about_harms and _is_safety(row, vocab) and direction != _WORSE and found in (_BETTER, _SAME)
    )
    if agrees:
        stance = "supports"
    elif _SAME in (found, direction) or {found, direction} == {_BETTER, _WORSE}:
        stance = "contradicts"
    else:
        stance = "qualifies"
    scope = _scope_gaps(row, interp, relation, comparator, vocab)
    scope += _grade_gaps(row, interp, stance, found, direction)
    scope += _harm_gaps(row, reading, found, vocab)
    scope += _kind_gaps(row, reading, swapped, vocab)
    if within_group(row["designId"], row["comparator"]) and not (
        _is_safety(row, vocab) and direction != _WORSE
    ):
        scope.append("a change within one group (before against after), not a comparison")
    elif reading.observed_change and row["comparator"] and not _is_safety(row, vocab):
        # "pain improved by 69% at 12 months": treated patients changed; a comparison with
        # placebo, where both groups improve, neither bears that out nor denies it
        scope.append(
            "the claim reports a change in treated patients, not a comparison with another "
            "treatment"
        )
    indirect = relation == "broader" and _lowered(row["certainty"]) is not None
    if indirect:  # graded evidence on the class bears on one member, a level lower (GRADE)
        scope.remove(_broader_gap(row))
        row = {**row, "certainty": _lowered(row["certainty"])}
    if scope:
        stance = "qualifies"
    reason = _reason(row, swapped, direction, scope)
    if indirect:
        reason += (
            f"; indirect: the graded finding is about {row['intervention']}, broader than the "
            "claim, so its certainty is taken one level lower"
        )
    # the item speaks in the finding's own orientation, whichever side the claim names first
    item = evidence_item(row, stance, reason, row["direction"], vocab)
    item["on"] = "harms" if _is_safety(row, vocab) else "benefit"
    if indirect:  # weighed beside the syntheses that speak of the claim's own treatment
        item["tier"] = Tier.SYNTHESIS
    return item


# Lowered below low, a graded finding is too uncertain to bear on a narrower claim.
_LOWER = {"grade-high": "grade-moderate", "grade-moderate": "grade-low"}


def _lowered(certainty: str | None) -> str | None:
    """One GRADE level lower, for indirectness; None when the result would be very low."""
    return _LOWER.get(certainty or "")


def _broader_gap(row: dict) -> str:
    return f"the finding is about {row['intervention']}, broader than the claim"


def _each_verdict(rows: list[dict], reading: ClaimReading, vocab) -> dict[str, str]:
    """For a claim about several treatments with nothing compared ("both PRP and stem cells
    are effective"), the verdict for each one alone, by label; empty otherwise."""
    if reading.comparator is not None or len(reading.interventions) < 2:
        return {}
    out = {}
    for concept in reading.interventions:
        alone = replace(reading, interventions=[concept])
        items = [i for row in rows if (i := _compare(row, alone, vocab)) is not None]
        out[concept.label] = weighed(items)[0]
    return out


def _sides_of(row: dict, reading: ClaimReading, vocab) -> tuple | None:
    """(relation, swapped) for the first of the claim's interventions the row is about; a
    claim that names a study but no intervention takes the study's own sides."""
    if not reading.interventions:
        return ("same", False) if reading.interp.studies else None
    if reading.ranking == Ranking.MOST:  # set above its alternatives: on either side
        for intervention in reading.interventions:
            if straight := concept_relation(row["intervention"], intervention.id, vocab):
                return straight, False
            if swapped := concept_relation(row["comparator"], intervention.id, vocab):
                return swapped, True
        return None
    comparators: list[str | None] = [c.id for c in reading.comparators] or [None]
    for intervention in reading.interventions:
        for comparator in comparators:
            sides = _sides(row, intervention.id, comparator, vocab)
            if sides is not None:
                return sides
    return None


def _harm_gaps(row: dict, reading: ClaimReading, found: str, vocab) -> list[str]:
    """Harms differ in kind: more minor events after an injection say nothing about serious
    ones, so evidence on a broader harm (any adverse event) does not bear on a claim about a
    narrower one (serious adverse events). For benefits a broader outcome is the usual
    summary (IKDC under function) and counts. "Safe" is a claim of no serious harm
    (kg.harm_claims): more events of any kind do not deny it, unless it admits no exception."""
    gaps = []
    if (
        reading.harm == HarmClaim.NO_SERIOUS_HARM
        and not reading.universal
        and found == _WORSE
        and row["outcome"] == "adverse-events"
    ):
        gaps.append(
            "the evidence is about adverse events of any kind (mostly minor, passing "
            "reactions); the claim is about serious harm"
        )
    for claimed in reading.interp.outcomes:
        if concept_relation(claimed.id, "adverse-events", vocab) != "narrower":
            continue
        if concept_relation(row["outcome"], claimed.id, vocab) == "broader":
            gaps.append(f"the evidence is about {row['outcome']}, the claim about {claimed.id}")
    return gaps


def _kind_gaps(row: dict, reading: ClaimReading, swapped: bool, vocab) -> list[str]:
    """A finding that sets one kind of the claim's treatment against another (adipose- against
    marrow-derived MSCs, a high dose against a low one) says which kind does better, not what
    the treatment does: it bears on "MSCs are safe" only as a qualification. A claim that
    compares kinds, ranks them, or names the study is read on such findings as before."""
    interp = reading.interp
    if (
        reading.comparators
        or reading.ranking
        or interp.studies
        or interp.sources_compared
        or interp.doses_compared
        or interp.injection_counts_compared
    ):
        return []
    other = row["intervention"] if swapped else row["comparator"]
    for concept in reading.interventions:
        if other and concept_relation(other, concept.id, vocab) in ("same", "narrower"):
            return [
                f"the evidence compares two kinds of {concept.id} ({row['intervention']} vs "
                f"{row['comparator']}); the claim is about {concept.id} itself"
            ]
    return []


def _grade_gaps(row: dict, interp, stance: str, found: str, claimed: str) -> list[str]:
    """Rule of the KL grades: evidence bears on a claim about grades only when its population
    includes every one of them. Evidence from a wider population (KL II-IV for a KL IV claim)
    reports no grade-specific effect: it can contradict a claimed benefit (none was found in
    a population containing the grade) but cannot support a claim restricted to the grade."""
    asked = {g.id for g in interp.kl_grades}
    if not asked:
        return []
    grades = set((row["klGrades"] or "").split())
    named = ", ".join(sorted(asked))
    if not grades:
        return [f"the claim is about {named}; the evidence records no KL grades"]
    if not asked <= grades:
        return [f"the claim is about {named}, the evidence covers {', '.join(sorted(grades))}"]
    if asked < grades and not (stance == "contradicts" and found == _SAME and claimed == _BETTER):
        return [
            f"the evidence covers {', '.join(sorted(grades))} together and reports nothing "
            f"for {named} alone"
        ]
    return []


def _outside_scope(item: dict, reading: ClaimReading) -> None:
    """A claim about a topic the graph does not cover (another joint, a subgroup) or that
    compares with something it has no word for: the evidence found only qualifies it."""
    why = _outside_why(reading)
    if why is None or item["kind"].startswith("curated"):
        return
    item["stance"] = "qualifies"
    item["reason"] += f"; scope differs: {why}"


def _outside_why(reading: ClaimReading) -> str | None:
    if reading.interp.outside:
        topics = ", ".join(c.label.lower() for c in reading.interp.outside)
        return f"the claim is about {topics}, which the graph does not cover"
    if reading.unknown_side:
        return f"the claim compares {reading.unknown_side!r}, which the graph does not know"
    return None


def _of_phase(graph: EvidenceGraph, studies: list[str], phases: set[int]) -> list[str]:
    """Of several studies a claim names by one name, those whose phase agrees with the phase
    it states ("the phase 3 Stempeucel trial"), when some do; else all of them."""
    if len(studies) < 2 or not phases:
        return studies
    fitting = [sid for sid in studies if agree(phases, graph.study(sid).phase)]
    return fitting or studies


def _another_trial(graph: EvidenceGraph, studies: list[str], phases: set[int]) -> str | None:
    """A claim that names a study by a name several trials share (a product, a sponsor's
    programme) but states a phase none of the named studies has is about another trial: the
    phase 3 trial of a product whose phase II trial is in the graph. Judging it by the phase
    II record would contradict or support the wrong trial. Returns the note that says so."""
    if not studies or not phases:
        return None
    recorded = {sid: graph.study(sid).phase for sid in studies}
    fits = [agree(phases, phase) for phase in recorded.values()]
    if None in fits or any(fits):
        return None
    stated = "/".join(str(p) for p in sorted(phases))
    held = ", ".join(f"{sid} (phase {phase})" for sid, phase in recorded.items())
    return (
        f"the claim is about a phase {stated} trial; the graph holds only {held} under that "
        "name, another trial, so nothing in it bears on the claim"
    )


_TRIAL_WORD = re.compile(r"\b(?:trials?|RCTs?|stud(?:y|ies)|phase)\b", re.I)


def _trial_by_size(graph: EvidenceGraph, text: str, interp) -> tuple[list[str], str | None]:
    """A claim that describes its trial by its exact size ("in a 261-patient phase III
    trial") is about the graph's trial of that size: judged by it when that trial tested the
    treatment the claim names, or, when it tested other treatments, about a trial the graph
    does not hold as described (the note says which trial has that size). A round number
    ("100 patients") identifies a trial only with a phase that agrees."""
    treatments = [c for c in interp.interventions if not _a_control(c.id, graph.vocabulary)]
    if not treatments or not _TRIAL_WORD.search(text):
        return [], None
    for q in quantities(text):
        if q.kind != "participants" or q.bound != "eq":
            continue
        size = int(q.value)
        sized = graph.studies_by_size.get(size, ())
        if size % 10 == 0:
            phases = set(interp.phases)
            sized = tuple(s for s in sized if phases and agree(phases, graph.study(s).phase))
        if not sized:
            continue
        tested = {sid: _treatments_of(graph, sid) for sid in sized}
        treated = [
            sid
            for sid, arms in tested.items()
            if any(concept_relation(a, c.id, graph.vocabulary) for a in arms for c in treatments)
        ]
        if len(treated) == 1:
            return treated, None
        if not treated:
            held = "; ".join(f"{sid} ({', '.join(sorted(arms))})" for sid, arms in tested.items())
            named = ", ".join(c.label for c in treatments)
            return [], (
                f"the claim is about a trial of {size} participants; the graph's trial of that "
                f"size is {held}, not of {named}, so nothing in it bears on the claim as stated"
            )
    return [], None


def _a_control(concept: str, vocab: Vocabulary) -> bool:
    return concept_relation(concept, "control", vocab) in ("same", "narrower")


def _treatments_of(graph: EvidenceGraph, study: str) -> set[str]:
    """The treatments a trial's arms received, its control arms left out."""
    arms = {a.intervention for a in graph.study(study).arms if a.intervention}
    return {a for a in arms if not _a_control(a, graph.vocabulary)}


def _blank(text: str, stated: list) -> str:
    """`text` without the numbers' phrases: "more than 400 patients" states a size, not a
    direction."""
    for q in stated:
        text = text[: q.start] + " " * (q.end - q.start) + text[q.end :]
    return text


def _one_study_meant(interp) -> bool:
    """Whether the sentence can mean one study only: a fact true of one of several (two
    trials of one product, carried from the title) does not bear out what it says."""
    return len(interp.studies) == 1


def _number_evidence(graph: EvidenceGraph, stated: list, interp) -> tuple[list[dict], list[dict]]:
    """The numbers a claim states about the studies it names, against the graph's records;
    and, apart, those of them that differ from the record of a study the sentence may not
    mean."""
    claim_text = interp.text
    items, unsure_items = [], []
    outcomes = [o.id for o in interp.outcomes]
    months = interp.timepoint_months

    def of_the_outcome(result: ResultFacts) -> bool:
        return any(concept_relation(result.outcome, o, graph.vocabulary) for o in outcomes)

    def a_harm(result: ResultFacts) -> bool:
        return concept_relation(result.outcome, "adverse-events", graph.vocabulary) is not None

    for sid in interp.studies:
        study = graph.study(sid)
        # the results of the outcome the sentence names, when the study records any; else of
        # its harms only (the outcome words of a sentence may name a harm, "knee pain after
        # injection", that the record files under adverse events), never of other outcomes;
        # and of the timepoint it names
        named = any(of_the_outcome(r) for r in study.results)

        def comparable(result: ResultFacts, named: bool = named) -> bool:
            if named and not of_the_outcome(result):
                return False
            if outcomes and not named and not a_harm(result):
                return False  # "only 7.0% needed a knee replacement", beside pain scores
            return months is None or result.timepoint_months in (None, months)

        for verdict in compare_numbers(stated, study, comparable):
            # a number the record does not hold denies the claim only of a study the sentence
            # itself names beyond doubt; of one named by its author alone, or carried from the
            # sentences before, it may be another study's ("his registry of 373 patients");
            # nor does one that matches one of several studies the sentence may mean bear it
            # out (two trials of one product, the number of either)
            unsure = not verdict["matches"] or not _one_study_meant(interp)
            unsure = unsure and sid not in interp.firmly_named
            stance = (
                "supports"
                if verdict["matches"] and not unsure
                else "qualifies"
                if verdict["another"] or unsure or _not_settled(verdict, bool(outcomes), claim_text)
                else "contradicts"
            )
            reason = f"{graph.study(sid).named}: {verdict['reason']}"
            doubtful = unsure and not verdict["another"]
            if doubtful:
                reason += (
                    " (the sentence does not name the study beyond doubt: the number may be "
                    "another study's)"
                )
            items.append(_study_entry(study, stance, reason, "record", study.label))
            if doubtful:
                unsure_items.append(items[-1])
    return items, unsure_items


# "a total of 88 patients", "enrolled 88 adults", "88 patients were randomised": the number
# is the study's whole size, which the record settles
_WHOLE_SIZE = re.compile(
    r"\b(?:a total of|in total|total of|overall|altogether|enrol\w*|randomi[sz]\w*|recruit\w*)\b",
    re.I,
)


def _not_settled(verdict: dict, outcome_named: bool, text: str) -> bool:
    """Whether a stated number the record does not hold is left open rather than denied: an
    effect stated of no outcome at all ("only 7.0% of treated patients" beside a recorded
    odds ratio of cartilage progression), or fewer participants than the study had,
    not said to be its whole size ("33 subjects from the phase 2 trial", "110 knees
    assessed": a part of it, an analysis, an arm or a subgroup)."""
    q = verdict["quantity"]
    if q.kind == "effect":
        return not outcome_named
    if q.kind == "participants" and q.bound == "eq" and not _WHOLE_SIZE.search(text):
        return q.value < max(value for value, _ in verdict["recorded"])
    return False


_DESIGN_STANCES = {
    Agreement.AGREES: "supports",
    Agreement.DISAGREES: "contradicts",
    Agreement.LACKS: "qualifies",
}


def _design_evidence(graph: EvidenceGraph, claim: _Claim) -> list[dict]:
    """How a study named or reported was done, as the sentence tells it ("a randomized
    controlled pilot study", "assessed at 3, 6, and 12 months"), against its record
    (kg.design_facts)."""
    items = []
    for sid in claim.interp.studies:
        study = graph.study(sid)
        for fact in read_and_compare(claim.text, study, claim.interp, graph.vocabulary):
            stance = _DESIGN_STANCES[fact.agreement]
            if stance == "supports" and not (
                sid in claim.interp.firmly_named or _one_study_meant(claim.interp)
            ):
                stance = "qualifies"  # true of one of the trials the page may mean
            items.append(_study_entry(study, stance, fact.reason, "record", study.label))
    return items


def _study_entry(study: StudyFacts, stance: str, reason: str, kind: str, statement) -> dict:
    """A piece of evidence that is a study's own record (a number, a quoted sentence)."""
    return evidence_entry(
        stance,
        reason,
        kind,
        study=study.id,
        evidence=study.iri,
        statement=statement,
        publication=study.publication,
        source_label=f"({study.named})",
    )


def _repeated_evidence(graph: EvidenceGraph, claim: _Claim, *, notes: bool) -> list[dict]:
    """The study's own sentence, when the claim repeats one the graph quotes for a study it
    names or reports (kg.reported_statements): borne out as a report of that study. The
    statements of its results and findings, or (`notes`) the words its notes quote, which
    come after the typed facts of its record."""
    items = []
    for sid in claim.interp.studies:
        quoted = tuple(
            s for s in graph.reported_statements.get(sid, ()) if (s.kind == "note") == notes
        )
        said = repeated(claim.interp.without_study_names, quoted)
        if said is None:
            continue
        within = (
            "; a change within one group, not a comparison" if said.comparative is False else ""
        )
        # (labels, not the record's ids: the quoted sentence goes with the evidence)
        reason = f"{graph.study(sid).named}: the claim repeats what the study reported"
        if said.kind == "note":
            reason += " (its words, as the graph's notes on the study quote them)"
        items.append(
            _study_entry(graph.study(sid), "supports", reason + within, "report", said.statement)
        )
    return items


def _effect_evidence(graph: EvidenceGraph, text: str, evidence: list) -> list:
    """A claim that names no study but states a ratio or SMD ("risk ratio 0.5"): the number
    against the results of the same measure in the studies whose evidence bears on it."""
    stated = [q for q in quantities(text) if q.measure]
    bearing = [e for e in evidence if e["stance"] in ("supports", "contradicts")]
    if not stated or not bearing:
        return []
    studies: dict[str, dict | None] = {}  # study id -> its publication
    for item in bearing:
        studies.setdefault(item["study"], item["publication"])
    of: dict[str, str] = {}  # each result as the reason names it -> its study id
    results = []
    for sid in studies:
        for r in graph.study(sid).results:
            if r.value is not None:
                where = f"{graph.study(sid).named} result {r.id}"
                of[where] = sid
                results.append({"value": r.value, "measure": r.measure, "where": where})
    items = []
    for verdict in compare_effects(stated, results):
        sid = of[verdict["recorded"][0][1]]
        items.append(
            evidence_entry(
                "supports" if verdict["matches"] else "contradicts",
                verdict["reason"],
                "record",
                study=sid,
                evidence=None,
                statement=None,
                publication=studies.get(sid),
                source_label=f"({graph.study(sid).named})",
            )
        )
    return items


def _sides(finding: dict, intervention: str, comparator: str | None, vocab) -> tuple | None:
    """How the finding's intervention relates to the claim's, and whether sides are swapped."""
    straight = concept_relation(finding["intervention"], intervention, vocab)
    if straight and (
        comparator is None or concept_relation(finding["comparator"], comparator, vocab)
    ):
        return straight, False
    if comparator is not None:
        swapped = concept_relation(finding["comparator"], intervention, vocab)
        if swapped and concept_relation(finding["intervention"], comparator, vocab):
            return swapped, True
    return None


def _an_alternative(other: str | None, reading: ClaimReading, vocab: Vocabulary) -> bool:
    """Whether a finding's other side is one of the treatments a ranking claim sets its own
    above: an active treatment (no placebo, no unnamed control), not the claim's own in
    another dose, and of the kind ranked within when the claim names one ("the most
    effective MSCs")."""
    if other is None or other == "control" or concept_relation(other, "placebo", vocab):
        return False
    if any(concept_relation(other, c.id, vocab) for c in reading.interventions):
        return False
    among = reading.ranked_among
    return among is None or concept_relation(other, among.id, vocab) in ("same", "narrower")


_NO_TREATMENT = ("control", "placebo", "saline")


def _rivals_borne_out(rows: list[dict], reading: ClaimReading, vocab) -> dict[str, list[dict]]:
    """For "the only one with demonstrated efficacy is X": the other treatments (of the kind,
    when the claim names one) whose benefit the graph bears out, by label, with the evidence
    that bears each out."""
    if reading.ranking != Ranking.ONLY:
        return {}
    among = reading.ranked_among
    rivals = [
        c
        for c in vocab.concepts.values()
        if c.scheme == "intervention"
        and (c.within(among.id) and c.id != among.id if among else c.id not in _NO_TREATMENT)
        and not any(c.within(i.id) or i.within(c.id) for i in reading.interventions)
    ]
    own = " or ".join(c.label for c in reading.interventions)
    out = {}
    for rival in rivals:
        alone = replace(reading, interventions=[rival], ranking=None, ranked_among=None)
        items = [i for row in rows if (i := _compare(row, alone, vocab)) is not None]
        verdict, deciding = weighed(items)
        if verdict == "supported":
            out[rival.label] = [
                {
                    **item,
                    "stance": "contradicts",
                    "reason": f"{item['study']}: {item['found']}: the claim says only {own} works",
                }
                for item in deciding
            ]
    return out


def _about_harms(reading: ClaimReading, vocab: Vocabulary) -> bool:
    """A claim about harms: safety words ("safe", "side effects") or a harm outcome named."""
    return is_safety_claim(reading.interp.text) or any(
        concept_relation(o.id, "adverse-events", vocab) in ("same", "narrower")
        for o in reading.interp.outcomes
    )


def _is_safety(finding: dict, vocab: Vocabulary) -> bool:
    """Harms: 'safe' means no more harm than the comparator, so no difference agrees."""
    return concept_relation(finding["outcome"], "adverse-events", vocab) in ("same", "narrower")


_PLACEBO = "placebo"


def _scope_gaps(finding: dict, interp, relation: str, comparator, vocab) -> list[str]:
    gaps = []
    if relation == "broader":
        gaps.append(_broader_gap(finding))
    if (
        comparator is not None
        and finding["comparator"]
        and concept_relation(finding["comparator"], comparator.id, vocab) == "broader"
        # a saline placebo is a placebo: a placebo-controlled finding bears on a claim about
        # saline directly (a pooled "control" stays broader: it holds active treatments too)
        and finding["comparator"] != _PLACEBO
    ):
        gaps.append(
            f"the finding's comparator ({finding['comparator']}) is broader than the "
            f"claim's ({comparator.id})"
        )
    when = finding["timepoint"]
    if interp.timepoint_months and when and abs(float(when) - interp.timepoint_months) > 3:
        gaps.append(f"the claim is at {interp.timepoint_months:g} months, the finding at {when:g}")
    lasting = interp.follow_up_min_months
    if lasting and when and float(when) < lasting - 3:
        gaps.append(f"the claim is about {lasting:g} months or more, the finding at {when:g}")
    elif lasting and lasting >= 24 and not when:
        gaps.append(f"the claim is about {lasting:g} months or more; the finding states no time")
    return gaps


def _reason(finding: dict, swapped: bool, claimed: str, scope: list[str]) -> str:
    """What the finding found and what the claim says, both in the finding's orientation."""
    if swapped:
        claimed = _OPPOSITE[claimed]
    words = {
        _BETTER: "favours the intervention",
        _SAME: "no difference",
        _WORSE: "favours the comparator",
    }
    vs = f" vs {finding['comparator']}" if finding["comparator"] else ""
    when = f" at {float(finding['timepoint']):g} months" if finding["timepoint"] else ""
    text = (
        f"{finding['studyId']}: {finding['intervention']}{vs} on {finding['outcome']}{when}: "
        f"{words[finding['direction']]} ({finding['certainty'] or 'certainty not stated'}); "
        f"the claim says {words[claimed]}"
    )
    return text + (f"; scope differs: {'; '.join(scope)}" if scope else "")


def _verdict(evidence: list[dict], reading: ClaimReading) -> tuple[str, list[dict]]:
    """(verdict, deciding evidence). A stated number the graph's record of the named study
    does not hold decides (contradicted), unless the sentence repeats that study's own words;
    then a sentence the study reported, repeated (supported, as a report of that study).
    Otherwise the best tier of evidence that bears on the claim decides
    (kg.evidence_weight)."""
    records = [e for e in evidence if e["kind"] == "record"]
    repeats = [e for e in evidence if e["kind"] == "report"]
    # a number read against the record of a study whose own words the sentence repeats (with
    # the same numbers) was read wrongly ("six RCTs" of ten studies included), not misstated
    said_so = {e["study"] for e in repeats}
    denials = [e for e in records if e["stance"] == "contradicts" and e["study"] not in said_so]
    if denials:
        return "contradicted", denials
    if repeats:
        # what the study said, as it said it; a fact its record types comes first
        backing = [e for e in records if e["stance"] == "supports"]
        rest = [e for e in records if e not in backing and e["stance"] != "contradicts"]
        return "supported", backing + repeats + rest
    bearing = [e for e in evidence if e["stance"] in ("supports", "contradicts")]
    if reading.direction is not None and bearing and all(e in records for e in bearing):
        # "the study in 146 patients showed that ... improved": its size agrees with the
        # record, but nothing in the graph bears on what it says was found
        return "insufficient", []
    if reading.benefit_too and any(e.get("on") == "harms" for e in bearing):
        verdict, deciding = _safe_and_effective(evidence)
    else:
        verdict, deciding = weighed(evidence)
    return _strength_rules(verdict, evidence, reading), deciding


def _safe_and_effective(evidence: list[dict]) -> tuple[str, list[dict]]:
    """A claim of both ("safe and effective"): each half weighed on its own evidence (a
    meta-analysis of harms must not decide whether a treatment works), then joined: borne
    out only when both are, denied when either is, and not established when one is unknown."""
    harms = weighed([e for e in evidence if e.get("on") != "benefit"])
    benefit = weighed([e for e in evidence if e.get("on") != "harms"])
    verdicts = {harms[0], benefit[0]}
    deciding = harms[1] + [e for e in benefit[1] if e not in harms[1]]
    if len(verdicts) == 1:
        return harms[0], deciding
    if verdicts == {"supported", "insufficient"}:
        return "insufficient", deciding
    if verdicts == {"contradicted", "insufficient"}:
        return "contradicted", deciding
    return "mixed", deciding


def _strength_rules(verdict: str, evidence: list[dict], reading: ClaimReading) -> str:
    if (reading.universal or reading.ranking == Ranking.MOST) and any(
        e["stance"] == "contradicts" for e in evidence
    ):
        return "contradicted"  # "every", "at all", "the most effective": one counter-example
    supporting = [_CERTAINTY_RANK.get(e["level"], 0) for e in evidence if e["stance"] == "supports"]
    if verdict == "supported" and reading.overstated and max(supporting) < 3:
        return "mixed"  # "proven" on evidence of low or no graded certainty
    if verdict == "contradicted" and reading.hedged and supporting:
        return "mixed"  # "may help", "some studies show": some of the evidence does
    return verdict


def _summary(verdict: str, evidence: list[dict], curated: dict | None, reading) -> str:
    counts = {
        s: sum(e["stance"] == s for e in evidence) for s in ("supports", "contradicts", "qualifies")
    }
    text = (
        f"{verdict}: {counts['supports']} supporting, {counts['contradicts']} contradicting, "
        f"{counts['qualifies']} qualifying piece(s) of evidence"
    )
    if curated:
        text += f"; the claim is curated as {curated['id']} (assessment {curated['assessment']})"
    if verdict == "insufficient" and counts["qualifies"]:
        text += "; the evidence there is does not match the claim's scope"
    if why := _outside_why(reading):
        text += f"; {why}"
    if not curated and reading.universal and verdict == "contradicted":
        text += f"; the claim admits no exception ({reading.universal!r}) and the evidence has one"
    if not curated and reading.overstated and verdict == "mixed":
        text += f"; the claim's certainty ({reading.overstated!r}) goes beyond the evidence"
    return text + "."


# ------------------------------------------------------------------ data


_QUOTE_MATCH = 0.85


def _curated_claim(graph: EvidenceGraph, text: str) -> dict | None:
    """The documents' claim whose quote this text repeats, if any."""
    wanted = " ".join(fold(text))
    best, best_score = None, 0.0
    for quote, claim in graph.curated_quotes:
        # the whole quote inside the sentence, or the sentence cut short from the quote (not a
        # phrase of it: "Randomized controlled trial" is in many quotes and repeats none)
        if len(quote) >= 20 and (
            quote in wanted or (wanted in quote and len(wanted) >= _QUOTE_MATCH * len(quote))
        ):
            score = 1.0
        else:
            # the cheap upper bounds first: most quotes are nowhere near the sentence, and
            # their lengths alone say so (difflib's real_quick_ratio, before a matcher is built)
            if 2 * min(len(wanted), len(quote)) < _QUOTE_MATCH * (len(wanted) + len(quote)):
                continue
            matcher = difflib.SequenceMatcher(None, wanted, quote)
            if matcher.quick_ratio() < _QUOTE_MATCH:
                continue
            score = matcher.ratio()
        if score > best_score:
            best, best_score = claim, score
    if best is None or best_score < _QUOTE_MATCH:
        return None
    document, claim_id = best["id"].split("/", 1)
    return graph.curated_claim(document, claim_id)


def _curated_evidence(claim: dict) -> list[dict]:
    items = []
    for link in claim["evidence"]:
        pubs = link["publications"]
        items.append(
            evidence_entry(
                link["stance"],
                link["reason"],
                f"curated {link['kind'].lower()}",
                study=link["study"],
                evidence=link["evidence"],
                statement=link["label"],
                publication=pubs[0] if pubs else None,
                level=link["level"],
            )
        )
    return items


def _cite_evidence(graph: EvidenceGraph, evidence: list[dict]) -> None:
    """A formatted reference on every piece of evidence with a publication."""
    for item in evidence:
        pub = item["publication"]
        item["citation"] = graph.reference(pub["id"]).strip() if pub else None
