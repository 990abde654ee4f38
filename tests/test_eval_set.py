"""Checks on the evaluation set itself (tests/eval/*.yaml), not on the services it scores.

The questions and claims in tests/eval/ are the ground truth for `benchmarks/accuracy.py`,
which scores `kg.ask` and `kg.check`. A wrong expectation there silently rewards a wrong
answer, so this module checks the files against the curated graph:

- shape: every field present, every value from its allowed set, no duplicates, enough
  entries of each kind;
- references: every study id is a file in graph/studies/, every `study/finding` a finding;
- re-derivation: a question that carries a machine-readable `filters` block has its
  `expect_studies` recomputed from the YAML (vocabulary hierarchy included) and compared;
  a seed claim must carry the curated assessment and text of the claim it names; a
  changed-number claim must name a number that the graph really states, and differ from it.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from tests.curated import studies

ROOT = Path(__file__).resolve().parent.parent
GRAPH = ROOT / "graph"
EVAL = Path(__file__).resolve().parent / "eval"
SEED_DOCUMENT = "apex-msc-knee-oa-guide"

QUESTION_KINDS = {
    "direct",
    "paraphrase",
    "abbreviation",
    "misspelling",
    "hierarchy",
    "comparison",
    "filter-number",
    "filter-year",
    "negation",
    "uncovered",
}
CLAIM_KINDS = {
    "paraphrase",
    "abbreviation",
    "negation",
    "changed-number",
    "wrong-population",
    "wrong-comparator",
    "wrong-source",
    "overstatement",
    "uncovered",
    "seed-claim",
}
VERDICTS = {"supported", "contradicted", "mixed", "insufficient"}
REQUIRED_QUESTION_KINDS = ("paraphrase", "abbreviation", "comparison", "uncovered")
REQUIRED_CLAIM_KINDS = (
    "negation",
    "changed-number",
    "wrong-population",
    "wrong-comparator",
    "uncovered",
)
FILTER_KEYS = {
    "design",
    "intervention",
    "comparator",
    "adjunct",
    "donor",
    "kl_grade",
    "outcome",
    "timepoint_months",
    "year_from",
    "year_to",
    "sample_size_at_least",
    "sample_size_at_most",
    "follow_up_at_least",
    "dose_at_least",
    "dose_below",
    "without_any",
}


# ------------------------------------------------------------------ loading


def _load(name: str) -> list[dict]:
    data = yaml.safe_load((EVAL / name).read_text(encoding="utf-8"))
    assert isinstance(data, list), f"tests/eval/{name}: expected a YAML list of entries"
    return data


QUESTIONS = _load("questions.yaml")
CLAIMS = _load("claims.yaml")


@cache
def concepts() -> dict[str, dict]:
    out = {}
    for p in sorted((GRAPH / "vocab").glob("*.yaml")):
        for c in yaml.safe_load(p.read_text(encoding="utf-8"))["concepts"]:
            out[c["id"]] = c
    return out


@cache
def narrower_or_self(concept: str) -> frozenset[str]:
    """`concept` and every concept whose `broader` chain reaches it."""
    assert concept in concepts(), f"unknown concept id {concept!r}"

    def broader(cid: str) -> list[str]:
        b = concepts()[cid].get("broader", [])
        return [b] if isinstance(b, str) else list(b)

    def reaches(cid: str) -> bool:
        seen, todo = set(), [cid]
        while todo:
            cur = todo.pop()
            if cur == concept:
                return True
            if cur not in seen:
                seen.add(cur)
                todo.extend(broader(cur))
        return False

    return frozenset(cid for cid in concepts() if reaches(cid))


@cache
def seed_claims() -> dict[str, dict]:
    path = GRAPH / "documents" / SEED_DOCUMENT / "claims.yaml"
    return {c["id"]: c for c in yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]}


# ------------------------------------------------------------------ filters


def _records(study: dict) -> list[dict]:
    return list(study.get("results", [])) + list(study.get("findings", []))


def _record_pairs(study: dict) -> list[tuple[str | None, str | None]]:
    """(intervention, comparator) concept ids of every result and finding.

    Trial results name arms, not concepts; those are resolved to the arms' interventions (a
    result pooled over arms names each of them).
    """
    arms = {a["id"]: a["intervention"] for a in study.get("arms", [])}
    pairs = []
    for r in _records(study):
        comparator = r.get("comparator")
        comparator = arms.get(comparator, comparator)
        named = r.get("arm")
        pooled = named if isinstance(named, list) else [named]
        for intervention in {r.get("intervention") or arms.get(arm) for arm in pooled}:
            pairs.append((intervention, comparator))
    return pairs


def _interventions(study: dict) -> set[str]:
    found = {a["intervention"] for a in study.get("arms", [])}
    found |= {i for i, _ in _record_pairs(study) if i}
    return found


def _compares(study: dict, intervention: str, comparator: str) -> bool:
    wanted_i, wanted_c = narrower_or_self(intervention), narrower_or_self(comparator)
    arms = study.get("arms", [])
    for a in arms:
        for b in arms:
            if a is not b and a["intervention"] in wanted_i and b["intervention"] in wanted_c:
                return True
    return any(i in wanted_i and c in wanted_c for i, c in _record_pairs(study))


def _matching_arms(study: dict, intervention: str | None) -> list[dict]:
    arms = study.get("arms", [])
    if intervention is None:
        return arms
    return [a for a in arms if a["intervention"] in narrower_or_self(intervention)]


def _year(study: dict) -> int | None:
    years = [p["year"] for p in study.get("publications", []) if "year" in p]
    return min(years) if years else None


def _designs(study: dict) -> set[str]:
    """The study's design, and the design of the trial it follows up (a follow-up of a
    randomised trial reports that trial)."""
    parent = studies().get(study.get("follow_up_of", ""))
    return {study["design"]} | ({parent["design"]} if parent else set())


def matches(study: dict, f: dict) -> bool:
    """Does `study` satisfy every condition of a question's `filters` block?"""
    intervention = f.get("intervention")
    if "design" in f and not _designs(study) & narrower_or_self(f["design"]):
        return False
    if intervention and not _interventions(study) & narrower_or_self(intervention):
        return False
    if "comparator" in f and not _compares(study, intervention, f["comparator"]):
        return False
    arms = _matching_arms(study, intervention)
    if "adjunct" in f:
        wanted = narrower_or_self(f["adjunct"])
        if not any(set(a.get("adjuncts", [])) & wanted for a in arms):
            return False
    if "donor" in f and not any(a.get("donor") == f["donor"] for a in arms):
        return False
    if "dose_at_least" in f and not any(a.get("dose_cells", 0) >= f["dose_at_least"] for a in arms):
        return False
    if "dose_below" in f and not any(
        "dose_cells" in a and a["dose_cells"] < f["dose_below"] for a in arms
    ):
        return False
    if "kl_grade" in f and f["kl_grade"] not in study.get("population", {}).get("kl_grades", []):
        return False
    if "outcome" in f or "timepoint_months" in f:
        outcomes = narrower_or_self(f["outcome"]) if "outcome" in f else None
        if not any(
            (outcomes is None or r["outcome"] in outcomes)
            and ("timepoint_months" not in f or r.get("timepoint_months") == f["timepoint_months"])
            for r in _records(study)
        ):
            return False
    year = _year(study)
    if "year_from" in f and (year is None or year < f["year_from"]):
        return False
    if "year_to" in f and (year is None or year > f["year_to"]):
        return False
    size = study.get("sample_size")
    if "sample_size_at_least" in f and (size is None or size < f["sample_size_at_least"]):
        return False
    if "sample_size_at_most" in f and (size is None or size > f["sample_size_at_most"]):
        return False
    follow_up = study.get("follow_up_months")
    if "follow_up_at_least" in f and (follow_up is None or follow_up < f["follow_up_at_least"]):
        return False
    if "without_any" in f:
        banned = narrower_or_self(f["without_any"])
        used = _interventions(study)
        used |= {adj for a in study.get("arms", []) for adj in a.get("adjuncts", [])}
        used |= {c for _, c in _record_pairs(study) if c}
        if used & banned:
            return False
    return True


