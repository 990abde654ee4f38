"""Claims about the state of the evidence are judged against the strength of the best
evidence on the treatment's benefit (kg.evidence_state), on the real graph."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.check import check
from kg.evidence_state import Strength, in_its_own_words, speaks_of_scarcity, stated_strength


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("However, the evidence on efficacy is limited in quality.", Strength.WEAK),
        ("Neither outcome is supported by the evidence.", Strength.WEAK),
        ("There is no good evidence that stem cells regrow cartilage.", Strength.WEAK),
        ("The research is very divided on outcomes.", Strength.WEAK),
        ("The research doesn't seem to always agree.", Strength.WEAK),
        ("Stem cell injections have a very hit or miss effect.", Strength.WEAK),
        ("Clinics inject stem cells without any data to support it.", Strength.NONE),
        ("These therapies go on without the science to back them up.", Strength.NONE),
        ("The treatment has not undergone demanding clinical study.", Strength.NONE),
        ("PRP has never been tested in randomized trials.", Strength.NONE),
        ("Stem cell injections remain unproven.", Strength.WEAK),
        ("More high-quality trials are needed.", Strength.WEAK),
        ("The research is still very much ongoing.", Strength.UNDER_STUDY),
        ("Cell therapies are being investigated as potential treatments.", Strength.UNDER_STUDY),
        ("The evidence is limited and research is ongoing.", Strength.WEAK),
        ("Additional validated scientific studies are needed.", Strength.WEAK),
        ("Further trials of stem cell injections are urgently warranted.", Strength.WEAK),
        ("As always, more research can be done to understand these cells.", Strength.WEAK),
        ("More injections were needed in the MSC group.", None),
        ("Strong evidence shows that MSC injections relieve pain.", Strength.STRONG),
        ("The benefit is supported by the evidence.", Strength.STRONG),
        ("The data on cartilage regrowth remain sparse.", Strength.WEAK),
        ("The science is still at an early stage.", Strength.WEAK),
        ("Research on this approach is promising, but the trials are small.", Strength.WEAK),
        ("Solid trials now support the injections.", Strength.STRONG),
        ("MSC injections reduce knee pain.", None),
        ("Our clinic offers stem cell injections.", None),
        ("Studies show that MSC injections reduce pain.", None),  # an effect, said of studies
        ("The experimental groups received MSC injections.", None),
        ("Larger trials required before routine use.", Strength.WEAK),
        # the verb, said by the research, negated or not; the noun is no statement of it
        ("Current evidence does not support injecting stem cells.", Strength.WEAK),
        ("Research doesn't support its routine use.", Strength.WEAK),
        ("Two trials now back the injections.", Strength.STRONG),
        ("There is no evidence to support their use.", Strength.NONE),
        ("We offer support to patients in our trials.", None),
        # "low" of the evidence, not of a dose or a risk
        ("The certainty of the evidence was rated as low.", Strength.WEAK),
        ("There is low confidence in the trials' results.", Strength.WEAK),
        ("Eight trials compared high-dose with low-dose cells.", None),
        # the knowledge unsettled: controversy over whether, results that contradict, not sure
        ("There is much controversy about whether BMAC rebuilds cartilage.", Strength.WEAK),
        ("The trials' results are contradictory.", Strength.WEAK),
        ("We are not yet sure whether MSCs repair cartilage.", Strength.WEAK),
        ("MSCs avoid the ethical controversy of embryonic cells.", None),
        ("I am not sure the clinic is open on Sundays.", None),
        # a phrase that sets the scene is not what the sentence asserts; a concession is
        ("Amid the hype around unproven clinics, the company released its two-year data.", None),
        ("Despite continued research, the evidence remains uncertain.", Strength.WEAK),
        # what the patients needed, not what the research needs
        ("In one long-term study, 20% of knees required a replacement over 15 years.", None),
        ("Subjects will be required to attend seven study visits.", None),
        # still to be confirmed, under study; "small" of a share or of one study's size is not
        ("Their safety and benefit must be confirmed in larger trials.", Strength.WEAK),
        ("Safety and efficacy are still being studied.", Strength.UNDER_STUDY),
        ("Only a small percentage of the study's patients had severe arthritis.", None),
        ("It was a very small study of 14 patients, so it was left out.", None),
        ("The research rests on a small number of patients.", Strength.WEAK),
        ("Further well-designed RCTs are needed to confirm the benefit.", Strength.WEAK),
        # a negation reaches to the end of its clause, not past a word of exception
        ("The science has not been refined enough to give consistent results.", Strength.WEAK),
        ("We do not offer anything outside evidence-based care.", Strength.STRONG),
        ("Injecting stem cells into the knee is not evidence-based.", Strength.WEAK),
        # quantifiers that deny: little, few, nothing, minimal
        ("Very little has been proven about stem cell therapies.", Strength.WEAK),
        ("There is minimal high-quality evidence to support its use.", Strength.WEAK),
        ("Nothing has been established by the trials.", Strength.WEAK),
        # a contracted negation ("aren't sure if"), as well as "not sure whether"
        ("Scientists aren't sure if stem cells can regrow cartilage.", Strength.WEAK),
        ("Doctors aren't certain that the trials apply to them.", Strength.WEAK),
        # evidence said to be absent in a phrase; a speculative treatment
        ("Given the absence of good trials, it is not advised.", Strength.WEAK),
        ("These injections are a speculative treatment.", Strength.WEAK),
    ],
)
def test_what_a_sentence_says_of_the_evidence(text, strength):
    assert stated_strength(text) == strength


@given(
    st.sampled_from(
        ["Neither outcome", "No such benefit", "None of these claims", "Not one claim"]
    ),
    st.sampled_from(["is supported by the evidence", "is backed by solid evidence"]),
)
def test_a_negated_strong_statement_is_weak(subject, predicate):
    assert stated_strength(f"{subject} {predicate}.") is Strength.WEAK


def test_unproven_is_supported_by_the_graded_evidence(graph):
    answer = check(graph, "MSC injections for knee osteoarthritis remain unproven.")
    assert answer["verdict"] == "supported"
    assert answer["why"].startswith("supported: the best evidence is weak: ")
    assert "meta-analysis" in answer["why"]


def test_strong_evidence_of_benefit_is_not_what_the_graph_holds(graph):
    answer = check(graph, "Strong evidence shows that MSC injections relieve knee pain.")
    # The best tier holds the moderate-certainty "little or no difference" against placebo
    # (Sadeghirad 2024); Iijima 2018's graded benefit pools before-after changes, which bear
    # on no claim of effect.
    assert answer["verdict"] == "contradicted"
    assert "Sadeghirad 2024" in answer["why"]


def test_the_state_of_evidence_on_an_unknown_treatment_is_insufficient(graph):
    answer = check(graph, "The evidence on exosome injections is limited.")
    assert answer["verdict"] == "insufficient"


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("The research on PRP injections is still early.", "weak"),
        ("Early research from the Mayo Clinic found that PRP reduces knee pain.", None),
        ("Preliminary studies suggest PRP helps.", None),
    ],
)
def test_early_research_is_a_hedge_not_a_verdict_on_the_evidence(text, strength):
    stated = stated_strength(text)
    assert (stated.value if stated else None) == strength


def test_no_evidence_at_all_is_denied_by_one_benefit_found(graph):
    """'No evidence of any benefit' says the evidence is absent, not weak: a comparison that
    finds a benefit (PRP meta-analyses against controls) denies it, while 'the evidence is
    weak' is borne out by the same body of evidence."""
    none = check(graph, "There is no evidence for any benefit of PRP injections for knee pain.")
    weak = check(graph, "The evidence for PRP injections for knee pain is weak.")
    assert stated_strength("There is no evidence for any benefit of PRP.") == Strength.NONE
    assert none["verdict"] in ("mixed", "contradicted")
    assert weak["verdict"] == "supported"
    assert any(e["stance"] == "contradicts" and "better than" in e["found"]
               for e in none["evidence"])  # fmt: skip
    assert stated_strength("We found no evidence of severe adverse events.") is None


