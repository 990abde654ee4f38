"""Reading a claim: which interventions it is about, against what, in which direction, and how
strongly it says so. kg.check then compares that reading with the evidence.

The interpretation (kg.interpret) lists the concepts a sentence names; a claim needs more:
- sides: the comparator is the intervention that follows a comparison word ("better *than*
  steroid", "*compared with* placebo", "*outperform* marrow cells"), whichever order the
  sentence has; every other intervention is on the claim's side ("neither BMAC, SVF nor
  UC-MSCs"), the narrower one kept when two say the same ("umbilical cord tissue MSCs");
- direction: better, no different or worse than the comparator, with negation ("failed
  to beat") and the outcome's polarity ("reduces pain" is better, "reduces KOOS" worse);
- strength: certainty words ("proven", "beyond doubt") and universal words ("every",
  "completely", "at all"), which the verdict holds to a higher standard;
- an unknown side: "glucosamine works as well as MSCs" compares with something the graph
  has no word for, so no evidence in the graph bears on it;
- a ranking: "the most effective MSCs are from bone marrow" sets one treatment above the
  others of its kind, and "the only one with demonstrated efficacy" denies the others any;
  evidence against placebo says nothing of either.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from enum import StrEnum

from kg.harm_claims import SAFETY_VERDICT, HarmClaim, read_harm, without_harm_words
from kg.interpret import Interpretation
from kg.terms import Concept

BETTER, SAME, WORSE = "favours-intervention", "no-difference", "favours-comparator"
_IMPROVE = re.compile(
    r"\b(improv\w*|benefit\w*|effective\w*|efficac\w*|relie\w*|help\w*|work\w*|superior|"
    r"outperform\w*|beat\w*|better|re-?generat\w*|restor\w*|repair\w*|rebuild\w*|enhanc\w*|"
    # "heals", "healing"; not "health", "healthy", "healthcare"
    r"heal(?:s|ed|ing|er)?\b|"
    r"re-?grow\w*|slow\w*|delay\w*|prevent\w*|safe(?:ly|r|st)?|well tolerated|"
    # the disease stopped or turned back: "can stop and reverse osteoarthritis"
    r"revers(?:e|es|ed|ing)\b(?!\s+(?:total|shoulder))|halt(?:s|ed|ing)?\s+(?:the\s+)?"
    r"(?:progression|osteoarthritis|arthritis|OA|degeneration|disease|cartilage loss)\b|"
    r"no (?:major |serious |significant )?(?:safety )?concerns?|promis\w*|"
    # praise that names no outcome: "a major breakthrough", "a game changer", "revolutionary"
    r"breakthroughs?|game[- ]chang\w*|revolution\w*|"
    # "a valid alternative treatment for knee OA", "offers a minimally invasive alternative
    # for treating arthritis": it treats the disease (an alternative TO a treatment is read
    # as no worse than it, below)
    r"alternative(?:\s+(?:treatment|therapy|option))?\s+(?:for|in)\s+(?:treating\s+|the\s+"
    r"treatment\s+of\s+)?(?:\w+\s+){0,2}?(?:osteoarthritis|arthritis|OA|KOA|knee)|"
    # a plain verdict: "they are both good", "PRP is great for tendons"
    r"(?:is|are|was|were)\s+(?:both\s+|all\s+|very\s+|really\s+|equally\s+)?(?:good|great|"
    r"excellent)(?!\s+(?:to\b|news|candidates?|questions?|idea))|"
    # a trial's result in a sponsor's words: "positive results", "met its primary endpoint"
    r"positive (?:\w+ )?(?:results?|data|outcomes?|findings?)|met (?:its|the|their) primary "
    r"(?:end ?point|outcome)|favou?rable (?:\w+ )?(?:responses?|results?|outcomes?)|"
    # tissue made or mended: "stimulates the growth of cartilage", "promotes new tissue",
    # "fixes worn cartilage", "grows new cartilage" (not "promotes inflammation")
    r"(?:stimulat|promot|encourag|boost|trigger)\w*\s+(?:\w+\s+){0,3}?(?:growth|repair|"
    r"healing|regeneration|production of new|formation of new|new (?:cartilage|tissue|cells))|"
    r"fix(?:es|ed|ing)?\s+(?:\w+\s+){0,3}?(?:damage|cartilage|tissue|joints?|knees?)|"
    r"(?:cartilage|tissue)\s+(?:re)?growth|grow\w*\s+(?:\w+\s+)?(?:cartilage|tissue)|"
    # a symptom or the disease taken away: "eases knee pain", "gets rid of the stiffness",
    # "cures arthritis", "ends joint pain" ("a cure for", "to treat" name what it is for)
    r"(?:alleviat\w*|eas(?:e|es|ed|ing)|sooth\w*|resolv(?:e|es|ed|ing)|end(?:s|ed|ing)?|"
    r"eras(?:e|es|ed|ing)|banish\w*|cur(?:e|es|ed|ing)|fix(?:es|ed|ing)?|combat\w*|"
    r"fight(?:s|ing)?|tackl\w*|kill(?:s|ed|ing)?|stop(?:s|ped|ping)?|"
    r"(?:get|gets|getting|got) rid of|(?:take|takes|taking|took) away|wip(?:e|es|ed|ing) out|"
    r"(?:put|puts|putting) an end to|(?:say|says|said) goodbye to)\s+"
    r"(?:(?:the|your|their|his|her|its|that|this|knee|joint|chronic|arthritic|arthritis|"
    r"osteoarthritis|OA|persistent|daily|severe|constant|nagging|debilitating)\s+){0,3}"
    r"(?:pain|aches?|stiffness|swelling|discomfort|symptoms?|arthritis|osteoarthritis|OA|KOA|"
    r"the disease)\b(?![- ](?:medic\w*|killers?|relievers?|pills?|management|specialists?|"
    r"clinics?|doctors?|scores?|scales?))|"
    # "safety" names a topic; it claims only with a verdict on it (kg.harm_claims)
    rf"{SAFETY_VERDICT})\b",
    re.I,
)
_DECREASE = re.compile(
    r"\b(reduc\w*|lower\w*|decreas\w*|less|fewer|drop\w*|cut\w*|fell|fall\w*|declin\w*|eliminat\w*|"
    r"halv\w*|lessen\w*)\b",
    re.I,
)
_INCREASE = re.compile(r"\b(increas\w*|rais\w*|higher|more|greater|gain\w*)\b", re.I)
_SAME_WORDS = re.compile(
    r"\b(no (?:significant |meaningful |clinically important )?difference|similar\w*|"
    r"comparabl\w*|equivalen\w*(?!\s+of\b)|no better|not better|not superior|as effective as|"
    # "performed about the same", "the same results as": a comparison; "the same clinical
    # visit", "came to the same conclusion", "in the same knee" name one thing twice
    # ... but "stays the same", "remained the same" tell of no change, not of two sides
    r"(?<!stay )(?<!stays )(?<!stayed )(?<!remain )(?<!remains )(?<!remained )(?<!keep )"
    r"(?<!kept )(?:about |roughly |much )?the same(?=\s*(?:[.,;:!?)]|$)|\s+(?:as|in|on|for|at|"
    r"across|between|overall|after|with|by|results?|outcomes?|effects?|benefits?|improvements?|relief|"
    r"levels?|degree|amount|pain|function|efficacy)\b)|"
    r"little or no|no more effective|no additional|"
    r"(?:did )?not differ(?!entiat)\w*|no different|equally|on par|"
    # "were not significantly different", "None of the other 24 outcomes ... were
    # statistically significantly different between the 2 groups"
    r"(?:was|were|is|are)(?:n['’]t| not)\s+(?:\w+ly\s+){0,3}different|"
    r"\bnone\b[^.;]{0,80}?\b(?:was|were)\s+(?:\w+ly\s+){0,3}different|"
    r"(?:failed to|did not|didn't) meet (?:its|the|their) primary|missed (?:its|the) primary|"
    # "a viable alternative to knee replacement": as good as it, for the one who says so
    r"(?:viable|valid|effective|proven|real|safe|good) alternatives? to)\b|≈",
    re.I,
)
# "placebo effects", "the placebo response": a benefit said to be the placebo's, that is no
# better than placebo
_PLACEBO_EFFECT = re.compile(r"placebo[- ](?:effects?|responses?)\b", re.I)
# ... and an effect said to go past it ("goes beyond a mere placebo effect", "more than a
# placebo response", "not just a placebo effect"): better than placebo
_BEYOND_PLACEBO = re.compile(
    r"\b(?:beyond|more than|over and above|greater than|exceeds?|exceeding|surpass\w*|"
    r"not (?:just|only|merely|simply|solely)|(?:is|are)n't (?:just|only|merely|simply))\s+"
    r"(?:(?:a|an|the|its|their|any|mere|simple)\s+){0,3}placebo[- ](?:effects?|responses?)\b",
    re.I,
)
# A symptom said to be gone ("walk again without pain", "free of stiffness", "pain-free"): a
# benefit, not a negated one
_SYMPTOM_GONE = re.compile(
    r"\b(?:without|free (?:of|from)|no (?:more|longer))\s+(?:any\s+|the\s+)?(?:knee\s+|joint\s+)?"
    r"(?:pain|aches?|stiffness|swelling|discomfort|limp\w*)\b"
    r"(?![- ](?:relief|reduction|improvement|control|medications?|killers?|scores?))"
    r"|\bpain[- ]free\b",
    re.I,
)
# A change seen in treated patients, told as an observation rather than as a comparison: "an
# improvement was observed", "pain improvement of 69% at 12 months", "85 per cent of patients
# improved", "better than baseline", "patients experienced less pain".
_OBSERVED_CHANGE = re.compile(
    r"\b(?:was|were|been) (?:\w+ )?(?:observed|seen|noted|recorded|reported)\b"
    r"|\b(?:improvement|reduction|decrease|relief)s? (?:of|by) (?:\w+ )?\d+(?:\.\d+)? ?"
    r"(?:%|per ?cent)"
    r"|\b\d+(?:\.\d+)? ?(?:%|per ?cent) of (?:the )?(?:patients|participants|subjects)\b"
    r"|\b(?:patients|participants|subjects)\b[^.;]{0,40}?\b(?:experienced|reported|had|showed)\b"
    r"|\b(?:from|than|over) (?:the )?baseline\b|\bbefore and after\b"
    # "both treatments improved knee function over time": each group's own course
    r"|\bover time\b"
    r"|\b(?:both|all|each of the)\s+(?:\w+\s+)?(?:groups|treatments|arms|cohorts)\b[^.;]{0,20}?"
    r"\b(?:improv\w*|got better|benefit\w*)",
    re.I,
)
# A test that found nothing, when the sentence states no other direction
_NOT_SIGNIFICANT = re.compile(
    r"\b(?:was|were)(?:n['’]t| not) (?:statistically )?significant|\bneither\b[^.;]{0,40}?"
    r"\b(?:was|were) (?:statistically )?significant",
    re.I,
)
_WORSE_WORDS = re.compile(
    r"\b(worse|inferior|less effective|harm\w*|worsen\w*|deteriorat\w*|progress\w* more)\b",
    re.I,
)
_SAFETY = re.compile(r"\b(safe\w*|adverse|side effects?|complications?|tolerat\w*)\b", re.I)
# A treatment said to bring about a harm: "MSC injections cause serious side effects", "can
# lead to infection", "may result in tumours" (a harm happening is the treatment worse)
_CAUSES = re.compile(
    r"\b(?:caus(?:e|es|ed|ing)|lead(?:s|ing)? to|led to|result(?:s|ed|ing)? in|trigger\w*|"
    r"provok\w*|induc(?:e|es|ed|ing))\b",
    re.I,
)
# A harm of an outcome ("cartilage loss", "progression of OA"): its decrease is a benefit,
# whatever the outcome's own polarity.
_HARM_OF = re.compile(
    r"\b(loss|losses|degenerat\w*|progression|deteriorat\w*|damage|breakdown|wear|thinning|"
    r"narrowing)\b",
    re.I,
)
# Words that judge one thing against another (with _SAME_WORDS), and the distributive "both".
_RELATIVE = re.compile(
    r"\b(better|worse|superior|inferior|outperform\w*|beat\w*|more effective|less effective|"
    # "different types of stem cells" sorts them; it does not compare their effects
    # ... and "differentiate into chondrocytes" is what a cell becomes, no comparison
    r"differ(?!entiat)\w*(?!\s+(?:types?|kinds?|forms?|sorts?|sources?)\s+of)|faster|slower|"
    r"stronger|"
    r"weaker)\b",
    re.I,
)
# Groups alike in who they were, not in how they fared: "no differences between the groups
# when considering KL grade, BMI, age or gender", "comparable at baseline", "matched for age"
_BASELINE_BALANCE = re.compile(
    r"\b(?:differ\w*|similar\w*|comparable|balanced|matched|alike)\b[^.;]{0,60}?\b(?:in|for|"
    r"regarding|considering|with respect to|in terms of|at|by)\s+"
    r"(?:(?:the|their|patients['’]?)\s+)?"
    r"(?:age|sex|gender|BMI|body mass|KL grades?|Kellgren|demographic\w*|baseline)\b",
    re.I,
)
_BOTH = re.compile(r"\b(both|each of|either|all of)\s+(?:[\w-]+\s+){0,2}$", re.I)
_DIFFERENCE = re.compile(r"\bdifferen(?!tiat)\w*", re.I)
CUES = (_IMPROVE, _DECREASE, _INCREASE, _SAME_WORDS, _WORSE_WORDS, _SAFETY)
# A comparison word right before an intervention makes it the comparator.
_BEFORE_COMPARATOR = re.compile(
    r"\b(than|vs\.?|versus|compared (?:with|to)|comparing|against|over|relative to|"
    r"with respect to|instead of|as well as|as effective as|as good as|rather than|"
    r"outperform\w*|beat\w*|"
    r"superior to|inferior to|similar to|equivalent to|comparable to|same as|alongside|"
    r"alternatives? to)"
    # ("higher than for steroid injections", "than after hyaluronic acid")
    r"\s+(?:(?:an?|the|single|those|patients|given|with|in|of|for|after|following|from|"
    r"receiving|knee|total|joint|major|open|invasive|standard|conventional)\s+){0,4}$",
    re.I,
)
_COMPARISON = re.compile(
    r"\b(than|vs\.?|versus|compared (?:with|to)|as well as|as effective as|as good as|"
    r"against)\b",
    re.I,
)
_OVERSTATED = re.compile(
    r"\b(proven|proves?|definitive\w*|conclusive\w*|beyond (?:any |all )?doubt|"
    r"undeniabl\w*|unquestionabl\w*|guarantee\w*|cures?|miracle|breakthroughs?|"
    r"game[- ]chang\w*|revolutionary|"
    # the size of the benefit praised beyond what any trial measured: "may be of great
    # benefit", "dramatic improvement", "remarkable results", "life-changing relief"
    r"(?:great|huge|tremendous|enormous|massive)\s+(?:\w+\s+)?(?:benefits?|relief|results?|"
    r"improvements?|success)|dramatic\w*|remarkabl\w*|life[- ]chang\w*|amazing|incredibl\w*)\b",
    re.I,
)
_UNIVERSAL = re.compile(
    # (not a count or a frequency: "every third person", "every three months")
    r"\b(every(?!\s+(?:second|third|fourth|fifth|other|few|single\s+day|\d+|one\s+of|"
    r"(?:two|three|four|six|twelve)\s+)|\s+(?:day|week|month|year)s?\b)|always|completely|"
    r"entirely|totally|never|at all|without exception|in all patients|"
    r"no side effects)\b",
    re.I,
)


class Ranking(StrEnum):
    """How a claim sets a treatment among its alternatives."""

    MOST = "most"  # "the most effective", "the best", "better than any other"
    ONLY = "only"  # "the only one with demonstrated efficacy"


_MOST = re.compile(
    r"\b(?:the\s+)?most\s+(?:effective|efficacious|beneficial|successful|potent|powerful|"
    r"advanced|reliable)\b|\bthe\s+best\b|"
    r"\b(?:better|more effective|superior)\s+(?:than|to)\s+(?:all|any)\b|"
    r"\boutperform\w*\s+(?:all|any|every)\b",
    re.I,
)
_ONLY = re.compile(
    r"\bthe\s+only\s+(?:one|ones|(?:[\w-]+\s+){0,2}?(?:cells?|treatments?|therap\w+|"
    r"injections?|options?|products?))\s+(?:with|that|which|to|shown|proven)\b",
    re.I,
)


# A claim of possibility or of some evidence ("may help", "some studies show", "in some
# patients"): it holds if some of the evidence bears it out.
_HEDGED = re.compile(
    r"\b(?:may|might|can(?! ?not\b)|could (?!have\b)|some (?:studies|research|trials|reports|"
    r"evidence|patients|people)|"
    # "several studies have concluded": true when some did, whatever the best evidence says
    r"(?:several|a few|a number of|numerous|multiple|many|various) (?:\w+ )?(?:studies|trials|"
    r"reports|papers)|(?:studies|research|evidence|data|trials)\b[^.;]{0,60}?\b(?:suggest\w*|"
    r"indicat(?:es?|ed))|"
    r"in some (?:cases|patients|people)|for some (?:patients|people)|"
    r"potential(?:ly)?|possibl[ey]|promis\w*|"
    r"(?:early|preliminary|emerging|initial) (?:evidence|stud(?:y|ies)|research|data|"
    r"results|findings|trials?))\b",
    re.I,
)
# Words for making tissue anew: a claim that a treatment regenerates, regrows or repairs says
# something of joint structure, whatever else it names.
_REGROWTH = re.compile(
    r"\b(?:regenerat\w*|regrow\w*|re-grow\w*|rebuild\w*|repair\w*|restor\w* (?:the )?"
    r"(?:cartilage|tissue|joint)|(?:cartilage|tissue) growth|grow\w* (?:new )?(?:cartilage|"
    r"tissue)|fix\w* (?:\w+ ){0,3}?damage|undo\w* (?:\w+ )?damage|revers\w* (?:\w+ )?(?:damage|"
    r"arthritis|osteoarthritis|OA|the disease|degeneration))\b",
    re.I,
)


def claims_regrowth(text: str) -> bool:
    """Whether the claim says tissue is made anew (not "regenerative medicine")."""
    return _first_cue(_REGROWTH, text) is not None


@dataclass
class ClaimReading:
    """The claim's sides, direction and strength."""

    interp: Interpretation
    interventions: list[Concept] = field(default_factory=list)
    comparators: list[Concept] = field(default_factory=list)  # "than PRP or HA": both
    direction: str | None = None
    overstated: str | None = None  # the certainty word, when the claim overstates
    hedged: str | None = None  # "may help", "some studies show": a claim of possibility
    universal: str | None = None  # the universal word, when the claim admits no exception
    unknown_side: str | None = None  # a compared word the graph does not know
    each: bool = False  # "both PRP and MSCs work": said of each treatment named
    ranking: Ranking | None = None  # "the most effective", "the only one"
    ranked_among: Concept | None = None  # "the most effective MSCs": the kind ranked within
    harm: HarmClaim | None = None  # "safe", "sore for a day or two": which harms, and whether
    benefit_too: bool = False  # "safe and effective": a claim of benefit beside the harms
    observed_change: bool = False  # "improvement was observed in 85% of patients": no comparison

    @property
    def intervention(self) -> Concept | None:
        return self.interventions[0] if self.interventions else None

    @property
    def comparator(self) -> Concept | None:
        return self.comparators[0] if self.comparators else None

    def to_json(self) -> dict:
        return {
            "intervention": self.intervention.id if self.intervention else None,
            "claim_interventions": [c.id for c in self.interventions],
            "comparator": self.comparator.id if self.comparator else None,
            "comparators": [c.id for c in self.comparators],
            "direction": self.direction,
            "overstated": self.overstated,
            "universal": self.universal,
            "hedged": self.hedged,
            "unknown_side": self.unknown_side,
            "each": self.each,
            "ranking": self.ranking.value if self.ranking else None,
            "ranked_among": self.ranked_among.id if self.ranked_among else None,
            "harm": self.harm.value if self.harm else None,
            "benefit_too": self.benefit_too,
            "observed_change": self.observed_change,
        }