def derive(f: dict) -> list[str]:
    return sorted(sid for sid, s in studies().items() if matches(s, f))


# ------------------------------------------------------------------ questions: shape


def _qid(q: dict) -> str:
    return str(q.get("question", "?"))[:60]


def _cid(c: dict) -> str:
    return str(c.get("claim", "?"))[:60]


def test_enough_questions_and_claims():
    assert len(QUESTIONS) >= 60, f"tests/eval/questions.yaml: {len(QUESTIONS)} questions, need 60"
    assert len(CLAIMS) >= 80, f"tests/eval/claims.yaml: {len(CLAIMS)} claims, need 80"


@pytest.mark.parametrize("q", QUESTIONS, ids=_qid)
def test_question_fields(q):
    required = {"question", "kind", "expect_studies", "why"}
    allowed = required | {"filters", "also"}
    assert required <= q.keys(), f"missing {sorted(required - q.keys())}"
    assert q.keys() <= allowed, f"unknown fields {sorted(q.keys() - allowed)}"
    assert isinstance(q["question"], str) and q["question"].strip()
    assert q["kind"] in QUESTION_KINDS, f"kind {q['kind']!r} not in {sorted(QUESTION_KINDS)}"
    assert isinstance(q["why"], str) and q["why"].strip()
    expect = q["expect_studies"]
    assert isinstance(expect, list), "expect_studies must be a list"
    assert expect == sorted(set(expect)), "expect_studies must be sorted and without repeats"
    for sid in expect:
        assert sid in studies(), f"expect_studies: no graph/studies/{sid}.yaml"
    if q["kind"] == "uncovered":
        assert expect == [], "an uncovered question expects no studies"
    if "filters" in q:
        unknown = set(q["filters"]) - FILTER_KEYS
        assert not unknown, f"filters: unknown keys {sorted(unknown)}"
    if "also" in q:
        assert "filters" in q, "`also` only makes sense next to `filters`"
        assert set(q["also"]) <= set(expect), "`also` studies must be in expect_studies"


