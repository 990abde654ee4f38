"""The numbers a claim states about a named study, compared with the numbers the graph records.

"The RESTORE trial enrolled 88 adults" names a study (kg.study_names) and states a number of
a kind the graph records for it: participants (sample size, arm and population sizes), cells
per injection (arm doses), follow-up length, the studies a review included, or an effect (a
result's value: a mean difference, SMD, risk ratio, prevalence; set only against results of the
outcome, timepoint and measure the sentence names). A stated number that matches a recorded one
of the same kind supports the claim; one that matches none contradicts it ("a number that
differs from the recorded one"); a kind the study records nothing of is not compared. Comparative
words apply: "more than 1,000 patients" is compared as a lower bound, "up to 500 million
cells" as the largest dose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.interpret import WORD_NUMBERS
from kg.study_facts import ResultFacts, StudyFacts

_OP = (
    r"(?P<op>more than|over|above|greater than|at least|fewer than|less than|under|below|"
    r"up to|at most|no more than|only|just|about|around|nearly|almost|exactly)?\s*"
)
_NUMBER = r"(?P<n>-?\d[\d,]*(?:\.\d+)?)"
_DURATION_NUMBER = rf"(?P<n>\d+(?:\.\d+)?|{'|'.join(WORD_NUMBERS)})"
_PEOPLE = (
    r"(?:patients?|participants?|adults?|subjects?|persons?|people|individuals?|knees?|women|men)"
)
_ONES = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_BELOW_100 = rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_ONES[:9])}))?|{'|'.join(_ONES)})"
# "Fourteen patients", "Twenty-four knees", "One hundred and twenty participants"
_SPELLED = rf"(?P<n>(?:{_BELOW_100}\s+hundred(?:\s+(?:and\s+)?{_BELOW_100})?|{_BELOW_100}))"
_STUDIES = (
    r"[- ](?:(?:randomi[sz]ed|controlled|clinical|eligible|relevant|primary|published|"
    r"original|retrospective|prospective|observational|cohort|comparative|case)\s+){0,3}"
    r"(?:trials|studies|RCTs|articles|publications)\b"
)
# Millions of something other than cells: "57 million KOA patients", "$2 million" (a sum of
# money is marked before the number: _MONEY)
_NOT_CELLS = (
    r"(?!\s+(?:(?!(?:cells?|MSCs?|BM-?MSCs?|AD-?MSCs?|stem|stromal)\b)[\w-]+\s+){0,2}?(?:"
    + _PEOPLE[3:-1]
    + r"|Americans|Australians|sufferers|cases|"
    r"procedures|injections|dollars|euros|pounds|USD|visits|years)\b)"
)
_MONEY = re.compile(r"(?:[$£€¥]|\bUS\$?|\bAU\$|\bRs\.?)\s*$")
_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    (
        "cells",
        re.compile(
            _OP + _NUMBER + r"\s*(?P<unit>million|billion|M\b|[x×]\s*10\^?6)" + _NOT_CELLS, re.I
        ),
    ),
    ("participants", re.compile(_OP + _NUMBER + r"[- ]" + _PEOPLE + r"\b", re.I)),
    ("participants", re.compile(r"\b" + _SPELLED + r"[- ]" + _PEOPLE + r"\b", re.I)),
    (
        "participants",
        re.compile(
            r"\b(?:randomi[sz]ed|enrolled|included|recruited|pooled|involved|studied)\s+"
            + _OP
            + _NUMBER
            + r"\b(?!\s*(?:million|billion|%|months?|years?|weeks?|mg|ml|trials?|studies|RCTs?))",
            re.I,
        ),
    ),
    # how many studies a synthesis took in: "We included 16 trials", "Twenty-one studies,
    # involving 936 patients, were included", "43 studies met the eligibility criteria"
    ("studies", re.compile(_OP + _NUMBER + _STUDIES, re.I)),
    ("studies", re.compile(r"\b" + _SPELLED + _STUDIES, re.I)),
    (
        "follow-up",
        re.compile(
            r"\b(?:follow(?:ed)?(?:[- ]up)?\b[^.;]{0,40}?\bfor|covered|over|lasting|spanning)\s+"
            + _OP
            + _DURATION_NUMBER
            + r"[- ](?P<unit>years?|months?)\b",
            re.I,
        ),
    ),
    (
        "follow-up",
        re.compile(
            _DURATION_NUMBER + r"[- ](?P<unit>years?|months?)(?:[- ]|\s+of\s+)follow[- ]?up\b",
            re.I,
        ),
    ),
    (
        "effect",
        re.compile(
            # the abbreviations in capitals only: "grade 2 or 3" states no odds ratio
            r"\b(?P<measure>(?-i:SMD|WMD|MD|RR|OR|HR)|risk ratio|relative risk|odds ratio|"
            r"hazard ratio|mean difference|standardi[sz]ed mean difference)"
            r"\s*(?:of|was|=|:)?\s*" + _NUMBER,
            re.I,
        ),
    ),
    # a difference in points, cm or mm, but not the size of the scale it was measured on
    # ("-0.74cm on a 10cm visual analogue scale", "on a 100 mm VAS", "a 10-point scale")
    (
        "effect",
        re.compile(
            r"(?<!\bon a )(?<!\bon the )(?<!\bout of )"
            + _OP
            + _NUMBER
            + r"\s*(?:points?|cm|mm)\b(?!\s*(?:visual|VAS|NRS|numeric|scale|subscale|line)\b)",
            re.I,
        ),
    ),
    # a percentage, but not the level of a confidence interval ("95% CI", "95 percent
    # confidence interval"), which is no finding
    (
        "effect",
        re.compile(
            _OP + _NUMBER + r"\s*(?:%|percent)(?!\s*(?:CI|CrI|confidence|credible)\b)", re.I
        ),
    ),
)
# Effect measures named in words → the effect-measure vocabulary. Ratios and standardised
# differences have no scale, so they can be compared with any result of the same measure.
_MEASURES = {
    "smd": "standardised-mean-difference",
    "standardised mean difference": "standardised-mean-difference",
    "standardized mean difference": "standardised-mean-difference",
    "rr": "risk-ratio",
    "risk ratio": "risk-ratio",
    "relative risk": "risk-ratio",
    "or": "odds-ratio",
    "odds ratio": "odds-ratio",
}
SCALE_FREE = frozenset(_MEASURES.values())
# "81% of people responded", "in 63% of patients": a share of the people, a proportion
_OF_PEOPLE = re.compile(
    r"\s*(?:\(\s*\d+\s*/\s*\d+\s*\)\s*)?(?:of|among)\s+(?:the\s+|all\s+|those\s+)?"
    r"(?:[\w-]+\s+){0,2}?" + _PEOPLE + r"\b",
    re.I,
)
# Each group's value set beside the other's ("-2.1 vs -1.8", "-1.4% versus -1.2%") is no
# between-group effect, and is not compared with one.
_IN_A_PAIR = re.compile(r"\s*(?:vs\.?|versus|compared with|and)\s*[−–-]?\d")
_AFTER_A_PAIR = re.compile(r"[−–-]?\d[\d.,]*\s*(?:%|percent|points?)?\s*(?:vs\.?|versus)\s*[−–-]?$")
# A threshold stated beside a finding (the minimal important difference, a cut-off) is the
# yardstick the finding is read against, not a number of the finding.
_THRESHOLD = re.compile(
    r"(?:\b(?:MC?ID|MCII|PASS)\b|minimal(?:ly)? (?:clinically )?important (?:difference|change|"
    r"improvement)|\bthresholds?\b|\bcut-?offs?\b)[^,;.]{0,14}$",
    re.I,
)
# Numbers stated beside an effect that are not effects: a group's share beside its count
# ("PRP group, 59/138 [42.8%]"), the bounds of an interval ("[95% CI, −1.9% to 1.5%]", "95% CI
# 1.00-1.86"), a spread ("SD, 7.2%")
_NOT_AN_EFFECT = re.compile(
    r"\d+\s*/\s*\d+\s*[\[(,]\s*$"
    r"|\b(?:CI|CrI|confidence interval|credible interval)\b[,:]?\s*(?:of\s+)?[−–-]?$"
    r"|\b(?:CI|CrI|confidence interval)\b[,:]?\s*[−–-]?\d[\d.]*\s*%?\s*(?:to|[−–-])\s*[−–-]?$"
    r"|\b(?:SD|SE|SEM|IQR|standard deviation)\b[,:=]?\s*[−–-]?$"
    # a network meta-analysis's ranking ("SUCRA = 86.0%"), a probability, not an effect
    r"|\b(?:SUCRA|P-score|probability|probabilities)\b[^.;]{0,6}$",
    re.I,
)
# A sentence of criteria ("Main inclusion criteria were ... a follow-up of at least 80%"): its
# numbers are the thresholds a study had to meet, not findings
_CRITERIA = re.compile(
    r"\b(?:inclusion|exclusion|eligibility)\s+criteri|\bwere\s+(?:included|eligible|excluded)"
    r"\s+if\b",
    re.I,
)
# a value said of one group, not between groups: "−1.4% (SD, 7.2%) in the PRP group"
_IN_ONE_GROUP = re.compile(
    r"[^;]{0,20}?\s+in (?:the|each|both)\s+(?:[\w-]+\s+){0,2}?(?:groups?|arms?)\b", re.I
)
_BETWEEN_GROUPS = re.compile(
    r"\bbetween[- ]groups?\b|\bmean difference\b|\bdifference between\b", re.I
)
# A count of studies is the review's when the sentence says it took them in
_INCLUDED = re.compile(
    r"\b(?:includ\w*|pooled|identified|eligible|met\s+(?:the|our|all)|analy[sz]ed|reviewed|"
    r"selected|retrieved|encompass\w*|comprised|comprising|synthesi[sz]ed)\b",
    re.I,
)
_LABEL_BEFORE = re.compile(
    r"\b(?:phase|grade|stage|level|type|class|step|KL|Kellgren[- ]Lawrence)\s*[-–]?\s*$", re.I
)
_PERCENT = re.compile(r"%|\bpercent\b", re.I)
_LOWER = {"more than", "over", "above", "greater than", "at least"}
_UPPER = {"fewer than", "less than", "under", "below", "at most", "no more than"}
_MAXIMUM = {"up to"}


@dataclass(frozen=True)
class Quantity:
    """A number the claim states: its kind, value and how it is meant (eq, min, max, largest)."""

    kind: str
    value: float
    bound: str
    text: str
    start: int
    end: int
    measure: str | None = None  # an effect-measure id, when the claim names the measure


def quantities(text: str) -> list[Quantity]:
    """Each number of a known kind stated in `text`, once (the first kind that reads it)."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            span = m.span("n")
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            value = _value(m.group("n"))
            if value < 10 and m.group("n")[:1].isalpha() and kind == "participants":
                continue  # "one patient had a flare": someone in the trial, not its size
            unit = (m.groupdict().get("unit") or "").lower()
            if kind == "cells" and _MONEY.search(text[max(0, span[0] - 6) : span[0]]):
                continue  # "$2 million": money, not cells
            if kind == "cells":
                value *= 1e9 if unit.startswith("billion") else 1e6
            elif kind == "follow-up" and unit.startswith("year"):
                value *= 12
            op = (m.groupdict().get("op") or "").lower()
            bound = (
                "min" if op in _LOWER else "max" if op in _UPPER
                else "largest" if op in _MAXIMUM else "eq"
            )  # fmt: skip
            if op in ("more than", "over", "above", "greater than") and kind == "participants":
                value += 1
            if op in ("fewer than", "less than", "under", "below") and kind == "participants":
                value -= 1
            named = (m.groupdict().get("measure") or "").lower()
            if kind == "effect" and not named and _IN_A_PAIR.match(text, m.end(), m.end() + 20):
                continue  # "a mean change of -2.1 vs -1.8": each group's value, no effect
            if kind == "effect" and not named and _AFTER_A_PAIR.search(text[: m.start()]):
                continue
            if kind == "studies" and not _INCLUDED.search(text):
                continue  # "4 studies were at moderate risk of bias": a part, not the count
            if kind in ("studies", "participants") and _LABEL_BEFORE.search(
                text[max(0, m.start("n") - 12) : m.start("n")]
            ):
                continue  # "the phase 3 clinical trials", "KL 3 knees": a label, no count
            if kind == "effect" and _CRITERIA.search(text):
                continue  # "inclusion criteria were ... at least 80%": a threshold, no finding
            if kind == "effect" and _THRESHOLD.search(text[max(0, m.start() - 60) : m.start()]):
                continue  # "minimally important difference [MID] 1.5cm": a yardstick, no finding
            if kind == "effect" and _NOT_AN_EFFECT.search(text[max(0, m.start() - 24) : m.start()]):
                continue  # "59/138 [42.8%]", "95% CI, −1.9% to 1.5%", "SD, 7.2%": no effect
            if (
                kind == "effect"
                and _BETWEEN_GROUPS.search(text)
                and _IN_ONE_GROUP.match(text, m.end())
            ):
                # "the between-group difference was −0.2%, with a mean change of −1.4% (SD,
                # 7.2%) in the PRP group": beside the effect, one group's own change
                continue
            taken.append(span)
            measure = _MEASURES.get(named)
            if _PERCENT.search(m.group(0)) and _OF_PEOPLE.match(text, m.end()):
                measure = "proportion"
            out.append(
                Quantity(kind, value, bound, m.group(0).strip(), m.start(), m.end(), measure)
            )
    return out


