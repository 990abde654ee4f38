"""Ask on the real graph: interpretation, SPARQL with bound terms, answers checked against the
curated YAML, nearest evidence, and the CLI and HTTP contract."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.api.app import create_app
from kg.ask import ask
from kg.check import check
from kg.cli import main
from tests import curated

CONTRACT = {"iri", "id", "title", "year", "design", "doi", "citation"}


def _ids(answer: dict) -> set[str]:
    return {row["id"] for row in answer["results"]}


def _arm_sources(study: dict) -> set[str]:
    return {arm["intervention"] for arm in study.get("arms", [])}


def test_rcts_of_marrow_cells_against_ha_match_the_yaml(graph):
    answer = ask(graph, "RCTs of BMSCs versus hyaluronic acid")
    marrow, ha = curated.under("bm-msc"), curated.under("hyaluronic-acid")
    expected = {
        sid
        for sid, s in curated.studies().items()
        if s["design"] == "rct" and _arm_sources(s) & marrow and _arm_sources(s) & ha
    }
    assert expected  # the graph holds such trials
    assert expected <= _ids(answer)
    assert {i["id"] for i in answer["interpretation"]["comparison"]} == {
        "bm-msc",
        "hyaluronic-acid",
    }


def test_filters_by_design_year_and_size_match_the_yaml(graph):
    answer = ask(graph, "meta-analyses published since 2020")
    expected = {
        sid
        for sid in curated.with_design("meta-analysis")
        if any(p.get("year", 0) >= 2020 for p in curated.studies()[sid].get("publications", []))
    }
    assert _ids(answer) == expected
    big = ask(graph, "RCTs with more than 100 patients")
    expected_big = {
        sid
        for sid, s in curated.studies().items()
        if s["design"] == "rct" and (s.get("sample_size") or 0) > 100
    }
    assert _ids(big) == expected_big


def test_every_result_carries_its_citation(graph):
    answer = ask(graph, "RCTs of umbilical cord MSCs")
    assert answer["results"]
    for row in answer["results"]:
        assert set(row) >= CONTRACT
        if row["publication"]:
            assert row["title"] and row["title"][:20] in row["citation"]


def test_values_are_bound_not_pasted(graph):
    answer = ask(graph, "RCTs of Wharton's jelly MSCs in KL III")
    assert "wj-msc" not in answer["sparql"] and "kl-3" not in answer["sparql"]
    assert answer["bindings"]["kl_0"].endswith("/concept/kl-3>")


def test_no_head_to_head_gives_nearest_and_indirect_evidence(graph):
    answer = ask(graph, "which RCTs compare umbilical vs marrow MSCs in KL III")
    assert answer["results"] == []
    assert answer["indirect"], "a comparison without a direct trial shows indirect paths"
    for path in answer["indirect"]:
        assert path["nodes"][0] == "uc-msc" and path["nodes"][-1] == "bm-msc"
    assert "No study" in answer["message"]


def test_misspelling_is_read_and_said(graph):
    answer = ask(graph, "RCTs of umbilcal cord cells")
    read = answer["interpretation"]["read_as"]
    assert any("umbilcal" in r["text"] and r["read_as"].startswith("umbilical") for r in read)
    assert [c["id"] for c in answer["interpretation"]["interventions"]] == ["uc-msc"]
    assert answer["results"]


def test_unknown_term_is_named(graph):
    answer = ask(graph, "trials of botox")
    assert any(u["term"] == "botox" for u in answer["interpretation"]["unknown_terms"])


def test_cli_json_is_the_contract(built, capsys):
    code = main(["ask", "RCTs of adipose MSCs", "--json", "--build", str(built)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and {"question", "interpretation", "sparql", "results"} <= set(out)


def test_http_ask_with_citations(settings, store):
    with TestClient(create_app(settings, store)) as client:
        response = client.get("/ask", params={"q": "RCTs of marrow MSCs vs saline", "cite": "ris"})
        assert response.status_code == 200
        body = response.json()
        assert body["results"] and "TY  - JOUR" in body["citations"]
        assert client.get("/ask", params={"q": ""}).status_code == 422


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_any_question_gives_a_valid_query_or_a_message(graph, text):
    answer = ask(graph, text)
    assert answer["sparql"] is None or "SELECT" in answer["sparql"]
    assert isinstance(answer["message"], str)


@pytest.mark.parametrize(
    ("question", "study"),
    [
        ("What did the MILES trial show?", "mautner-2023"),
        ("Which study is NCT03818737?", "mautner-2023"),
        ("Find the RESTORE trial", "bennell-2021"),
        ("Lamo-Espinosa 2018 follow-up", "lamo-espinosa-2018"),
    ],
)
def test_a_named_study_is_the_answer(graph, question, study):
    """Names come from the YAML: `names`, the first author and year, `registrations`."""
    record = curated.studies()[study]
    assert any(
        name in question
        for name in record.get("names", []) + record.get("registrations", [])
        + [study.rsplit("-", 1)[0].title()]
    )  # fmt: skip
    answer = ask(graph, question)
    assert answer["interpretation"]["studies"] == [study]
    assert _ids(answer) == {study}


def test_a_surname_must_be_written_as_a_name(graph):
    """'MA' (meta-analysis) is not Ma 2020, and 'lee' in lower case names nobody."""
    answer = ask(graph, "SR/MA of PRP for knee OA")
    assert answer["interpretation"]["studies"] == []
    assert "ma-2020" not in _ids(answer)


@pytest.mark.parametrize(
    "question",
    [
        "MSC injections for hip osteoarthritis",
        "stem cell injections for rheumatoid arthritis of the knee",
        "MSC trials in children or adolescents",
        "stem cell injections for osteoarthritis in dogs or horses",
        "cartilage repair after synovial MSC transplantation in a rabbit osteochondral defect",
        "BMAC for osteoarthritis in sheep",
    ],
)
def test_a_question_outside_the_graph_lists_no_studies(graph, question):
    answer = ask(graph, question)
    assert answer["interpretation"]["outside_scope"]
    assert answer["results"] == []
    assert "no evidence on" in answer["message"]


def _expected(predicate) -> set[str]:
    return {sid for sid, study in curated.studies().items() if predicate(study)}


def _doses(study: dict) -> list[float]:
    return [arm["dose_cells"] for arm in study.get("arms", []) if "dose_cells" in arm]


@pytest.mark.parametrize(
    ("question", "predicate"),
    [
        ("studies that injected at least 100 million cells",
         lambda s: any(d >= 100e6 for d in _doses(s))),
        ("studies using fewer than 10 million cells per injection",
         lambda s: any(d < 10e6 for d in _doses(s))),
        ("studies with at least 5 years of follow-up",
         lambda s: s.get("follow_up_months", 0) >= 60),
        ("Which study reports results at 9 months?",
         lambda s: any(r.get("timepoint_months") == 9
                       for r in s.get("results", []) + s.get("findings", []))),
        ("Which findings are rated moderate certainty by GRADE?",
         lambda s: any(f.get("certainty") == "grade-moderate" for f in s.get("findings", []))),
        ("phase 3 trials",
         lambda s: "III" in str(s.get("phase", "")).replace("/", " ").split()
         or "3" in str(s.get("phase", "")).replace("/", " ").split()),
    ],
)  # fmt: skip
def test_filters_on_numbers_phase_and_certainty_match_the_yaml(graph, question, predicate):
    expected = _expected(predicate)
    assert expected, "the question must have an answer in graph/"
    assert _ids(ask(graph, question)) == expected


def test_an_exclusion_several_words_before_the_term(graph):
    """'that don't involve PRP in any arm' leaves out every study with a PRP arm (a review's
    results and findings count as its arms)."""
    answer = ask(graph, "bone marrow concentrate studies that don't involve PRP in any arm")
    assert [c["id"] for c in answer["interpretation"]["excluded"]] == ["prp"]
    expected = {
        sid
        for sid, s in curated.studies().items()
        if "bmac" in curated.interventions(s)
        and not curated.interventions(s) & curated.under("prp")
        and not any(a for arm in s.get("arms", []) for a in arm.get("adjuncts", [])
                    if a in curated.under("prp"))
    }  # fmt: skip
    assert expected and _ids(answer) == expected


def test_donor_cells_rather_than_the_patients_own(graph):
    answer = ask(graph, "RCTs of donor bone marrow MSCs rather than the patient's own")
    interp = answer["interpretation"]
    assert [c["id"] for c in interp["donors"]] == ["allogeneic"]
    assert [c["id"] for c in interp["excluded_donors"]] == ["autologous"]
    for sid in _ids(answer):
        donors = {arm.get("donor") for arm in curated.studies()[sid]["arms"]}
        assert "allogeneic" in donors and "autologous" not in donors


def test_arms_that_differ_in_their_number_of_injections(graph):
    """'one versus two injections' asks for a study with an arm of each count, same cells."""
    answer = ask(graph, "Which RCT compared one versus two injections of adipose MSCs?")
    assert answer["interpretation"]["injections"] == [1, 2]
    expected = {
        sid
        for sid, s in curated.studies().items()
        if s["design"] == "rct"
        and {1, 2} <= {a.get("injections") for a in s.get("arms", [])
                       if a["intervention"] in curated.under("ad-msc")}
    }  # fmt: skip
    assert expected and _ids(answer) == expected


def test_repeated_injections_and_a_time_after_injection(graph):
    repeated = ask(graph, "studies of repeated MSC injections")
    assert repeated["interpretation"]["injections"] == [None]

    def more_than_one(arm: dict) -> bool:  # counted, or only said to be repeated
        return arm.get("injections", 1) > 1 or arm.get("repeated") is True

    expected = {
        sid
        for sid, s in curated.studies().items()
        if any(
            more_than_one(a) and a["intervention"] in curated.under("msc")
            for a in s.get("arms", [])
        )
    }
    assert any(a.get("repeated") for s in curated.studies().values() for a in s.get("arms", []))
    assert expected and _ids(repeated) == expected
    timed = ask(graph, "VAS results three weeks after injection")
    assert timed["interpretation"]["injections"] == []
    assert timed["interpretation"]["timepoint_months"] is not None


def _holds(arm: dict, concept: str) -> bool:
    return bool({arm["intervention"], *arm.get("adjuncts", [])} & curated.under(concept))


def _combines(arm: dict, first: str, second: str) -> bool:
    """An arm of one of the two with the other: it holds both, and gives one of them."""
    gives = arm["intervention"] in curated.under(first) | curated.under(second)
    return _holds(arm, first) and _holds(arm, second) and gives


def test_interventions_given_together_in_one_arm(graph):
    """'combined X with Y in the same arm' and 'X + Y' ask for an arm holding both, as its
    intervention or an adjunct, one of them being what the arm gives (the YAML's arms and
    adjuncts decide)."""
    answer = ask(graph, "Which studies combined a cell therapy with PRP in the same arm?")
    assert [c["id"] for c in answer["interpretation"]["combined"]] == ["cell-therapy", "prp"]
    expected = {
        sid
        for sid, s in curated.studies().items()
        if any(_combines(a, "cell-therapy", "prp") for a in s.get("arms", []))
    }
    assert expected and _ids(answer) == expected


def test_a_combination_named_after_the_pair_is_the_two_given_together(graph):
    """'PRP and HA combination therapy': an arm of PRP with HA added, or of HA with PRP; an arm
    of cells with both added (Turajane 2017) combines three treatments, not these two."""
    answer = ask(graph, "the effectiveness of PRP and HA combination therapy for knee OA")
    assert [c["id"] for c in answer["interpretation"]["combined"]] == ["prp", "hyaluronic-acid"]
    studies = curated.studies()
    expected = {
        sid
        for sid, s in studies.items()
        if any(_combines(a, "prp", "hyaluronic-acid") for a in s.get("arms", []))
    }
    assert any(
        _holds(a, "prp") and _holds(a, "hyaluronic-acid") for a in studies["turajane-2017"]["arms"]
    )
    assert _ids(answer) == expected
    assert "turajane-2017" not in _ids(answer)


def test_marrow_aspirate_named_alone_is_the_concentrate(graph):
    """'Bone Marrow Aspirate Compared to Platelet Rich Plasma' (a registry title of a BMAC
    trial): the aspirate is BMAC, not culture-expanded marrow MSCs."""
    answer = ask(graph, "Bone Marrow Aspirate Compared to Platelet Rich Plasma for Knee OA")
    assert answer["interpretation"]["compared_pairs"] == [["bmac", "prp"]]


@pytest.mark.parametrize(
    ("question", "alone"),
    [
        ("Studies comparing MSCs plus PRP against PRP alone", ["prp"]),
        ("PRP combined with HA compared with PRP or HA alone", ["prp", "hyaluronic-acid"]),
        ("trials of PRP injections only", ["prp"]),
        ("MSCs plus PRP against PRP", []),
    ],
)
def test_what_is_given_alone_is_read(graph, question, alone):
    answer = ask(graph, question)
    assert [c["id"] for c in answer["interpretation"]["alone"]] == alone
    assert "alone" not in " ".join(map(str, answer["interpretation"]["unknown_terms"]))


def test_a_treatment_alone_is_an_arm_without_the_other(graph):
    """'MSCs plus PRP against PRP alone': a trial whose PRP arm had no MSCs added (a shared
    procedure such as debridement may be in both arms); a trial whose only PRP is added to
    MSCs (Bastos 2019: MSCs, MSCs with PRP, corticosteroid) is not one. The YAML decides."""
    answer = ask(graph, "Studies comparing MSCs plus PRP against PRP alone")
    msc, prp = curated.under("msc"), curated.under("prp")

    def given(arm: dict) -> set[str]:
        return {arm["intervention"], *arm.get("adjuncts", [])}

    expected = {
        sid
        for sid, s in curated.studies().items()
        if any(given(a) & msc and given(a) & prp for a in s.get("arms", []))
        and any(a["intervention"] in prp and not given(a) & msc for a in s.get("arms", []))
    }
    assert expected and _ids(answer) == expected
    assert "bastos-2019" not in _ids(answer)


@pytest.mark.parametrize(
    ("question", "designs"),
    [
        ("The purpose of this meta-analysis was to compare MSCs with PRP.", []),
        ("We conducted an open-label trial of umbilical cord MSCs.", []),
        ("Which meta-analyses compared MSCs with PRP?", ["meta-analysis"]),
        # what the writer's review pooled, not the design of the studies asked for
        ("To compare MSCs with PRP from published randomized controlled trials (RCTs).", []),
        ("Outcomes of MSCs based on the available clinical studies", []),
        ("Which randomized controlled trials compared MSCs with PRP?", ["rct"]),
    ],
)
def test_the_writers_own_study_is_no_condition(graph, question, designs):
    answer = ask(graph, question)
    assert [d["id"] for d in answer["interpretation"]["designs"]] == designs


def test_the_head_of_a_phrase_is_what_is_meant(graph):
    answer = ask(graph, "Trials of autologous adipose-derived stromal vascular fraction")
    assert [c["id"] for c in answer["interpretation"]["interventions"]] == ["svf"]


def test_safety_as_the_scope_of_a_question_selects_no_outcome(graph):
    scoped = ask(graph, "The efficacy and safety of bone marrow MSCs in knee OA")
    assert scoped["interpretation"]["outcomes"] == []
    asked = ask(graph, "Which bone marrow MSC trials reported safety data?")
    assert [o["id"] for o in asked["interpretation"]["outcomes"]] == ["adverse-events"]


def _parts(study: dict) -> list[set[str]]:
    """What each arm, result and finding of a study is about (intervention, adjuncts,
    comparator), straight from the YAML."""
    parts = [{a["intervention"], *a.get("adjuncts", [])} for a in study.get("arms", [])]
    for item in study.get("results", []) + study.get("findings", []):
        parts.append({item.get("intervention"), item.get("comparator")} - {None})
    return parts


def _about(study: dict, concept: str) -> bool:
    return any(part & curated.under(concept) for part in _parts(study))


def _arms_hold(study: dict, concept: str) -> bool:
    return any(
        {a["intervention"], *a.get("adjuncts", [])} & curated.under(concept)
        for a in study.get("arms", [])
    )


def test_one_treatment_compared_with_several(graph):
    """'comparing A with B, C or D' pairs A with each of the others: a trial with an A arm and
    any one of them answers; a trial comparing two of the others without A does not."""
    answer = ask(graph, "trials comparing corticosteroid injections with BMAC, SVF or UC-MSCs")
    pairs = answer["interpretation"]["compared_pairs"]
    assert pairs == [
        ["corticosteroid", "bmac"],
        ["corticosteroid", "svf"],
        ["corticosteroid", "uc-msc"],
    ]
    expected = {
        sid
        for sid, s in curated.studies().items()
        if _arms_hold(s, "corticosteroid")
        and any(_arms_hold(s, c) for c in ("bmac", "svf", "uc-msc"))
    }
    assert expected and expected <= _ids(answer)
    assert all(_about(curated.studies()[sid], "corticosteroid") for sid in _ids(answer))


def test_a_list_compared_with_itself_pairs_every_two(graph):
    every = ask(graph, "MSC vs PRP vs HA")["interpretation"]["compared_pairs"]
    assert every == [["msc", "prp"], ["msc", "hyaluronic-acid"], ["prp", "hyaluronic-acid"]]
    one = ask(graph, "MSCs compared with PRP")["interpretation"]["compared_pairs"]
    assert one == [["msc", "prp"]]


def test_one_injection_of_two_things_against_a_comparator(graph):
    """'an autologous BMAC and PRP injection versus exercise': the two are given together in
    one arm (a name and its abbreviation in brackets count once), the pair against exercise."""
    answer = ask(
        graph,
        "an autologous bone marrow aspirate concentrate (BMAC) and platelet-rich plasma (PRP) "
        "injection versus exercise therapy",
    )
    reading = answer["interpretation"]
    assert [c["id"] for c in reading["combined"]] == ["bmac", "prp"]
    assert ["bmac", "exercise"] in reading["compared_pairs"]
    expected = {
        sid
        for sid, s in curated.studies().items()
        if any(
            {a["intervention"], *a.get("adjuncts", [])} & curated.under("bmac")
            and {a["intervention"], *a.get("adjuncts", [])} & curated.under("prp")
            for a in s.get("arms", [])
        )
        and _arms_hold(s, "exercise")
    }
    assert expected and _ids(answer) == expected


def test_either_or_asks_for_one_of_them(graph):
    """'either BMAC or SVF' is the union of the two questions, not a head-to-head."""
    either = ask(graph, "trials of either BMAC or SVF")
    assert either["interpretation"]["compared_pairs"] == []
    assert [c["id"] for c in either["interpretation"]["alternatives"]] == ["bmac", "svf"]
    one, other = ask(graph, "trials of BMAC"), ask(graph, "trials of SVF")
    assert _ids(one) and _ids(other)
    assert _ids(either) == _ids(one) | _ids(other)


def test_a_name_restated_as_a_more_exact_one(graph):
    answer = ask(graph, "adipose derived stem cells in the form of stromal vascular fraction")
    assert [c["id"] for c in answer["interpretation"]["interventions"]] == ["svf"]
    assert all(
        t["term"].lower() not in ("adipose", "derived", "stem")
        for t in answer["interpretation"]["unknown_terms"]
    )


def test_several_outcomes_ask_for_any_of_them(graph):
    both = ask(graph, "MSC trials reporting pain or cartilage structure")
    assert {o["id"] for o in both["interpretation"]["outcomes"]} == {"pain", "structure"}
    pain = ask(graph, "MSC trials reporting pain")
    structure = ask(graph, "MSC trials reporting cartilage structure")
    assert _ids(pain) and _ids(structure)
    assert _ids(both) == _ids(pain) | _ids(structure)


@pytest.mark.parametrize(
    ("question", "design"),
    [
        ("randomized controlled clinical trials of MSCs", "rct"),
        ("controlled clinical trials of MSCs", "controlled-study"),
        ("non-randomised controlled trials of MSCs", "non-randomised-controlled"),
    ],
)
def test_design_names_read_at_their_longest(graph, question, design):
    answer = ask(graph, question)
    assert [d["id"] for d in answer["interpretation"]["designs"]] == [design]


def test_up_to_a_time_is_a_length_of_follow_up(graph):
    answer = ask(graph, "UCB-MSC results maintained up to 5 years")
    assert answer["interpretation"]["follow_up_min_months"] == 60.0
    assert answer["interpretation"]["timepoint_months"] is None
    expected = {
        sid
        for sid, s in curated.studies().items()
        if (s.get("follow_up_months") or 0) >= 60 and _arms_hold(s, "ucb-msc")
    }
    assert expected and _ids(answer) == expected


_NAMES = [
    "BMAC",
    "SVF",
    "PRP",
    "hyaluronic acid",
    "UC-MSCs",
    "bone marrow MSCs",
    "saline",
    "exercise",
]
_JOINS = [
    " vs ",
    " and ",
    " or ",
    ", ",
    " compared with ",
    " plus ",
    " either ",
    " in the form of ",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(_NAMES), min_size=2, max_size=5),
    st.lists(st.sampled_from(_JOINS), min_size=4, max_size=4),
)
def test_any_list_of_treatments_builds_a_query_that_runs(graph, names, joins):
    """Whatever the joins between treatments, the pairs and alternatives name only concepts the
    question read, and the query runs."""
    question = names[0] + "".join(j + n for j, n in zip(joins, names[1:], strict=False))
    answer = ask(graph, question)
    reading = answer["interpretation"]
    read = {c["id"] for c in reading["interventions"]}
    assert {c for pair in reading["compared_pairs"] for c in pair} <= read
    assert all(a != b for a, b in reading["compared_pairs"])
    assert {c["id"] for c in reading["alternatives"]} <= read
    assert answer["sparql"] and "SELECT" in answer["sparql"]


def _arm_pairs(study: dict, concept: str):
    arms = [a for a in study.get("arms", []) if a["intervention"] in curated.under(concept)]
    return [(a, b) for a in arms for b in arms if a is not b]


@pytest.mark.parametrize(
    ("question", "reviews"),
    [
        ("trials of two different doses of MSCs", False),
        ("the maximum tolerated dose of MSCs", True),
    ],
)
def test_arms_that_differ_in_dose(graph, question, reviews):
    """Two arms of MSCs at different doses; or a study the graph's cell-dose modifier rests on
    as a whole (a dose-focused meta-analysis has no arms), unless trials are asked for."""
    answer = ask(graph, question)
    assert answer["interpretation"]["doses_compared"] is True
    studies = curated.studies()
    expected = {
        sid
        for sid, s in studies.items()
        if any(
            a.get("dose_cells") and b.get("dose_cells") and a["dose_cells"] < b["dose_cells"]
            for a, b in _arm_pairs(s, "msc")
        )
    } | {
        sid
        for sid in curated.resting_on("cell-dose", "msc")
        if reviews or studies[sid]["design"] not in curated.under("evidence-synthesis")
    }
    assert expected and _ids(answer) == expected
    assert ("rahmadian-2025" in expected) is reviews


def test_arms_that_differ_in_their_number_of_injections_unnamed(graph):
    answer = ask(graph, "the number of injections of MSCs")
    assert answer["interpretation"]["injection_counts_compared"] is True

    def fewer(a: dict, b: dict) -> bool:
        if a.get("injections") is None:
            return False
        return (b.get("injections") or 0) > a["injections"] or (
            a["injections"] == 1 and b.get("repeated") is True
        )

    expected = {
        sid for sid, s in curated.studies().items()
        if any(fewer(a, b) for a, b in _arm_pairs(s, "msc"))
    }  # fmt: skip
    assert _ids(answer) == expected
    if not expected:
        assert answer["nearest"]["dropped"] == "the comparison of numbers of injections"


def test_a_gap_statement_asks_for_what_is_missing(graph):
    """'no meta-analysis has examined X with GRADE' names what it looks for; it excludes
    nothing. 'the GRADE approach' is a certainty condition over GRADE's four levels."""
    answer = ask(graph, "No meta-analysis has examined MSCs for knee OA using the GRADE approach.")
    reading = answer["interpretation"]
    assert reading["excluded_designs"] == []
    assert [d["id"] for d in reading["designs"]] == ["meta-analysis"]
    assert [c["id"] for c in reading["certainties"]] == ["grade-rated"]
    levels = {"grade-high", "grade-moderate", "grade-low", "grade-very-low"}
    expected = {
        sid
        for sid, s in curated.studies().items()
        if s["design"] in curated.under("meta-analysis")
        and any(f.get("certainty") in levels for f in s.get("findings", []))
        and _about(s, "msc")
    }
    assert expected and _ids(answer) == expected
    excluded = ask(graph, "MSC studies, no meta-analysis")["interpretation"]
    assert [d["id"] for d in excluded["excluded_designs"]] == ["meta-analysis"]


