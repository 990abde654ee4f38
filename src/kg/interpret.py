"""Reading a question or a claim into a structured interpretation (PICO plus filters).

What is understood comes from the vocabularies (kg.terms) and from a few patterns the
vocabularies cannot hold: KL-grade ranges, years, sample sizes, timepoints, comparisons
("X vs Y") and negations ("without PRP"). Nothing here knows any particular sentence; an
interpretation lists what it read and what it could not place, so the answer can show it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import pairwise

from kg.study_names import StudyNames
from kg.terms import Concept, Mention, Vocabulary

_ROMAN = {"0": 0, "i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_GRADE = r"([0-4]|iv|i{1,3})"
_KL_RANGE = re.compile(
    rf"\b(?:kl|kellgren[- ]lawrence)\s*(?:grades?)?\s*{_GRADE}\s*(?:-|–|—|to|through)\s*"
    rf"(?:kl\s*)?{_GRADE}\b|\bgrades?\s*{_GRADE}\s*(?:-|–|—|to|through|and|or)\s*{_GRADE}\b",
    re.I,
)
# "mild to moderate knee osteoarthritis", "early to moderate OA": every grade from the first
# word's to the second's
# (each word's grade is the one the kl-grade vocabulary gives "<word> osteoarthritis")
_SEVERITY_RANGE = re.compile(
    r"\b(early|mild|moderate)[\s\-–—]*(?:to|or|and)?[\s\-–—]*(moderate|severe)\s+(?:knee\s+)?"
    r"(?:osteoarthritis|OA|knee OA|arthritis)\b",
    re.I,
)
# "early knee osteoarthritis", "early-stage OA", "early stages of knee OA": the first grades
# with changes on the radiograph, KL 1 and 2
_EARLY_OA = re.compile(
    r"\bearly(?:[- ]stages?(?:\s+of)?)?\s+(?:the\s+)?(?:knee\s+)?"
    r"(?:osteoarthritis|OA|KOA|knee OA|arthritis)\b",
    re.I,
)
_KL_SINGLE = re.compile(rf"\b(?:kl|kellgren[- ]lawrence)\s*(?:grade)?\s*-?\s*{_GRADE}\b", re.I)
_YEAR = r"((?:19|20)\d\d)"
_YEAR_PATTERNS = [
    (re.compile(rf"\bbetween\s+{_YEAR}\s+and\s+{_YEAR}\b", re.I), "range"),
    (re.compile(rf"\b{_YEAR}\s*(?:-|–|to)\s*{_YEAR}\b", re.I), "range"),
    (re.compile(rf"\b(?:since|from|in or after|as of)\s+{_YEAR}\b", re.I), "min"),
    (re.compile(rf"\b(?:after|later than|post)\s+{_YEAR}\b", re.I), "after"),
    (re.compile(rf"\b(?:before|earlier than|prior to|pre)\s+{_YEAR}\b", re.I), "before"),
    (re.compile(rf"\b(?:until|up to|through|by)\s+{_YEAR}\b", re.I), "max"),
    (re.compile(rf"\b(?:in|of|from)\s+{_YEAR}\b", re.I), "exact"),
]
_SIZE = re.compile(
    r"\b(more than|over|greater than|above|at least|no fewer than|>=|>|fewer than|less than|"
    r"under|below|at most|no more than|<=|<)\s*(\d[\d,]*)\s*"
    r"(patients|participants|subjects|people|knees|persons|individuals|adults|enrolled)?",
    re.I,
)
_N_EQUALS = re.compile(r"\bn\s*(>=|>|<=|<)\s*(\d+)", re.I)
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "twenty-four": 24,
    "thirty-six": 36,
}
_TIME = re.compile(
    r"\b(\d+(?:\.\d+)?)[- ]?(months?|mos?|years?|yrs?|weeks?|wks?)\b"
    rf"|\b({'|'.join(sorted(WORD_NUMBERS, key=len, reverse=True))})[- ](months?|years?|weeks?)\b",
    re.I,
)
# "long-term", and "mid-term" (in orthopaedics two to five years): at least two years
_LONG_TERM = re.compile(r"\b(?:long|mid|medium)[- ]term\b", re.I)
_COMPARE = re.compile(
    r"\b(vs\.?|versus|compared?|comparing|comparison|against|head[- ]to[- ]head|than|over|"
    r"relative to|with respect to|instead of|or|"
    # a title's verdict: "SVF Is Equivalent to HA", "PRP is not superior to saline"
    r"(?:equivalent|superior|inferior|non-?inferior|similar|comparable|equal)\s+to)\b",
    re.I,
)
_NEGATION = re.compile(
    r"\b(not|without|excluding|except|no|nor|never|other than|rather than|non|"
    r"fail(?:s|ed)? to)\b|n't\b",
    re.I,
)
_OPTIONAL = re.compile(r"\bwith or without\s+(?:the\s+)?(?:addition of\s+|added\s+)?$", re.I)
# "without PRP", "that don't involve PRP in any arm", "where no arm got HA", "other than
# reviews": a negation, then at most three words of plain grammar, then the excluded term.
_EXCLUSION = re.compile(
    # ("with or without PRP" leaves PRP open: neither asked for nor excluded)
    r"(?<!\bwith or )(?<!\bwith and )\b(without|excluding|except|other than|no|not|never|don't|"
    r"do not|does not|doesn't|"
    r"did not|didn't)\s+"
    r"(?:(?:any|an?|the|arms?|groups?|involv\w*|us\w*|got|get\w*|receiv\w*|includ\w*|"
    # what is spared, and how it is called: "does not require surgery", "no need for
    # costly, invasive surgery", "without major knee surgery"
    r"contain\w*|with|of|requir\w*|need\w*|for|costly|expensive|invasive|major|painful|risky|"
    r"unnecessary|open|knee|joint|and),?\s+){0,5}$",
    re.I,
)
_COUNT = r"(one|single|a single|two|three|four|1|2|3|4|repeated|multiple|several)"
_NOT_BETWEEN = r"(?!(?:weeks?|months?|years?|days?|after|before|per|of)\b)"
# "one versus two injections": arms that differ in their number of injections.
_INJECTIONS_COMPARED = re.compile(
    rf"\b{_COUNT}\s+(?:injections?\s+)?(?:versus|vs\.?|or|compared (?:with|to)|against)\s+"
    rf"{_COUNT}\s+(?:{_NOT_BETWEEN}[\w-]+\s+){{0,2}}?injections?\b",
    re.I,
)
# Arms that differ in dose: "two different doses", "low and high doses", "dose-ranging",
# "the maximum tolerated dose" (found by giving rising doses).
_DOSES_COMPARED = re.compile(
    r"\b(?:two|three|four|[234]|several|different|various|multiple|escalating|ascending|"
    r"increasing|rising|low(?:er)? and high(?:er)?|high(?:er)? and low(?:er)?)\s+"
    r"(?:different\s+)?(?:cell\s+)?(?:doses|dosages|dose levels)\b"
    r"|\bdose[- ](?:ranging|escalation|finding|response|comparison)\b"
    r"|\bmaximum tolerated dose\b|\bcompar\w* (?:the |two |different )?doses\b"
    # how the dose changes the effect: "the relationship between cell dose and treatment
    # outcome", "the effect of MSC dose on outcomes", "dose-dependent"
    r"|\brelationship between (?:the )?(?:cell |MSC )?doses? and\b|\bdose[- ]dependen\w*"
    r"|\b(?:effect|influence|impact) of (?:the )?(?:cell |MSC )?doses?\b"
    # the doses a treatment is given at, as a topic: "the doses of MSCs given",
    # "the optimal cell dose", "cell dosage"
    r"|\b(?:doses|dosages|dosing) of\b|\b(?:optimal|optimum|ideal|best|right) (?:cell )?"
    r"(?:doses?|dosages?|dosing)\b"
    # "low-dose MSCs", "a high dose": a dose only relative to another one
    r"|\b(?:low|high|medium|intermediate)(?:er)?[- ](?:cell[- ])?doses?\b",
    re.I,
)
# Cell products of different sources compared ("a superior source of stem cells", "the cell
# source", "MSCs of different tissue origins"): which source, not which dose or treatment.
_SOURCES_COMPARED = re.compile(
    r"\bsources?\s+of\s+(?:the\s+)?(?:stem\s+|stromal\s+|mesenchymal\s+|progenitor\s+){0,2}"
    r"(?:cells?|MSCs?)\b"
    r"|\b(?:cell|MSC|stem[- ]cell|tissue)\s+(?:sources?|origins?)\b"
    r"|\b(?:different|various|other)\s+(?:tissue\s+)?(?:sources|origins)\b",
    re.I,
)
# "an active-controlled trial", "against an active comparator": the control arm received
# another treatment, not a placebo
_ACTIVE_CONTROL = re.compile(r"\bactive[- ](?:controlled|comparators?|controls?)\b", re.I)
# Arms that differ in their number of injections, the numbers not given.
_COUNTS_COMPARED = re.compile(
    r"\bnumbers? of (?:\w+\s+){0,2}?injections\b|\bhow many injections\b"
    r"|\b(?:single|one)\s+(?:or|versus|vs\.?)\s+(?:multiple|repeated|several)\b"
    # "single, double, and triple doses of PRP": arms of one, two and three injections
    r"|\bsingle-?,?\s+(?:(?:and|or|versus|vs\.?)\s+)?double\b",
    re.I,
)
# ("these 2 injection therapies" counts treatments, not injections)
_INJECTIONS = re.compile(
    rf"\b{_COUNT}\s+(?:{_NOT_BETWEEN}[\w-]+\s+){{0,3}}?injections?\b"
    r"(?!\s+(?:therap(?:y|ies)|treatments?|methods?|techniques?|options?|types?|products?)\b)",
    re.I,
)
# "donor cells rather than the patient's own": the donor after it is left out.
_DONOR_EXCLUSION = re.compile(r"\b(rather than|instead of|not)\s+(?:the\s+)?$", re.I)
# "phase 3", "phase I/II", "phase I and II"
_PHASE = re.compile(
    r"\bphase\s*(iv|i{1,3}|[1-4])(?:\s*(?:[/-]|and|or|&)\s*(iv|i{1,3}|[1-4]))?(?:[ab])?\b", re.I
)
_DOSE = re.compile(
    r"\b(more than|over|above|at least|no fewer than|fewer than|less than|under|below|"
    r"at most|no more than|up to)\s*(\d+(?:\.\d+)?)\s*(million|billion|M)\b",
    re.I,
)
_FOLLOW_UP = re.compile(r"\bfollow[- ]?ups?\b|\bfollowed\b|\b(?:long|mid|medium)[- ]term\b", re.I)
SCHEMES = (
    "design",
    "intervention",
    "outcome",
    "kl-grade",
    "direction",
    "certainty",
    "donor",
    "scope",
)
# Subgroups by a number ("aged over 75", "BMI above 35"): read as the scope concepts the
# vocabulary defines for them, before the number is taken for a sample size or a timepoint.
_SUBGROUPS = (
    (
        re.compile(
            r"\b(?:aged?|age of)\s*(?:over|above|under|below|older than|younger than|>=?|<=?|≥|≤)"
            r"\s*\d+(?:\s*(?:years?|yrs?)(?:\s*old)?)?"
            r"|\b(?:over|above|under|below|older than|younger than)\s+\d+\s*"
            r"(?:years? old|years of age)"
            r"|\b\d+\s*(?:years? old|years of age)\s*(?:or|and)\s*"
            r"(?:over|older|above|younger|under)",
            re.I,
        ),
        "age-subgroup",
    ),
    (
        re.compile(
            r"\b(?:BMI|body mass index)\s*(?:of|over|above|under|below|>=?|<=?|≥|≤)\s*\d+(?:\.\d+)?"
            r"(?:\s*kg/m2|\s*kg/m²)?",
            re.I,
        ),
        "bmi-subgroup",
    ),
)


class OrderKey(StrEnum):
    """What a superlative ranks studies by."""

    SAMPLE_SIZE = "sample size"
    YEAR = "year"
    FOLLOW_UP = "follow-up"


@dataclass(frozen=True)
class Ordering:
    """ "the largest trial", "the three most recent reviews", "longest follow-up": studies
    ranked by one recorded value, and how many of the top are asked for (None: all, ranked).
    Studies tied with the last one shown are shown too."""

    key: OrderKey
    descending: bool
    limit: int | None

    @property
    def first(self) -> str:
        """What the top of the ranking is called: "largest", "most recent"."""
        ends = {
            OrderKey.SAMPLE_SIZE: ("largest", "smallest"),
            OrderKey.YEAR: ("most recent", "earliest"),
            OrderKey.FOLLOW_UP: ("longest follow-up", "shortest follow-up"),
        }[self.key]
        return ends[0] if self.descending else ends[1]

    def describe(self) -> str:
        """ "the 3 most recent, by year"; "ranked by sample size, largest first"."""
        if not self.limit:
            return f"ranked by {self.key.value}, {self.first} first"
        count = f"{self.limit} " if self.limit > 1 else ""
        by = "" if self.key is OrderKey.FOLLOW_UP else f", by {self.key.value}"
        return f"the {count}{self.first}{by}"

    def to_json(self) -> dict:
        return {
            "by": self.key.value,
            "descending": self.descending,
            "limit": self.limit,
            "text": self.describe(),
        }


@dataclass
class Interpretation:
    """What a question or claim was read as; every list holds vocabulary concepts."""

    text: str
    designs: list[Concept] = field(default_factory=list)
    interventions: list[Concept] = field(default_factory=list)
    comparison: list[Concept] = field(default_factory=list)  # ≥ 2: head to head
    # The pairs a study may compare head to head to answer: one pair for "X vs Y"; for "A
    # compared with B, C and D" each of B, C, D against A; for "A, B or C compared" every pair.
    compared_pairs: list[tuple[Concept, Concept]] = field(default_factory=list)
    combined: list[Concept] = field(default_factory=list)  # 2: given together in one arm
    alone: list[Concept] = field(default_factory=list)  # "PRP alone": an arm with nothing added
    alternatives: list[Concept] = field(default_factory=list)  # "either X or Y": one suffices
    excluded: list[Concept] = field(default_factory=list)
    kl_grades: list[Concept] = field(default_factory=list)
    outcomes: list[Concept] = field(default_factory=list)
    directions: list[Concept] = field(default_factory=list)
    donors: list[Concept] = field(default_factory=list)
    excluded_donors: list[Concept] = field(default_factory=list)
    excluded_designs: list[Concept] = field(default_factory=list)
    certainties: list[Concept] = field(default_factory=list)
    phases: list[int] = field(default_factory=list)  # trial phases as numbers (3 for III)
    dose_min: float | None = None  # cells per injection
    dose_max: float | None = None
    injections: list[int | None] = field(default_factory=list)  # per arm; None: more than one
    doses_compared: bool = False  # "two different doses", "maximum tolerated dose": arms by dose
    injection_counts_compared: bool = False  # "the number of injections": arms by count
    sources_compared: bool = False  # "a superior source of stem cells": cell products compared
    active_control: bool = False  # "active-controlled": an arm of another, active treatment
    image_guided: bool = False  # "ultrasound-guided injections": an arm recorded as guided
    unknown_studies: list[str] = field(default_factory=list)  # "Keeling et al.", not held
    # "Product Q-12 compared with saline": a compared side that no term of the graph names
    unknown_sides: list[str] = field(default_factory=list)
    # "one hyaluronate vs another": two products the graph records as one treatment
    same_sides: list[tuple[str, str]] = field(default_factory=list)
    studies: list[str] = field(default_factory=list)  # ids of studies named in the text
    study_spans: list[tuple[int, int]] = field(default_factory=list)  # where they are named
    # ... those named so that no other study is meant: by acronym, registration, or an author
    # with the year (kg.study_names.StudyMention.firm)
    firmly_named: list[str] = field(default_factory=list)
    outside: list[Concept] = field(default_factory=list)  # topics outside the graph (scope)
    mechanisms: list[Concept] = field(default_factory=list)  # "growth factors": how it acts
    year_min: int | None = None
    year_max: int | None = None
    size_min: int | None = None
    size_max: int | None = None
    timepoint_months: float | None = None
    follow_up_min_months: float | None = None
    order: Ordering | None = None  # a superlative: "the largest", "most recent"
    negated: bool = False
    read_as: list[dict] = field(default_factory=list)
    unknown: list[dict] = field(default_factory=list)
    # concept id → where read (start), and its words (start, end): the starts are read in
    # the claim's inner loops, so they are kept, not derived on every look
    positions: dict[str, list[int]] = field(default_factory=dict)
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def without_study_names(self) -> str:
        """The text with the studies' names blanked: "RESTORE" is a name, not a verb."""
        text = self.text
        for start, end in self.study_spans:
            text = text[:start] + " " * (end - start) + text[end:]
        return text

    @property
    def understood(self) -> bool:
        return any(
            (
                self.designs,
                self.studies,
                self.outside,
                self.mechanisms,
                self.interventions,
                self.kl_grades,
                self.outcomes,
                self.year_min,
                self.year_max,
                self.size_min,
                self.size_max,
                self.timepoint_months,
                self.follow_up_min_months,
                self.order,
                self.donors,
                self.certainties,
                self.phases,
                self.dose_min,
                self.dose_max,
                self.injections,
                self.doses_compared,
                self.injection_counts_compared,
                self.sources_compared,
                self.active_control,
                self.image_guided,
            )
        )

    def to_json(self) -> dict:
        def ids(concepts: list[Concept]) -> list[dict]:
            return [{"id": c.id, "label": c.label, "iri": c.iri} for c in concepts]

        return {
            "designs": ids(self.designs),
            "interventions": ids(self.interventions),
            "comparison": ids(self.comparison),
            "compared_pairs": [[a.id, b.id] for a, b in self.compared_pairs],
            "combined": ids(self.combined),
            "alone": ids(self.alone),
            "alternatives": ids(self.alternatives),
            "excluded": ids(self.excluded),
            "kl_grades": ids(self.kl_grades),
            "outcomes": ids(self.outcomes),
            "directions": ids(self.directions),
            "donors": ids(self.donors),
            "excluded_donors": ids(self.excluded_donors),
            "excluded_designs": ids(self.excluded_designs),
            "certainties": ids(self.certainties),
            "phases": list(self.phases),
            "dose_cells_min": self.dose_min,
            "dose_cells_max": self.dose_max,
            "injections": list(self.injections),
            "doses_compared": self.doses_compared,
            "injection_counts_compared": self.injection_counts_compared,
            "sources_compared": self.sources_compared,
            "active_control": self.active_control,
            "image_guided": self.image_guided,
            "studies": list(self.studies),
            "unknown_studies": list(self.unknown_studies),
            "unknown_sides": list(self.unknown_sides),
            "same_sides": [list(pair) for pair in self.same_sides],
            "outside_scope": ids(self.outside),
            "mechanisms": ids(self.mechanisms),
            "year_min": self.year_min,
            "year_max": self.year_max,
            "sample_size_min": self.size_min,
            "sample_size_max": self.size_max,
            "timepoint_months": self.timepoint_months,
            "follow_up_min_months": self.follow_up_min_months,
            "order": self.order.to_json() if self.order else None,
            "negated": self.negated,
            "read_as": self.read_as,
            "unknown_terms": self.unknown,
        }


