"""Whether a sentence that names no treatment of its own refers back to one named before it.

A writer's sentence takes its subject from the sentences before only through words that point
back: a pronoun ("it works", "they are safe"), a definite or demonstrative noun for a
treatment, its results or the research on it ("the procedure", "these cells", "the results",
"this improvement", "the small studies"), or a list item or heading that continues the line
above it. A sentence with a subject of its own ("Trade shows are an effective way for clinics
to find buyers", "So far no drug is known to halt the disease", "Bones can mend themselves")
is about that subject, not about the treatment the page last
named, and carrying the treatment into it judges a claim nobody made.
"""

from __future__ import annotations

import re

_TREATMENT = (
    r"treatments?|therap(?:y|ies)|procedures?|injections?|shots?|cells?|products?|"
    r"approach(?:es)?|methods?|techniques?|options?|interventions?|regimens?|preparations?|"
    r"infusions?|implant\w*|medicine|solutions?|protocols?"
)
_RESULT = (
    r"results?|effects?|outcomes?|benefits?|improvements?|findings?|changes?|relief|"
    r"responses?|gains?|recovery|side[- ]effects?|risks?|complications?|safety|efficacy|"
    r"effectiveness|reactions?"
)
_RESEARCH = r"stud(?:y|ies)|trials?|research|evidence|data|science|literature|papers?|reviews?"
# "the procedure", "these cells", "its safety", "the small studies", "both treatments"
_DEFINITE = re.compile(
    rf"\b(?:this|these|those|such|the|its|their|both|either)\s+(?:[\w'’-]+\s+){{0,2}}?"
    rf"(?:{_TREATMENT}|{_RESULT}|{_RESEARCH})\b",
    re.I,
)
# "it", "they", "them" stand for what came before; "this"/"these"/"both" when they are the
# subject of a verb ("This does not mask the pain", "Both were well tolerated"); not the
# "it" that opens "it is important to ..."
_PRONOUN = re.compile(
    r"\b(?:they|them)\b"
    r"|\bit\b(?!\s+(?:is|was|'s|’s)\s+(?:\w+\s+)?(?:important|essential|necessary|possible|"
    r"likely|unlikely|worth|clear|true|known|thought|believed|estimated|recommended)\b)"
    r"|\b(?:this|these|both)\s+(?:(?:\w+ly|also|all|not|still)\s+)?(?:is|are|was|were|has|"
    r"have|had|can|could|may|might|will|would|does|do|did|helps?|works?|shows?|offers?|"
    r"provides?|reduces?|improves?|leads?|gives?)\b",
    re.I,
)


# the class the page's treatment belongs to, named as the subject: "Regenerative medicine
# offers non-surgical solutions", "Biological treatments support tissue repair"
_CLASS = re.compile(
    r"\b(?:regenerative|biologic(?:al)?|orthobiologic(?:al)?|cellular|cell[- ]based|injectable)"
    rf"\s+(?:{_TREATMENT})\b|\borthobiologics\b",
    re.I,
)


# research as the sentence's subject: "There are a number of studies that have shown ...",
# "New research shows promise": the research on what the page discusses
_RESEARCH_SUBJECT = re.compile(
    rf"^\W*(?:[\w'’-]+\s+){{0,5}}?(?:{_RESEARCH})\b\s+(?:that\s+|which\s+)?"
    r"(?:\w+\s+)?(?:show\w*|found|find\w*|suggest\w*|report\w*|demonstrat\w*|indicat\w*|"
    r"ha(?:s|ve)\s+(?:\w+\s+)?(?:shown|found|reported|demonstrated|suggested))\b",
    re.I,
)


# a connective before the subject: "However, pain did not differ"
_CONNECTIVE = re.compile(
    r"^\W*(?:however|moreover|furthermore|also|overall|likewise|in addition|in contrast|"
    r"by contrast|similarly|still|yet|but|and)\b,?\s*",
    re.I,
)


def subject_start(text: str) -> int:
    """Where the sentence's first word is, after a connective ("However, pain scores did not
    differ": an outcome that opens the sentence is its subject)."""
    start = _CONNECTIVE.match(text)
    at = start.end() if start else 0
    return at + len(text[at:]) - len(text[at:].lstrip())


def refers_back(text: str, *, listed: bool = False) -> bool:
    """Whether `text` points back to a subject named before it; `listed`: the unit is a list
    item or a heading, which continues the line or the heading above it. (An outcome as the
    subject, "Pain did not differ at 12 months", is the caller's to see: see `subject_start`.)"""
    return listed or any(
        pattern.search(text) for pattern in (_DEFINITE, _PRONOUN, _CLASS, _RESEARCH_SUBJECT)
    )