# ------------------------------------------------------------------ superlatives


def _rcts() -> dict[str, dict]:
    return {sid: s for sid, s in curated.studies().items() if s["design"] == "rct"}


def test_the_largest_trial_is_the_one_with_the_most_patients_in_the_yaml(graph):
    answer = ask(graph, "Which RCT had the most participants?")
    sizes = {sid: s["sample_size"] for sid, s in _rcts().items() if s.get("sample_size")}
    largest = max(sizes.values())
    assert _ids(answer) == {sid for sid, n in sizes.items() if n == largest}
    assert answer["interpretation"]["order"]["limit"] == 1
    assert "1 of" in answer["message"] and "largest" in answer["message"]


def test_plural_superlative_ranks_every_match(graph):
    answer = ask(graph, "largest randomised trials of adipose cells")
    sizes = [row["sample_size"] for row in answer["results"]]
    assert len(sizes) > 2 and sizes == sorted(sizes, reverse=True)
    unranked = ask(graph, "randomised trials of adipose cells")
    with_size = {row["id"] for row in unranked["results"] if row["sample_size"] is not None}
    assert _ids(answer) == with_size  # ranked, none dropped but those with no size


def test_the_three_most_recent_keep_ties_with_the_third(graph):
    answer = ask(graph, "the three most recent meta-analyses")
    years = [row["year"] for row in answer["results"]]
    assert len(years) >= 3 and years == sorted(years, reverse=True)
    all_years = sorted(
        (
            max(p["year"] for p in curated.studies()[sid]["publications"])
            for sid in curated.with_design("meta-analysis")
        ),
        reverse=True,
    )
    assert all(y >= all_years[2] for y in years)
    assert len(years) == sum(1 for y in all_years if y >= all_years[2])


