"""How a study was done, as a sentence tells it, against the record (kg.design_facts), on the
real records of graph/studies; and the check of a trial abstract's Methods sentences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.check import check
from kg.claim_numbers import quantities, spelled
from kg.design_facts import Agreement, read_and_compare, stated_grades
from kg.interpret import interpret
from tests import curated

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def facts(graph, sid: str, text: str) -> dict[str, Agreement]:
    interp = interpret(text, graph.vocabulary, graph.study_names)
    return {
        f.kind: f.agreement
        for f in read_and_compare(text, graph.study(sid), interp, graph.vocabulary)
    }


def _randomised(sid: str) -> bool:
    return curated.studies()[sid]["design"] == "rct"


def _with(key):
    return sorted(sid for sid, s in curated.studies().items() if key(s))


@given(
    low=st.integers(min_value=0, max_value=4),
    span=st.integers(min_value=0, max_value=4),
    name=st.sampled_from(["Kellgren-Lawrence grade", "KL grades", "Kellgren–Lawrence (KL) grade"]),
    roman=st.booleans(),
    joiner=st.sampled_from(["-", "–", " to "]),
)
def test_a_range_of_grades_is_read_whole(low, span, name, roman, joiner):
    high = min(4, low + span)
    show = (lambda g: ROMAN.get(g, "0")) if roman and low > 0 else str
    text = f"Patients with {name} {show(low)}{joiner}{show(high)} knee OA were enrolled."
    assert stated_grades(text) == tuple(range(low, high + 1))


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("a Kellgren-Lawrence Grade of II, III, or IV", (2, 3, 4)),
        ("Kellgren and Lawrence grades 1, 2 and 3", (1, 2, 3)),
        ("Kellgrene-Lawrence grade 2 or 3", (2, 3)),  # as misspelt on a real abstract
        ("grade 2 osteoarthritis", ()),  # no scale named: not read
    ],
)
def test_grades_as_abstracts_write_them(text, grades):
    assert stated_grades(text) == grades


@given(n=st.integers(min_value=10, max_value=999))
def test_a_spelled_count_of_patients_is_read(n):
    ones = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    teens = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    def words(k: int) -> str:
        if k < 10:
            return ones[k - 1]
        if k < 20:
            return teens.split()[k - 10]
        return tens[k // 10 - 2] + (f"-{ones[k % 10 - 1]}" if k % 10 else "")

    written = (
        words(n)
        if n < 100
        else f"{ones[n // 100 - 1]} hundred" + (f" and {words(n % 100)}" if n % 100 else "")
    )
    assert spelled(written) == n
    found = quantities(f"{written.capitalize()} patients were randomised.")
    assert [(q.kind, q.value) for q in found] == [("participants", n)]


def test_someone_in_a_trial_is_not_its_size():
    assert quantities("One patient had a flare after the injection.") == []


@pytest.mark.parametrize("sid", _with(lambda s: s["design"] == "rct"))
def test_randomised_agrees_with_a_randomised_trial(graph, sid):
    assert (
        facts(graph, sid, "Patients were randomised to two groups.")["design"] == Agreement.AGREES
    )


@pytest.mark.parametrize("sid", _with(lambda s: s["design"] == "single-arm"))
def test_randomised_is_denied_of_a_single_arm_study(graph, sid):
    said = facts(graph, sid, "Patients were randomised to two groups.")
    assert said["design"] == Agreement.DISAGREES


@pytest.mark.parametrize("sid", _with(lambda s: s.get("registrations")))
def test_the_recorded_registration_agrees_and_another_number_does_not(graph, sid):
    held = curated.studies()[sid]["registrations"][0]
    assert facts(graph, sid, f"Trial registration: {held}.")["registration"] == Agreement.AGREES
    if held.startswith("NCT"):
        other = "NCT" + str((int(held[3:]) + 1) % 10**8).zfill(8)
        said = facts(graph, sid, f"Trial registration: {other}.")
        assert said["registration"] == Agreement.DISAGREES


@pytest.mark.parametrize(
    "sid", _with(lambda s: s["design"] == "rct" and (s.get("population") or {}).get("kl_grades"))
)
def test_the_recorded_grades_agree_and_others_only_qualify(graph, sid):
    grades = curated.studies()[sid]["population"]["kl_grades"]
    listed = (
        ", ".join(map(str, grades[:-1])) + (" or " if len(grades) > 1 else "") + str(grades[-1])
    )
    said = facts(graph, sid, f"Patients with Kellgren-Lawrence grade {listed} were enrolled.")
    assert said["grades"] == Agreement.AGREES
    others = sorted({0, 1, 2, 3, 4} - set(grades))[:1] or [0]
    said = facts(graph, sid, f"Patients with Kellgren-Lawrence grade {others[0]} were enrolled.")
    assert said["grades"] == Agreement.LACKS  # a record's grades are often from a review


def test_the_arms_treatments_and_the_last_assessment(graph):
    """Ruane 2021: BMAC followed by PRP against Gel-One hyaluronate, assessed to 12 months."""
    said = facts(
        graph,
        "ruane-2021",
        "Participants were allocated to one of two treatment groups to receive a BMAC injection "
        "immediately followed by a PRP injection or a single injection of Gel-One® crosslinked "
        "hyaluronate (HA). Outcomes were assessed at 3, 6, and 12 months post-treatment.",
    )
    assert said == {
        "treatments": Agreement.AGREES,
        "injections": Agreement.AGREES,
        "assessments": Agreement.AGREES,
        "arms": Agreement.AGREES,  # "one of two treatment groups"
    }  # "allocated" states no randomisation, so the design is not compared
    wrong = facts(graph, "ruane-2021", "Patients were allocated to BMAC or saline.")
    assert wrong["treatments"] == Agreement.LACKS


def test_a_methods_sentence_of_the_reported_trial_is_checked_on_its_facts(graph):
    """What the page's trial was is checked against its record; a number the record denies
    contradicts it when the page prints the trial's identifier, and only qualifies it when
    the page may be telling of another trial."""
    sid = "bennell-2021"
    size = curated.studies()[sid]["sample_size"]
    mine = {"reported": (sid,), "identified": (sid,)}
    right = check(graph, f"This randomized trial enrolled {size} patients.", **mine)
    assert right["verdict"] == "supported"
    assert all(e["study"] == sid for e in right["evidence"] if e["deciding"])
    wrong = check(graph, f"This randomized trial enrolled {size + 7} patients.", **mine)
    assert wrong["verdict"] == "contradicted"
    news = check(graph, f"This randomized trial enrolled {size + 7} patients.", reported=(sid,))
    assert news["verdict"] != "contradicted"
    assert any(e["stance"] == "qualifies" and "another study" in e["reason"]
               for e in news["evidence"])  # fmt: skip
    nothing = check(graph, "All side effects were reported.", reported=(sid,))
    assert nothing["verdict"] == "insufficient"


def test_a_randomised_claim_about_a_single_arm_study_is_contradicted(graph):
    sid = next(iter(_with(lambda s: s["design"] == "single-arm")))
    result = check(graph, "Patients were randomly assigned to two groups.", reported=(sid,))
    assert result["verdict"] == "contradicted"
    assert "single-arm" in result["why"]


@pytest.mark.parametrize(
    "sid", _with(lambda s: s["design"] == "rct" and len(s.get("arms", [])) in (2, 3, 4))
)
def test_the_number_of_groups_agrees_with_the_arms(graph, sid):
    words = {2: "two", 3: "three", 4: "four"}
    arms = len(curated.studies()[sid]["arms"])
    said = facts(graph, sid, f"Patients were randomly assigned to one of {words[arms]} groups.")
    assert said["arms"] == Agreement.AGREES
    other = words[2 if arms != 2 else 3]
    said = facts(graph, sid, f"Patients were randomly assigned to one of {other} groups.")
    assert said["arms"] == Agreement.LACKS


def test_a_design_sentence_is_of_the_trial_the_page_named_before(graph):
    """A page whose title names the trial, then tells how it is run: each such sentence is a
    fact of that trial, checked against its record (MILES: randomised, four arms)."""
    from kg.check_document import check_document

    text = (
        "The MILES trial of stem cells for knee osteoarthritis\n"
        "Study subjects will be randomly chosen to receive one of four treatments."
    )
    unit = check_document(graph, text)["sentences"][1]
    assert (unit["status"], unit["verdict"]) == ("checked", "supported")
    assert "Mautner 2023" in unit["why"]


@pytest.mark.parametrize("sid", _with(lambda s: s["design"] == "rct")[:5])
def test_not_randomised_is_denied_of_a_randomised_trial(graph, sid):
    said = facts(graph, sid, "This was a non-randomised, single-arm study.")
    assert said["design"] == Agreement.DISAGREES


def test_not_randomised_says_nothing_of_a_registered_trial_without_results(graph):
    sid = next(iter(_with(lambda s: s["design"] == "registered-trial")))
    assert "design" not in facts(graph, sid, "This was a non-randomised study.")


def test_outcomes_measured_agree_when_the_record_holds_results_on_some_of_them(graph):
    """Lamo-Espinosa 2016 records results on VAS pain and WOMAC, none on range of motion: a
    record keeps some of what a study measured, so the outcomes it holds bear the sentence
    out and the rest are named as unrecorded; outcomes it holds nothing of only qualify."""
    some = facts(
        graph,
        "lamo-espinosa-2016",
        "Pain was assessed using VAS and WOMAC and by measuring the knee range of motion.",
    )
    assert some["outcomes"] == Agreement.AGREES
    answer = check(
        graph,
        "Pain was assessed using VAS and WOMAC and by measuring the knee range of motion.",
        reported=("lamo-espinosa-2016",),
        identified=("lamo-espinosa-2016",),
    )
    assert answer["verdict"] == "supported" and "none on range of motion" in answer["why"]
    none = facts(graph, "lamo-espinosa-2016", "Range of motion was measured with a goniometer.")
    assert none["outcomes"] == Agreement.LACKS