def recorded(study: StudyFacts) -> dict[str, list[tuple[float, str]]]:
    """The numbers the graph records for a study (kg.study_facts), by kind, each with where
    it comes from."""
    sid = study.named  # as a reader names it
    out: dict[str, list[tuple[float, str]]] = {"participants": [], "cells": [], "follow-up": []}
    out["effect"], out["studies"] = [], []
    if study.included_count is not None:
        out["studies"].append((study.included_count, f"{sid} studies included"))
    if study.pooled_count is not None:
        out["studies"].append((study.pooled_count, f"{sid} studies pooled"))
    if study.sample_size is not None:
        out["participants"].append((study.sample_size, f"{sid} sample size"))
    if study.population_size is not None:
        out["participants"].append((study.population_size, f"{sid} population"))
    for arm in study.arms:
        if arm.group_size is not None:
            out["participants"].append((arm.group_size, f"{sid} arm {arm.id}"))
        if arm.dose_cells is not None:
            out["cells"].append((arm.dose_cells, f"{sid} arm {arm.id} dose"))
    if study.follow_up_months is not None:
        out["follow-up"].append((study.follow_up_months, f"{sid} follow-up"))
    for result in study.results:
        if result.value is not None:
            out["effect"].append((result.value, f"{sid} result {result.id}"))
    return out


