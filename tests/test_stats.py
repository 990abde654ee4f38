"""`kg stats` figures match what the curated files hold, counted independently of the build."""

from __future__ import annotations

import json
from collections import Counter

import yaml

from kg.cli import main
from tests.conftest import GRAPH, QUERIES

STUDIES = [yaml.safe_load(p.read_text()) for p in sorted((GRAPH / "studies").glob("*.yaml"))]
CLAIMS = yaml.safe_load((GRAPH / "documents/apex-msc-knee-oa-guide/claims.yaml").read_text())
DOCUMENT = yaml.safe_load((GRAPH / "documents/apex-msc-knee-oa-guide/document.yaml").read_text())
LABELS = {
    c["id"]: c["label"]
    for path in (GRAPH / "vocab").glob("*.yaml")
    for c in yaml.safe_load(path.read_text())["concepts"]
}


def stats(settings, capsys) -> dict:
    code = main(["stats", "--json", "--build", str(settings.build_dir), "--queries", str(QUERIES)])
    assert code == 0
    return json.loads(capsys.readouterr().out)


def test_node_counts(settings, capsys):
    nodes = stats(settings, capsys)["nodes"]
    assert nodes["Study"] == len(STUDIES)
    assert nodes["Publication"] == sum(len(s.get("publications", [])) for s in STUDIES)
    assert nodes["Arm"] == sum(len(s.get("arms", [])) for s in STUDIES)
    assert nodes["Result"] == sum(len(s.get("results", [])) for s in STUDIES)
    assert nodes["Claim"] == len(CLAIMS["claims"])
    assert nodes["Reference"] == len(DOCUMENT["references"]) == 8


def test_designs_and_gaps(settings, capsys):
    figures = stats(settings, capsys)
    designs = Counter(LABELS[s["design"]] for s in STUDIES)
    assert figures["designs"] == dict(designs)
    no_results = sum(1 for s in STUDIES if not s.get("results"))
    assert figures["gaps"]["studies without results"] == no_results
    no_doi = sum(1 for s in STUDIES for p in s.get("publications", []) if "doi" not in p)
    assert figures["gaps"]["publications without a DOI"] == no_doi
    assert figures["gaps"]["unresolved references"] == 2


def test_claims_by_assessment(settings, capsys):
    figures = stats(settings, capsys)["assessments"]
    expected = Counter(LABELS[c["assessment"]] for c in CLAIMS["claims"])
    assert figures == dict(expected)


def test_kl_grade_counts(settings, capsys):
    figures = stats(settings, capsys)["kl-grades"]
    grades = [set(s.get("population", {}).get("kl_grades", [])) for s in STUDIES]
    expected = Counter(LABELS[f"kl-{g}"] for study_grades in grades for g in study_grades)
    assert figures == dict(expected)


def test_stats_prints_tables(settings, capsys):
    code = main(["stats", "--build", str(settings.build_dir), "--queries", str(QUERIES)])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("graph release 0.1.0+") and "\ndesigns\n" in out


def test_readme_figures_match_the_graph(settings, capsys):
    """The README quotes coverage figures; keep them true as content grows."""
    import re

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    figures = stats(settings, capsys)
    studies, publications = map(
        int, re.search(r"(\d+) studies reported in (\d+) verified publications", readme).groups()
    )
    assert (studies, publications) == (
        figures["nodes"]["Study"],
        figures["nodes"]["Publication"],
    ), "update the README's coverage paragraph"
    claims = int(re.search(r"All \*\*(\d+) checkable claims", readme).group(1))
    assert claims == figures["nodes"]["Claim"]
    verdicts = re.search(
        r"(\d+) supported, (\d+) contradicted, (\d+) mixed, (\d+) insufficient", readme
    ).groups()
    assessments = figures["assessments"]
    assert tuple(map(int, verdicts)) == (
        assessments.get("Supported", 0),
        assessments.get("Contradicted", 0),
        assessments.get("Mixed", 0),
        assessments.get("Insufficient evidence", 0),
    )


def test_depth_and_coverage_follow_the_yaml(settings, capsys):
    figures = stats(settings, capsys)
    studies = [yaml.safe_load(p.read_text()) for p in sorted((GRAPH / "studies").glob("*.yaml"))]
    rcts = [s for s in studies if s["design"] == "rct"]
    with_effect = [
        s
        for s in rcts
        if any(
            r.get("value") is not None and r.get("ci") and r.get("comparator")
            for r in s.get("results", [])
        )
    ]
    depth = figures["depth"]
    assert depth["randomised trials"] == len(rcts)
    assert depth["randomised trials with a between-group effect and its CI"] == len(with_effect)
    coverage = figures["coverage"]
    for s in studies:
        if s.get("included_studies"):
            cited = coverage[f"{s['id']}: included studies it cites"]
            assert cited == len(set(s["included_studies"]))
        if s.get("includes"):
            assert coverage[f"{s['id']}: of them held as study files"] == len(set(s["includes"]))