def test_questions_are_unique():
    seen = Counter(" ".join(q["question"].lower().split()) for q in QUESTIONS)
    repeated = [text for text, n in seen.items() if n > 1]
    assert not repeated, f"repeated questions: {repeated}"


@pytest.mark.parametrize("kind", REQUIRED_QUESTION_KINDS)
def test_question_kind_coverage(kind):
    n = sum(q["kind"] == kind for q in QUESTIONS)
    assert n >= 3, f"only {n} questions of kind {kind!r}; need at least 3"


# ------------------------------------------------------------------ questions: re-derived

FILTERED = [q for q in QUESTIONS if "filters" in q]


@pytest.mark.parametrize("q", FILTERED, ids=_qid)
def test_expectation_follows_from_filters(q):
    """expect_studies = the studies the filters select in graph/ + the documented `also` list."""
    derived = derive(q["filters"])
    also = q.get("also", [])
    assert not set(also) & set(derived), (
        f"`also` lists {sorted(set(also) & set(derived))}, which the filters already select"
    )
    expected = sorted(set(derived) | set(also))
    missing = sorted(set(expected) - set(q["expect_studies"]))
    extra = sorted(set(q["expect_studies"]) - set(expected))
    assert q["expect_studies"] == expected, (
        f"expect_studies disagrees with graph/: missing {missing}, extra {extra}"
    )


def test_most_questions_are_rederived():
    assert len(FILTERED) >= len(QUESTIONS) * 2 // 3, "most questions should carry `filters`"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # rules the expectations depend on, pinned so that a change shows up here
        (
            {"intervention": "bm-msc", "design": "rct", "kl_grade": 4},
            ["emadedin-2018", "lamo-espinosa-2016", "vega-2015"],
        ),
        (
            {"intervention": "uc-msc", "without_any": "wj-msc", "design": "single-arm"},
            ["ao-2023", "dilogo-2020"],
        ),
        (
            {"design": "rct", "intervention": "msc", "comparator": "corticosteroid"},
            ["bastos-2019", "mautner-2023", "zoghali-2025"],  # richter-2024's fat is svf, not msc
        ),
    ],
)
def test_filter_semantics(filters, expected):
    assert derive(filters) == expected


def test_vocabulary_hierarchy_assumptions():
    """The questions assume these `broader` links; fail loudly if the vocabulary changes them."""
    assert "bmac" not in narrower_or_self("bm-msc"), "questions assume BMAC is not under bm-msc"
    assert "bmac" not in narrower_or_self("msc") and "svf" not in narrower_or_self("msc")
    assert {"bmac", "svf", "msc", "uc-msc"} <= narrower_or_self("cell-therapy")
    assert "wj-msc" in narrower_or_self("uc-msc") and "ucb-msc" not in narrower_or_self("uc-msc")
    assert "saline" in narrower_or_self("placebo")
    assert "exercise" in narrower_or_self("conservative-care")
    assert "meta-analysis" in narrower_or_self("systematic-review")
    assert "msc-exosomes" not in narrower_or_self("cell-therapy")


# ------------------------------------------------------------------ claims: shape


def _basis_problem(ref: str) -> str | None:
    study_id, _, finding_id = ref.partition("/")
    study = studies().get(study_id)
    if study is None:
        return f"no graph/studies/{study_id}.yaml"
    if finding_id and finding_id not in {f["id"] for f in study.get("findings", [])}:
        return f"{study_id} has no finding {finding_id!r}"
    return None


@pytest.mark.parametrize("c", CLAIMS, ids=_cid)
def test_claim_fields(c):
    required = {"claim", "kind", "expect", "basis", "why"}
    allowed = required | {"seed", "changed"}
    assert required <= c.keys(), f"missing {sorted(required - c.keys())}"
    assert c.keys() <= allowed, f"unknown fields {sorted(c.keys() - allowed)}"
    assert isinstance(c["claim"], str) and c["claim"].strip()
    assert c["kind"] in CLAIM_KINDS, f"kind {c['kind']!r} not in {sorted(CLAIM_KINDS)}"
    assert c["expect"] in VERDICTS, f"expect {c['expect']!r} not in {sorted(VERDICTS)}"
    assert isinstance(c["why"], str) and c["why"].strip() and "\n" not in c["why"].strip()
    assert isinstance(c["basis"], list), "basis must be a list"
    problems = [p for ref in c["basis"] if (p := _basis_problem(ref))]
    assert not problems, f"basis: {problems}"
    assert len(set(c["basis"])) == len(c["basis"]), "basis repeats an entry"