def compare(
    claimed: list[Quantity],
    study: StudyFacts,
    comparable: Callable[[ResultFacts], bool] | None = None,
) -> list[dict]:
    """One verdict per stated number the study records numbers of that kind for:
    {"quantity", "matches", "recorded": [(value, where)], "reason", "another"}. When the
    sentence states several counts of participants and one of them matches, the others are
    counts the record does not hold ("31 studies involving 1,406 patients, of which 19 with
    958 were pooled"): `another` is then true, and they deny nothing."""
    numbers = recorded(study)
    of = {f"{study.named} result {r.id}": r for r in study.results if r.value is not None}
    verdicts = []
    for q in claimed:
        known = numbers.get(q.kind, [])
        if q.kind == "effect":
            # a stated effect is set against the results it can be one of: of the outcome and
            # timepoint the sentence names (`comparable`), and of the measure it names (a risk
            # ratio with risk ratios); "SUCRA 96.7% at 6 months" is none of a 12-month mean
            # difference's
            # a percentage is no ratio and no standardised difference
            known = [
                (v, where)
                for v, where in known
                if (not q.measure or of[where].measure == q.measure)
                and not (_PERCENT.search(q.text) and of[where].measure in SCALE_FREE)
                and (comparable is None or comparable(of[where]))
            ]
        if known:
            verdicts.append(_verdict(q, known, "the graph records"))
        elif q.kind == "effect" and numbers.get("effect"):
            # the study records effects, none of the outcome, timepoint or measure stated: the
            # number is neither borne out nor denied
            reason = (
                f"the claim states {q.text!r}; the graph records no result of that outcome, "
                "timepoint and measure to compare it with"
            )
            verdicts.append(
                {"quantity": q, "matches": False, "recorded": [], "reason": reason, "lacks": True}
            )
    # counts of people and of studies only: a study counts them at each stage (screened,
    # enrolled, included, pooled); two effects or two doses stated are two claims
    matched = {v["quantity"].kind for v in verdicts if v["matches"]} & {"participants", "studies"}
    # "two randomized controlled trials and four retrospective studies were included": the
    # parts of a count whose sum the record holds
    parts = [v for v in verdicts if v["quantity"].kind == "studies"]
    if len(parts) > 1 and not any(v["matches"] for v in parts):
        total = sum(v["quantity"].value for v in parts)
        if any(_close(total, known, "studies") for known, _ in numbers["studies"]):
            matched.add("studies")
    for v in verdicts:
        v["another"] = v.get("lacks", False) or (not v["matches"] and v["quantity"].kind in matched)
        if v["another"] and not v.get("lacks"):
            v["reason"] += "; another number of the same kind it states matches the record"
    return verdicts


