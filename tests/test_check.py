"""Check on the real graph: direction and polarity, scope mismatch, curated claims, the
certainty rule, the article report, and the CLI and HTTP contract."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.anaphora import refers_back
from kg.answer_text import check_text, read_as
from kg.api.app import create_app
from kg.ask import ask
from kg.check import VERDICTS, check
from kg.check_document import as_html, as_text, check_document
from kg.cli import main
from kg.document_units import sentences
from kg.document_units import units as sentences_of
from kg.tense import general
from tests import curated
from tests.conftest import GRAPH, QUERIES

ARTICLE = GRAPH / "documents" / "apex-msc-knee-oa-guide" / "article.txt"


def test_benefit_over_placebo_meets_the_graded_null_finding(graph):
    """Sadeghirad 2024 (moderate certainty): little to no difference in pain vs placebo."""
    answer = check(graph, "MSC injections reduce knee pain compared with placebo")
    assert answer["verdict"] == "contradicted"
    graded = [e for e in answer["evidence"] if e["level"] == "grade-moderate"]
    assert any(e["stance"] == "contradicts" and e["publication"] for e in graded)


def test_negated_claim_turns_the_verdict(graph):
    answer = check(graph, "MSC injections are no better than placebo for knee pain")
    assert answer["interpretation"]["direction"] == "no-difference"
    assert answer["verdict"] == "supported"


def test_polarity_reading(graph):
    lower = check(graph, "BM-MSCs lower VAS pain")
    higher = check(graph, "BM-MSCs increase VAS pain")
    assert lower["interpretation"]["direction"] == "favours-intervention"
    assert higher["interpretation"]["direction"] == "favours-comparator"


def test_scope_mismatch_qualifies(graph):
    answer = check(graph, "Adipose MSCs improve WOMAC in KL IV knees")
    assert any(e["stance"] == "qualifies" and "kl-4" in e["reason"] for e in answer["evidence"])


@pytest.mark.parametrize(
    ("claim", "topic"),
    [
        ("Stem cell injections cure rheumatoid arthritis of the hip", "other-condition"),
        ("MSC injections relieve hip pain better than placebo", "other-joint"),
        (
            "In patients aged over 75, MSC injections reduce pain as well as in others",
            "age-subgroup",
        ),
        ("In patients with a BMI above 35, adipose MSCs improve pain", "bmi-subgroup"),
    ],
)
def test_a_claim_outside_the_graph_is_insufficient(graph, claim, topic):
    """graph/vocab/scope.yaml names what the graph does not cover; evidence found for the
    rest of the claim only qualifies it, and the summary says why."""
    answer = check(graph, claim)
    assert topic in [c["id"] for c in answer["interpretation"]["outside_scope"]]
    assert answer["verdict"] == "insufficient"
    assert all(e["stance"] == "qualifies" for e in answer["evidence"])
    assert "does not cover" in answer["summary"]


def test_the_same_claim_about_the_knee_gets_a_verdict(graph):
    """The scope rule must not fire on the graph's own topic."""
    answer = check(graph, "MSC injections relieve knee pain better than placebo")
    assert answer["interpretation"]["outside_scope"] == []
    assert answer["verdict"] != "insufficient"


@pytest.mark.parametrize(
    ("claim", "study", "verdict"),
    [
        ("The RESTORE trial enrolled 288 adults.", "bennell-2021", "supported"),
        ("The RESTORE trial enrolled 88 adults.", "bennell-2021", "contradicted"),
        ("The MILES trial randomised more than 1,000 patients.", "mautner-2023", "contradicted"),
        ("The MILES trial randomised more than 400 patients.", "mautner-2023", "supported"),
        ("Emadedin's trial injected 40 million marrow MSCs per knee.", "emadedin-2018",
         "supported"),
        ("Emadedin's trial injected 400 million marrow MSCs per knee.", "emadedin-2018",
         "contradicted"),
        ("Gupta's Stempeucel trial tested doses of up to 150 million cells.", "gupta-2016",
         "supported"),
        ("Lamo-Espinosa 2018 followed the patients for 4 years.", "lamo-espinosa-2018",
         "supported"),
        ("Lamo-Espinosa 2018 followed the patients for 10 years.", "lamo-espinosa-2018",
         "contradicted"),
    ],
)  # fmt: skip
def test_numbers_stated_about_a_named_study_meet_its_record(graph, claim, study, verdict):
    """Sample size, dose and follow-up in graph/studies/<study>.yaml decide such claims."""
    answer = check(graph, claim)
    assert answer["interpretation"]["studies"] == [study]
    assert answer["verdict"] == verdict
    record = [e for e in answer["evidence"] if e["kind"] == "record"]
    assert record and all(e["study"] == study for e in record)
    assert record[0]["publication"]["id"]


def test_a_number_against_a_record_is_named_in_the_why(graph):
    answer = check(graph, "The MILES trial enrolled 999 patients.")
    assert answer["verdict"] == "contradicted"
    assert answer["why"].startswith("contradicted: Mautner 2023: the claim states '999 patients'")


def test_a_named_study_is_judged_on_its_own_findings(graph):
    """'In the MILES trial' keeps only mautner-2023's findings, however many others match."""
    answer = check(graph, "In the MILES trial, cell injections relieved pain better than steroid")
    assert answer["evidence"]
    assert {e["study"] for e in answer["evidence"]} == {"mautner-2023"}
    assert answer["verdict"] == "contradicted"


def test_a_wider_population_cannot_support_a_claim_about_one_grade(graph):
    """Emadedin 2018 enrolled KL II-IV: it supports BM-MSC over placebo there, but says
    nothing about KL IV alone (rule 1e of tests/eval/claims.yaml)."""
    wide = check(graph, "Autologous BM-MSCs improve WOMAC more than placebo")
    assert any(
        e["study"] == "emadedin-2018" and e["stance"] == "supports" for e in wide["evidence"]
    )
    narrow = check(graph, "For KL IV knees, autologous BM-MSCs improve WOMAC more than placebo")
    emadedin = [e for e in narrow["evidence"] if e["study"] == "emadedin-2018"]
    assert emadedin and all(e["stance"] == "qualifies" for e in emadedin)
    assert "reports nothing for kl-4 alone" in emadedin[0]["reason"]


def test_a_curated_claim_brings_its_assessment(graph):
    quote = "Multiple randomized controlled trials comparing MSC to saline, hyaluronic acid"
    answer = check(graph, quote)
    assert answer["matched_claim"]["id"] == "apex-msc-knee-oa-guide/rcts-vs-controls"
    assert answer["verdict"] == "supported"
    assert any(e["kind"].startswith("curated") for e in answer["evidence"])


def test_a_phrase_of_a_curated_quote_does_not_repeat_it(graph):
    """A heading like "Randomized controlled trial" is inside the apex guide's quote, and
    inside many sentences: it repeats none of them. The quote cut at its last words still
    does."""
    quote = next(
        c["quote"] for _, c in graph.curated_quotes if c["id"].endswith("rcts-vs-controls")
    )
    assert "randomized controlled trials" in quote.lower()
    assert check(graph, "Randomized controlled trials")["matched_claim"] is None
    cut = quote[: int(len(quote) * 0.9)]
    assert check(graph, cut)["matched_claim"]["id"] == "apex-msc-knee-oa-guide/rcts-vs-controls"


def test_every_evidence_item_has_the_contract(graph):
    answer = check(graph, "PRP is better than hyaluronic acid for pain")
    assert answer["evidence"]
    for item in answer["evidence"]:
        assert item["stance"] in ("supports", "contradicts", "qualifies")
        assert item["reason"]
        if item["publication"]:
            assert {"iri", "id", "title", "year", "doi"} <= set(item["publication"])


_ITEM_KEYS = {"stance", "reason", "level", "tier", "design", "found", "source_label", "kind",
              "evidence", "statement", "study", "publication", "citation", "deciding"}  # fmt: skip


@pytest.mark.parametrize(
    ("claim", "kind"),
    [
        ("PRP is better than hyaluronic acid for pain", "finding"),
        ("The MILES trial enrolled 480 patients.", "record"),
        ("Higher doses of MSCs work better.", "modifier"),
    ],
)
def test_every_kind_of_evidence_has_every_key(graph, claim, kind):
    """Findings, study records, modifier nodes and curated links come out of one builder
    (kg.evidence_rows.evidence_entry): a client reads the same keys from each."""
    items = check(graph, claim)["evidence"]
    assert any(i["kind"] == kind for i in items)
    assert all(set(i) >= _ITEM_KEYS for i in items), [sorted(set(i)) for i in items]


def test_sentences_keep_abbreviations_together():
    text = "MSCs vs. saline were tested. Pain fell by 1.5 points.\n\nA new block."
    assert [s for _, s in sentences(text)] == [
        "MSCs vs. saline were tested.",
        "Pain fell by 1.5 points.",
        "A new block.",
    ]


@given(
    said=st.lists(
        st.sampled_from(
            [
                "MSC injections reduce knee pain.",
                "Fifty clinical studies were included.",
                "Results",
                "PRP was well tolerated.",
            ]
        ),
        min_size=1,
        max_size=5,
    ),
    tag=st.sampled_from(["</jats:sec><jats:sec>", "<p>", "<br/>", '<div class="x">', "</p> "]),
)
@settings(max_examples=50, deadline=None)
def test_pasted_markup_parts_units_and_is_in_none(said, tag):
    """Markup pasted with the text ("</jats:sec><jats:sec> Results") is no word of any unit,
    and parts what comes before it from what comes after, as a line end does."""
    text = tag + tag.join(said) + tag
    got = sentences_of(text)
    assert [u.text for u in got] == said
    assert all(text[u.offset : u.offset + u.length] == u.text for u in got)


def test_a_comparison_sign_is_no_markup():
    assert [u.text for u in sentences_of("Pain fell (p < 0.05) in those with n > 30.")] == [
        "Pain fell (p < 0.05) in those with n > 30."
    ]


def test_the_seed_article_checked_as_a_whole(graph):
    text = ARTICLE.read_text(encoding="utf-8")
    report = check_document(graph, text)
    units = report["sentences"]
    assert report["statuses"]["checked"] > 20 and report["statuses"]["not-a-claim"] > 0
    assert sum(report["statuses"].values()) == len(units)
    assert sum(report["summary"].values()) == report["statuses"]["checked"]
    for unit in units:  # every unit is a real span of the text, in order, with its status
        assert (
            " ".join(text[unit["offset"] : unit["offset"] + unit["length"]].split()) == unit["text"]
        )
        assert unit["reason"] and (unit["status"] == "checked") == ("verdict" in unit)
    assert [u["offset"] for u in units] == sorted(u["offset"] for u in units)
    # the previous contract, kept for one release
    assert report["checked"] == len(report["results"]) == report["statuses"]["checked"]


def test_cli_check_json_and_errors(built, capsys):
    code = main(["check", "BM-MSCs are safe", "--json", "--build", str(built)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["verdict"] in ("supported", "contradicted", "mixed", "insufficient")
    assert main(["check", "--build", str(built)]) == 2


def test_http_check_and_document(settings, store):
    with TestClient(create_app(settings, store)) as client:
        response = client.post("/check", json={"text": "UC-MSCs reduce pain", "cite": "bibtex"})
        assert response.status_code == 200 and "@article" in response.json()["citations"]
        assert client.post("/check", json={"text": ""}).status_code == 422
        text = "BM-MSCs are safe. The clinic is open on Mondays."
        report = client.post("/check/document", json={"text": text}).json()
        assert [u["status"] for u in report["sentences"]] == ["checked", "not-a-claim"]
        assert report["sentences"][1] == {
            "offset": 18, "length": 30, "text": "The clinic is open on Mondays.",
            "status": "not-a-claim", "reason": "names no treatment and states no effect",
            "verdict": None, "why": None, "evidence": None,
        }  # fmt: skip
        assert report["checked"] == 1 and report["skipped"] == 1  # deprecated, kept
        page = client.post("/check/document", params={"format": "html"}, json={"text": text})
        assert page.headers["content-type"].startswith("text/html")
        assert "not a claim:" in page.text and "The clinic is open on Mondays." in page.text


def test_a_sentence_that_states_no_direction_is_a_description_not_praise(graph):
    report = check_document(graph, "MSCs and saline were compared in 30 patients.")
    (unit,) = report["sentences"]
    # (passed over by the rules, or admitted by the claim model as a study's description:
    # either way never judged as praise)
    assert unit.get("verdict") in (None, "insufficient")
    assert "states no effect" in unit["reason"] or "reads as a claim" in unit["reason"]
    single = check(graph, "MSCs and saline were compared in 30 patients.")
    assert single["verdict"] == "insufficient" and not single["evidence"]


def test_a_negated_event_is_a_direction(graph):
    report = check_document(graph, "No serious adverse events followed BM-MSC injections.")
    assert report["sentences"][0]["status"] == "checked"


def test_a_unit_about_another_joint_is_outside_scope_and_gets_no_verdict(graph):
    report = check_document(graph, "Stem cell injections cure hip arthritis.")
    (unit,) = report["sentences"]
    assert unit["status"] == "outside-scope" and "verdict" not in unit
    assert unit["reason"].startswith("about ")


@pytest.mark.parametrize(
    ("text", "status", "reason"),
    [
        (
            "Reference: Soler R, et al: Final results of a phase I-II trial using expanded "
            "autologous mesenchymal stromal cells for the treatment of osteoarthritis of the knee.",
            "not-a-claim",
            "a reference to a paper",
        ),
        (
            "Rapid pain relief in knee osteoarthritis: adipose MSCs outperform SVF: a systematic "
            "review and meta-analysis",
            "not-a-claim",
            "the title of a paper",
        ),
        (
            "Intra-articular MSCs for knee osteoarthritis: a phase IIb randomized "
            "placebo-controlled clinical trial",
            "not-a-claim",
            "the title of a paper",
        ),
        (
            "Pre-clinical studies have demonstrated that MSCs repair articular cartilage.",
            "outside-scope",
            "about Preclinical and laboratory studies",
        ),
        (
            "Stem cell therapies are often marketed to people wanting a long-term solution.",
            "not-a-claim",
            "says how a treatment is marketed, not what it does",
        ),
        (
            "Researchers are studying minimally invasive procedures using stem cells and PRP.",
            "not-a-claim",
            "says what is being studied, not what was found",
        ),
        (
            "This guide explores how stem cell therapy works and who may benefit most.",
            "not-a-claim",
            "says what a text or talk covers",
        ),
        (
            "The joint had no cartilage left, but it didn't hurt and caused her no problems.",
            "not-a-claim",
            "tells what happened to one person",
        ),
        (
            "BMAC and PRP reduce pain in patients with steroid-induced osteonecrosis.",
            "outside-scope",
            "about Conditions other than osteoarthritis",
        ),
        (
            'Patients often ask, "Is PRP or stem cell therapy better for the knee?"',
            "not-a-claim",
            "a question",
        ),
        (
            "Surgeons have begun a study to identify which stem cells relieve knee pain best.",
            "not-a-claim",
            "says what a study set out to learn, not what it did or found",
        ),
        (
            "This study aimed to assess the efficacy of a single injection of adipose MSCs.",
            "not-a-claim",
            "says what a study set out to learn, not what it did or found",
        ),
        (
            # a definition, though it defines with a word for the state of the evidence
            "These days a quack is someone who promotes unproven stem cell treatments.",
            "not-a-claim",
            "a definition",
        ),
        (
            "Adipose stem cells for knee osteoarthritis: a phase I/II, randomized, single-blind "
            "clinical trial",
            "not-a-claim",
            "the title of a paper",
        ),
    ],
)
def test_references_titles_and_lab_studies_get_no_verdict(graph, text, status, reason):
    (unit,) = check_document(graph, text)["sentences"]
    assert (unit["status"], unit["reason"]) == (status, reason)


def test_clinical_is_never_read_as_preclinical(graph):
    from kg.interpret import interpret

    for text in (
        "A clinical trial showed that MSCs relieve knee pain.",
        "Promising results in preclinical and clinical studies of BMAC injections.",
    ):
        interp = interpret(text, graph.vocabulary, graph.study_names)
        assert "preclinical" not in {c.id for c in interp.outside}, text
        assert not interp.read_as
    (unit,) = check_document(graph, "A clinical trial showed that MSCs relieve knee pain.")[
        "sentences"
    ]
    assert unit["status"] == "checked"


@pytest.mark.parametrize(
    ("claim", "interventions", "comparator"),
    [
        ("Compared with controls, MSCs improve WOMAC total scores.", ["msc"], "control"),
        ("MSCs improve WOMAC total scores compared with controls.", ["msc"], "control"),
        ("Adipose MSCs outperform bone marrow MSCs.", ["ad-msc"], "bm-msc"),
        (
            "Neither bone marrow concentrate, adipose SVF nor umbilical cord MSCs relieved pain "
            "better than a steroid injection.",
            ["bmac", "svf", "uc-msc"],
            "corticosteroid",
        ),
        ("Umbilical cord tissue MSCs relieved pain better than steroid.", ["uc-msc"],
         "corticosteroid"),
    ],
)  # fmt: skip
def test_the_comparator_is_what_a_comparison_word_points_at(
    graph, claim, interventions, comparator
):
    reading = check(graph, claim)["interpretation"]
    assert reading["claim_interventions"] == interventions
    assert reading["comparator"] == comparator


@pytest.mark.parametrize(
    ("claim", "direction"),
    [
        ("VAS pain fell more with MSC injections than with control treatments.",
         "favours-intervention"),
        ("Bone marrow concentrate and PRP performed about the same.", "no-difference"),
        ("BMAC ≈ PRP on IKDC.", "no-difference"),
        ("Bone marrow concentrate failed to beat exercise therapy.", "no-difference"),
        ("Cartilage defects progressed more with adipose MSCs than with saline.",
         "favours-comparator"),
        # a sponsor's words for a trial's result
        ("The adipose MSC trial met its primary endpoint against placebo.",
         "favours-intervention"),
        ("The adipose MSC trial reported positive results against placebo.",
         "favours-intervention"),
        ("The adipose MSC trial failed to meet its primary endpoint against placebo.",
         "no-difference"),
        # a harm or a worsening denied is no difference, not a benefit
        ("Bone marrow concentrate did not raise the rate of adverse events against saline.",
         "no-difference"),
        ("MSC injections did not worsen knee pain compared with hyaluronic acid.",
         "no-difference"),
        # no change told of one thing, not two sides alike
        ("Patients' usual activities stay the same after a stem cell injection.", None),
        ("PRP and hyaluronic acid performed about the same.", "no-difference"),
    ],
)  # fmt: skip
def test_direction_words(graph, claim, direction):
    assert check(graph, claim)["interpretation"]["direction"] == direction


def test_a_universal_claim_falls_to_one_counter_example(graph):
    """Sadeghirad 2024 records more adverse events with MSCs than control (RR 2.67)."""
    answer = check(graph, "Stem cell injections are completely safe, with no side effects.")
    assert answer["interpretation"]["universal"]
    assert answer["verdict"] == "contradicted"
    assert any(e["study"] == "sadeghirad-2024" and e["stance"] == "contradicts"
               for e in answer["evidence"])  # fmt: skip


def test_an_overstated_claim_on_ungraded_evidence_is_mixed(graph):
    """tan-2021 (ungraded) favours PRP over HA: the direction holds, 'proven' does not."""
    plain = check(graph, "PRP is superior to hyaluronic acid.")
    proven = check(graph, "PRP has been proven superior to hyaluronic acid beyond doubt.")
    assert plain["verdict"] == "supported"
    assert proven["interpretation"]["overstated"] == "proven"
    assert proven["verdict"] == "mixed"
    assert "goes beyond the evidence" in proven["summary"]


def test_a_claim_comparing_with_an_unknown_treatment_is_insufficient(graph):
    answer = check(graph, "Oral glucosamine works as well as MSC injections for knee pain.")
    assert answer["interpretation"]["unknown_side"] in ("Oral", "glucosamine")
    assert answer["verdict"] == "insufficient"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["MSCs", "BMAC", "than", "placebo", "not", "pain", "KL IV", "hip", "RESTORE",
             "enrolled", "88", "patients", "40 million", "cells", "every", "proven", "≈", "vs",
             "at 12 months", "glucosamine", "failed to", "reduce", "WOMAC", "Lee 2025", "("]
        ),
        max_size=14,
    ).map(" ".join)
    | st.text(max_size=120)
)  # fmt: skip
def test_any_text_gets_a_verdict_from_the_contract(graph, text):
    """Whatever a writer pastes, check answers with the contract's keys and values."""
    answer = check(graph, text)
    assert answer["verdict"] in VERDICTS
    for item in answer["evidence"]:
        assert item["stance"] in ("supports", "contradicts", "qualifies")
        assert item["reason"]