# "they didn't know ... which patients have the best chance", "whether it is the most
# effective": a question inside the sentence asks what the superlative would be, it does not
# say it
_INDIRECT_QUESTION = re.compile(r"\b(?:which|what|whether|if|how|who)\b[^,;:.]*$", re.I)


def _asked(text: str, at: int) -> bool:
    """Whether the words at `at` are inside an indirect question of their clause."""
    return bool(_INDIRECT_QUESTION.search(text[:at]))


def read_claim(interp: Interpretation, text: str) -> ClaimReading:
    """`text` is the claim with named studies and stated numbers blanked (kg.check)."""
    reading = ClaimReading(interp)
    reading.comparators = _comparators(interp, text)
    same_side = [c for c in interp.interventions if c not in reading.comparators]
    kinds = [c for c in same_side if any(d is not c and d.within(c.id) for d in same_side)]
    reading.interventions = [c for c in same_side if c not in kinds]
    ranked = None if reading.comparators else (_ONLY.search(text) or _MOST.search(text))
    if ranked and not negated_at(text, ranked.start()) and not _asked(text, ranked.start()):
        reading.ranking = Ranking.ONLY if ranked.re is _ONLY else Ranking.MOST
        reading.ranked_among = kinds[0] if kinds else None
    reading.direction = claim_direction(text, interp)
    reading.harm = read_harm(text)
    reading.observed_change = (
        reading.direction == BETTER
        and not reading.comparators
        and bool(_OBSERVED_CHANGE.search(text))
        and not _RELATIVE.search(text)
    )
    without_harms = without_harm_words(text)
    reading.benefit_too = (
        without_harms != text and _first_cue(_IMPROVE, without_harms) is not None
    ) or bool(_EFFICACY.search(_PARENTHESES.sub(" ", text)))  # "safety and effectiveness"
    reading.each = len(reading.interventions) > 1 and (
        _distributive(interp, text) or _joined_by_and(reading.interventions, interp, text)
    )
    if m := _OVERSTATED.search(text):
        reading.overstated = m.group(0)
    if m := _UNIVERSAL.search(text):
        reading.universal = m.group(0)
    if m := _HEDGED.search(text):
        reading.hedged = m.group(0)
    # (a claim set against placebo by its words for a placebo effect may compare with
    # something else as well: "goes beyond a placebo effect, and is better than other options")
    if reading.comparator is None or not reading.interventions or speaks_of_placebo_effect(text):
        reading.unknown_side = _unknown_side(interp, text, subject=not reading.interventions)
    return reading


