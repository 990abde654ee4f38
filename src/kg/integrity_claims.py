"""Claims about a study's integrity, checked against the graph's integrity flags.

"The regulators canceled the license for Invossa", "the paper was retracted", "the cells
turned out to be kidney cells", "the trial was funded by the maker": such a sentence states
a fact of the kind the study files record as integrity flags (kg.integrity). It is supported
when a study it names (or a study of the product it names) carries a flag of that kind, and
the flag's own sentence agrees on where and when (a licence revoked in Korea does not bear
out a trial suspended in the U.S.). A flag's absence says only that the graph records none:
such a claim is insufficient, never contradicted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kg.evidence_rows import evidence_entry
from kg.evidence_weight import Judgement
from kg.integrity import IntegrityFlag
from kg.study_names import author_year


def _patterns(words: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {name: re.compile(pattern, re.I) for name, pattern in words.items()}


# The words of each kind of flag (graph/vocab/integrity.yaml), as news and papers put them.
_KINDS = _patterns(
    {
        "retraction": r"\bretract(?:ed|ion|s)?\b|\bwithdrawn by (?:the|its) (?:journal|publisher)",
        "correction": r"\b(?:erratum|corrigendum|published a correction)\b",
        "expression-of-concern": r"\bexpression of concern\b",
        "outcome-switch": r"\b(?:switched|changed) (?:the |its )?primary (?:outcome|end ?point)|"
        r"\boutcome switching\b",
        "registration-discrepancy": r"\b(?:differ\w*|discrepanc\w*|inconsisten\w*) (?:from|with|"
        r"between) (?:the |its )?(?:trial )?regist\w*",
        "product-discrepancy": r"\b(?:found|turned out|shown|revealed|confirmed) to (?:be|have "
        r"been|contain)\b[^.;]{0,40}?\b(?:different|not|another|other|kidney)\b|\bmislabel\w*|"
        r"\bdifferent from (?:the |what was )?(?:approved|registered|described|stated|declared)",
        # the maker's money, not any funder's ("funded by the NIH" is no such flag)
        "industry-funded": r"\b(?:funded|sponsored|paid for|financed) by (?:the |its )?(?:maker|"
        r"manufacturer|company|companies|industry|developer)\b|\b(?:industry|company|"
        r"manufacturer)[- ](?:funded|sponsored)\b|\bsponsored by [A-Z][\w-]*(?: [A-Z][\w-]*)*,? "
        r"(?:Inc|Ltd|Co|Corp|LLC|GmbH|plc)\b",
        "conflict-of-interest": r"\bconflicts? of interest\b|\bcompeting interests?\b|"
        r"\bfinancial ties\b",
        "stopped-early": r"\b(?:stopped|terminated|halted|discontinued) (?:early|prematurely)\b|"
        r"\b(?:trial|study) was (?:stopped|terminated|halted)\b",
        # "suspended" a trial or a licence, not cells "suspended in saline" (a cell suspension)
        "regulatory-action": r"\bsuspend(?:s|ed|ing)?\b(?!\s+in\b)|\brevok\w*|\brevocation\b|"
        r"\bclinical hold\b|"
        r"\bcancel(?:l)?ed (?:the |its )?licen[cs]e|\blicen[cs]e (?:was )?(?:cancel\w*|revoked|"
        r"withdrawn|suspended)|\bbanned\b|\brefused (?:approval|a licen[cs]e)",
    }
)
# "was never retracted", "no conflicts of interest": a denial is not read as the fact
_DENIED = re.compile(r"\b(?:not|never|no|none|without)\b|n['’]t\b", re.I)
# Where a regulator acted: a claim that names a place is borne out only by a flag that names it
_PLACES = _patterns(
    {
        "United States": r"\bU\.?S\.?A?\b|\bUnited States\b|\bFDA\b|\bAmerican?\b",
        "Korea": r"\bKorea\w*\b|\bMFDS\b|\bMinistry of Food and Drug Safety\b",
        "Europe": r"\bEurope\w*\b|\bEMA\b|\bEU\b",
        "India": r"\bIndia\w*\b|\bDCGI\b|\bCDSCO\b",
        "Japan": r"\bJapan\w*\b|\bPMDA\b",
        "Australia": r"\bAustralia\w*\b|\bTGA\b",
        "United Kingdom": r"\bUK\b|\bUnited Kingdom\b|\bBritish\b|\bMHRA\b",
    }
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def read_integrity_claim(text: str) -> frozenset[str]:
    """The kinds of integrity fact the sentence asserts (none when it denies them)."""
    kinds = set()
    for kind, pattern in _KINDS.items():
        found = pattern.search(text)
        if found and not _DENIED.search(text[max(0, found.start() - 30) : found.start()]):
            kinds.add(kind)
    return frozenset(kinds)


def judge_integrity(
    text: str,
    kinds: frozenset[str],
    studies: Iterable[str],
    flags: dict[str, tuple[IntegrityFlag, ...]],
    publications: dict[str, dict | None],
    name: Callable[[str], str] = author_year,
) -> Judgement:
    """The claim's integrity facts against the flags of `studies` (each named by `name`, how a
    reader names a study: kg.study_names.StudyNames.display)."""
    places = {p for p, pattern in _PLACES.items() if pattern.search(text)}
    years = set(_YEAR.findall(text))
    items, borne = [], set()
    for study in studies:
        for flag in flags.get(study, ()):
            at = (
                places if flag.kind == "regulatory-action" else set()
            )  # a regulator acts in a place
            if flag.kind not in kinds or not _agrees(flag.statement, at, years):
                continue
            borne.add(flag.kind)
            reason = f"{name(study)}: the graph records '{flag.label.lower()}' ({flag.source})"
            items.append(
                evidence_entry(
                    "supports",
                    reason,
                    "integrity",
                    study=study,
                    evidence=None,
                    statement=flag.statement,
                    publication=publications.get(study),
                    found=f"records {flag.label.lower()}",
                    source_label=f"({name(study)})",
                )
            )
    if not items:
        what = " or ".join(k.replace("-", " ") for k in sorted(kinds))
        named = [f"the {p}" if p.startswith("United") else p for p in sorted(places)]
        where = f" in {' or '.join(named)}" if named else ""
        why = f"insufficient: the graph records no {what}{where} for the studies the claim is about"
        return Judgement("insufficient", why, [])
    verdict = "supported" if borne == kinds else "mixed"
    lead = items[0]
    of = lead["source_label"].strip("()")
    why = f'{verdict}: the graph records of {of}: "{lead["statement"].strip()}"'
    if verdict == "mixed":
        missing = ", ".join(k.replace("-", " ") for k in sorted(kinds - borne))
        why += f" (the graph records no {missing})"
    return Judgement(verdict, why, items)


def _agrees(statement: str, places: set[str], years: set[str]) -> bool:
    """The flag's sentence names the places the claim names, and no other year than it."""
    if any(not _PLACES[p].search(statement) for p in places):
        return False
    stated = set(_YEAR.findall(statement))
    return not (years and stated) or bool(years & stated)  # a flag with no year is no denial