def test_a_list_after_the_comparison_word_is_all_comparators(graph):
    """dulic-2021 compared BMAC with PRP and with HA; both are what BMAC is compared with."""
    answer = check(
        graph,
        "Bone marrow aspirate concentrate lowered VAS pain more than PRP or hyaluronic acid.",
    )
    reading = answer["interpretation"]
    assert reading["claim_interventions"] == ["bmac"]
    assert reading["comparators"] == ["prp", "hyaluronic-acid"]
    assert {e["study"] for e in answer["evidence"] if e["stance"] == "supports"} >= {"dulic-2021"}


def test_a_ratio_in_a_claim_that_names_no_study_meets_the_bearing_results(graph):
    """Sadeghirad 2024's any-adverse-events risk ratio, read from the YAML, supports the same
    number and contradicts another; a ratio has no scale, so the comparison is fair."""
    results = curated.studies()["sadeghirad-2024"]["results"]
    rr = next(r["value"] for r in results if r["id"] == "any-adverse-events")
    claim = "MSC therapy raises the risk of any adverse event compared with control (RR {:g})."
    same = check(graph, claim.format(rr))
    other = check(graph, claim.format(round(rr / 5, 2)))
    for answer, stance in ((same, "supports"), (other, "contradicts")):
        record = [e for e in answer["evidence"] if e["kind"] == "record"]
        assert record and record[0]["stance"] == stance
        assert "Sadeghirad 2024" in record[0]["reason"]  # as a reader names it
    assert other["verdict"] == "contradicted"


def test_the_subject_is_carried_from_the_heading_and_the_sentence_before(graph):
    text = (
        "Bone marrow stem cell injections\n"
        "No serious adverse events were reported.\n"
        "Book a consultation today.\n"
        "Umbilical cord MSCs were compared with corticosteroid in the MILES trial. "
        "Pain did not differ at 12 months."
    )
    units = check_document(graph, text)["sentences"]
    by_text = {u["text"]: u for u in units}
    assert by_text["Bone marrow stem cell injections"]["status"] == "not-a-claim"  # a heading
    safety = by_text["No serious adverse events were reported."]
    assert safety["status"] == "checked"
    assert "carried from the title 'Bone marrow stem cell injections'" in safety["why"]
    assert by_text["Book a consultation today."]["status"] == "not-a-claim"
    pain = by_text["Pain did not differ at 12 months."]
    assert pain["status"] == "checked" and "carried from the sentence" in pain["why"]


def test_a_sentence_with_a_subject_of_its_own_takes_none_from_before(graph):
    """A sentence that names no treatment takes the page's subject only through words that
    point back to it ('the procedure', 'these cells', 'it'); one with a subject of its own
    (trade shows, the weather) is not a claim about the treatment named before, however
    'effective' it calls its own subject. A harm reported with no agent, and a statement on
    the evidence, are still read as about the page's treatment."""
    text = (
        "Bone marrow stem cell injections\n"
        "Trade shows are an effective way for clinics to find new buyers.\n"
        "The procedure improved pain in most patients.\n"
        "No serious adverse events were reported.\n"
        "The evidence is still limited."
    )
    by_text = {u["text"]: u for u in check_document(graph, text)["sentences"]}
    shows = by_text["Trade shows are an effective way for clinics to find new buyers."]
    assert shows["status"] == "not-understood"
    assert "does not point back to Bone marrow MSCs (from the title" in shows["reason"]
    for carried in (
        "The procedure improved pain in most patients.",
        "No serious adverse events were reported.",
        "The evidence is still limited.",
    ):
        unit = by_text[carried]
        assert unit["status"] == "checked" and "carried from the title" in unit["why"], unit


@pytest.mark.parametrize(
    ("text", "points_back"),
    [
        ("The procedure improved pain in most patients.", True),
        ("These cells can rebuild tissue.", True),
        ("They are safe and well tolerated.", True),
        ("This does not mask the pain.", True),
        ("Biological treatments reduce pain.", True),
        ("New research shows benefits for the knee.", True),
        ("Trade shows are an effective way for clinics to find new buyers.", False),
        ("To date, no effective drugs are known.", False),
        ("It is important to rest the knee.", False),
        ("Our joints can repair themselves to some degree.", False),
    ],
)
def test_refers_back(text, points_back):
    assert refers_back(text) is points_back
    assert refers_back(text, listed=True)  # a list item continues the line above it


@pytest.mark.parametrize(
    ("claim", "comparators"),
    [
        ("Both PRP and MSC injections were well tolerated.", []),
        ("PRP and MSC injections were safe.", []),
        ("Bone marrow concentrate and PRP performed about the same.", ["prp"]),
        ("MSCs relieved pain better than hyaluronic acid.", ["hyaluronic-acid"]),
    ],
)
def test_a_conjunction_is_not_a_comparison(graph, claim, comparators):
    assert check(graph, claim)["interpretation"]["comparators"] == comparators


def test_less_of_a_harm_is_a_benefit(graph):
    reading = check(graph, "MSC injections decrease cartilage loss.")["interpretation"]
    assert reading["direction"] == "favours-intervention"


def test_treatments_given_together_with_nothing_compared_get_no_verdict(graph):
    answer = check(graph, "Shockwave therapy before an MSC injection improves pain.")
    assert answer["verdict"] == "insufficient" and "given together" in answer["summary"]


def test_the_verdict_follows_the_best_tier_and_says_why(graph):
    """Against placebo, the moderate-certainty meta-analysis (little or no difference in pain)
    decides over trials and lower-certainty syntheses, and the why names it."""
    answer = check(graph, "MSC injections reduce knee pain more than placebo.")
    assert answer["verdict"] == "contradicted"
    assert answer["why"].startswith("contradicted: the moderate-certainty meta-analysis")
    assert "(Sadeghirad 2024)" in answer["why"]


def test_one_trial_does_not_establish_a_general_claim_but_bears_out_its_own_result(graph):
    """Freitag 2019 alone finds adipose MSCs better than conservative care on joint structure:
    said of the treatment in general, that is too little; told as a result, it is that trial's."""
    general = check(
        graph, "Adipose stem cells improve joint structure compared with conservative care"
    )
    assert general["verdict"] == "insufficient"
    assert "only one trial (Freitag 2019) bears the claim out" in general["why"]
    assert [e["study"] for e in general["evidence"] if e["deciding"]] == ["freitag-2019"]
    told = check(
        graph, "Adipose stem cells improved joint structure compared with conservative care"
    )
    assert told["verdict"] == "supported" and "only one trial" not in told["why"]


@pytest.mark.parametrize(
    ("text", "is_general"),
    [
        ("ADMSCs offer a promising alternative for knee OA", True),
        ("Stem cells prevent the progression of arthritis", True),
        ("Stem cells slowed the progression of arthritis", False),
        ("BM-MSC + HA beat HA alone on IKDC after HTO.", False),
        ("BMAC ≈ PRP on IKDC & WOMAC at 24 mo", False),
        # nouns are no verbs of the present: "repair tissue", "the help"
        ("Microdrilling left patients with weaker repair tissue.", False),
        ("Stem cell injection helps knee pain", True),
    ],
)
def test_general_statements_are_told_from_reports_of_results(text, is_general):
    assert general(text) is is_general


@pytest.mark.parametrize(
    "claim",
    [
        "BMAC is safe and effective.",
        "BMAC injections give promising results in terms of safety and effectiveness.",
    ],
)
def test_safe_and_effective_needs_both_halves_borne_out(graph, claim):
    """Fucaloro 2024 (a meta-analysis of harms) finds BMAC no worse than HA on adverse events;
    on pain, the trials disagree (Anz 2020 finds no difference from PRP). The harms synthesis
    must not decide the benefit half: the claim is mixed, and both halves are among the
    deciding evidence."""
    answer = check(graph, claim)
    assert answer["verdict"] == "mixed"
    deciding = [e for e in answer["evidence"] if e["deciding"]]
    assert {e["on"] for e in deciding} == {"harms", "benefit"}
    assert "fucaloro-2024" in {e["study"] for e in deciding if e["on"] == "harms"}


def test_a_headline_that_asserts_is_checked_but_a_label_is_not(graph):
    text = (
        "Stem Cell Treatment Can Stop and Reverse Osteoarthritis\n\n"
        "Stem Cell Therapy for Knee Pain\n\n"
        "Our clinic offers injections."
    )
    headline, label, _ = check_document(graph, text)["sentences"]
    assert headline["status"] == "checked" and headline["verdict"] in ("mixed", "contradicted")
    assert label["status"] == "not-a-claim"


@pytest.mark.parametrize(
    "heading",
    ["How Stem Cells Work: Repair of Tissue", "Knee Injection Procedure – How It Works"],
)
def test_a_heading_naming_what_its_section_explains_asserts_nothing(graph, heading):
    """'How Stem Cells Work' titles an explanation; it does not claim that they work ('how it
    works' names the mechanism, which the graph does not hold)."""
    text = f"Stem Cell Therapy for Knee Arthritis\n\n{heading}\n\nOur clinic offers injections."
    unit = check_document(graph, text)["sentences"][1]
    assert unit["text"] == heading and unit["status"] in ("not-a-claim", "outside-scope")


def test_a_change_within_one_group_is_not_a_comparison(graph):
    answer = check(graph, "Bone marrow MSC injections improve KOOS.")
    within = [e for e in answer["evidence"] if e["design"] == "single-arm"]
    assert within and all(e["stance"] == "qualifies" for e in within)
    assert all("within one group" in e["reason"] for e in within)


def test_any_adverse_events_do_not_bear_on_serious_ones(graph):
    answer = check(graph, "Bone marrow MSC injections cause no serious adverse events.")
    broader = [e for e in answer["evidence"] if "on adverse-events" in e["reason"]]
    assert broader and all(e["stance"] == "qualifies" for e in broader)


def test_the_check_answer_reads_as_text_for_a_person(built, capsys):
    claim = "MSC injections reduce knee pain more than placebo"
    code = main(["check", claim, "--build", str(built), "--queries", str(QUERIES)])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Claim: {claim}"
    assert lines[1].startswith("Read as: mesenchymal stem cells against placebo, on pain:")
    assert "Verdict: CONTRADICTED" in lines
    assert "Deciding evidence:" in out and "  1. contradicts: Sadeghirad 2024:" in out
    assert "['" not in out and "{'" not in out  # no Python values


def test_kg_piped_into_head_ends_quietly(built, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    kg = Path(sys.executable).with_name("kg")
    done = subprocess.run(
        f"'{kg}' check 'MSC injections reduce knee pain' --build '{built}' "
        f"--queries '{QUERIES}' | head -n 1",
        shell=True, capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert done.stdout.startswith("Claim:") and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "text",
    [
        "Is stem cell therapy for knee arthritis safe?",
        "Book a consultation to learn whether stem cells can reduce your pain.",
        "Provide patients with clear information about the benefits of PRP.",
    ],
)
def test_questions_and_calls_to_action_are_not_claims(graph, text):
    (unit,) = check_document(graph, text)["sentences"]
    assert unit["status"] == "not-a-claim"


@pytest.mark.parametrize(
    ("claim", "direction"),
    [
        ("MSC injections reduce pain and do not cause tumours.", "favours-intervention"),
        ("MSC injections do not reduce pain.", "no-difference"),
        ("PRP failed to improve function, but MSCs improved pain.", "no-difference"),
    ],
)
def test_a_negation_governs_its_own_clause(graph, claim, direction):
    assert check(graph, claim)["interpretation"]["direction"] == direction


@pytest.mark.parametrize(
    "text",
    [
        "Medical imaging evaluations were used to look for structural improvements after MSCs.",
        "The trial was designed to determine whether MSC injections reduce pain.",
        "We hypothesized that BMAC would relieve pain better than PRP.",
        "If you are considering an unproven stem cell injection, read our guide for patients.",
        "The idea is that fat holds stem cells that can repair the knee cartilage.",
        "The theory behind BMAC injections is that marrow cells calm inflammation and ease pain.",
        "Hypothesis: Patients given BMAC would improve more than those given saline.",
    ],
)
def test_what_is_sought_is_not_what_was_found(graph, text):
    (unit,) = check_document(graph, text)["sentences"]
    assert _judges_nothing(unit)


def _judges_nothing(unit: dict) -> bool:
    """No claim; or a unit the rules passed over that the claim model admitted (it reads like
    a study's description, which reviewers check), found to have nothing bear on it."""
    if unit["status"] == "checked" and unit["reason"].startswith("reads as a claim"):
        return unit["verdict"] == "insufficient"
    return unit["status"] in ("not-a-claim", "not-understood")


@pytest.mark.parametrize(
    "text",
    [
        "This meta-analysis evaluated the effectiveness and safety of MSC injections.",
        "The primary outcomes were pain relief and functional improvement after PRP.",
        "The trial assessed the benefits of BMAC over hyaluronic acid.",
        "The phase I/II trial assessed the safety and efficacy of a donor stem cell product.",
        "The trial aimed at comparing the therapeutic efficacy of BMAC and corticosteroid.",
        "An evaluation of the safety and efficacy of stem cell therapies is necessary.",
        "A pilot RCT on the efficacy of adipose cells plus HA in knee arthritis",
        "We included studies of the effectiveness of BMAC for knee OA.",
    ],
)
def test_what_a_study_measured_states_no_direction(graph, text):
    """Effect words as the topic a study measured ('evaluated the effectiveness', 'the primary
    outcomes were pain relief', 'a trial on the efficacy of') are no finding of benefit; what
    it found still is."""
    assert check(graph, text)["interpretation"]["direction"] is None
    found = check(graph, "A trial of the efficacy of BMAC found less knee pain than with HA.")
    assert found["interpretation"]["direction"] == "favours-intervention"


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Stem cell clinics have grown across the healthcare market.", None),
        ("MSC injections are given to healthy volunteers in the trial.", None),
        ("MSC injections heal damaged cartilage.", "favours-intervention"),
        ("Stem cell therapy can be used to re-grow healthy cartilage.", "favours-intervention"),
        ("Stem cell therapy is used to re-grow cartilage in the trial.", None),
    ],
)
def test_effect_words_are_read_whole(graph, text, direction):
    """'Heal' is not 'health' nor 'healthcare'; 're-grow' is 'regrow'; what a thing 'can be
    used to' do is a claim of what it does, what it 'is used to' do only its purpose."""
    assert check(graph, text)["interpretation"]["direction"] == direction


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("An increasing number of clinics market stem cell injections.", None),
        ("The clinic offers a less invasive alternative: MSC injections.", None),
        ("Outcomes were compared at higher and lower cell doses of BMAC.", None),
        ("MSC injections reduce knee pain.", "favours-intervention"),
        ("BMAC increased pain compared with saline.", "favours-comparator"),
        ("MSCs lead to less cartilage loss.", "favours-intervention"),
    ],
)
def test_more_or_less_is_a_direction_only_of_an_outcome(graph, text, direction):
    """'More', 'less', 'increasing', 'lower' say which side wins only when they are of an
    outcome or a harm: the number of clinics or the size of a dose is no effect."""
    assert check(graph, text)["interpretation"]["direction"] == direction


def test_what_a_study_found_after_what_it_measured_is_read(graph):
    text = "The trial assessed the efficacy of BMAC and found it improved pain."
    assert check(graph, text)["interpretation"]["direction"] == "favours-intervention"


def _stempeucel() -> tuple[str, dict]:
    """The phase II study the graph knows under the product name Stempeucel, from the YAML
    (its phase III trial is there too, registered, with no results)."""
    [(sid, study)] = [
        (sid, s)
        for sid, s in curated.studies().items()
        if "Stempeucel" in s.get("names", []) and s.get("phase") == "II"
    ]
    return sid, study


def test_a_phase_the_named_study_does_not_have_is_another_trial(graph):
    """A product's phase 3 trial is not its phase II trial: judging a claim about the first by
    the record of the second would contradict (or support) the wrong trial."""
    sid, study = _stempeucel()
    assert study["phase"] == "II"
    wrong_size = study["sample_size"] + 86
    other = check(graph, f"The phase 1 Stempeucel trial enrolled {wrong_size} patients.")
    assert other["verdict"] == "insufficient"
    assert other["evidence"] == []
    assert "phase 1" in other["why"] and sid in other["why"]
    same = check(graph, f"The phase II Stempeucel trial enrolled {wrong_size} patients.")
    assert same["verdict"] == "contradicted"
    assert any(e["study"] == sid for e in same["evidence"])


def test_a_document_about_a_phase_3_trial_reads_a_product_name_as_that_trial(graph):
    _sid, study = _stempeucel()
    claim = f"Stempeucel-OA was tested in {study['sample_size'] + 86} patients."
    alone = check_document(graph, claim)
    assert alone["sentences"][0]["verdict"] == "contradicted"
    reported = check_document(graph, f"Phase 1 trial results for a cell therapy\n\n{claim}")
    assert reported["sentences"][1]["verdict"] == "insufficient"


def _status(graph, text: str, index: int = -1) -> dict:
    return check_document(graph, text)["sentences"][index]


def test_a_long_title_case_line_is_a_title(graph):
    title = (
        "Intra-Articular Mesenchymal Stem Cells Improve Pain and Function Compared With "
        "Saline in Knee Osteoarthritis: Results From a Randomised Trial"
    )
    assert len(title.split()) > 12
    unit = _status(graph, title, 0)
    assert unit["status"] == "not-a-claim"
    prose = _status(graph, title.lower().capitalize() + ".", 0)
    assert prose["status"] == "checked"