def test_longest_follow_up_is_a_rank_not_the_follow_up_design(graph):
    answer = ask(graph, "which randomised trial had the longest follow-up")
    interp = answer["interpretation"]
    assert [d["id"] for d in interp["designs"]] == ["rct"]
    assert interp["order"]["by"] == "follow-up" and not interp["unknown_terms"]
    months = {sid: s["follow_up_months"] for sid, s in _rcts().items() if s.get("follow_up_months")}
    assert _ids(answer) == {sid for sid, m in months.items() if m == max(months.values())}


def test_the_cli_says_the_ranking_in_words(built, capsys):
    assert main(["ask", "--build", str(built), "the earliest randomised trial of MSCs"]) == 0
    out = capsys.readouterr().out
    assert "the earliest, by year" in out and "{" not in out.splitlines()[0]


@given(
    count=st.integers(min_value=2, max_value=99),
    rank=st.sampled_from(["largest", "most recent", "smallest", "longest follow-up", "oldest"]),
    noun=st.sampled_from(["trials", "RCTs", "studies", "reviews"]),
)
@settings(max_examples=60, deadline=None)
def test_a_count_before_a_superlative_is_the_limit(graph, count, rank, noun):
    from kg.interpret import interpret

    interp = interpret(f"the {count} {rank} {noun} of MSCs", graph.vocabulary)
    assert interp.order is not None and interp.order.limit == count
    assert not interp.unknown