_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"'})


def plain_quotes(text: str) -> str:
    """`text` with typographic apostrophes and quotes as plain ones ("isn’t" → "isn't"),
    character for character, so every rule reads web text as it reads typed text and every
    offset still points into the original."""
    return text.translate(_TYPOGRAPHIC)


def interpret(text: str, vocab: Vocabulary, names: StudyNames | None = None) -> Interpretation:
    """Read `text`; named studies and patterns first (their spans are not looked up again,
    except a study name that is also a vocabulary name, such as a product), then terms."""
    text = plain_quotes(text)
    out = Interpretation(text=text)
    masked = _read_studies(text, out, vocab, names) if names else text
    masked = _SELF_REFERENCE.sub(lambda m: " " * len(m.group(0)), masked)
    masked = _IDIOMS.sub(lambda m: " " * len(m.group(0)), masked)
    masked = _read_patterns(masked, out, vocab)
    # (what the trial was controlled with is a condition all the same: "a randomized placebo
    # controlled pilot study" of BMAC asks for a trial with a placebo arm)
    controls = [
        c[1] for m in _RANDOMISED_TRIAL.finditer(masked) for c in _CONTROLLED.finditer(m[1])
    ]
    masked = _RANDOMISED_TRIAL.sub(
        lambda m: m[0][: m.start(1) - m.start()] + " " * len(m[1]), masked
    )
    found = vocab.find(masked, SCHEMES)
    mentions = _drop_modifiers(_drop_generic(found, masked), masked)
    mentions = _drop_restated(_merge_abbreviations(mentions, masked), masked)
    # "MSCs with or without PRP": the optional treatment is neither asked for nor excluded
    mentions = [m for m in mentions if not _OPTIONAL.search(masked[max(0, m.start - 40) : m.start])]
    excluding: Mention | None = None  # the last mention excluded, for a list that follows it
    for mention in sorted(mentions, key=lambda m: m.start):
        listed = excluding is not None and bool(
            _LISTED.match(masked[excluding.end : mention.start])
        )
        excluding = mention if _place(mention, masked, out, listed) else None
        if mention.read_as:
            out.read_as.append({"text": mention.text, "read_as": mention.read_as})
    for control in controls:
        for mention in vocab.find(control, ("intervention",)):
            _add(out.interventions, mention.first("intervention"))
    if (
        not out.designs
        and re.search(r"\btrials?\b", masked, re.I)
        and "primary-study" in vocab.concepts
    ):
        out.designs.append(vocab.get("primary-study"))  # "trials": primary studies, not reviews
    interventions = [m for m in mentions if m.first("intervention")]
    out.alternatives = _alternatives(masked, interventions)
    if len(out.interventions) >= 2 and not out.alternatives and _compares(masked, interventions):
        # The umbrella of the compared ("MSCs" beside "BM-MSCs and AT-MSCs") is no side.
        out.comparison = [
            c for c in out.interventions
            if not any(d is not c and d.within(c.id) for d in out.interventions)
        ]  # fmt: skip
        out.interventions = [
            c for c in out.interventions if c in out.comparison or c not in _umbrellas(out)
        ]
    out.combined = _combined(masked, interventions)
    out.alone, masked = _alone(masked, interventions)
    out.compared_pairs = _compared_pairs(masked, interventions, out)
    excluded = out.excluded or out.excluded_designs or out.excluded_donors
    out.negated = bool(_NEGATION.search(masked)) and not excluded  # an exclusion is no negation
    out.unknown = vocab.unknown_words(masked, found + mentions)  # a dropped name is known
    if len(out.interventions) == 1:
        out.unknown_sides = _unknown_sides(masked, found + mentions, out.unknown)
        if not (
            out.unknown_sides
            or out.doses_compared
            or out.injection_counts_compared
            or out.sources_compared
            or len(out.donors) > 1
        ):
            out.same_sides = _same_sides(masked, found + mentions)
    if _KNEE_OA.search(text):  # "for tendinopathy or knee OA": the knee OA part is in scope
        out.outside = [c for c in out.outside if c.id not in _OTHER_PLACES]
    elif _KNEE.search(text):  # "in the knees and hip": the knee part is in scope
        out.outside = [c for c in out.outside if c.id != "other-joint"]
    elif _OA.search(text) and not any(c.id == "other-joint" for c in out.outside):
        # "for Crohn's disease and osteoarthritis": the osteoarthritis part is in scope
        out.outside = [c for c in out.outside if c.id != "other-condition"]
    if _CLINICAL.search(text) or _KNEE_OA.search(text):  # people with knee OA are in scope
        out.outside = [c for c in out.outside if c.id not in _BACKGROUND]
    # "growth factors that stimulate tissue repair": the biology said to explain an effect,
    # which no study of the graph measured; kept apart from the topics that put a claim
    # outside the graph, because a claim that states it is still a claim about the effect
    out.mechanisms = [c for c in out.outside if c.id == _MECHANISM]
    out.outside = [c for c in out.outside if c.id != _MECHANISM]
    return out