def test_what_could_have_happened_is_not_a_result(graph):
    wished = _status(graph, "Pain in the MSC group could have been reduced further.")
    assert _judges_nothing(wished)
    found = _status(graph, "Pain in the MSC group was reduced further.")
    assert found["status"] == "checked"


def test_a_field_of_medicine_is_not_a_result(graph):
    field = "Our regenerative medicine clinic offers bone marrow concentrate for knee pain."
    assert _status(graph, field)["status"] == "not-a-claim"
    result = "Bone marrow concentrate regenerated cartilage in knee osteoarthritis."
    assert _status(graph, result)["status"] == "checked"
    claim = "Bone marrow concentrate is an effective treatment for knee osteoarthritis."
    assert _status(graph, claim)["status"] == "checked"


def test_a_sentence_about_a_text_judges_the_text_unless_it_reports_it(graph):
    review = _status(graph, "The article gives a fair account of how MSCs improved pain.")
    assert review["status"] == "not-a-claim" and "text" in review["reason"]
    reported = _status(graph, "The article claims that MSC injections regrow cartilage.")
    assert reported["status"] == "checked"


def test_not_only_intensifies_rather_than_denies(graph):
    plain = check(graph, "MSC injections are effective for knee pain.")
    intensified = check(graph, "Not only are MSC injections effective for knee pain.")
    denied = check(graph, "MSC injections are not effective for knee pain.")
    assert plain["interpretation"]["direction"] == "favours-intervention"
    assert intensified["interpretation"]["direction"] == "favours-intervention"
    assert denied["interpretation"]["direction"] == "no-difference"


def test_symptom_relief_meets_pain_and_function_evidence(graph):
    answer = check(graph, "PRP gives meaningful symptom relief compared with saline.")
    assert [o["id"] for o in answer["interpretation"]["outcomes"]] == ["symptoms"]
    outcomes = {  # each reason says "<intervention> vs <comparator> on <outcome>"
        re.search(r" on ([\w-]+)", e["reason"]).group(1)
        for e in answer["evidence"]
        if e["stance"] != "qualifies"
    }
    # pain, function, and the composite scores of both (WOMAC total)
    assert outcomes & curated.under("pain") and outcomes & curated.under("function"), outcomes
    assert outcomes <= curated.under("symptoms"), outcomes


def test_a_rate_of_success_is_a_claim(graph):
    unit = _status(graph, "The success rate of BMAC injections is 80-85%.")
    assert unit["status"] == "checked"
    share = _status(graph, "About 90% of patients treated with SVF improve.")
    assert share["status"] == "checked"
    described = _status(graph, "Our clinic offers BMAC injections.")
    assert described["status"] == "not-a-claim"


def test_a_hedged_claim_is_not_contradicted_while_some_evidence_bears_it_out(graph):
    """Sadeghirad 2024 (moderate) finds little or no difference on pain against placebo, while
    randomised trials of the graph favour MSCs: 'MSCs relieve pain' is contradicted by the best
    evidence; 'MSCs may relieve pain' is not, since some of it bears the claim out."""
    firm = check(graph, "MSC injections relieve knee pain compared with placebo.")
    hedged = check(graph, "MSC injections may relieve knee pain compared with placebo.")
    assert firm["verdict"] == "contradicted"
    assert any(e["stance"] == "supports" for e in hedged["evidence"])
    assert hedged["interpretation"]["hedged"] == "may"
    assert hedged["verdict"] == "mixed"


def test_a_claim_about_each_of_two_treatments_is_mixed_when_they_differ(graph):
    prp = check(graph, "PRP injections are effective for knee osteoarthritis.")
    cells = check(graph, "Stem cell injections are effective for knee osteoarthritis.")
    assert prp["verdict"] != cells["verdict"]
    assert {prp["verdict"], cells["verdict"]} <= {"supported", "contradicted", "mixed"}
    both = check(graph, "Both PRP and stem cell injections are effective for knee osteoarthritis.")
    assert both["verdict"] == "mixed"
    assert "differs between them" in both["why"]


def test_regrowing_tissue_is_a_claim_about_structure(graph):
    answer = check(graph, "PRP injections regenerate tissue in knee osteoarthritis.")
    assert [o["id"] for o in answer["interpretation"]["outcomes"]] == ["structure"]
    named = check(graph, "PRP injections restore function in knee osteoarthritis.")
    assert [o["id"] for o in named["interpretation"]["outcomes"]] == ["function"]


@pytest.mark.parametrize(
    "claim",
    [
        "Platelet growth factors stimulate the growth of new knee cartilage.",
        "Bone marrow stem cells promote the formation of new cartilage.",
        "Bone marrow cells fix worn cartilage in the knee.",
        "Adipose stem cells grow new cartilage in arthritic knees.",
        "MSCs can be used to help rebuild worn knee cartilage.",
    ],
)
def test_tissue_made_or_mended_is_a_benefit_to_structure(graph, claim):
    """'Stimulates the growth of cartilage', 'fixes worn cartilage', 'can be used to help': what
    a clinic promises of the joint's tissue is a benefit on structure, weighed as one (not a
    description with no direction); what tissue is used for ('used to help repair') stays a
    purpose."""
    answer = check(graph, claim)
    assert answer["interpretation"]["direction"] == "favours-intervention"
    assert "structure" in [o["id"] for o in answer["interpretation"]["outcomes"]]
    purpose = check(graph, "Growth factors are injected to help repair cartilage.")
    assert purpose["interpretation"]["direction"] is None
    harm = check(graph, "Cytokines promote inflammation in the knee joint.")
    assert harm["interpretation"]["direction"] != "favours-intervention"


@pytest.mark.parametrize(
    ("claim", "direction"),
    [
        ("MRI showed BMAC knees gaining cartilage while steroid knees showed cartilage loss.",
         "favours-intervention"),
        ("Knees given adipose cells gained cartilage, whereas the HA knees deteriorated.",
         "favours-intervention"),
        ("Bone marrow cells slowed the loss of cartilage.", "favours-intervention"),
        ("With PRP there was more cartilage loss than with saline.", "favours-comparator"),
    ],
)  # fmt: skip
def test_a_harm_said_of_the_other_side_does_not_turn_the_claim(graph, claim, direction):
    """'Less loss' is a benefit because the harm is what lessens; a loss or a worsening told
    of the other group ('but lost with steroid', 'whereas the HA knees deteriorated') is the
    comparator's, and leaves the treatment's gain a gain."""
    assert check(graph, claim)["interpretation"]["direction"] == direction


@pytest.mark.parametrize(
    "claim",
    [
        "Regular PRP shots ease the stiffness in arthritic knees.",
        "Bone marrow concentrate gets rid of chronic knee pain.",
        "Cord blood cells cure osteoarthritis of the knee.",
        "Adipose stem cells put an end to the swelling.",
        "Stem cells alleviate arthritis symptoms for years.",
    ],
)
def test_a_symptom_or_the_disease_taken_away_is_a_benefit(graph, claim):
    """'Eases the stiffness', 'gets rid of pain', 'cures osteoarthritis': a clinic's promise
    that a symptom or the disease goes is a benefit weighed against the evidence, not a
    description with no direction. What a patient stops taking is no such claim, and a
    denied relief is no difference."""
    answer = check(graph, claim)
    assert answer["interpretation"]["direction"] == "favours-intervention"
    assert answer["evidence"]  # weighed against the findings on the treatment
    medicine = check(graph, "After PRP, patients could stop their pain medication sooner.")
    assert medicine["interpretation"]["direction"] is None
    denied = check(graph, "Bone marrow concentrate did not ease knee pain.")
    assert denied["interpretation"]["direction"] == "no-difference"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The safety of PRP injections depends on the clinic.", "not-a-claim"),
        ("The safety of PRP injections has been well established.", "checked"),
        ("Evidence on PRP injections raises no major safety concerns.", "checked"),
        ("Better treatments for knee osteoarthritis are needed.", "not-a-claim"),
        ("At our clinic, we specialise in PRP injections for knee pain.", "not-a-claim"),
        ("Effective means that PRP injections reduce knee pain for most people.", "not-a-claim"),
        ("Patients often ask whether PRP injections reduce knee pain.", "not-a-claim"),
        ("The Federal Trade Commission sued a clinic over its PRP injection claims.",
         "outside-scope"),
        ("Based on this trial, PRP holds promise for knee osteoarthritis.", "checked"),
        ("Clinics now use PRP for its healing properties in knee osteoarthritis.", "not-a-claim"),
        ("PRP injections healed knee cartilage in osteoarthritis.", "checked"),
        ("Effective and safe are words we use about PRP injections.", "not-a-claim"),
        ("Knee osteoarthritis is a leading cause of disability, and PRP is often offered.",
         "outside-scope"),
        ("PRP injections mean minimal time off work.", "not-a-claim"),
        ("PRP injections work for knee pain.", "checked"),
        ("PRP injections help tendinopathy.", "outside-scope"),
        ("PRP injections help tendinopathy and knee osteoarthritis.", "checked"),
        ("PRP therapy uses injections of healing agents to help reduce knee pain.",
         "not-a-claim"),
        ("PRP injections were shown to help reduce knee pain.", "checked"),
        ("Stem cells are used to treat knee osteoarthritis in some clinics.", "not-a-claim"),
        ("I've had no knee pain since my PRP injection.", "not-a-claim"),
        ("My knee held up ok after the PRP injection.", "not-a-claim"),
        ("I was told PRP injections reduce knee pain.", "checked"),
        ("In my experience, PRP injections reduce knee pain.", "checked"),
        ("In KL grade I knees, PRP injections reduced pain.", "checked"),
        ("Stem cells are unspecialized cells that can repair damaged tissue.", "not-a-claim"),
        ("PRP is a type of blood product that helps tissue heal.", "not-a-claim"),
        ("There are many types of PRP, but all of them reduce knee pain.", "checked"),
        ("During PRP therapy, a patient receives platelets that help heal the knee.",
         "not-a-claim"),
        ("Dr Smith explains how PRP injections can help knee pain.", "not-a-claim"),
        ("PRP injections reduce knee pain in obese patients.", "outside-scope"),
        ("The effects of PRP injections aren't felt for about 4 weeks.", "checked"),
        ("After a PRP injection the knee is sore and stiff for a few days.", "checked"),
        ("There is a recovery time after PRP injections.", "checked"),
        ("Despite this, use of PRP in knee osteoarthritis is increasing.", "not-a-claim"),
        ("The use of PRP is increasing because it relieves knee pain.", "checked"),
        ("PRP injections reduce pain in knees worn from injury, aging or obesity.", "checked"),
        ("Stem cell transplants work well in leukaemia and lymphoma.", "outside-scope"),
        ("PRP helps burns heal faster.", "outside-scope"),
        ("PRP is offered for Crohn's disease and osteoarthritis, and it relieves pain.",
         "checked"),
    ],
)  # fmt: skip
def test_what_a_sentence_is(graph, text, status):
    unit = _status(graph, text)
    if status == "not-a-claim":
        assert _judges_nothing(unit)
    else:
        assert unit["status"] == status


def test_each_sentence_of_a_quotation_is_a_unit(graph):
    text = (
        'Dr. Jones said, "PRP injections reduce knee pain. Better treatments are needed. '
        'Dr. Smith agrees." She left.'
    )
    cut = [s.text for s in sentences_of(text)]
    assert cut == [
        'Dr. Jones said, "PRP injections reduce knee pain.',
        "Better treatments are needed.",
        'Dr. Smith agrees."',
        "She left.",
    ]
    report = check_document(graph, text)
    assert [u["status"] for u in report["sentences"][:2]] == ["checked", "not-a-claim"]


def test_a_list_of_authors_names_no_study(graph):
    """Surnames in a by-line are people, not the studies the graph knows them by."""
    study = curated.studies()["lee-2019"]
    surname = study["publications"][0]["authors"][0].split()[0]
    byline = f"Minji {surname} 1, Youngeun Park 2, Seon-Heui Kim 2,"
    text = f"{byline}\n\nPain in the treated knees was reduced at six months."
    report = check_document(graph, text)
    assert report["sentences"][0]["status"] == "not-a-claim"
    assert report["sentences"][0]["reason"] == "a list of authors"
    assert _judges_nothing(report["sentences"][1])  # no subject was carried
    assert "Lee" not in (report["sentences"][1].get("why") or "")
    heading = check_document(graph, f"Bone Marrow Concentrate, PRP\n\n{text}")
    assert heading["sentences"][0]["status"] == "not-a-claim"
    assert "list of authors" not in heading["sentences"][0]["reason"]


def test_an_alternative_to_a_treatment_is_claimed_as_good_as_it(graph):
    answer = check(graph, "PRP and stem cells are viable alternatives to knee surgery.")
    reading = answer["interpretation"]
    assert reading["comparator"] == "surgery"
    assert reading["direction"] == "no-difference"
    assert sorted(reading["claim_interventions"]) == ["cell-therapy", "prp"]
    held = {
        sid for sid, s in curated.studies().items()
        if any(a["intervention"] in curated.under("surgery") for a in s.get("arms", []))
        and any(a["intervention"] in curated.under("prp") | curated.under("cell-therapy")
                for a in s.get("arms", []))
    }  # fmt: skip
    assert {e["study"] for e in answer["evidence"] if e["stance"] != "qualifies"} <= held


def test_a_wrapped_paragraph_is_read_as_one(graph):
    text = (
        "Researchers tested whether bone marrow concentrate\n"
        "reduces knee pain. The injected knees improved no more than\n"
        "the saline-injected knees.\nResults\nPain fell in both knees. There were at least\n"
        "600 clinics.\nGuidance\n1 Recommendations"
    )
    cut = [u.text for u in sentences_of(text)]
    assert cut == [
        "Researchers tested whether bone marrow concentrate reduces knee pain.",
        "The injected knees improved no more than the saline-injected knees.",
        "Results",
        "Pain fell in both knees.",
        "There were at least 600 clinics.",
        "Guidance",
        "1 Recommendations",
    ]
    headings = [u.heading for u in sentences_of(text)]
    assert headings == [False, False, True, False, False, True, True]


def test_the_disease_described_carries_no_treatment(graph):
    title = "PRP injections for knee osteoarthritis\n\n"
    text = title + "Osteoarthritis is a degenerative disease that wears away cartilage."
    report = check_document(graph, text)
    assert report["sentences"][1]["status"] == "not-a-claim"
    result = (
        "PRP injections for knee osteoarthritis\n\nCartilage was repaired after the injections."
    )
    assert check_document(graph, result)["sentences"][1]["status"] == "checked"


def test_no_difference_in_harms_bears_only_on_claims_about_harms(graph):
    """Kuah 2018 finds no serious adverse events with Progenza or placebo: that bears out
    'Progenza is safe' and says nothing on 'Progenza works'."""
    benefit = check(graph, "Progenza injections work for knee osteoarthritis.")
    safety = check(graph, "Progenza injections are safe for knee osteoarthritis.")
    harm_finding = "/study/kuah-2018/finding/safety-12m"
    assert not any(e["evidence"].endswith(harm_finding) for e in benefit["evidence"])
    assert benefit["verdict"] != "supported"
    assert any(
        e["evidence"].endswith(harm_finding) and e["stance"] == "supports"
        for e in safety["evidence"]
    )


@pytest.mark.parametrize(
    ("claim", "first", "second"),
    [
        (
            "Both adipose-derived MSCs and platelet-rich plasma improve knee function.",
            "Adipose-derived MSCs",
            "Platelet-rich plasma",
        ),
        (
            "Adipose-derived MSCs and SVF improve knee function.",
            "Adipose-derived MSCs",
            "Stromal vascular fraction",
        ),
    ],
)
def test_a_claim_about_each_is_judged_for_each(graph, claim, first, second):
    """A claim about each of two treatments is borne out only if it is for each alone, and,
    when the evidence differs between them, the answer says how each fares."""
    alone = {label: check(graph, f"{label} improve knee function.") for label in (first, second)}
    answer = check(graph, claim)
    assert answer["interpretation"]["each"] is True
    verdicts = {single["verdict"] for single in alone.values()}
    if len(verdicts - {"insufficient"}) > 1:
        for label, single in alone.items():
            assert f"{label} ({single['verdict']})" in answer["why"]
        assert answer["verdict"] == "mixed"
    elif len(verdicts) == 1:
        assert answer["verdict"] == verdicts.pop()
    if any(single["verdict"] != "supported" for single in alone.values()):
        assert answer["verdict"] != "supported"


def test_the_evidence_on_two_treatments_differs_in_the_graph(graph):
    # the precondition of the first case above, in the graph as it stands
    one = check(graph, "Adipose-derived MSCs improve knee function.")["verdict"]
    other = check(graph, "Platelet-rich plasma improve knee function.")["verdict"]
    assert one != other and "insufficient" not in (one, other)


def test_a_claim_about_each_with_one_unstudied_is_not_supported(graph):
    answer = check(graph, "Both PRP and MSC exosomes improve knee function.")
    assert check(graph, "MSC exosomes improve knee function.")["verdict"] == "insufficient"
    assert answer["verdict"] != "supported"


def test_a_pain_subscale_is_not_evidence_on_function(graph):
    """WOMAC and KOOS are composite scores of symptoms; their pain subscales say nothing of
    function."""
    answer = check(graph, "Adipose-derived MSCs improve knee function.")
    found = [e["found"] for e in answer["evidence"] if e["stance"] == "supports"]
    assert found and not any("pain" in f.lower() for f in found)


def test_a_finding_is_worded_in_its_own_orientation_when_the_claim_swaps_sides(graph):
    """Anz 2020 compared BMAC with PRP; a claim that puts PRP first is answered with what the
    trial found, BMAC first, not with the trial's words turned round."""
    answer = check(graph, "PRP is better than bone marrow concentrate.")
    anz = [e for e in answer["evidence"] if e["study"] == "anz-2020"]
    assert anz and all(
        e["found"].startswith("finds little or no difference between bone marrow aspirate")
        for e in anz
    )
    dulic = [e for e in answer["evidence"] if e["study"] == "dulic-2021"]
    assert any("bone marrow aspirate concentrate better than platelet-rich plasma"
               in e["found"] for e in dulic)  # fmt: skip
    assert all(e["stance"] == "contradicts" for e in dulic if "platelet" in e["found"])


@pytest.mark.parametrize(
    ("claim", "ranking", "among"),
    [
        ("The most effective MSCs are derived from bone marrow.", "most", "msc"),
        ("PRP is the best injection for knee osteoarthritis.", "most", None),
        (
            "The only stem cells with demonstrated efficacy are bone marrow MSCs.",
            "only",
            "cell-therapy",
        ),
        ("PRP is not the most effective injection.", None, None),
        ("There are different types of stem cells.", None, None),
        # an indirect question asks what would be best; it does not say it
        ("Doctors do not yet know which patients have the best chance with MSCs.", None, None),
        ("Trials will show whether MSCs are the most effective injection.", None, None),
    ],
)
def test_how_a_claim_ranks_a_treatment(graph, claim, ranking, among):
    reading = check(graph, claim)["interpretation"]
    assert (reading["ranking"], reading["ranked_among"]) == (ranking, among)
    assert reading["comparator"] is None


