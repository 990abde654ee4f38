"""Claims about the state of the evidence: "unproven", "the evidence is limited in quality",
"more studies are needed", "not supported by the evidence", "strong evidence shows...".

Such a claim is not about what a treatment does but about how well that is known, so it is
judged against the best evidence on the treatment's effect (kg.evidence_weight): its tier and
the certainty its source graded. The evidence counts as strong when the best tier holds a
finding of benefit (against a comparator) of moderate or high certainty; otherwise it is weak
(benefit only at low or no graded certainty, or no difference).
  - a claim that the evidence is weak is supported by weak evidence and contradicted by strong;
  - a claim that the evidence is strong is supported by strong evidence, mixed when benefit
    is found only at low or no graded certainty, and contradicted when the best evidence
    finds no difference.
Harms are left out: "unproven" is about benefit.
"""

from __future__ import annotations

import re
from enum import StrEnum

from kg.evidence_rows import (
    concept_relation,
    evidence_item,
    found_words,
    headline_rank,
    source_label,
)
from kg.evidence_weight import CERTAINTY_RANK, Judgement, tier, within_group
from kg.terms import Concept, Vocabulary

# A sentence speaks of the evidence when, in one clause, a word for research or for what it
# has established meets a word for how strong that is. The words are English's, not any one
# text's: they are the lexicon of the class, so that "the data remain sparse", "the science is
# still early" and "no solid trials exist" read alike.
_RESEARCH = (
    r"evidence|stud(?:y|ies)|trials?|RCTs?|research|data|literature|science|proof|findings|"
    r"results|knowledge"
)
# "experimental" (or "speculative") says the evidence is weak when it is said of the
# treatment ("is still experimental", "considers X experimental", "an experimental
# treatment"), not when it names a thing already known by it ("the experimental treatment of
# OA", "the experimental group")
_EXPERIMENTAL = r"(?<!\bthe )(?:experimental|investigational|speculative)(?! (?:groups?|arms?))"
# "how well it works has yet to be made clear", "remains to be proven": not known so far
_NOT_YET = (
    # ... or must still be: "their safety and usefulness must be confirmed"
    r"(?:(?:has|have|is|are) yet to be|remains? to be|not yet(?: been)?|must (?:still )?be|"
    r"needs? to be|ha(?:s|ve) to be) (?:made |fully )?"
    r"(?:clear|known|established|proven|shown|determined|demonstrated|seen|confirmed)"
)
_EPISTEMIC = (
    rf"unproven|proven|established|demonstrated|{_EXPERIMENTAL}|shown|known|evidence[- ]based|"
    rf"{_NOT_YET}"
)
# The knowledge unsettled: "a lot of controversy on whether ...", "we are still not sure
# whether ..." (speaks of the evidence, and says it is weak; "the ethical controversy" does not)
_UNSETTLED = (
    r"controvers(?:y|ies)\s+(?:\w+\s+){0,3}?(?:whether|if)"
    r"|(?:not|\w+n't)\s+(?:yet\s+|really\s+|entirely\s+)?(?:sure|certain)\s+(?:whether|if)"
)
# Research under way: "safety and efficacy are being studied", "under investigation"
_UNDER_STUDY = r"under (?:investigation|study)|(?:still )?being (?:studied|investigated|researched)"
# ... and said to be under way at all: "ongoing", "an active area of research"
_ACTIVITY_WORDS = rf"active area|ongoing|{_UNDER_STUDY}"
# "low" of the evidence: "low-certainty evidence", "low confidence", "the certainty is low",
# "rated as low"; not "low-dose allogeneic cells" or "a low risk of infection"
_LOW_AFTER = (
    "is",
    "are",
    "was",
    "were",
    "be",
    "remains",
    "remain",
    "rated",
    "judged",
    "as",
    "very",
)
_LOW = (
    r"low(?=[- ](?:certainty|confidence|quality|level|strength|grade)\b)|(?:"
    + "|".join(rf"(?<=\b{word} )" for word in _LOW_AFTER)
    + r")low\b"
)
_WEAKLY = re.compile(
    # ("including but not limited to" lists; it weighs nothing)
    r"\b(?:(?<!not\s)limited|weak|lacking|lacks?|absen(?:ce|t)|insufficient|inconclusive|scarce|"
    r"sparse|few|poor|"
    # small of the research, not of a share ("a very small percentage of patients") nor of
    # one study's size ("a very small study of 14 patients": a fact of that study)
    r"small(?!\s+(?:percentage|proportion|fraction|share|minority|"
    r"(?:\w+\s+)?(?:study|trial|series)\s+(?:of|with|in|involving)\s+\d))|"
    # "very little research": little of the research itself, not "little or no difference"
    rf"little(?=\s+(?:\w+\s+)?(?:{_RESEARCH}|proof)\b)|"
    rf"low[- ]quality|{_LOW}|conflicting|mixed|uncertain\w*|unclear|"
    # research still under way: "an active area of research", "still being studied"
    rf"{_ACTIVITY_WORDS}|"
    # "the research is early", "still preliminary"; "early research found X" hedges a claim
    # about X (kg.claim_reading) and says nothing of how strong the evidence is
    # ... nor does "early OA", a stage of the disease
    rf"(?:preliminary|early|emerging)(?!\s+(?:{_RESEARCH})\b)"
    r"(?![\s-]+(?:stages?\s+)?(?:knee\s+)?(?:OA|KOA|osteoarthritis|arthritis|disease|grades?)\b)|"
    # "more research is needed", "larger trials required"; not "knees required a replacement"
    # (what is needed must be research: "subjects will be required to attend visits" is no
    # statement of the evidence)
    # ... of what ("studies of stem cell injections are needed"); "more research can be done"
    rf"(?:{_RESEARCH}|more|further|additional)\b(?:\s+[\w-]+){{0,3}}?"
    r"(?:\s+(?:of|on|in|into|about)(?:\s+[\w-]+){1,4}?)?\s+(?:(?:is|are|remains?|still|"
    rf"urgently|be|being)\s+)?(?:needed|required|warranted)|"
    # ... or "further studies need to be carried out"
    rf"(?:more|further|additional)\s+(?:[\w-]+\s+){{0,2}}?(?:{_RESEARCH})\s+(?:still\s+)?"
    r"(?:can|could|should|must|will have to|needs? to|ha(?:s|ve) to)\s+be\s+"
    r"(?:done|conducted|carried out|undertaken|performed)|"
    # research that is needed, as the object of "need": "surgeons need better trials",
    # "doctors need larger, longer studies" (how it must be better says the present research
    # is not)
    r"needs?\s+(?:(?:more|better|larger|bigger|further|additional|longer|high[- ]quality|"
    r"well[- ]designed|rigorous|randomi[sz]ed|controlled|clinical|long[- ]term),?\s+){1,3}"
    rf"(?:{_RESEARCH})|"
    # "no decisive proof", "no definitive evidence": a qualified denial says the evidence
    # falls short of that quality, not that there is none ("no evidence" bare, and "no
    # scientific evidence", say there is none: _NO_EVIDENCE, read first)
    r"(?<![\w-])no\s+(?:[\w-]+\s+){1,2}?(?:evidence|proof)|"
    rf"unproven|{_EXPERIMENTAL}|{_NOT_YET}|"
    rf"questionable|controversial|{_UNSETTLED}|contradictory|"
    r"(?:not|\w+n't)\s+(?:yet\s+|really\s+|entirely\s+)?(?:sure|certain)|unsure|"
    # the studies disagree: "the research is very divided", "doesn't always agree"
    r"divided|disagree\w*|(?:does|do)(?:n['’]t| not)(?: \w+){0,3} agree|inconsistent|"
    r"hit[- ]or[- ]miss|"
    r"debated|thin|modest|scant|not (?:yet )?(?:robust|proven|established|known|clear)|"
    # "not enough evidence", "isn't sufficient", "inadequate data"
    r"(?:not|n['’]t)\s+(?:yet\s+|really\s+|nearly\s+|quite\s+)?(?:enough|sufficient|adequate)|"
    r"inadequate|"
    # "stem cell products have not been shown to be safe or effective": what the treatment
    # does is not established, whoever the subject of the sentence
    r"(?:not|never|ha(?:s|ve)n['’]t)(?: yet| been| conclusively| clearly| convincingly| "
    r"scientifically| reliably){0,3} (?:shown|proven|demonstrated|established))\b",
    re.I,
)
_STRONGLY = re.compile(
    r"\b(?:strong|robust|solid|high[- ]quality|conclusive|convincing|proven|well[- ]established|"
    r"established|clear|consistent|compelling|overwhelming|reliable|good|supported|backed|"
    r"evidence[- ]based)\b"
    # the verb, said by the research: "the evidence supports its use", "evidence does not
    # support the use of" (not "we offer support to patients in our trials")
    rf"|\b(?:{_RESEARCH})\b(?:\s+[\w'’-]+){{0,3}}?\s+(?P<verb>support|supports|back|backs)\b",
    re.I,
)
# "a very hit or miss effect" says the results disagree, whatever noun it qualifies
# ... and "a lot of controversy on whether", "we are still not sure whether": what is known
_ABOUT_EVIDENCE = re.compile(
    rf"\b(?:{_RESEARCH}|{_EPISTEMIC}|hit[- ]or[- ]miss|{_UNSETTLED}|{_UNDER_STUDY})\b",
    re.I,
)
# A negation earlier in the same clause turns a strong statement into a weak one ("Neither
# outcome is supported by the evidence", "there is no strong evidence that...").
# ... and the quantifiers that deny as much ("little high-quality evidence", "very little has
# been proven", "nothing has been shown", "minimal evidence to support it"; not "a little")
_NEGATION = re.compile(
    r"\b(?:not|no|none|neither|nor|never|hardly|without|scarcely|barely|nothing|minimal|"
    r"(?<!\ba\s)(?:little|few))\b|n't\b",
    re.I,
)
# words that set what follows apart from what a negation before them denies
_EXCEPTED = re.compile(r"\b(?:outside|beyond|except|besides|other than|apart from)\b", re.I)


