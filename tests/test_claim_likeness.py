"""The learnt claim-likeness (kg.claim_likeness): trained on the tuning half only, able to tell
claims from other units on pages it never saw, and used only to withhold or admit a check,
never to judge."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.check import VERDICTS
from kg.check_document import UnitStatus, check_document
from kg.claim_likeness import (
    ADMIT,
    THRESHOLD,
    ClaimModel,
    char_ngrams,
    claim_likeness,
    packaged_weights,
    training_units,
    word_ngrams,
)

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
import claim_training  # noqa: E402
import real_text  # noqa: E402


@pytest.fixture(scope="module")
def halves():
    return real_text.load()


def test_the_packaged_training_data_is_the_tuning_half_as_judged_now():
    # out of date after a batch is added or a judgement changed: rerun the script
    packaged = (Path(claim_training.TARGET)).read_text(encoding="utf-8")
    assert packaged == claim_training.rendered(), "run python benchmarks/claim_training.py"


@pytest.fixture(scope="module")
def fitted():
    """The scikit-learn pipeline, trained afresh on the packaged units."""
    return claim_training.train(training_units())


def test_the_packaged_weights_are_those_of_the_packaged_units(fitted):
    """Out of date after the units change: rerun the script. (Compared to a tolerance, not
    byte for byte: another BLAS may differ in the last digits.)"""
    fresh, packaged = claim_training.weights(fitted), packaged_weights()
    assert packaged["intercept"] == pytest.approx(fresh["intercept"], abs=1e-6)
    for mine, theirs in zip(packaged["blocks"], fresh["blocks"], strict=True):
        assert [t[0] for t in mine["terms"]] == [t[0] for t in theirs["terms"]]
        for (_, idf, coef), (_, idf2, coef2) in zip(mine["terms"], theirs["terms"], strict=True):
            assert (idf, coef) == pytest.approx((idf2, coef2), abs=1e-6)


def test_the_plain_python_score_is_scikit_learns(fitted):
    """The service scores the weights itself; on every unit it learnt from, and on text it
    never saw, the score is scikit-learn's."""
    model = ClaimModel.from_weights(packaged_weights())
    texts = [u["text"] for u in training_units()]
    texts += ["", "   ", "a", "PRP   injections\twork.", "Ünïcode — “quotes”, 10% (n = 3)"]
    expected = fitted.predict_proba(texts)[:, 1]
    for text, score in zip(texts, expected, strict=True):
        assert model.likeness(text).score == pytest.approx(score, abs=1e-9), text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_the_n_grams_are_those_scikit_learn_reads(text):
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(ngram_range=(1, 2)).build_analyzer()
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    assert word_ngrams(text, 1, 2) == word(text)
    assert char_ngrams(text, 3, 5) == char(text)


def test_no_unit_a_held_out_text_holds_is_learnt(halves):
    learnt = {u["text"] for u in training_units()}
    tuning = {u.text for t in halves["tuning"] for u in t.units}
    team = {c["claim"] for c in yaml.safe_load(claim_training.TEAM_CLAIMS.read_text("utf-8"))}
    held_out = {u.text for t in halves["held-out"] for u in t.units}
    # a unit a held-out text also holds (a site's address, a checklist's question printed on
    # pages in both halves) is left out, or its held-out figure would be of a unit learnt
    assert learnt == (tuning - held_out) | team
    assert tuning & held_out  # (there are such units: the rule is not idle)


def _batches(which) -> set[str]:
    """The ids of the texts of the batches `which` picks (by number, from split.yaml)."""
    plan = yaml.safe_load((real_text.REAL / "split.yaml").read_text(encoding="utf-8"))
    return {i for n, ids in plan["batches"].items() if which(n) for i in ids}


def _trained_without(halves, later: set[str]) -> ClaimModel:
    """The model as trained on every tuning text but those of `later` (which came after)."""
    before = [
        {"text": u.text, "kind": u.kind}
        for t in halves["tuning"]
        if t.id not in later
        for u in t.units
    ]
    return ClaimModel.from_weights(claim_training.weights(claim_training.train(before)))


def test_it_tells_claims_from_other_units_on_a_batch_it_never_saw(halves):
    """Trained on the tuning texts of batches 1-9, scored on batch 10's tuning texts (which
    came later): claims must score above other units far more often than not."""
    later = _batches(lambda n: n == 10)
    model = _trained_without(halves, later)
    scored = [
        (model.likeness(u.text).score, u.kind == "claim")
        for t in halves["tuning"]
        if t.id in later
        for u in t.units
    ]
    claims = [s for s, is_claim in scored if is_claim]
    others = [s for s, is_claim in scored if not is_claim]
    assert len(claims) >= 20 and len(others) >= 40
    pairs = sum((c > o) + 0.5 * (c == o) for c in claims for o in others)
    assert pairs / (len(claims) * len(others)) >= 0.75  # the area under the ROC curve