def test_the_most_effective_is_judged_on_head_to_head_evidence_only(graph):
    """Muthu 2023 finds adipose MSCs better than marrow MSCs: 'the most effective MSCs are
    from bone marrow' falls to it, however marrow MSCs fare against hyaluronic acid."""
    answer = check(graph, "The most effective MSCs are derived from bone marrow.")
    assert answer["verdict"] == "contradicted"
    studies = {e["study"] for e in answer["evidence"]}
    assert "muthu-2023" in studies
    for e in answer["evidence"]:
        assert not re.search(r"(placebo|saline|control|hyaluronic)", e["found"]), e["found"]


def test_the_only_one_that_works_falls_to_another_that_does(graph):
    plain = check(graph, "Bone marrow concentrate relieves knee pain.")
    only = check(graph, "The only treatment that relieves knee pain is bone marrow concentrate.")
    assert plain["verdict"] != "contradicted"
    assert only["verdict"] == "contradicted"
    assert "Platelet-rich plasma" in only["why"]
    deciding = [e for e in only["evidence"] if e["deciding"]]
    assert deciding and all("bone marrow aspirate" not in e["found"].split(" better")[0]
                            for e in deciding)  # fmt: skip


def test_early_research_hedges_the_claim_it_reports(graph):
    answer = check(graph, "Early studies suggest PRP reduces knee pain.")
    assert answer["interpretation"]["hedged"] == "Early studies"
    assert answer["interpretation"]["direction"] == "favours-intervention"


def test_coming_to_the_same_conclusion_compares_no_treatments(graph):
    answer = check(graph, "A later study of PRP came to the same conclusion.")
    assert answer["interpretation"]["direction"] is None


def test_a_study_the_graph_does_not_hold_is_no_ground_for_a_verdict(graph):
    """'Keeling et al.' first-authored no study of the graph: what the sentence says of that
    study cannot be judged by other studies. A reference in brackets only supports the claim,
    and the sentences after that refer back to the study ('In this review...') are about it."""
    cited = check(graph, "Recently Keeling et al. found that BMAC injections reduce knee pain.")
    assert cited["interpretation"]["unknown_studies"] == ["Keeling et al."]
    assert cited["verdict"] == "insufficient" and "Keeling et al." in cited["why"]
    assert not cited["evidence"]
    bracketed = check(graph, "BMAC injections reduce knee pain (Keeling et al. 2019).")
    assert bracketed["interpretation"]["unknown_studies"] == []
    assert bracketed["evidence"]
    known = check(graph, "Mautner et al. found that BMAC injections reduce knee pain.")
    assert known["interpretation"]["unknown_studies"] == []
    text = (
        "Keeling et al. performed a systematic review of BMAC injections for knee "
        "osteoarthritis. In this review, 8 studies and 299 knees were included. "
        "The authors found that BMAC injections reduced knee pain."
    )
    report = check_document(graph, text)
    assert [u["status"] for u in report["sentences"]] == ["checked"] * 3
    assert {u["verdict"] for u in report["sentences"]} == {"insufficient"}


def test_a_page_that_prints_a_studys_identifier_is_its_report(graph):
    """An abstract page prints its paper's DOI or PMID at the top: its Methods and Results
    speak of that trial and are judged on its record; its Background is a general claim."""
    pub = curated.studies()["dulic-2021"]["publications"][0]
    header = f"Medicina. 2021. doi: {pub['doi']}\n\nAbstract\n\n"
    body = (
        "Background: BMAC injections reduce knee pain compared with hyaluronic acid.\n"
        "Results: A total of 175 patients were randomized.\n"
        "Results: A total of 999 patients were randomized."
    )
    report = check_document(graph, header + body)
    background, size, wrong = report["sentences"][-3:]
    assert {e["study"] for e in background["evidence"]} - {"dulic-2021"}  # the whole graph
    assert size["verdict"] == "supported" and {e["study"] for e in size["evidence"]} == {
        "dulic-2021"
    }
    assert wrong["verdict"] == "contradicted"
    # without the identifier, the same numbers name no study: a study fact nothing bears on
    plain = check_document(graph, body)["sentences"][-1]
    assert plain["verdict"] == "insufficient"
    assert "dulic-2021" not in {e["study"] for e in plain["evidence"]}


@pytest.mark.parametrize(
    "claim",
    [
        "Amniotic fluid injections rebuild worn knee cartilage.",
        "Placental stem cells mend worn cartilage in the knee.",
    ],
)
def test_a_birth_tissue_product_is_not_judged_on_the_msc_trials(graph, claim):
    """Amniotic and placental products are sold as stem cells, but no study of the graph
    gave them: a claim about them is insufficient, not weighed against trials of cultured
    MSCs or bone marrow."""
    answer = check(graph, claim)
    assert [c["id"] for c in answer["interpretation"]["interventions"]] == ["birth-tissue-products"]
    assert answer["verdict"] == "insufficient"
    assert not [e for e in answer["evidence"] if e["stance"] in ("supports", "contradicts")]


@pytest.mark.parametrize(
    "text",
    ["Bone marrow cells cure knee arthritis.", "MSC shots: a miracle for worn knees, proven."],
)
def test_a_plain_overstated_promise_is_never_set_aside(graph, text):
    """The claim-likeness model scores short plain sentences low, but an overstated promise of
    what a named treatment does is what a writer most needs checked: it is checked, never
    withheld as background, and never supported by evidence that finds little or no
    difference."""
    (unit,) = check_document(graph, text)["sentences"]
    assert unit["status"] == "checked"
    assert unit["verdict"] in ("mixed", "contradicted")


def test_a_section_label_with_a_full_stop_starts_its_section(graph):
    """Some journals print 'Results.' where others print 'Results:': the label is a unit of
    its own that claims nothing, and what follows it speaks of the page's study, judged on its
    record as after 'Results:'."""
    pub = curated.studies()["dulic-2021"]["publications"][0]
    text = (
        f"Medicina. 2021. doi: {pub['doi']}\n\nAbstract\n\n"
        "Background. BMAC injections reduce knee pain compared with hyaluronic acid.\n"
        "Results. A total of 999 patients were randomized."
    )
    units = check_document(graph, text)["sentences"]
    labels = [u for u in units if u["text"].strip() in ("Background.", "Results.")]
    assert len(labels) == 2
    assert all(u["status"] == "not-a-claim" and u["reason"] == "a section's label" for u in labels)
    assert units[-1]["verdict"] == "contradicted"  # 999 against the trial's recorded size
    assert {e["study"] for e in units[-1]["evidence"]} == {"dulic-2021"}


def test_a_page_reporting_a_study_the_graph_lacks_states_facts_of_that_study(graph):
    header = "Stem Cell Res Ther. 2024. doi: 10.9999/not-in-the-graph\n\nAbstract\n\n"
    body = (
        "Results: Our analysis encompassed 31 studies of PRP injections involving 1,406 "
        "patients.\n"
        "Conclusions: PRP injections reduce knee pain compared with saline."
    )
    facts, conclusion = check_document(graph, header + body)["sentences"][-2:]
    assert facts["status"] == "checked" and facts["verdict"] == "insufficient"
    assert "10.9999/not-in-the-graph" in facts["why"]
    assert conclusion["status"] == "checked" and conclusion["evidence"]  # judged on the graph


def test_what_a_trial_report_tells_in_the_past_is_its_own_result_but_a_reviews_is_general(graph):
    """A page about one trial the graph lacks, with no sections: 'Pain improved at 12 months'
    happened in that trial (nothing in the graph bears on it). On a review's page the same
    words report the studies it pooled, and are judged on the graph's evidence."""
    header = "J Knee Surg. 2020. doi: 10.9999/not-in-the-graph\n\n"
    trial = "Fifteen patients were given one bone marrow MSC injection. Pain improved at 12 months."
    told = check_document(graph, header + trial)["sentences"][-1]
    assert told["verdict"] == "insufficient" and not told["evidence"]
    assert "10.9999/not-in-the-graph" in told["why"]
    review = (
        "A systematic literature search was conducted. Twelve studies were included. "
        "Pain improved after bone marrow MSC injections."
    )
    pooled = check_document(graph, header + review)["sentences"][-1]
    assert pooled["status"] == "checked" and pooled["evidence"]


def test_a_pronoun_with_a_plain_verdict_takes_the_treatments_before(graph):
    """'They are both good' after a sentence naming PRP and stem cells is a claim about
    each of them (borne out for one, not the other: mixed)."""
    text = (
        "Patients ask about PRP and stem cell injections for knee osteoarthritis. "
        "They are both good."
    )
    last = check_document(graph, text)["sentences"][-1]
    assert last["status"] == "checked" and last["verdict"] == "mixed"
    assert "carried from" in last["why"]


def test_a_list_item_is_read_with_the_sentence_it_completes(graph):
    text = (
        "Stem cell therapy for knee osteoarthritis aims to:\n"
        "• reduce pain and inflammation\n"
        "Several studies show stem cell injections improve knee pain. "
        "More research is needed to discover:\n"
        "• the correct dosage of stem cell injections\n"
        "The clinic's ads included:\n"
        "• Stem cell injections eliminate knee pain\n"
    )
    units = {u["text"]: u for u in check_document(graph, text)["sentences"]}
    assert units["reduce pain and inflammation"]["status"] == "not-a-claim"  # an aim
    dosage = units["the correct dosage of stem cell injections"]
    assert dosage["status"] == "checked" and dosage["verdict"] == "supported"  # evidence weak
    assert units["Stem cell injections eliminate knee pain"]["status"] == "checked"  # its own


def test_a_numbered_item_is_one_unit_read_with_the_means_its_lead_in_names(graph):
    """'1. secreting proteins ...' is a list item whose number is no unit of its own (pySBD
    alone cuts '1.' off as a sentence); after 'X works by:' the item says how X works, and
    what it says X does is checked of X."""
    text = (
        "Stem cell injections work in the knee by:\n\n"
        "  1. turning into new cartilage cells\n"
        "  2. releasing proteins that ease knee pain\n\n"
        "Ask your doctor."
    )
    spans = sentences_of(text)
    assert [s.text for s in spans][1:3] == [
        "turning into new cartilage cells",
        "releasing proteins that ease knee pain",
    ]
    assert all(s.item for s in spans[1:3])
    assert not any(s.text.strip() in {"1.", "2."} for s in spans)
    cartilage = check_document(graph, text)["sentences"][1]
    assert cartilage["status"] == "checked" and cartilage["verdict"] in ("mixed", "contradicted")


def test_a_trial_described_without_its_name_is_found_by_size_and_arms(graph):
    """RESTORE's abstract says 'In this randomized clinical trial that included 288 adults,
    treatment with PRP vs placebo...' without naming it: 288 is the recorded size of
    bennell-2021, whose arms are PRP and saline (placebo). What the page then states of the
    trial is judged on that record."""
    text = (
        "In this randomized clinical trial that included 288 adults with knee osteoarthritis, "
        "PRP vs placebo injections were given.\n"
        "Results: Pain improved by -2.1 vs -1.8 points in the two groups."
    )
    first, second = check_document(graph, text)["sentences"]
    assert first["status"] == "checked" and first["verdict"] == "supported"
    assert {e["study"] for e in first["evidence"]} == {"bennell-2021"}
    assert {e["study"] for e in second["evidence"]} <= {"bennell-2021"}
    other = "In this trial that included 288 adults, stem cells vs hyaluronic acid were given."
    unmatched = check_document(graph, other)["sentences"][-1]
    assert unmatched["verdict"] == "insufficient" and not unmatched["evidence"]
    assert "the graph's trial of that size is bennell-2021 (prp), not of" in unmatched["why"]


# ------------------------------------------------------------------ evidence by hierarchy


def _item(answer: dict, study: str) -> list[dict]:
    return [e for e in answer["evidence"] if e["study"] == study]


def test_pooled_before_after_changes_are_no_comparison(graph):
    """A synthesis finding with no comparator pools changes from baseline (Lee 2024 on SVF):
    it qualifies a claim of effect, never supports it."""
    pooled = [
        (sid, f["id"])
        for sid, s in curated.studies().items()
        if s["design"] in curated.under("evidence-synthesis")
        for f in s.get("findings", [])
        if not f.get("comparator") and f.get("intervention") == "svf" and f["outcome"] == "function"
    ]
    assert pooled  # Lee 2024
    answer = check(graph, "Stromal vascular fraction improves knee function.")
    for sid, _ in pooled:
        items = _item(answer, sid)
        assert items and all(e["stance"] == "qualifies" for e in items)
        assert all("within one group" in e["reason"] for e in items)


def test_graded_evidence_on_the_class_bears_on_a_member_one_level_lower(graph):
    answer = check(graph, "Adipose-derived MSCs improve knee pain compared with placebo.")
    (graded,) = [e for e in _item(answer, "sadeghirad-2024") if e["stance"] != "qualifies"][:1]
    assert graded["level"] == "grade-low"  # moderate, lowered for indirectness
    assert graded["tier"] == 4 and "indirect" in graded["reason"]
    assert answer["verdict"] != "supported"
    # low-certainty class evidence would be very low for a member: it does not bear
    bmac = check(graph, "Bone marrow concentrate relieves knee pain better than placebo.")
    assert all(e["stance"] == "qualifies" for e in _item(bmac, "whittle-2025"))


def test_a_finding_with_no_time_does_not_bear_on_years_of_benefit(graph):
    answer = check(graph, "Umbilical cord MSCs kept pain scores improved for seven years.")
    bearing = [e for e in answer["evidence"] if e["stance"] != "qualifies"]
    assert all(e.get("found") and "months" in e["found"] for e in bearing)
    assert answer["verdict"] in ("insufficient", "contradicted")


def test_a_quoted_effect_names_its_source(graph):
    quoted = [
        (sid, r["value"])
        for sid, s in curated.studies().items()
        for r in s.get("results", [])
        if r.get("value") is not None and abs(r["value"]) == 20.93
    ]
    assert len({sid for sid, _ in quoted}) == 1
    answer = check(graph, "AD-MSCs beat placebo on VAS at 12 mo (WMD -20.93).")
    assert answer["interpretation"]["studies"] == [quoted[0][0]]
    assert answer["verdict"] == "supported"
    vague = check(graph, "AD-MSCs beat placebo on VAS (SMD 0.5).")  # too common a value
    assert vague["interpretation"]["studies"] == []


def test_a_trial_described_by_its_size_is_that_trial(graph):
    sizes = {sid: s.get("sample_size") for sid, s in curated.studies().items()}
    (restore,) = [sid for sid, n in sizes.items() if n == 288]
    answer = check(graph, "In a trial of 288 adults, PRP was no better than saline for knee pain.")
    assert answer["interpretation"]["studies"] == [restore]
    (phase3,) = [sid for sid, n in sizes.items() if n == 261]
    cord = check(
        graph,
        "Allogeneic umbilical cord MSCs relieved pain better than placebo in a 261-patient "
        "phase III trial.",
    )
    assert cord["verdict"] == "insufficient" and phase3 in cord["why"]


def test_a_page_that_quotes_a_papers_title_reports_that_study(graph):
    study = curated.studies()["freitag-2019"]
    title = study["publications"][0]["title"]
    text = (
        f'Stem cells for knee arthritis\nThe year-long study titled "{title}" was published.\n'
        "Trial subjects experienced a decrease in pain with stem cell therapy."
    )
    report = check_document(graph, text)
    last = report["sentences"][-1]
    assert last["status"] == "checked"
    assert {e["study"] for e in last["evidence"]} == {"freitag-2019"}


def test_a_page_that_ends_with_a_reference_to_an_unheld_study_reports_it(graph):
    text = (
        "Stem cell injection shown to be safe\n"
        "All patients improved and no patients had serious adverse events after the injection.\n"
        "Reference: Zzyzx R, et al: Final results of a phase I-II trial of stem cells."
    )
    report = check_document(graph, text)
    said = report["sentences"][1]
    assert said["status"] == "checked" and said["verdict"] == "insufficient"
    assert "Zzyzx et al." in said["why"]


def test_both_late_in_a_sentence_still_speaks_of_each(graph):
    text = (
        "Adipose MSCs offer faster pain relief, with both adipose MSCs and SVF showing lasting "
        "benefits in function."
    )
    answer = check(graph, text)
    assert answer["interpretation"]["each"] is True
    alone = check(graph, "Adipose MSCs show lasting benefits in function.")["verdict"]
    if alone != "supported":
        assert answer["verdict"] != "supported"


def test_benefits_outweighing_harms_is_judged_on_the_benefit(graph):
    net = check(graph, "The benefits of BM-MSC injections outweigh the adverse effects.")
    harms = check(graph, "BM-MSC injections cause no more adverse effects than control.")
    assert not any(
        o["id"] in curated.under("adverse-events") for o in net["interpretation"]["outcomes"]
    )
    # the harms claim rests on safety evidence; the net-benefit claim on the benefit evidence
    assert {e["study"] for e in net["evidence"] if e["stance"] != "qualifies"} != {
        e["study"] for e in harms["evidence"] if e["stance"] != "qualifies"
    }
    assert net["verdict"] != "supported"


@pytest.mark.parametrize(
    "text",
    [
        "Stem cell therapy for knees\nhow it works\nStem cells are injected into the knee.",
        "Stem cells for knee arthritis\nOA causes damage to the cartilage and leads to increased "
        "friction, resulting in pain and stiffness.",
        "Stem cells for knee arthritis\nThe hope is that if we inject stem cells into the right "
        "area, we can cause regrowth of damaged tissue.",
        "Stem cells for knee arthritis\nStem cell therapy may be used in an attempt to encourage "
        "regeneration of the cartilage.",
        "Stem cells for knee arthritis\nUnlike skin, cartilage has no blood supply, so it heals "
        "poorly and pain follows.",
    ],
)
def test_headings_the_disease_and_hopes_get_no_committed_verdict(graph, text):
    """The model may still check such a unit (it reads somewhat like a claim), and then the
    graph bears on nothing in it: insufficient, never supported, mixed or contradicted."""
    units = check_document(graph, text)["sentences"]
    assert units[1].get("verdict") in (None, "insufficient"), units[1]


def test_what_should_happen_in_theory_is_no_finding(graph):
    plain = check(graph, "Stem cell injections reduce the risk of serious side effects.")
    theory = check(
        graph, "In theory, stem cell injections reduce the risk of serious side effects."
    )
    assert plain["verdict"] != "insufficient"
    assert theory["verdict"] == "insufficient" and "in theory" in theory["why"]


def test_what_the_follow_up_of_an_unheld_study_showed_is_its_own_result(graph):
    text = (
        "Stem cell injection shown to be safe\n"
        "Long-term follow-up at 4 years showed even more improvement in pain.\n"
        "Reference: Zzyzx R, et al: Final results of a phase I-II trial of stem cells."
    )
    said = check_document(graph, text)["sentences"][1]
    assert said["verdict"] == "insufficient" and "Zzyzx et al." in said["why"]