class Strength(StrEnum):
    ABSENT = "absent"  # "there are no studies on X": not one study, whatever it found
    NONE = "none"  # "there is no evidence for any benefit": none at all, not merely weak
    WEAK = "weak"
    STRONG = "strong"
    # "the research is still ongoing", "being investigated as a potential treatment": research
    # under way, with no word of how strong its findings are; the graph records what studies
    # found, not what is being studied, and such a sentence gets no verdict
    UNDER_STUDY = "under-study"


# Research said to be under way ("ongoing", "an active area of research", "being studied"),
# which says nothing of what it has found
_ACTIVITY = re.compile(rf"\b(?:{_ACTIVITY_WORDS})\b", re.I)


# "no evidence for any benefit", "no evidence that it works": the evidence is said to be
# absent; one comparison that finds a benefit is enough to deny that ("no evidence of severe
# adverse events" speaks of harms and is read as a safety claim instead)
_NO_EVIDENCE = re.compile(
    r"(?:\bno (?:real |scientific |published )?(?:evidence|proof) (?:for|of|that)\b"
    # "there is no evidence to support the use of MSCs"
    r"|\bno (?:real |good |scientific |published |clinical )?(?:evidence|proof|data) to "
    r"(?:support|back|show|suggest)\b"
    # "without any data to support such a thing", "without the science to back it up"
    r"|\bwithout (?:any |the )?(?:data|evidence|science|research|proof) to (?:support|back)\b"
    # "none of these studies have shown efficacy"
    r"|\b(?:none|no (?:study|studies|trials?))\b[^.;]{0,40}?\b(?:ha(?:ve|s)|ha(?:ve|s) been|"
    r"(?:were|was))\s+(?:\w+\s+)?(?:shown|demonstrated|proven|established)\b"
    # "which has not undergone demanding clinical study", "has never been tested in trials"
    r"|\bha(?:s|ve)(?:n['’]t| not| never)(?: yet)? (?:undergone|been (?:tested|studied|"
    r"evaluated))\b(?: \w+){0,3}? (?:stud(?:y|ies)|trials?|testing|research)\b)"
    r"(?!.*\b(?:adverse|side effects?|harms?|complications?|risks?)\b)",
    re.I,
)


