"""Weighing evidence as GRADE and Cochrane reviewers do: by the strength of its design, never
by counting items.

Every piece of evidence has a tier, from its study's design and the certainty its source
graded: syntheses with GRADE certainty, then other syntheses, then randomised trials, then
non-randomised comparisons, then before-after series. The verdict follows the best tier that
bears on the claim; the tiers below are shown, not counted. Within that tier, agreement
decides; when it disagrees, moderate- or high-certainty evidence on one side outweighs low or
ungraded evidence on the other, and otherwise the verdict is mixed.

A change within one group (before against after, no comparator) says nothing about a
comparison: it never supports or contradicts a claim of effect, only an absolute claim of
safety ("no serious adverse events").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


@dataclass(frozen=True)
class Judgement:
    """The answer of a typed checker (kg.evidence_state, kg.modifier_check): its verdict, the
    one line naming what decided it, and the evidence items it weighed."""

    verdict: str
    why: str
    evidence: list[dict]


class Tier(IntEnum):
    BEFORE_AFTER = 1
    NON_RANDOMISED = 2
    RANDOMISED = 3
    SYNTHESIS = 4
    GRADED_SYNTHESIS = 5

    @property
    def words(self) -> str:
        return _WORDS[self]


_WORDS = {
    Tier.BEFORE_AFTER: "a before-after series",
    Tier.NON_RANDOMISED: "a non-randomised comparison",
    Tier.RANDOMISED: "a randomised trial",
    Tier.SYNTHESIS: "a meta-analysis",
    Tier.GRADED_SYNTHESIS: "a meta-analysis that graded its certainty",
}
# the designs of the vocabulary's evidence-synthesis branch
SYNTHESES = frozenset(
    {"network-meta-analysis", "meta-analysis", "systematic-review", "evidence-synthesis"}
)
_NON_RANDOMISED = {"non-randomised-controlled", "controlled-study", "cohort", "reanalysis",
                   "follow-up"}  # fmt: skip
CERTAINTY_RANK = {"grade-high": 4, "grade-moderate": 3, "grade-low": 2, "grade-very-low": 1}
_CERTAINTY_WORDS = {
    "grade-high": "high-certainty",
    "grade-moderate": "moderate-certainty",
    "grade-low": "low-certainty",
    "grade-very-low": "very-low-certainty",
}


def tier(design: str | None, certainty: str | None) -> Tier:
    if design in SYNTHESES:
        # a level of GRADE certainty: "rated with GRADE" with no level stated (or a range
        # such as "low to very low") tells a reader nothing about which level
        graded = (certainty or "") in CERTAINTY_RANK
        return Tier.GRADED_SYNTHESIS if graded else Tier.SYNTHESIS
    if design == "rct":
        return Tier.RANDOMISED
    if design in _NON_RANDOMISED:
        return Tier.NON_RANDOMISED
    return Tier.BEFORE_AFTER


def within_group(design: str | None, comparator: str | None) -> bool:
    """A result or finding with no comparator: a change from baseline in one group, or, in a
    synthesis, such changes pooled (Iijima 2018, Lee 2024): pooling before-after changes
    does not make them a comparison."""
    return comparator is None


def weighed(evidence: list[dict]) -> tuple[str, list[dict]]:
    """(verdict, the deciding items) over items with `stance`, `tier` and `level`."""
    bearing = [e for e in evidence if e["stance"] in ("supports", "contradicts")]
    if not bearing:
        return "insufficient", []
    top = max(tier_of(e) for e in bearing)
    best = [e for e in bearing if tier_of(e) == top]
    stances = {e["stance"] for e in best}
    if len(stances) == 1:
        return ("supported" if "supports" in stances else "contradicted"), best
    strongest = {
        s: max(CERTAINTY_RANK.get(e["level"], 0) for e in best if e["stance"] == s)
        for s in ("supports", "contradicts")
    }
    if strongest["contradicts"] >= 3 > strongest["supports"]:
        return "contradicted", [e for e in best if e["stance"] == "contradicts"]
    if strongest["supports"] >= 3 > strongest["contradicts"]:
        return "supported", [e for e in best if e["stance"] == "supports"]
    return "mixed", best


def rules_out(deciding: list[dict]) -> bool:
    """Whether evidence against a claim is firm enough to deny it: some of it carries GRADE
    moderate or high certainty. At low certainty the true effect may be markedly different
    from the estimate (GRADE's own wording), and a trial no review graded states no certainty:
    a null finding of either leaves the claim unproven, not disproven."""
    return max((CERTAINTY_RANK.get(e["level"] or "", 0) for e in deciding), default=0) >= 3


def tier_of(item: dict) -> Tier:
    """Items compared from a study's record (a stated number) carry no design of their own."""
    return Tier(item.get("tier") or Tier.BEFORE_AFTER)


def why(verdict: str, deciding: list[dict]) -> str:
    """One line naming the deciding evidence, the way a writer can repeat it."""
    if not deciding:
        return f"{verdict}: no finding in the graph bears on the claim in its own scope"
    lead = max(deciding, key=lambda e: CERTAINTY_RANK.get(e["level"], 0))
    certainty = _CERTAINTY_WORDS.get(lead["level"] or "", "")
    if not lead.get("found"):  # a number compared with a study's record
        return f"{verdict}: {lead['reason']}"
    what = tier_of(lead).words
    if certainty and what.startswith("a meta-analysis"):
        what = f"the {certainty} meta-analysis"
    source = lead.get("source_label") or lead["study"]
    others = len({e["study"] for e in deciding}) - 1
    more = f" (and {others} more of the same strength)" if others > 0 else ""
    return f"{verdict}: {what} {source} {lead['found']}{more}"