def test_a_business_announcement_is_not_a_claim_but_announced_results_are(graph):
    launch = (
        "Acme Limited, in partnership with Example Research, today announced a major foray into "
        "orthobiologic medicine with the launch of an MSC therapy for knee osteoarthritis."
    )
    (unit,) = check_document(graph, launch)["sentences"]
    assert (unit["status"], unit["reason"]) == ("not-a-claim", "a business announcement")
    results = "Acme announced that its MSC therapy reduced knee pain more than placebo."
    (unit,) = check_document(graph, results)["sentences"]
    assert unit["status"] == "checked"


# ------------------------------------------------------------------ harms, hedges, run-in headings


def test_safe_is_a_claim_of_no_serious_harm(graph):
    """More minor events of any kind (Sadeghirad 2024, low certainty) qualify "safe" but do
    not deny it; a claim that admits no exception is denied by them."""
    safe = check(graph, "Stem cell injections for knee osteoarthritis are safe.")
    assert safe["interpretation"]["harm"] == "no-serious-harm"
    assert safe["verdict"] == "supported"
    any_events = [e for e in safe["evidence"] if e["study"] == "sadeghirad-2024"]
    assert any_events and all(e["stance"] == "qualifies" for e in any_events)
    assert any("serious harm" in e["reason"] for e in any_events)
    absolute = check(
        graph, "Stem cell injections for the knee are completely safe, with no side effects."
    )
    assert absolute["verdict"] == "contradicted"


@pytest.mark.parametrize(
    "claim",
    [
        "Side effects of stem cell injections for knee arthritis are minimal.",
        "Stem cell injections for the knee are a low-risk option.",
    ],
)
def test_low_harm_wording_is_a_safety_claim(graph, claim):
    answer = check(graph, claim)
    assert answer["interpretation"]["harm"] == "no-serious-harm"
    assert answer["interpretation"]["direction"] == "favours-intervention"
    assert answer["verdict"] == "supported"


def test_passing_soreness_after_the_injection_is_judged_on_harms_not_on_pain(graph):
    answer = check(
        graph,
        "After a stem cell injection, some people may experience temporary increased pain "
        "and swelling.",
    )
    assert answer["interpretation"]["harm"] == "minor-harms-occur"
    assert [o["id"] for o in answer["interpretation"]["outcomes"]] == ["adverse-events"]
    assert answer["verdict"] == "supported"
    deciding = [e for e in answer["evidence"] if e["deciding"]]
    assert deciding and all(e["stance"] == "supports" for e in deciding)
    relief = check(graph, "Stem cell injections relieve pain and swelling for weeks.")
    assert relief["interpretation"]["harm"] is None


def test_a_verdict_on_safety_is_a_claim_of_few_harms_not_of_a_benefit(graph):
    """ "Safety was confirmed" reads as a claim (a verdict on safety), of no serious harm: it
    is not read as a benefit too, so no finding on pain or function is weighed against it."""
    answer = check(
        graph, "With MSC injections, safety was confirmed: no severe adverse events were seen."
    )
    assert answer["interpretation"]["harm"] == "no-serious-harm"
    assert answer["interpretation"]["benefit_too"] is False
    assert answer["evidence"] and all(e["on"] == "harms" for e in answer["evidence"])
    assert answer["verdict"] == "supported"


def test_two_kinds_of_the_treatment_compared_qualify_a_claim_about_the_treatment(graph):
    """Muthu 2023 finds adipose-derived MSCs better than marrow-derived ones on adverse events:
    that bears out "adipose MSCs are safer than marrow MSCs", but says nothing of whether MSCs
    are safe, which it only qualifies."""
    safe = check(graph, "MSCs are safe.")
    muthu = [e for e in safe["evidence"] if e["study"] == "muthu-2023"]
    assert muthu and all(e["stance"] == "qualifies" and not e["deciding"] for e in muthu)
    assert all("two kinds of msc" in e["reason"] for e in muthu)
    sources = check(graph, "Adipose-derived MSCs are safer than bone marrow MSCs.")
    assert sources["verdict"] == "supported"
    assert any(e["study"] == "muthu-2023" and e["deciding"] for e in sources["evidence"])


def test_safe_and_effective_is_judged_on_the_benefit_too(graph):
    both = check(graph, "Stem cell injections for knee OA are well tolerated, effective and safe.")
    assert both["interpretation"]["benefit_too"] is True
    assert both["verdict"] in ("mixed", "contradicted")
    assert (
        check(graph, "Stem cell injections are safe to use.")["interpretation"]["benefit_too"]
        is False
    )


def test_several_studies_found_it_holds_when_some_did(graph):
    """Sadeghirad 2024 finds little or no difference; other meta-analyses found benefit."""
    plain = check(graph, "Stem cell therapy improves arthritis symptoms of the knee.")
    several = check(
        graph,
        "Several studies have concluded that stem cell therapy improves arthritis symptoms of "
        "the knee.",
    )
    # (named against nothing, the plain claim is partly borne out by comparisons with other
    # treatments: test_a_general_claim_of_benefit_is_mixed_when_the_best_evidence_denies_only_part)
    assert plain["verdict"] == "mixed" and "(though " in plain["why"]
    assert several["verdict"] == "mixed"
    assert "hedged ('several studies')" in several["why"]


def test_a_heading_run_into_its_paragraph_is_a_unit_of_its_own(graph):
    text = (
        "Stem cells for knees\n\nSide effects and risks Stem cell treatment for knees is "
        "noninvasive, and side effects are minimal. Patients at Mayo Clinic got stem cells."
    )
    spans = sentences_of(text)
    assert [s.text for s in spans][1:3] == [
        "Side effects and risks",
        "Stem cell treatment for knees is noninvasive, and side effects are minimal.",
    ]
    assert spans[1].heading and not spans[2].heading
    assert spans[3].text == "Patients at Mayo Clinic got stem cells."  # a name: no heading
    report = check_document(graph, text)
    assert report["sentences"][1]["status"] == "not-a-claim"
    assert report["sentences"][2]["verdict"] == "supported"


def test_the_state_of_the_evidence_of_efficacy_or_even_safety_is_about_benefit(graph):
    answer = check(
        graph,
        "There's not much reliable research to back the efficacy, or even safety, of stem "
        "cell therapy.",
    )
    assert answer["verdict"] == "supported"  # Sadeghirad 2024: little or no difference
    assert "no comparative evidence" not in answer["why"]


def test_yet_to_be_made_clear_says_the_evidence_is_weak(graph):
    answer = check(graph, "How well MSC injections work for knee OA has yet to be made clear.")
    assert answer["verdict"] == "supported"
    assert "the best evidence is weak" in answer["why"]


def test_the_state_of_the_evidence_on_these_therapies_is_not_about_the_study_before(graph):
    text = (
        "Shapiro 2017 injected bone marrow concentrate into one knee and saline into the other.\n"
        "So many of these therapies are going on without the science to back them up."
    )
    state = check_document(graph, text)["sentences"][1]
    assert state["status"] == "checked"
    assert state["verdict"] in ("mixed", "supported")
    assert "shapiro-2017" not in json.dumps(state["why"])
    assert "Saline" not in state["why"]  # the control is not what the sentences after mean


def test_a_sentence_repeating_what_a_named_study_reported_is_borne_out_as_its_report(graph):
    """Kuah 2018 reported a change within one group; the graph quotes the sentence."""
    answer = check(
        graph,
        "In Kuah 2018, there was a statistically significant within group improvement in VAS "
        "pain scores from baseline at all timepoints for the PRG combined group.",
    )
    assert answer["verdict"] == "supported"
    report = [e for e in answer["evidence"] if e["kind"] == "report"]
    assert report and report[0]["deciding"] and report[0]["study"] == "kuah-2018"
    assert "within one group" in answer["why"]
    # a changed word is no repeat
    denied = check(graph, "In Kuah 2018 there were serious AEs and withdrawals due to AEs.")
    assert not [e for e in denied["evidence"] if e["kind"] == "report"]


def test_a_repeat_may_run_across_the_statements_own_sentence_breaks(graph):
    """A page prints as one sentence what the graph's statement splits at a semicolon or a
    stray full stop (group means and a P value in brackets): repeated whole, it is still the
    study's report."""
    (statement,) = [
        r["statement"]
        for r in curated.studies()["baria-2024"]["results"]
        if r["id"] == "koos-pain-12m"
    ]
    assert ";" in statement
    answer = check(graph, f"In Baria 2024, {statement[0].lower()}{statement[1:]}")
    report = [e for e in answer["evidence"] if e["kind"] == "report"]
    assert report and report[0]["study"] == "baria-2024"


def test_words_the_notes_quote_from_a_report_bear_out_a_sentence_repeating_them(graph):
    """The Arthroscopy 2021 network meta-analysis: its notes quote the 6-month rankings the
    abstract gives (not recorded as results). On the abstract's page (its PMID at the top) a
    sentence repeating a quoted one is its report; the curator's own prose in the notes, outside
    the quotes, is never taken for the source's words."""
    import re

    sid = "arthroscopy-2021-prp-msc-nma"
    notes = [s for s in graph.reported_statements[sid] if s.kind == "note"]
    assert notes and all(s.comparative is None for s in notes)
    record = graph.study(sid)
    (row,) = [
        r for r in graph.rows("study-statements") if r["studyId"] == sid and r["kind"] == "note"
    ]
    prose = re.sub(r'"[^"]*"', " ", row["statement"])
    assert "six databases searched" in prose  # the curator's summary of the methods ...
    assert all(s.statement not in prose for s in notes)  # ... is no quote of the source
    ranking = next(s for s in notes if "SUCRA" in s.statement)
    quoted = ranking.statement.split(". ")[0] + "."
    (unit,) = [
        u
        for u in check_document(graph, f"PMID: 33713757\n\n{quoted}")["sentences"]
        if u["text"] == quoted
    ]
    assert (unit["status"], unit["verdict"]) == ("checked", "supported")
    assert record.named in unit["why"] and "notes" in unit["why"]
    assert "within one group" not in unit["why"]
    # its numbers changed, the sentence no longer repeats it
    changed = quoted.replace("96.7", "66.7")
    (other,) = [
        u
        for u in check_document(graph, f"PMID: 33713757\n\n{changed}")["sentences"]
        if u["text"] == changed
    ]
    assert other["verdict"] != "supported" or "notes" not in other["why"]


def test_a_trials_report_speaks_of_that_trial_and_its_methods_are_checked_on_its_record(graph):
    """Kuah 2018's abstract: its Methods say how the trial was done, facts its record bears
    out (one injection, 12 months of follow-up); a Methods sentence with a number the record
    denies is contradicted; its Results speak of that trial."""
    text = (
        "doi: 10.1186/s12967-018-1420-z\n"
        "Methods: We conducted a randomized, double-blind, placebo-controlled study.\n"
        "Each patient received a single intra-articular injection and was followed-up for 12 "
        "months.\n"
        "A total of 37 patients were randomised.\n"
        "Cartilage was evaluated using magnetic resonance imaging.\n"
        "Results: The study population comprised 20 patients.\n"
        "There were no serious AEs or withdrawals due to AEs during the study."
    )
    units = check_document(graph, text)["sentences"]
    design = next(u for u in units if u["text"].startswith("Each patient"))
    assert (design["status"], design["verdict"]) == ("checked", "supported")
    assert "Kuah 2018" in design["why"] and "follow-up" in design["why"]
    wrong = next(u for u in units if u["text"].startswith("A total of 37"))
    assert (wrong["status"], wrong["verdict"]) == ("checked", "contradicted")
    # what it measured is a fact of the trial too, which its results on cartilage bear out
    measured = next(u for u in units if u["text"].startswith("Cartilage was evaluated"))
    assert (measured["status"], measured["verdict"]) == ("checked", "supported")
    assert "records results on" in measured["why"]
    harms = units[-1]
    assert harms["status"] == "checked" and harms["verdict"] == "supported"
    assert "kuah-2018" in json.dumps(harms["evidence"])


def test_every_quoted_sentence_repeats_itself_and_never_its_negation(graph):
    """On every sentence the graph quotes: repeated whole it is found; with its negation
    dropped, or one added, it is not."""
    from kg.reported_statements import repeated

    negatable = 0
    for study, quoted in graph.reported_statements.items():
        for item in quoted:
            assert repeated(item.words, quoted) is not None, (study, item.id)
            words = item.words.split()
            if "no" in words:
                negatable += 1
                dropped = " ".join(w for w in words if w != "no")
                assert all(s.words != dropped for s in quoted)  # not itself quoted
                assert repeated(dropped, (item,)) is None, (study, item.id)
            assert repeated("no " + item.words, (item,)) is None, (study, item.id)
    assert negatable >= 10


def test_a_chondrocyte_gene_therapy_is_no_evidence_on_stem_cells(graph):
    """TissueGene-C (Kim 2018, the 2015 phase II trial) beat placebo; it is allogeneic
    chondrocytes, not a stem cell preparation, so a claim about stem cells never meets it."""
    tg_c = {"kim-2018", "osteoarthritis-cartilage-2015-tg-c"}
    about_stem_cells = check(
        graph, "Stem cell injections improve knee function compared with placebo."
    )
    assert not tg_c & {e["study"] for e in about_stem_cells["evidence"]}
    about_tg_c = check(graph, "TissueGene-C improves IKDC scores compared with placebo.")
    assert tg_c & {e["study"] for e in about_tg_c["evidence"] if e["stance"] == "supports"}


def test_a_grade_rating_without_a_level_is_not_the_graded_tier(graph):
    """Wiggers 2021 rates its certainty 'low to very low': no one GRADE level."""
    from kg.evidence_weight import Tier, tier

    rated = [r for r in graph.evidence_rows if r["certainty"] == "grade-rated"]
    assert {r["studyId"] for r in rated} >= {"wiggers-2021"}
    assert all(tier(r["designId"], r["certainty"]) == Tier.SYNTHESIS for r in rated)
    graded = [r for r in graph.evidence_rows if r["studyId"] == "sadeghirad-2024"]
    assert any(tier(r["designId"], r["certainty"]) == Tier.GRADED_SYNTHESIS for r in graded)


def test_a_product_name_with_a_phase_is_the_trial_of_that_phase(graph):
    """Stempeucel names a phase II trial (Gupta 2016) and a registered phase III trial."""
    answer = check(graph, "The phase 3 Stempeucel trial enrolled 146 patients.")
    assert answer["interpretation"]["studies"] == ["ctri-2018-09-015785"]
    assert answer["verdict"] == "supported"


def test_a_finding_told_of_a_study_whose_size_alone_agrees_is_insufficient(graph):
    answer = check(
        graph,
        "The randomized, double-blind, controlled phase 3 Stempeucel study in 146 patients "
        "showed that a single injection improved pain.",
    )
    assert answer["verdict"] == "insufficient"
    assert "agree with the record of Stempeucel 2018" in answer["why"]
    fact = check(graph, "The phase 3 Stempeucel trial enrolled 146 patients.")
    assert fact["verdict"] == "supported"  # a fact, with no finding stated


def test_what_a_reviews_page_says_of_the_evidence_is_judged_on_all_of_it(graph):
    """Agarwal 2021's page (PMC8228374) says its studies 'established' efficacy; the graded
    evidence (Sadeghirad 2024, moderate certainty) does not bear that out."""
    text = (
        "PMCID: PMC8228374\n"
        "Conclusions: The studies in this meta-analysis have established the safety and "
        "efficacy of adipose-derived MSC therapy."
    )
    unit = check_document(graph, text)["sentences"][-1]
    assert unit["status"] == "checked"
    assert unit["verdict"] in ("contradicted", "mixed")
    assert "the best evidence is" in unit["why"]


@pytest.mark.parametrize(
    "text",
    [
        "In a fetus, stem cells divide to form more cells called daughter cells.",
        "Throughout our lives, stem cells work as the body's primary means of repairing damage.",
    ],
)
def test_what_stem_cells_do_in_the_body_is_outside_the_graph(graph, text):
    (unit,) = check_document(graph, text)["sentences"]
    assert unit["status"] == "outside-scope"
    assert "stem cells are and do in the body" in unit["reason"]


def test_cell_biology_beside_patients_with_knee_oa_is_background(graph):
    text = (
        "Because of their unique properties, stem cells injected into patients with knee "
        "osteoarthritis reduce pain."
    )
    (unit,) = check_document(graph, text)["sentences"]
    assert unit["status"] == "checked"


@pytest.mark.parametrize(
    "text",
    [
        "Stem cell therapy is a possible treatment for cartilage regeneration in the knees and "
        "hip.",
        "Animal and human studies have suggested a safe response to stem cell treatment of knee "
        "arthritis.",
    ],
)
def test_the_knee_beside_another_joint_and_people_beside_animals_are_in_scope(graph, text):
    (unit,) = check_document(graph, text)["sentences"]
    assert unit["status"] == "checked"
    hip_alone = check_document(graph, "Stem cell therapy regenerates cartilage in the hip.")
    assert hip_alone["sentences"][0]["status"] == "outside-scope"


def test_a_test_that_found_nothing_is_no_difference_unless_the_sentence_says_more(graph):
    assert (
        check(graph, "For PRP against saline, neither comparison was statistically significant.")[
            "interpretation"
        ]["direction"]
        == "no-difference"
    )
    both = check(
        graph,
        "BMAC reduced pain more than hyaluronic acid, but the KOOS advantage was not "
        "statistically significant.",
    )
    assert both["interpretation"]["direction"] == "favours-intervention"


@pytest.mark.parametrize(
    "claim",
    [
        "After MSC injections, an average pain improvement of 69% at 12 months was recorded.",
        "Considerable improvement in pain was observed after MSC injections for knee OA.",
    ],
)
def test_a_change_seen_in_treated_patients_is_not_denied_by_a_comparison(graph, claim):
    """Sadeghirad 2024 finds little or no difference against placebo: both groups improve,
    which says nothing against treated patients having improved."""
    answer = check(graph, claim)
    assert answer["interpretation"]["observed_change"] is True
    assert answer["verdict"] != "contradicted"
    compared = check(graph, "MSC injections reduce knee pain compared with placebo.")
    assert compared["interpretation"]["observed_change"] is False
    assert compared["verdict"] == "contradicted"


def test_a_section_label_on_its_own_line_and_the_tense_of_a_conclusion(graph):
    """RESTORE's page (PMC8611484): 'Conclusions and Relevance' on a line of its own starts
    the section; what the trial found, told in the past, is judged on its record; a general
    conclusion in the present is judged on all the evidence."""
    text = (
        "PMCID: PMC8611484\n"
        "Conclusions and Relevance\n"
        "Among adults with knee osteoarthritis, treatment with PRP vs saline injection did not "
        "significantly improve knee pain.\n"
        "PRP injections offer a promising alternative for knee pain."
    )
    units = check_document(graph, text)["sentences"]
    told, general = units[-2], units[-1]
    assert told["status"] == "checked" and told["verdict"] == "supported"
    assert {e["study"] for e in told["evidence"]} == {"bennell-2021"}
    assert general["status"] == "checked"
    assert {e["study"] for e in general["evidence"]} - {"bennell-2021"}


