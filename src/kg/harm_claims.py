"""What a claim about harms says: which harms, and whether they happen.

Harms differ in kind, and the evidence on them differs too: meta-analyses of MSC injections
find more minor, transient reactions (pain and swelling of the knee for a few days) and no
more serious adverse events. So a claim about harms is read as one of three:

- NO_SERIOUS_HARM: "MSCs are safe", "well tolerated", "a low-risk option", "side effects are
  minimal", "no serious adverse events". In common use "safe" means no serious harm; more
  minor reactions neither bear it out nor deny it, unless the claim admits no exception
  ("completely safe", "no side effects at all");
- MINOR_HARMS_OCCUR: "some people may have temporary pain and swelling after the injection",
  "a patient will be sore for 24-48 hours": a claim that transient local reactions happen,
  judged on the evidence on adverse events (more of them is what it says), never on the
  treatment's effect on osteoarthritis pain;
- None: a claim that names no harm, or names one in some other way ("causes tumours"), which
  the generic comparison reads.
"""

from __future__ import annotations

import re
from enum import StrEnum


class HarmClaim(StrEnum):
    NO_SERIOUS_HARM = "no-serious-harm"
    MINOR_HARMS_OCCUR = "minor-harms-occur"


# A local reaction named as happening: soreness, swelling, stiffness or a flare, or pain or
# inflammation said to increase or to be mild or passing ("temporary increased pain").
_REACTION = re.compile(
    r"\b(?:sore(?:ness)?|swell\w*|swollen|stiff(?:ness)?|flare[- ]?ups?|flares?|bruis\w*|"
    r"(?:increased|more|some|mild|temporary|transient|short-lived)\s+(?:\w+\s+){0,2}?"
    r"(?:pain|discomfort|inflammation|achiness))\b",
    re.I,
)
# ... and said to pass, or to follow the injection
_PASSING = re.compile(
    r"\b(?:temporar\w*|transient\w*|short[- ]lived|brief\w*|passing|resolv\w*|subsid\w*|"
    r"for (?:a|the|one|two|\d+)\b[\w +-]{0,20}?\b(?:hours?|days?|weeks?)|"
    r"\d+\s*(?:-|to|–)\s*\d+\s*(?:hours?|days?)?|"
    r"after (?:the |an |each |your )?(?:procedure|injection|treatment)|post[- ]?injection|"
    r"afterwards?)\b",
    re.I,
)
# A benefit said of the same words ("relief of pain and swelling for weeks") is no harm.
_RELIEF = re.compile(r"\b(?:reliev\w*|relief|reduc\w*|decreas\w*|less|improv\w*|eas\w*)\b", re.I)
_DENIED = re.compile(r"\b(?:no|not|never|without|nor)\b[^,.;]{0,30}$", re.I)
# A verdict on safety ("safety was confirmed", "its safety has been well established"):
# "safety" alone names a topic ("the safety of a treatment depends on..."). Direction words
# read it as a claim (kg.claim_reading); here it is a claim of few harms, not of a benefit.
SAFETY_VERDICT = (
    r"safety (?:was|were|is|are|has been|have been) (?:\w+ ){0,2}?(?:confirmed|"
    r"demonstrated|established|shown|proven|excellent|good|favou?rable|acceptable)"
)
# Few, small or no harms, in the words people use for it.
_LOW_HARM = re.compile(
    r"\b(?:safe(?!ty)\w*|well[- ]tolerated|no (?:major |serious |significant )?(?:safety )?"
    rf"concerns?|{SAFETY_VERDICT}|"
    r"(?:low|small|minimal|little|negligible)[- ]risks?|"
    # "a favorable safety profile", "an excellent safety record"
    r"(?:favou?rable|good|excellent|reassuring|acceptable|clean)\s+safety\s+(?:profile|record)|"
    r"risks?\s+(?:is|are|was|were|remains?|seems?|appears?)\s+(?:\w+\s+)?"
    r"(?:minimal|small|low|negligible|rare|few)|"
    r"(?:side[- ]effects?|adverse (?:events?|effects?|reactions?)|complications?)"
    r"(?:\s+(?:of|from|with|after)\s+[^,.;]{0,60}?)?\s+"
    r"(?:is|are|were|was|seem|appear|tend to be)\s+(?:\w+\s+)?(?:minimal|rare|few|mild|minor|"
    r"uncommon|infrequent|small|low|negligible)|"
    # ("no significant adverse events": significant as in serious, not as in a test)
    r"(?:minimal|rare|few|mild|minor|little|no)\s+(?:serious\s+|severe\s+|major\s+|"
    r"significant\s+)?"
    r"(?:side[- ]effects?|adverse (?:events?|effects?|reactions?)|complications?|risks?))\b",
    re.I,
)


def without_harm_words(text: str) -> str:
    """`text` with its words for few or no harms blanked: what is left of "well tolerated,
    effective and safe" still claims a benefit, of "safe to use" none."""
    return _LOW_HARM.sub(" ", text)


def read_harm(text: str) -> HarmClaim | None:
    """Which kind of harm claim `text` makes, if it makes one."""
    reaction = _REACTION.search(text)
    if reaction and _PASSING.search(text) and not _RELIEF.search(text):
        if _DENIED.search(text[: reaction.start()]):
            return HarmClaim.NO_SERIOUS_HARM  # "no swelling afterwards"
        return HarmClaim.MINOR_HARMS_OCCUR
    if _LOW_HARM.search(text):
        return HarmClaim.NO_SERIOUS_HARM
    return None