# ------------------------------------------------------------------ named studies


_PRODUCTS_READ = 8  # a sentence names a few products; a hostile one is not read for more
_MARKED_PRODUCT = re.compile(r"\b([A-Za-z][\w-]{0,40})\s?[®™](?:\s?([A-Z][A-Za-z0-9-]{1,40})\b)?")


# A product named by its code ("MAG200", "CYP-004"), when the words around it say it is one
_PRODUCT_CODE = re.compile(r"\b[A-Z]{2,6}-?\d{2,4}[A-Z]?\b")
_PRODUCT_CONTEXT = re.compile(r"\b(?:of|with|called|named|product|trial of)\s*$|['’]s\s*$", re.I)
_PRODUCT_AFTER = re.compile(
    r"(?:,\s*(?:[\w'’()-]+\s+){0,6}?|\s+)(?:product|therapy|treatment|cells?|injections?)\b", re.I
)


def _read_studies(text: str, out: Interpretation, vocab: Vocabulary, names: StudyNames) -> str:
    """The studies the text names. Several names that share studies narrow each other
    ("Park's Cartistem study": Park and Cartistem both name park-2017); names with nothing
    in common ("Lamo-Espinosa 2018 ... the CMM-ART trial") add up."""
    mentions = names.find(text)
    sets = [set(m.studies) for m in mentions]
    common = set.intersection(*sets) if sets else set()
    chosen = common or set().union(*sets)
    out.studies = sorted(chosen)
    out.study_spans = [(m.start, m.end) for m in mentions]
    out.firmly_named = sorted(chosen & {s for m in mentions if m.firm for s in m.studies})
    out.unknown_studies = names.unknown(text)
    for product in itertools.islice(_MARKED_PRODUCT.finditer(text), _PRODUCTS_READ):
        # "nSTRIDE®APS": a product by its trade mark that no study and no term of the graph
        # names; what is said of it rests on studies the graph does not hold
        name = " ".join(part for part in product.groups() if part)
        if name in out.unknown_studies:
            continue
        # "Gel-One® crosslinked hyaluronate": a brand of a treatment the graph knows, named
        # by the words after it, is that treatment, not another study's product
        after = " ".join(text[product.end() :].split()[:3])
        if vocab.find(after, ("intervention",)):
            continue
        if not (names.find(product.group(0)) or vocab.find(name) or vocab.find(product[1])):
            out.unknown_studies.append(name)
    for code in itertools.islice(_PRODUCT_CODE.finditer(text), _PRODUCTS_READ):
        # "the efficacy of MAG200, ... stem cell therapy", "Magellan's MAG200 product": a
        # product by its code that no study or term of the graph names
        name = code.group(0)
        said_of = _PRODUCT_CONTEXT.search(text[max(0, code.start() - 12) : code.start()]) or (
            _PRODUCT_AFTER.match(text, code.end())
        )
        if (
            said_of
            and name not in out.unknown_studies
            and not (names.find(name) or vocab.find(name))
        ):
            out.unknown_studies.append(name)
    masked = text
    for m in mentions:
        if m.by_journal or not vocab.find(m.text):
            masked = masked[: m.start] + " " * (m.end - m.start) + masked[m.end :]
    return masked