def test_units_the_rules_read_as_claims_are_withheld_with_their_score(graph, halves):
    """On judged pages, some units the rules read as claims (a clinic praising itself, a
    description) score below the threshold: each is reported as no claim, with its score, and
    gets no verdict; most of them were judged no claim. (Which units they are moves as the
    model learns from each batch, so no one sentence is pinned here.)"""
    withheld = []
    for page in halves["tuning"][:30]:
        judged = {u.text[:40]: u.kind for u in page.units}
        for unit in check_document(graph, page.text)["sentences"]:
            if "claim-likeness" not in (unit.get("reason") or ""):
                continue
            if unit["reason"].startswith("reads as a claim"):
                continue  # admitted (below)
            assert unit["status"] == UnitStatus.NOT_A_CLAIM and unit.get("verdict") is None
            score = float(re.search(r"claim-likeness (\d\.\d+)", unit["reason"]).group(1))
            assert score <= THRESHOLD  # (a list item is scored with its lead-in sentence)
            withheld.append(judged.get(unit["text"][:40]))
    assert len(withheld) >= 5
    assert sum(kind != "claim" for kind in withheld) > len(withheld) / 2


def test_units_the_rules_pass_over_that_read_as_claims_are_checked(graph, halves):
    """A unit the rules pass over is checked when the model scores it at least ADMIT: it gets
    a status of checked, a verdict, and its score as the reason. Scored by a model that never
    saw batches 17-20 (trained on the other tuning texts), the units of their tuning texts that
    the rules pass over are claims far more often at or above ADMIT than below it (the break
    that chose ADMIT), and at least one in four of those admitted is a claim."""
    admitted = 0
    for page in halves["tuning"][:30]:
        for unit in check_document(graph, page.text)["sentences"]:
            if not (unit.get("reason") or "").startswith("reads as a claim"):
                continue
            assert unit["status"] == UnitStatus.CHECKED and unit["verdict"] in VERDICTS
            score = float(re.search(r"claim-likeness (\d\.\d+)", unit["reason"]).group(1))
            assert score >= ADMIT
            admitted += 1
    assert admitted >= 5
    later = _batches(lambda n: 17 <= n <= 20)
    model = _trained_without(halves, later)
    above, below = [], []
    for page in (t for t in halves["tuning"] if t.id in later):
        passed_over = [
            (unit["offset"], unit["offset"] + unit["length"])
            for unit in check_document(graph, page.text)["sentences"]
            if unit["status"] != UnitStatus.CHECKED or unit["reason"].startswith("reads as a claim")
        ]
        for u in page.units:
            if any(start <= u.start and u.end <= end for start, end in passed_over):
                admits = model.likeness(u.text).score >= ADMIT
                (above if admits else below).append(u.kind == "claim")
    assert len(above) >= 10 and len(below) >= 10
    share_above, share_below = sum(above) / len(above), sum(below) / len(below)
    assert share_above >= 0.25
    assert share_above > 2 * share_below


@pytest.mark.parametrize(
    "claim",
    [
        "Injections of bone marrow stem cells reduced knee pain more than hyaluronic acid.",
        "PRP injections work for knee pain.",  # short and plain: no heading ("Light work")
    ],
)
def test_a_plain_claim_is_not_withheld(claim):
    assert claim_likeness(claim).claim_like


def test_a_verdict_is_credited_to_the_judged_unit_its_span_is_mostly_about():
    """The benchmark's scoring: an output unit that runs a reviewer's label and sentence
    together ("Materials: A trial was conducted.") is scored against the sentence; the label,
    judged apart, was given no verdict."""
    text = "Materials: A randomised trial of 30 patients was conducted."
    label = real_text.Unit("Materials:", "not-a-claim", 0, 10)
    sentence = real_text.Unit(text[11:], "claim", 11, len(text), ("supported",))
    judged = real_text.Judged("t", "u", text, [label, sentence])

    def checked_whole(graph, text):
        return {"sentences": [{"offset": 0, "length": len(text), "status": "checked",
                               "verdict": "supported"}]}  # fmt: skip

    outcomes = real_text.score(checked_whole, None, [judged]).outcomes
    assert [(o.unit.kind, o.checked, o.verdict) for o in outcomes] == [
        ("not-a-claim", False, None),
        ("claim", True, "supported"),
    ]