# ------------------------------------------------------------------ researchers' wording


def test_reviews_that_used_grade_are_those_with_a_graded_finding(graph):
    graded = curated.under("grade-rated")
    expected = {
        sid
        for sid in curated.with_design("evidence-synthesis")
        if any(f.get("certainty") in graded for f in curated.studies()[sid].get("findings", []))
    }
    assert expected  # the graph holds graded syntheses
    for question in (
        "reviews that used GRADE",
        "reviews that graded the certainty of evidence",
        "which meta-analyses rated the certainty of the evidence?",
    ):
        answer = ask(graph, question)
        interp = answer["interpretation"]
        assert [c["id"] for c in interp["certainties"]] == ["grade-rated"]
        assert not interp["unknown_terms"] and not interp["read_as"]
        (design,) = interp["designs"]
        assert _ids(answer) == expected & curated.with_design(design["id"])
    lower = ask(graph, "trials of patients with KL grade 3")  # a KL grade, not the system
    assert not lower["interpretation"]["certainties"]


def test_no_word_is_read_or_offered_as_its_opposite(graph):
    answer = ask(graph, "reviews that graded pain")
    assert "not-graded" not in {c["id"] for c in answer["interpretation"]["certainties"]}
    assert not answer["interpretation"]["read_as"]
    vocab = graph.vocabulary
    negated = [k[0] for k in vocab.names if len(k) == 1 and k[0].startswith(("un", "non"))]
    assert negated  # "ungraded", "unrated", ...
    for name in negated:
        bare = name.removeprefix("non").removeprefix("un")
        for unknown in ask(graph, f"trials {bare}")["interpretation"]["unknown_terms"]:
            assert name not in {s.lower() for s in unknown["suggestions"]}


def test_suggestions_only_for_what_looks_like_a_misspelling(graph):
    answer = ask(graph, "MSC trials funded by industry in marathon runners")
    unknown = {u["term"]: u["suggestions"] for u in answer["interpretation"]["unknown_terms"]}
    assert {"funded", "industry", "marathon", "runners"} <= set(unknown)
    assert not any(unknown.values())  # nothing far-fetched offered
    assert ask(graph, "trials of plasebo")["interpretation"]["read_as"]  # a real misspelling


def test_cord_cells_are_umbilical_cord_cells(graph):
    for question in ("trials of cord MSCs", "RCTs of cord-derived cells", "cord tissue cells"):
        ids = {c["id"] for c in ask(graph, question)["interpretation"]["interventions"]}
        assert ids == {"uc-msc"}, question
    blood = ask(graph, "trials of cord blood cells")["interpretation"]["interventions"]
    assert {c["id"] for c in blood} == {"ucb-msc"}


def test_image_guided_arms_match_the_yaml(graph):
    guided = {
        sid
        for sid, s in curated.studies().items()
        if any(arm.get("image_guided") for arm in s.get("arms", []))
    }
    assert guided
    answer = ask(graph, "trials with ultrasound-guided injections")
    assert (
        answer["interpretation"]["image_guided"] and not answer["interpretation"]["unknown_terms"]
    )
    assert _ids(answer) == guided & _ids(ask(graph, "trials"))
    none = ask(graph, "ultrasound-guided injections of cord MSCs")
    if not guided & curated.with_intervention("uc-msc"):
        assert none["nearest"]["dropped"] == "the image guidance"


def test_what_a_named_study_found_is_answered_with_its_findings(graph):
    answer = ask(graph, "What did the MILES trial show?")
    (row,) = answer["results"]
    yaml_statements = {f["statement"] for f in curated.studies()[row["id"]].get("findings", [])}
    assert yaml_statements and yaml_statements <= {f["statement"] for f in row["findings"]}
    plain = ask(graph, "randomised trials of adipose cells")
    assert all("findings" not in r for r in plain["results"])  # only when asked


def test_the_runnable_query_returns_the_same_studies(graph):
    from kg.store.base import solutions

    answer = ask(graph, "RCTs of BMSCs versus hyaluronic acid")
    assert "VALUES" in answer["sparql_runnable"]
    rows = solutions(graph.store.query(answer["sparql_runnable"], {}))
    assert {r["id"].value for r in rows} == _ids(answer)


def test_the_cli_prints_what_each_named_study_found(built, capsys):
    assert main(["ask", "--build", str(built), "What did the MILES trial show?"]) == 0
    out = capsys.readouterr().out
    statement = curated.studies()["mautner-2023"]["findings"][0]["statement"]
    assert f"): {statement}" in out


def test_preclinical_background_does_not_put_a_question_outside_the_graph(graph):
    background = ask(
        graph, "After promising preclinical studies, which trials tested MSCs in patients?"
    )
    assert not background["interpretation"]["outside_scope"] and background["results"]
    lab = ask(graph, "preclinical studies of MSCs")
    assert [c["id"] for c in lab["interpretation"]["outside_scope"]] == ["preclinical"]
    assert not lab["results"]
    # asked beside the clinical results, preclinical work is the part the graph lacks
    both = ask(graph, "a summary of the preclinical and clinical results of BMAC")
    assert not both["interpretation"]["outside_scope"] and "shapiro-2017" in _ids(both)


def test_a_product_name_with_a_trade_mark_and_hUC_are_read(graph):
    """A registry title: 'hUC Mesenchymal Stem Cells(19#iSCLife®-OA)' names NCT03383081's
    product (names in its YAML) and umbilical cord MSCs."""
    answer = ask(
        graph,
        "The Safety/Efficacy of hUC Mesenchymal Stem Cells(19#iSCLife®-OA) Therapy for "
        "Patients With Osteoarthritis",
    )
    assert [r["id"] for r in answer["results"]] == ["nct03383081"]
    assert answer["interpretation"]["unknown_terms"] == []


def test_severe_osteoarthritis_is_kl_grade_4(graph):
    answer = ask(graph, "autologous bone marrow stem cells in patients with severe osteoarthritis")
    assert [c["id"] for c in answer["interpretation"]["kl_grades"]] == ["kl-4"]
    assert "emadedin-2018" in {r["id"] for r in answer["results"]}


def test_a_point_of_care_preparation_is_autologous_by_what_it_is(graph):
    """SVF and BMAC are made from the patient's own tissue (vocab: donor autologous), so a
    study whose arm records no donor (zhang-2022) still answers 'autologous SVF'."""
    autologous = ask(graph, "autologous SVF versus hyaluronic acid")
    assert "zhang-2022" in {r["id"] for r in autologous["results"]}
    allogeneic = ask(graph, "allogeneic SVF studies")
    assert "zhang-2022" not in {r["id"] for r in allogeneic["results"]}


def test_a_typographic_apostrophe_reads_as_a_plain_one(graph):
    plain = ask(graph, "bone marrow concentrate studies that don't involve PRP in any arm")
    curly = ask(graph, "bone marrow concentrate studies that don’t involve PRP in any arm")
    assert plain["interpretation"]["excluded"]  # PRP is excluded
    assert _ids(curly) == _ids(plain)
    assert curly["interpretation"]["excluded"] == plain["interpretation"]["excluded"]


def test_cell_sources_compared_are_studies_of_two_cell_products(graph):
    """'The best source of stem cells': a study that sets two cell products against each
    other, neither a kind of the other (MILES's marrow concentrate, fat and cord cells;
    Muthu's adipose against marrow MSCs), not one that gives one product at two doses."""
    answer = ask(graph, "Which source of stem cells gives the best results in knee OA?")
    assert answer["interpretation"]["sources_compared"] is True
    found = {r["id"] for r in answer["results"]}
    assert {"mautner-2023", "muthu-2023"} <= found
    assert "lamo-espinosa-2016" not in found
    assert not [u for u in answer["interpretation"]["unknown_terms"] if u["term"] == "source"]
    with_steroid = ask(
        graph, "a superior source of stem cells, and its advantages over corticosteroid injections"
    )
    assert [r["id"] for r in with_steroid["results"]] == ["mautner-2023"]


@pytest.mark.parametrize(
    "question",
    [
        "meta-analyses of the relationship between cell dose and outcome after MSC injection",
        "the effect of MSC dose on knee pain",
        "is the benefit of stem cells dose-dependent?",
    ],
)
def test_how_the_dose_changes_the_effect_asks_for_doses_compared(graph, question):
    assert ask(graph, question)["interpretation"]["doses_compared"] is True