# Words that name the benefit itself: beside a word for harms, the claim is of both
_EFFICACY = re.compile(r"\b(?:effective(?:ness)?|efficac(?:y|ious)|efficient)\b", re.I)
# what a name stands for ("the STEP trial (Safety, Tolerability and Efficacy of Progenza)")
_PARENTHESES = re.compile(r"\([^()]*\)")
# "Regenerative Injection Therapies", "regenerative medicine", "a restorative procedure": the
# word names a kind of treatment; it does not say that one worked.
_NAMES_A_TREATMENT = re.compile(
    r"\s+(?:injection\s+)?(?:medicine|therap\w*|treatments?|injections?|procedures?|orthop\w*|"
    r"clinics?|field|space|approach\w*|options?|products?|specialists?|practi\w+|"
    # "healing mechanisms", "regenerative properties": what a thing is for, not what it did
    r"mechanisms?|properties|potential|capacity|process(?:es)?|abilit\w+|agents?|factors?)\b",
    re.I,
)


_FIELD_WORDS = re.compile(r"regenerative|restorative|reparative|healing", re.I)


def _first_cue(pattern: re.Pattern, text: str) -> re.Match | None:
    """The first match of a direction word that is not part of a treatment's name nor a noun.
    Only the words that name a field of medicine count as names: "an effective treatment" is
    a claim."""
    for match in pattern.finditer(text):
        word = match.group(0).lower()
        if _FIELD_WORDS.fullmatch(word) and _NAMES_A_TREATMENT.match(text, match.end()):
            continue  # "regenerative medicine"
        if word.startswith("work") and _A_NOUN.search(text[: match.start()]):
            continue  # "time off work"
        return match
    return None


