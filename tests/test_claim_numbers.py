"""Numbers in claims: what kg.claim_numbers reads, and how it compares them with a study's
record (the real records of graph/studies, through kg.study_facts)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.claim_numbers import compare, quantities
from tests import curated


@pytest.mark.parametrize(
    ("text", "kind", "value", "bound"),
    [
        ("The trial enrolled 88 adults.", "participants", 88, "eq"),
        ("randomised more than 1,000 patients", "participants", 1001, "min"),
        ("a 480-patient randomised trial", "participants", 480, "eq"),
        ("injected 40 million cells", "cells", 40e6, "eq"),
        ("doses of up to 500 million cells", "cells", 500e6, "largest"),
        ("25M cells", "cells", 25e6, "eq"),
        ("followed 70 patients for seven years", "follow-up", 84, "eq"),
        ("a 4-year follow-up", "follow-up", 48, "eq"),
        ("a pooled pain SMD of -0.45", "effect", -0.45, "eq"),
        ("risk ratio 0.5", "effect", 0.5, "eq"),
        ("over 40% of patients", "effect", 40, "min"),
        ("reduced VAS pain by 1.73 cm", "effect", 1.73, "eq"),
    ],
)
def test_what_is_read(text, kind, value, bound):
    found = [q for q in quantities(text) if q.kind == kind]
    assert found, quantities(text)
    assert found[0].value == pytest.approx(value)
    assert found[0].bound == bound
    assert text[found[0].start : found[0].end].strip() == found[0].text


def test_years_and_grades_are_not_numbers_of_a_study():
    assert quantities("In KL III knees, a 2019 trial found benefit") == []


@given(
    n=st.integers(min_value=1, max_value=999),
    what=st.sampled_from(["people with knee OA", "Americans", "arthritis sufferers", "patients"]),
    cells=st.sampled_from(["cells", "MSCs", "stem cells per knee", "adipose cells"]),
)
def test_millions_of_people_or_money_are_no_dose(n, what, cells):
    """'{n} million people with knee OA', '$ {n} million': a count of people or a sum is no
    number of cells, and is never set against a recorded dose; '{n} million cells' still is."""
    assert [q for q in quantities(f"There are {n} million {what}.") if q.kind == "cells"] == []
    assert [q for q in quantities(f"The company raised ${n} million.") if q.kind == "cells"] == []
    dose = [q for q in quantities(f"Each knee got {n} million {cells}.") if q.kind == "cells"]
    assert [q.value for q in dose] == [n * 1e6]


@given(
    level=st.sampled_from(["90", "95", "99"]),
    written=st.sampled_from(["% CI", "%CI", " percent confidence interval", "% credible interval"]),
    effect=st.floats(min_value=-50, max_value=50, allow_nan=False).map(lambda x: round(x, 2)),
)
def test_the_level_of_an_interval_is_no_number_of_the_finding(level, written, effect):
    """'(-3.13 points; 95% CI: -4.5 to -1.7)': the 95 is how sure, not what was found."""
    found = quantities(f"Pain fell more with BMAC ({effect} points; {level}{written}: -4 to -1).")
    assert [(q.kind, q.value) for q in found] == [("effect", effect)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("WMD -0.74cm on a 10cm visual analogue scale", [-0.74]),
        ("WMD -0.73 cm on a 10cm VAS", [-0.73]),
        ("-0.74cm (minimally important difference [MID] 1.5cm)", [-0.74]),
        ("an MCID of 20 mm was used", []),
        ("pain fell by 20 mm more than with placebo", [20.0]),
    ],
)
def test_the_size_of_a_scale_and_a_threshold_are_no_numbers_of_the_finding(text, found):
    assert [q.value for q in quantities(text)] == found


@given(n=st.integers(min_value=1, max_value=10**6), word=st.sampled_from(["patients", "adults"]))
def test_any_participant_count_is_read_back(n, word):
    """A property of the parser: the number written with or without thousands separators."""
    for written in (str(n), f"{n:,}"):
        found = quantities(f"The trial enrolled {written} {word}.")
        assert [(q.kind, q.value, q.bound) for q in found] == [("participants", n, "eq")]


@given(st.text(max_size=200))
def test_any_text_gives_spans_inside_it(text):
    for q in quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.kind in {"participants", "cells", "follow-up", "effect"}


@pytest.mark.parametrize("sid", ["bennell-2021", "mautner-2023", "emadedin-2018", "kim-2023"])
def test_the_recorded_sample_size_matches_and_another_does_not(graph, sid):
    size = curated.studies()[sid]["sample_size"]
    study = graph.study(sid)
    same = compare(quantities(f"It enrolled {size} patients."), study)
    other = compare(quantities(f"It enrolled {size * 10 + 3} patients."), study)
    assert [c["matches"] for c in same] == [True]
    assert [c["matches"] for c in other] == [False]
    assert str(size) in other[0]["reason"]


@pytest.mark.parametrize("sid", ["bennell-2021", "mautner-2023", "emadedin-2018", "kim-2023"])
def test_another_count_beside_the_recorded_one_denies_nothing(graph, sid):
    """'412 patients were screened, and 41 were randomised': a study counts people at each
    stage; when one count matches the record, the others are counts it does not hold."""
    size = curated.studies()[sid]["sample_size"]
    text = f"{size * 10 + 3} patients were screened and {size} patients were randomised."
    screened, randomised = compare(quantities(text), graph.study(sid))
    assert (screened["matches"], screened["another"]) == (False, True)
    assert (randomised["matches"], randomised["another"]) == (True, False)
    alone = compare(quantities(f"{size * 10 + 3} patients were randomised."), graph.study(sid))
    assert alone[0]["another"] is False  # the only count, and wrong: a contradiction


def test_an_effect_is_compared_with_the_results_values(graph):
    """iijima-2018 records a pooled pain SMD; its value, read from the YAML, matches."""
    results = curated.studies()["iijima-2018"]["results"]
    value = next(r["value"] for r in results if r["id"] == "pain")
    study = graph.study("iijima-2018")
    assert compare(quantities(f"a pooled SMD of {value}"), study)[0]["matches"]
    assert not compare(quantities(f"a pooled SMD of {value + 1}"), study)[0]["matches"]


def test_each_groups_value_beside_the_others_is_no_effect():
    """'-1.4% vs -1.2%' gives each group's change; neither is a between-group effect to be
    compared with one."""
    paired = (
        "a mean change in cartilage volume of −1.4% vs −1.2% and pain of -2 points versus -1 points"
    )
    assert [q for q in quantities(paired) if q.kind == "effect"] == []
    assert [q.value for q in quantities("a 30% reduction in pain")] == [30.0]


def test_an_effects_interval_spread_and_group_values_are_no_effects(graph):
    """'-0.2% (95% CI, -1.9% to 1.5%), with a mean change of -1.4% (SD, 7.2%) in the PRP
    group': the interval's bounds, the spread and, beside a between-group effect, each group's
    own change are not effects to be set against the record; the effect itself is."""
    result = next(r for r in curated.studies()["bennell-2021"]["results"] if r["value"])
    low, high = result["ci"]
    told = (
        f"The between-group mean difference was {result['value']}% (95% CI, {low}% to {high}%), "
        "with a mean change of -1.45% (SD, 7.25%) in the PRP group."
    )
    [effect] = quantities(told)
    assert effect.value == abs(result["value"]) or effect.value == result["value"]
    assert compare([effect], graph.study("bennell-2021"))[0]["matches"]
    # a group's own change, stated alone, is still read
    assert [q.value for q in quantities("pain fell 20% in the MSC group")] == [20.0]


def test_a_groups_share_is_no_effect_and_a_ratio_meets_only_ratios(graph):
    """'59/138 [42.8%]' is the share of a group that responded; a risk ratio is compared only
    with the risk ratios a study records (bennell-2021 records mean differences only)."""
    assert [q for q in quantities("PRP group, 59/138 [42.8%]") if q.kind == "effect"] == []
    assert compare(quantities("risk ratio, 1.36"), graph.study("bennell-2021")) == []


@pytest.mark.parametrize(
    ("stated", "recorded", "matches"),
    [
        ("51.7%", 51.5, False),
        ("51.5%", 51.46, True),
        ("52%", 51.5, True),
        ("16.5 points", 16.5, True),
    ],
)
def test_an_effect_matches_to_the_precision_it_is_printed_with(stated, recorded, matches):
    from kg.claim_numbers import _matches

    [q] = quantities(f"an improvement of {stated}")
    assert _matches(q, recorded, [recorded]) is matches


def test_ranking_probabilities_and_criteria_are_no_effects():
    assert [q for q in quantities("PRP ranked first (SUCRA = 86.0%)") if q.kind == "effect"] == []
    criteria = "Inclusion criteria were a follow-up of at least 5 months and a retention of 80%."
    assert [q for q in quantities(criteria) if q.kind == "effect"] == []


def test_a_stated_effect_meets_only_results_of_its_timepoint(graph):
    """Bennell 2021 records its effects at 12 months: an effect said of 6 months is set against
    none of them (no contradiction by a 12-month value), one said of 12 months is."""
    from kg.check import check

    six = check(
        graph, "In Bennell 2021, PRP changed pain by 9.75 points against saline at 6 months."
    )
    twelve = check(
        graph, "In Bennell 2021, PRP changed pain by 9.75 points against saline at 12 months."
    )
    assert "the claim states '9.75 points'" not in six["why"]
    assert twelve["verdict"] == "contradicted" and "9.75" in twelve["why"]


def test_a_reviews_count_of_included_studies_is_read_back(graph):
    """Every synthesis whose included count the graph records: the count stated in words or
    digits matches, another does not, and the parts of the count ("two RCTs and four cohort
    studies") deny nothing when their sum is the count."""
    counted = {
        sid: s["included_count"]["studies"]
        for sid, s in curated.studies().items()
        if s.get("included_count")
    }
    assert len(counted) >= 20
    for sid, n in counted.items():
        study = graph.study(sid)
        assert [v["matches"] for v in compare(quantities(f"We included {n} trials."), study)] == [
            True
        ]
        wrong = compare(quantities(f"We included {n + 7} trials."), study)
        assert [(v["matches"], v["another"]) for v in wrong] == [(False, False)], sid
        if n > 3:
            parts = f"{n - 2} randomized controlled trials and 2 cohort studies were included"
            assert all(v["matches"] or v["another"] for v in compare(quantities(parts), study))
    [spelled] = quantities("Twenty-one studies, involving 936 patients, were included.")[1:]
    assert (spelled.kind, spelled.value) == ("studies", 21)


def test_a_phase_number_is_no_count_of_trials():
    assert quantities("The company resumed the phase 3 clinical trials of its product.") == []


def test_a_count_of_studies_is_read_only_as_what_a_review_took_in():
    """'4 studies were at moderate risk of bias' counts a part of the included studies."""
    assert quantities("Risk of bias showed 4 studies at moderate risk and 10 at high risk.") == []
    [count] = [
        q
        for q in quantities("Fourteen RCTs comprising 1423 participants were included.")
        if q.kind == "studies"
    ]
    assert count.value == 14


def test_a_share_of_people_is_a_proportion_and_a_percentage_no_ratio(graph):
    """'63% of patients' is a proportion, set only against proportions; a percentage is never
    set against a risk ratio or a standardised difference, whatever its value."""
    assert [q.measure for q in quantities("swelling in 63% (41/65) of patients")] == ["proportion"]
    assert [q.measure for q in quantities("pain fell by 63%")] == [None]
    sid, result = next(
        (sid, r)
        for sid, study in curated.studies().items()
        for r in study.get("results", [])
        if r.get("measure") == "risk-ratio" and r.get("value") is not None
    )
    study = graph.study(sid)
    ratio = f"a risk ratio of {result['value']}"
    assert compare(quantities(ratio), study)[0]["matches"]
    percent = compare(quantities(f"{result['value']}% of patients had a flare"), study)
    assert all(not v["recorded"] for v in percent)  # never "the graph records 1.4"


def test_a_grade_before_a_count_is_a_label():
    """'KL 3 knees' names a grade, not three knees."""
    assert [q.value for q in quantities("in KL 3 knees, 26 patients were randomised")] == [26.0]