@pytest.mark.parametrize("c", CLAIMS, ids=_cid)
def test_claim_verdict_is_consistent_with_kind(c):
    if c["expect"] == "insufficient":
        assert c["basis"] == [], "an insufficient verdict rests on nothing: basis must be empty"
    else:
        assert c["basis"], f"a {c['expect']} verdict needs a basis"
    if c["kind"] == "uncovered":
        assert c["expect"] == "insufficient", "uncovered claims are insufficient"
    if c["kind"] in ("negation", "wrong-population", "wrong-source", "wrong-comparator"):
        assert c["expect"] != "supported", f"a {c['kind']} claim cannot be supported"
    if c["kind"] == "changed-number":
        assert c["expect"] == "contradicted" and "changed" in c, (
            "a changed-number claim is contradicted and names the number it changed (`changed`)"
        )
    if c["kind"] == "seed-claim":
        assert "seed" in c, "a seed-claim names the claim id it quotes (`seed`)"


def test_claims_are_unique():
    seen = Counter(" ".join(c["claim"].lower().split()) for c in CLAIMS)
    repeated = [text for text, n in seen.items() if n > 1]
    assert not repeated, f"repeated claims: {repeated}"


@pytest.mark.parametrize("kind", REQUIRED_CLAIM_KINDS)
def test_claim_kind_coverage(kind):
    n = sum(c["kind"] == kind for c in CLAIMS)
    assert n >= 3, f"only {n} claims of kind {kind!r}; need at least 3"


def test_every_verdict_is_expected_somewhere():
    counts = Counter(c["expect"] for c in CLAIMS)
    for verdict in sorted(VERDICTS):
        assert counts[verdict] >= 10, f"only {counts[verdict]} claims expect {verdict!r}"


def test_seed_claims_cover_about_fifteen():
    assert sum(c["kind"] == "seed-claim" for c in CLAIMS) >= 12


# ------------------------------------------------------------------ claims: re-derived

SEEDED = [c for c in CLAIMS if "seed" in c]
CHANGED = [c for c in CLAIMS if "changed" in c]


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("c", SEEDED, ids=lambda c: c["seed"])
def test_seed_claim_matches_curated_assessment(c):
    seed = seed_claims().get(c["seed"])
    assert seed is not None, f"{SEED_DOCUMENT}/claims.yaml has no claim {c['seed']!r}"
    assert c["kind"] == "seed-claim"
    texts = {_normal(seed["quote"])} | ({_normal(seed["claim"])} if "claim" in seed else set())
    assert _normal(c["claim"]) in texts, (
        "claim text must be the seed's `quote` or `claim`, verbatim"
    )
    assert c["expect"] == seed["assessment"], (
        f"expect {c['expect']!r} but the curated assessment is {seed['assessment']!r}"
    )
    curated = set()
    for e in seed.get("evidence", []):
        if "finding" in e:
            curated.add(e["finding"])
        else:
            curated.add((e.get("result") or e["study"]).split("/")[0])
    assert set(c["basis"]) <= curated, (
        f"basis outside the curated evidence: {sorted(set(c['basis']) - curated)}"
    )


def _graph_number(study: dict, field: str):
    parts = field.split("/")
    if len(parts) == 1:
        return study.get(parts[0])
    collection, item, key = parts
    for entry in study.get(collection, []):
        if entry["id"] == item:
            return entry.get(key)
    raise AssertionError(f"{study['id']} has no {collection[:-1]} {item!r}")


@pytest.mark.parametrize("c", CHANGED, ids=_cid)
def test_changed_number_differs_from_the_graph(c):
    ch = c["changed"]
    assert set(ch) == {"study", "field", "graph", "claim"}, (
        "changed: needs study, field, graph, claim"
    )
    study = studies().get(ch["study"])
    assert study is not None, f"no graph/studies/{ch['study']}.yaml"
    assert ch["study"] in {ref.split("/")[0] for ref in c["basis"]}, (
        "the changed study must be in basis"
    )
    actual = _graph_number(study, ch["field"])
    assert actual == ch["graph"], f"{ch['study']} {ch['field']} is {actual!r}, not {ch['graph']!r}"
    assert ch["claim"] != ch["graph"], "a changed-number claim must change the number"