def test_a_meta_analysis_of_trials_asks_for_the_meta_analysis(graph):
    """'A meta-analysis of randomized controlled trials' names what the review pooled; the
    studies asked for are the meta-analyses, not the trials."""
    answer = ask(
        graph, "PRP injections for knee OA: a meta-analysis of randomized controlled trials"
    )
    assert [c["id"] for c in answer["interpretation"]["designs"]] == ["meta-analysis"]
    studies = curated.studies()
    assert answer["results"] and all(
        studies[r["id"]]["design"] in ("meta-analysis", "network-meta-analysis")
        for r in answer["results"]
    )


def test_a_network_meta_analysis_is_a_meta_analysis_of_its_own_kind(graph):
    """'network meta-analyses' asks for those only (their titles say so); 'meta-analyses'
    still finds them, and the check weighs them as syntheses."""
    studies = curated.studies()
    networks = {sid for sid, s in studies.items() if s["design"] == "network-meta-analysis"}
    assert networks and all("network" in studies[sid]["label"].lower() for sid in networks)
    asked = ask(graph, "network meta-analyses of knee injections")
    assert {r["id"] for r in asked["results"]} == networks
    every = {r["id"] for r in ask(graph, "meta-analyses of knee injections")["results"]}
    assert networks < every


@pytest.mark.parametrize(
    ("question", "design"),
    [
        (
            "a prospective, randomized, double-blind, active-controlled clinical trial of MSCs",
            "rct",
        ),
        ("a randomised, placebo-controlled trial of BMAC", "rct"),
        ("a non-randomized, controlled trial of BMAC", "non-randomised-controlled"),
    ],
)
def test_how_a_randomised_trial_was_run_does_not_hide_its_design(graph, question, design):
    """The words between 'randomized' and 'trial' say how it was run; the design is still a
    randomised trial (and 'non-randomized' still is not)."""
    answer = ask(graph, question)
    assert [c["id"] for c in answer["interpretation"]["designs"]] == [design]


def test_a_count_of_treatments_is_no_number_of_injections_and_marrow_mononuclear_cells_are_bmac(
    graph,
):
    """'these 2 injection therapies' counts the treatments compared; 'bone marrow-derived
    mononuclear cells' are an uncultured marrow concentrate (BMAC), not cultured MSCs."""
    two = ask(graph, "BMAC and SVF compared: the efficacy of these 2 injection therapies")
    assert two["interpretation"]["injections"] == []
    mononuclear = ask(graph, "bone marrow-derived mononuclear cells versus hyaluronic acid")
    assert [c["id"] for c in mononuclear["interpretation"]["interventions"]] == [
        "bmac",
        "hyaluronic-acid",
    ]


@pytest.mark.parametrize(
    ("question", "grades"),
    [
        ("PRP in patients with mild to moderate knee osteoarthritis", ["kl-2", "kl-3"]),
        ("MSCs for moderate-to-severe OA", ["kl-3", "kl-4"]),
        ("PRP in mild knee osteoarthritis within a controlled randomized study", ["kl-2"]),
    ],
)
def test_severity_words_read_as_kl_grades_with_knee_between(graph, question, grades):
    answer = ask(graph, question)
    assert [c["id"] for c in answer["interpretation"]["kl_grades"]] == grades


def test_a_treatment_as_an_adjunct_to_another_is_given_with_it(graph):
    """'SVF as adjuvant therapy to PRP': one arm of both, not SVF against PRP."""
    answer = ask(graph, "the efficacy of SVF as adjuvant therapy to PRP for knee osteoarthritis")
    assert [c["id"] for c in answer["interpretation"]["combined"]] == ["svf", "prp"]
    assert not answer["interpretation"]["compared_pairs"]
    assert not [u for u in answer["interpretation"]["unknown_terms"] if u["term"] == "adjuvant"]


def test_an_active_controlled_trial_has_an_arm_of_another_treatment(graph):
    """'active-controlled': a trial whose control arm received another treatment (Lu 2019:
    hyaluronic acid), not a placebo or saline (ADIPOA2, Lee 2019), nor only doses of the
    treatment asked about (Song 2018)."""
    answer = ask(graph, "a randomized, active-controlled trial of adipose-derived MSCs")
    assert answer["interpretation"]["active_control"] is True
    found = {r["id"] for r in answer["results"]}
    assert "lu-2019" in found
    assert not found & {"adipoa2-2025", "lee-2019", "song-2018"}


def test_efficacy_and_safety_is_a_generic_list_and_quality_of_evidence_asks_for_ratings(graph):
    """'To evaluate the efficacy and safety of X' asks for every study of X (the header rule of
    tests/eval/questions.yaml: a generic list of outcomes is no condition), while 'the safety
    of X' or 'Are X safe?' alone make harms the point: studies of X that record adverse events;
    'the quality of the evidence' asks for rated certainty."""
    both = ask(graph, "To evaluate the efficacy and safety of umbilical cord MSCs in knee OA")
    registered_only = {
        sid for sid, s in curated.studies().items() if not (s.get("results") or s.get("findings"))
    }
    found_both = {r["id"] for r in both["results"]}
    assert found_both & registered_only  # a trial registered without results is of the set
    harms = graph.vocabulary.get("adverse-events")

    def records_harms(sid: str) -> bool:
        study = curated.studies()[sid]
        parts = (study.get("results") or []) + (study.get("findings") or [])
        return any(
            p.get("outcome") and graph.vocabulary.get(p["outcome"]).within(harms.id) for p in parts
        )

    for question in (
        "To evaluate the safety of umbilical cord MSCs in knee OA",
        "Are umbilical cord MSC injections safe?",
    ):
        alone = {r["id"] for r in ask(graph, question)["results"]}
        assert alone == {sid for sid in found_both if records_harms(sid)}, question
    rated = ask(graph, "the quality of the evidence on MSC injections for knee OA")
    assert [c["id"] for c in rated["interpretation"]["certainties"]] == ["grade-rated"]


def test_with_or_without_leaves_a_treatment_open_and_bone_derived_cells_are_marrow_cells(graph):
    """'bone-derived MSCs with or without PRP against corticosteroid': PRP is neither asked for
    nor excluded, so the trial of marrow MSCs with and without PRP against corticosteroid
    (Bastos 2019) is the answer."""
    answer = ask(
        graph,
        "To compare injections of culture-expanded bone-derived mesenchymal stem cells with or "
        "without platelet-rich plasma to corticosteroid injections for knee osteoarthritis.",
    )
    interp = answer["interpretation"]
    assert [c["id"] for c in interp["interventions"]] == ["bm-msc", "corticosteroid"]
    assert interp["excluded"] == []
    assert [r["id"] for r in answer["results"]] == ["bastos-2019"]


def test_a_negating_prefix_keeps_a_design_from_being_its_opposite(graph):
    """'non-randomized study' is not a randomised one; the SVF studies of the graph are all
    randomised (or reviews), so nothing matches the design."""
    answer = ask(graph, "stromal vascular fraction for knee OA: a prospective non-randomized study")
    assert [c["id"] for c in answer["interpretation"]["designs"]] == ["non-randomised-controlled"]
    assert answer["count"] == 0


def test_two_dosages_against_placebo_ask_for_a_dose_comparison(graph):
    answer = ask(graph, "single injections of 2 dosages of autologous adipose MSCs versus placebo")
    assert answer["interpretation"]["doses_compared"] is True
    assert [r["id"] for r in answer["results"]] == ["adipoa2-2025"]


def test_early_oa_is_kl_1_or_2_and_a_grade_range_asks_for_any_of_its_grades(graph):
    """'early knee osteoarthritis' is KL 1 or 2: a study whose population records either
    answers (a study of KL 2-3 enrolled early OA too), not only one that records both."""
    answer = ask(graph, "stromal vascular fraction for early knee osteoarthritis")
    assert [c["id"] for c in answer["interpretation"]["kl_grades"]] == ["kl-1", "kl-2"]
    for row in answer["results"]:
        grades = (curated.studies()[row["id"]].get("population") or {}).get("kl_grades") or []
        assert {1, 2} & set(grades), row["id"]
    assert any(
        not {1} & set((curated.studies()[r["id"]].get("population") or {}).get("kl_grades") or [])
        for r in answer["results"]
    )  # a study of KL 2 and up, without KL 1, is among them


def test_autologous_adipose_tissue_is_the_graphs_svf(graph):
    answer = ask(graph, "PRP versus autologous adipose tissue injections for knee OA")
    assert [c["id"] for c in answer["interpretation"]["interventions"]] == ["prp", "svf"]


def test_a_placebo_controlled_trial_asks_for_a_placebo_arm(graph):
    """'A Randomized Placebo Controlled Pilot Study' of BMAC: the words between 'randomized'
    and 'study' are set aside to read the design, but what the trial was controlled with is a
    condition: only the BMAC trial with a saline arm (Shapiro 2017) answers."""
    answer = ask(
        graph,
        "Use of Autologous Bone Marrow Aspirate Concentrate in Painful Knee Osteoarthritis, A "
        "Randomized Placebo Controlled Pilot Study",
    )
    assert [r["id"] for r in answer["results"]] == ["shapiro-2017"]


def test_single_double_and_triple_doses_compare_numbers_of_injections(graph):
    """No PRP study of the graph has arms that differ in their number of injections."""
    answer = ask(graph, "single, double, and triple doses of intra-articular PRP")
    assert answer["interpretation"]["injection_counts_compared"] is True
    assert answer["count"] == 0