def compare_effects(claimed: list[Quantity], results: list[dict]) -> list[dict]:
    """Effects the claim states with a scale-free measure (RR, OR, SMD), against the values
    of the same measure in `results` ({"value", "measure", "where"}): the results of the
    evidence that bears on a claim which names no study."""
    out = []
    for q in claimed:
        if q.kind != "effect" or q.measure not in SCALE_FREE:
            continue
        known = [(r["value"], r["where"]) for r in results if r["measure"] == q.measure]
        if known:
            out.append(_verdict(q, known, "the evidence it bears on records"))
    return out


def cited_by_effect(
    claimed: list[Quantity], effects: list[tuple[float, str | None, str]]
) -> tuple[str, ...]:
    """The one study whose recorded result a claim quotes ("AD-MSCs beat placebo (WMD
    -20.93)"): an effect stated with three or more significant digits that matches the value
    of one study's result, and of no other study's. Anything less distinctive names nothing."""
    cited: set[str] = set()
    for q in claimed:
        if q.kind != "effect" or len(re.sub(r"\D|^0+", "", q.text.split()[-1])) < 3:
            continue
        studies = {
            sid
            for value, measure, sid in effects
            if (q.measure is None or measure is None or measure == q.measure)
            and _close(abs(value), abs(q.value), q.kind)
        }
        if len(studies) == 1:
            cited |= studies
    return tuple(sorted(cited)) if len(cited) == 1 else ()


