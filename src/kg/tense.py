"""Whether a sentence states what is generally so or reports what happened.

"ADMSCs offer a promising alternative" (the present, and no past verb) is a general statement
about a treatment; "Adipose MSCs improved knee pain at 12 months" reports what a study found.
A report of a result can rest on the one trial that found it; a general statement needs a
body of evidence behind it (kg.check), and inside a study's own report the general statements
are its conclusions (kg.check_document).
"""

from __future__ import annotations

import re

_PRESENT = re.compile(
    r"\b(?:is|are|offers?|provides?|improves?|reduces?|relieves?|seems?|appears?|remains?|"
    r"represents?|may|can|could|might|should|works?|"
    # what a treatment does; the plain form only where it is no noun as well ("repair
    # tissue", "the help", "a delay" are nouns)
    r"helps|slows|heals|repairs|stops|delays|regrows?|regenerates?|restores?|reverses?|"
    r"prevents?|eliminates?|outperforms?|beats|lasts)\b",
    re.I,
)
_PAST = re.compile(
    r"\b(?:was|were|did|had|showed|found|observed|reported|experienced|achieved|improved|"
    r"occurred|underwent|developed|noted|saw|gained|lost|needed|required|"
    # what a treatment did to the knee, in the past
    r"repaired|regenerated|regrew|restored|relieved|produced|left|lowered|raised|grew|lasted|"
    r"remained|worsened|declined|fell|rose|doubled|halved|yielded|outperformed|"
    r"reduced|increased|decreased|received|resulted|led|demonstrated|revealed|comprised|"
    r"included|enrolled|completed)\b",
    re.I,
)


def general(text: str) -> bool:
    """A statement in the present tense, with no past verb."""
    return bool(_PRESENT.search(text)) and not _PAST.search(text)


def told(text: str) -> bool:
    """A report of what happened: a past verb, and no verb of what is generally so."""
    return bool(_PAST.search(text)) and not _PRESENT.search(text)


# Beside the verbs above, those a headline asserts with: "Will", "Does", "Shown to Be Safe",
# "Proven", "Cures", "Fails"
_HEADLINE = re.compile(r"\b(?:will|does|do|shown|proven|cures?|fails?)\b", re.I)


# A heading that names what a section explains: "How it works", "How Stem Cells Work:
# Regenerative Medicine", "Knee Treatment Procedure – How it Works", "Why PRP helps"
_EXPLAINS = re.compile(r"(?:^|[–—:|]|\s-\s)\W*(?:how|why|what|when|where|who)\b", re.I)


def asserts(text: str) -> bool:
    """Whether a line has a verb that asserts (a heading that only labels has none, nor one
    that names what its section explains)."""
    if _EXPLAINS.search(text):
        return False
    return bool(_PRESENT.search(text) or _PAST.search(text) or _HEADLINE.search(text))