def test_second_look_arthroscopy_is_a_structural_outcome_and_adrc_is_svf(graph):
    answer = ask(graph, "second-look arthroscopic findings after ADRC injection")
    interp = answer["interpretation"]
    assert [c["id"] for c in interp["interventions"]] == ["svf"]
    assert [c["id"] for c in interp["outcomes"]] == ["structure"]
    assert "zhang-2022" in {r["id"] for r in answer["results"]}


def test_early_to_moderate_oa_and_a_generic_pair_of_outcomes(graph):
    """'early to moderate knee osteoarthritis' is KL 1-3; 'the clinical and functional
    outcomes' any study reports, no condition; 'to systematically review' the writer's own
    method, not a design asked for."""
    answer = ask(
        graph,
        "The purpose of the present study was to systematically review the clinical and "
        "functional outcomes following mesenchymal stem cell application focusing on early to "
        "moderate knee osteoarthritis.",
    )
    interp = answer["interpretation"]
    assert [c["id"] for c in interp["kl_grades"]] == ["kl-1", "kl-2", "kl-3"]
    assert not interp["outcomes"] and not interp["designs"]
    assert "lamo-espinosa-2016" in {r["id"] for r in answer["results"]}


def test_an_english_word_is_offered_no_term_and_objective_words_are_no_terms(graph):
    """A word of written English ('application', 'painful') is spelled as meant: no
    vocabulary name is offered for it; a research objective's own words ('evaluate',
    'purpose') are not listed at all (a misspelling is still read as the term it misspells:
    test_suggestions_only_for_what_looks_like_a_misspelling)."""
    answer = ask(
        graph,
        "The purpose was to evaluate the application of MSCs in painful knees",
    )
    unknown = {u["term"]: u["suggestions"] for u in answer["interpretation"]["unknown_terms"]}
    assert "purpose" not in unknown and "evaluate" not in unknown
    assert unknown["application"] == [] and unknown["painful"] == []


def test_a_list_of_three_kinds_of_outcome_is_generic(graph):
    """'on pain, function and severity on imaging' lists what any study of the treatment
    reports: no outcome is a condition; one outcome asked about still is."""
    listed = ask(
        graph,
        "We aimed to review the evidence of autologous mesenchymal stem cell therapy on pain, "
        "function and severity on imaging in KOA.",
    )
    assert not listed["interpretation"]["outcomes"]
    assert not listed["interpretation"]["unknown_terms"]
    alone = ask(graph, "autologous mesenchymal stem cell therapy and severity on imaging")
    assert [c["id"] for c in alone["interpretation"]["outcomes"]] == ["structure"]


def test_pain_with_function_is_generic_but_structure_or_harms_beside_pain_are_the_point(graph):
    """'the pain and loss of function' are the two symptoms every trial measures: together
    they are no condition, and the MFAT-against-saline trials that report only one of them
    are kept; imaging or harms named beside pain stay the question's point."""
    symptoms = ask(
        graph,
        "to examine the effect of an injection of MFAT versus a saline injection for "
        "addressing the pain and loss of function",
    )
    assert symptoms["interpretation"]["outcomes"] == []
    assert {"barfod-2025", "richter-2024"} <= _ids(symptoms)
    # "joint functionality" is function: beside pain relief, the same generic pair
    functionality = ask(
        graph, "MFAT for pain relief and improved joint functionality in randomised trials"
    )
    assert functionality["interpretation"]["outcomes"] == []
    assert {"barfod-2025", "garza-2020", "richter-2024"} <= _ids(functionality)
    # beside imaging or harms, pain is what every trial reports: the other is the condition
    imaging = ask(graph, "PRP and pain and cartilage volume on MRI")
    assert [c["id"] for c in imaging["interpretation"]["outcomes"]] == ["cartilage-volume"]
    harms = ask(graph, "MSC injections: pain and adverse events")
    assert [c["id"] for c in harms["interpretation"]["outcomes"]] == ["adverse-events"]
    structure = ask(
        graph, "Does PRP, compared with saline, improve symptoms and joint structure in knee OA?"
    )
    assert [c["id"] for c in structure["interpretation"]["outcomes"]] == ["structure"]
    assert "bennell-2021" in _ids(structure)
    assert "arthroscopy-2021-prp-msc-nma" not in _ids(structure)  # symptoms only


def test_an_outcome_inside_an_efficacy_and_safety_list_is_generic(graph):
    """'the short-term clinical effect, therapeutic response rate, and therapy safety of a
    single autologous MFAT injection' lists what any study reports: the response rate read
    inside the list is no condition either, and the single-injection MFAT trials answer."""
    answer = ask(
        graph,
        "to evaluate the short-term clinical effect, therapeutic response rate, and therapy "
        "safety of a single intra-articular autologous MFAT injection",
    )
    assert answer["interpretation"]["outcomes"] == []
    assert {"barfod-2025", "richter-2024"} <= _ids(answer)
    alone = ask(graph, "the response rate after a single autologous MFAT injection")
    assert [c["id"] for c in alone["interpretation"]["outcomes"]] == ["responder-rate"]
    # "the safety and clinical outcomes of X" is the same list; "the safety outcomes" is harms
    listed = ask(graph, "the safety and clinical outcomes of allogeneic adipose-derived MSCs")
    assert listed["interpretation"]["outcomes"] == []
    harms = ask(graph, "the safety outcomes of allogeneic adipose-derived MSCs")
    assert [c["id"] for c in harms["interpretation"]["outcomes"]] == ["adverse-events"]
    assert len(_ids(listed)) > len(_ids(harms))


@pytest.mark.parametrize(
    ("question", "interventions", "donors"),
    [
        # a product's name before "derived" is the source: the donor is read, then the cells
        ("autologous Adipose Tissue derived Mesenchymal stem cells", ["ad-msc"], ["autologous"]),
        ("autologous adipose tissue injections", ["svf"], []),
        # ... unless a shorter name is another product: cord blood stays cord blood
        ("umbilical cord blood derived cells (Cartistem)", ["ucb-msc"], []),
    ],
)
def test_a_name_before_derived_names_the_source(graph, question, interventions, donors):
    interp = ask(graph, question)["interpretation"]
    assert [c["id"] for c in interp["interventions"]] == interventions
    assert [c["id"] for c in interp["donors"]] == donors


def test_mid_term_a_duration_before_follow_up_considered_safe_and_cultured_cells(graph):
    """'mid-term' asks for two years or more; 'Minimum One-Year Follow up' is a length of
    follow-up, not a follow-up study; 'considered safe' makes harms the point; 'cultured stem
    cells' are MSCs (not BMAC or SVF); 'cartilage quantification' is MRI cartilage."""
    mid = ask(graph, "the mid-term safety and efficacy of ADMSCs in knee OA")
    assert mid["interpretation"]["follow_up_min_months"] == 24.0
    year = ask(graph, "Minimum One-Year Follow up after autologous bone marrow concentrate")
    assert not year["interpretation"]["designs"]
    assert year["interpretation"]["follow_up_min_months"] == 12.0
    safe = ask(graph, "Intra-articular injections of cultured stem cells considered safe")
    interp = safe["interpretation"]
    assert [c["id"] for c in interp["interventions"]] == ["msc"]
    assert [c["id"] for c in interp["outcomes"]] == ["adverse-events"]
    quantified = ask(graph, "cartilage quantification after injections of MSCs")
    assert [c["id"] for c in quantified["interpretation"]["outcomes"]] == ["mri-cartilage"]


def test_bone_marrow_lesions_are_an_outcome_not_bone_marrow_cells(graph):
    """'Targeting bone marrow lesions' named bone-marrow MSCs by its first two words; the
    lesions are an MRI finding no study records a result on (and a finding on joint
    structure in general is not one on them), so a claim about them finds nothing. "Delay
    knee replacement" is the other outcome asked about, not a treatment."""
    answer = ask(
        graph,
        "Can targeting bone marrow lesions with bone marrow concentrate delay knee replacement?",
    )
    interp = answer["interpretation"]
    assert "bm-msc" not in [c["id"] for c in interp["interventions"]]
    assert sorted(c["id"] for c in interp["outcomes"]) == ["bone-marrow-lesions", "tka-conversion"]
    claim = check(graph, "MSC injections reduce bone marrow edema in the knee.")
    assert claim["verdict"] == "insufficient"


def test_an_english_word_is_read_as_itself_not_as_a_term_it_only_looks_like(graph):
    """'an integrated analysis of two trials' is no reanalysis; 'functional' is still read
    as function, and 'marow' as marrow (a form of a term, a misspelling of one)."""
    answer = ask(graph, "an integrated analysis of 2 randomized trials of MSCs")
    assert [d["id"] for d in answer["interpretation"]["designs"]] == ["rct"]
    functional = ask(graph, "MSCs and functional outcomes against placebo")
    assert any(r["read_as"] == "Function" for r in functional["interpretation"]["read_as"])
    misspelt = ask(graph, "bone marow concentrate trials")
    assert [i["id"] for i in misspelt["interpretation"]["interventions"]] == ["bmac"]
    assert [m.concepts[0].id for m in graph.vocabulary.find("a plasebo injection")] == ["placebo"]
    # an abbreviation of a term's word ("mgmt", "inj") is still that word
    found = graph.vocabulary.find("conservative mgmt")
    assert [c.id for m in found for c in m.concepts] == ["conservative-care"]