# "time off work", "back to work": the noun, not the verb that says a treatment works
_A_NOUN = re.compile(r"\b(?:off|of|at|to|from|your|the|their|his|her|my|our|for)\s+$", re.I)


def overstates(text: str) -> bool:
    """Whether the claim overstates ("cures", "proven", "a breakthrough"): with a benefit read
    of a treatment it names, what a writer most needs checked, however short or plain it is."""
    return bool(_OVERSTATED.search(text))


def speaks_of_placebo_effect(text: str) -> bool:
    """ "It is (not) a placebo effect": a claim measured against placebo, whatever it names."""
    return bool(_PLACEBO_EFFECT.search(text))


def says_no_difference(text: str) -> bool:
    """ "No difference", "similar", "as effective as", "little or no"..."""
    return bool(_SAME_WORDS.search(text))


# "the benefits were deemed to outweigh the adverse effects": a claim of net benefit, judged
# on what the treatment does, not on its harms alone
NET_BENEFIT = re.compile(
    r"\bbenefits?\b[^.;]{0,60}?\boutweigh\w*\b|\boutweigh\w*\b[^.;]{0,30}?\b(?:risks?|harms?|"
    r"adverse|side[- ]effects?|downsides?)\b",
    re.I,
)


def is_safety_claim(text: str) -> bool:
    return bool(_SAFETY.search(text) or read_harm(text)) and not NET_BENEFIT.search(text)