# ------------------------------------------------------------------ patterns


def _read_patterns(text: str, out: Interpretation, vocab: Vocabulary) -> str:
    """Fill what the patterns find and return `text` with those spans blanked: each reader
    takes the text as the ones before it left it, so a span is read once."""
    masked = _read_subgroups(text, out, vocab)
    masked = _read_order(masked, out)
    masked = _read_kl_grades(text, masked, out, vocab)
    masked = _read_grade_system(masked, out, vocab)
    masked = _read_guidance(masked, out)
    masked = _read_surgery_avoided(masked, out, vocab)
    for read in (_read_years, _read_phases, _read_injections, _read_doses, _read_sizes):
        masked = read(masked, out)
    return _read_times(masked, out)


def _read_subgroups(masked: str, out: Interpretation, vocab: Vocabulary) -> str:
    for pattern, concept_id in _SUBGROUPS:
        for match in pattern.finditer(masked):
            if concept_id in vocab.concepts:
                _add(out.outside, vocab.get(concept_id))
                masked = _blank(masked, match)
    return masked


_RANK_WORDS: dict[str, tuple[OrderKey, bool]] = {
    "largest": (OrderKey.SAMPLE_SIZE, True),
    "biggest": (OrderKey.SAMPLE_SIZE, True),
    "smallest": (OrderKey.SAMPLE_SIZE, False),
    "most recent": (OrderKey.YEAR, True),
    "most recently published": (OrderKey.YEAR, True),
    "latest": (OrderKey.YEAR, True),
    "newest": (OrderKey.YEAR, True),
    "earliest": (OrderKey.YEAR, False),
    "oldest": (OrderKey.YEAR, False),
    "longest follow-up": (OrderKey.FOLLOW_UP, True),
    "longest": (OrderKey.FOLLOW_UP, True),
    "shortest follow-up": (OrderKey.FOLLOW_UP, False),
    "shortest": (OrderKey.FOLLOW_UP, False),
    "most participants": (OrderKey.SAMPLE_SIZE, True),
    "most patients": (OrderKey.SAMPLE_SIZE, True),
    "fewest participants": (OrderKey.SAMPLE_SIZE, False),
    "fewest patients": (OrderKey.SAMPLE_SIZE, False),
}
_NUMBER_WORD = "|".join([r"\d+", *WORD_NUMBERS])
_RANK_ALTERNATIVES = "|".join(
    re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", "[- ]?")
    for w in sorted(_RANK_WORDS, key=len, reverse=True)
)
_RANK = re.compile(
    rf"\b(?:(?:the\s+)?(?:top\s+)?(?P<count>{_NUMBER_WORD})\s+)?(?P<rank>{_RANK_ALTERNATIVES})"
    r"(?:[- ]?(?:running|lasting))?\b(?P<after>(?:\s+[\w-]+){0,4})",
    re.I,
)
_PLURAL_NOUN = re.compile(
    r"\b(trials|studies|reviews|meta-analyses|rcts|papers|publications)\b", re.I
)
_SINGULAR_NOUN = re.compile(r"\b(trial|study|review|meta-analysis|rct|paper|publication)\b", re.I)


def _read_order(masked: str, out: Interpretation) -> str:
    """A superlative ranks the studies: "the largest RCT" (the top one), "the three most
    recent reviews" (the top three), "largest trials" (all, ranked). The noun after it
    says one or many; "the longest follow-up" is a rank, not the follow-up design."""
    match = _RANK.search(masked)
    if not match:
        return masked
    words = re.sub(r"[\s-]+", " ", match.group("rank").lower())
    key, descending = next(v for w, v in _RANK_WORDS.items() if re.sub(r"[\s-]+", " ", w) == words)
    count = match.group("count")
    after = match.group("after") or ""
    if count:
        limit: int | None = int(count) if count.isdigit() else WORD_NUMBERS[count.lower()]
    else:
        limit = 1 if _one_asked(after, masked[: match.start()]) else None
    out.order = Ordering(key, descending, limit)
    end = match.end("rank")
    masked = masked[: match.start()] + " " * (end - match.start()) + masked[end:]
    if key is OrderKey.FOLLOW_UP:  # "longest (duration of) follow-up" is the rank's value
        masked = re.sub(
            r"\b(?:duration\s+of\s+)?follow[- ]?ups?\b|[- ]?(?:running|lasting)\b",
            lambda m: " " * len(m.group()),
            masked,
        )
    return masked


def _one_asked(after: str, before: str) -> bool:
    """Whether the noun a superlative ranks is singular: the next noun ("the largest
    trial"), else the last one before it ("which RCTs had the most participants?")."""
    nouns = [(m.start(), True) for m in _SINGULAR_NOUN.finditer(after)]
    nouns += [(m.start(), False) for m in _PLURAL_NOUN.finditer(after)]
    if nouns:
        return min(nouns)[1]
    nouns = [(m.end(), True) for m in _SINGULAR_NOUN.finditer(before)]
    nouns += [(m.end(), False) for m in _PLURAL_NOUN.finditer(before)]
    return max(nouns)[1] if nouns else True


# "GRADE" written in capitals is the rating system ("reviews that used GRADE"); in lower case
# the word is a KL grade or a tumour's, so it is read by case here, not by the vocabulary.
_GRADE_SYSTEM = re.compile(
    r"\bGRADE\b(?:[- ](?:approach|certainty|rating|ratings|assessment|methodology|system|"
    r"framework|evidence profiles?|tables?))?"
)


_GUIDED = re.compile(
    r"\b(?:ultrasound|sonographic(?:ally)?|image|imaging|fluoroscopic(?:ally)?|fluoroscopy)"
    r"[- ]guid(?:ed|ance)\b|\bguided by (?:ultrasound|imaging|fluoroscopy)\b"
    r"|\bunder (?:ultrasound|fluoroscopy|imaging)(?: guidance)?\b|\bguided\b(?=\s+injections?\b)",
    re.I,
)