def test_little_research_is_weak_evidence_but_little_difference_is_not():
    assert stated_strength("There is very little research completed to give an answer.")
    assert stated_strength("There is little evidence on this.") is not None
    assert stated_strength("Studies found little or no difference in pain.") is None


def test_a_company_name_weighs_no_evidence():
    assert stated_strength("Cipla Limited and Stempeutics Research launched a therapy.") is None
    assert stated_strength("The research on this therapy is limited.") is not None


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        (
            "Use of MSCs for knee osteoarthritis is an active area of research.",
            Strength.UNDER_STUDY,
        ),
        ("There are uncertainties in the research on MSC injections.", Strength.WEAK),
        ("None of these studies so far have shown efficacy.", Strength.NONE),
        ("MSC injections have not yet been proven to be effective.", Strength.WEAK),
        ("Stem cell products have not been shown to be safe or effective.", Strength.WEAK),
        ("PRP hasn't been convincingly demonstrated to work.", Strength.WEAK),
        ("Cell injections have been shown to reduce knee pain.", None),
    ],
)
def test_research_under_way_and_none_shown(text, strength):
    assert stated_strength(text) == strength


def test_scant_evidence_is_not_what_a_moderate_certainty_finding_is(graph):
    """Sadeghirad 2024 finds, with moderate certainty, little or no difference in pain against
    placebo: MSCs are unproven (supported), but the evidence is not little or poor (mixed,
    the graded finding contradicting that part)."""
    scant = check(
        graph, "The evidence on MSC injections for knee pain is limited and of low quality."
    )
    assert scant["verdict"] == "mixed"
    against = [e for e in scant["evidence"] if e["stance"] == "contradicts"]
    assert against and all(e["level"] in ("grade-moderate", "grade-high") for e in against)
    assert "sadeghirad-2024" in {e["study"] for e in against}
    assert check(graph, "MSC injections for knee pain are unproven.")["verdict"] == "supported"
    # one trial's size is no statement on the body of evidence
    assert not speaks_of_scarcity("The number of participants in the trial is small.")