# What is said of the other side, after what the treatment did: "an increase of cartilage
# volume with MSCs, as opposed to further deterioration in untreated patients", "..., whereas
# the saline group got worse"
_OTHER_SIDE = re.compile(
    r"(?:,\s*|\s+)(?:as opposed to|in contrast (?:to|with)|whereas|unlike)\b", re.I
)


def _states_a_change(text: str) -> bool:
    return any(p.search(text) for p in (_SAME_WORDS, _WORSE_WORDS, _DECREASE, _INCREASE)) or bool(
        _first_cue(_IMPROVE, text)
    )


def claim_direction(text: str, interp: Interpretation):
    """Which side the claim says wins, with negation and the outcome's polarity applied.
    None when it states no direction: a description ("MSCs vs saline were tested") or only
    numbers about a study ("RESTORE enrolled 288"), which are checked on the facts they
    state and are never taken to praise the treatment."""
    # what a study measured is set aside, the rest read: "assessed the efficacy of BMAC and
    # found it improved pain" finds what "improved" says
    text = _MEASURED.sub(lambda m: " " * len(m[0]), text)
    if (other := _OTHER_SIDE.search(text)) and _states_a_change(text[: other.start()]):
        text = text[: other.start()]  # what the other side did is not the claim's direction
    harm = read_harm(text)
    if harm == HarmClaim.MINOR_HARMS_OCCUR:
        return WORSE  # "temporary pain and swelling after the injection": harms happen
    if _BASELINE_BALANCE.search(text) and not interp.outcomes:
        return None  # "the groups did not differ in age, BMI or KL grade": how they began
    if _SAME_WORDS.search(text):
        return SAME
    if (beyond := _BEYOND_PLACEBO.search(text)) and not (
        negated_at(text, beyond.start()) or hypothetical_at(text, beyond.start())
    ):
        return BETTER  # "the effect goes beyond a mere placebo effect"
    if (effect := _PLACEBO_EFFECT.search(text)) and not negated_at(text, effect.start()):
        return SAME  # "the perceived benefits are really placebo effects": no better than it
    if cue := _SYMPTOM_GONE.search(text):
        direction = BETTER
    elif cue := _WORSE_WORDS.search(text):
        direction = WORSE
    elif cue := _first_cue(_IMPROVE, text):
        direction = BETTER
    elif (cue := (_DECREASE.search(text) or _INCREASE.search(text))) and (
        interp.outcomes or _HARM_OF.search(text)
    ):
        # more or less OF an outcome or a harm; "an increasing number of clinics", "higher
        # and lower cell concentrations", "less invasive" say nothing of what the treatment does
        lower_better = any(o.polarity == "lower-is-better" for o in interp.outcomes)
        if _harm_changed(text, cue):  # "less loss of cartilage": less of a harm is better
            lower_better = True
        decrease = bool(_DECREASE.search(text))
        direction = BETTER if decrease == lower_better else WORSE
    elif interp.negated and (interp.outcomes or _SAFETY.search(text) or _DIFFERENCE.search(text)):
        return SAME  # "no serious adverse events", "did not produce a difference"
    elif harm == HarmClaim.NO_SERIOUS_HARM:
        return BETTER  # "side effects are minimal", "a low-risk option": safe
    elif (cue := _CAUSES.search(text)) and any(o.within("adverse-events") for o in interp.outcomes):
        direction = WORSE  # "can cause infections": a harm brought about
    elif _NOT_SIGNIFICANT.search(text):
        return SAME  # "Neither comparison was statistically significant", and nothing else
    else:
        return None  # no direction stated: a description, or numbers about a study
    if hypothetical_at(text, cue.start()):
        return None  # "to look for structural improvements": sought, not found
    if negated_at(text, cue.start()):
        direction = SAME  # "did not reduce pain", "did not increase the risk": no difference
    return direction


