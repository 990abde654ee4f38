"""Checking a whole article, unit by unit, every unit accounted for; as JSON, text or HTML.

The article is cut into units (sentences; a heading or a line of a list is a unit of its own;
see kg.document_units for how, and the README for the measurement that chose pySBD).
Each unit gets a status, so that nothing is skipped silently:
  checked          it makes a claim about the evidence (a treatment and what it does) and has
                   a verdict, with why and evidence;
  outside-scope    it is about a topic the graph does not cover (graph/vocab/scope.yaml:
                   other joints, animals, cost...), named in `reason`;
  not-understood   it says what something does but names no treatment it is about;
  not-a-claim      it states no effect (headings, calls to action, definitions, a
                   description of what was compared).

The JSON contract: {"sentences": [{"offset", "length", "text", "status", "reason",
"verdict", "why", "evidence"}], "summary", "statuses", "release"}, offsets and lengths in
characters of the submitted text. `results`, `checked` and `skipped` are the previous contract,
kept for one release and deprecated.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING

from kg import deadline
from kg.anaphora import refers_back, subject_start
from kg.answer_text import (
    SHOWN,
    evidence_lines,
    shown_and_folded,
    source_of,
    what_found,
    why_line,
)
from kg.check import VERDICTS, Subject, check
from kg.claim_likeness import claim_likeness
from kg.claim_numbers import quantities
from kg.claim_reading import BETTER, claim_direction, claims_regrowth, is_safety_claim, overstates
from kg.design_facts import states_design
from kg.document_units import CITATION_LOCATOR, Span, units
from kg.evidence_graph import fold_title
from kg.evidence_rows import concept_relation
from kg.evidence_state import policy_reason_read, stated_strength
from kg.integrity_claims import read_integrity_claim
from kg.interpret import interpret, plain_quotes
from kg.modifier_check import read_modifier_claim
from kg.tense import asserts as headline_asserts
from kg.tense import general
from kg.tense import told as told_in_past

if TYPE_CHECKING:
    from kg.evidence_graph import EvidenceGraph


LONGEST_UNIT = 4000  # characters: a unit longer than any sentence is not read (see below)


class UnitStatus(StrEnum):
    CHECKED = "checked"
    NOT_A_CLAIM = "not-a-claim"
    OUTSIDE_SCOPE = "outside-scope"
    NOT_UNDERSTOOD = "not-understood"


# "Haneul Lee 1, Youngeun Lim 1, Seon-Heui Lee 2,", "Smith J, Doe A, et al.": names with
# affiliation marks, two or more, and nothing else.
_PERSON = r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}\s*(?:[\d,*†‡§]+\s*)?"
_BYLINE = re.compile(
    rf"^(?:{_PERSON}(?:,\s*|\s+and\s+|\s*;\s*)){{1,}}{_PERSON}(?:,?\s*et al\.?)?,?$"
)


_AUTHOR_MARK = re.compile(r"\d|[*†‡§]|\bet al\b|\b[A-Z]{1,3}(?:,|$)")


def is_byline(text: str, interp) -> bool:
    """Whether a unit is a list of authors (a by-line), which names people, not studies: names
    only, with an affiliation mark, initials or "et al.", and no treatment among them."""
    text = text.strip()
    return (
        len(text) < 400
        and not interp.interventions
        and bool(_BYLINE.match(text))
        and bool(_AUTHOR_MARK.search(text))
    )


# A sentence whose subject is a text or its writer ("The story does a good job of describing
# the evidence", "The description of harms could have been improved") judges the text; unless
# it reports what the text says ("The article claims that MSCs regrow cartilage").
_ABOUT_A_TEXT = re.compile(
    r"(?:the|this|that|our|your|its|their)\s+(?:\w+\s+){0,2}?(?:story|stories|article|piece|"
    r"description|coverage|headline|news release|press release|reporter|writer|journalist|"
    r"video|segment|post|blog|website|page)\b",
    re.I,
)
_REFERENCE_LINE = re.compile(
    r"^\W*(?:references?|sources?|citations?|cited|bibliography)\s*[:.]", re.I
)
_FIRST_AUTHOR = re.compile(r"[:.]\s*([A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)\b")
_DEFINITION = "a definition"
_REFERENCE = "a reference to a paper"
_INDEX_LABEL = "an identifier or an index's label, not a sentence"
# What is not a sentence at all (a reference, an identifier, an index's label), or a
# definition, is no claim whatever words for the evidence it holds ("Research Support, Non-U.S.
# Gov't" says nothing of how strong the research is)
_NOT_A_STATEMENT = frozenset({_DEFINITION, _REFERENCE, _INDEX_LABEL})


class _CitesOutsideBrackets:
    """A journal's locator (kg.document_units.CITATION_LOCATOR) outside any brackets: the
    text is the citation, not a sentence giving its source. Searched like a pattern."""

    def search(self, text: str) -> re.Match | None:
        for found in CITATION_LOCATOR.finditer(text):
            before = text[: found.start()]
            if before.count("(") <= before.count(")") and before.count("[") <= before.count("]"):
                return found
        return None


# Sentences that make no claim about what a treatment does, whatever words they use (a
# statement about the evidence is read by kg.evidence_state first: "more trials are needed").
_NOT_CLAIMS = (
    (
        # "The hope is that if we inject stem cells ..., we can cause regrowth": all of it hoped
        re.compile(r"^\W*(?:the|our|their|my) hope is\b|^\W*it is hoped\b|^\W*we hope\b", re.I),
        "states a hope, not a finding",
    ),
    (
        # "Hypothesis: Patients receiving SVF would show greater improvement than placebo"
        re.compile(r"^\W*(?:(?:the|our|study|a priori)\s+)?hypothes[ie]s\s*(?::|was|is)", re.I),
        "states a hypothesis, not a finding",
    ),
    (
        # "The idea is that the adipose tissue contains stem cells that can promote healing",
        # "The premise is that the patient's own stem cells are harvested ...", "The idea that
        # injected stem cells turn into cartilage cells ...": the rationale told, not asserted
        re.compile(
            r"^\W*(?:the|this|their|our)\s+(?:\w+\s+){0,2}?(?:idea|premise|theory|rationale|"
            r"concept|thinking|notion|hypothesis|principle)\s+(?:behind\s+[^,]{1,60}?\s+)?"
            r"(?:is\s+)?that\b"
            # "The theoretical benefits of PRP are derived from platelet growth factors"
            r"|^\W*(?:the|its|their)\s+theoretical\s+(?:benefits?|basis|rationale|mechanisms?|"
            r"advantages?)\b",
            re.I,
        ),
        "tells the rationale of a treatment, not what it was found to do",
    ),
    (
        # "Cipla today announced a major foray into orthobiologic medicine with the launch of
        # ...": a business event; "announced the publication of phase 3 results" is not one
        re.compile(
            r"\bannounce[sd]?\b[^.]{0,60}?\b(?:launch\w*|foray|partnership|agreement|"
            r"collaboration|acquisition|investment|funding|distribution|licens\w*|merger)\b",
            re.I,
        ),
        "a business announcement",
    ),
    (
        # "how it works", "What to expect": a heading asked as a question, with no full stop
        # (or a page's title whose part after a bar is one: "PRP for Knee OA | When PRP will
        # work and when PRP will not work")
        re.compile(r"(?:^|\|)\W*(?:how|what|why|when|where|who|which)\b[^.!?:|]{0,80}\.?$", re.I),
        "a heading",
    ),
    (
        # "Stem cell therapies are often marketed to those wanting a long-term solution": how
        # a treatment is sold; the writer asserts nothing of what it does
        re.compile(
            r"\b(?:is|are|was|were|being|been)\s+(?:(?:often|widely|heavily|now|also|\w+ly)\s+)?(?:marketed|advertised|promoted|"
            r"touted|pitched|sold|billed)\s+(?:as|to|for|online|directly|aggressively|widely)\b",
            re.I,
        ),
        "says how a treatment is marketed, not what it does",
    ),
    (
        # "Researchers are studying minimally invasive procedures using stem cells": what is
        # under study, not what was found
        # ... or what a study asked ("A new study has investigated whether a single injection
        # of fat relieves pain"): the question, not its answer
        re.compile(
            r"\b(?:are|is)\s+(?:(?:now|also|still|\w+ly)\s+)?(?:studying|investigating|exploring|researching|"
            r"testing|evaluating)\b"
            r"|\b(?:investigat|examin|assess|evaluat|test|explor)\w*\s+whether\b"
            # "most research is focused on using stem cells to increase ...": its subject
            r"|\b(?:research|studies|trials|work)\s+(?:is|are)\s+(?:\w+\s+)?(?:focused|focussed|"
            r"concentrated|centred|centered)\s+on\b",
            re.I,
        ),
        "says what is being studied, not what was found",
    ),
    (
        # "This study aimed to assess the efficacy of a single injection of AD-MSCs", "The
        # purpose of this study was to explore ...", "To determine whether BMAC is superior
        # to HA": what a study set out to learn, not what it did or found ...
        re.compile(
            r"\b(?:study|trial|review|analysis|paper|we|researchers|authors)\s+(?:\w+\s+)?"
            r"aim(?:s|ed)?\s+to\b"
            r"|\b(?:aim|aims|purpose|objective|goal)\s+(?:of\s+(?:this|the|our)\s+[\w-]+\s+)?"
            r"(?:was|is|were)\s+to\b"
            r"|^\W*(?:objectives?|aims?|purpose|question)\s*:"
            r"|^\W*to\s+(?:assess|evaluate|determine|investigate|compare|explore|examine|"
            r"analy[sz]e|review|study|identify)\b"
            # a study under way, and what it is to find ("researchers have begun a study to
            # identify...", "is conducting a research study to identify..."), or an attempt
            r"|\b(?:begun|began|beginning|conducting|launched|launching|started|starting|"
            r"undertaking|running)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:study|trial)\s+"
            r"(?:to|that will|which will|aiming to)\b"
            r"|\b(?:study|trial|review)\s+is\s+an\s+attempt\s+to\b"
            # ... unless it goes on to tell what was done ("..., we randomised 60 patients")
            r"(?![^.]*\b(?:we|researchers)\s+(?:randomi[sz]ed|enrolled|included|recruited|"
            r"found|showed)\b)",
            re.I,
        ),
        "says what a study set out to learn, not what it did or found",
    ),
    (
        # "For knee issues, stem cells aim to grow new tissues", "The treatment is designed to
        # address the chronic inflammation", "The goal of PRP is to concentrate the growth
        # factors": what a treatment is meant to do, not what it was found to do (unless the
        # sentence goes on to what was done: "..., we randomised 60 patients")
        re.compile(
            r"^(?![^.]*\b(?:we|researchers)\s+(?:randomi[sz]ed|enrolled|included|recruited|"
            r"found|showed)\b)"
            r"(?:.*\b(?:aims?|aimed|(?:is|are|was|were)\s+(?:designed|intended|meant))\s+to\b"
            r"|.*\b(?:goal|aim|purpose|objective)\s+of\s+[\w -]{1,40}?\s+(?:is|was)\s+to\b"
            # ... or how it works, by its means and end: "Stem cell therapy involves using stem
            # cells to repair and regenerate damaged tissues", "Both approaches involve using
            # the body's own healing mechanisms to promote tissue regeneration"
            r"|^[^.]{0,80}?\b(?:involves?|involving)\s+(?:using|injecting|taking|harvesting)\b"
            r"[^.]{0,80}?\bto\s+(?:help\s+)?\w+)",
            re.I,
        ),
        "says what a treatment is meant to do, not what it was found to do",
    ),
    (
        # "As more clinics offer injections, it is essential for patients to be fully aware of
        # the possible complications": advice ("it is important to note that ..." is not)
        re.compile(
            r"^(?:[^,;:]{0,120},\s*)?it(?:'s|’s| is) (?:\w+ )?(?:essential|important|crucial|"
            r"vital|wise|best|advisable|necessary|critical|key) (?:for [\w ]{1,40}? )?to\b"
            r"(?!\s+(?:note|remember|understand|know|recogni[sz]e|reali[sz]e|point out|stress|"
            r"emphasi[sz]e|keep in mind)\s+that\b)",
            re.I,
        ),
        "gives advice, not a finding",
    ),
    (
        # "Ongoing research will help clarify stem cell therapy's safety and effectiveness":
        # what research is to tell, not what it has found
        re.compile(
            r"\b(?:research|studies|trials|data|results|time)\b[^.;]{0,30}?\bwill\s+"
            r"(?:help\s+(?:to\s+)?)?(?:clarify|determine|tell|show|reveal|answer|shed|establish|"
            r"confirm)\b",
            re.I,
        ),
        "says what research is to tell, not what it has found",
    ),
    (
        re.compile(r"\b(?:are|is) (?:\w+ )?needed\b|\bthere is (?:a|an) (?:\w+ )?need\b", re.I),
        "states a need, not a finding",
    ),
    (
        # "Reference: Soler R, et al. Final results of ...", "Source: ..."
        _REFERENCE_LINE,
        _REFERENCE,
    ),
    (
        # an index's lines under an abstract: "ClinicalTrials.gov/NCT01809769", "Research
        # Support, Non-U.S. Gov't"
        re.compile(
            r"^\W*(?:(?:ClinicalTrials\.gov|Trial registration|Registration)\W*)?"
            r"(?:NCT\d{8}|ISRCTN\d+|CTRI/[\d/]+|ChiCTR[\w-]+|KCT\d+)\W*$"
            r"|^\W*Research Support,",
            re.I,
        ),
        _INDEX_LABEL,
    ),
    (
        # an entry of a list of references, which cites a journal by year, volume and pages:
        # "... Dhinsa BS, Adesida AB. Curr Stem Cell Res Ther. 2012 Mar;7(2):143-8." (not a
        # sentence that gives its source in brackets: "... reduced pain (Ref: Am J Sports Med.
        # 2022;...)")
        _CitesOutsideBrackets(),
        _REFERENCE,
    ),
    (
        # a paper's title ends with its design, and without a full stop: "...: a systematic
        # review and meta-analysis", "...: A Phase IIb, Randomized, Placebo-Controlled Trial"
        re.compile(
            r":\s*(?:an?\s+)?(?:[\w,/-]+\s+){0,8}?(?:systematic review|meta-analysis|"
            r"narrative review|scoping review|literature review|review of the literature|"
            r"(?:randomi[sz]ed|controlled|clinical|pilot|cohort)\b[\w ,-]{0,60}?\b(?:trials?|"
            # no full stop: a sentence in prose that ends so is read; a list of papers may put
            # the year after the title ("... of Randomized Controlled Trials 2020")
            r"study|studies))\s*(?:\(?(?:19|20)\d\d\)?)?\s*$",
            re.I,
        ),
        "the title of a paper",
    ),
    (
        re.compile(
            r"^(?:at [^,]{2,60},\s*)?(?:we|our (?:clinic|clinics|team|doctors|practice|"
            r"physicians|centre|center))\s+(?:specialize|specialise|offer|provide|perform|"
            r"focus)\w*\b"
            # "At HSS our clinical use of regenerative medicine is informed by current evidence,
            # and our mission is to promote safe use": what a practice says of its own ways
            r"|^(?:at [^,]{2,60}?,?\s+)?our\s+(?:\w+\s+){0,2}?(?:mission|goal|aim|approach|"
            r"philosophy|commitment|use\s+of)\b",
            re.I,
        ),
        "describes a service",
    ),
    (
        # "PRP stands for...", "a quack is someone who promotes unproven treatments"
        re.compile(
            r"^\W*[\w'’ -]{1,40}?\s+(?:means|refers to|is defined as|stands for|"
            r"(?:is|are)\s+(?:someone|somebody|anyone|a person|people|those)\s+(?:who|that))\b",
            re.I,
        ),
        _DEFINITION,
    ),
    (
        # "Stem cells are unspecialized cells in the body that...", "PRP is a type of...":
        # what a thing is, not what it does for knees
        re.compile(
            r"^(?!.*\b(?:but|however|yet)\b)\W*(?!there\b)[\w'’ -]{1,40}?"
            # "Stem cell therapy, also called orthobiologic treatment ..., is a special kind of"
            r"(?:,\s*(?:also\s+)?(?:called|known as|referred to as)\s[^,]{1,80},)?\s+(?:is|are)\s+"
            r"(?:an?\s+)?(?:(?:\w+\s+){0,2}?"
            r"(?:types?|kinds?|forms?|class|group|category)\s+of\b|unspecialized\b|"
            r"unspecialised\b|undifferentiated\b)",
            re.I,
        ),
        _DEFINITION,
    ),
    (
        # "use of PRP in knee OA is increasing", "increasingly popular": how much a treatment
        # is used, not what it does
        # (a sentence that also says what it does is a claim: "more patients use PRP because
        # it relieves pain")
        re.compile(
            r"^(?!.*\b(?:relie\w*|improv\w*|reduc\w*|effective\w*|help\w*|work\w*|heal(?:s|ed|ing)?|"
            r"benefi\w*|safe\w*)\b)(?:.*\b(?:use|usage|popularity|uptake|demand|availability)"
            r"\s+(?:of|for)\b[^.]{0,60}?\b(?:is|are|has|have)\s+(?:been\s+)?(?:increas|grow|ris|"
            r"expand|surg)\w*|.*\bincreasingly\s+(?:popular|used|common|available|offered)\b"
            # "stem cell procedures will become more common"
            r"|.*\bwill\s+become\s+(?:more\s+|increasingly\s+)?(?:popular|used|common|"
            r"widespread|available)\b)",
            re.I,
        ),
        "says how much a treatment is used",
    ),
    (
        # "During stem cell therapy, a patient receives stem cells harvested from..."
        re.compile(
            r"^\W*(?:during|in)\s+(?:a\s+|the\s+|this\s+)?[\w -]{0,40}?(?:therapy|treatment|"
            r"procedure|injection)s?,\s+(?:a\s+|the\s+)?(?:patients?|doctors?|physicians?|"
            r"surgeons?|cells?)\b",
            re.I,
        ),
        "describes a procedure",
    ),
    (
        # "Dr X breaks down the basics of stem cell therapy and how it can help people"
        re.compile(
            r"\b(?:breaks? down|explains?|discuss(?:es)?|walks? (?:you|us|readers) through|"
            r"explores?|covers?|outlines?|describes?|examines?|looks? at|"
            r"talks? about|answers? (?:your |common )?questions)\b(?:\s+\w+){0,4}?\s+"
            r"(?:the basics|how|what|why|whether)\b",
            re.I,
        ),
        "says what a text or talk covers",
    ),
    (
        re.compile(
            r"\b(?:are|is) (?:the )?(?:terms?|words?|phrases?) (?:we|that|which|used)\b", re.I
        ),
        "speaks of words, not of a treatment",
    ),
    (
        re.compile(
            r"\b(?:asks?|asked|wonders?|wondered)\s+(?:\w+\s+){0,2}?(?:if|whether|about|how|why)\b",
            re.I,
        ),
        "reports a question",
    ),
    (
        # "I spent 3 days hiking", "My knee held up ok", "I've had no pain since the
        # injection": one person's own story. What they were told, read or found in general
        # ("I was told the effects aren't felt for 4 weeks", "from what I've read, ...", "in
        # my experience, ...") is a claim and is read as one.
        re.compile(
            r"^(?!.*(?:\b(?:heard|told|read|saw|learned|learnt|found|seen|believe|think|"
            r"recommend)\b|\bmy (?:sense|view|opinion|experience|research)\b|\bIMHO\b))"
            # "I", not the numeral of "phase I", "grade I-II", "KL I"
            r".*(?:(?<![\w'’-])(?<!phase )(?<!grade )(?<!stage )(?<!type )(?<!KL )(?<!kl )"
            # (nor the heterogeneity of a meta-analysis, "I 2 = 59%", "I² = 0%")
            r"(?<!Phase )(?<!Grade )(?<!Stage )(?<!Type )I(?![\w'’-]|\s*[²2]\s*[=:<>≤≥])"
            r"|(?<![\w'’])(?:I'?ve|I'?m|I'?d|I’ve|I’m|[Mm]y|[Mm]e)(?![\w'’]))",
        ),
        "one person's own experience",
    ),
)
# A sentence whose subject is the disease or a tissue, in the present tense of what is always
# so ("Osteoarthritis is a complex degenerative disease", "In old age, the capacity of
# cartilage to regenerate is diminished", "the cartilage will suffer"): it describes the
# disease; no treatment is carried into it.
# "OA causes damage to the cartilage and leads to increased friction": what the disease does
_DISEASE_DOES = re.compile(
    r"^(?:the\s+)?(?:knee\s+)?(?:osteoarthritis|OA|KOA|arthritis|the disease)\s+(?:causes|leads|"
    r"results|affects|damages|progress\w*|worsens|develops|occurs|is|involves|can\s+cause)\b",
    re.I,
)
# "Traditional treatments, including pain management, ...", "Existing treatment options focus
# on temporary pain relief": the treatments a page sets its own against, not its subject
_OTHER_TREATMENTS = re.compile(
    r"^\W*(?:(?:however|but|while|although|yet)\b,?\s*)?(?:the\s+|most\s+|many\s+)?"
    r"(?:existing|current|conventional|traditional|standard|usual|older|typical|available)\s+"
    r"(?:\w+\s+){0,2}?(?:treatments?|therapies|options|approaches|care|medicine)\b",
    re.I,
)
_ABOUT_THE_DISEASE = re.compile(
    r"^(?:(?:in|with|as|if|when|over time|because|unlike)\b[^,]{0,50},\s*)?(?:the\s+|such\s+\w+\s+|"
    r"its\s+|this\s+|healthy\s+)?(?:capacity of\s+)?(?:knee\s+)?(?:osteoarthritis|OA|KOA|arthritis|"
    r"articular cartilage|cartilage|subchondral bone|bone|joints?|synovium|synovial fluid|"
    r"the disease)\b(?:(?!\b(?:improved|reduced|increased|decreased|regrew|regenerated|"
    r"repaired|showed|was|were|after|following|treated|injected)\b).)*$",
    re.I,
)
# How soon an effect comes or how long a reaction lasts ("the effects aren't felt for about 4
# weeks", "there's a recovery time", "sore and stiff over the next couple of days", "worse
# for 2+ weeks"): a claim about the course of the treatment, though it states no direction.
_TIME_COURSE = re.compile(
    r"\b(?:effects?|results?|benefits?|relief|improvements?)\s+(?:[\w'’]+\s+){0,4}?(?:felt|seen|"
    r"noticed|noticeable|apparent|kicks? in|start)\b"
    r"|\brecovery (?:time|period)\b|\bdown ?time\b"
    r"|\b(?:sore|stiff|swollen|painful|worse|flare\w*)\b[^.]{0,40}?\b(?:for|over|after|"
    r"within)\s+(?:the next\s+|about\s+|up to\s+|a\s+)?(?:couple|few|several|\d+\+?)\s+"
    r"(?:of\s+)?(?:days?|weeks?|months?)\b"
    r"|\btakes? (?:about |up to |around )?(?:\d+|a few|several) (?:days|weeks|months) to\b",
    re.I,
)
# "The success rate of stem cell therapy is 80-85%", "90% of patients improve": a rate of
# success is a claim about the effect, though it names no direction.
_RATE = re.compile(
    r"\b(?:success|response|responder|satisfaction|improvement|failure|cure)\s+rates?\b"
    r"|\d+(?:\.\d+)?\s*(?:%|percent)\s+of\s+(?:\w+\s+){0,2}?"
    r"(?:patients|people|participants|subjects|knees|those|cases)\b",
    re.I,
)
_REPORTS = re.compile(
    r"\b(?:says?|said|states?|stated|claims?|claimed|reports?|reported|notes?|noted|suggests?|"
    r"suggested|argues?|argued|concludes?|concluded|shows?|showed|found|tells?|told)\b"
    r"(?:\s+\w+){0,3}?\s+that\b|\bsays?\b|\bclaims?\b",
    re.I,
)
# An identifier a page prints for the paper it shows: "doi: 10.3390/medicina57111193",
# "PMID: 34833411", "PMCID: PMC8623697".
_IDENTIFIER = re.compile(
    r"\b(10\.\d{4,9}/[^\s\"<>]+)|\bPMID:?\s*(\d{5,9})\b|\b(PMC\d{5,9})\b", re.I
)
# A sentence a list completes: it ends in a verb, "to", or a word that wants a clause or a
# means after it, and a colon ("Stem cell therapy aims to:", "more research is needed to
# discover:", "it may:", "it works by:", "the risks are higher if:"); a list after "such as:"
# or "included:" holds claims of their own.
_LEAD_IN = re.compile(
    r"\b(?:to|may|can|could|will|might|should|would|discover|determine|understand|learn|know|"
    r"help|helps|by|if|when|whether|because|that|through|via|as in)\s*:$",
    re.I,
)
_PAGE_TOP = 1500
# A page that reports a review: its title or its own words say so
_REVIEW_PAGE = re.compile(
    r"^\W*[^\n]{0,200}?\b(?:systematic review|meta-analys[ie]s|(?:narrative|scoping|literature|"
    r"umbrella) review|review of the literature)\b"
    r"|\b(?:this|our|the present) (?:systematic |narrative |scoping )?(?:review|meta-analysis)\b"
    r"|\bwe (?:systematically )?(?:reviewed|searched)\b"
    # a review's Methods and Results: it searched the literature and included studies
    r"|\b(?:systematic )?literature search\b|\bthe available literature\b"
    r"|\b(?:studies|trials|articles|RCTs) (?:were|was) (?:included|identified|selected)\b",
    re.I | re.M,
)  # characters: where an abstract page prints its own identifiers
# Parts of a report that speak of its own study, and parts that give the background
# (structured abstracts: "Results:", "Conclusions and Relevance:", JAMA's "Findings" and
# "Meaning"; "Importance:", "Objective:", "Question:" give the background; some journals
# print the label with a full stop: "Results. A total of ...")
_METHODS_SECTION = re.compile(
    r"^\W*(?:(?:patients and |materials and )?methods?|materials|patients and materials|"
    r"design,? setting,? and participants|"
    r"study design|"
    r"interventions?|main outcomes? and measures?)\s*(?::|\.(?=\s|$))",
    re.I,
)
_RESULTS_SECTION = re.compile(
    r"^\W*(?:results?|findings|conclusions?(?: and relevance)?|interpretation|meaning)"
    r"\s*(?::|\.(?=\s|$))",
    re.I,
)


# How a study was done, told in the past: who was given what, and how they were followed.
_DESIGN = re.compile(
    r"\b(?:were|was)\s+(?:\w+\s+){0,2}?(?:randomi[sz]ed|allocated|assigned|administered|"
    r"treated|injected|enrolled|recruited|followed(?:[- ]up)?|given)\b"
    r"|\b(?:received|involved)\b"
    # how it was measured: "Change of cartilage defect was evaluated using MRI", "Primary
    # outcome measure was the WOMAC score", "All procedures were performed in the clinic"
    r"|\b(?:were|was)\s+(?:\w+\s+){0,2}?(?:evaluated|assessed|measured|documented|recorded|"
    r"performed|conducted|collected|tabulated)\b"
    r"|\b(?:primary|secondary)\s+(?:outcome|end[- ]?point)s?(?:\s+measures?)?\s+"
    r"(?:was|were|included)\b",
    re.I,
)
_GENERAL_SECTION = re.compile(
    r"^\W*(?:background|introduction|importance|objectives?|aims?|purpose|context|rationale|"
    r"questions?|hypothes[ie]s)\s*(?::|\.(?=\s|$))",
    re.I,
)
# What happened to a trial's participants, told in the past ("Fifteen patients were given a
# single injection", "trial subjects experienced a decrease in pain"): on a page that reports
# one study, that study.
_TRIAL_REPORT = re.compile(
    r"\b(?:patients|participants|subjects|volunteers|the (?:trial|study) (?:group|cohort))\b"
    r"[^.;]{0,80}?\b(?:were|was|had|experienced|showed|reported|underwent|received|improved|"
    r"achieved|developed|completed)\b"
    # what the follow-up showed ("Long-term follow-up at 4 years showed more improvement")
    r"|\bfollow[- ]up\b[^.;]{0,30}?\b(?:showed|revealed|demonstrated|found)\b"
    # a trial's groups: "in the control group", "in MSC group", "in both groups"
    r"|\bin (?:the |both |each |all )?(?:[\w-]+ ){0,2}?(?:groups?|arms?|cohorts?)\b",
    re.I,
)
# A study's own figures: each group's mean and spread, or a p-value ("WOMAC (51.94 ± 7.35 vs.
# 57.33 ± 8.92; P < 0.001)"): the sentence reports one study's data
_GROUP_STATISTICS = re.compile(
    r"\d\s*±\s*\d|[(\[;,]\s*p\s*[<=≤]\s*0?\.\d",
    re.I,
)
# One person spoken of (she, her, he, his), not what anyone said or found
_ONE_PERSON = re.compile(
    r"^(?!.*\b(?:said|says|told|according|reported|explained|noted|found|showed)\b)"
    r".*\b(?:she|her|he|him|his)\b",
    re.I,
)
_PUBLISHED_STUDY = re.compile(
    r"\b[Tt]he (?:[\w-]+ ){0,3}?(?:study|trial),? (?:which was |was )?published\b[^.;]{0,40}?"
    r"\bin (?:the )?(?:journal )?[A-Z][\w&-]*(?: (?:of |and |& )?[A-Z][\w&-]*){0,6}",
)
# A study the page introduces as news or by its reference number, not by any name the graph
# knows ("An August 2025 study (1) writes", "A new systematic review published in ... suggests",
# "In a March 2025 study (2), researchers looked at..."): one the graph does not hold as
# described, and what the page goes on to tell of it (its patients, methods and results) is
# its report. A bare year ("a 2019 meta-analysis") is no such mark: the graph may hold it.
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_INTRODUCED_STUDY = re.compile(
    rf"(?:^\W*|\b(?:an?|one)\s+)(?:new|recent|newly published|recently published|latest|"
    rf"(?:recent\s+)?(?:{_MONTHS})\s+\d{{4}})\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:study|trial|review|meta-analysis|analysis|paper)\b"
    # "In a recent April 2021 article, a meta-analysis compared ...": a dated article
    rf"|\b(?:an?|one)\s+(?:recent\s+)?(?:{_MONTHS})\s+\d{{4}}\s+article\b"
    r"|\b(?:study|trial|review|meta-analysis|paper)\s*[(\[]\d{1,3}[)\]]"
    # "Researchers from Charles Sturt University conducted a clinical trial to test ...", "a
    # trial run by scientists at ...": the story's trial, told by who ran it
    r"|\b(?:researchers|scientists|investigators|doctors|a\s+team)\s+(?:from|at)\s+[^,.;]{2,80}?"
    r"\s+(?:conducted|ran|carried\s+out|led|performed|completed|designed)\s+(?:an?\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:study|trial)\b"
    r"|\b(?:study|trial)\s+(?:conducted|run|led|carried\s+out)\s+by\s+(?:researchers|"
    r"scientists|investigators|a\s+team)\s+(?:from|at)\b",
    re.I,
)
# A news story's sentence that starts with the study it tells of, as one the reader is to know
# ("The randomised controlled trial of 3x weekly injections of PRP versus saline placebo has
# found ...", "The study comprised 288 adults"): with the size it gives, it picks that study
_THE_STUDY = re.compile(r"^\W*the\s+(?:[\w,-]+\s+){0,6}?(?:study|trial)\b", re.I | re.M)
_OWN_STUDY = re.compile(
    r"\b(?:in|of) (?:this|our|the present) (?:[\w-]+ ){0,3}?(?:study|trial|review|"
    r"meta-analysis|analysis)\b"
    r"|\bwe (?:found|observed|showed|included|identified)\b|^\W*our (?:analysis|review|study|"
    r"trial|meta-analysis|search)\b",
    re.I,
)


def described_study(graph: EvidenceGraph, text: str, interp) -> tuple[str, ...]:
    """The one study of the graph a sentence describes without naming it ("In this randomized
    clinical trial that included 288 adults ..., treatment with PRP vs placebo ..."): its
    recorded sample size is the number of participants stated, and every treatment its arms
    received is named in the sentence."""
    named = [c.id for c in interp.interventions]
    pooled = bool(_POOLED.search(text))  # "We included 16 trials (807 participants)"
    found = set()
    for quantity in quantities(text):
        if quantity.kind != "participants" or quantity.bound != "eq":
            continue
        for sid in graph.studies_by_size.get(int(quantity.value), ()):
            arms = {a.intervention for a in graph.study(sid).arms if a.intervention}
            vocab = graph.vocabulary
            treatments = bool(arms) and all(
                any(concept_relation(arm, n, vocab) for n in named) for arm in arms
            )
            if treatments or (not arms and pooled):  # a synthesis is named by its pooled size
                found.add(sid)
    return tuple(found) if len(found) == 1 else ()


# A synthesis telling what it pooled: "we included 16 trials", "19 studies were included"
_POOLED = re.compile(
    r"\b(?:included|pooled|identified|analy[sz]ed)\b[^.;]{0,30}\b(?:trials|studies|RCTs)\b"
    r"|\b(?:trials|studies|RCTs)\b[^.;]{0,40}\b(?:were )?(?:included|pooled)\b",
    re.I,
)


def reported_study(graph: EvidenceGraph, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The study a page is the report of, from the identifiers (DOI, PMID, PMCID) the top of
    the page prints: (the one study of the graph they name, ()), or ((), the page's study
    described for a reader) when they name none the graph holds; ((), ()) when the page prints
    none, or names several studies."""
    found: set[str] = set()
    printed = []
    for m in _IDENTIFIER.finditer(text[:_PAGE_TOP]):
        if m.group(1):
            key = "doi:" + m.group(1).rstrip(".,;:)]").lower()
        elif m.group(2):
            key = "pmid:" + m.group(2)
        else:
            key = m.group(3).lower()
        printed.append(m.group(0))
        found |= graph.reports.get(key, frozenset())
    if not printed:  # a news story names the paper by its title ("the study titled ...")
        page = fold_title(text)
        for key, studies in graph.reports.items():
            if key.startswith("title:") and len(key) > 36 and key[6:] in page:
                found |= studies
    if len(found) == 1:
        return tuple(found), ()
    if printed and not found:
        return (), (f"the study this page reports ({printed[0]})",)
    if not found:
        referenced = _referenced_study(graph, text)
        return referenced if any(referenced) else _abstract_of_a_study(graph, text)
    return (), ()


# The words a structured abstract labels its parts with, anywhere in the page: a page with
# neither is no structured abstract, whatever its units
# (a label may be glued to its first sentence: "MethodsWe searched ...")
_LABELS_METHODS = re.compile(r"\b(?:methods?|materials|study design|design,? setting)", re.I)
_LABELS_RESULTS = re.compile(r"\b(?:results?|findings|conclusions?)", re.I)


def _abstract_of_a_study(
    graph: EvidenceGraph, text: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A structured abstract (labelled Methods and Results, or Conclusions) that prints no
    identifier reports a study all the same: the one study of the graph that a sentence of its
    Methods or Results describes by the participants it counted (kg.check_document.
    described_study: "Twenty-one studies, involving 936 patients, were included"), else a study
    the page does not name."""
    if not (_LABELS_METHODS.search(text) and _LABELS_RESULTS.search(text)):
        return (), ()  # no labels to find: the page is not cut into units a second time
    sections, found = set(), set()
    context = _Context()
    for span in units(text):
        context.enter(span)
        sections.add(context.section)
        if context.section in (Section.METHODS, Section.RESULTS) and not span.heading:
            interp = interpret(span.text, graph.vocabulary)
            found |= set(described_study(graph, span.text, interp))
    if not {Section.METHODS, Section.RESULTS} <= sections:
        return (), ()
    if len(found) == 1:
        return tuple(found), ()
    return (), ("the study this abstract reports (it prints no identifier the graph holds)",)


def _repeating_a_study(graph: EvidenceGraph, spans: list[Span]) -> tuple[str, ...]:
    """A page that repeats, word for word, two or more sentences that one study of the graph
    reported (kg.reported_statements: its abstract pasted without its title or identifier,
    or a page built on it) is that study's report, as surely as if it printed its DOI: the
    one study so repeated. One sentence is not enough (a stock phrase of methods), nor two
    studies (a review quoting a trial's conclusion)."""
    repeats: Counter[str] = Counter()
    for span in spans:
        repeats.update(graph.statement_index.studies_repeated(span.text))
    studies = [sid for sid, n in repeats.items() if n >= _REPEATED_SENTENCES]
    return tuple(studies) if len(studies) == 1 else ()


_REPEATED_SENTENCES = 2


def _news_of_a_study(graph: EvidenceGraph, text: str) -> tuple[str, ...]:
    """A page that tells of a new study ("A new study has investigated whether a single
    injection of the body's own fat ...", "The randomised controlled trial of ... has found")
    and gives its size ("The study consisted of 120
    patients"): the one study of the graph of that size whose arms include a treatment the
    top of the page names, when there is exactly one."""
    top = text[: 2 * _PAGE_TOP]
    introduced = _INTRODUCED_STUDY.search(top) or _THE_STUDY.search(top)
    if not introduced:
        return ()
    # "An August 2025 study": a study of the graph published another year is not that one
    years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", introduced[0])}
    # "published last April in Knee Surgery, Sports Traumatology, Arthroscopy": a study of
    # the graph in another journal is not that one
    journal = _PUBLISHED_STUDY.search(top)
    named = {c.id for c in interpret(top, graph.vocabulary).interventions}
    found = set()
    for quantity in quantities(top):
        if quantity.kind != "participants" or quantity.bound != "eq":
            continue
        for sid in graph.studies_by_size.get(int(quantity.value), ()):
            study = graph.study(sid)
            if years and (study.publication or {}).get("year") not in years:
                continue
            if journal and not _published_in(graph, sid, journal[0]):
                continue
            arms = {a.intervention for a in study.arms if a.intervention}
            if any(concept_relation(arm, n, graph.vocabulary) for arm in arms for n in named):
                found.add(sid)
    return tuple(found) if len(found) == 1 else ()


def _published_in(graph: EvidenceGraph, sid: str, said: str) -> bool:
    """Whether what the page says of where a study was published ("The study, published in
    JAMA") names a journal the study appeared in (true when the graph records none)."""
    journals = [j for j, by in graph.study_names.journals.items() if sid in by]
    return not journals or any(fold_title(j) in fold_title(said) for j in journals)


def _referenced_study(graph: EvidenceGraph, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A page that gives its source in a reference line ("Reference: Soler R, et al: Final
    results of a phase I-II trial ...") reports that study: the graph's, when the line names
    one study of it, else one the graph does not hold."""
    for line in text.splitlines():
        if not _REFERENCE_LINE.match(line):
            continue
        named = {s for m in graph.study_names.find(line) for s in m.studies}
        if len(named) == 1:
            return tuple(named), ()
        author = _FIRST_AUTHOR.search(line)
        if author and not named:
            return (), (f"the study this page reports ({author.group(1)} et al.)",)
    return (), ()


# A sentence that goes on about the study the one before cited ("The authors found...", "In
# this systematic review, 8 studies were included").
_STUDY_ANAPHOR = re.compile(
    r"^\W*(?:in\s+|of\s+)?(?:the|this|that|their|these)\s+(?:\w+\s+){0,2}?(?:authors?|"
    r"researchers|investigators|review|meta-analysis|study|trial|analysis|paper)\b|^\W*they\b"
    # ... or speaks of what came of it: "Long-term clinical follow-up of the single-centre,
    # double-blind, ... randomised controlled trial has shown", "Results from the study"
    r"|^\W*(?:[\w-]+\s+){1,3}?(?:of|from|in)\s+(?:the|this|that)\s+(?:[\w,-]+\s+){0,8}?"
    r"(?:study|trial)\b"
    # ... or is said by its makers: "“Our research indicates that ...”"
    r"|^\W*our\s+(?:\w+\s+)?(?:research|data|findings|results|work|study|trial)\b",
    re.I,
)
# What a study did ("Keeling et al. performed a systematic review", "... published", "found")
_STUDY_ACT = re.compile(
    r"\b(?:performed|conducted|carried out|published|reported|found|showed|concluded|"
    r"included|enrolled|randomi[sz]ed|reviewed|pooled|analy[sz]ed|writes|wrote|suggests|"
    r"suggested|looked at|examined|assessed|evaluated|compared|followed|received|underwent)\b",
    re.I,
)
# An instruction or a call to action ("Book a consultation", "Provide them with clear
# information", "Ask your doctor whether...") asserts nothing about the evidence.
_IMPERATIVE = re.compile(
    r"(?:please\s+)?(?:book|call|contact|ask|discuss|consider|visit|learn|find|read|schedule|"
    r"request|get|make|ensure|tell|see|speak|talk|take|try|use|provide|click|sign|join|"
    r"subscribe|download|share|follow|avoid|remember|keep|let)\b"
    # "Use of MSCs is an active area of research", "Follow-ups were reported at 1 month": the
    # noun, not the verb
    r"(?![-‐]|\s+(?:of|is|are|was|were|has|have)\b)",
    re.I,
)
# The condition an instruction may open with: "If you are exploring an unproven treatment,
# read ...", "Before you agree to an injection, ask ..." (the instruction is what follows)
_CONDITION = re.compile(r"^\W*(?:if|when|before|whether|while)\b[^,;:]{0,160},\s*", re.I)
# A sentence that speaks of a study ("the trial was small", "its results are preliminary")
_OF_A_STUDY = re.compile(
    r"\b(?:the|this|that|these|its|their|his|her)\s+(?:\w+\s+)?(?:study|studies|trials?|paper|"
    r"findings|results|authors|researchers|analysis|review)\b",
    re.I,
)
# Words for an effect whose outcome is not named ("the results were excellent", "it proved
# effective"): a sentence with one is about the treatment the document is discussing.
_EFFECT = re.compile(
    r"\b(?:effective\w*|efficac\w*|benefi\w*|improvements?|results?|outcomes?|success\w*|"
    r"works?|worked|response|relief)\b"
    # a pronoun that stands for the treatment before, with a verdict on it: "They are both good"
    r"|^\W*(?:they|it|both|these|this)\s+(?:are|is|was|were)\s+(?:both\s+|all\s+|very\s+)?"
    r"(?:good|great|excellent|safe|useful|helpful)\b",
    re.I,
)


class Section(StrEnum):
    """Where a unit is in a study's structured abstract."""

    NONE = "none"  # no section label yet, or a heading ended the last one
    BACKGROUND = "background"  # Background, Objectives, Purpose: about the field
    METHODS = "methods"  # Methods, Interventions: how the study was done
    RESULTS = "results"  # Results, Conclusions: what it found


_SECTIONS = (
    (_GENERAL_SECTION, Section.BACKGROUND),
    (_METHODS_SECTION, Section.METHODS),
    (_RESULTS_SECTION, Section.RESULTS),
)


class _Context:
    """The subject a document has reached: what its title, its current heading and its last
    sentence that named one were about. A sentence that names no treatment or study of its
    own ("The therapy seems safe", "No serious side effects were reported") is read as about
    the nearest of these: the sentence before, else the heading, else the title."""

    def __init__(self) -> None:
        self.title: Subject | None = None
        self.heading: Subject | None = None
        self.recent: Subject | None = None
        self.cited_study: tuple[str, ...] = ()  # the last study cited that the graph lacks
        # a study the page introduced as news, unknown to the graph (_INTRODUCED_STUDY), until
        # it names another (a news story's headings go on about its study); and whether the
        # unit being read is the one that introduces it
        self.introduced: tuple[str, ...] = ()
        self.introducing = False
        # The study the page is the report of (its DOI, PMID or PMCID is printed at the top),
        # and whether the unit is in a part of it that reports that study (Methods, Results,
        # Conclusions) rather than its background.
        self.reported: tuple[str, ...] = ()
        self.reported_unknown: tuple[str, ...] = ()  # the page's own study, not in the graph
        self.identified = False  # the page prints the identifier of the study it reports
        self.section = Section.NONE
        # What a review tells in the past ("both treatments were well tolerated") is said of
        # the studies it pooled, that is of the treatment; what a trial tells is of its own.
        self.of_a_trial = True
        # The trial phase the document last stated ("Phase 3 trial results for ..."): a
        # sentence naming a study without a phase of its own is read as about that trial.
        self.phases: tuple[int, ...] = ()

    def carried(self) -> Subject | None:
        return self.recent or self.heading or self.title

    def enter(self, span: Span) -> None:
        """Follow the report's sections: a unit that opens "Results:" or "Background:", or a
        line that is only such a label ("Conclusions and Relevance"), starts one; any other
        heading ends it (every unit passes here, whatever it names)."""
        text = span.text.rstrip(":") + ":" if span.heading else span.text
        for pattern, section in _SECTIONS:
            if pattern.match(text) and (not span.heading or pattern.fullmatch(text)):
                self.section = section
                return
        if span.heading:
            self.section = Section.NONE

    def describes_the_design(self, text: str) -> bool:
        """On a study's report, a sentence that tells how the study was done ("Each patient
        received a single injection and was followed up for 12 months"): any sentence in a
        labelled Methods section, one of its Results told in the past, and, on a page whose
        identifier names the study it reports, one that tells who was given what outside any
        labelled section. Such a sentence is a fact of that study, checked against its record
        (kg.design_facts, kg.claim_numbers). (The caller asks only of sentences with no
        direction.)"""
        if not (self.reported or self.reported_unknown):
            return False
        return (
            self.section == Section.METHODS
            # "BMAC KOOS scores peaked at 12 months, while HA KOOS scores peaked at 6": what
            # the study's arms did, told in its Results with no direction between them
            or (self.section == Section.RESULTS and not general(text))
            # ... and, on a review's, what it pooled ("Eighteen studies were included")
            or (
                self.identified
                and self.section == Section.NONE
                and bool(_DESIGN.search(text) or _POOLED.search(text))
            )
        )

    def own(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The reported study (held, or not held by the graph), when `text` speaks of it
        ("Results: ...", "In this study", "Our analysis encompassed...")."""
        speaks_of_it = (
            # what the study did and found is told in the past ("PRP did not significantly
            # improve pain"); its conclusion in the present ("ADMSCs offer a promising
            # alternative", "the current knowledge is still preliminary") is said of the
            # treatment, and judged on all the evidence
            (self.section in (Section.METHODS, Section.RESULTS) and not general(text))
            or bool(_OWN_STUDY.search(text))
            or bool(_STUDY_ANAPHOR.match(text))  # "The study consisted of 120 patients"
            or bool(_TRIAL_REPORT.search(text))
            # a page that tells of one study and has no sections: what it tells in the past
            # ("Most clinical improvement occurred between 6 and 12 months") is that study's
            or (self.section == Section.NONE and self.of_a_trial and told_in_past(text))
        )
        return (self.reported, self.reported_unknown) if speaks_of_it else ((), ())

    def read(self, span: Span, interp) -> None:
        if is_byline(span.text, interp):  # "Lee H, Lim Y": surnames there name no study
            return
        if interp.phases:
            self.phases = tuple(interp.phases)
        if interp.studies or interp.unknown_studies:
            self.cited_study = tuple(interp.unknown_studies)
        if not (interp.interventions or interp.studies or interp.unknown_studies):
            return
        # a control ("saline into the other knee") is what a treatment was set against, never
        # what the sentences after speak of, unless the sentence names nothing else
        active = [c for c in interp.interventions if not c.within("control")]
        named = (tuple(active or interp.interventions), tuple(interp.studies))
        unknown = tuple(interp.unknown_studies)
        if span.heading:
            where = "the title" if self.title is None else "the heading"
            self.heading = Subject(*named, source=f"{where} {span.text!r}", unknown=unknown)
            self.title = self.title or self.heading
            self.recent = None
            self.cited_study = ()
        else:
            source = f"the sentence {_short(span.text)!r}"
            self.recent = Subject(*named, source=source, unknown=unknown)

    def introduce(self, text: str, interp) -> None:
        """Note a study the unit introduces as news ("An August 2025 study (1) writes"), when
        the unit names no study the graph knows."""
        # (not on a page that reports a study of the graph: that is the study it introduces)
        known = interp.studies or interp.unknown_studies or self.reported
        found = None if known else _INTRODUCED_STUDY.search(text)
        self.introducing = bool(found)
        if found:
            self.introduced = (f"the study this page introduces ({found[0].strip()})",)
        elif interp.studies or interp.unknown_studies:
            self.introduced = ()  # the page has moved on to another study

    def cited(self, text: str) -> tuple[str, ...]:
        """The study the graph does not hold that `text` refers back to: the one the unit
        introduces; the last one the section cited, when the unit speaks of its authors ("The
        authors found...", "In this systematic review..."); the one the page introduced,
        when the unit tells what was done to its patients or what it found ("60 patients were
        enrolled", "Results: both groups improved")."""
        if self.introducing:
            return self.introduced
        if _STUDY_ANAPHOR.match(text):
            return self.cited_study or self.introduced
        if self.introduced and (
            _TRIAL_REPORT.search(text)
            or _DESIGN.search(text)
            or _RESULTS_SECTION.match(text)
            or told_in_past(text)
        ):
            return self.introduced
        return ()


def _tells_how_a_study_was_done(text: str) -> bool:
    """A sentence telling, in the past, how a study was done (who was given what, how it was
    measured or followed), and nothing generally so."""
    return bool(_DESIGN.search(text)) and told_in_past(text)


def _tells_a_design(text: str) -> bool:
    """A sentence telling, in the past and with a number, how a study was done: who was given
    what, how many, for how long."""
    return bool(_DESIGN.search(text)) and bool(quantities(text)) and not general(text)


def _short(text: str, words: int = 8) -> str:
    cut = text.split()
    return " ".join(cut[:words]) + (" ..." if len(cut) > words else "")


def check_document(graph: EvidenceGraph, text: str, *, cite: str | None = None) -> dict:
    """Every unit with its status; the checked ones with verdict, why and evidence."""
    vocab, names = graph.vocabulary, graph.study_names
    context = _Context()
    context.reported, context.reported_unknown = reported_study(graph, text)
    spans = list(units(text))
    if not (context.reported or context.reported_unknown):
        context.reported = _repeating_a_study(graph, spans)
    context.identified = bool(context.reported or context.reported_unknown)
    if not context.identified:  # news of a study: the page tells of it, but is not its report
        context.reported = _news_of_a_study(graph, text)
    context.of_a_trial = not _REVIEW_PAGE.search(text[:_PAGE_TOP])
    reported, results = [], []
    lead_in = ""  # "More research is needed to discover:": what the list after it completes
    for span in spans:
        deadline.check()  # a long article stops at the time limit (kg.deadline)
        # a list item is read with the sentence that introduces it ("more research is needed
        # to discover: correct dosage"; "stem cell therapy aims to: reduce pain")
        framed = span.item and lead_in and not _IMPERATIVE.match(span.text)
        said = replace(span, text=f"{lead_in[:-1]} {span.text}") if framed else span
        said = replace(said, text=plain_quotes(said.text))  # "isn’t" is read as "isn't"
        if not span.item:
            lead_in = span.text if _LEAD_IN.search(span.text) else ""
        if len(said.text) > LONGEST_UNIT:
            # no sentence runs this long (the longest judged in 146 pages: 534 characters);
            # reading one for terms costs seconds that no deadline can interrupt
            why = (
                f"{len(said.text)} characters with no sentence end: longer than any sentence "
                f"({LONGEST_UNIT} at most); break it into sentences to have it checked"
            )
            unit = {"offset": span.offset, "length": span.length, "text": span.text}
            reported.append({**unit, "status": UnitStatus.NOT_UNDERSTOOD, "reason": why})
            continue
        interp = interpret(said.text, vocab, names)
        context.enter(said)
        if not (context.reported or interp.studies) and _OWN_STUDY.search(said.text):
            context.reported = described_study(graph, said.text, interp)
        # "The one-year study, published last April in Knee Surgery ..., tracked 25 patients":
        # a news page's study, which the graph does not hold as described
        published = _PUBLISHED_STUDY.search(said.text)
        if published and not (context.reported or context.reported_unknown or interp.studies):
            context.reported_unknown = (f"the study this page reports ({published[0]})",)
        context.introduce(said.text, interp)
        unit, result = _unit(graph, said, interp, context, cite)
        unit["text"] = span.text
        context.read(said, interp)
        reported.append(unit)
        if result is not None:
            results.append({"offset": span.offset, **result})
    checked = [u for u in reported if u["status"] == UnitStatus.CHECKED]
    verdicts = Counter(u["verdict"] for u in checked)
    statuses = Counter(u["status"] for u in reported)
    return {
        "sentences": reported,
        "summary": {verdict: verdicts.get(verdict, 0) for verdict in VERDICTS},
        "statuses": {status.value: statuses.get(status, 0) for status in UnitStatus},
        "release": graph.release().get("version"),
        # the previous contract, deprecated: checked sentences only, and counts
        "results": results,
        "checked": len(checked),
        "skipped": len(reported) - len(checked),
    }


def _unit(
    graph: EvidenceGraph, span: Span, interp, context: _Context, cite: str | None
) -> tuple[dict, dict | None]:
    """The unit's entry in the report, and the check of it when it is a claim."""
    carried = context.carried()
    unit = {"offset": span.offset, "length": span.length, "text": span.text}
    interp.outside = policy_reason_read(interp.outside, span.text)  # (kg.check reads it so)
    if interp.outside:
        topics = ", ".join(c.label for c in interp.outside)
        return {**unit, "status": UnitStatus.OUTSIDE_SCOPE, "reason": f"about {topics}"}, None
    if any(pattern.fullmatch(span.text.strip()) for pattern, _ in _SECTIONS):
        return {**unit, "status": UnitStatus.NOT_A_CLAIM, "reason": "a section's label"}, None
    if span.text.rstrip("\"'”’»)] ").endswith("?"):  # 'Patients ask, "Is PRP better?"'
        return {**unit, "status": UnitStatus.NOT_A_CLAIM, "reason": "a question"}, None
    if is_byline(span.text, interp):
        return {**unit, "status": UnitStatus.NOT_A_CLAIM, "reason": "a list of authors"}, None
    if _IMPERATIVE.match(_CONDITION.sub("", span.text, count=1)):
        why = "an instruction or a call to action"
        return {**unit, "status": UnitStatus.NOT_A_CLAIM, "reason": why}, None
    if _ABOUT_A_TEXT.match(span.text) and not _REPORTS.search(span.text):
        why = "says something of a text (a story, an article), not of a treatment"
        return {**unit, "status": UnitStatus.NOT_A_CLAIM, "reason": why}, None
    # (a sentence about the evidence is read as such first: "more trials are needed"; but a
    # definition stays one, whatever words it defines with: "a quack promotes unproven cures")
    about_evidence = stated_strength(span.text) is not None
    for pattern, why in _NOT_CLAIMS:
        if (not about_evidence or why in _NOT_A_STATEMENT) and pattern.search(span.text):
            return {**unit, "status": UnitStatus.NOT_A_CLAIM, "reason": why}, None
    direction = claim_direction(span.text, interp)
    # how the page's study was done ("Patients were randomized to BMAC or HA"): a fact of
    # that study, checked against its record, or a study the graph lacks
    methods = direction is None and context.describes_the_design(span.text)
    cited = context.cited(span.text)
    own, own_unknown = (
        ((), ())
        if (interp.studies or interp.unknown_studies)
        else (context.reported, context.reported_unknown)
        if methods
        else context.own(span.text)
    )
    if (
        direction is None
        and not (interp.studies or interp.unknown_studies or own or own_unknown or cited)
        and carried is not None
        and carried.studies
        and states_design(span.text, interp)
    ):
        # "Study subjects will be randomly chosen to receive one of four treatments", on a
        # page whose title or last sentence named the trial: a fact of that trial
        own, methods = tuple(carried.studies), True
    # the page's own study, which the graph does not hold, is the subject of what it states
    # of itself ("Our analysis encompassed 31 studies"); what it concludes of a treatment is
    # a claim about that treatment, judged on the whole graph
    # ... but what happened to its participants ("all patients improved") is its own result
    # ... but not what it says of the field ("Additional studies are needed"), unless it
    # speaks of the study ("this study's evidence is limited")
    of_the_field = about_evidence and not _OF_A_STUDY.search(span.text)
    told = (
        (direction is None and not of_the_field)
        or bool(_TRIAL_REPORT.search(span.text))
        or (context.of_a_trial and told_in_past(span.text))
    )
    cited = cited or (own_unknown if told else ())
    if (
        not (cited or own or interp.studies or interp.unknown_studies)
        and not (carried and carried.studies)
        and _GROUP_STATISTICS.search(span.text)
    ):
        # a study's own figures, which name no study the graph holds: that study's result,
        # not a claim about the treatment at large (the check still finds a recorded effect
        # the figures quote, kg.claim_numbers.cited_by_effect)
        cited = ("the study whose figures the sentence reports (it names none the graph holds)",)
    conduct = (
        direction is None
        and not (cited or own or interp.studies or interp.unknown_studies)
        and _tells_how_a_study_was_done(span.text)
        # a number of participants stated picks the study by its size (kg.check)
        and not any(q.kind == "participants" for q in quantities(span.text))
    )
    if conduct:
        # "Articular cartilage quality was measured by quantitative MRI", "Subjects were
        # followed up for 1 year": a fact of the study the page tells of, which is the one
        # the page last named when the graph holds it, else one the graph does not hold
        if carried is not None and carried.studies:
            own, methods = tuple(carried.studies), True
        else:
            cited = ("the study the page describes (it names none the graph holds)",)
    unknown_study = bool(interp.unknown_studies or cited)
    names_a_subject = bool(interp.interventions or interp.studies or unknown_study or own)
    # A subject is carried only into a sentence about an outcome: "No serious side effects
    # were reported" is about the treatment before it; "better treatments are needed" is not.
    about_the_evidence = stated_strength(span.text) is not None
    about_integrity = bool(read_integrity_claim(span.text))  # "the regulator revoked its licence"
    # "Best suited for mild to moderate conditions": what changes the effect, of the subject
    modifies = bool(read_modifier_claim(span.text))
    about_an_outcome = (
        bool(interp.outcomes)
        or about_integrity
        or claims_regrowth(span.text)
        or is_safety_claim(span.text)
        or bool(_EFFECT.search(span.text) or _TIME_COURSE.search(span.text))
    )
    carried = carried if about_an_outcome or about_the_evidence or modifies else None
    if (
        carried is not None
        # what a page says of the evidence, or of harms with no agent ("No severe adverse
        # effects were documented"), is said of the treatment it discusses
        and not (about_the_evidence or is_safety_claim(span.text))
        and not refers_back(span.text, listed=span.heading or span.item)
        # "Pain did not differ at 12 months": an outcome that opens the sentence is its
        # subject, reported of the treatment the page discusses
        and subject_start(span.text)
        not in {at for o in interp.outcomes for at in interp.positions.get(o.id, [])}
    ):
        # "Trade shows are an effective way to find buyers": a subject of its own
        declined, carried = carried, None
    else:
        declined = None
    if own:
        carried = None  # the Results of a trial's report speak of that trial, not of an arm
    if (
        about_the_evidence
        and carried
        and carried.interventions
        and not _OF_A_STUDY.search(span.text)
    ):
        # "So many of these therapies go on without the science to back them up": the state
        # of the evidence on the treatment, not on the one study the sentence before cited
        carried = replace(carried, studies=())
    if not names_a_subject and (
        _ABOUT_THE_DISEASE.match(span.text)
        or _DISEASE_DOES.match(span.text)
        or _OTHER_TREATMENTS.match(span.text)
    ):
        # "Osteoarthritis is a degenerative disease", "Existing treatment options focus on
        # pain relief": no treatment of the page is meant
        carried = None
    if not names_a_subject and _ONE_PERSON.search(span.text) and told_in_past(span.text):
        # "the joint they wanted to treat didn't hurt and caused her no problems": what
        # happened to one person, which no treatment's evidence bears on
        why = "tells what happened to one person"
        return {**unit, "status": UnitStatus.NOT_A_CLAIM, "reason": why}, None
    # "The RESTORE trial enrolled 88 adults": a number stated about a named study is a claim
    # about that study, whatever its direction.
    states_a_study_fact = (
        (bool(interp.studies or own) and bool(quantities(span.text)))
        or (unknown_study and bool(quantities(span.text) or _STUDY_ACT.search(span.text)))
        # "Fifteen patients were given a single injection", told by a page that is not the
        # study's own report: what a study was, which the record of it can bear out
        or (_tells_a_design(span.text) and not context.identified)
        or (bool(interp.studies or own) and states_design(span.text, interp))
        or methods
        or conduct
    )
    claims = (
        direction is not None
        or about_integrity
        or about_the_evidence
        or states_a_study_fact
        or bool(_RATE.search(span.text))
        or bool(_TIME_COURSE.search(span.text))
        or modifies
    )
    # a heading is a label, unless it asserts ("Stem Cell Treatment Can Stop and Reverse
    # Osteoarthritis", "Injection Shown to Be Safe"): a headline states the page's claim
    asserts = not span.heading or (direction is not None and headline_asserts(span.text))
    read_as_claim = claims and asserts and (names_a_subject or carried)
    likeness = claim_likeness(span.text)
    # ... and the model may admit what the rules pass over, when it reads much like the claims
    # reviewers judged: "Ten patients with chronic knee pain were followed for six months" is
    # checked (mostly to find that the graph holds nothing on it), not set aside as no claim
    admitted = not read_as_claim and not span.heading and likeness.admits
    if read_as_claim or admitted:
        # the rules read a claim; the model learnt from judged pages may withhold it, when the
        # unit reads like the background, descriptions and stories that reviewers set apart;
        # not when it names or reports a study, whose record the check reads it against, nor
        # when it overstates what a treatment it names does ("Stem cells cure arthritis"),
        # which the model, learnt mostly from longer sentences, scores low
        promised = direction == BETTER and bool(interp.interventions) and overstates(span.text)
        if not likeness.claim_like and not (interp.studies or own or methods or promised):
            return {**unit, "status": UnitStatus.NOT_A_CLAIM, "reason": likeness.reason()}, None
        result = check(
            graph,
            span.text,
            cite=cite,
            subject=carried,
            phases=context.phases,
            cited=cited,
            reported=own,
            identified=context.reported if context.identified else (),
        )
        if (
            result["verdict"] in _DOUBTED
            and not likeness.decides
            and not (interp.studies or own or methods or promised or result["matched_claim"])
        ):
            result = {**result, "verdict": "insufficient", "why": likeness.withheld(result["why"])}
        checked = {
            **unit,
            "status": UnitStatus.CHECKED,
            "reason": likeness.admission() if admitted else "a claim about the evidence",
            "verdict": result["verdict"],
            "why": result["why"],
            "evidence": result["evidence"],
        }
        return checked, result
    if interp.interventions:
        named = ", ".join(c.label for c in interp.interventions)
        why = f"names {named} but states no effect or direction: a description"
        return {**unit, "status": UnitStatus.NOT_A_CLAIM, "reason": why}, None
    if direction is not None and not span.heading:
        why = "says what something does, but names no treatment, and none came before it"
        if declined is not None:
            named = ", ".join(c.label for c in declined.interventions) or "the study before"
            why = (
                f"says what something does, but names no treatment and does not point back to "
                f"{named} (from {declined.source}): its subject is its own"
            )
        return {**unit, "status": UnitStatus.NOT_UNDERSTOOD, "reason": why}, None
    why = "names no treatment and states no effect"
    return {**unit, "status": UnitStatus.NOT_A_CLAIM, "reason": why}, None


# verdicts that a unit reading little like a claim does not get (kg.claim_likeness)
_DOUBTED = ("mixed", "contradicted")


STATUS_LABELS = {
    UnitStatus.CHECKED: "checked",
    UnitStatus.NOT_A_CLAIM: "not a claim",
    UnitStatus.OUTSIDE_SCOPE: "outside the graph",
    UnitStatus.NOT_UNDERSTOOD: "not understood",
}
SHOWN_EVIDENCE = SHOWN  # the deciding items first (answer_text); the rest are counted


# The statuses whose reason a writer needs beside the sentence: which topic the graph does not
# cover, and what was missing to check it (a unit that is no claim says so by its label)
_SAYS_WHY = (UnitStatus.OUTSIDE_SCOPE, UnitStatus.NOT_UNDERSTOOD)


def _counts_line(report: dict) -> str:
    statuses = report["statuses"]
    verdicts = ", ".join(f"{v} {n}" for v, n in report["summary"].items() if n)
    return (
        f"{len(report['sentences'])} units: {statuses['checked']} checked"
        + (f" ({verdicts})" if verdicts else "")
        + f", {statuses['not-a-claim']} not a claim, {statuses['outside-scope']} outside the "
        f"graph, {statuses['not-understood']} not understood"
    )


def as_text(report: dict) -> str:
    """The article as a writer reads it: every unit in order, each with its status."""
    lines = [_counts_line(report), ""]
    for unit in report["sentences"]:
        if unit["status"] != UnitStatus.CHECKED:
            lines.append(f"({STATUS_LABELS[unit['status']]}) {unit['text']}")
            if unit["status"] in _SAYS_WHY and unit.get("reason"):
                lines.append(f"    ({unit['reason']})")
            continue
        lines.append(f"[{unit['verdict'].upper()}] {unit['text']}")
        lines.append(why_line(unit["why"], unit["verdict"], "    "))
        lines += evidence_lines(unit["evidence"], "    ")
        lines.append("")
    return "\n".join(lines)


def _evidence_html(evidence: list[dict]) -> str:
    """The deciding evidence (what the study found, its certainty, the source's sentence, the
    citation), then the rest folded by study, as in the text output (answer_text)."""
    shown, folded = shown_and_folded(evidence)
    items = []
    for ev in shown:
        graded = (ev.get("level") or "").replace("grade-", "")
        level = (
            f" ({html.escape(graded)} certainty)"
            if graded.startswith(("high", "moderate", "low", "very"))
            else ""
        )
        said = f"<br><q>{html.escape(ev['statement'])}</q>" if ev.get("statement") else ""
        cited = f"<br><small>{html.escape(ev['citation'])}</small>" if ev.get("citation") else ""
        found = what_found(ev)
        items.append(
            f"<li><b>{html.escape(ev['stance'])}</b>: {html.escape(source_of(ev))} "
            f"{html.escape(found)}{level}{said}{cited}</li>"
        )
    rest = "; ".join(f"{html.escape(study)} ({counts})" for study, counts in folded.items())
    more = f"<p><small>Also bearing on it: {rest}</small></p>" if rest else ""
    return (f"<ul>{''.join(items)}</ul>" if items else "") + more


def as_html(report: dict) -> str:
    """A self-contained page a writer can read or save: every unit, each with its status as
    a word as well as a colour."""
    rows = []
    for unit in report["sentences"]:
        text = html.escape(unit["text"])
        if unit["status"] != UnitStatus.CHECKED:
            label = html.escape(STATUS_LABELS[unit["status"]])
            reason = unit.get("reason") if unit["status"] in _SAYS_WHY else None
            said = f" <small>({html.escape(reason)})</small>" if reason else ""
            rows.append(
                f'<p class="unit {unit["status"]}"><small>{label}:</small> {text}{said}</p>'
            )
            continue
        verdict = html.escape(unit["verdict"])
        rows.append(
            f'<section class="{verdict}"><h3>{verdict}</h3><blockquote>{text}</blockquote>'
            f"<p>{html.escape(unit['why'])}</p>{_evidence_html(unit['evidence'])}</section>"
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Article check</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
        "section{border-left:6px solid #999;padding:0 1em;margin:1em 0}"
        ".supported{border-color:#2a2}.contradicted{border-color:#c22}"
        ".mixed{border-color:#e90}.insufficient{border-color:#888}"
        ".unit{color:#555;margin:.3em 0}</style></head><body>"
        f"<h1>Article check</h1><p>{html.escape(_counts_line(report))}. Graph release "
        f"{html.escape(str(report['release']))}.</p>{''.join(rows)}</body></html>"
    )
