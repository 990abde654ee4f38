"""Claims that a factor changes a treatment's effect are answered from the graph's effect
modifier nodes (kg.modifier_check), on the real graph."""

from __future__ import annotations

import pytest

from kg.check import check
from kg.modifier_check import read_modifier_claim


@pytest.mark.parametrize(
    ("text", "factors", "modifies"),
    [
        ("Higher doses of MSCs work better.", ("cell-dose",), True),
        ("Repeated injections give superior results.", ("repeat-dosing",), True),
        (
            "You will need a series of injections for this to be effective.",
            ("repeat-dosing",),
            True,
        ),
        ("MSCs work best in early osteoarthritis.", ("kl-grade-severity",), True),
        (
            "PRP was more efficacious among patients with Kellgren-Lawrence (KL) grade I-II.",
            ("kl-grade-severity",),
            True,
        ),
        ("The benefit was similar regardless of dose.", ("cell-dose",), False),
        ("PRP may work less well if you take blood thinners.", ("concomitant-medication",), True),
        # repeat dosing told by how often, not by a word for injections
        ("PRP works best when given more than once.", ("repeat-dosing",), True),
        ("Stem cells work better when injected twice.", ("repeat-dosing",), True),
        ("Two or more injections give better results.", ("repeat-dosing",), True),
        ("Blind joint injections are less effective.", ("image-guidance",), True),
        ("The effect of PRP is blunted by NSAIDs.", ("concomitant-medication",), True),
    ],
)
def test_reading_what_a_claim_says_changes_the_effect(text, factors, modifies):
    claim = read_modifier_claim(text)
    assert claim is not None and claim.factors == factors and claim.modifies is modifies


@pytest.mark.parametrize(
    "text",
    [
        "MSC injections reduce knee pain.",  # no factor
        "In KL III knee OA, bone marrow concentrate beats PRP.",  # a population, not a level
    ],
)
def test_effect_claims_are_not_modifier_claims(text):
    assert read_modifier_claim(text, compares="beats" in text) is None


def test_a_dose_response_claim_meets_the_graph_finding_of_none(graph):
    """Small trials that found no difference between doses answer the claim, but cannot deny
    it (they are of no graded certainty): the claim is unproven, and the why says both."""
    answer = check(graph, "Higher doses of MSCs give better pain relief.")
    assert answer["verdict"] == "insufficient"
    assert "No dose-response shown" in answer["why"]
    assert "does not rule it out" in answer["why"]
    assert answer["evidence"][0]["kind"] == "modifier"
    assert answer["evidence"][0]["stance"] == "contradicts"


def test_a_factor_the_graph_never_analysed_is_insufficient(graph):
    answer = check(graph, "MSCs work best in early osteoarthritis.")
    assert answer["verdict"] == "insufficient"


def test_a_factor_for_another_treatment_is_insufficient(graph):
    answer = check(graph, "Higher concentrations of PRP give better results.")
    assert answer["verdict"] == "insufficient"
    assert (
        "no analysis of whether cell dose changes the effect of Platelet-rich plasma"
        in (answer["why"])
    )


def test_a_factor_no_modifier_node_records_is_insufficient(graph):
    """'may be reduced if you are on anti-platelets': no node of the graph analyses drugs
    taken alongside, so the claim is not judged on the treatment's benefit."""
    answer = check(graph, "The effect of PRP may be reduced if you take aspirin.")
    assert answer["verdict"] == "insufficient"
    assert "concomitant medication" in answer["why"]


def test_a_dose_the_effect_is_said_to_need_is_a_claim_of_dose_response(graph):
    """'High effectiveness with at least 100 million stem cells' says fewer cells do less:
    judged on the graph's dose modifier nodes; a trial's dose stated alone is no such claim."""
    threshold = read_modifier_claim(
        "High effectiveness achieved with at least 100 million stem cells"
    )
    assert threshold is not None and threshold.factors == ("cell-dose",) and threshold.modifies
    assert read_modifier_claim("The trial injected more than 100 million cells per knee.") is None
    result = check(graph, "MSCs work best with an injection of at least 100 million cells.")
    assert result["interpretation"]["claim_type"] == "modifier"