# The harm a change word is about: "less loss of cartilage", "a decrease in the rate of
# progression" (a few words after it, in its clause), not a harm said of something else ("a
# gain of cartilage with BMAC but a loss with HA")
_CHANGED_HARM = re.compile(
    r"\s*(?:(?!(?:but|whereas|while|although|yet|than)\b)[\w'’-]+\s+){0,5}?" + _HARM_OF.pattern,
    re.I,
)


def _harm_changed(text: str, cue: re.Match) -> bool:
    return bool(_CHANGED_HARM.match(text, cue.end()))


# A negation governs what follows it in its clause: up to a clause boundary or a word that
# turns the sentence ("MSCs reduce pain and do not cause tumours": the "not" is about the
# tumours, not the pain).
_CLAUSE_END = re.compile(
    r"[,;:()]|\b(?:but|however|although|though|while|whereas|yet|and|or)\b", re.I
)
_NEGATOR = re.compile(
    # "not only effective but safe" intensifies; it does not deny
    r"\b(?:not(?!\s+(?:only|just|merely)\b)|no|never|neither|nor|without|fail(?:s|ed)? to|"
    r"cannot|none)\b|n't\b",
    re.I,
)


# A purpose, a question or a counterfactual governs what follows it in its clause: "X-rays
# were used to look for structural improvements", "to determine whether MSCs reduce pain",
# "could have been improved": what is sought or wished is not what was found.
_HYPOTHETICAL = re.compile(
    r"\b(?:to|will|would)\s+(?:\w+\s+){0,2}?(?:assess|evaluate|look|determine|investigate|"
    r"examine|test|measure|see|study|explore|compare|establish|confirm|find out)\b"
    r"|\bwhether\b|\bif\b"
    # the case named, not asserted: "the evidence for PRP, when it works, when it doesn't"
    r"|\bwhen\s+(?:[\w'’-]+\s+){0,3}[\w'’-]+$"
    # a study's hypothesis: "we hypothesized that BMC will be more effective"
    r"|\bhypothesi[sz]ed\b|\bhypothesis\b|\bwe expected\b"
    # a purpose: "injections of healing agents to help reduce pain", "designed to repair";
    # what a result showed is no purpose ("shown to help reduce pain")
    r"|(?<!shown )(?<!proven )(?<!found )(?<!been )(?<!can be used )(?<!could be used )"
    r"\bto\s+help\b"
    r"|\b(?:designed|intended|meant|aims?|aimed)\s+to\b"
    # what a thing is used for; what it "can be used to" do is a claim of what it does
    r"|(?<!can be )(?<!could be )\bused\s+to\b"
    # a hope or an attempt: "the hope is that we can cause regrowth", "in an attempt to
    # encourage regeneration", "can potentially be accomplished"
    r"|\bthe hope is\b|\bin (?:the )?hopes? (?:of|that)\b|\bis hoped\b"
    r"|\bin an? (?:attempt|effort|bid)\s+to\b"
    r"|\bcan potentially\b"
    # what a study set out to measure: "a review evaluating the efficacy of BMAC", "the
    # primary outcomes were pain relief and functional improvement": the topic measured, not
    # what was found ("this review evaluated the effectiveness of ..." is set aside before
    # the direction is read: _MEASURED)
    r"|\b(?:evaluating|assessing|investigating|examining|exploring|determining)\b"
    r"|\b(?:primary|secondary|main)\s+(?:outcomes?|end[- ]?points?)(?:\s+measures?)?\s+"
    r"(?:was|were|is|are|included)\b"
    # what did not happen: "the description of harms could have been improved"
    r"|\b(?:could|should|would)(?:\s+not|n't)?\s+have\b",
    re.I,
)