@pytest.mark.parametrize(
    "text",
    [
        "the quality of the trials",  # not "qualify"
        "a plain injection",  # not "pain"
        "cells that secrete cytokines",  # not the secretome (exosomes), a rare word of English
        "allow the cells to settle",  # not "allo"
    ],
)
def test_a_word_of_english_is_never_read_as_a_term_it_only_looks_like(graph, text):
    found = {c.id for m in graph.vocabulary.find(text) for c in m.concepts}
    assert not found & {"qualify", "pain", "msc-exosomes", "allogeneic"}, found


def test_safety_in_a_list_with_effectiveness_is_generic_and_a_single_injection_is_counted(graph):
    """'the safety, clinical effectiveness, and feasibility of a single intra-articular
    injection of microfragmented adipose tissue': what any study of the treatment reports
    (no harms condition), and one injection, however many words sit between."""
    answer = ask(
        graph,
        "to assess the safety, clinical effectiveness, and feasibility of a single "
        "intra-articular injection of microfragmented adipose tissue",
    )
    interp = answer["interpretation"]
    assert interp["outcomes"] == [] and interp["injections"] == [1]
    assert {"barfod-2025", "richter-2024"} <= _ids(answer)


def test_indirect_paths_read_as_steps_with_their_studies(built, capsys):
    """No direct comparison of corticosteroid with hyaluronic acid: the text names each path
    through a common comparator with the studies of each step, and the rest are counted."""
    assert main(["ask", "--build", str(built), "corticosteroid versus hyaluronic acid"]) == 0
    out = capsys.readouterr().out
    paths = [line for line in out.splitlines() if line.startswith("  indirect: ")]
    assert paths and all("{" not in line and " -> " in line for line in paths)
    assert any("(Mautner 2023" in line for line in paths)
    assert "more indirect path(s)" in out


def test_with_respect_to_compares_and_cs_injections_are_corticosteroid(graph):
    """'the clinical effectiveness of CS injections with respect to HA and PRP' compares
    corticosteroid with each; no trial does, so no study is listed (HA against PRP is not it)."""
    answer = ask(
        graph,
        "to compare the clinical effectiveness of CS injections with respect to HA and PRP",
    )
    pairs = answer["interpretation"]["compared_pairs"]
    assert {tuple(p) for p in pairs} >= {("corticosteroid", "hyaluronic-acid")}, pairs
    assert answer["results"] == []


def test_a_compared_side_the_graph_does_not_name_lists_no_study(graph):
    """'Gel-200 compared with phosphate buffered saline': the saline trials alone would answer
    another question; they are the nearest evidence, said to lack Gel-200. A time on the
    other side ('compared with baseline') is no treatment, 'conventional treatment' is the
    conservative care the graph knows, and 'other alternatives' names no product at all."""
    answer = ask(
        graph,
        "a single intra-articular injection of Gel-200 compared with phosphate buffered "
        "saline (PBS) in patients with knee OA",
    )
    assert answer["interpretation"]["unknown_sides"] == ["Gel-200"]
    assert [c["id"] for c in answer["interpretation"]["interventions"]] == ["saline"]
    assert answer["results"] == [] and "'Gel-200'" in answer["message"]
    assert "barfod-2025" in {r["id"] for r in answer["nearest"]["results"]}
    baseline = ask(graph, "MSCs improved pain compared with baseline")
    assert baseline["interpretation"]["unknown_sides"] == [] and baseline["results"]
    conventional = ask(graph, "MSC injections versus conventional treatment")
    assert conventional["interpretation"]["compared_pairs"] == [["msc", "conservative-care"]]
    # "other ..." is the rest of a class, unnamed: BMAC's studies, not a product unknown
    others = ask(graph, "BMAC compared to other biological alternatives")
    assert others["interpretation"]["unknown_sides"] == []
    assert others["results"] and others["results"] == ask(graph, "BMAC studies")["results"]


def test_the_unknown_side_is_printed_and_the_nearest_evidence_named(built, capsys):
    assert main(["ask", "--build", str(built), "PRP vs Ostenil in knee OA"]) == 0
    out = capsys.readouterr().out
    assert "unknown sides: Ostenil" in out
    assert "Nearest evidence, without the compared 'Ostenil':" in out


def test_a_question_about_a_treatment_the_graph_lacks_lists_none(graph, built, capsys):
    """ "Does curcumin reduce knee pain?" asks about curcumin: the graph's pain studies answer
    another question, so they are the nearest evidence, not the answer. A word that stands
    for any treatment ("the procedure") or a treatment the graph knows is answered as before."""
    curcumin = ask(graph, "Does curcumin reduce knee pain?")
    assert curcumin["results"] == [] and curcumin["count"] == 0
    assert "'curcumin'" in curcumin["message"]
    assert curcumin["nearest"] and curcumin["nearest"]["results"]
    glue = ask(
        graph,
        "Mesenchymal stem cell implantation in osteoarthritic knees: is fibrin glue effective "
        "as a scaffold?",
    )
    assert glue["results"] == [] and "'fibrin glue'" in glue["message"]
    assert ask(graph, "Is the procedure safe?")["results"]
    assert ask(graph, "Is PRP effective for knee pain?")["results"]
    assert main(["ask", "--build", str(built), "Does curcumin reduce knee pain?"]) == 0
    assert "Nearest evidence, without the treatment asked about" in capsys.readouterr().out


def test_early_stages_a_dual_therapy_and_safety_listed_without_a_comma(graph):
    """'early stages of knee OA' is KL 1-2; 'the safety efficacy and outcomes of PRP' is a
    generic list (no harms condition); 'a dual therapy of PRP and HA compared with PRP-alone
    therapy' gives the two together against PRP alone, which no arm of the graph does."""
    early = ask(
        graph,
        "to determine the safety efficacy and outcomes of platelet-rich plasma (PRP) "
        "intra-articular injections for early stages of knee osteoarthritis (OA)",
    )
    interp = early["interpretation"]
    assert [c["id"] for c in interp["kl_grades"]] == ["kl-1", "kl-2"]
    assert interp["outcomes"] == [] and "bennell-2021" in _ids(early)
    dual = ask(
        graph,
        "the efficacy of a dual therapy of Platelet-Rich Plasma (PRP) and Hyaluronic Acid (HA) "
        "compared with PRP-alone therapy",
    )
    interp = dual["interpretation"]
    assert [c["id"] for c in interp["combined"]] == ["prp", "hyaluronic-acid"]
    assert [c["id"] for c in interp["alone"]] == ["prp"]
    assert dual["results"] == []


def test_a_title_s_verdict_between_two_treatments_compares_them(graph):
    """'Bone Marrow Aspirate Concentrate Is Equivalent to Platelet-Rich Plasma': the title
    compares the two, so a trial giving PRP only as an adjunct to BMAC (Ruane 2021) is no
    answer; 'is not superior to a placebo saline injection' compares as well."""
    equivalent = ask(
        graph,
        "Bone Marrow Aspirate Concentrate Is Equivalent to Platelet-Rich Plasma for the "
        "Treatment of Knee Osteoarthritis at 1 Year",
    )
    assert equivalent["interpretation"]["compared_pairs"] == [["bmac", "prp"]]
    assert "anz-2020" in _ids(equivalent) and "ruane-2021" not in _ids(equivalent)
    superior = ask(graph, "micro-fragmented adipose tissue is not superior to a saline injection")
    assert superior["interpretation"]["compared_pairs"] == [["svf", "saline"]]


def test_the_doses_of_a_treatment_as_a_topic_compare_doses(graph):
    """'the optimal dose of MSCs', 'doses of MSCs applied for injection': the question is how
    the dose changes the effect, answered by trials that gave two doses and by the studies the
    cell-dose modifier rests on; a single dose named ('40 million cells') is no such topic."""
    optimal = ask(graph, "What is the optimal dose of MSCs for knee OA?")
    assert optimal["interpretation"]["doses_compared"]
    assert {"lamo-espinosa-2016", "song-2018"} <= _ids(optimal)
    doses = ask(graph, "including doses of MSCs applied for injection")
    assert doses["interpretation"]["doses_compared"]
    one = ask(graph, "MSC injections of 40 million cells")
    assert not one["interpretation"]["doses_compared"]


def test_autologous_fat_advanced_oa_phase_i_and_ii_and_single_and_double_dose(graph):
    """'autologous fat' is the adipose tissue product (svf) and 'advanced knee OA' is KL 4;
    'phase I and II' names both phases; 'Single- and double-dose of PRP versus HA' compares
    PRP regimens, which no PRP study does."""
    fat = ask(graph, "comparing the efficacy of autologous fat to hyaluronic acid (HA)")
    assert fat["interpretation"]["compared_pairs"] == [["svf", "hyaluronic-acid"]]
    assert {"wu-2023", "zhang-2022"} == _ids(fat)
    advanced = ask(graph, "MFAT injections for advanced knee osteoarthritis")
    assert [c["id"] for c in advanced["interpretation"]["kl_grades"]] == ["kl-4"]
    phases = ask(graph, "a phase I and II randomized trial of allogeneic adipose derived MSCs")
    assert phases["interpretation"]["phases"] == [1, 2]
    regimens = ask(graph, "Single- and double-dose of platelet-rich plasma versus hyaluronic acid")
    assert regimens["interpretation"]["injection_counts_compared"]
    assert regimens["results"] == []