# A phrase that sets the scene before the clause that asserts ("Amid the hype, ...", "Against
# the backdrop of unproven clinics, ..."); a concession ("Despite continued research, there are
# uncertainties") or a reason ("Given the limited evidence, ...") is asserted with it
_FRONTED = re.compile(
    r"^\W*(?:amid(?:st)?|in the face of|against the backdrop of|in a (?:sea|world|market) of)"
    r"\b[^,;:]{0,120},\s*",
    re.I,
)
# A company's name: a capitalised name with its legal form ("Cipla Limited", "Acme Ltd")
_COMPANY = re.compile(r"\b[A-Z][\w&.-]*\s+(?:Limited|Ltd|Inc|LLC|Pvt|GmbH|Corp|plc)\b\.?")


# "there are no clinical studies on the efficacy of product X": no study at all, which
# one comparative study of it in the graph denies, whatever it found
_NO_STUDIES = re.compile(
    r"\bno (?:\w+[- ]){0,2}?(?:stud(?:y|ies)|trials?|research) (?:on|of|about|into|regarding)\b"
    r"(?!.*\b(?:adverse|side effects?|harms?|complications?|risks?|safety)\b)",
    re.I,
)


def in_its_own_words(text: str) -> bool:
    """Whether the sentence says the evidence is weak or absent in words of its own ("has not
    been proven", "a lack of consistent evidence", "unproven"), not only by a regulator's or an
    insurer's class ("considered experimental and investigational"): a coverage policy that
    gives the evidence as its reason still makes a claim about the evidence."""
    strength = stated_strength(text)
    if strength in (Strength.NONE, Strength.ABSENT):
        return True
    return strength == Strength.WEAK and any(
        not re.fullmatch(_EXPERIMENTAL, m.group(0), re.I) for m in _WEAKLY.finditer(text)
    )