def _read_guidance(masked: str, out: Interpretation) -> str:
    """ "ultrasound-guided", "under fluoroscopy": arms whose injection was image-guided."""
    for match in _GUIDED.finditer(masked):
        out.image_guided = True
        masked = _blank(masked, match)
    return masked


def _read_grade_system(masked: str, out: Interpretation, vocab: Vocabulary) -> str:
    for match in _GRADE_SYSTEM.finditer(masked):
        if "grade-rated" in vocab.concepts:
            _add(out.certainties, vocab.get("grade-rated"))
            masked = _blank(masked, match)
    return masked


def _read_kl_grades(text: str, masked: str, out: Interpretation, vocab: Vocabulary) -> str:
    """ "KL II-III" (read on the whole text) and single grades ("KL 3")."""
    grades = {c.grade: c for c in vocab.in_scheme("kl-grade") if c.grade is not None}
    for match in _KL_RANGE.finditer(text):
        lo, hi = (_ROMAN[g.lower()] for g in match.groups() if g)
        for g in range(min(lo, hi), max(lo, hi) + 1):
            _add(out.kl_grades, grades.get(g))
        masked = _blank(masked, match)
    for match in _SEVERITY_RANGE.finditer(masked):
        low, high = (_severity_grade(word, vocab) for word in match.groups())
        if low is None or high is None:
            continue
        for g in range(low, high + 1):
            _add(out.kl_grades, grades.get(g))
        masked = _blank(masked, match)
    for match in _EARLY_OA.finditer(masked):
        for g in (1, 2):
            _add(out.kl_grades, grades.get(g))
        masked = _blank(masked, match)
    for match in _KL_SINGLE.finditer(masked):
        _add(out.kl_grades, grades.get(_ROMAN[match.group(1).lower()]))
        masked = _blank(masked, match)
    return masked


def _severity_grade(word: str, vocab: Vocabulary) -> int | None:
    """The grade the vocabulary names "<word> osteoarthritis" ("mild" is KL 2); "early" is
    the first grade of early OA (KL 1, as _EARLY_OA reads it)."""
    if word.lower() == "early":
        return 1
    for mention in vocab.find(f"{word} osteoarthritis", ("kl-grade",)):
        concept = mention.first("kl-grade")
        if concept is not None and concept.grade is not None:
            return concept.grade
    return None


# "put off or even prevent a knee replacement", "avoid surgery", "reduce a
# person's need for surgery": the operation is what the treatment is said to spare, an outcome
# (conversion to arthroplasty), not a treatment set against it
_SURGERY_AVOIDED = re.compile(
    r"\b(?:delay(?:s|ed|ing)?|avoid(?:s|ed|ing)?|postpon(?:e|es|ed|ing)|prevent(?:s|ed|ing)?|"
    r"defer(?:s|red|ring)?|reduc(?:e|es|ed|ing)|eliminat(?:e|es|ed|ing)|negat(?:e|es|ed|ing)|"
    r"get(?:ting)?\s+rid\s+of|push(?:ing)?\s+back|put(?:ting)?\s+off|stav(?:e|ing)\s+off|"
    r"spar(?:e|es|ed|ing)|need(?:s|ed)?|needing)"
    r"(?:\s+or\s+(?:even\s+)?\w+)?(?:\s+(?:even|entirely|altogether|completely))?"
    r"(?:\s+(?:the|a|an|one's|their|his|her|your|(?:a\s+)?(?:person|patient)['’]s))?"
    r"(?:\s+need\s+for)?(?:\s+(?:a|an|the|further|future|more|major|invasive|surgical))?"
    r"(?:\s+(?:total|partial|major|invasive|orthopa?edic|knee|joint|more)){0,3}"
    r"\s+(?:replacements?(?:\s+surger(?:y|ies))?|arthroplast(?:y|ies)|TKA|TKR|"
    r"surger(?:y|ies)|operations?)\b",
    re.I,
)
_TKA_CONVERSION = "tka-conversion"


def _read_surgery_avoided(masked: str, out: Interpretation, vocab: Vocabulary) -> str:
    if _TKA_CONVERSION not in vocab.concepts:
        return masked
    for match in _SURGERY_AVOIDED.finditer(masked):
        _add(out.outcomes, vocab.get(_TKA_CONVERSION))
        masked = _blank(masked, match)
    return masked


def _read_years(masked: str, out: Interpretation) -> str:
    for pattern, kind in _YEAR_PATTERNS:
        for match in pattern.finditer(masked):
            years = [int(y) for y in match.groups()]
            if kind == "range":
                out.year_min, out.year_max = min(years), max(years)
            elif kind in ("min", "after"):
                out.year_min = years[0] + (kind == "after")
            elif kind in ("max", "before"):
                out.year_max = years[0] - (kind == "before")
            else:
                out.year_min = out.year_max = years[0]
            masked = _blank(masked, match)
    return masked


def _read_phases(masked: str, out: Interpretation) -> str:
    for match in _PHASE.finditer(masked):
        for numeral in match.groups():
            if numeral and _ROMAN[numeral.lower()] not in out.phases:
                out.phases.append(_ROMAN[numeral.lower()])
        masked = _blank(masked, match)
    return masked


def _read_injections(masked: str, out: Interpretation) -> str:
    """Doses or numbers of injections compared, and a number of injections asked for."""
    for dose in _DOSES_COMPARED.finditer(masked):  # every one: "low-dose ... high-dose"
        out.doses_compared = True
        masked = _blank(masked, dose)
    if compared := _COUNTS_COMPARED.search(masked):
        out.injection_counts_compared = True
        masked = _blank(masked, compared)
    if _SOURCES_COMPARED.search(masked):  # the words stay: "stem cells" is still the treatment
        out.sources_compared = True
    if compared := _ACTIVE_CONTROL.search(masked):
        out.active_control = True
        masked = _blank(masked, compared)
    for pattern in (_INJECTIONS_COMPARED, _INJECTIONS):
        for match in pattern.finditer(masked):
            if not out.injections:
                out.injections = [_count(g) for g in match.groups()]
            # the words between the count and "injections" ("repeated MSC injections") are
            # still read as terms
            noun = match.start() + match.group(0).lower().rfind("injection")
            assert match.lastindex is not None  # the patterns end in a count group
            between = (match.end(match.lastindex), noun)
            masked = _blank(masked, match, keep=between)
    return masked


def _read_doses(masked: str, out: Interpretation) -> str:
    for match in _DOSE.finditer(masked):
        word, unit = match.group(1).lower(), match.group(3).lower()
        cells = float(match.group(2)) * (1e9 if unit == "billion" else 1e6)
        if word in ("more than", "over", "above"):
            out.dose_min = cells + 1
        elif word in ("at least", "no fewer than"):
            out.dose_min = cells
        elif word in ("fewer than", "less than", "under", "below"):
            out.dose_max = cells - 1
        else:
            out.dose_max = cells
        masked = _blank(masked, match)
    return masked


def _read_sizes(masked: str, out: Interpretation) -> str:
    for match in list(_SIZE.finditer(masked)) + list(_N_EQUALS.finditer(masked)):
        after = masked[match.end() : match.end() + 12].lower()
        if re.match(r"\s*(months?|years?|weeks?|mos?|yrs?|%|percent|points?|mm|cm)", after):
            continue
        word, number = match.group(1).lower(), int(match.group(2).replace(",", ""))
        if word in ("more than", "over", "greater than", "above", ">"):
            out.size_min = number + 1
        elif word in ("at least", "no fewer than", ">="):
            out.size_min = number
        elif word in ("fewer than", "less than", "under", "below", "<"):
            out.size_max = number - 1
        else:
            out.size_max = number
        masked = _blank(masked, match)
    return masked


def _read_times(masked: str, out: Interpretation) -> str:
    """A timepoint ("at 12 months") or a length of follow-up ("for 5 years", "long-term")."""
    for match in _TIME.finditer(masked):
        months = _months(match)
        before = masked[max(0, match.start() - 30) : match.start()].lower()
        if re.search(r"\b(aged?|age of)\s*$", before):  # "aged 50 years": an age, not a time
            masked = _blank(masked, match)
            continue
        # "at 12 months" is a timepoint; "for", "over", "up to 5 years" a length of follow-up
        if _FOLLOW_UP.search(masked) or re.search(
            r"(at least|beyond|longer than|more than|over|for|up to|through|until)\s*$", before
        ):
            out.follow_up_min_months = months
        else:
            out.timepoint_months = months
        masked = _blank(masked, match)
    if _LONG_TERM.search(masked) and out.follow_up_min_months is None:
        out.follow_up_min_months = 24.0
    if out.follow_up_min_months is not None:  # "5 years of follow-up" is a length, not a design
        masked = re.sub(
            r"\b(?:of\s+)?follow[- ]?ups?\b", lambda m: " " * len(m.group()), masked, flags=re.I
        )
    return masked