# What a study measured, listed after its verb: "assessed the safety and efficacy of MAG200",
# "evaluated the effectiveness, safety and tolerability of": the topics, not a finding
_MEASURED = re.compile(
    r"\b(?:(?:evaluat|assess|investigat|examin|explor|measur|analy[sz]|compar|quantif|determin)\w*"
    # ... or the study named by its topic: "a randomized trial on the efficacy of", "a study
    # of the safety and effectiveness of"
    r"|(?:trials?|stud(?:y|ies)|reviews?|RCTs?|analys[ie]s|meta-analys[ie]s)\s+(?:on|of|into|"
    r"about|regarding))"
    r"\s+(?:of\s+)?(?:the\s+)?(?:(?:long[- ]term\s+|short[- ]term\s+|clinical\s+|relative\s+|"
    r"comparative\s+|therapeutic\s+)?"
    r"(?:safety|efficacy|effectiveness|effects?|benefits?|outcomes?|impact|tolerability)"
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)?)+",
    re.I,
)


def hypothetical_at(text: str, position: int) -> bool:
    """Whether the word at `position` is only sought or asked about, not asserted. The word
    itself is read with its clause: in "to help reduce pain" the purpose is "to help"."""
    word = re.match(r"\w*", text[position:])
    clause = _CLAUSE_END.split(text[:position])[-1] + (word.group(0) if word else "")
    return bool(_HYPOTHETICAL.search(clause))