def test_can_states_a_capability_that_some_evidence_bears_out(graph):
    """'can' hedges like 'may': Sadeghirad 2024 finds little or no difference, other
    meta-analyses a benefit, so 'can reduce' is mixed where 'reduces' is contradicted."""
    plain = check(graph, "MSC injections reduce knee pain compared with placebo.")
    can = check(graph, "MSC injections can reduce knee pain compared with placebo.")
    assert plain["verdict"] == "contradicted"
    assert can["interpretation"]["hedged"] == "can"
    assert can["verdict"] == "mixed"
    cannot = check(graph, "MSC injections cannot reduce knee pain compared with placebo.")
    assert cannot["interpretation"]["hedged"] is None


def test_an_imperative_word_used_as_a_noun_starts_a_claim(graph):
    (unit,) = check_document(
        graph, "Use of MSCs for knee osteoarthritis is an active area of research."
    )["sentences"]
    # (research under way, which the graph does not record: checked, and no verdict)
    assert unit["status"] == "checked" and unit["verdict"] == "insufficient"
    (call,) = check_document(graph, "Use our form to book a consultation.")["sentences"]
    assert call["status"] == "not-a-claim"


def test_control_as_a_verb_is_no_comparator(graph):
    """'improve joint structure and control pain' (of TissueGene-C, carried from the sentence
    before): 'control' is what the therapy does to pain, not a control group, so the subject is
    carried and the product's trials bear on it."""
    text = (
        "TissueGene-C is a new injection for knee osteoarthritis. "
        "This therapy can fundamentally improve joint structure and control pain."
    )
    unit = check_document(graph, text)["sentences"][-1]
    assert unit["status"] == "checked" and unit["evidence"]
    assert {"kim-2018", "osteoarthritis-cartilage-2015-tg-c"} & {
        e["study"] for e in unit["evidence"]
    }
    answer = check(graph, "MSC injections were better than control for pain.")
    assert (
        "control" in answer["interpretation"]["comparators"]
        or answer["interpretation"]["comparator"] == "control"
    )


def test_a_news_pages_published_study_is_the_subject_of_what_it_tells_in_the_past(graph):
    """A study a news page describes by where it was published, which the graph does not hold
    as described: what it then tells in the past ('The stem cell therapy repaired a greater
    surface area') is that study's result, not the graph's to judge."""
    text = (
        "The one-year study, published last April in Knee Surgery, Sports Traumatology, "
        "Arthroscopy, tracked 25 patients with severe cartilage damage. "
        "The stem cell therapy repaired a greater surface area than microdrilling."
    )
    told = check_document(graph, text)["sentences"][-1]
    assert told["verdict"] == "insufficient" and not told["evidence"]
    assert "published last April in Knee Surgery" in told["why"]
    # without the page's study, the same sentence is judged on the graph's evidence
    alone = check_document(graph, "The stem cell therapy repaired a greater surface area.")
    assert alone["sentences"][-1]["evidence"]


def test_a_study_a_page_introduces_as_news_is_the_subject_of_its_report(graph):
    """A study a page introduces by a date or a reference number ("A June 2024 study (3)"),
    which names nothing the graph knows: that sentence and what the page then tells of the
    study's patients and results are about it, and insufficient; a sentence that names a study
    of the graph moves the page on."""
    text = (
        "Recent research\n"
        "A June 2024 study (3) followed adults with knee arthritis after stem cell injections.\n"
        "Forty patients were enrolled and received a single injection.\n"
        "Results: pain scores improved in both groups at six months.\n"
        "In the RESTORE trial, PRP was no better than saline injections for knee pain."
    )
    units = check_document(graph, text)["sentences"]
    introduced, enrolled, results, restore = units[1], units[2], units[3], units[4]
    for unit in (introduced, enrolled, results):
        assert unit["status"] == "checked" and unit["verdict"] == "insufficient", unit
        assert "A June 2024 study" in unit["why"]
    assert restore["verdict"] == "supported" and "June 2024" not in restore["why"]
    # a bare year is no mark of news: the graph may hold "a 2024 meta-analysis"
    plain = check_document(graph, "A 2024 meta-analysis found that MSCs relieve knee pain.")
    assert "introduces" not in plain["sentences"][0].get("why", "")


def test_news_of_a_study_the_graph_holds_is_news_of_that_study(graph):
    """A page that tells of a new study and gives its size and treatment is about the one
    study of the graph that matches (Barfod 2025: 120 patients, micro-fragmented fat against
    saline); what it asked is no finding. Another size, told of a study the page never names,
    is shown against the record but denies nothing: it may be another study's."""
    text = (
        "A new study has examined whether an injection of the body's own fat eases knee pain.\n"
        "The study consisted of 120 patients with knee osteoarthritis, given fat tissue or "
        "saline.\n"
        "The study consisted of 130 patients with knee osteoarthritis."
    )
    asked, size, wrong = check_document(graph, text)["sentences"]
    assert asked["status"] == "not-a-claim"
    assert size["verdict"] == "supported" and "Barfod 2025" in size["why"]
    assert wrong["verdict"] == "insufficient" and "Barfod 2025" in wrong["why"]
    assert "records 120" in wrong["why"] and "another study's" in wrong["why"]
    # a study of that size in the graph, but of another year, is not the one introduced
    # (Kaszynski 2022 had 40 patients)
    other = check_document(graph, "A June 2024 study followed 40 patients given stem cells.")
    assert other["sentences"][0]["verdict"] == "insufficient"
    assert "kaszynski-2022" not in other["sentences"][0]["why"]


def test_an_abstracts_glued_labels_and_a_synthesis_named_by_its_pooled_size(graph):
    """A page that lost its markup glues the labels to the sentences ('ResultsWe included 16
    trials (807 participants).'): the label is cut off and opens the section, and a synthesis
    (no arms) is named by the pooled size it states: Sadeghirad 2024 pooled 807."""
    text = (
        "ObjectiveTo assess the effectiveness of MSCs for chronic knee pain.\n"
        "ResultsWe included 16 trials (807 participants)."
    )
    units = check_document(graph, text)["sentences"]
    assert [u["text"] for u in units][:3] == [
        "Objective",
        "To assess the effectiveness of MSCs for chronic knee pain.",
        "Results",
    ]
    size = units[-1]
    assert size["verdict"] == "supported"
    assert {e["study"] for e in size["evidence"]} == {"sadeghirad-2024"}


def test_an_abstract_pasted_bare_is_the_report_of_the_study_whose_words_it_repeats(graph):
    """A review's abstract pasted with no title, label or identifier: two of its sentences
    repeat the words the graph's record quotes from Shoukrie 2022, so the page is that
    review's report, and its methods are facts of that review (read against its record), not
    claims about MSCs at large. One repeated sentence alone does not identify the page."""
    import yaml

    record = yaml.safe_load((GRAPH / "studies" / "shoukrie-2022.yaml").read_text())
    extracted = record["included_count"]["statement"]
    conclusion = record["findings"][0]["statement"]
    six_rcts = re.search(r'"(A total of six randomized[^"]+?\.) ', record["notes"])[1]

    page = {
        u["text"]: u
        for u in check_document(graph, f"Abstract\n{extracted} {six_rcts} {conclusion}")[
            "sentences"
        ]
    }
    assert page[extracted]["verdict"] == "supported"
    assert {e["study"] for e in page[extracted]["evidence"] if e["deciding"]} == {"shoukrie-2022"}
    # "six RCTs" of the ten studies: the review's own words, not a count the record denies
    assert page[six_rcts]["verdict"] == "supported", page[six_rcts]["why"]

    alone = {u["text"]: u for u in check_document(graph, f"Abstract\n{extracted}")["sentences"]}
    assert alone[extracted]["verdict"] != "supported"


def test_a_structured_abstract_without_identifiers_reports_the_study_it_describes(graph):
    """An abstract pasted without its DOI or PMID still reports a study: its Methods sentences
    are facts of that study, read against the record of the one study its counts describe
    (807 pooled participants: Sadeghirad 2024), not claims about MSCs at large; with counts
    that describe no study of the graph, they are facts of a study the graph does not hold."""

    def abstract(pooled: str) -> str:
        return (
            "BACKGROUND\nKnee pain is common.\n"
            "METHODS\nDatabases were searched for randomised trials of MSC injections.\n"
            f"Sixteen trials, with {pooled} participants in all, were included.\n"
            "RESULTS\nPain improved more with MSCs than with placebo (P = 0.01).\n"
        )

    held = {u["text"]: u for u in check_document(graph, abstract("807"))["sentences"]}
    size = held["Sixteen trials, with 807 participants in all, were included."]
    assert size["verdict"] == "supported"
    assert {e["study"] for e in size["evidence"]} == {"sadeghirad-2024"}
    searched = held["Databases were searched for randomised trials of MSC injections."]
    assert searched["status"] == "checked" and searched["verdict"] == "insufficient"

    unheld = {u["text"]: u for u in check_document(graph, abstract("1234"))["sentences"]}
    for sentence in (
        "Databases were searched for randomised trials of MSC injections.",
        "Pain improved more with MSCs than with placebo (P = 0.01).",
    ):
        assert unheld[sentence]["verdict"] == "insufficient", unheld[sentence]["why"]
        assert "prints no identifier" in unheld[sentence]["why"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (
            "Bone marrow stem cell injection for knee arthritis is investigational and "
            "non-covered.",
            "insurance",
        ),
        (
            "A court rejected the maker's petition to keep selling its cell injection after "
            "the regulator revoked its approval.",
            "Lawsuits",
        ),
    ],
)
def test_coverage_and_court_decisions_are_outside_the_graph(graph, text, topic):
    """Whether an insurer covers a treatment, or what a court decided, is not clinical
    evidence: the unit is outside the graph's scope, whatever words of evidence it uses."""
    unit = check_document(graph, text)["sentences"][0]
    assert unit["status"] == "outside-scope" and topic in unit["reason"]


def test_what_an_identified_review_pooled_is_a_fact_of_that_review(graph):
    """On the page of a review the graph holds (its DOI printed at the top), 'Eighteen studies
    were included' is that review's own fact, checked against the count of included studies
    its record keeps (Agarwal 2021: 18), not passed over as naming no treatment."""
    text = (
        "doi: 10.3390/cells10061365\n\n"
        "Adipose-derived cell therapy for knee osteoarthritis.\n\n"
        "Eighteen studies were included after screening."
    )
    unit = check_document(graph, text)["sentences"][-1]
    assert unit["status"] == "checked" and unit["verdict"] == "supported"


@pytest.mark.parametrize(
    ("claim", "direction"),
    [
        ("Stem cell injections let you walk again without pain.", "favours-intervention"),
        ("After MSC injections the knee is pain-free.", "favours-intervention"),
        ("MSCs were injected without pain relief.", "no-difference"),
    ],
)
def test_a_symptom_said_to_be_gone_is_a_benefit_not_a_negated_one(graph, claim, direction):
    """'walk without pain' claims the pain is gone: a benefit, which the placebo-controlled
    evidence contradicts; it is not a claim of no difference, which that evidence would
    bear out. 'without pain relief' still denies the benefit."""
    assert check(graph, claim)["interpretation"]["direction"] == direction


def test_the_same_visit_is_no_comparison_and_a_study_design_label_opens_methods(graph):
    """'injected during the same clinical visit' names one visit twice, it compares nothing
    ('about the same', 'the same results as' do); an abstract's 'Study design:' line is its
    Methods, a fact of the study the page reports (Garza 2020, by its DOI)."""
    visit = check(graph, "SVF was harvested and injected during the same clinical visit.")
    assert visit["interpretation"]["direction"] is None
    assert check(graph, "PRP gave the same results as HA.")["interpretation"]["direction"] == (
        "no-difference"
    )
    text = (
        "doi: 10.1177/0363546519899923.\n"
        "Abstract\n"
        "Study design: Randomized controlled trial; Level of evidence, 1."
    )
    design = check_document(graph, text)["sentences"][-1]
    assert design["status"] == "checked" and design["verdict"] == "supported"
    assert "Garza 2020" in design["why"]


def test_a_product_named_by_its_code_the_graph_lacks_is_no_ground_for_a_verdict(graph):
    """'the safety and efficacy of XYZ300, a donor stem cell therapy': a product by its code
    that no study of the graph tested; what is said of it rests on studies the graph lacks.
    A scale's code (SF-36) names no product."""
    told = check(graph, "Trials of XYZ300, a donor stem cell therapy, showed less knee pain.")
    assert told["verdict"] == "insufficient"
    assert "XYZ300" in told["interpretation"]["unknown_studies"]
    scale = check(graph, "SF-36 scores improved after MSC injections.")
    assert scale["interpretation"]["unknown_studies"] == []


def test_the_equivalent_of_something_compares_no_treatments(graph):
    """'X is equivalent to Y' compares; 'the modern equivalent of a travelling show' does not;
    nor does how a treatment is promoted ('heavily promoted online') say what it does."""
    assert (
        check(graph, "BMAC is equivalent to PRP for knee pain.")["interpretation"]["direction"]
        == "no-difference"
    )
    metaphor = check(graph, "PRP clinics are the modern equivalent of a travelling medicine show.")
    assert metaphor["interpretation"]["direction"] is None
    promoted = check_document(graph, "Stem cell injections are heavily promoted online.")
    assert promoted["sentences"][0]["status"] == "not-a-claim"


def test_how_a_product_is_prepared_is_no_effect_on_patients(graph):
    """'a filtration step improved platelet recovery' says what processing does to the
    product, not to knee OA; 'further separation into leucocyte-poor plasma improved
    benefits' is not read as preparation by a near spelling."""
    prepared = check_document(
        graph, "A filtration step in PRP processing improved platelet recovery."
    )
    assert prepared["sentences"][0]["status"] == "outside-scope"
    separated = check(graph, "Further separation into leucocyte-poor PRP has improved benefits.")
    assert separated["interpretation"]["outside_scope"] == []


def test_a_clinics_verbless_list_lines_take_the_pages_treatment(graph):
    """A clinic's list under its heading: 'Best suited for mild to moderate conditions' is a
    claim that KL grade changes the effect, and 'a favorable safety profile' a claim of no
    serious harm, both of the treatment the heading names."""
    text = (
        "Bone Marrow Stem Cell Therapy\n\n"
        "• Best suited for mild to moderate conditions.\n"
        "• Gradual response with favorable safety profile.\n"
    )
    suited, safety = check_document(graph, text)["sentences"][1:]
    assert suited["status"] == "checked" and "Bone marrow" in suited["why"]
    assert safety["status"] == "checked" and safety["verdict"] in ("supported", "mixed")


def test_a_trade_marked_product_the_graph_lacks_is_no_ground_for_a_verdict(graph):
    """'nSTRIDE®APS' names a product no study of the graph tested: what is then said of 'the
    treatment' rests on studies the graph does not hold. A marked product the graph holds
    (Stempeucel®) still names its studies."""
    text = (
        "The treatment, nSTRIDE®APS, uses proteins drawn from the patient's own blood. "
        "Clinical studies have shown the treatment can result in a 70% improvement in knee pain."
    )
    told = check_document(graph, text)["sentences"][-1]
    assert told["verdict"] == "insufficient" and "nSTRIDE APS" in told["why"]
    assert check(graph, "Stempeucel® improved knee pain.")["interpretation"]["studies"]


def test_the_saved_html_report_reads_like_the_text_one(graph):
    """The deciding evidence with labels, the source's own sentence and the citation; the
    rest folded by study; never a Python value."""
    from kg.check_document import as_html

    page = as_html(check_document(graph, "MSC injections reduce knee pain more than placebo."))
    assert "Sadeghirad 2024 finds little or no difference" in page
    assert "<q>" in page and "Osteoarthritis Cartilage. 2024" in page
    assert "Also bearing on it:" in page
    assert not re.search(r"\bNone\b|sadeghirad-2024 finds", page)


def test_a_sentence_of_many_trade_marks_is_read_for_a_few(graph):
    """A hostile sentence of thousands of marked names: each costs look-ups in the graph's
    names and vocabulary, so only the first few are read (the rest name nothing more)."""
    from kg.interpret import interpret

    text = " ".join(f"Product{i}® helps." for i in range(500))
    interp = interpret(text, graph.vocabulary, graph.study_names)
    assert interp.unknown_studies == [f"Product{i}" for i in range(8)]


def test_a_page_flattened_to_one_line_is_cut_as_if_segmented_whole(monkeypatch):
    """pySBD's time grows with the square of a line's length, so a long line is segmented a
    stretch at a time, each cut at a sentence end: the units are the ones segmenting the
    whole line gives."""
    from kg import document_units

    line = ARTICLE.read_text(encoding="utf-8").replace("\n", " ")
    assert len(line) > 2 * document_units._STRETCH
    stretched = [u.text for u in sentences_of(line)]
    monkeypatch.setattr(document_units, "_STRETCH", 10**9)
    whole = [u.text for u in sentences_of(line)]
    assert len(stretched) == len(whole)
    assert sum(a == b for a, b in zip(stretched, whole, strict=True)) >= 0.98 * len(whole)


def test_a_unit_longer_than_any_sentence_is_not_read(graph):
    """84,000 characters with no sentence end: not read for terms (it would cost seconds no
    deadline can interrupt), and the reason says how to have it checked."""
    from kg.check_document import LONGEST_UNIT

    report = check_document(graph, "Stem cells, published in the journal, work, " * 2000)
    long = [u for u in report["sentences"] if u["length"] > LONGEST_UNIT]
    assert sum(u["length"] for u in long) > 80_000
    assert all(u["status"] == "not-understood" for u in long)
    assert all("break it into sentences" in u["reason"] for u in long)


def test_a_studys_own_figures_naming_no_study_are_that_studys_result(graph):
    """Each group's mean and spread, or a p-value, report one study's data: on a page that
    names no study the graph holds, the sentence is that study's result, not a claim about
    PRP at large (which the graph's meta-analyses would otherwise answer)."""
    text = "PRP improved function more than hyaluronic acid (41.2 ± 6.1 vs. 48.3 ± 7.0; P < 0.001)."
    unit = check_document(graph, text)["sentences"][0]
    assert (unit["status"], unit["verdict"]) == ("checked", "insufficient")
    assert "figures the sentence reports" in unit["why"]
    plain = check_document(graph, "PRP improves function more than hyaluronic acid.")["sentences"][
        0
    ]
    assert plain["verdict"] == "supported"  # the same claim of PRP at large: Tan 2021