def test_scant_evidence_of_a_benefit_is_what_a_finding_of_no_difference_bears_out(graph):
    """'limited evidence supporting their effectiveness', 'the lack of proof': little shows a
    benefit, which the moderate-certainty finding of little or no difference bears out
    (supported); scant evidence as such ('the studies are few and poor') stays mixed."""
    of_benefit = "There is limited evidence supporting the effectiveness of MSC injections."
    assert not speaks_of_scarcity(of_benefit)
    assert check(graph, of_benefit)["verdict"] == "supported"
    assert not speaks_of_scarcity("Despite the lack of proof, MSC injections are popular.")
    as_such = "The studies of MSC injections are few and of poor quality."
    assert speaks_of_scarcity(as_such)
    assert check(graph, as_such)["verdict"] == "mixed"
    assert speaks_of_scarcity("The small studies that are available are of poor quality.")


@pytest.mark.parametrize(
    "text",
    [
        "The evidence is not sufficient to recommend MSC injections for knee pain.",
        "Trials of MSC injections are inadequate to justify their routine use.",
        "There isn't enough good research to recommend MSC injections.",
    ],
)
def test_evidence_not_enough_to_act_on_is_weak_and_borne_out(graph, text):
    """'Not enough', 'not sufficient', 'inadequate' say the evidence is weak; said of evidence
    good enough to act on ('to recommend', 'to justify'), they say a benefit is not shown, which
    the moderate-certainty finding of little or no difference bears out."""
    assert stated_strength(text) == Strength.WEAK
    assert not speaks_of_scarcity(text)
    assert check(graph, text)["verdict"] == "supported"


@pytest.mark.parametrize(
    "text",
    [
        "For patients with early OA, multiple PRP injections are useful.",
        "In early-stage knee osteoarthritis PRP helps.",
    ],
)
def test_early_osteoarthritis_is_a_stage_of_the_disease_not_of_the_evidence(text):
    assert stated_strength(text) is None


def test_the_why_names_the_headline_finding_of_the_deciding_review(graph):
    """Among the deciding review's findings of one certainty, the why names the conclusion on
    pain (what a reader asks first), not a secondary scale such as SF-36 physical
    functioning, and the evidence lists it first."""
    answer = check(graph, "The evidence on MSC injections is unproven.")
    assert answer["verdict"] == "supported"
    assert "on pain" in answer["why"] and "SF-36" not in answer["why"], answer["why"]
    first = answer["evidence"][0]
    assert first["study"] == "sadeghirad-2024" and first["found"].endswith("on pain")