def negated_at(text: str, position: int) -> bool:
    """Whether the word at `position` lies in the scope of a negation before it."""
    clause = _CLAUSE_END.split(text[:position])[-1]
    return bool(_NEGATOR.search(clause))


def _comparators(interp: Interpretation, text: str) -> list[Concept]:
    """The intervention a comparison word points at, with those listed right after it ("than
    PRP or hyaluronic acid"); else, when the sentence judges one against another ("BMAC and
    PRP performed about the same", "X outperformed Y"), the second one named. Otherwise there
    is no comparator: "both PRP and MSCs were well tolerated" says something of each."""
    for concept in interp.interventions:
        for start in interp.positions.get(concept.id, []):
            if _BEFORE_COMPARATOR.search(text[max(0, start - 60) : start]):
                return [concept, *_listed_after(interp, text, concept, start)]
            if _PLACEBO_EFFECT.match(text, start):
                return [concept]  # "the benefit is a placebo effect": against placebo
    relational = _SAME_WORDS.search(text) or _RELATIVE.search(text)
    if len(interp.interventions) > 1 and relational and not _distributive(interp, text):
        return [interp.interventions[1]]
    return []


def _distributive(interp: Interpretation, text: str) -> bool:
    """ "Both PRP and MSCs ...", "each of ...": the sentence speaks of each one, wherever
    the pair stands in it ("..., with both ADMSCs and SVF demonstrating benefits")."""
    return any(
        _BOTH.search(text[max(0, p - 30) : p])
        for c in interp.interventions
        for p in interp.positions.get(c.id, [])
    )


def _joined_by_and(interventions: list[Concept], interp: Interpretation, text: str) -> bool:
    """ "ADMSCs and SVF improve function": the treatments named one after another, joined by
    'and' (with commas), are each said to do it; "MSCs (Progenza) in a placebo-controlled
    trial" names them in other roles."""
    starts = sorted(min(interp.positions.get(c.id, [len(text)])) for c in interventions)
    gaps = [text[a:b] for a, b in itertools.pairwise(starts)]
    return (
        bool(gaps)
        and all(
            re.fullmatch(r"[\w' -]*?(?:,|\band\b|,\s*and\b)\s*(?:the\s+)?", gap) for gap in gaps
        )
        and bool(re.search(r"\band\b", gaps[-1]))
    )


def _listed_after(interp: Interpretation, text: str, first: Concept, start: int) -> list[Concept]:
    """Interventions listed right after `first` ("than PRP, HA or saline"): a chain of names
    joined by commas, 'or', 'and' or 'nor', counted only when a conjunction joins it (in
    "compared with controls, MSCs improve" the comma ends a phrase)."""
    later = sorted(
        (min(p for p in interp.positions[c.id] if p > start), c)
        for c in interp.interventions
        if c is not first and any(p > start for p in interp.positions.get(c.id, []))
    )
    chain, joined, previous = [], False, start
    for position, concept in later:
        gap = re.fullmatch(
            r"[\w' -]*?(,|\bor\b|\band\b|\bnor\b)\s*(?:an?\s+|the\s+)?",
            text[previous:position],
        )
        if gap is None:
            break
        joined = joined or gap.group(1) != ","
        chain.append(concept)
        previous = position
    return chain if joined else []


def _unknown_side(interp: Interpretation, text: str, *, subject: bool) -> str | None:
    """An unknown word right after a comparison word ("better than glucosamine"), or, when
    the claim's own side names no known intervention (`subject`), right before it
    ("glucosamine works as well as MSCs"): what the claim compares is not in the graph."""
    unknown = {
        u["term"].lower()
        for u in interp.unknown
        if not u["term"].lower().endswith("ly") and not _is_cue_word(u["term"].lower())
    }
    for cue in _COMPARISON.finditer(text):
        if _and_also(text, cue):
            continue
        after = re.findall(r"[\w-]+", text[cue.end() :])[:2]
        before = re.findall(r"[\w-]+", text[: cue.start()])[-3:] if subject else []
        for word in after + before:
            if word.lower() in unknown and word.lower() not in cue.group(0).lower():
                return word
    return None


def _and_also(text: str, cue: re.Match) -> bool:
    """ "..., as well as contribute to repair", "as well as reducing swelling": 'as well as'
    that joins what the treatment does (after a comma, or before a verb), no comparison."""
    if cue.group(0).lower() != "as well as":
        return False
    verb = re.match(r"\s+(?:to\s+)?([\w-]+)", text[cue.end() :])
    return bool(
        re.search(r",\s*$", text[: cue.start()])
        or (verb and (verb[1].lower().endswith("ing") or _is_cue_word(verb[1].lower())))
    )


def _is_cue_word(word: str) -> bool:
    return any(c.fullmatch(word) for c in (*CUES, _OVERSTATED, _UNIVERSAL))