def _count(word: str) -> int | None:
    """'two', '2', 'a single' → the number; 'repeated', 'multiple' → None (more than one)."""
    word = word.lower().removeprefix("a ").replace("single", "one")
    return int(word) if word.isdigit() else WORD_NUMBERS.get(word)


def _months(match: re.Match) -> float:
    if match.group(1):
        value, unit = float(match.group(1)), match.group(2).lower()
    else:
        value, unit = float(WORD_NUMBERS[match.group(3).lower()]), match.group(4).lower()
    if unit.startswith(("y",)):
        return value * 12
    if unit.startswith("w"):
        return round(value / 4.345, 1)
    return value


def _blank(text: str, match: re.Match, keep: tuple[int, int] | None = None) -> str:
    """Replace a matched span by spaces (but `keep`), so offsets stay and words are not read
    twice."""
    start, end = match.start(), match.end()
    blanked = text[:start] + " " * (end - start) + text[end:]
    if keep is not None:
        blanked = blanked[: keep[0]] + text[keep[0] : keep[1]] + blanked[keep[1] :]
    return blanked


# ------------------------------------------------------------------ terms


_KNEE_OA = re.compile(
    r"\bknee (?:joint )?(?:osteoarthritis|OA)\b|\bosteoarthritis of the knee\b|\bKOA\b", re.I
)
_OA = re.compile(r"\b(?:(?i:osteoarthritis)|OA)\b")
_OTHER_PLACES = frozenset({"other-joint", "other-condition"})
# Background topics: beside people with knee OA (or trials in them) they are not the subject
_BACKGROUND = frozenset({"preclinical", "cell-biology", "animals", "product-preparation"})
_MECHANISM = "mechanism"  # the scope concept of how an injection acts in the tissue
_KNEE = re.compile(r"\bknees?\b", re.I)
# Studies in people: beside them, "preclinical" is background, not what is asked about
_CLINICAL = re.compile(
    r"(?<![\w-])clinical\s+(?:studies|study|trials?|research|evidence|use|results|outcomes|data|"
    r"applications?)\b"
    r"|\b(?:patients?|participants?|humans?|people|adults)\b",
    re.I,
)


# "a prospective, randomized, double-blind, active-controlled, phase IIb clinical trial": the
# words describing how a randomised trial was run (group 1) stand between "randomized" and
# "trial"; they are set aside so that the design reads as randomised (not as the bare
# "controlled clinical trial" of "active-controlled, ... clinical trial")
_RANDOMISED_TRIAL = re.compile(
    r"(?<![\w-])(?<!non )randomi[sz]ed"
    r"((?:[\s,]+(?:and\s+)?(?:(?:double|single|triple|assessor|observer)[- ]blind(?:ed)?|"
    r"blinded|[\w]+[- ]controlled|controlled|prospective|multi-?cent(?:er|re)|open[- ]label|"
    r"parallel(?:[- ]group)?|pilot|comparative|crossover|dose[- ]ranging)){1,8}[\s,]*)"
    r"(?=\s*(?:clinical\s+)?(?:trials?|study|studies)\b)",
    re.I,
)
_CONTROLLED = re.compile(r"\b(placebo|sham|saline)[- ]controlled\b", re.I)


# Phrases whose words name no term ("On the other hand, the high-dose group improved": no
# hand; "hand in hand", "first-hand", "hands-on", "the task at hand")
_IDIOMS = re.compile(
    r"\bon (?:the )?(?:other|one) hand\b|\bhand[- ]in[- ]hand\b|\b(?:first|second)[- ]?hand\b"
    r"|\bhands[- ]on\b|\bat hand\b",
    re.I,
)
# The writer's own study, not a condition on the studies asked for: "this meta-analysis aimed
# to...", "the present systematic review", "we conducted an open-label trial", "The study is a
# multicenter trial conducted to compare...", "... using meta-analysis".
_SELF_REFERENCE = re.compile(
    r"\b(?:this|the present|the current|our|the proposed|the present)\s+(?:\w+[- ]?){0,3}?"
    r"(?:systematic review|meta-analysis|review|study|trial|analysis|research)\b"
    r"|\bwe\s+(?:conducted|performed|carried out|initiated|undertook|designed|report|present|"
    r"aimed to|sought to)\b(?:\s+(?:an?|the)?\s*(?:\w+[- ]?){0,4}?"
    r"(?:systematic review|meta-analysis|review|study|trial))?"
    r"|\bthe study is an?\s+(?:\w+[- ]?){0,3}?(?:trial|study)\b"
    # the writer's method: "by reviewing the literature and using meta-analysis", "the
    # purpose of the present study was to systematically review the outcomes"
    r"|\b(?:by|using|through|via)\s+(?:an?\s+)?(?:network\s+)?"
    r"(?:systematic review|meta-analysis)\b|\bto\s+systematically\s+review\b"
    # ... and what a review pooled: "from published randomized controlled trials (RCTs)"
    r"|\b(?:from|based on|using data from|pooling)\s+(?:the\s+)?(?:published|existing|"
    r"available|current)\s+(?:[\w-]+\s+){0,3}?(?:trials|RCTs|studies|literature|evidence)\b"
    r"(?:\s*\((?:RCTs?|CCTs?)\))?"
    # ... also when the title says it: "a meta-analysis of randomized controlled trials" asks
    # for the meta-analysis, not for the trials it pooled
    r"|(?:(?<=meta-analysis )|(?<=meta-analyses )|(?<=systematic review ))of\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:trials|RCTs|studies)\b(?:\s*\((?:RCTs?|CCTs?)\))?",
    re.I,
)


def _umbrellas(out: Interpretation) -> list[Concept]:
    return [
        c for c in out.interventions
        if any(d is not c and d.within(c.id) for d in out.interventions)
    ]  # fmt: skip


def _drop_modifiers(mentions: list[Mention], text: str) -> list[Mention]:
    """'adipose-derived stromal vascular fraction', 'marrow-derived concentrate': an
    intervention named right before another (a hyphen or a space between) only says where the
    second comes from; the second, the head of the phrase, is what is meant."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and re.fullmatch(r"[\s-]*(?:derived|sourced|based)?[\s-]*", text[prev.end : m.start])
            and (source := prev.first("intervention"))
            and (head := m.first("intervention"))
            and source is not head
            and not head.within(source.id)
        ):
            kept[-1] = m
            continue
        kept.append(m)
    return kept


def _drop_generic(mentions: list[Mention], text: str) -> list[Mention]:
    """'Wharton's jelly stem cells', 'marrow-derived stem cells': the generic 'stem cells'
    right after a specific intervention (at most one word between) only repeats it."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and re.fullmatch(r"[\s-]*(?:\w+[\s-]+)?", text[prev.end : m.start])
            and (mine := m.first("intervention"))
            and (theirs := prev.first("intervention"))
            and theirs.within(mine.id)
        ):  # one mention for the whole phrase, so what follows it follows the specific one
            kept[-1] = replace(prev, text=text[prev.start : m.end], end=m.end)
            continue
        kept.append(m)
    return kept


def _merge_abbreviations(mentions: list[Mention], text: str) -> list[Mention]:
    """'bone marrow aspirate concentrate (BMAC)': a name and its abbreviation in brackets are
    one mention, so what stands before and after the pair is read across it."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        prev = kept[-1] if kept else None
        close = re.match(r"\s*\)", text[m.end :])
        if (
            prev is not None
            and close
            and re.fullmatch(r"\s*\(\s*", text[prev.end : m.start])
            and set(prev.concepts) & set(m.concepts)
        ):
            end = m.end + close.end()
            kept[-1] = replace(prev, text=text[prev.start : end], end=end)
            continue
        kept.append(m)
    return kept


# "adipose derived stem cells in the form of SVF", "MSCs, either as BMAC or as SVF": the
# intervention after the cue says what the one before it is.
_RESTATES = re.compile(
    r"^[\s,]*(?:\([^()]*\)[\s,]*)?(?:either\s+)?(?:in the form of|as|i\.e\.,?|namely)\s+"
    r"(?:an?\s+|the\s+)?$",
    re.I,
)


def _drop_restated(mentions: list[Mention], text: str) -> list[Mention]:
    """An intervention restated as a more exact one right after it is not a second one."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and prev.first("intervention")
            and m.first("intervention")
            and _RESTATES.match(text[prev.end : m.start])
        ):
            kept[-1] = m
            continue
        kept.append(m)
    return kept