@pytest.mark.parametrize(
    ("claim", "harm"),
    [
        (
            "Because the cells are the patient's own, there is no risk of rejection.",
            "immune-reaction",
        ),
        ("MSC injections never cause tumours.", "tumour-formation"),
        ("There is a very low rate of infection after BMAC injections.", "joint-infection"),
    ],
)
def test_a_named_harm_the_graph_does_not_record_is_not_judged_on_adverse_events(graph, claim, harm):
    """Trials report adverse events as a whole; no study records rejection, tumours or
    infection as an outcome of its own, so such a claim is not borne out (nor denied) by
    the counts of adverse events: the evidence on the broader harm only qualifies it."""
    recorded = {
        item.get("outcome")
        for s in curated.studies().values()
        for item in (s.get("results") or []) + (s.get("findings") or [])
    }
    assert harm not in recorded  # else the claim should meet that evidence
    answer = check(graph, claim)
    assert harm in [o["id"] for o in answer["interpretation"]["outcomes"]]
    assert answer["verdict"] == "insufficient"


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        (
            "The benefits people feel after stem cell injections are really placebo effects.",
            "supported",
        ),
        ("The improvement after MSC injections is not a placebo effect.", "contradicted"),
        # an effect said to go past a placebo effect is better than placebo, in any wording
        ("The benefit of MSC injections goes beyond a mere placebo effect.", "contradicted"),
        ("MSC injections do more than a placebo response.", "contradicted"),
        ("The effect of MSC injections is not just a placebo effect.", "contradicted"),
    ],
)
def test_a_benefit_said_to_be_a_placebo_effect_is_no_better_than_placebo(graph, claim, verdict):
    """ "It is the placebo effect" says the treatment does no better than placebo: judged on
    the placebo-controlled evidence (Sadeghirad 2024: little or no difference), not read as a
    benefit."""
    answer = check(graph, claim)
    assert answer["verdict"] == verdict
    assert "Sadeghirad 2024" in answer["why"]


def test_beyond_a_placebo_effect_is_better_than_placebo_and_a_second_comparison_is_read(graph):
    """PRP beat saline in the Arthroscopy 2021 network meta-analysis: "goes beyond a placebo
    effect" is borne out. Said together with "better than other injectable options", which
    names nothing the graph knows, the claim is no longer judged on placebo alone."""
    beyond = check(graph, "The effect of PRP goes beyond a mere placebo effect.")
    assert beyond["interpretation"]["direction"] == "favours-intervention"
    assert beyond["verdict"] == "supported"
    both = check(
        graph,
        "The effect of PRP goes beyond a mere placebo effect, and PRP injections give better "
        "results than other injectable options.",
    )
    assert both["verdict"] not in ("supported", "contradicted")


def test_typographic_apostrophes_read_as_plain_ones(graph):
    """Web text writes "isn’t" with a typographic apostrophe: every team claim with an
    apostrophe gets the same verdict and reading either way, and the claim is echoed as sent."""
    import yaml

    claims = yaml.safe_load((Path(__file__).parent / "eval" / "claims.yaml").read_text("utf-8"))
    with_apostrophe = [c["claim"] for c in claims if "'" in c["claim"]]
    assert len(with_apostrophe) >= 5
    for text in with_apostrophe:
        curly = text.replace("'", "’")
        plain, typographic = check(graph, text), check(graph, curly)
        assert typographic["claim"] == curly
        assert typographic["verdict"] == plain["verdict"], text
        assert typographic["interpretation"]["direction"] == plain["interpretation"]["direction"]


def test_a_companys_own_words_and_its_trials_follow_up_are_of_its_unheld_trial(graph):
    """A news page about a trial of a product the graph lacks: what its makers say of "our
    research", and what "follow-up of the ... trial" showed, are that trial's; no study the
    graph holds decides them."""
    text = (
        "The phase I/II trial assessed the safety and efficacy of XYZ300, a donor stem cell "
        "therapy for knee osteoarthritis.\n\n"
        "\u201cOur research indicates that the donor stem cell treatment is safe and effective "
        "in reducing pain,\u201d said lead researcher associate professor Jane Freitag.\n\n"
        "Long-term clinical follow-up of the single-centre, double-blind, randomised controlled "
        "trial has shown that improvements from a single injection of donor stem cells were "
        "maintained beyond four years."
    )
    _, said, follow_up = check_document(graph, text)["sentences"]
    for unit in (said, follow_up):
        assert unit["status"] == "checked" and unit["verdict"] == "insufficient", unit


def test_a_news_story_that_starts_with_the_trial_it_tells_of_reports_it(graph):
    """A news page with no identifier that opens on 'The randomised trial of ...' and gives
    its size: the one study of the graph of that size and treatment (RESTORE, Bennell 2021, 288
    adults, PRP against saline); what it says that trial found is checked on that trial. The
    journal the page names must be one the study appeared in."""
    story = (
        "Injections of platelet-rich plasma questioned\n\n"
        "The randomised trial of three weekly injections of PRP against saline placebo found no "
        "significant difference in knee symptoms at 12 months.\n\n"
        "The trial enrolled 288 adults over 50 with knee osteoarthritis."
    )
    _, found, size = check_document(graph, story)["sentences"]
    assert found["verdict"] == "supported" and "Bennell 2021" in found["why"], found["why"]
    assert size["verdict"] == "supported"
    elsewhere = story.replace("The trial enrolled", "The trial, published in Cartilage, enrolled")
    _, found, _ = check_document(graph, elsewhere)["sentences"]
    assert "Bennell 2021" not in found["why"]


@pytest.mark.parametrize(
    "text",
    [
        # what a treatment is meant to do, and advice
        "For sore knees, the injected cells aim to grow new tissue and ease pain.",
        "The injection is designed to calm the inflammation inside the joint.",
        "The goal of PRP is to concentrate the growth factors found in platelets.",
        "As more clinics offer these injections, it is essential for patients to know the risks.",
        # titles, definitions and rationales, whatever their punctuation
        "Platelet Rich Plasma for Knee Osteoarthritis | When PRP will work and when it will not",
        "When it works.",
        "Stem cell therapy, also called orthobiologic treatment, is a special kind of injection.",
        "The theoretical benefits of PRP are derived from platelet growth factors.",
    ],
)
def test_purposes_advice_titles_definitions_and_rationales_are_no_claims(graph, text):
    unit = check_document(graph, f"Stem cell injections for the knee\n\n{text}")["sentences"][1]
    assert unit["status"] == "not-a-claim", unit


def test_what_is_important_to_note_is_still_read(graph):
    text = (
        "Stem cell injections for the knee\n\n"
        "It is important to note that MSCs do not regrow cartilage."
    )
    unit = check_document(graph, text)["sentences"][1]
    assert unit["status"] == "checked"


@pytest.mark.parametrize(
    "claim",
    [
        "Pain scores were not significantly different between PRP and saline.",
        "None of the secondary outcomes were statistically significantly different between PRP "
        "and saline.",
    ],
)
def test_not_different_is_no_difference(graph, claim):
    assert check(graph, claim)["interpretation"]["direction"] == "no-difference"


def test_an_idiom_names_no_joint_and_materials_opens_methods(graph):
    """'On the other hand' names no hand; 'Materials:' labels a structured abstract's
    methods, so an abstract labelled so reports the study its methods describe."""
    told = check(
        graph, "On the other hand, the high-dose MSC group improved more than the low-dose group."
    )
    assert told["interpretation"]["outside_scope"] == []
    abstract = (
        "Background: Fat-derived cells may help knee osteoarthritis.\n"
        "Materials: Thirty patients were randomly assigned to one or two injections of "
        "adipose-derived mesenchymal stem cells or to conservative management.\n"
        "Results: No adverse effects were reported."
    )
    units = check_document(graph, abstract)["sentences"]
    assert "Freitag 2019" in units[1]["why"], units[1]["why"]


def test_a_sentence_telling_how_a_study_was_done_is_a_fact_of_that_study(graph):
    """'Cartilage was measured by MRI': how the page's study was done. With no study of the
    graph named before it, a study the graph does not hold (insufficient, not skipped as a
    description); after a sentence that named one, a fact of that one."""
    unnamed = (
        "Our clinic's results\n\n"
        "Ten patients received a stem cell injection.\n"
        "Cartilage quality was measured by quantitative MRI at six months."
    )
    measured = check_document(graph, unnamed)["sentences"][-1]
    assert measured["status"] == "checked" and measured["verdict"] == "insufficient"
    assert "does not hold" in measured["why"] or "describes" in measured["why"]
    named = (
        "The MILES trial compared injections for knee osteoarthritis.\n"
        "Subjects were followed up for 12 months."
    )
    followed = check_document(graph, named)["sentences"][-1]
    assert followed["status"] == "checked" and "Mautner 2023" in followed["why"], followed


@pytest.mark.parametrize(
    ("claim", "direction"),
    [
        (
            "MSC therapy is a valid alternative treatment for knee osteoarthritis.",
            "favours-intervention",
        ),
        (
            "Stem cells offer a minimally invasive alternative for treating knee arthritis.",
            "favours-intervention",
        ),
        ("PRP is a valid alternative to hyaluronic acid.", "no-difference"),
    ],
)
def test_an_alternative_for_a_disease_treats_it_and_one_to_a_treatment_matches_it(
    graph, claim, direction
):
    assert check(graph, claim)["interpretation"]["direction"] == direction


@pytest.mark.parametrize(
    "name", ["MFAT", "Lipogems", "micro-fragmented adipose tissue", "microfragmented fat"]
)
def test_microfragmented_fat_by_any_name_is_the_graphs_svf(graph, name):
    """The graph files micro-fragmented fat (the Lipogems system of Barfod 2025 and Baria
    2024) under SVF; a near spelling must not be read as cultured adipose MSCs."""
    told = check(graph, f"{name} injections reduce knee pain.")
    assert [c["id"] for c in told["interpretation"]["interventions"]] == ["svf"]


def test_lines_after_a_colon_are_a_list_that_lost_its_bullets(graph):
    """'Across the trials:' then 'No infections' and 'No tumours' on lines of their own: items
    of a list (of the treatment the page speaks of), not headings; a sentence ends the list."""
    text = (
        "Umbilical cord MSC injections for knee osteoarthritis\n"
        "Patients received umbilical cord MSC injections into the knee.\n"
        "Across the trials:\n"
        "No infections\n"
        "No tumours\n"
        "The most common issue was short-lived swelling.\n"
        "Next Steps\n"
    )
    spans = sentences_of(text)
    by_text = {s.text: s for s in spans}
    assert by_text["No infections"].item and not by_text["No infections"].heading
    assert by_text["No tumours"].item
    assert by_text["Next Steps"].heading and not by_text["Next Steps"].item
    units = {u["text"]: u for u in check_document(graph, text)["sentences"]}
    assert units["No infections"]["status"] == "checked"
    assert (
        "Umbilical cord" in units["No infections"]["why"]
        or "umbilical" in units["No infections"]["why"].lower()
    )


def test_a_meta_analysis_heterogeneity_is_no_first_person(graph):
    """'I 2 = 59%' is the heterogeneity of a pooled estimate, not a writer speaking of
    themself: the sentence is read as the finding it states."""
    text = (
        "Platelet-rich plasma for knee osteoarthritis\n\n"
        "Compared with control, PRP injections significantly reduced WOMAC pain at 12 months "
        "(RR, 1.40, I 2 = 59%, p = 0.24)."
    )
    unit = check_document(graph, text)["sentences"][1]
    assert unit["status"] == "checked", unit


def test_a_case_named_with_when_is_not_asserted(graph):
    """'The evidence for PRP, when it works, when it doesn't': the cases a text will cover,
    no claim that PRP works; 'PRP works when injected early' still asserts that it works."""
    named = check(
        graph, "The evidence for PRP knee injection treatment, when it works, when it doesn't"
    )
    assert named["interpretation"]["direction"] is None
    asserted = check(graph, "PRP works when it is injected early.")
    assert asserted["interpretation"]["direction"] == "favours-intervention"


def test_a_benefit_of_a_size_no_record_bears_out_is_mixed(graph):
    """'PRP reduces pain by 70%': the benefit is borne out by the graph's PRP evidence, the
    size is not (no record finds it), so the verdict is no clean green; the same claim
    without a size is supported."""
    sized = check(graph, "PRP injections reduce knee pain by 70% at 12 months.")
    plain = check(graph, "PRP injections reduce knee pain at 12 months.")
    assert plain["verdict"] == "supported"
    assert sized["verdict"] == "mixed" and "not the size the claim states (70%)" in sized["why"]


def test_a_mechanism_given_for_a_benefit_keeps_the_claim_from_being_borne_out(graph):
    """'PRP releases growth factors that ... relieve pain': the graph bears out the pain relief
    (the same claim without the growth factors is supported), but no study of it measured
    the biology the claim gives for it, so the claim as a whole is not borne out."""
    plain = check(graph, "PRP injections relieve knee pain better than saline.")
    assert plain["verdict"] == "supported"
    stated = check(
        graph,
        "PRP injections release growth factors that relieve knee pain better than saline.",
    )
    assert stated["verdict"] == "insufficient"
    assert stated["interpretation"]["mechanisms"][0]["id"] == "mechanism"
    assert "no study in the graph measured" in stated["why"]


def test_a_mechanism_does_not_shield_a_claim_the_evidence_contradicts(graph):
    """Support needs the evidence to bear on all a claim says; contradiction needs only one
    part that it contradicts: cells 'beating placebo' on pain through their growth factors
    is contradicted as the same claim without them is."""
    plain = check(graph, "Stem cell injections reduce knee pain much more than placebo.")
    stated = check(
        graph,
        "Stem cell injections reduce knee pain much more than placebo through the growth "
        "factors they release.",
    )
    assert plain["verdict"] in ("contradicted", "mixed")
    assert stated["verdict"] == plain["verdict"]


def test_a_unit_that_states_only_biology_is_a_claim_about_nothing_measured(graph):
    """A mechanism alone stays a unit that is checked, never outside scope (reviewers judge
    'growth factors stimulate healing' as a claim the evidence does not bear out); a question
    about it alone gets no studies."""
    (unit,) = check_document(
        graph, "Platelets release growth factors that stimulate tissue repair in the knee."
    )["sentences"]
    assert unit["status"] != "outside-scope"
    assert unit.get("verdict") != "supported"
    answer = ask(graph, "studies of the growth factors in PRP")
    assert answer["count"] == 0 and "how an injection acts" in answer["message"]


@pytest.mark.parametrize(
    "text",
    [
        "PRP injections are helpful when it comes to knee injuries and ACL repairs.",
        "In Canada, it is legal for clinics to inject a patient's own cells.",
    ],
)
def test_injuries_and_the_law_are_outside_the_graph(graph, text):
    (unit,) = check_document(graph, text)["sentences"]
    assert unit["status"] == "outside-scope"


def test_an_entry_of_a_reference_list_is_one_unit_and_no_claim(graph):
    """A reference list's entry is cut at its full stops into a title, authors and journal
    unless it is read as one unit; its title then reads as a claim. A sentence that gives its
    source in brackets stays a claim."""
    text = (
        "Current clinical therapies for cartilage repair, their limitation and the role of "
        "stem cells. Dhinsa BS, Adesida AB. Curr Stem Cell Res Ther. 2012 Mar;7(2):143-8.\n"
        "PRP injections reduced knee pain more than saline (Ref: Am J Sports Med. "
        "2022;50(3):1-10)."
    )
    entry, claim = check_document(graph, text)["sentences"]
    assert entry["status"] == "not-a-claim" and entry["reason"] == "a reference to a paper"
    assert entry["text"].endswith("143-8.")
    assert claim["status"] == "checked"
    # the MLA and APA forms of an entry, one unit each
    mla = (
        'Smith, Anna, et al. "Stem Cells Improve Knee Pain: A Trial." Journal of Knee '
        "Surgery, vol. 35, no. 1, Jan. 2019, pp. 277-288.\n"
        "Smith, A. (2019). Stem cells improve knee pain. Arthroscopy, 35(1), 277-288."
    )
    for unit in check_document(graph, mla)["sentences"]:
        assert (unit["status"], unit["reason"]) == ("not-a-claim", "a reference to a paper")


def test_a_citation_line_run_onto_the_abstract_is_cut_at_its_last_full_stop():
    text = "Br J Sports Med. 2025 Aug 26;59(17):1219-1227.One hundred twenty patients were seen."
    assert [u.text for u in sentences_of(text)] == [
        "Br J Sports Med. 2025 Aug 26;59(17):1219-1227.",
        "One hundred twenty patients were seen.",
    ]


def test_a_papers_title_with_its_year_after_it_is_no_claim(graph):
    text = (
        "PRP Injections for the Treatment of Knee Osteoarthritis: A Meta-Analysis of "
        "Randomized Controlled Trials 2020"
    )
    (unit,) = check_document(graph, text)["sentences"]
    assert unit["status"] == "not-a-claim" and unit["reason"] == "the title of a paper"


def test_a_review_abstract_with_its_labels_run_onto_sentences_reads_its_results_as_its_own(
    graph,
):
    """A page that lost its markup runs an abstract's labels onto the sentence before
    ('descriptively.Results Fourteen RCTs'): the labels are cut off as headings, so the
    Results section is entered and what the review found is checked against its own record
    (Wiggers 2021, identified by its DOI), not against all the evidence."""
    text = (
        "DO 10.1136/bjsports-2020-103671\n"
        "Data were synthesised descriptively.Results Fourteen RCTs were included. After 1 "
        "year, 19 of 26 (73%) clinical outcome measures improved with MSCs compared with "
        "control.Conclusion We found a positive effect."
    )
    units = check_document(graph, text)["sentences"]
    texts = [u["text"] for u in units]
    assert "Results" in texts and "Conclusion" in texts
    (found,) = [u for u in units if u["text"].startswith("After 1 year")]
    assert found["verdict"] == "supported" and "Wiggers" in found["why"]


def test_a_trial_introduced_by_who_ran_it_is_the_subject_of_its_results(graph):
    """'Researchers from <a university> conducted a clinical trial': what the story then tells
    in the past ('MRI scans even revealed signs of cartilage regeneration in these patients')
    is that trial's result, which the graph does not hold, not a claim about the treatment."""
    text = (
        "Researchers from Charles Sturt University in Australia conducted a clinical trial to "
        "test a new stem cell treatment for knee osteoarthritis.\n"
        "Remarkably, MRI scans even revealed signs of cartilage regeneration in these patients."
    )
    last = check_document(graph, text)["sentences"][-1]
    assert last["verdict"] == "insufficient"
    assert "introduces" in last["why"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Currently, most research is focused on using stem cells to increase the body's "
            "ability to regenerate cartilage.",
            "being studied",
        ),
        (
            "At HSS our clinical use of regenerative medicine treatments is informed by current "
            "medical evidence, and our mission is to promote safe use.",
            "describes a service",
        ),
    ],
)
def test_what_research_is_about_and_a_practices_own_ways_are_no_claims(graph, text, reason):
    (unit,) = check_document(graph, text)["sentences"]
    assert unit["status"] == "not-a-claim" and reason in unit["reason"]


def test_a_count_in_brackets_after_multiple_is_still_repeat_dosing(graph):
    result = check(
        graph,
        "For patients with early OA, multiple (3) PRP injections are useful in achieving "
        "better clinical results.",
    )
    assert result["verdict"] == "insufficient" and "repeat dosing" in result["why"]