def test_two_products_of_one_treatment_compared_list_no_study(graph):
    """'2.0% sodium hyaluronate (SH) vs 0.8% hylan G-F 20': two hyaluronates, which the graph
    records as one treatment and cannot tell apart; the HA studies are the nearest evidence.
    Doses, donors or sources of one treatment compared are read as such, not as products."""
    answer = ask(
        graph,
        "a single injection of 2.0% non-chemically modified sodium hyaluronate (SH) vs 0.8% "
        "hylan G-F 20 (control) in symptomatic knee OA",
    )
    assert answer["interpretation"]["same_sides"] == [
        ["non-chemically modified sodium hyaluronate", "0.8% hylan G-F 20"]
    ]
    assert answer["results"] == [] and "records as one treatment" in answer["message"]
    assert "ruane-2021" in {r["id"] for r in answer["nearest"]["results"]}
    doses = ask(graph, "low-dose MSCs versus high-dose MSCs")
    interp = doses["interpretation"]
    assert interp["doses_compared"] and not interp["same_sides"] and not interp["certainties"]
    assert doses["results"]
    donors = ask(graph, "autologous MSCs versus allogeneic MSCs")
    assert not donors["interpretation"]["same_sides"]


def test_low_or_high_dose_is_a_dose_not_a_certainty(graph):
    """'low-dose' had been read as low GRADE certainty; a low or high dose is a dose relative
    to another, while 'low-certainty evidence' stays a certainty."""
    dose = ask(graph, "trials of high-dose MSCs")
    assert dose["interpretation"]["doses_compared"]
    assert not dose["interpretation"]["certainties"]
    certainty = ask(graph, "low-certainty evidence on MSCs")
    assert [c["id"] for c in certainty["interpretation"]["certainties"]] == ["grade-low"]


def test_an_outcome_and_the_broader_one_it_is_part_of_ask_for_the_narrower(graph):
    """'MRI-based cartilage changes' reads MRI cartilage and, from 'cartilage', joint structure:
    the narrower is what is asked, and a study measuring it measures the broader too."""
    answer = ask(graph, "PRP trials of MRI-based cartilage changes")
    assert [c["id"] for c in answer["interpretation"]["outcomes"]] == ["mri-cartilage"]
    assert "bennell-2021" in _ids(answer)


def test_one_treatment_named_is_not_found_as_an_adjunct(graph):
    """'The effect of PRP on knee OA' asks for studies that give or compare PRP (RESTORE,
    Bennell 2021), not those that add PRP to bone marrow cells (Centeno 2018, Bastos 2019:
    an adjunct does not make a study about the adjunct); named with the cells, the
    combination is found through the adjunct."""
    alone = {r["id"] for r in ask(graph, "the effect of PRP on knee OA")["results"]}
    assert "bennell-2021" in alone
    assert not alone & {"centeno-2018", "bastos-2019"}
    with_cells = ask(graph, "bone marrow concentrate combined with PRP for knee OA")
    assert "centeno-2018" in {r["id"] for r in with_cells["results"]}


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("a single PRP injection combined with different HAs", "hyaluronic-acid"),
        ("trials of BMACs in knee OA", "bmac"),
    ],
)
def test_an_abbreviations_plural_names_its_concept(graph, question, concept):
    """'HAs' is the plural of HA, however short the word; 'has' is still no abbreviation."""
    interp = ask(graph, question)["interpretation"]
    assert concept in [c["id"] for c in interp["interventions"]]
    lowered = ask(graph, "PRP has been compared with saline")["interpretation"]
    assert "hyaluronic-acid" not in [c["id"] for c in lowered["interventions"]]


def test_observational_named_apart_from_study_is_the_cohort_design(graph):
    """'An Observational, Intention-to-Treat Study': the design is a condition even when the
    word stands apart from 'study'; the graph holds no cohort study of SVF, so nothing
    matches, and the answer says how many would without the design."""
    answer = ask(graph, "Outcomes of microfragmented adipose tissue: an observational study")
    assert [c["id"] for c in answer["interpretation"]["designs"]] == ["cohort"]
    answer = ask(graph, "Microfragmented adipose tissue: an observational, pragmatic report")
    assert [c["id"] for c in answer["interpretation"]["designs"]] == ["cohort"]
    assert answer["count"] == 0


def test_minimally_manipulated_cells_are_bmac_and_svf_not_cultured_mscs(graph):
    """'Minimally manipulated MSCs' are the preparations made at the point of care without
    culture (BMAC, SVF): every trial with such an arm, and none of culture-expanded MSCs alone."""
    answer = ask(graph, "Which trials gave minimally manipulated MSCs?")
    read = [c["id"] for c in answer["interpretation"]["interventions"]]
    assert read == ["minimally-manipulated-cells"]
    point_of_care = curated.with_intervention("bmac") | curated.with_intervention("svf")
    trials = curated.with_design("rct")
    assert point_of_care & trials  # the case's precondition
    assert point_of_care & trials <= _ids(answer) <= point_of_care


@pytest.mark.parametrize(
    "question",
    [
        "Is there a cell therapy for knee OA without invasive surgery?",
        "PRP injections that do not require surgery",
        "Is there a treatment with no need for costly, painful knee surgery?",
    ],
)
def test_an_operation_spared_is_excluded_not_asked_for(graph, question):
    """What a treatment spares ('without invasive surgery', 'does not require surgery') is
    excluded, however it is qualified: it is not a treatment the question asks for."""
    interp = ask(graph, question)["interpretation"]
    assert "surgery" in [c["id"] for c in interp["excluded"]]
    assert "surgery" not in [c["id"] for c in interp["interventions"]]


@pytest.mark.parametrize(
    ("question", "excluded"),
    [
        (
            "Which trials treated knee OA without surgery or hyaluronic acid?",
            {"surgery", "hyaluronic-acid"},
        ),
        (
            "Cell therapy trials with no PRP, HA nor steroid",
            {"prp", "hyaluronic-acid", "corticosteroid"},
        ),
    ],
)
def test_a_list_after_an_exclusion_is_excluded_with_it(graph, question, excluded):
    """'without X or Y' spares both: each treatment in the list after the exclusion word is
    excluded, and none is asked for; the answer holds no study giving any of them."""
    answer = ask(graph, question)
    interp = answer["interpretation"]
    assert {c["id"] for c in interp["excluded"]} == excluded
    assert not excluded & {c["id"] for c in interp["interventions"]}


@pytest.mark.parametrize(
    ("question", "intervention"),
    [
        ("Trials of mesenchymal stem/stromal cells in knee OA", "msc"),
        ("Which RCTs compared MF-AT with hyaluronic acid?", "svf"),
    ],
)
def test_the_literatures_spellings_of_a_treatment_are_read(graph, question, intervention):
    """'Mesenchymal stem/stromal cells' and 'MF-AT' are how papers name MSCs and
    micro-fragmented fat: read as the treatment, not named as unknown words."""
    interp = ask(graph, question)["interpretation"]
    assert intervention in [c["id"] for c in interp["interventions"]]
    unknown = {u["term"].lower() for u in interp["unknown_terms"]}
    assert not unknown & {"stem", "stromal", "mf", "at"}


def test_an_exclusion_does_not_reach_past_a_clause(graph):
    """A list ends where a new clause starts: 'without surgery, and PRP trials' asks for PRP."""
    interp = ask(graph, "MSC trials without surgery, and PRP trials")["interpretation"]
    assert "prp" in {c["id"] for c in interp["interventions"]}
    assert {c["id"] for c in interp["excluded"]} == {"surgery"}


@pytest.mark.parametrize(
    "question",
    [
        "Does viscosupplementation help arthritic knees?",
        "Which reviews looked at hyaluronic acid injections for knee OA?",
    ],
)
def test_an_active_comparator_named_alone_is_asked_about_as_the_treatment_tested(graph, question):
    """The graph holds hyaluronic acid only as the control of cell therapies and PRP: a
    question of its benefits lists no study (no finding or result has it as the treatment
    tested), and the nearest evidence is the studies that compare with it, said so. The
    placebo response is another matter: the placebo-controlled trials answer it."""
    answer = ask(graph, question)
    assert _ids(answer) == set()
    nearest = {r["id"] for r in answer["nearest"]["results"]}
    ha = curated.under("hyaluronic-acid")
    giving = {
        sid
        for sid, study in curated.studies().items()
        for part in study.get("arms", []) + study.get("results", []) + study.get("findings", [])
        if {part.get("intervention"), part.get("comparator")} & ha
    }
    assert nearest and nearest <= giving
    assert "as the treatment tested" in answer["message"]
    placebo = ask(graph, "How large is the placebo response in knee injection trials?")
    assert _ids(placebo) & curated.with_intervention("placebo")