_GAP = re.compile(
    r"\s+(?:has|have)\s+(?:yet\s+|ever\s+|so far\s+|previously\s+)?(?:been\s+)?"
    r"(?:examined|assessed|investigated|evaluated|studied|compared|explored|reported|"
    r"considered|addressed|looked|analy[sz]ed|pooled|synthesi[sz]ed)\b",
    re.I,
)
# A subgroup's word after one of these names a cause of the disease, not the patients a claim
# is restricted to ("worn from injury, aging or obesity", "risk factors such as obesity").
_A_CAUSE = re.compile(
    r"\b(?:from|due to|caused by|because of|such as|like|risk factors?|causes?|result of)\b"
    r"[^.;:]{0,30}$",
    re.I,
)
# "control pain", "controls the symptoms": the verb, not the comparator
_CONTROL_AS_VERB = re.compile(
    r"control(?:s|led|ling)?\s+(?:(?:the|their|your|knee|joint)\s+)?(?:pain|symptoms|"
    r"inflammation|swelling|stiffness|arthritis|osteoarthritis|OA|the disease)\b",
    re.I,
)
# "umbilical cord cells, including Wharton's jelly": an example of what came before.
_EXAMPLE = re.compile(r"\b(including|incl\.?|such as|e\.g\.?|especially)\s+$", re.I)


# "without surgery or steroids", "no PRP, HA, nor steroid": what follows an excluded treatment
# in the same list is excluded with it.
_LISTED = re.compile(
    r"^\s*(?:,\s*(?:(?:or|nor)\s+)?|(?:or|nor)\s+)(?:an?\s+|the\s+|any\s+)?$", re.I
)


def _place(mention: Mention, text: str, out: Interpretation, listed: bool = False) -> bool:
    """Files the mention under what the question asks for or excludes; True when it was
    excluded (so that a list after it is excluded too)."""
    before = text[max(0, mention.start - 40) : mention.start]
    if _EXAMPLE.search(before) and mention.first("intervention") and out.interventions:
        return False
    if _CONTROL_AS_VERB.match(text, mention.start):
        return False  # "improve structure and control pain": the verb, not a control group
    # "no meta-analysis has examined X" names a gap: what is missing is what is asked about
    subgroup = mention.first("scope")
    if subgroup is not None and subgroup.id.endswith("-subgroup") and _A_CAUSE.search(before):
        return False  # "cartilage worn from injury, aging or obesity": a cause, not whom
    gap = _GAP.match(text, mention.end)
    negated = (listed or bool(_EXCLUSION.search(before))) and not gap
    donor_out = negated or bool(_DONOR_EXCLUSION.search(before))
    for scheme, target in (
        ("intervention", out.excluded if negated else out.interventions),
        ("design", out.excluded_designs if negated else out.designs),
        ("kl-grade", out.kl_grades),
        ("outcome", out.outcomes),
        ("donor", out.excluded_donors if donor_out else out.donors),
        ("certainty", out.certainties),
        ("direction", out.directions),
        ("scope", out.outside),
    ):
        concept = mention.first(scheme)
        if concept is not None:
            _add(target, concept)
            out.positions.setdefault(concept.id, []).append(mention.start)
            out.spans.setdefault(concept.id, []).append((mention.start, mention.end))
            return negated and scheme in ("intervention", "design")
    return False


# "MSCs plus PRP", "BM-MSC + HA", "combined a cell therapy with PRP in the same arm",
# "shockwave before an MSC injection" (one course of treatment).
_TOGETHER = re.compile(
    r"^\s*(?:(?:therapy|treatment|injections?|cells)\s+)?"
    r"(?:plus|\+|&|combined with|together with|in combination with|along with|"
    r"augmented with|added to|with added|(?:given |applied )?(?:before|after|prior to)|"
    r"followed by|preceded by|"
    # "SVF as adjuvant therapy to PRP", "BMAC as an add-on to exercise"
    r"as\s+(?:an?\s+)?(?:adjuvant|adjunct|adjunctive|add-?on|supplement)(?:\s+(?:therapy|"
    r"treatment))?\s+(?:to|for))\s*(?:an?\s+|the\s+)?$",
    re.I,
)
_COMBINE_VERB = re.compile(r"\bcombin\w*\b|\bsame (?:treatment )?arm\b", re.I)


# "a composite of UCB-MSCs and 4% hyaluronate", "a combination of BMAC and PRP", "a dual
# therapy of PRP and HA": one product, or two given together.
_COMPOSITE = re.compile(
    r"\b(?:composite|combination|mixture|mix|admixture|"
    r"(?:dual|double|combined|combination)\s+(?:therapy|treatment|injections?))"
    r"\s+of\s+(?:an?\s+|the\s+)?"
    r"(?:(?:autologous|allogeneic|intra-?articular)\s+){0,2}$",
    re.I,
)
# "SVF and PRP combination treatment", "BMAC and PRP combined", "PRP and HA given together":
# the combination named after the pair.
_COMBINATION_AFTER = re.compile(
    r"^\s*(?:\([^()]*\)\s*)?(?:(?:combination|combined|dual)\s+(?:therapy|treatment|"
    r"injections?)|(?:given\s+|injected\s+|used\s+)?(?:in\s+combination|combined|together)\b)",
    re.I,
)
# "an autologous BMAC and PRP intra-articular injection": one injection (a singular noun) of
# two things.
_ONE_OF = re.compile(r"\b(?:an?|one|single)\s+(?:(?:autologous|allogeneic|single)\s+){0,2}$", re.I)
_AND_AMOUNT = r"\s*(?:\([^()]*\)\s*)?(?:and|with)\s+(?:\d+(?:\.\d+)?\s*%\s*)?(?:an?\s+|the\s+)?"
_ONE_PRODUCT = re.compile(
    r"^\s*(?:\([^()]*\)\s*)?(?:intra-?articular\s+)?"
    r"(?:injection|preparation|product|implant|treatment|therapy|procedure)\b(?!s)",
    re.I,
)


def _intervention(mention: Mention) -> Concept:
    """The intervention a mention among `interventions` names (each one there names one)."""
    concept = mention.first("intervention")
    assert concept is not None
    return concept


def _combined(text: str, interventions: list[Mention]) -> list[Concept]:
    """The first two interventions given together in one arm, by a word that joins them."""
    for first, second in pairwise(interventions):
        between = text[first.end : second.start]
        before = text[max(0, first.start - 60) : first.start]
        joined = (
            _TOGETHER.match(between)
            or (
                _COMBINE_VERB.search(text)
                and re.fullmatch(r"\s*with\s*(?:an?\s+|the\s+)?", between)
            )
            or (_COMPOSITE.search(before) and re.fullmatch(_AND_AMOUNT, between))
            or (re.fullmatch(_AND_AMOUNT, between) and _COMBINATION_AFTER.match(text[second.end :]))
            or (
                _ONE_OF.search(before)
                and re.fullmatch(_AND_AMOUNT, between)
                and _ONE_PRODUCT.match(text[second.end :])
            )
        )
        if joined:
            return [_intervention(first), _intervention(second)]
    return []


# "PRP alone", "HA only", "PRP or HA alone" (each of the list), "arthroscopy by itself"
_ALONE = re.compile(
    r"(?:\s*|-)(?:injections?\s+|therapy\s+|treatment\s+)?(?:alone|only|by itself|on its own)\b",
    re.I,
)
_OR_LIST = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:,|or|and|,\s*or)\s*(?:an?\s+|the\s+)?$", re.I)


def _alone(text: str, interventions: list[Mention]) -> tuple[list[Concept], str]:
    """Treatments said to be given alone ("compared with PRP alone"): a study's arm of it had
    nothing added. With `text` where the word is blanked (it is read)."""
    out: list[Concept] = []
    for i, mention in enumerate(interventions):
        said = _ALONE.match(text, mention.end)
        if not said:
            continue
        chain = [mention]
        for before in reversed(interventions[:i]):  # "PRP or HA alone": both alone
            if not _OR_LIST.match(text[before.end : chain[0].start]):
                break
            chain.insert(0, before)
        out += [c for c in map(_intervention, chain) if c not in out]
        text = text[: said.start()] + " " * (said.end() - said.start()) + text[said.end() :]
    return out, text