def test_no_studies_at_all_is_denied_by_any_study_that_compared_it(graph):
    """'There are no studies on X' says not one study exists: the graph's comparative studies
    of MSCs deny it whatever they found (contradicted, however little benefit they found),
    and for a cell product no study of the graph compared, nothing bears on it."""
    assert stated_strength("There are no research studies on the efficacy of PRP.") is (
        Strength.ABSENT
    )
    assert stated_strength("There is no evidence for any benefit of PRP.") is Strength.NONE
    msc = check(graph, "There are no studies on MSC injections for knee osteoarthritis.")
    assert msc["verdict"] == "contradicted"
    assert msc["why"].startswith("contradicted: the claim says there are no studies; the graph")
    wj = check(graph, "There are no research studies on the efficacy of Wharton's jelly.")
    assert wj["verdict"] == "insufficient"


def test_research_under_way_gets_no_verdict(graph):
    """'stem cell research is still ongoing' says what is being studied, which the graph does
    not record; it is neither borne out nor denied by what studies found."""
    result = check(graph, "Research on stem cell injections for knee arthritis is still ongoing.")
    assert result["interpretation"]["claim_type"] == "evidence-state"
    assert result["verdict"] == "insufficient" and "under way" in result["why"]


@pytest.mark.parametrize(
    ("text", "own_words"),
    [
        ("Stem cell therapy is not covered because its effectiveness has not been proven.", True),
        ("These therapies are investigational because of a lack of consistent evidence.", True),
        ("None of these studies so far have shown efficacy, so no product is approved.", True),
        ("Stem cell therapy is considered experimental and investigational.", False),
        ("Products including but not limited to bone matrix are not covered.", False),
        ("Stem cell injections cost $5,000 and are not covered by insurance.", False),
    ],
)
def test_the_evidence_in_its_own_words_not_a_regulators_class(text, own_words):
    assert in_its_own_words(text) is own_words


def test_a_policys_reason_about_the_evidence_is_checked_its_class_is_not(graph):
    """An insurer's 'not covered because ... has not been proven' is a claim that the
    evidence is weak, borne out by the graded evidence; 'considered investigational' and a
    price stay outside the graph."""
    from kg.check_document import check_document

    reason, policy, price = check_document(
        graph,
        "Stem cell therapy for the knee is not covered because its long term safety and "
        "effectiveness has not been proven.\n"
        "Stem cell therapy for the knee is considered investigational and is not covered.\n"
        "Stem cell injections for the knee cost $5,000 and are not covered by insurance.",
    )["sentences"]
    assert (reason["status"], reason["verdict"]) == ("checked", "supported")
    assert "Sadeghirad 2024" in reason["why"]
    assert policy["status"] == price["status"] == "outside-scope"


@given(
    research=st.sampled_from(["research", "studies", "trials", "data", "evidence"]),
    quality=st.sampled_from(["better", "larger", "more", "long-term", "well-designed", "bigger"]),
    who=st.sampled_from(["Surgeons", "Doctors", "The field", "Patients and surgeons"]),
)
def test_research_needed_as_the_object_of_need_is_weak_evidence(research, quality, who):
    """'Surgeons need better trials' says the present research falls short, as 'better trials are
    needed' does; what else is needed ('patients need more injections') is no statement of
    the evidence."""
    verb = "needs" if who == "The field" else "need"
    assert stated_strength(f"{who} {verb} {quality} {research}.") == Strength.WEAK
    assert stated_strength(f"{who} {verb} {quality} injections.") is None


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("Further studies need to be carried out on these cells.", Strength.WEAK),
        ("More research still has to be done before it is offered.", Strength.WEAK),
        ("Trials offer no decisive proof of benefit.", Strength.WEAK),
        ("There is no definitive clinical evidence for the injections.", Strength.WEAK),
        ("There is no evidence for the injections.", Strength.NONE),
        ("There was no evidence of serious adverse events.", None),
    ],
)
def test_research_still_to_be_done_and_a_qualified_denial(text, strength):
    """A qualified denial ('no decisive proof') says the evidence falls short of that
    quality; a bare one ('no evidence') says there is none; of harms it is a safety claim."""
    assert stated_strength(text) == strength