def test_a_dated_article_a_page_cites_is_a_study_the_graph_may_lack(graph):
    """'In a recent April 2021 article, a meta-analysis ... reviewed 23 controlled trials':
    the page introduces a review by its date, which is not matched to the graph's review of
    that year by its treatments alone."""
    text = (
        "In a recent April 2021 article, a meta-analysis compared the efficacy of PRP with "
        "placebo, and researchers reviewed 23 controlled trials."
    )
    (unit,) = check_document(graph, text)["sentences"]
    assert unit["verdict"] == "insufficient" and "introduces" in unit["why"]


def test_the_treatments_a_page_sets_its_own_against_are_not_its_subject(graph):
    """'Existing treatment options focus on providing temporary pain relief': the sentence is
    about the other treatments, so the stem cells of the sentence before are not carried
    into it (they were, and the sentence was judged a supported claim about them)."""
    text = (
        "Stem cell injections relieve knee pain.\n"
        "Existing treatment options focus on providing temporary pain relief and reducing "
        "inflammation."
    )
    last = check_document(graph, text)["sentences"][-1]
    assert last.get("verdict") in (None, "insufficient")
    assert "carried" not in (last.get("why") or "")


def test_an_outcome_a_study_measured_is_a_fact_of_that_study(graph):
    """In the Methods of a study's page (Lee 2019, by its DOI), 'Primary outcome measure was
    the WOMAC score' is a fact the record bears out (it holds WOMAC results); an outcome the
    record has no term or result for (range of motion) is not borne out."""
    text = (
        "doi: 10.1002/sctm.18-0122\n"
        "Methods: Primary outcome measure was the WOMAC score. Knee range of motion was "
        "measured with a goniometer."
    )
    womac, motion = check_document(graph, text)["sentences"][1:]
    assert womac["verdict"] == "supported" and "records results on" in womac["why"]
    assert "WOMAC total" in womac["why"]
    assert motion["verdict"] == "insufficient"


@pytest.mark.parametrize(
    "claim",
    [
        "Stem cell therapy is a major breakthrough for knee osteoarthritis.",
        "Stem cell injections are a game changer for knee arthritis.",
    ],
)
def test_praise_that_names_no_outcome_claims_a_benefit_and_overstates_it(graph, claim):
    """'A major breakthrough' claims a benefit (it had read as no direction at all) and
    overstates it: against moderate-certainty evidence of little or no difference it is not
    borne out."""
    result = check(graph, claim)
    assert result["interpretation"]["direction"] == "favours-intervention"
    assert result["verdict"] in ("contradicted", "mixed")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Stem cell therapy, or regenerative medicine, involves using stem cells to repair and "
            "regenerate damaged tissues.",
            "meant to do",
        ),
        (
            "It is expected that as more knowledge is obtained, stem cell procedures will "
            "become more common.",
            "how much a treatment is used",
        ),
        ("ClinicalTrials.gov/NCT01809769", "an identifier"),
    ],
)
def test_how_a_therapy_works_how_used_it_will_be_and_an_index_line_are_no_claims(
    graph, text, reason
):
    (unit,) = check_document(graph, text)["sentences"]
    assert unit["status"] == "not-a-claim" and reason in unit["reason"]


def test_no_significant_adverse_events_is_a_claim_of_no_serious_harm(graph):
    """'Significant' beside adverse events means serious, not a test's significance: the
    claim is judged on serious harms (none more with MSCs), not on all adverse events."""
    result = check(graph, "No significant adverse events have been observed with MSCs.")
    assert result["verdict"] == "supported"


def test_a_claim_about_a_named_study_is_read_with_the_readers_name_for_it(graph):
    """'Read as' names the study as a reader does ('Mautner 2023'), never by its record id,
    and an evidence item says its study once."""
    answer = check(graph, "Mautner 2023 enrolled 480 patients.")
    text = check_text(answer)
    assert "about Mautner 2023" in text and "mautner-2023" not in text
    assert "Mautner 2023: Mautner 2023" not in text
    page = as_html(check_document(graph, "Mautner 2023 enrolled 480 patients."))
    assert "Mautner 2023 the claim states" in page and "Mautner 2023 Mautner 2023" not in page


def test_a_general_claim_of_benefit_is_mixed_when_the_best_evidence_denies_only_part(graph):
    """'MSC injections relieve knee pain' names nothing to compare with: the best evidence
    finds no benefit over placebo, randomised comparisons with other treatments find one, so
    the claim is mixed, and the answer names both; against placebo it is denied outright."""
    general_claim = check(graph, "MSC injections relieve knee pain.")
    assert general_claim["verdict"] == "mixed"
    assert "Sadeghirad 2024" in general_claim["why"] and "(though " in general_claim["why"]
    stances = {e["stance"] for e in general_claim["evidence"] if e["deciding"]}
    assert stances == {"supports", "contradicts"}
    against_placebo = check(graph, "MSC injections relieve knee pain better than placebo.")
    assert against_placebo["verdict"] == "contradicted"


def test_a_saline_placebo_is_a_placebo(graph):
    """A placebo-controlled finding bears directly on a claim against saline: the graded
    meta-analysis against placebo decides it, not an ungraded one that happens to say saline."""
    answer = check(graph, "Stem cell injections work better than saline for knee pain.")
    assert answer["verdict"] == "contradicted" and "Sadeghirad 2024" in answer["why"]


def test_an_index_label_is_no_claim_whatever_evidence_words_it_holds(graph):
    """PubMed's publication types under an abstract ("Research Support, Non-U.S. Gov't") are
    an index's labels, not a statement that the research supports anything."""
    report = check_document(graph, "Research Support, Non-U.S. Gov't\nRandomized Controlled Trial")
    first = report["sentences"][0]
    assert first["status"] == "not-a-claim" and "index" in first["reason"]


@pytest.mark.parametrize(
    "claim",
    [
        "PRP injections may be of great benefit for knee pain.",
        "PRP gives dramatic improvement in knee pain.",
        "PRP injections bring remarkable improvement in knee osteoarthritis.",
    ],
)
def test_a_benefit_praised_beyond_what_was_measured_is_overstated(graph, claim):
    """'Great benefit', 'dramatic', 'remarkable': a size of benefit no ungraded evidence bears
    out, so the claim is not borne out as said (mixed), though PRP does better than control."""
    answer = check(graph, claim)
    assert answer["interpretation"]["overstated"] and answer["verdict"] == "mixed"


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # a part of the trial (analysed, an arm, a subgroup): left open, not denied
        ("Mautner 2023 analysed 100 patients at 12 months.", "insufficient"),
        # the trial's whole size, said so: the record settles it
        ("Mautner 2023 enrolled 300 patients.", "contradicted"),
        # a share of no outcome the trial records, beside its recorded effects: not compared
        ("In Mautner 2023 only 7.0% of treated patients needed surgery.", "insufficient"),
    ],
)
def test_a_number_the_record_does_not_hold_denies_only_what_it_settles(graph, claim, verdict):
    assert check(graph, claim)["verdict"] == verdict


def test_the_why_of_a_general_claim_leads_with_the_conclusion_on_pain(graph):
    """'MSC injections work': of the deciding review's findings of one certainty, the why
    names its conclusion on pain, not a secondary scale (SF-36 physical functioning)."""
    answer = check(graph, "MSC injections work for knee osteoarthritis.")
    lead = answer["why"].split(" (though ")[0]
    assert "(Sadeghirad 2024)" in lead and lead.endswith("on pain"), answer["why"]
    assert all("outcome" in e for e in answer["evidence"] if e["kind"] in ("finding", "result"))


def test_text_and_html_say_why_a_unit_is_outside_the_graph_or_not_understood(graph):
    """A writer reading `kg check --file` (text or HTML) sees which topic put a sentence
    outside the graph and what was missing to check one, as the JSON and the page say."""
    report = check_document(
        graph,
        "Bone marrow stem cell injections\n"
        "Trade shows are an effective way for clinics to find new buyers.\n"
        "PRP helps tennis elbow.",
    )
    text, page = as_text(report), as_html(report)
    assert "(about Conditions other than osteoarthritis)" in text
    assert "does not point back to Bone marrow MSCs" in text
    assert "<small>(about Conditions other than osteoarthritis)</small>" in page
    assert "Bone marrow stem cell injections\n" in text  # a heading's label is reason enough
    assert "(names Bone marrow MSCs" not in text


def test_range_of_motion_is_an_outcome_of_its_own(graph):
    """A claim about the knee's range of motion is decided by results on range of motion (the
    2024 network meta-analysis's knee ROM against hyaluronic acid), not by function scores: a
    sign at examination is not a patient's score."""
    answer = check(graph, "Range of motion improved at 12 months with BM-MSCs.")
    assert [o["id"] for o in answer["interpretation"]["outcomes"]] == ["range-of-motion"]
    assert answer["verdict"] == "supported"
    deciding = [e for e in answer["evidence"] if e["deciding"]]
    assert deciding and all(e["outcome"] == "range-of-motion" for e in deciding)
    assert {e["study"] for e in deciding} == {"j-orthop-surg-res-2024-msc-nma"}


@pytest.mark.parametrize(
    ("claim", "kind"),
    [
        (
            "There is limited evidence supporting the effectiveness of MSC injections.",
            "evidence-state",
        ),
        ("MSC injections reduce knee pain compared with placebo.", "comparative-efficacy"),
        ("The RESTORE trial enrolled 88 adults.", "study-fact"),
        ("MSC injections are safe.", "safety"),
        ("Higher doses of MSCs work better.", "modifier"),
    ],
)
def test_each_claim_says_which_kind_of_claim_it_was_read_as(graph, claim, kind):
    """The claim's kind names the checker that answered it, and a claim about the evidence
    reads as one ('a claim about the state of the evidence on ...'), not as a direction."""
    answer = check(graph, claim)
    assert answer["interpretation"]["claim_type"] == kind
    if kind == "evidence-state":
        assert read_as(answer["interpretation"]).startswith("a claim about the state of the")
    if kind == "safety":  # which harms, not "coming out better"
        assert read_as(answer["interpretation"]).endswith("causing no serious harm")


def test_a_treatment_said_to_cause_a_harm_comes_out_worse(graph):
    """'MSC injections cause serious side effects' says a harm is brought about: the trials
    that found no more serious adverse events than their controls stand against it, but none
    is of graded certainty, so they leave it unproven rather than deny it; a harm no result
    records (tumours) gets no verdict; 'do not cause' is the claim of safety."""
    caused = check(graph, "MSC injections cause serious side effects.")
    assert caused["interpretation"]["direction"] == "favours-comparator"
    assert caused["verdict"] == "insufficient"
    assert "does not rule it out" in caused["why"]
    assert {e["stance"] for e in caused["evidence"] if e["deciding"]} == {"contradicts"}
    tumours = check(graph, "MSC injections can cause tumours.")
    assert tumours["interpretation"]["direction"] == "favours-comparator"
    assert tumours["verdict"] == "insufficient"
    denied = check(graph, "MSC injections do not cause serious side effects.")
    assert denied["interpretation"]["direction"] != "favours-comparator"


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # a low-certainty review's excess of events, beside a review that found none
        ("MSC injections had no significant adverse safety events.", "mixed"),
        # an ungraded review's null finding on adverse events, nothing for the claim
        (
            "Stem-cell injections have more complications than hyaluronic acid injections.",
            "insufficient",
        ),
        # "no side effects" admits no exception: one finding of more events denies it
        ("MSC injections have no side effects.", "contradicted"),
        # moderate-certainty evidence of no benefit over placebo denies a benefit over it
        ("MSC injections relieve knee pain better than placebo.", "contradicted"),
    ],
)
def test_only_firm_evidence_denies_a_claim(graph, claim, verdict):
    """Contradicted needs evidence that can deny: moderate or high graded certainty, a
    named study's own record, or a claim that admits no exception. A low-certainty or
    ungraded finding against a claim of safety leaves it unproven (or mixed beside evidence
    for it), and the why says so."""
    answer = check(graph, claim)
    assert answer["verdict"] == verdict
    if verdict != "contradicted":
        assert "does not rule it out" in answer["why"]


def test_what_cells_become_and_how_groups_began_are_no_comparisons(graph):
    """'differentiate into chondrocytes' compares nothing (it was read as 'differ'), and
    groups alike in age, BMI or KL grade at the start say nothing of how they fared."""
    cells = check(
        graph,
        "Stem cells from bone marrow or adipose tissue can differentiate into chondrocytes "
        "and reduce joint pain.",
    )
    assert cells["interpretation"]["comparator"] is None
    baseline = check(
        graph, "There were no differences between the MSC and placebo groups in age or BMI."
    )
    assert baseline["verdict"] == "insufficient"
    outcome = check(graph, "There were no differences between MSCs and placebo in pain.")
    assert outcome["verdict"] != "insufficient"


def test_a_comparator_after_than_for_is_the_comparator(graph):
    """'higher than for steroid injections': the steroid is what the treatment is set
    against, not a third treatment said to come out worse."""
    result = check(
        graph, "Complications are more frequent with MSC injections than for steroid injections."
    )
    assert result["interpretation"]["comparator"] == "corticosteroid"


def test_as_well_as_before_a_verb_joins_what_a_treatment_does(graph):
    """', as well as contribute to cartilage repair' adds an effect; 'works as well as
    glucosamine' compares with a side the graph lacks."""
    joined = check(graph, "MSCs improve pain, as well as contribute to cartilage repair.")
    assert joined["interpretation"]["unknown_side"] is None
    assert joined["verdict"] != "insufficient"
    compared = check(graph, "Glucosamine works as well as MSCs.")
    assert compared["verdict"] == "insufficient"


def test_each_groups_course_over_time_is_no_comparison(graph):
    """'both treatments improved function over time': each group's own course, which a
    comparison between groups neither bears out nor denies."""
    result = check(graph, "Both PRP and saline groups improved knee function over time.")
    assert result["interpretation"]["observed_change"] is True
    assert result["verdict"] not in ("supported", "contradicted")


def test_approval_status_is_outside_the_graphs_scope(graph):
    text = "There are no other approved uses of stem cells outside of investigational studies."
    [unit] = check_document(graph, text)["sentences"]
    assert unit["status"] == "outside-scope"


def test_evidence_of_low_or_no_graded_certainty_does_not_deny_a_general_claim(graph):
    """Bennell 2021, a trial no review in the graph graded, finds little or no difference in
    cartilage volume between PRP and saline. Said of PRP in general, the claim is not
    disproven by it; told as a result against saline, that trial's finding denies it. The
    moderate-certainty meta-analysis (Sadeghirad 2024) still denies a general claim on pain."""
    general_claim = check(graph, "PRP injections slow down cartilage deterioration.")
    assert general_claim["verdict"] == "insufficient"
    assert "(Bennell 2021)" in general_claim["why"]
    assert "does not rule it out" in general_claim["why"]
    told = check(graph, "PRP slowed cartilage loss compared with saline at 12 months.")
    assert told["verdict"] == "contradicted" and "rule it out" not in told["why"]
    graded = check(graph, "MSC injections reduce knee pain compared with placebo.")
    assert graded["verdict"] == "contradicted"
    assert graded["why"].startswith("contradicted: the moderate-certainty meta-analysis")


def test_a_unit_that_reads_little_like_a_claim_gets_no_mixed_or_contradicted_verdict(graph):
    """Every finding on stem cells bears on 'stem cells help create new cells' both ways: alone
    it is mixed. In a document, where the model reads it as background, that verdict is
    withheld, and the why says what the evidence would have said. A claim that reads as one
    keeps its verdict."""
    from kg.claim_likeness import DECIDES, claim_likeness

    vague = "Stem cells help create new cells in the knee."
    assert claim_likeness(vague).score < DECIDES  # the case's precondition
    assert check(graph, vague)["verdict"] == "mixed"
    unit = check_document(graph, vague)["sentences"][0]
    assert unit["status"] == "checked" and unit["verdict"] == "insufficient"
    assert unit["why"].startswith("insufficient: the sentence reads more like background")
    assert "read as a claim, mixed:" in unit["why"]
    firm = "MSC injections reduce knee pain compared with placebo."
    assert claim_likeness(firm).score >= DECIDES
    assert check_document(graph, firm)["sentences"][0]["verdict"] == "contradicted"


@given(
    verb=st.sampled_from(["delay", "avoid", "postpone", "prevent", "reduce", "put off"]),
    need=st.sampled_from(["", "the need for "]),
    operation=st.sampled_from(
        ["knee replacement", "a total knee replacement", "surgery", "joint replacement surgery"]
    ),
)
@settings(max_examples=25, deadline=None)
def test_an_operation_a_treatment_spares_is_an_outcome(graph, verb, need, operation):
    """'Help patients avoid knee replacement' says what the injection spares: the outcome of
    conversion to arthroplasty, which no study of the graph records a result on, so the
    claim is left insufficient rather than judged on pain findings or as MSC against surgery."""
    answer = check(graph, f"Stem cell injections can {verb} {need}{operation}.")
    interp = answer["interpretation"]
    assert [o["id"] for o in interp["outcomes"]] == ["tka-conversion"]
    assert not {"surgery", "total-knee-arthroplasty"} & {c["id"] for c in interp["interventions"]}
    assert answer["verdict"] == "insufficient"
    # the why names what the graph lacks, not only that nothing bears on the claim
    assert answer["why"] == (
        "insufficient: no study in the graph reports a result on conversion to knee arthroplasty"
    )


def test_a_rate_of_an_outcome_the_study_never_recorded_is_not_denied_by_its_other_results(graph):
    """Lee 2015 records pain and IKDC scores, no rate of knee replacement: a percentage said of
    that outcome is not compared with the scores (which differ), so it is left open."""
    answer = check(graph, "TG-C reduced the need for knee replacement to 16.5%.")
    assert answer["verdict"] != "contradicted"
    records = [e for e in answer["evidence"] if e["kind"] == "record"]
    assert records and all(e["stance"] != "contradicts" for e in records)


@pytest.mark.parametrize(
    ("claim", "universal"),
    [
        ("Every second patient asks about stem cells for knee OA.", None),
        ("PRP is injected every six months for knee OA.", None),
        ("Every patient improved after MSC injections.", "Every"),
        ("Stem cell injections have no side effects.", "no side effects"),
    ],
)
def test_a_count_or_a_frequency_is_not_a_claim_without_exception(graph, claim, universal):
    """'Every second patient' counts and 'every six months' is a frequency: neither is a claim
    that one counter-example denies."""
    assert check(graph, claim)["interpretation"]["universal"] == universal


def test_a_claim_is_not_borne_out_as_a_whole_when_no_study_reports_one_of_its_outcomes(graph):
    """The PRP meta-analyses bear out pain relief; no study of the graph reports conversion to
    knee arthroplasty, so 'relieves pain and helps delay knee replacement' is not borne out as
    a whole, and the answer says which part the graph is silent on."""
    pain = check(graph, "PRP relieves knee pain better than saline.")
    assert pain["verdict"] == "supported"
    both = check(
        graph, "PRP relieves knee pain better than saline and helps delay knee replacement."
    )
    assert both["verdict"] == "insufficient"
    assert "conversion to knee arthroplasty, which no study in the graph measured" in both["why"]