_EITHER = re.compile(r"\beither\s+(?:as\s+)?(?:an?\s+|the\s+)?$", re.I)
_OR = re.compile(r"^[\s,]*(?:\([^()]*\)[\s,]*)?or\s+(?:as\s+)?(?:an?\s+|the\s+)?$", re.I)


def _alternatives(text: str, interventions: list[Mention]) -> list[Concept]:
    """'either BMAC or SVF': interventions of which a study needs only one."""
    for i, first in enumerate(interventions):
        if not _EITHER.search(text[max(0, first.start - 20) : first.start]):
            continue
        chosen = [first]
        for nxt in interventions[i + 1 :]:
            if not _OR.match(text[chosen[-1].end : nxt.start]):
                break
            chosen.append(nxt)
        if len(chosen) >= 2:
            return [_intervention(m) for m in chosen]
    return []


# A cue that puts what follows it on the other side: "A compared with B, C and D".
_SIDE_CUE = re.compile(
    r"\b(?:vs\.?|versus|compared (?:with|to)|comparing|against|relative to|with respect to|"
    r"instead of|than|over)\b|\bto\b",
    re.I,
)


def _compared_pairs(
    text: str, interventions: list[Mention], out: Interpretation
) -> list[tuple[Concept, Concept]]:
    """The head-to-head pairs that answer a comparison. Two compared: that pair. More: split
    at the first side cue between neighbours ("a corticosteroid to BMAC, SVF and UC-MSCs");
    each on one side against each on the other; with no such cue, or one in every gap ("A vs
    B vs C"), every pair. Two given
    together ("a BMAC and PRP injection compared to a control") stand on one side."""
    compared: list[Mention] = []
    for m in interventions:  # the first mention of each compared concept
        concept = m.first("intervention")
        if concept in out.comparison and all(
            c.first("intervention") is not concept for c in compared
        ):
            compared.append(m)
    concepts = [_intervention(m) for m in compared]
    if len(concepts) < 2:
        return []
    if len(concepts) == 2 and not out.combined:
        return [(concepts[0], concepts[1])]
    cues = [
        i + 1
        for i, (a, b) in enumerate(pairwise(compared))
        if not (a.first("intervention") in out.combined and b.first("intervention") in out.combined)
        and (
            _SIDE_CUE.search(text[a.end : b.start])
            or (  # "comparing A with B, C and D"
                re.search(r"\bcompar\w*", text[: a.start], re.I)
                and re.search(r"\bwith\b", text[a.end : b.start], re.I)
            )
        )
    ]
    # "A vs B vs C" (a cue in every gap) compares every pair, as a list with no cue does
    split = cues[0] if cues and len(cues) < len(compared) - 1 else None
    if split is None:
        pairs = [(a, b) for i, a in enumerate(concepts) for b in concepts[i + 1 :]]
    else:
        pairs = [(a, b) for a in concepts[:split] for b in concepts[split:]]
    return [
        (a, b) for a, b in pairs if a is not b and not (a in out.combined and b in out.combined)
    ]


# A cue with a compared treatment on each side of it ("Product Q-12 compared with saline")
_SIDES_CUE = re.compile(
    r"\b(?:vs\.?|versus|compared (?:with|to)|in comparison (?:with|to))\s", re.I
)
# where a side ends: punctuation, or a word that starts another part of the sentence
_SIDE_END = re.compile(
    r"[,;:()?\[\]]|\.(?!\d)|\b(?:of|in|for|on|at|among|from|by|after|before|with|and|or|"
    r"to|as|the|a|an|than|was|were|is|are|who|which|that)\b",
    re.I,
)
_SIDE_WORDS = 4  # a treatment's name is short; longer, the "side" is the sentence around it
_BRACKETED_END = re.compile(r"\s*\([^()]{1,20}\)\s*$")
# a side that is a time, not a treatment: "pain compared with baseline" is a change over time
_TIME_SIDE = re.compile(
    r"\b(?:baseline|before|prior|previous\w*|pre-?(?:treatment|operative|injection)\w*)\b", re.I
)


# "compared with other cell products", "versus any other injection": the rest of a
# class, unnamed, not a product the graph lacks
_OTHERS = re.compile(r"^\s*(?:(?:any|all|the|several|many)\s+)?other\b", re.I)


def _unknown_sides(text: str, mentions: list[Mention], unknown: list[dict]) -> list[str]:
    """The words on one side of a comparison cue that no term of the graph names, opposite a
    treatment it knows: "one injection of Product Q-12 compared with saline" asks about
    Q-12, and answering with the saline trials alone would answer another question. Not "other
    treatments" (_OTHERS), which names no product."""
    terms = {u["term"] for u in unknown}
    out = []
    for before, after in _cue_sides(text):
        for (a, b), (c, d) in ((before, after), (after, before)):
            named = [m for m in mentions if m.start < b and a < m.end]
            opposite = [m for m in mentions if m.start < d and c < m.end]
            words = re.findall(r"\w+", text[a:b])
            if (
                not named
                and not _TIME_SIDE.search(text[a:b])
                and not _OTHERS.match(text[a:b])
                and any(m.first("intervention") for m in opposite)
                and any(w in terms for w in words)
            ):
                out.append(" ".join(text[a:b].split()))
    return out


# what sets two arms of one treatment apart, which the graph reads on its own (doses, numbers
# of injections, regimens): "low-dose MSCs versus high-dose MSCs" is no pair of products
_REGIMEN_WORD = re.compile(
    r"\b(?:doses?|dosages?|million|billion|injections?|single|double|triple|repeated|"
    r"high|low|higher|lower)\b",
    re.I,
)


def _same_sides(text: str, mentions: list[Mention]) -> list[tuple[str, str]]:
    """Two sides of a comparison cue that name the same treatment by different products, and
    nothing else the graph reads: "1% sodium hyaluronate (SH) vs a cross-linked hylan" compares
    two hyaluronates, which the graph records as one treatment and cannot tell apart."""
    out = []
    for sides in _cue_sides(text):
        named = [[m for m in mentions if m.start < b and a < m.end] for a, b in sides]
        said = [" ".join(text[a:b].split()) for a, b in sides]
        concepts = [{m.first("intervention") for m in side} for side in named]
        if (
            all(len(c) == 1 and None not in c for c in concepts)
            and concepts[0] == concepts[1]
            and said[0].lower() != said[1].lower()
            and not any(_REGIMEN_WORD.search(side) for side in said)
        ):
            out.append((said[0], said[1]))
    return out


def _cue_sides(text: str) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """The spans of the words before and after each comparison cue ("Q-12" | "saline")."""
    for cue in _SIDES_CUE.finditer(text):
        yield _side(text, cue.start(), backwards=True), _side(text, cue.end(), backwards=False)


def _side(text: str, at: int, *, backwards: bool) -> tuple[int, int]:
    """The span of the (at most _SIDE_WORDS) words next to `at` up to where the side ends."""
    if backwards:
        # "sodium hyaluronate (SH) vs": the abbreviation in brackets belongs to the side
        if bracketed := _BRACKETED_END.search(text[:at]):
            at = bracketed.start()
        window = text[max(0, at - 80) : at]
        cut = [m.end() for m in _SIDE_END.finditer(window)]
        start = at - len(window) + (cut[-1] if cut else 0)
        words = list(re.finditer(r"\S+", text[start:at]))[-_SIDE_WORDS:]
        return (start + words[0].start(), at) if words else (at, at)
    window = text[at : at + 80]
    end = _SIDE_END.search(window)
    stop = at + (end.start() if end else len(window))
    words = list(re.finditer(r"\S+", text[at:stop]))[:_SIDE_WORDS]
    return (at, at + words[-1].end()) if words else (at, at)


def _compares(text: str, interventions: list[Mention]) -> bool:
    """A comparison cue between two neighbouring intervention mentions ("a BMAC and PRP
    injection versus exercise") or a 'compare' verb."""
    if len(interventions) < 2:
        return False
    gaps = [text[a.end : b.start] for a, b in pairwise(interventions)]
    return any(_COMPARE.search(between) for between in gaps) or bool(
        re.search(r"\b(compar\w*|head[- ]to[- ]head)\b", text, re.I)
    )


def _add(target: list[Concept], concept: Concept | None) -> None:
    if concept is not None and concept not in target:
        target.append(concept)