# Topics of what a treatment costs and who pays for or permits it (graph/vocab/scope.yaml)
_POLICY_TOPICS = ("cost-and-coverage",)


def policy_reason_read(outside: list, text: str) -> list:
    """The topics outside the graph that put `text` out of scope: a coverage or regulatory
    topic does not when the sentence gives the evidence, in its own words, as the reason
    ("not covered because long term safety and effectiveness has not been proven")."""
    if any(c.id in _POLICY_TOPICS for c in outside) and in_its_own_words(text):
        return [c for c in outside if c.id not in _POLICY_TOPICS]
    return outside


def stated_strength(text: str) -> Strength | None:
    """What the sentence says of the evidence, if it speaks of the evidence at all: a clause
    with a word for research or what it established, and a word for how strong it is."""
    text = _COMPANY.sub(" ", text)  # "Cipla Limited" names a firm; it weighs no evidence
    # "Amidst the noise of unproven cellular therapies, two-year data provides ...": what a
    # fronted phrase sets the scene with is not what the sentence asserts
    text = _FRONTED.sub("", text, count=1)
    for clause in re.split(r"[;:]|,\s+(?:but|while|whereas|although|though)\b", text):
        if not _ABOUT_EVIDENCE.search(clause):
            continue
        if _NO_STUDIES.search(clause):
            return Strength.ABSENT
        if _NO_EVIDENCE.search(clause):
            return Strength.NONE
        weak = [m.group(0) for m in _WEAKLY.finditer(clause)]
        if weak and all(_ACTIVITY.fullmatch(word) for word in weak):
            return Strength.UNDER_STUDY
        if weak:
            return Strength.WEAK
        strong = _STRONGLY.search(clause)
        if strong:
            before = clause[: strong.start("verb") if strong["verb"] else strong.start()]
            # a negation scopes over the rest of its clause ("has not been refined enough to
            # replicate consistent results"), but not past a word that sets what follows
            # apart from what is denied ("She does not offer products outside this
            # evidence-based framework": the framework is called evidence-based)
            negations = list(_NEGATION.finditer(before))
            negated = bool(negations) and not _EXCEPTED.search(before[negations[-1].end() :])
            return Strength.WEAK if negated else Strength.STRONG
    return None


