"""Claims about what changes a treatment's effect: dose, repeated injections, disease severity,
image guidance, age, BMI, rehabilitation, prior steroid injections, added exosomes.

"Higher doses work better", "you need a series of injections for it to be effective", "it
works best in early OA": such a claim says that a factor modifies the effect, and is answered
from the graph's effect-modifier nodes (graph/modifiers.yaml), each of which records what the
evidence shows of its factor (vocab/modifier-finding.yaml) and the findings behind it:
  - modification shown: a claim of modification is supported, a claim of none contradicted;
  - no modification shown: the other way round;
  - conflicting: mixed;
  - not analysed, or no node for the factor and the treatment: insufficient.
A factor is recognised by the class of words for it ("higher concentrations", "more cells",
"a series of injections", "less effective in advanced disease").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.claim_reading import says_no_difference
from kg.evidence_rows import concept_relation, evidence_entry
from kg.evidence_weight import Judgement
from kg.terms import Concept, Vocabulary

# A dose the effect is said to need: "effective with at least 100 million cells", "a minimum
# of 50 million cells": the claim is that fewer cells do less, a claim of dose-response
_DOSE_THRESHOLD_WORDS = (
    r"\b(?:at\s+least|a\s+minimum\s+of|minimum\s+of|no\s+fewer\s+than|more\s+than|over)\s+"
    r"\d[\d,.]*\s*(?:million|billion|M\b)\s+(?:[\w-]+\s+){0,2}?cells\b"
)
_FACTOR_WORDS: dict[str, str] = {
    "cell-dose": (
        r"\b(?:higher|larger|greater|bigger|lower|smaller|increasing|different|optimal)\s+"
        r"(?:cell\s+)?(?:doses?|dosages?|concentrations?|numbers?\s+of\s+cells|cell\s+counts?)|"
        r"\bmore\s+cells\b|\bdose[- ](?:response|dependent|ranging)|\bcell\s+counts?\b|"
        r"\bdos(?:e|es|age|ages|ing)\b|" + _DOSE_THRESHOLD_WORDS
    ),
    "repeat-dosing": (
        r"\b(?:repeat\w*|multiple|several|serial|a\s+series\s+of|a\s+course\s+of|two|three|"
        # "multiple (3) PRP injections": a count in brackets may follow the word
        r"second|additional|booster|more\s+than\s+one)\s+(?:\(\w{1,12}\)\s+)?(?:\w+\s+)?(?:injections?|"
        r"administrations?|doses?|shots?|treatments?)|\bre-?dosing\b|\brepeated(?:ly)?\b|"
        # "dosed more than once", "injected twice", "three or more shots"
        r"\bmore\s+than\s+once\b|\btwice\b|\b(?:two|three)\s+or\s+more\s+(?:injections?|"
        r"doses?|shots?|treatments?)"
    ),
    # Severity as a level that ranks ("best in early OA", "less effective in advanced
    # disease"); a grade named alone ("in KL III") only restricts the population.
    "kl-grade-severity": (
        r"\b(?:best|better|more\s+(?:effective|efficacious|beneficial)|most\s+(?:effective|"
        r"efficacious|beneficial)|less\s+(?:effective|efficacious|beneficial)|stronger|only)"
        r"\s+(?:\w+\s+){0,3}(?:in|for|with|among)\s+(?:(?:patients|people)\s+with\s+)?"
        r"(?:(?:knee\s+)?(?:OA|KOA|osteoarthritis)\s+)?(?:early|mild|milder|"
        r"moderate|advanced|severe|end[- ]stage|late|(?:Kellgren[- ]Lawrence\s+(?:\(KL\)\s+)?|"
        r"KL\s*)(?:grades?\s*)?(?:[0-4]|I{1,3}V?))"
        r"|\b(?:early|mild|milder|advanced|severe|end[- ]stage)[- ](?:stage\s+)?(?:knee\s+)?"
        r"(?:OA|osteoarthritis|disease)\s+(?:responds?|respond\w*|benefit\w*)"
    ),
    "image-guidance": (
        r"\b(?:ultrasound|image|imaging|fluoroscop\w*)[- ]guid\w*|\bguided\s+injections?|"
        r"\bblind(?:ly)?\s+(?:(?:joint|knee|intra-?articular)\s+)?injections?|\binjected\s+blind(?:ly)?\b"
    ),
    "age": r"\b(?:older|younger|elderly)\s+(?:patients|people|adults)|\bage\b",
    "bmi": r"\b(?:BMI|obes\w*|overweight|body\s+weight)\b",
    "rehabilitation": r"\b(?:rehabilitation|physical\s+therapy|physiotherapy)\b",
    "prior-steroid-injection": (
        r"\b(?:prior|previous|recent)\s+(?:steroid|corticosteroid|cortisone)\s+injections?"
    ),
    "exosome-adjunct": r"\b(?:exosomes?|secretome)\b",
    "metabolic-syndrome": r"\b(?:metabolic\s+syndrome|comorbidit\w*)\b",
    # drugs said to blunt it ("the effect of PRP may be reduced if you are on anti-platelets"):
    # no modifier node records them, so such a claim is insufficient
    "concomitant-medication": (
        r"\b(?:anti-?platelets?|blood[- ]thinners?|anti-?coagulants?|aspirin|NSAIDs?|ibuprofen|"
        r"anti-?inflammator(?:y|ies)\s+(?:drugs?|medications?|medicines?))\b"
    ),
}
_FACTORS = {factor: re.compile(words, re.I) for factor, words in _FACTOR_WORDS.items()}
_DOSE_THRESHOLD = re.compile(_DOSE_THRESHOLD_WORDS, re.I)
_EFFECT = re.compile(r"\b(?:effective\w*|efficac\w*|results?|works?|benefit\w*|success\w*)\b", re.I)
# That the factor changes the effect: a word that ranks one level of it over another.
_MODIFIES = re.compile(
    r"\b(?:better|best|superior|(?:more|most|less)\s+(?:effective|efficacious|beneficial)|greater|"
    r"larger|stronger|improved|enhance\w*|boost\w*|needs?|need\s+to|required?|only|"
    r"works?\s+best|depend\w*|predict\w*|affects?|determines?|matters?|key|crucial|"
    # ... or blunts it: "may be reduced if you are on anti-platelets"
    r"(?:reduced|diminished|weakened|lessened|blunted|impaired)\s+(?:if|when|by|in|with)|"
    r"interfere\w*|(?:less|not as)\s+well)\b",
    re.I,
)
_NO_MODIFICATION = re.compile(
    r"\bregardless\s+of\b|\bdoes(?:\s+not|n't)\s+matter\b|\bno\s+(?:dose[- ]response|"
    r"difference\s+between\s+doses)\b",
    re.I,
)
_MODIFIER_FINDING = {
    "modification-shown": True,
    "no-modification-shown": False,
}


@dataclass(frozen=True)
class ModifierClaim:
    factors: tuple[str, ...]
    modifies: bool  # the claim says the factor changes the effect (False: that it does not)


def read_modifier_claim(text: str, *, compares: bool = False) -> ModifierClaim | None:
    """The factors a claim says do (or do not) change a treatment's effect, if any. A claim
    that `compares` two treatments ("in KL III, BMAC beats PRP") is about those treatments,
    whatever levels of a factor it names."""
    if compares:
        return None
    factors = tuple(f for f, words in _FACTORS.items() if words.search(text))
    if not factors:
        return None
    if _NO_MODIFICATION.search(text) or says_no_difference(text):
        return ModifierClaim(factors, modifies=False)
    if _MODIFIES.search(text) or (_DOSE_THRESHOLD.search(text) and _EFFECT.search(text)):
        return ModifierClaim(factors, modifies=True)
    return None


def judge(
    claim: ModifierClaim, interventions: list[Concept], rows: list[dict], vocab: Vocabulary
) -> Judgement:
    """The claim against the modifier nodes for its factors and treatment."""
    nodes = [r for r in rows if r["factor"] in claim.factors and _about(r, interventions, vocab)]
    says = "changes" if claim.modifies else "does not change"
    factor_words = " and ".join(f.replace("-", " ") for f in claim.factors)
    treatment = ", ".join(c.label for c in interventions) or "the treatment"
    if not nodes:
        why = (
            f"insufficient: the graph holds no analysis of whether {factor_words} changes the "
            f"effect of {treatment}"
        )
        return Judgement("insufficient", why, [])
    verdicts = [_verdict(claim, node) for node in nodes]
    verdict = verdicts[0] if len(set(verdicts)) == 1 else "mixed"
    lead = nodes[0]
    why = f"{verdict}: the claim says {factor_words} {says} the effect; the graph: {lead['effect']}"
    items = [_item(node, v) for node, v in zip(nodes, verdicts, strict=True)]
    return Judgement(verdict, why, items)


def _about(row: dict, interventions: list[Concept], vocab: Vocabulary) -> bool:
    if not interventions or not row["intervention"]:
        return not interventions
    return any(concept_relation(c.id, row["intervention"], vocab) for c in interventions)


def _verdict(claim: ModifierClaim, node: dict) -> str:
    shown = _MODIFIER_FINDING.get(node["shown"])
    if node["shown"] == "modification-conflicting":
        return "mixed"
    if shown is None:
        return "insufficient"
    return "supported" if shown == claim.modifies else "contradicted"


def _item(node: dict, verdict: str) -> dict:
    stance = {"supported": "supports", "contradicted": "contradicts"}.get(verdict, "qualifies")
    return evidence_entry(
        stance,
        f"{node['label']}: {node['effect']}",
        "modifier",
        study=node["modifierId"],
        evidence=node["modifier"],
        statement=node["effect"],
        publication=None,
        found=node["effect"],
        source_label=node["label"],
        supported_by=(node["supporters"] or "").split(),
    )