def _verdict(q: Quantity, known: list[tuple[float, str]], records: str) -> dict:
    """Does any recorded (value, where) match the stated quantity? With the reason."""
    hits = [(v, w) for v, w in known if _matches(q, v, [x for x, _ in known])]
    shown = ", ".join(f"{_show(v, q.kind)} ({w})" for v, w in (hits or known)[:6])
    joint = "; " if hits else ", but "
    return {
        "quantity": q,
        "matches": bool(hits),
        "recorded": hits or known,
        "reason": f"the claim states {q.text!r}{joint}{records} {shown}",
    }


def _matches(q: Quantity, value: float, all_values: list[float]) -> bool:
    if q.bound == "min":
        return value >= q.value
    if q.bound == "max":
        return value <= q.value
    if q.bound == "largest":
        return value == max(all_values) and _close(value, q.value, q.kind)
    if q.kind == "effect":  # signs are worded ("reduced by 1.2"), so compare magnitudes
        # to the precision printed: "51.7%" is 51.65 to 51.75, not the 51.5 of another result
        return abs(abs(value) - abs(q.value)) <= _half_last_digit(q.text) + 1e-9
    return _close(value, q.value, q.kind)


def _half_last_digit(text: str) -> float:
    """Half a unit of the last digit a number is printed with ("16.5" → 0.05, "20" → 0.5)."""
    number = re.search(r"\d[\d,]*(?:\.(\d+))?(?!.*\d)", text)
    decimals = len(number.group(1) or "") if number else 0
    return 0.5 * 10**-decimals


def _close(a: float, b: float, kind: str) -> bool:
    if kind == "follow-up":
        return abs(a - b) <= 1
    return abs(a - b) <= max(0.005, 0.01 * abs(a))


def _value(text: str) -> float:
    text = text.lower().replace(",", "")
    if text in WORD_NUMBERS:
        return float(WORD_NUMBERS[text])
    if text[:1].isalpha():
        return float(spelled(text))
    return float(text)


def spelled(words: str) -> int:
    """A number spelled in words ("twenty-four", "one hundred and twenty") as an integer."""
    total = current = 0
    for word in re.split(r"[\s-]+", words.lower()):
        if word in _ONES:
            current += _ONES.index(word) + 1
        elif word in _TENS:
            current += 10 * (_TENS.index(word) + 2)
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word != "and":
            raise ValueError(f"not a number word: {word!r}")
    return total + current


def _show(value: float, kind: str) -> str:
    if kind == "cells":
        return f"{value / 1e6:g} million cells"
    if kind == "follow-up":
        return f"{value:g} months"
    return f"{value:g}"