# Words for how much evidence there is, or how good it is ("limited", "few small trials",
# "low-quality", "insufficient data"), as against what it has not established ("unproven",
# "more research is needed"): a graded finding of moderate or high certainty, whatever its
# direction, is not scant evidence.
_SCANT = re.compile(
    # ("small" is left out: "the number of participants is small" is one trial's size)
    r"\b(?:limited|weak|lacking|lacks?|insufficient|inconclusive|scarce|sparse|few|poor|"
    rf"little|low[- ]quality|{_LOW}|thin|scant|modest|inadequate|"
    r"(?:not|n['’]t)\s+(?:yet\s+|really\s+|nearly\s+|quite\s+)?(?:enough|sufficient|adequate))\b",
    re.I,
)


# Scarce evidence *of a benefit* ("sparse evidence to support its use", "a lack of proof",
# "little has been proven"): what has not been shown, which a finding of
# no difference bears out however certain it is
_OF_BENEFIT = re.compile(
    # ... or of one good enough to act on: "not enough evidence to recommend its use"
    rf"\b(?:{_RESEARCH})\s+(?:supporting|to (?:support|back|show|prove|recommend|justify|"
    r"endorse)|that (?:support|show)s?|"
    r"(?:for|of|regarding|on) (?:its |their |the )?(?:use|benefits?|efficacy|effectiveness))|"
    r"\b(?:evidence|data) that\b|\bproof\b"
    r"|\b(?:enough|sufficient|insufficient|adequate|inadequate)\s+(?:\w+\s+)?to\s+(?:support|back|"
    r"show|prove|recommend|justify|endorse)\b"
    r"|\b(?:little|nothing) (?:has|have) been (?:proven|shown|demonstrated)",
    re.I,
)


def speaks_of_scarcity(text: str) -> bool:
    """Whether a claim that the evidence is weak says there is little of it, or that it is
    poor (rather than that it has not proven the treatment, or that little proves a benefit)."""
    return any(
        _ABOUT_EVIDENCE.search(clause) and _SCANT.search(clause) and not _OF_BENEFIT.search(clause)
        for clause in re.split(r"[;:]|,\s+(?:but|while|whereas|although|though)\b", text)
    )


