"""The real-text evaluation set (tests/eval/real/) is well formed: every unit is an exact
piece of its text and in order, judgements use the contract's values, and every text is in
exactly one half of the split."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

REAL = Path(__file__).parent / "eval" / "real"
FILES = sorted(p for p in REAL.glob("*.yaml") if p.name not in ("split.yaml", "questions.yaml"))
KINDS = {"claim", "not-a-claim", "outside-scope"}
CLAIM_TYPES = {"comparative-efficacy", "safety", "evidence-state", "study-fact", "modifier",
               "durability"}  # fmt: skip
VERDICTS = {"supported", "contradicted", "mixed", "insufficient"}
SOURCE_KINDS = {"clinic", "news", "patient-information", "fact-check", "blog", "regulator",
                "abstract"}  # fmt: skip


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_there_are_enough_texts_of_enough_kinds():
    kinds = {_load(p)["source_kind"] for p in FILES}
    assert len(FILES) >= 12 and len(kinds) >= 5, (len(FILES), kinds)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_judged_text_is_well_formed(path):
    data = _load(path)
    assert data["id"] == path.stem and data["url"].startswith("http")
    assert data["source_kind"] in SOURCE_KINDS
    cursor = 0
    for unit in data["units"]:
        where = data["text"].find(unit["text"], cursor)
        assert where >= 0, f"not in the text after offset {cursor}: {unit['text'][:60]!r}"
        cursor = where + len(unit["text"])
        assert unit["kind"] in KINDS, unit
        if unit["kind"] == "claim":
            assert unit["claim_type"] in CLAIM_TYPES, unit
            assert unit["accepted"] and set(unit["accepted"]) <= VERDICTS, unit
            assert unit["why"].strip(), unit
        elif unit["kind"] == "outside-scope":
            assert unit.get("topic"), unit


def test_every_text_is_in_one_half():
    split = _load(REAL / "split.yaml")
    assert set(split["split"]) == {p.stem for p in FILES}
    assert set(split["split"].values()) == {"tuning", "held-out"}
    halves = list(split["split"].values())
    assert abs(halves.count("tuning") - halves.count("held-out")) <= 1
    later = [sid for ids in split.get("batches", {}).values() for sid in ids]
    assert len(later) == len(set(later)) and set(later) <= set(split["split"])
    for ids in split.get("batches", {}).values():  # each batch was split in two as well
        batch = [split["split"][sid] for sid in ids]
        assert abs(batch.count("tuning") - batch.count("held-out")) <= 1


def test_the_researchers_questions_are_well_formed_and_split():
    questions = _load(REAL / "questions.yaml")
    split = _load(REAL / "split.yaml")["questions"]
    studies = {p.stem for p in (REAL.parent.parent.parent / "graph" / "studies").glob("*.yaml")}
    assert len(questions) >= 36 and set(split) == {q["id"] for q in questions}
    for question in questions:
        assert question["source"].startswith("http") and question["why"].strip()
        assert question["expect_studies"] == sorted(set(question["expect_studies"]))
        assert set(question["expect_studies"]) <= studies, question["id"]