def judge(
    claimed: Strength,
    interventions: list[Concept],
    outcomes: list[Concept],
    rows: list[dict],
    vocab: Vocabulary,
    *,
    scant: bool = False,
) -> Judgement:
    """The claim about the evidence on `interventions` (for `outcomes`, when named) against
    the best tier of comparative evidence of benefit in `rows`. `scant`: the claim says the
    evidence is little or poor (speaks_of_scarcity)."""
    # "the efficacy, or even safety, of the therapy": the state of the evidence of benefit
    if claimed == Strength.UNDER_STUDY:
        why = (
            "insufficient: the claim says research is under way; the graph records what studies "
            "found, not what is being studied"
        )
        return Judgement("insufficient", why, [])
    outcomes = [o for o in outcomes if not concept_relation(o.id, "adverse-events", vocab)]
    bearing = [r for r in rows if _bears(r, interventions, outcomes, vocab)]
    if not bearing:
        names = ", ".join(c.label for c in interventions) or "the treatment"
        return Judgement(
            "insufficient", f"insufficient: the graph holds no comparative evidence on {names}", []
        )
    top = max(tier(r["designId"], r["certainty"]) for r in bearing)
    best = [r for r in bearing if tier(r["designId"], r["certainty"]) == top]
    strong = [r for r in best if _strong_benefit(r)]
    lead = max(strong or best, key=lambda r: (_rank(r), headline_rank(r, vocab)))
    strength = Strength.STRONG if strong else Strength.WEAK
    # a benefit found against a comparator (a change from baseline compares nothing)
    benefit = [r for r in bearing if r["direction"] == "favours-intervention" and r["comparator"]]
    not_scant = False  # "limited evidence" beside a finding of moderate or high certainty
    if claimed == Strength.ABSENT:  # denied by any study that compared it, whatever it found
        verdict = "contradicted"
    elif claimed == Strength.NONE:  # denied by any comparison that finds a benefit
        verdict = "contradicted" if strong else "mixed" if benefit else "supported"
        if benefit and not strong:
            lead = max(benefit, key=lambda r: (tier(r["designId"], r["certainty"]), _rank(r)))
            best = [lead, *[r for r in best if r is not lead]]
    elif claimed == Strength.WEAK:
        verdict = "supported" if strength == Strength.WEAK else "contradicted"
        certain = [r for r in best if _rank(r) >= 3]
        if verdict == "supported" and scant and certain:
            # "the evidence is limited" beside a moderate-certainty finding of no difference:
            # it has not shown a benefit, but it is not little or poor
            verdict, lead, not_scant = "mixed", certain[0], True
    elif strength == Strength.STRONG:
        verdict = "supported"
    elif any(r["direction"] == "favours-intervention" for r in best):
        verdict = "mixed"
    else:
        verdict = "contradicted"
    items = [
        _item(r, claimed, strength, vocab, certain=not_scant and _rank(r) >= 3)
        for r in sorted(best, key=lambda r: (_rank(r), headline_rank(r, vocab)), reverse=True)
    ]
    what = tier(lead["designId"], lead["certainty"]).words
    found = f"{what} {source_label(lead)} {found_words(lead, lead['direction'], vocab)}"
    if claimed == Strength.ABSENT:
        studies = len({r["studyId"] for r in bearing})
        why = (
            f"{verdict}: the claim says there are no studies; the graph holds {studies} that "
            f"compared it, among them {found}"
        )
    elif claimed == Strength.NONE:
        why = f"{verdict}: the claim says there is no evidence of benefit; {found}"
    elif not_scant:
        why = (
            f"{verdict}: the evidence has not shown a benefit, but it is not little or poor: "
            f"{found}"
        )
    else:
        why = f"{verdict}: the best evidence is {strength.value}: {found}"
    why += f" ({_certainty(lead)})"
    return Judgement(verdict, why, items)


def _bears(row: dict, interventions, outcomes, vocab) -> bool:
    if row["direction"] is None or within_group(row["designId"], row["comparator"]):
        return False
    if concept_relation(row["outcome"], "adverse-events", vocab) in ("same", "narrower"):
        return False  # the state of the evidence of benefit, not of harm
    if not any(
        concept_relation(row["intervention"], c.id, vocab) in ("same", "narrower")
        for c in interventions
    ):
        return False
    return not outcomes or any(concept_relation(row["outcome"], o.id, vocab) for o in outcomes)


def _strong_benefit(row: dict) -> bool:
    return (
        row["direction"] == "favours-intervention" and CERTAINTY_RANK.get(row["certainty"], 0) >= 3
    )


def _rank(row: dict) -> int:
    return CERTAINTY_RANK.get(row["certainty"], 0)


def _certainty(row: dict) -> str:
    if not row["certainty"]:
        return "certainty not stated"
    return row["certainty"].replace("grade-", "") + " certainty"


def _item(
    row: dict, claimed: Strength, found: Strength, vocab: Vocabulary, *, certain: bool = False
) -> dict:
    """`certain`: a finding of moderate or high certainty against a claim that the evidence
    is little or poor."""
    reason = (
        f"{row['studyId']}: {found_words(row, row['direction'], vocab)} ({_certainty(row)}): "
        f"evidence of {found.value} strength; the claim says it is {claimed.value}"
    )
    if certain:
        reason += "; its certainty is moderate or high, not little or poor"
        return evidence_item(row, "contradicts", reason, row["direction"], vocab)
    if claimed == Strength.ABSENT:  # a study that compared it denies that there is none
        reason = (
            f"{row['studyId']}: {found_words(row, row['direction'], vocab)}: a study of it; "
            "the claim says there are none"
        )
        stance = "contradicts"
    elif claimed == Strength.NONE:  # a benefit found denies that there is no evidence of one
        benefit = row["direction"] == "favours-intervention"
        stance = "contradicts" if benefit else "supports"
    else:
        stance = "supports" if claimed == found else "contradicts"
    return evidence_item(row, stance, reason, row["direction"], vocab)
